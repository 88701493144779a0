// An organization's record for staff: profile, membership history (with a term's grace period),
// invoices, payments, contacts, advisor, requests, notes and the timeline.
import { hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatRange, formatTime, formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { stateName, timeZoneLabel } from '../../lib/us-states.js';
import { BackLink, ErrorSummary, PhoneNumber, PostForm, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { howItHappens, plainText } from '../advising/index.js';
import { ASSISTANCE_STATUS_LABELS, type RequestSummary } from '../assistance/index.js';
import { addDays, statusLabel as invoiceStatusLabel, STAFF_METHOD_LABELS } from '../billing/index.js';
import type { LoginRequest } from '../portal/index.js';
import type { OrganizationRecord, TimelineEntry } from './record.js';
import { STATUS_LABELS, TYPE_LABELS } from './views.js';

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
    const lapses = addDays(m.term_end, p.grace.days);
    return lapses >= p.grace.today
      ? `Active, in its grace period: lapses after ${formatDay(lapses)} unless the renewal is paid`
      : `Active, past its grace period (it ended ${formatDay(lapses)}): the next renewal run lapses it unless the renewal is paid`;
  };
  const acts = hasStaffRole(p.ctx.principal, 'membership');
  // An advisor reads this record but not invoices or the login-request queue: no link to a 403.
  const readsInvoices = acts || hasStaffRole(p.ctx.principal, 'finance');
  // Finance reads this record but not assistance requests (advisors' and membership staff's).
  const readsRequests = acts || hasStaffRole(p.ctx.principal, 'advisor');
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
          ['Time zone', timeZoneLabel(org.time_zone)],
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
          { label: 'Number', cell: (i) => (readsInvoices ? <a href={`/staff/invoices/${i.id}`}>{i.number}</a> : i.number) },
          { label: 'Status', cell: (i) => invoiceStatusLabel(i) },
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
            // staff read how it happens; the number a member gave stays between it and its advisor
            [
              'How they meet',
              p.record.meeting ? plainText(howItHappens(p.record.meeting.arrangement, { reader: 'staff', advisor: advisor.name, organization: org.name, booked: true })) : null,
            ],
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
          { label: 'Subject', cell: (r) => (readsRequests ? <a href={`/staff/assistance/${r.id}`}>{r.subject}</a> : r.subject) },
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
          The organization’s administrators decide these; when it has none, membership staff do
          {acts ? (
            <>
              , on <a href="/staff/login-requests">Login requests</a>
            </>
          ) : null}
          .
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
          { label: 'Note', cell: (n) => <span class="prewrap">{n.body}</span> },
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
