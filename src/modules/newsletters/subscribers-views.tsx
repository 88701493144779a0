// A list's subscribers, for communications staff: every address that signed up to it, by address,
// paged and searched, with when it signed up and where its subscription stands.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, DataTable, ErrorSummary, FilterInput, FilterPageInput } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ListRow, SubscriberLine, SubscriberPage } from './queries.js';
import { AUDIENCE_LABELS } from './shared.js';

export const STATUS_WORDS = { subscribed: 'Confirmed', pending: 'Waiting for confirmation', unsubscribed: 'Unsubscribed' } as const;

/** The columns of the subscribers' CSV (times with the association's offset; the link's expiry
 * only for an address still waiting). */
export const SUBSCRIBER_CSV_HEADER = [
  'Address',
  'Name on their account',
  'Status',
  'Signed up',
  'Confirmed',
  'Confirmation link works until',
  'Unsubscribed',
  'Unsubscribed with the link in',
];

/** Where the subscription stands, in words, from what is recorded: when it was confirmed, when its
 * confirmation link stops working, when and from which campaign it was unsubscribed. (Whether a
 * confirmed address came through the sign-up form or the preferences page is not recorded, so it
 * is not said.) */
function howInWords(s: SubscriberLine, zone: string, now: Date): string {
  if (s.status === 'pending') {
    const expires = s.confirmExpiresAt;
    if (!expires) return 'Signed up on the sign-up form; has not used the confirmation link.';
    return expires.getTime() > now.getTime()
      ? `Signed up on the sign-up form; the confirmation link has not been used (it works until ${formatTime(expires, zone)}). Nothing is sent until it is.`
      : `Signed up on the sign-up form; the confirmation link expired on ${formatTime(expires, zone)} unused. Nothing is sent to this address.`;
  }
  if (s.status === 'unsubscribed') {
    const when = s.unsubscribedAt ? ` on ${formatTime(s.unsubscribedAt, zone)}` : '';
    return s.unsubscribedFrom ? `Unsubscribed${when}, with the link in “${s.unsubscribedFrom}”.` : `Unsubscribed${when}.`;
  }
  return `Confirmed on ${formatTime(s.confirmedAt ?? s.requestedAt, zone)}.`;
}

function countInWords(p: SubscriberPage, q: string): string {
  const n = p.more ? `More than ${p.total.toLocaleString('en-US')}` : p.total.toLocaleString('en-US');
  const addresses = p.total === 1 && !p.more ? 'address' : 'addresses';
  const confirmed = `${p.confirmed.toLocaleString('en-US')} of them confirmed`;
  return q ? `${n} ${addresses} match “${q}”, ${confirmed}.` : `${n} ${addresses} on this list, ${confirmed}. Newsletters go to confirmed addresses only.`;
}

/** `q` is what the rows are searched by; `typed` what the form shows (a refused field: what was
 * typed, beside its error; a Page field only when the page number was refused). */
export function SubscribersPage(p: {
  ctx: PageContext;
  list: ListRow;
  result: SubscriberPage;
  q: string;
  typed: Record<string, string>;
  page: number;
  now: Date;
  errors?: FieldErrors;
}) {
  const zone = p.ctx.timeZone;
  const base = `/staff/newsletters/lists/${p.list.id}/subscribers`;
  return (
    <Layout ctx={p.ctx} title={`Subscribers: ${p.list.name}`}>
      <BackLink href="/staff/newsletters">Newsletters</BackLink>
      <h1>Subscribers of {p.list.name}</h1>
      <p>
        Who may subscribe: {AUDIENCE_LABELS[p.list.audience]}. Every address that signed up to this list is here, whether it confirmed, is still waiting, or unsubscribed. An
        address on the <a href="/staff/newsletters/suppressions">suppression list</a> gets no newsletter whatever it shows here.
      </p>
      <ErrorSummary errors={p.errors} labels={{ q: 'Address or name', page: 'Page' }} />
      <form method="get" action={base} class="filters" aria-label="Find subscribers">
        <FilterInput name="q" label="Address or name" type="search" value={p.typed.q ?? p.q} error={p.errors?.q} />
        <FilterPageInput value={p.typed.page} error={p.errors?.page} />
        <button type="submit">Find</button>
      </form>
      <p>{countInWords(p.result, p.q)}</p>
      <p>
        <a href={`${base}.csv${p.q ? `?q=${encodeURIComponent(p.q)}` : ''}`}>{p.q ? 'Download the matching subscribers as CSV' : 'Download every subscriber as CSV'}</a> (all of
        them, not only this page).
      </p>
      <DataTable
        caption="Subscribers, by address"
        pagerLabel="Pages of subscribers"
        empty={
          p.page > 1 ? 'This page is past the end of the list.' : p.q ? 'No subscriber matches. Try part of the address, or of the name.' : 'Nobody has signed up to this list yet.'
        }
        rows={p.result.rows}
        rowKey={(s) => s.id}
        rowHeader
        basePath={base}
        query={{ q: p.q || undefined }}
        page={p.page}
        hasNext={p.result.hasNext}
        columns={[
          { key: 'email', label: 'Address', cell: (s) => s.email },
          { key: 'name', label: 'Name on their account', cell: (s) => s.name ?? '—', quiet: (s) => s.name === null },
          { key: 'requested', label: 'Signed up', cell: (s) => formatTime(s.requestedAt, zone) },
          { key: 'status', label: 'Status', cell: (s) => STATUS_WORDS[s.status] },
          { key: 'how', label: 'Details', cell: (s) => howInWords(s, zone, p.now) },
        ]}
      />
    </Layout>
  );
}
