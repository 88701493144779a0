// Partnerships staff's pages: the packages and the applications waiting, a package (new, or its
// details, its applications and closing it), and an application with its decision.
import { access, decide } from '../../lib/access.js';
import { type FieldErrors, type Refusal, titleOfAnswer } from '../../lib/errors.js';
import { formatDay, formatTime, formatZonedDay } from '../../lib/format.js';
import { formatCents, formatMoney } from '../../lib/money.js';
import { US_ADDRESS_LABELS, usAddressLines } from '../../lib/us-address.js';
import { ErrorSummary, Field, PostForm, Select, SimpleTable, SummaryList, TextArea, UsAddressFields } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { STATUS_LABELS as INVOICE_STATUS_LABELS, statusLabel as invoiceStatusLabel } from '../billing/index.js';
import type { EventChoice } from '../events/index.js';
import type { SponsorInvoice, StaffApplication, StaffPackage } from './queries.js';
import { STATUS_LABELS, TIER_LABELS, TIERS } from './shared.js';

function ApplicationsTable(p: { caption: string; rows: StaffApplication[]; ctx: PageContext }) {
  return (
    <SimpleTable
      caption={p.caption}
      rows={p.rows}
      rowKey={(a) => a.id}
      empty="No application yet."
      columns={[
        { label: 'Company', cell: (a) => <a href={`/staff/sponsorship/applications/${a.id}`}>{a.companyName}</a> },
        { label: 'Package', cell: (a) => a.packageName },
        { label: 'Status', cell: (a) => statusLabel(a) },
        { label: 'Received', cell: (a) => (a.confirmedAt ? formatTime(a.confirmedAt, p.ctx.timeZone) : '—') },
        { label: 'Invoice', cell: (a) => (a.invoice ? <InvoiceSummary ctx={p.ctx} invoice={a.invoice} /> : '—') },
      ]}
    />
  );
}

export function StaffHomePage(p: { ctx: PageContext; packages: StaffPackage[]; applications: StaffApplication[] }) {
  return (
    <Layout ctx={p.ctx} title="Sponsorship">
      <h1>Sponsorship</h1>
      <p>
        <a href="/staff/sponsorship/packages/new">Add a package</a>. Companies apply at <a href="/partners/sponsorship">the public sponsorship page</a>; their applications arrive
        here once they confirm their email address.
      </p>
      <SimpleTable
        caption="Packages"
        rows={p.packages}
        rowKey={(k) => k.id}
        empty="No package yet."
        columns={[
          { label: 'Package', cell: (k) => <a href={`/staff/sponsorship/packages/${k.id}`}>{k.name}</a> },
          { label: 'Tier', cell: (k) => TIER_LABELS[k.tier] },
          { label: 'For', cell: (k) => k.eventTitle ?? 'Year-round' },
          { label: 'Price', cell: (k) => formatMoney(k.priceCents) },
          { label: 'Places taken', cell: (k) => `${k.sold} of ${k.quantity}` },
          { label: 'Waiting', cell: (k) => String(k.waiting) },
          { label: 'Deadline', cell: (k) => formatDay(k.deadline) },
          { label: 'Status', cell: (k) => (k.status === 'open' ? 'Open' : 'Closed') },
        ]}
      />
      <h2>Applications</h2>
      <ApplicationsTable caption="Applications, waiting ones first" rows={p.applications} ctx={p.ctx} />
    </Layout>
  );
}

const PACKAGE_LABELS = { name: 'Name', tier: 'Tier', eventId: 'Conference', price: 'Price (US dollars)', quantity: 'Places', deadline: 'Last day to apply', benefits: 'Benefits' };

