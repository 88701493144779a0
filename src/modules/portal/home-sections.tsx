// The portal's own sections of the organization home: membership (10), invoices (20),
// contacts (50), profile (60) and login requests (70). Other modules add theirs (advisor 30,
// assistance 40) through `deps.slots.orgSections`; the page wraps each body in a section with its h2.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { formatCents } from '../../lib/money.js';
import { PostForm, SimpleTable } from '../../web/components.js';
import { formatDay, listOrganizationInvoices, STATUS_LABELS } from '../billing/index.js';
import { pathwaysOfOrganizations } from '../pathways/index.js';
import { DUTY_LABELS, listContacts } from './contacts.js';
import { ROLE_LABELS } from './invitation-views.js';
import { INVITATION_DAYS, listPendingSeats, type SeatInvitation } from './invitations.js';
import { listPendingRequests } from './login-requests.js';
import type { OrgSection, OrgSectionContext } from './sections.js';

const RECENT_INVOICES = 5;

export const MEMBERSHIP_LABELS: Record<string, string> = {
  pending: 'Pending: it becomes active when the first invoice is paid',
  active: 'Active',
  lapsed: 'Lapsed: pay the renewal invoice to reinstate it',
  ended: 'Ended',
};

interface MembershipSummary {
  status: string;
  termStart: string | null;
  termEnd: string | null;
  duesPaidCents: number;
  duesDueCents: number;
}

