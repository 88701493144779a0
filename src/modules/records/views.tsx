// Staff pages of the workspace: the organizations list (search, filters, keyset pages, CSV) and an
// organization's record. Staff notes appear here and nowhere else.
import type { EntityType } from '../../db/types.js';
import { hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatRange, formatTime, formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { STATE_CODES, stateName } from '../../lib/us-states.js';
import { BackLink, DataTable, ErrorSummary, Field, FilterInput, FilterSelect, PhoneNumber, PostForm, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ASSISTANCE_STATUS_LABELS, type RequestSummary } from '../assistance/index.js';
import { STATUS_LABELS as INVOICE_STATUS, STAFF_METHOD_LABELS } from '../billing/index.js';
import type { LoginRequest } from '../portal/index.js';
import type { OrganizationRow } from './queries.js';
import type { OrganizationRecord, TimelineEntry } from './record.js';
import { ORGANIZATION_STATUSES, type OrganizationFilters } from './schemas.js';

export const TYPE_LABELS: Record<EntityType, string> = { city: 'City', county: 'County', town: 'Town', region: 'Region', tribal_nation: 'Tribal nation' };
export const STATUS_LABELS: Record<OrganizationRow['status'], string> = {
  prospect: 'Prospect',
  pending: 'Pending',
  active: 'Active',
  lapsed: 'Lapsed',
  suspended: 'Suspended',
  cancelled: 'Cancelled',
  ended: 'Ended',
};

const FILTER_LABELS: Record<string, string> = {
  q: 'Name',
  status: 'Status',
  type: 'Type',
  state: 'State',
  advisor: 'Advisor',
  band: 'Dues band',
  populationMin: 'Population at least',
  populationMax: 'Population at most',
  termEnd: 'Term ends in',
  termEndFrom: 'Term ends on or after',
  termEndTo: 'Term ends on or before',
  meeting: 'First meeting',
  balance: 'Owes money',
  sort: 'Sort',
  dir: 'Order',
  limit: 'Rows per page',
  cursor: 'Page',
};

const queryString = (q: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : '';
};

export function OrganizationsPage(p: {
  ctx: PageContext;
  raw: Record<string, string>;
  filters: OrganizationFilters;
  advisors: Array<{ id: string; name: string }>;
  /** the dues bands of the schedule in force */
  bands: Array<{ value: string; label: string }>;
  rows: OrganizationRow[];
  nextCursor: string | null;
  /** a name search's matches, counted up to 1,000 (more: `totalCapped`, "1,000+") */
  total?: number | null;
  totalCapped?: boolean;
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  const fmt = (n: number) => n.toLocaleString('en-US');
  const { cursor, ...query } = p.raw;
  return (
    <Layout ctx={p.ctx} title="Organizations" scripts={['organization-search.js']}>
      <h1>Organizations</h1>
      <p>Every member government and applicant. Search by the start of any word of the name (a typo is forgiven), filter, then open an organization to see its whole record.</p>
      <ErrorSummary errors={p.errors} labels={FILTER_LABELS} />
      <form method="get" action="/staff/organizations" class="filters" aria-label="Find organizations">
        <FilterInput name="q" label="Name" type="search" value={p.raw.q} error={e.q} />
        <FilterSelect name="status" label="Status" value={p.raw.status} error={e.status} options={ORGANIZATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <FilterSelect name="type" label="Type" value={p.raw.type} error={e.type} options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
        <FilterSelect name="state" label="State" value={p.raw.state} error={e.state} options={STATE_CODES.map((s) => ({ value: s, label: stateName(s) }))} />
        <FilterSelect
          name="advisor"
          label="Advisor"
          value={p.raw.advisor}
          error={e.advisor}
          options={[{ value: 'none', label: 'No advisor' }, ...p.advisors.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <FilterInput name="termEnd" label="Term ends in (YYYY-MM)" value={p.raw.termEnd} error={e.termEnd} />
        <FilterInput name="termEndFrom" label="Term ends on or after" type="date" value={p.raw.termEndFrom} error={e.termEndFrom} />
        <FilterInput name="termEndTo" label="Term ends on or before" type="date" value={p.raw.termEndTo} error={e.termEndTo} />
        <FilterSelect name="band" label="Dues band" value={p.raw.band} error={e.band} options={p.bands.map(({ value, label }) => ({ value, label }))} />
        <FilterSelect name="meeting" label="First meeting" value={p.raw.meeting} error={e.meeting} options={[{ value: 'none', label: 'None booked' }]} />
        <FilterSelect
          name="balance"
          label="Owes money"
          value={p.raw.balance}
          error={e.balance}
          options={[
            { value: 'yes', label: 'Yes: an open balance' },
            { value: 'no', label: 'No: nothing owed' },
          ]}
        />
        <button type="submit">Find</button>
      </form>
      <p id="organization-search-status" class="visually-hidden" aria-live="polite" />
      {p.total !== undefined && p.total !== null ? (
        <p class="match-count">
          {p.totalCapped
            ? `${fmt(p.total)}+ organizations match. Narrow the search to see the others.`
            : p.total === 1
              ? '1 organization matches.'
              : `${fmt(p.total)} organizations match.`}
        </p>
      ) : null}
      <p>
        <a href={`/staff/organizations.csv${queryString(query)}`}>Download these organizations as CSV</a>
      </p>
      <DataTable
        caption="Organizations"
        basePath="/staff/organizations"
        query={query}
        sort={p.filters.sort ?? 'name'}
        dir={p.filters.dir ?? 'asc'}
        page={1}
        hasNext={false}
        keyset={{ next: p.nextCursor, first: !cursor }}
        rowKey={(r) => r.id}
        rows={p.rows}
        empty="No organization matches. Try fewer letters or fewer filters."
        columns={[
          { key: 'name', label: 'Name', sortable: true, cell: (r) => <a href={`/staff/organizations/${r.id}`}>{r.name}</a> },
          { key: 'type', label: 'Type', cell: (r) => TYPE_LABELS[r.entityType] },
          { key: 'state', label: 'State', cell: (r) => r.state },
          { key: 'status', label: 'Status', cell: (r) => STATUS_LABELS[r.status] },
          { key: 'population', label: 'Population', sortable: true, cell: (r) => (r.population === null ? '—' : r.population.toLocaleString('en-US')) },
          { key: 'termEnd', label: 'Term ends', cell: (r) => formatDay(r.termEnd) },
          { key: 'advisor', label: 'Advisor', cell: (r) => r.advisorName ?? 'None' },
          { key: 'balance', label: 'Balance due', cell: (r) => formatCents(r.balanceCents) },
        ]}
      />
    </Layout>
  );
}

const DUTY_WORDS = { elected: 'Elected official', staff: 'Staff contact', billing: 'Billing contact' } as const;

export function OrganizationRecordPage(p: {
  ctx: PageContext;
  record: OrganizationRecord;
  timeline: TimelineEntry[];
  invitations?: Array<{ id: string; name: string; email: string; role: 'contact' | 'admin'; title: string; state: string }>;
  /** its technical assistance requests, newest first */
  requests?: RequestSummary[];
  /** people asking to sign in for it, waiting for a decision */
  loginRequests?: LoginRequest[];
  /** today (the association's) and its grace days: an active term that has ended is in its grace period */
  grace?: { today: string; days: number };
  noteValue?: string;
  errors?: FieldErrors;
}) {
  const { org, memberships, contacts, advisor, invoices, payments, notes } = p.record;
  const statusOf = (m: (typeof memberships)[number]) => {
    if (m.status !== 'active' || !m.term_end || !p.grace || m.term_end >= p.grace.today) return STATUS_LABELS[m.status];
    const lapses = new Date(Date.parse(`${m.term_end}T00:00:00Z`) + p.grace.days * 86_400_000).toISOString().slice(0, 10);
    return lapses >= p.grace.today
      ? `Active, in its grace period: lapses after ${formatDay(lapses)} unless the renewal is paid`
      : `Active, past its grace period (it ended ${formatDay(lapses)}): the next renewal run lapses it unless the renewal is paid`;
  };
  const acts = hasStaffRole(p.ctx.principal, 'membership');
  const base = `/staff/organizations/${org.id}`;
  const STANDING: Record<string, Array<['suspend' | 'cancel' | 'reinstate', string]>> = {
    active: [
      ['suspend', 'Suspend'],
      ['cancel', 'Cancel'],
    ],
    pending: [
      ['suspend', 'Suspend'],
      ['cancel', 'Cancel'],
    ],
    lapsed: [
      ['reinstate', 'Reinstate'],
      ['cancel', 'Cancel'],
    ],
    suspended: [
      ['reinstate', 'Reinstate'],
      ['cancel', 'Cancel'],
    ],
    cancelled: [['reinstate', 'Reinstate']],
  };
  return (
    <Layout ctx={p.ctx} title={org.name}>
      <BackLink href="/staff/organizations">All organizations</BackLink>
      <h1>{org.name}</h1>
      <ErrorSummary errors={p.errors} labels={{ body: 'Note' }} />
      <h2>Profile</h2>
      {hasStaffRole(p.ctx.principal, 'membership') ? (
        <p>
          <a href={`/staff/organizations/${org.id}/edit`}>Edit the profile</a>
        </p>
      ) : null}
      <SummaryList
        rows={[
          ['Legal name', org.name],
          ['Type', TYPE_LABELS[org.entity_type]],
          ['State', stateName(org.state)],
          ['Status', STATUS_LABELS[org.status]],
          ['Population', org.population === null ? 'Not known' : org.population.toLocaleString('en-US')],
          ['Population source', [org.population_source, org.population_year].filter(Boolean).join(', ')],
          // place_source is an internal reference (e.g. geonames:4250542): what staff need is whether the map can show it.
          [
            'Map location',
            org.latitude !== null && org.longitude !== null ? `${org.latitude.toFixed(4)}, ${org.longitude.toFixed(4)}` : 'Not known: the network map cannot show it',
          ],
          ['Website', org.website ? <a href={org.website}>{org.website}</a> : ''],
          ['Billing address', org.billing_address ? <span class="address">{org.billing_address}</span> : null],
          ['Purchase order', org.po_required ? `Required${org.po_number ? `: ${org.po_number}` : ''}` : ''],
          ['Email domain', org.email_domain ?? ''],
          ['Time zone', org.time_zone],
          ['Listed on the network map', org.listed ? 'Yes' : 'No'],
          ['Added', formatZonedDay(org.created_at, p.ctx.timeZone)],
        ]}
      />
      <h2>Membership history</h2>
      <SimpleTable
        caption="Membership terms"
        rows={memberships}
        rowKey={(m) => m.id}
        empty="No membership yet."
        columns={[
          { label: 'Status', cell: statusOf },
          { label: 'Term starts', cell: (m) => formatDay(m.term_start) },
          { label: 'Term ends', cell: (m) => formatDay(m.term_end) },
          { label: 'Activated', cell: (m) => formatZonedDay(m.activated_at, p.ctx.timeZone) },
          { label: 'Lapsed', cell: (m) => formatZonedDay(m.lapsed_at, p.ctx.timeZone) },
          { label: 'Dues invoiced', cell: (m) => (m.duesCents === null ? '—' : formatCents(m.duesCents)) },
          ...(acts
            ? [
                {
                  label: 'Actions',
                  cell: (m: OrganizationRecord['memberships'][number]) =>
                    (STANDING[m.status] ?? []).length ? (
                      <ul class="inline-list">
                        {(STANDING[m.status] ?? []).map(([action, label]) => (
                          <li key={action}>
                            <a href={`${base}/memberships/${m.id}/${action}`}>
                              {label}
                              <span class="visually-hidden"> the membership of {formatDay(m.term_start)}</span>
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
        ]}
      />
      <h2>Invoices and payments</h2>
      <p>Balance due: {formatCents(p.record.balanceCents)}</p>
      {acts ? (
        <p>
          <a href={`${base}/invoices/new`}>Issue an invoice</a>
        </p>
      ) : null}
      <SimpleTable
        caption="Invoices"
        rows={invoices}
        rowKey={(i) => i.id}
        empty="No invoices."
        columns={[
          { label: 'Number', cell: (i) => <a href={`/staff/invoices/${i.id}`}>{i.number}</a> },
          { label: 'Status', cell: (i) => INVOICE_STATUS[i.status] },
          { label: 'Issued', cell: (i) => formatDay(i.issuedOn) },
          { label: 'Due', cell: (i) => formatDay(i.dueOn) },
          { label: 'Total', cell: (i) => formatCents(i.totalCents) },
          { label: 'Balance', cell: (i) => formatCents(i.balanceCents) },
        ]}
      />
      <SimpleTable
        caption="Payments"
        rowHeader={false}
        rows={payments}
        rowKey={(x) => x.id}
        empty="No payments."
        columns={[
          { label: 'Received', cell: (x) => formatDay(x.receivedOn) },
          { label: 'Invoice', cell: (x) => x.invoiceNumber },
          { label: 'Method', cell: (x) => STAFF_METHOD_LABELS[x.method as keyof typeof STAFF_METHOD_LABELS] ?? x.method },
          { label: 'Reference', cell: (x) => x.reference },
          { label: 'Amount', cell: (x) => formatCents(x.amountCents) },
          { label: 'Recorded by', cell: (x) => x.recordedBy ?? 'Card payment' },
        ]}
      />
      <h2 id="contacts">Contacts</h2>
      {acts ? (
        <p>
          <a href={`${base}/contacts/new`}>Add a contact</a>
        </p>
      ) : null}
      <SimpleTable
        caption="Contacts"
        rows={contacts}
        rowKey={(c) => c.userId}
        empty="No contacts."
        columns={[
          { label: 'Name', cell: (c) => (acts ? <a href={`${base}/contacts/${c.userId}`}>{c.name}</a> : c.name) },
          { label: 'Title', cell: (c) => c.title || '—' },
          { label: 'Role', cell: (c) => [c.role === 'admin' ? 'Administrator' : 'Contact', ...c.duties.map((d) => DUTY_WORDS[d])].join(', ') },
          { label: 'Email', cell: (c) => <a href={`mailto:${c.email}`}>{c.email}</a> },
          { label: 'Phone', cell: (c) => <PhoneNumber phone={c.phone} /> },
        ]}
      />
      {p.invitations?.length ? (
        <SimpleTable
          caption="Invited, not yet accepted"
          rows={p.invitations}
          rowKey={(i) => i.id}
          empty="None."
          columns={[
            { label: 'Name', cell: (i) => i.name },
            { label: 'Title', cell: (i) => i.title || '—' },
            { label: 'Email', cell: (i) => i.email },
            { label: 'Role', cell: (i) => (i.role === 'admin' ? 'Administrator' : 'Contact') },
            { label: 'State', cell: (i) => (i.state === 'expired' ? 'Expired' : 'Waiting') },
          ]}
        />
      ) : null}
      <h2>Advisor</h2>
      {acts ? (
        <p>
          <a href={`${base}/advisor`}>{advisor ? 'Change the advisor' : 'Assign an advisor'}</a>
        </p>
      ) : null}
      {advisor ? (
        <SummaryList
          rows={[
            ['Advisor', advisor.name],
            ['Email', advisor.email],
            ['Assigned', formatZonedDay(advisor.assignedAt, p.ctx.timeZone)],
            ['First meeting', p.record.meeting ? formatRange(p.record.meeting.start, p.record.meeting.end, org.time_zone) : 'Not booked yet'],
          ]}
        />
      ) : (
        <p>No advisor is assigned.</p>
      )}
      <h2 id="assistance">Assistance requests</h2>
      <SimpleTable
        caption="Assistance requests, newest first"
        rows={p.requests ?? []}
        rowKey={(r) => r.id}
        empty="No assistance requests."
        columns={[
          { label: 'Subject', cell: (r) => <a href={`/staff/assistance/${r.id}`}>{r.subject}</a> },
          { label: 'Status', cell: (r) => ASSISTANCE_STATUS_LABELS[r.status] },
          { label: 'Asked', cell: (r) => formatZonedDay(r.createdAt, p.ctx.timeZone) },
          { label: 'Wanted by', cell: (r) => (r.desiredOn ? formatDay(r.desiredOn) : '—') },
        ]}
      />
      <h2 id="login-requests">Login requests</h2>
      <SimpleTable
        caption="People asking to sign in for this organization"
        rows={p.loginRequests ?? []}
        rowKey={(r) => r.id}
        empty="Nobody is waiting."
        columns={[
          { label: 'Name', cell: (r) => r.name },
          { label: 'Email', cell: (r) => r.email },
          { label: 'Title', cell: (r) => r.title || '—' },
          { label: 'Asked', cell: (r) => formatZonedDay(r.createdAt, p.ctx.timeZone) },
        ]}
      />
      {(p.loginRequests ?? []).length ? (
        <p>
          The organization’s administrators decide these; when it has none, membership staff do, on <a href="/staff/login-requests">Login requests</a>.
        </p>
      ) : null}
      <h2 id="staff-notes">Staff notes</h2>
      <p>Only staff see these notes: never members, the API or exports.</p>
      <SimpleTable
        caption="Staff notes"
        rowHeader={false}
        rows={notes}
        rowKey={(n) => n.id}
        empty="No notes yet."
        columns={[
          { label: 'Written', cell: (n) => formatTime(n.createdAt, p.ctx.timeZone) },
          { label: 'By', cell: (n) => (n.authorName ? `${n.authorName} — ${n.authorEmail ?? ''}` : '—') },
          { label: 'Note', cell: (n) => <span class="pre-wrap">{n.body}</span> },
        ]}
      />
      <PostForm action={`/staff/organizations/${org.id}/notes`} csrf={p.ctx.csrf} label="Add a staff note">
        <TextArea name="body" label="Add a note" value={p.noteValue} error={p.errors?.body} required rows={3} hint="Staff only. It is kept with your name and the time." />
        <button type="submit">Add the note</button>
      </PostForm>
      {acts ? (
        <>
          <h2>Duplicates</h2>
          <p>
            <a href={`${base}/merge`}>Merge a duplicate organization into this one</a>
          </p>
        </>
      ) : null}
      <h2>Activity</h2>
      <SimpleTable
        caption="Activity, newest first"
        rowHeader={false}
        rows={p.timeline}
        rowKey={(t) => `${t.at.toISOString()}${t.sentence}`}
        empty="Nothing has happened yet."
        columns={[
          { label: 'When', cell: (t) => formatTime(t.at, p.ctx.timeZone) },
          { label: 'What happened', cell: (t) => t.sentence },
          { label: 'By', cell: (t) => t.by },
        ]}
      />
    </Layout>
  );
}

const PROFILE_LABELS: Record<string, string> = {
  population: 'Population',
  populationSource: 'Source of the population figure',
  populationYear: 'Year of the figure',
  website: 'Website',
  billingAddress: 'Billing address',
};

export function ProfileFormPage(p: { ctx: PageContext; id: string; name: string; values: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={`Edit the profile of ${p.name}`}>
      <BackLink href={`/staff/organizations/${p.id}`}>Back to {p.name}</BackLink>
      <h1>Edit the profile of {p.name}</h1>
      <p>A new population changes the dues of the next term (this term's invoice stays as issued). After saving, you are told how. The change is recorded in the activity.</p>
      <ErrorSummary errors={p.errors} labels={PROFILE_LABELS} />
      <PostForm action={`/staff/organizations/${p.id}/edit`} csrf={p.ctx.csrf} label="Profile">
        <Field name="population" label={PROFILE_LABELS.population ?? ''} value={v.population} error={e.population} required inputMode="numeric" />
        <Field
          name="populationSource"
          label={PROFILE_LABELS.populationSource ?? ''}
          value={v.populationSource}
          error={e.populationSource}
          required
          hint="For example: US Census Bureau, 2020 decennial census."
          maxLength={200}
        />
        <Field name="populationYear" label={PROFILE_LABELS.populationYear ?? ''} value={v.populationYear} error={e.populationYear} required inputMode="numeric" />
        <Field name="website" label={PROFILE_LABELS.website ?? ''} type="url" value={v.website} error={e.website} hint="Starting with https://." />
        <TextArea name="billingAddress" label={PROFILE_LABELS.billingAddress ?? ''} value={v.billingAddress} error={e.billingAddress} rows={3} />
        <button type="submit">Save the profile</button>
      </PostForm>
    </Layout>
  );
}
