// Staff review pages: the queue and one application with its history and decisions.
import type { ComponentChildren } from 'preact';
import type { Application, ApplicationStatus, EntityType } from '../../db/types.js';
import { APPLICATION_STATUSES, ENTITY_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime, formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { stateName, US_STATES } from '../../lib/us-states.js';
import { BackLink, ConfirmForm, DataTable, ErrorSummary, FilterInput, FilterSelect, PostForm, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_CHOICES } from '../organizations/index.js';
import { INVITATION_DAYS, type SeatInvitation } from '../portal/index.js';
import type { listApplications, QueueFilters } from './queries.js';
import { describeQuote } from './service.js';
import { dollars, duplicateText, listingText, populationText, purchaseOrderText, STATUS_LABELS } from './views.js';

const entity = (t: EntityType | null) => (t ? ENTITY_TYPE_CHOICES[t] : '—');

export function QueuePage(p: { ctx: PageContext; filters: QueueFilters; result: Awaited<ReturnType<typeof listApplications>>; errors: FieldErrors; raw: Record<string, string> }) {
  const f = p.filters;
  return (
    <Layout ctx={p.ctx} title="Applications">
      <h1>Applications</h1>
      <p>Applications to review. Possible duplicates are flagged: check them before approving.</p>
      <ErrorSummary errors={p.errors} />
      <form method="get" action="/staff/applications" class="filters" aria-label="Filter applications">
        <FilterSelect
          name="status"
          label="Status"
          value={p.raw.status}
          error={p.errors.status}
          options={APPLICATION_STATUSES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s }))}
        />
        <FilterSelect name="state" label="State" value={p.raw.state} error={p.errors.state} options={US_STATES.map(([c, n]) => ({ value: c, label: n }))} />
        <FilterSelect
          name="entityType"
          label="Kind"
          value={p.raw.entityType}
          error={p.errors.entityType}
          options={ENTITY_TYPES.map((t) => ({ value: t, label: ENTITY_TYPE_CHOICES[t] }))}
        />
        <FilterSelect
          name="olderThanDays"
          label="Waiting at least"
          value={p.raw.olderThanDays}
          error={p.errors.olderThanDays}
          options={[
            { value: '3', label: '3 days' },
            { value: '7', label: '7 days' },
            { value: '14', label: '14 days' },
            { value: '30', label: '30 days' },
          ]}
        />
        <FilterInput name="q" label="Name" type="search" value={p.raw.q} />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Applications"
        basePath="/staff/applications"
        query={{
          status: f.status,
          state: f.state,
          entityType: f.entityType,
          olderThanDays: f.olderThanDays ? String(f.olderThanDays) : undefined,
          q: f.q,
          sort: f.sort,
          dir: f.dir,
        }}
        sort={f.sort ?? 'submitted'}
        dir={p.result.dir}
        page={p.result.page}
        hasNext={p.result.hasNext}
        rows={p.result.rows}
        rowKey={(r) => r.id}
        columns={[
          { key: 'name', label: 'Government', sortable: true, cell: (r) => <a href={`/staff/applications/${r.id}`}>{r.legal_name || '(no name)'}</a> },
          { key: 'state', label: 'State', sortable: true, cell: (r) => (r.state ? stateName(r.state) : '—') },
          { key: 'kind', label: 'Kind', cell: (r) => entity(r.entity_type) },
          { key: 'population', label: 'Population', sortable: true, cell: (r) => (r.population === null ? '—' : r.population.toLocaleString('en-US')) },
          { key: 'dues', label: 'Quoted dues', cell: (r) => dollars(r.quoted_amount_cents) },
          { key: 'status', label: 'Status', cell: (r) => STATUS_LABELS[r.status] },
          { key: 'submitted', label: 'Submitted', sortable: true, cell: (r) => formatZonedDay(r.submitted_at, p.ctx.timeZone) },
          { key: 'dupes', label: 'Possible duplicates', cell: (r) => (r.duplicate_flags.length ? `Yes (${r.duplicate_flags.length})` : 'No') },
        ]}
      />
    </Layout>
  );
}

const DUTY_WORDS = { elected: 'Elected official', staff: 'Staff contact', billing: 'Billing contact' } as const;

const canDecide = (s: ApplicationStatus) => s === 'submitted';

const SEAT_STATES: Record<SeatInvitation['state'], string> = {
  pending: 'Invited, not yet accepted',
  expired: 'Invitation expired',
  accepted: 'Accepted',
  cancelled: 'Cancelled',
};