/** The latest membership and the dues of its current term: paid so far, and still due. */
export async function membershipSummary(db: Db, organizationId: string): Promise<MembershipSummary | null> {
  const m = await db
    .selectFrom('memberships')
    .select(['id', 'status', 'term_start', 'term_end'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!m) return null;
  let q = db
    .selectFrom('invoices')
    .select([sql<number>`coalesce(sum(paid_cents), 0)::int`.as('paid'), sql<number>`coalesce(sum(total_cents - credited_cents - paid_cents), 0)::int`.as('due')])
    .where('membership_id', '=', m.id)
    .where('purpose', 'in', ['membership', 'renewal'])
    .where('status', 'not in', ['draft', 'void']);
  // This term's dues: a renewal issued ahead for the next term is not counted yet.
  if (m.term_end) {
    const termEnd = m.term_end;
    q = q.where((eb) => eb.or([eb('period_start', 'is', null), eb('period_start', '<=', termEnd)]));
  }
  const dues = await q.executeTakeFirst();
  return { status: m.status, termStart: m.term_start, termEnd: m.term_end, duesPaidCents: dues?.paid ?? 0, duesDueCents: dues?.due ?? 0 };
}

async function MembershipSection(ctx: OrgSectionContext) {
  const [org, m] = await Promise.all([
    ctx.deps.db.selectFrom('organizations').select('status').where('id', '=', ctx.organizationId).executeTakeFirstOrThrow(),
    membershipSummary(ctx.deps.db, ctx.organizationId),
  ]);
  return (
    <dl class="props">
      <dt>Membership</dt>
      <dd>{MEMBERSHIP_LABELS[m?.status ?? org.status] ?? 'Not a member yet'}</dd>
      {m?.termStart && m.termEnd ? (
        <>
          <dt>Term</dt>
          <dd>
            {formatDay(m.termStart)} to {formatDay(m.termEnd)}
          </dd>
        </>
      ) : null}
      {m ? (
        <>
          <dt>Dues paid this term</dt>
          <dd>{formatCents(m.duesPaidCents)}</dd>
          <dt>Dues still due this term</dt>
          <dd>{formatCents(m.duesDueCents)}</dd>
        </>
      ) : null}
      <dt>Your role</dt>
      <dd>{ctx.role === 'admin' ? 'Administrator' : 'Contact'}</dd>
    </dl>
  );
}

async function InvoicesSection(ctx: OrgSectionContext) {
  const invoices = await listOrganizationInvoices(ctx.deps.db, [ctx.organizationId]);
  const open = invoices.filter((i) => i.balanceCents > 0);
  const recent = invoices.slice(0, RECENT_INVOICES);
  return (
    <>
      <p>
        {invoices.length === 0
          ? 'No invoices yet. When one is issued, it appears here and is emailed to your billing contact.'
          : open.length === 0
            ? 'Nothing is due: every invoice is paid or cancelled.'
            : `Balance due: ${formatCents(open.reduce((s, i) => s + i.balanceCents, 0))} on ${open.length === 1 ? 'one invoice' : `${open.length} invoices`}.`}
      </p>
      {recent.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>Recent invoices, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Issued</th>
                <th scope="col">Due</th>
                <th scope="col">Total</th>
                <th scope="col">Balance due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((i) => (
                <tr key={i.id}>
                  <td>
                    <a href={`/invoices/${i.publicToken}`}>
                      {i.balanceCents > 0 ? 'Pay or view' : 'View'} invoice {i.number}
                    </a>
                  </td>
                  <td>{formatDay(i.issuedOn)}</td>
                  <td>{formatDay(i.dueOn)}</td>
                  <td>{formatCents(i.totalCents)}</td>
                  <td>{formatCents(i.balanceCents)}</td>
                  <td>{STATUS_LABELS[i.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <a href="/org/invoices">See your invoices</a>: all of them, to download as PDF and pay by check, ACH, wire transfer or card where offered.
      </p>
    </>
  );
}

async function ContactsSection(ctx: OrgSectionContext) {
  const [contacts, pending] = await Promise.all([listContacts(ctx.deps.db, ctx.organizationId), listPendingSeats(ctx.deps, ctx.organizationId)]);
  const admin = ctx.role === 'admin';
  const q = `org=${ctx.organizationId}`;
  return (
    <>
      <p>The people who act for your organization. Administrators add, change and remove contacts and decide login requests.</p>
      <div class="table-wrap">
        <table>
          <caption>Contacts of {ctx.organizationName}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Title</th>
              <th scope="col">Roles</th>
              <th scope="col">Access</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              {admin ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => (
              <tr key={c.userId}>
                <td>{c.name}</td>
                <td>{c.title || '—'}</td>
                <td>{c.duties.map((d) => DUTY_LABELS[d]).join(', ') || '—'}</td>
                <td>{c.role === 'admin' ? 'Administrator' : 'Contact'}</td>
                <td>{c.email}</td>
                <td>{c.phone || '—'}</td>
                {admin ? (
                  <td>
                    <a href={`/org/contacts/${c.userId}/edit?${q}`}>
                      Edit<span class="visually-hidden"> {c.name}</span>
                    </a>
                    <PostForm action={`/org/contacts/${c.userId}/remove?${q}`} csrf={ctx.page.csrf} class="inline-form">
                      <button type="submit" class="link-button">
                        Remove<span class="visually-hidden"> {c.name}</span>
                      </button>
                    </PostForm>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PendingSeats ctx={ctx} invitations={pending} />
      {admin ? (
        <p>
          <a href={`/org/contacts/new?${q}`}>Add a contact</a>
        </p>
      ) : (
        <p>To change your organization’s contacts, ask one of its administrators.</p>
      )}
    </>
  );
}

/** Seats not taken yet: invited people, who have no access until they accept. */
function PendingSeats(p: { ctx: OrgSectionContext; invitations: SeatInvitation[] }) {
  if (p.invitations.length === 0) return null;
  const admin = p.ctx.role === 'admin';
  const q = `org=${p.ctx.organizationId}`;
  return (
    <>
      <h3>Invited, not yet accepted</h3>
      <p>These people were emailed an invitation. They have no access until they accept it; an invitation is good for {INVITATION_DAYS} days.</p>
      <SimpleTable
        caption={`Pending invitations to ${p.ctx.organizationName}`}
        rowKey={(i) => i.id}
        rows={p.invitations}
        empty="No pending invitations."
        columns={[
          { label: 'Name', cell: (i) => i.name },
          { label: 'Email', cell: (i) => i.email },
          { label: 'Access', cell: (i) => ROLE_LABELS[i.role] },
          { label: 'Status', cell: (i) => (i.state === 'expired' ? `Invitation expired on ${day(i.expiresAt)}` : `Invited, not yet accepted (sent ${day(i.sentAt)})`) },
          ...(admin
            ? [
                {
                  label: 'Actions',
                  cell: (i: SeatInvitation) => (
                    <>
                      <PostForm action={`/org/invitations/${i.id}/resend?${q}`} csrf={p.ctx.page.csrf} class="inline-form">
                        <button type="submit" class="link-button">
                          Resend<span class="visually-hidden"> the invitation of {i.name}</span>
                        </button>
                      </PostForm>{' '}
                      <PostForm action={`/org/invitations/${i.id}/cancel?${q}`} csrf={p.ctx.page.csrf} class="inline-form">
                        <button type="submit" class="link-button">
                          Cancel<span class="visually-hidden"> the invitation of {i.name}</span>
                        </button>
                      </PostForm>
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

const day = (d: Date) => formatDay(d.toISOString().slice(0, 10));

async function ProfileSection(ctx: OrgSectionContext) {
  const [org, pathways] = await Promise.all([
    ctx.deps.db.selectFrom('organizations').select(['name', 'website', 'listed']).where('id', '=', ctx.organizationId).executeTakeFirstOrThrow(),
    pathwaysOfOrganizations(ctx.deps.db, [ctx.organizationId]),
  ]);
  return (
    <>
      <dl class="props">
        <dt>Public name</dt>
        <dd>{org.name}</dd>
        <dt>Public website</dt>
        <dd>{org.website || 'Not given'}</dd>
        <dt>Priority pathways</dt>
        <dd>{(pathways.get(ctx.organizationId) ?? []).map((p) => p.name).join(', ') || 'None chosen yet'}</dd>
        <dt>Network map</dt>
        <dd>{org.listed ? 'Shown on the public network map and list' : 'Counted, but not shown by name (opted out)'}</dd>
      </dl>
      <p>
        <a href={`/org/profile?org=${ctx.organizationId}`}>{ctx.role === 'admin' ? 'Change your network profile' : 'See your network profile'}</a>
      </p>
    </>
  );
}

async function LoginRequestsSection(ctx: OrgSectionContext) {
  const requests = await listPendingRequests(ctx.deps.db, ctx.organizationId);
  const admin = ctx.role === 'admin';
  if (requests.length === 0)
    return (
      <p>
        No one is waiting for an account. Colleagues can ask for one on the <a href="/request-access">account request page</a>; you are emailed when they do.
      </p>
    );
  return (
    <>
      <p>{admin ? 'Approving a request emails the person an invitation; they become a contact when they accept it.' : 'Your organization’s administrators decide these.'}</p>
      <ul class="cards">
        {requests.map((r) => (
          <li class="card" key={r.id}>
            <h3>{r.name}</h3>
            <dl class="props">
              <dt>Email</dt>
              <dd>{r.email}</dd>
              <dt>Title</dt>
              <dd>{r.title || 'Not given'}</dd>
              <dt>Asked on</dt>
              <dd>{formatDay(r.createdAt.toISOString().slice(0, 10))}</dd>
              <dt>Email domain</dt>
              <dd>{r.domainMatches ? 'Matches your organization’s website or email domain' : 'Does not match your organization’s domain: check you know this person'}</dd>
            </dl>
            {admin ? (
              <div class="button-row">
                <PostForm action={`/org/login-requests/${r.id}/approve?org=${ctx.organizationId}`} csrf={ctx.page.csrf} class="inline-form">
                  <button type="submit">
                    Approve<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>{' '}
                <PostForm action={`/org/login-requests/${r.id}/decline?org=${ctx.organizationId}`} csrf={ctx.page.csrf} class="inline-form">
                  <button type="submit" class="button-secondary">
                    Decline<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The portal's sections of the organization home. */
export const portalSections: OrgSection[] = [
  { id: 'membership', order: 10, title: 'Membership', render: MembershipSection },
  { id: 'invoices', order: 20, title: 'Invoices and dues', render: InvoicesSection },
  { id: 'contacts', order: 50, title: 'Contacts', render: ContactsSection },
  { id: 'profile', order: 60, title: 'Network profile', render: ProfileSection },
  { id: 'login-requests', order: 70, title: 'Login requests', render: LoginRequestsSection },
];