function PackageForm(p: { ctx: PageContext; action: string; events: EventChoice[]; values: Record<string, string>; errors?: FieldErrors; button: string }) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <PostForm action={p.action} csrf={p.ctx.csrf} label="Package">
      <Field name="name" label={PACKAGE_LABELS.name} value={v.name} error={e.name} required maxLength={200} />
      <Select
        name="tier"
        label={PACKAGE_LABELS.tier}
        options={TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }))}
        value={v.tier}
        error={e.tier}
        required
        includeBlank="Choose a tier"
      />
      <Select
        name="eventId"
        label={PACKAGE_LABELS.eventId}
        options={p.events.map((ev) => ({ value: ev.id, label: `${ev.title} (${formatZonedDay(ev.startsAt, p.ctx.timeZone)})` }))}
        value={v.eventId}
        error={e.eventId}
        includeBlank="Year-round partner package (no event)"
        hint="A conference package lists its sponsors on the event’s page; a year-round one on /partners/sponsors."
      />
      <Field name="price" label={PACKAGE_LABELS.price} value={v.price} error={e.price} required inputMode="decimal" hint="Like 5000 or 5,000.00" />
      <Field name="quantity" label={PACKAGE_LABELS.quantity} value={v.quantity} error={e.quantity} required inputMode="numeric" hint="How many sponsors may take this package." />
      <Field name="deadline" type="date" label={PACKAGE_LABELS.deadline} value={v.deadline} error={e.deadline} required />
      <TextArea name="benefits" label={PACKAGE_LABELS.benefits} value={v.benefits} error={e.benefits} maxLength={4000} hint="One benefit a line." rows={6} />
      <button type="submit">{p.button}</button>
    </PostForm>
  );
}

export function NewPackagePage(p: { ctx: PageContext; events: EventChoice[]; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title={p.errors ? 'Error: New sponsorship package' : 'New sponsorship package'}>
      <p>
        <a href="/staff/sponsorship">Sponsorship</a>
      </p>
      <h1>New sponsorship package</h1>
      <ErrorSummary errors={p.errors} labels={PACKAGE_LABELS} />
      <PackageForm ctx={p.ctx} action="/staff/sponsorship/packages/new" events={p.events} values={p.values ?? {}} errors={p.errors} button="Add the package" />
    </Layout>
  );
}

const valuesOf = (k: StaffPackage): Record<string, string> => ({
  name: k.name,
  tier: k.tier,
  eventId: k.eventId ?? '',
  price: (k.priceCents / 100).toFixed(2),
  quantity: String(k.quantity),
  deadline: k.deadline,
  benefits: k.benefits,
});