/** What the approval made, linked: the organization's record and its first invoice. */
function Created(p: { created: { organizationId: string; invoice: { id: string; number: string } | null }; name: string; billingEmail: string }) {
  const { organizationId, invoice } = p.created;
  return (
    <>
      <h2>What the approval created</h2>
      <ul>
        <li>
          <a href={`/staff/organizations/${organizationId}`}>The record of {p.name}</a>: its pending membership, contacts and invoices.
        </li>
        {invoice ? (
          <li>
            <a href={`/staff/invoices/${invoice.id}`}>Invoice {invoice.number}</a>, emailed to the billing contact ({p.billingEmail}) at approval. The membership begins when it is
            paid.
          </li>
        ) : (
          <li>
            No invoice yet. <a href={`/staff/organizations/${organizationId}/invoices/new`}>Issue the first invoice</a> once the dues are agreed; the membership begins when it is
            paid.
          </li>
        )}
      </ul>
    </>
  );
}

/** The people the approval invited, and whether each has taken their seat. */
function Seats(p: { ctx: PageContext; applicationId: string; invitations: SeatInvitation[] }) {
  return (
    <>
      <h2>People invited to act for the organization</h2>
      <p>Each person receives an invitation by email and has access only once they accept it. Resending sends a new link, good for {INVITATION_DAYS} days.</p>
      <SimpleTable
        caption="Invitations"
        rowKey={(i) => i.id}
        rows={p.invitations}
        empty="No invitations."
        columns={[
          { label: 'Name', cell: (i) => i.name },
          { label: 'Title', cell: (i) => i.title || '—' },
          { label: 'Roles', cell: (i) => i.duties.map((d) => DUTY_WORDS[d]).join(', ') || '—' },
          { label: 'Email', cell: (i) => i.email },
          { label: 'Access', cell: (i) => (i.role === 'admin' ? 'Administrator' : 'Contact') },
          { label: 'Sent', cell: (i) => formatZonedDay(i.sentAt, p.ctx.timeZone) },
          { label: 'Status', cell: (i) => (i.state === 'accepted' ? `${SEAT_STATES.accepted} on ${formatZonedDay(i.acceptedAt, p.ctx.timeZone)}` : SEAT_STATES[i.state]) },
          {
            label: 'Actions',
            cell: (i) =>
              i.state === 'pending' || i.state === 'expired' ? (
                <PostForm action={`/staff/applications/${p.applicationId}/invitations/${i.id}/resend`} csrf={p.ctx.csrf} class="inline-form">
                  <button type="submit" class="link-button">
                    Resend<span class="visually-hidden"> the invitation of {i.name}</span>
                  </button>
                </PostForm>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}

/** The one place a decision is made, read top to bottom: approve, ask for more information, or
 * decline, each a form of its own with its heading, what happens next, and its button. Declining
 * goes to its confirmation page first (the reason the applicant reads is asked there). */
function Decision(p: { ctx: PageContext; application: Application; errors?: FieldErrors | undefined }) {
  const a = p.application;
  return (
    <section class="decision" aria-labelledby="decision-h">
      <h2 id="decision-h">Your decision</h2>
      <p>Approve the application, ask the applicant for more information, or decline it.</p>
      <PostForm action={`/staff/applications/${a.id}/approve`} csrf={p.ctx.csrf} labelledBy="approve-h">
        <h3 id="approve-h">Approve</h3>
        <p>
          {a.quoted_amount_cents === null
            ? 'Approving creates the organization and a pending membership, and at once emails each person the application names an invitation to act for it. No invoice is sent: a region’s dues are agreed first, and you issue its invoice from the organization’s record.'
            : `Approving creates the organization and a pending membership, and at once emails each person the application names an invitation to act for it, and the billing contact (${a.billing_email}) the invoice for the first year’s dues (${formatCents(a.quoted_amount_cents)}).`}
        </p>
        <button type="submit">Approve the application</button>
      </PostForm>
      <PostForm action={`/staff/applications/${a.id}/request-info`} csrf={p.ctx.csrf} labelledBy="request-info-h">
        <h3 id="request-info-h">Ask for more information</h3>
        <p>The application goes back to the applicant with your message and a link to edit it; it comes back to this queue when they send it again.</p>
        <TextArea name="message" label="Information needed" required error={p.errors?.message} hint="The applicant reads this." />
        <button type="submit" class="button-secondary">
          Ask for more information
        </button>
      </PostForm>
      <form method="get" action={`/staff/applications/${a.id}/decline`} aria-labelledby="decline-h">
        <h3 id="decline-h">Decline</h3>
        <p>Next you write the reason the applicant is emailed and confirm: declining closes the application and cannot be undone.</p>
        <button type="submit" class="button-danger">
          Decline the application
        </button>
      </form>
    </section>
  );
}

export function ReviewPage(p: {
  ctx: PageContext;
  application: Application;
  invitations: SeatInvitation[];
  /** what the approval created: the organization, and its first invoice once issued */
  created?: { organizationId: string; invoice: { id: string; number: string } | null } | null;
  events: Array<{ id: number; at: Date; from_status: string | null; to_status: string; note: string | null; actor_email: string | null }>;
  errors?: FieldErrors;
  message?: string;
}) {
  const a = p.application;
  const rows: Array<[string, ComponentChildren]> = [
    ['Status', STATUS_LABELS[a.status] ?? a.status],
    ['Kind', entity(a.entity_type)],
    ['State', a.state ? stateName(a.state) : '—'],
    ['Population', populationText(a)],
    ['Quoted dues', describeQuote(a)],
    ['Website', a.website || '—'],
    ['Applicant', a.applicant_email],
    ['Staff contact', `${a.staff_name} <${a.staff_email}>${a.staff_title ? `, ${a.staff_title}` : ''}${a.staff_phone ? `, ${a.staff_phone}` : ''}`],
    ['Elected official', `${a.elected_name} <${a.elected_email}>${a.elected_title ? `, ${a.elected_title}` : ''}`],
    ['Billing contact', `${a.billing_name} <${a.billing_email}>`],
    ['Billing address', a.billing_address ? <span class="address">{a.billing_address}</span> : '—'],
    ['Purchase order', purchaseOrderText(a)],
    ['Public listing', listingText(a)],
    ['Terms agreed', a.agreed_terms_at ? formatZonedDay(a.agreed_terms_at, p.ctx.timeZone) : 'No'],
    ['Submitted', formatZonedDay(a.submitted_at, p.ctx.timeZone)],
  ];
  return (
    <Layout ctx={p.ctx} title={`Application: ${a.legal_name}`}>
      <BackLink href="/staff/applications">All applications</BackLink>
      <h1>{a.legal_name || 'Application'}</h1>
      <ErrorSummary title={p.message ? 'This could not be done' : undefined} message={p.message} errors={p.errors} labels={{ reason: 'Reason', message: 'Information needed' }} />
      {a.duplicate_flags.length ? (
        <div class="warning" role="note">
          <h2>Possible duplicates</h2>
          <ul>
            {a.duplicate_flags.map((d) => (
              <li key={d.id}>
                <a href={d.kind === 'organization' ? `/staff/organizations/${d.id}` : `/staff/applications/${d.id}`}>{duplicateText(d)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>The application</h2>
      <SummaryList rows={rows} />
      {canDecide(a.status) ? <Decision ctx={p.ctx} application={a} errors={p.errors} /> : null}
      {p.created ? <Created created={p.created} name={a.legal_name} billingEmail={a.billing_email} /> : null}
      {a.organization_id ? <Seats ctx={p.ctx} applicationId={a.id} invitations={p.invitations} /> : null}
      <h2>History</h2>
      <ol class="timeline">
        {p.events.map((e) => (
          <li key={e.id}>
            {formatTime(e.at, p.ctx.timeZone)} — {STATUS_LABELS[e.to_status] ?? e.to_status}
            {e.actor_email ? ` by ${e.actor_email}` : ''}
            {e.note ? `: ${e.note}` : ''}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** The confirmation step of declining: what will happen, the reason the applicant reads, Decline or Cancel. */
export function DeclinePage(p: {
  ctx: PageContext;
  application: { id: string; legal_name: string | null; applicant_email: string };
  values?: Record<string, string>;
  errors?: Record<string, string>;
}) {
  const a = p.application;
  const back = `/staff/applications/${a.id}`;
  const title = `Decline the application of ${a.legal_name || a.applicant_email}?`;
  return (
    <Layout ctx={p.ctx} title={p.errors ? `Error: ${title}` : title}>
      <BackLink href={back}>Back to the application</BackLink>
      <h1>{title}</h1>
      <ErrorSummary errors={p.errors} labels={{ reason: 'Reason' }} />
      <ul>
        <li>The application is closed: no organization or membership is created.</li>
        <li>The applicant ({a.applicant_email}) is emailed the reason below, and can apply again later.</li>
        <li>This cannot be undone.</li>
      </ul>
      <ConfirmForm action={`/staff/applications/${a.id}/decline`} csrf={p.ctx.csrf} button="Decline the application" cancelHref={back}>
        <TextArea name="reason" label="Reason" required value={p.values?.reason} error={p.errors?.reason} hint="The applicant reads this." />
      </ConfirmForm>
    </Layout>
  );
}
