// The organization home (/org): the page with its table of contents, and the bodies of the
// portal's own sections (membership, invoices, contacts, profile, login requests). Each body gets
// its data from home-routes.tsx; the page wraps it in a section with its h2.
import type { VNode } from 'preact';
import type { OrgRole } from '../../db/types.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { DangerLink, ErrorSummary, FieldError, PhoneNumber, PostForm, RowActions, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { formatDay, type MemberInvoice, type NextDuesAddressee, payerStatus } from '../billing/index.js';
import type { Contact } from './contacts.js';
import { ROLE_LABELS } from './invitation-views.js';
import { INVITATION_DAYS, type SeatInvitation } from './invitations.js';
import type { LoginRequest } from './login-requests.js';
import type { MembershipSummary } from './queries.js';
import { DUTY_LABELS } from './views.js';

export interface RenderedSection {
  id: string;
  title: string;
  body: VNode;
}

/** A change to a contact that was refused (removing the last administrator): said beside the row. */
export interface ContactProblem {
  userId: string;
  message: string;
}

export function OrgHomePage(p: {
  ctx: PageContext;
  organization: { id: string; name: string };
  others: Array<{ id: string; name: string }>;
  sections: RenderedSection[];
  problem?: ContactProblem;
}) {
  return (
    <Layout ctx={p.ctx} title={p.problem ? `Error: ${p.organization.name}` : p.organization.name}>
      <h1>{p.organization.name}</h1>
      {p.problem ? <ErrorSummary title="This could not be done" errors={{ [`contact-${p.problem.userId}`]: p.problem.message }} /> : null}
      {p.others.length > 1 ? (
        <nav aria-label="Your organizations">
          <p>You are a contact of several organizations. Choose one:</p>
          <ul>
            {p.others.map((o) => (
              <li key={o.id}>
                <a href={`/org?org=${o.id}`} aria-current={o.id === p.organization.id ? 'page' : undefined}>
                  {o.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <nav aria-label="On this page">
        <h2 id="contents">On this page</h2>
        <ul>
          {p.sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {p.sections.map((s) => (
        <section key={s.id} id={s.id} aria-labelledby={`${s.id}-heading`}>
          <h2 id={`${s.id}-heading`}>{s.title}</h2>
          {s.body}
        </section>
      ))}
    </Layout>
  );
}

export const MEMBERSHIP_LABELS: Record<string, string> = {
  pending: 'Pending: it becomes active when the first invoice is paid',
  active: 'Active',
  lapsed: 'Lapsed: pay the renewal invoice to reinstate it',
  ended: 'Ended',
};

/** The viewer's organization in a section: which, under what name, and as what. */
export interface SectionViewer {
  organizationId: string;
  organizationName: string;
  role: OrgRole;
  csrf: string;
  /** the zone days of instants are written in (the page's) */
  timeZone: string;
}

/** `organizationStatus` stands in when there is no membership yet. */
export function MembershipView(p: { membership: MembershipSummary | null; organizationStatus: string; role: OrgRole }) {
  const m = p.membership;
  return (
    <SummaryList
      rows={[
        ['Membership', MEMBERSHIP_LABELS[m?.status ?? p.organizationStatus] ?? 'Not a member yet'],
        // one membership spans the terms it is renewed for: since when, and when this term ends
        ['Member since', m?.termStart ? formatDay(m.termStart) : null],
        ['Current term ends', m?.termEnd ? formatDay(m.termEnd) : null],
        ['Dues paid this term', m ? formatCents(m.duesPaidCents) : null],
        ['Dues still due this term', m ? formatCents(m.duesDueCents) : null],
        // a renewal issued ahead: this term's "$0.00 still due" is not all there is to pay
        [
          'Next term',
          m?.renewal ? (
            <>
              {m.renewal.periodEnd ? `${formatDay(m.renewal.periodStart)} to ${formatDay(m.renewal.periodEnd)}` : `From ${formatDay(m.renewal.periodStart)}`}:{' '}
              {formatCents(m.renewal.balanceCents)} due{m.renewal.dueOn ? ` by ${formatDay(m.renewal.dueOn)}` : ''}.{' '}
              <a href={`/invoices/${m.renewal.publicToken}`}>Open renewal invoice {m.renewal.number ?? ''}</a>
            </>
          ) : null,
        ],
        ['Your role', p.role === 'admin' ? 'Administrator' : 'Contact'],
      ]}
    />
  );
}

/** The balance due over all invoices, then the most recent of them, and whom the next one goes to
 * (`addressee`; `admin`: the viewer may change it). */
export function InvoicesView(p: {
  organizationId: string;
  invoices: MemberInvoice[];
  recent: number;
  addressee?: NextDuesAddressee | null;
  admin?: boolean;
  /** the form's token, for an administrator's "Send the next invoice to …" */
  csrf?: string;
  /** the association's today: an invoice owing past its due day reads "…, overdue" */
  today: string;
  /** who is looking: the contact passed over may be themselves ("you") */
  viewerUserId?: string;
}) {
  const open = p.invoices.filter((i) => i.balanceCents > 0);
  const passedOver = p.addressee?.passedOver ? { ...p.addressee.passedOver, self: p.addressee.passedOver.userId === p.viewerUserId } : null;
  const recent = p.invoices.slice(0, p.recent);
  return (
    <>
      <p>
        {p.invoices.length === 0
          ? 'No invoices yet. When one is issued, it appears here and is emailed to your billing contact.'
          : open.length === 0
            ? 'Nothing is due: every invoice is paid or void.'
            : `Balance due: ${formatCents(open.reduce((s, i) => s + i.balanceCents, 0))} on ${open.length === 1 ? 'one invoice' : `${open.length} invoices`}.`}
      </p>
      {recent.length > 0 ? (
        <SimpleTable
          caption="Recent invoices, newest first"
          rowKey={(i) => i.id}
          rows={recent}
          empty="No invoices yet."
          columns={[
            {
              label: 'Invoice',
              cell: (i) => (
                <a href={`/invoices/${i.publicToken}`}>
                  {i.balanceCents > 0 ? 'Pay or view' : 'View'} invoice {i.number}
                </a>
              ),
            },
            { label: 'Issued', cell: (i) => formatDay(i.issuedOn) },
            { label: 'Due', cell: (i) => formatDay(i.dueOn) },
            { label: 'Total', cell: (i) => formatCents(i.totalCents) },
            { label: 'Balance due', cell: (i) => formatCents(i.balanceCents) },
            { label: 'Status', cell: (i) => payerStatus(i, p.today) },
          ]}
        />
      ) : null}
      <p>
        <a href={`/org/invoices?org=${p.organizationId}`}>See your invoices</a>: all of them, to download as PDF, with the ways to pay each one.
      </p>
      {p.addressee ? (
        <p>
          Your next membership invoice goes to {p.addressee.name} ({p.addressee.email})
          {passedOver
            ? `: your latest membership invoice was addressed there after ${passedOver.self ? 'you were' : `${passedOver.name} was`} marked Billing, and the latest choice wins.`
            : '.'}{' '}
          {p.admin ? (
            passedOver ? (
              `To send it to ${passedOver.self ? 'you' : passedOver.name} instead, use the button below.`
            ) : (
              <>
                To send it to someone else, mark them as Billing under <a href="#contacts">Contacts</a>.
              </>
            )
          ) : (
            'Your organization’s administrators can change who receives it.'
          )}
        </p>
      ) : null}
      {p.admin && p.csrf && passedOver ? (
        <PostForm action={`/org/contacts/${passedOver.userId}/billing?org=${p.organizationId}`} csrf={p.csrf}>
          <button type="submit">Send the next invoice to {passedOver.self ? 'me' : passedOver.name}</button>
        </PostForm>
      ) : null}
    </>
  );
}

export function ContactsView(p: { viewer: SectionViewer; contacts: Contact[]; pending: SeatInvitation[]; problem?: ContactProblem }) {
  const admin = p.viewer.role === 'admin';
  const q = `org=${p.viewer.organizationId}`;
  return (
    <>
      <p>The people who act for your organization. Administrators add, change and remove contacts and decide login requests.</p>
      <SimpleTable
        caption={`Contacts of ${p.viewer.organizationName}`}
        rowKey={(c) => c.userId}
        rows={p.contacts}
        empty="No contacts yet."
        columns={[
          {
            label: 'Name',
            cell: (c) => (
              <>
                {c.name}
                {p.problem?.userId === c.userId ? <FieldError id={`f-contact-${c.userId}`} error={p.problem.message} /> : null}
              </>
            ),
          },
          { label: 'Title', cell: (c) => c.title || '—' },
          { label: 'Roles', cell: (c) => c.duties.map((d) => DUTY_LABELS[d]).join(', ') || '—' },
          { label: 'Access', cell: (c) => (c.role === 'admin' ? 'Administrator' : 'Contact') },
          { label: 'Email', cell: (c) => c.email },
          { label: 'Phone', cell: (c) => <PhoneNumber phone={c.phone} /> },
          ...(admin
            ? [
                {
                  label: 'Actions',
                  cell: (c: Contact) => (
                    <RowActions>
                      <a href={`/org/contacts/${c.userId}/edit?${q}`}>
                        Edit<span class="visually-hidden"> {c.name}</span>
                      </a>
                      <DangerLink href={`/org/contacts/${c.userId}/remove?${q}`}>
                        Remove<span class="visually-hidden"> {c.name}</span>
                      </DangerLink>
                    </RowActions>
                  ),
                },
              ]
            : []),
        ]}
      />
      <PendingSeats viewer={p.viewer} invitations={p.pending} />
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
function PendingSeats(p: { viewer: SectionViewer; invitations: SeatInvitation[] }) {
  if (p.invitations.length === 0) return null;
  const admin = p.viewer.role === 'admin';
  const q = `org=${p.viewer.organizationId}`;
  return (
    <>
      <h3>Invited, not yet accepted</h3>
      <p>These people were emailed an invitation. They have no access until they accept it; an invitation is good for {INVITATION_DAYS} days.</p>
      <SimpleTable
        caption={`Pending invitations to ${p.viewer.organizationName}`}
        rowKey={(i) => i.id}
        rows={p.invitations}
        empty="No pending invitations."
        columns={[
          { label: 'Name', cell: (i) => i.name },
          { label: 'Title', cell: (i) => i.title || '—' },
          { label: 'Roles', cell: (i) => i.duties.map((d) => DUTY_LABELS[d]).join(', ') || '—' },
          { label: 'Email', cell: (i) => i.email },
          { label: 'Access', cell: (i) => ROLE_LABELS[i.role] },
          {
            label: 'Status',
            cell: (i) =>
              i.state === 'expired'
                ? `Invitation expired on ${formatZonedDay(i.expiresAt, p.viewer.timeZone)}`
                : `Invited, not yet accepted (sent ${formatZonedDay(i.sentAt, p.viewer.timeZone)})`,
          },
          ...(admin
            ? [
                {
                  label: 'Actions',
                  cell: (i: SeatInvitation) => (
                    <RowActions>
                      <PostForm action={`/org/invitations/${i.id}/resend?${q}`} csrf={p.viewer.csrf} class="inline-form">
                        <button type="submit" class="link-button">
                          Resend<span class="visually-hidden"> the invitation of {i.name}</span>
                        </button>
                      </PostForm>
                      <DangerLink href={`/org/invitations/${i.id}/cancel?${q}`}>
                        Withdraw<span class="visually-hidden"> the invitation of {i.name}</span>
                      </DangerLink>
                    </RowActions>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

export function ProfileView(p: { viewer: SectionViewer; listing: { name: string; website: string; listed: boolean; member: boolean }; pathwayNames: string[] }) {
  const o = p.listing;
  return (
    <>
      <SummaryList
        rows={[
          ['Public name', o.name],
          ['Public website', o.website || 'Not given'],
          ['Priority pathways', p.pathwayNames.join(', ') || 'None chosen yet'],
          [
            'Network map',
            !o.listed
              ? 'Counted, but not shown by name (opted out)'
              : o.member
                ? 'Shown on the public network map and list'
                : 'To be shown on the public network map and list once the membership is active',
          ],
        ]}
      />
      <p>
        <a href={`/org/profile?org=${p.viewer.organizationId}`}>{p.viewer.role === 'admin' ? 'Change your network profile' : 'See your network profile'}</a>
      </p>
    </>
  );
}

export function LoginRequestsView(p: { viewer: SectionViewer; requests: LoginRequest[] }) {
  const admin = p.viewer.role === 'admin';
  if (p.requests.length === 0)
    return (
      <p>
        No one is waiting for an account. Colleagues can ask for one on the <a href="/request-access">account request page</a>; you are emailed when they do.
      </p>
    );
  return (
    <>
      <p>{admin ? 'Approving a request emails the person an invitation; they become a contact when they accept it.' : 'Your organization’s administrators decide these.'}</p>
      <ul class="cards">
        {p.requests.map((r) => (
          <li class="card" key={r.id}>
            <h3>{r.name}</h3>
            <SummaryList
              rows={[
                ['Email', r.email],
                ['Title', r.title || 'Not given'],
                ['Asked on', formatZonedDay(r.createdAt, p.viewer.timeZone)],
                ['Email domain', r.domainMatches ? 'Matches your organization’s website or email domain' : 'Does not match your organization’s domain: check you know this person'],
              ]}
            />
            {admin ? (
              <div class="button-row">
                <PostForm action={`/org/login-requests/${r.id}/approve?org=${p.viewer.organizationId}`} csrf={p.viewer.csrf} class="inline-form">
                  <button type="submit">
                    Approve<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>{' '}
                <PostForm action={`/org/login-requests/${r.id}/decline?org=${p.viewer.organizationId}`} csrf={p.viewer.csrf} class="inline-form">
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

/** /org for a signed-in person who holds no seat at any organization (an individual member,
 * staff): what the page is for, what is theirs instead, and how their organization adds them. */
export function NotAContactPage(p: { ctx: PageContext; email: string; member: boolean; staff: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Organization pages are for contacts of member organizations">
      <h1>Organization pages are for contacts of member organizations</h1>
      <p class="lead">
        This page is where the staff and elected officials of a member government see its membership, invoices, advisor and contacts. Your account ({p.email}) is not a contact of
        any member organization.
      </p>
      <h2>What is yours</h2>
      <ul>
        <li>
          <a href="/me/membership">My membership</a>:{' '}
          {p.member
            ? 'your individual membership, its dues and invoices. It belongs to you, not to an organization.'
            : 'your individual membership, or how to join as a professional.'}
        </li>
        <li>
          <a href="/me">My profile</a>: your profile page and your entry in Who’s Who.
        </li>
        {p.staff ? (
          <li>
            <a href="/staff">Staff area</a>: member organizations’ records are there.
          </li>
        ) : null}
      </ul>
      <h2>If you work for a member organization</h2>
      <p>
        Ask one of its administrators to add you as a contact, with your address {p.email}: they invite you from the Contacts part of their organization’s page. The invitation
        arrives by email, and once you accept it this page shows your organization.
      </p>
      <p>
        If you do not know who its administrator is, <a href="/request-access">ask for access</a> with the same address: your organization’s administrator or our membership staff
        review the request.
      </p>
    </Layout>
  );
}