export function PackagePage(p: {
  ctx: PageContext;
  pkg: StaffPackage;
  events: EventChoice[];
  applications: StaffApplication[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  refused?: Refusal;
}) {
  const k = p.pkg;
  const events =
    k.eventId && !p.events.some((e) => e.id === k.eventId)
      ? [...p.events, { id: k.eventId, slug: '', title: k.eventTitle ?? 'Its event', startsAt: new Date(0), status: 'completed' }]
      : p.events;
  return (
    <Layout ctx={p.ctx} title={titleOfAnswer(k.name, { failed: !!p.errors, refused: p.refused })}>
      <p>
        <a href="/staff/sponsorship">Sponsorship</a>
      </p>
      <h1>{k.name}</h1>
      {p.refused ? <ErrorSummary title={p.refused.title} message={p.refused.message} /> : null}
      <SummaryList
        rows={[
          ['Tier', TIER_LABELS[k.tier]],
          ['For', k.eventTitle ?? 'Year-round'],
          ['Places taken', `${k.sold} of ${k.quantity}`],
          ['Status', k.status === 'open' ? 'Open to applications' : 'Closed'],
        ]}
      />
      <h2>Applications</h2>
      <ApplicationsTable caption={`Applications for ${k.name}`} rows={p.applications} ctx={p.ctx} />
      <h2>Details</h2>
      <ErrorSummary errors={p.errors} labels={PACKAGE_LABELS} />
      <PackageForm ctx={p.ctx} action={`/staff/sponsorship/packages/${k.id}`} events={events} values={p.values ?? valuesOf(k)} errors={p.errors} button="Save the package" />
      {k.status === 'open' ? (
        <>
          <h2>Close the package</h2>
          <p>A closed package takes no new applications; those waiting may still be decided.</p>
          <PostForm action={`/staff/sponsorship/packages/${k.id}/close`} csrf={p.ctx.csrf} label="Close the package">
            <button type="submit" class="button-secondary">
              Close the package
            </button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}

export function ApplicationPage(p: {
  ctx: PageContext;
  a: StaffApplication;
  reason?: string;
  error?: string;
  withdrawError?: string;
  refused?: Refusal;
  /** the billing address form sent back with its messages */
  address?: { values: Record<string, string>; errors: FieldErrors };
}) {
  const a = p.a;
  const failed = !!(p.error || p.withdrawError || p.address);
  return (
    <Layout ctx={p.ctx} title={titleOfAnswer(a.companyName, { failed, refused: p.refused })}>
      <p>
        <a href="/staff/sponsorship">Sponsorship</a>
      </p>
      <h1>{a.companyName}</h1>
      {p.refused ? <ErrorSummary title={p.refused.title} message={p.refused.message} /> : null}
      <SummaryList
        rows={[
          ['Package', <a href={`/staff/sponsorship/packages/${a.packageId}`}>{a.packageName}</a>],
          ['Tier', TIER_LABELS[a.tier]],
          ['Status', statusLabel(a)],
          ['Contact', `${a.contactName} <${a.contactEmail}>`],
          ['Website', a.website ? <a href={a.website}>{a.website}</a> : '—'],
          [
            'Billing address',
            addressLines(a).length ? <span class="address">{addressLines(a).join('\n')}</span> : 'Not given (the application was sent before the form asked for one)',
          ],
          ['Email confirmed', a.confirmedAt ? formatTime(a.confirmedAt, p.ctx.timeZone) : '—'],
          ...(a.decidedAt ? [['Decided', formatTime(a.decidedAt, p.ctx.timeZone)] as const] : []),
          ...(a.declineReason ? [[a.withdrawn ? 'Why it was withdrawn' : 'Reason given', a.declineReason] as const] : []),
          ...(a.invoice ? [['Invoice', <InvoiceSummary ctx={p.ctx} invoice={a.invoice} full />] as const] : []),
        ]}
      />
      {a.status === 'pending' || a.status === 'accepted' ? <BillingAddressForm ctx={p.ctx} a={a} form={p.address} /> : null}
      <h2>Logo</h2>
      <img class="logo-preview" src={`/partners/sponsors/${a.id}/logo`} alt={`${a.companyName} logo, as uploaded`} />
      {a.status === 'pending' ? (
        <>
          <h2>Accept</h2>
          <p>
            Accepting takes one place of the package, emails the company (in your name: its reply comes to your address) and sends it the invoice for the package’s price; its logo
            then appears with the sponsors.
          </p>
          <PostForm action={`/staff/sponsorship/applications/${a.id}/accept`} csrf={p.ctx.csrf} label="Accept the application">
            <button type="submit">Accept and invoice</button>
          </PostForm>
          <h2>Decline</h2>
          <ErrorSummary errors={p.error ? { reason: p.error } : undefined} labels={{ reason: 'Reason' }} />
          <PostForm action={`/staff/sponsorship/applications/${a.id}/decline`} csrf={p.ctx.csrf} label="Decline the application">
            <TextArea
              name="reason"
              label="Reason"
              value={p.reason}
              error={p.error}
              required
              maxLength={2000}
              hint="The company is told this reason by email, in your name: its reply comes to your address."
            />
            <button type="submit" class="button-secondary">
              Decline
            </button>
          </PostForm>
        </>
      ) : null}
      {a.status === 'accepted' && !a.withdrawn ? (
        <>
          <h2>Withdraw the sponsor</h2>
          <p>
            {a.invoiceVoid
              ? 'Its invoice is void, so the sponsor is no longer listed. Withdrawing it records why and gives its place back to the package; the company is told by email.'
              : 'Withdrawing voids its invoice (if it has no payment), takes the sponsor and its logo off the public lists, gives its place back to the package, and tells the company why by email.'}
          </p>
          <ErrorSummary errors={p.withdrawError ? { reason: p.withdrawError } : undefined} labels={{ reason: 'Why it is withdrawn' }} />
          <PostForm action={`/staff/sponsorship/applications/${a.id}/withdraw`} csrf={p.ctx.csrf} label="Withdraw the sponsor">
            <TextArea
              name="reason"
              label="Why it is withdrawn"
              value={p.reason}
              error={p.withdrawError}
              required
              maxLength={2000}
              hint="The company is told this reason by email, in your name: its reply comes to your address."
            />
            <button type="submit" class="button-danger">
              Withdraw the sponsor
            </button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}

const addressLines = (a: StaffApplication) => usAddressLines(a.address);

/** Correcting (or adding) the billing address: folded unless it is missing or sent back. */
function BillingAddressForm(p: { ctx: PageContext; a: StaffApplication; form?: { values: Record<string, string>; errors: FieldErrors } }) {
  const a = p.a;
  const values = p.form?.values ?? { ...a.address };
  const errors = p.form?.errors ?? {};
  const missing = addressLines(a).length === 0;
  return (
    <details class="billing-address" open={missing || !!p.form}>
      <summary>{missing ? 'Add the billing address' : 'Correct the billing address'}</summary>
      <p>
        {a.status === 'pending'
          ? 'The invoice issued on acceptance is addressed here.'
          : a.invoice && (a.invoice.status === 'issued' || a.invoice.status === 'partially_paid')
            ? `Invoice ${a.invoice.number ?? ''} is still open: a correction here is printed on it too, on its page and in its PDF.`
            : a.invoice
              ? `Invoice ${a.invoice.number ?? ''} is ${a.invoice.status === 'void' ? 'void' : 'paid'}: it keeps the address it was issued with; a correction here is kept on the sponsor’s record.`
              : 'A correction here is kept on the sponsor’s record.'}
      </p>
      <ErrorSummary errors={p.form?.errors} labels={US_ADDRESS_LABELS} />
      <PostForm action={`/staff/sponsorship/applications/${a.id}/address`} csrf={p.ctx.csrf} label="Billing address">
        <UsAddressFields legend="Billing address" values={values} errors={errors} />
        <button type="submit">Save the billing address</button>
      </PostForm>
    </details>
  );
}

/** Who may open billing's staff page of an invoice (its route's policy): the others follow the
 * company's own view of it, so that a partnerships officer never lands on a 403. */
const opensStaffInvoices = (ctx: PageContext) => decide(access.staff('finance', 'membership'), ctx.principal, false) === 'allow';

/** The invoice's number (a link) and where it stands: paid, or what is still to pay and by when. */
function InvoiceSummary(p: { ctx: PageContext; invoice: SponsorInvoice; full?: boolean }) {
  const i = p.invoice;
  const number = i.number ?? 'Draft';
  const staffLink = opensStaffInvoices(p.ctx);
  const state =
    i.status === 'issued' || i.status === 'partially_paid'
      ? `${INVOICE_STATUS_LABELS[i.status]}: ${formatCents(i.balanceCents)} to pay${i.dueOn ? ` by ${formatDay(i.dueOn)}` : ''}`
      : invoiceStatusLabel(i);
  return (
    <>
      {staffLink ? <a href={`/staff/invoices/${i.id}`}>{number}</a> : <a href={i.publicPath}>{number}</a>}
      {p.full ? ` for ${formatCents(i.totalCents)}. ` : '. '}
      {state}.{p.full && !staffLink ? ' The link shows the invoice as the company sees it; finance staff record its payments.' : ''}
    </>
  );
}

/** The status in words: a withdrawn sponsor and one whose invoice is void read as such. */
function statusLabel(a: StaffApplication): string {
  if (a.withdrawn) return 'Withdrawn';
  if (a.status === 'accepted' && a.invoiceVoid) return 'Accepted; invoice void, not listed';
  return STATUS_LABELS[a.status];
}
