// Staff pages of People: the list (search, filters, keyset pages, CSV), a person's record with its
// actions, the edit form and the merge page. Never shows a password hash, secret or token.
import type { GlobalRole } from '../../db/types.js';
import { hasStaffRole } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatTime, formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, Checkbox, DataTable, ErrorSummary, Field, FilterInput, FilterSelect, PostForm, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ROLE_LABELS } from '../accounts/index.js';
import { statusLabel as invoiceStatusLabel } from '../billing/index.js';
import type { PersonAccount, PersonRow } from './queries.js';
import type { PersonRecord } from './record.js';
import { MEMBERSHIP_STATUSES, type PeopleFilters } from './schemas.js';

export const GLOBAL_ROLE_LABELS: Record<GlobalRole, string> = { member: 'Individual member', ...ROLE_LABELS };
export const MEMBERSHIP_LABELS: Record<(typeof MEMBERSHIP_STATUSES)[number], string> = {
  pending: 'Awaiting payment',
  active: 'Active',
  lapsed: 'Lapsed',
  ended: 'Ended',
};
const VERIFICATION_LABELS: Record<string, string> = { not_needed: 'not needed', awaiting: 'awaiting a decision', confirmed: 'confirmed', declined: 'declined' };
const VISIBILITY_LABELS: Record<string, string> = { everyone: 'Everyone', members: 'Members only', staff: 'Membership staff only' };
const listFormat = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' });
export const rolesText = (roles: readonly GlobalRole[]) => (roles.length ? listFormat.format(roles.map((r) => GLOBAL_ROLE_LABELS[r])) : 'No role');
/** The list's Roles column: the account's roles and its place at organizations (an administrator
 * of one is said so, not "Organization contact"). */
function rolesAndSeatsText(r: { roles: readonly GlobalRole[]; organizations: number; administers: number }): string {
  const seat = r.administers > 0 ? 'Organization administrator' : r.organizations > 0 ? 'Organization contact' : null;
  const all = [...r.roles.map((x) => GLOBAL_ROLE_LABELS[x]), ...(seat ? [seat] : [])];
  return all.length ? listFormat.format(all) : 'No role';
}

const FILTER_LABELS: Record<string, string> = {
  q: 'Name or email',
  role: 'Role',
  organization: 'Organization',
  level: 'Level',
  membership: 'Individual membership',
  verified: 'Email confirmed',
  limit: 'Rows per page',
  cursor: 'Page',
};

const queryString = (q: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : '';
};

export function PeoplePage(p: {
  ctx: PageContext;
  raw: Record<string, string>;
  filters: PeopleFilters;
  levels: Array<{ id: string; name: string }>;
  organizationName: string | null;
  rows: PersonRow[];
  nextCursor: string | null;
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  const { cursor, ...query } = p.raw;
  return (
    <Layout ctx={p.ctx} title="People">
      <h1>People</h1>
      <p>
        Every account: members, organization contacts and staff. Search by any part of a name (a typo is forgiven) or the beginning of an email address, then open a person to see
        and change their record.
      </p>
      <ErrorSummary errors={p.errors} labels={FILTER_LABELS} />
      <form method="get" action="/staff/people" class="filters" aria-label="Find people">
        <FilterInput name="q" label="Name or email" type="search" value={p.raw.q} error={e.q} />
        <FilterSelect name="role" label="Role" value={p.raw.role} error={e.role} options={Object.entries(GLOBAL_ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
        <FilterSelect name="level" label="Level" value={p.raw.level} error={e.level} options={p.levels.map((l) => ({ value: l.id, label: l.name }))} />
        <FilterSelect
          name="membership"
          label="Individual membership"
          value={p.raw.membership}
          error={e.membership}
          options={[...MEMBERSHIP_STATUSES.map((s) => ({ value: s, label: MEMBERSHIP_LABELS[s] })), { value: 'none', label: 'Never a member' }]}
        />
        <FilterSelect
          name="verified"
          label="Email confirmed"
          value={p.raw.verified}
          error={e.verified}
          options={[
            { value: 'yes', label: 'Confirmed' },
            { value: 'no', label: 'Not confirmed' },
          ]}
        />
        {p.raw.organization ? <input type="hidden" name="organization" value={p.raw.organization} /> : null}
        <button type="submit">Find</button>
      </form>
      {p.organizationName ? (
        <p>
          Contacts of {p.organizationName} only. <a href={`/staff/people${queryString({ ...query, organization: undefined })}`}>Show everyone</a>
        </p>
      ) : null}
      <p>
        <a href={`/staff/people.csv${queryString(query)}`}>Download these people as CSV</a>
      </p>
      <DataTable
        caption="People"
        basePath="/staff/people"
        query={query}
        page={1}
        hasNext={false}
        keyset={{ next: p.nextCursor, first: !cursor }}
        rowKey={(r) => r.id}
        rows={p.rows}
        empty="Nobody matches. Try fewer letters or fewer filters."
        columns={[
          { key: 'name', label: 'Name', cell: (r) => <a href={`/staff/people/${r.id}`}>{r.name}</a> },
          { key: 'email', label: 'Email', cell: (r) => r.email },
          { key: 'roles', label: 'Roles', cell: (r) => rolesAndSeatsText(r) },
          { key: 'organizations', label: 'Organizations', cell: (r) => String(r.organizations) },
          {
            key: 'membership',
            label: 'Individual membership',
            cell: (r) => {
              if (!r.membershipStatus) return 'None';
              const text = `${MEMBERSHIP_LABELS[r.membershipStatus]} (${r.levelName ?? ''})`;
              return r.membershipId && opensMemberships(p.ctx.principal) ? (
                <a href={`/staff/individuals/${r.membershipId}`} aria-label={`Individual membership of ${r.name}: ${text}`}>
                  {text}
                </a>
              ) : (
                text
              );
            },
          },
          { key: 'account', label: 'Account', cell: (r) => [r.deactivated ? 'Deactivated' : 'Active', r.verified ? '' : 'email not confirmed'].filter(Boolean).join(', ') },
        ]}
      />
    </Layout>
  );
}

/** Who may open an individual membership's staff page (/staff/individuals/:id): membership and
 * finance staff (admins pass both); the link is offered to them only. */
const opensMemberships = (who: PageContext['principal']) => hasStaffRole(who, 'membership') || hasStaffRole(who, 'finance');

const when = (d: Date | null, zone: string) => (d ? formatTime(d, zone) : 'Never');

export function PersonRecordPage(p: { ctx: PageContext; record: PersonRecord; errors?: FieldErrors; problem?: string }) {
  const { account: a, seats, memberships, invoices, profile, signIn, seatInvitations, staffInvitations } = p.record;
  const admin = hasStaffRole(p.ctx.principal, 'admin') && p.ctx.principal?.roles.has('admin');
  const e = p.errors ?? {};
  const invitations = [
    ...seatInvitations.map((i) => ({
      kind: 'seat' as const,
      id: i.id,
      organizationId: i.organizationId,
      what: `${i.role === 'admin' ? 'Administrator' : 'Contact'} of ${i.organizationName}`,
      sentAt: i.sentAt,
      state: i.state,
    })),
    ...(admin
      ? staffInvitations.map((i) => ({
          kind: 'staff' as const,
          id: i.id,
          organizationId: '',
          what: `Staff: ${listFormat.format(i.roles.map((r) => ROLE_LABELS[r]))}`,
          sentAt: i.sentAt,
          state: i.state,
        }))
      : []),
  ];
  return (
    <Layout ctx={p.ctx} title={a.name}>
      <BackLink href="/staff/people">All people</BackLink>
      <h1>{a.name}</h1>
      <ErrorSummary errors={p.errors} message={p.problem} title={p.problem ? 'This could not be done' : undefined} />
      <h2>Account</h2>
      <p>
        <a href={`/staff/people/${a.id}/edit`}>Edit the name or email address</a>
      </p>
      <SummaryList
        rows={[
          ['Email', a.email],
          ['Email confirmed', a.verified ? 'Yes' : 'No'],
          ...(p.record.pendingEmail ? ([['New address waiting to be confirmed', p.record.pendingEmail]] as Array<[string, string]>) : []),
          ['Roles', rolesText(a.roles)],
          ['Two-factor sign-in', a.twoFactor ? 'On' : 'Off'],
          ['Account', a.deactivatedAt ? `Deactivated on ${formatZonedDay(a.deactivatedAt, p.ctx.timeZone)}` : 'Active'],
          ['Created', formatZonedDay(a.createdAt, p.ctx.timeZone)],
        ]}
      />
      <h2>Sign-in activity</h2>
      <SummaryList
        rows={[
          ['Last sign-in', when(signIn.lastSignInAt, p.ctx.timeZone)],
          ['Last seen', when(signIn.lastSeenAt, p.ctx.timeZone)],
          ['Sessions open now', String(signIn.activeSessions)],
          ['Wrong passwords typed recently', String(signIn.failedAttempts)],
          ...(signIn.pausedUntil ? ([['Password sign-in paused until', formatTime(signIn.pausedUntil, p.ctx.timeZone)]] as Array<[string, string]>) : []),
        ]}
      />
      <h2>Organizations</h2>
      <SimpleTable
        caption="Organizations this person is a contact of"
        rows={seats}
        rowKey={(s) => s.organizationId}
        empty="Not a contact of any organization."
        columns={[
          { label: 'Organization', cell: (s) => <a href={`/staff/organizations/${s.organizationId}`}>{s.name}</a> },
          { label: 'Role', cell: (s) => (s.role === 'admin' ? 'Administrator' : 'Contact') },
          { label: 'Title', cell: (s) => s.title || '—' },
          { label: 'People', cell: (s) => <a href={`/staff/people?organization=${s.organizationId}`}>All its contacts</a> },
        ]}
      />
      <h2>Individual membership</h2>
      <SimpleTable
        caption="Individual memberships, newest first"
        rows={memberships}
        rowKey={(m) => m.id}
        empty="No individual membership."
        columns={[
          { label: 'Level', cell: (m) => (opensMemberships(p.ctx.principal) ? <a href={`/staff/individuals/${m.id}`}>{m.levelName}</a> : m.levelName) },
          {
            label: 'Status',
            cell: (m) => (m.verification === 'not_needed' ? MEMBERSHIP_LABELS[m.status] : `${MEMBERSHIP_LABELS[m.status]}; eligibility: ${VERIFICATION_LABELS[m.verification]}`),
          },
          { label: 'Term', cell: (m) => (m.termStart ? `${formatDay(m.termStart)} – ${formatDay(m.termEnd)}` : 'Not started') },
        ]}
      />
      <SimpleTable
        caption="Invoices"
        rows={invoices}
        rowKey={(i) => i.id}
        empty="No invoice addressed to this person."
        columns={[
          { label: 'Invoice', cell: (i) => (hasStaffRole(p.ctx.principal, 'finance') ? <a href={`/staff/invoices/${i.id}`}>{i.number ?? 'Draft'}</a> : (i.number ?? 'Draft')) },
          { label: 'Status', cell: (i) => invoiceStatusLabel(i) },
          { label: 'Total', cell: (i) => formatCents(i.totalCents) },
          { label: 'Balance due', cell: (i) => (i.balanceCents > 0 && i.dueOn ? `${formatCents(i.balanceCents)} by ${formatDay(i.dueOn)}` : formatCents(i.balanceCents)) },
        ]}
      />
      <h2>Profile</h2>
      {profile ? (
        <SummaryList
          rows={[
            ['Title', profile.title || '—'],
            ['Employer', [profile.employerName, profile.employerState].filter(Boolean).join(', ') || '—'],
            ['Work email', `${profile.workEmail ?? '—'} (seen by: ${VISIBILITY_LABELS[profile.workEmailVisibility]})`],
            ['Phone', `${profile.phone || '—'} (seen by: ${VISIBILITY_LABELS[profile.phoneVisibility]})`],
            ['Mailing address', `${profile.mailingAddress || '—'} (seen by: ${VISIBILITY_LABELS[profile.mailingAddressVisibility]})`],
            ['Listed in Who’s Who', profile.listed ? 'Yes' : 'No'],
            ['Profile page open to', VISIBILITY_LABELS[profile.profileVisibility] ?? profile.profileVisibility],
            ['Photo', profile.hasPhoto ? 'Yes' : 'No'],
          ]}
        />
      ) : (
        <p>No profile.</p>
      )}
      <h2>Invitations waiting</h2>
      <SimpleTable
        caption="Invitations sent to this address and not yet accepted"
        rows={invitations}
        rowKey={(i) => i.id}
        empty="No invitation is waiting."
        columns={[
          { label: 'Invitation', cell: (i) => i.what },
          { label: 'Sent', cell: (i) => formatZonedDay(i.sentAt, p.ctx.timeZone) },
          { label: 'State', cell: (i) => (i.state === 'expired' ? 'Expired' : 'Waiting') },
          {
            label: 'Action',
            cell: (i) => (
              <PostForm action={`/staff/people/${a.id}/invitations/resend`} csrf={p.ctx.csrf} label={`Send again: ${i.what}`}>
                <input type="hidden" name="kind" value={i.kind} />
                <input type="hidden" name="invitationId" value={i.id} />
                <button type="submit">Send again</button>
              </PostForm>
            ),
          },
        ]}
      />
      <h2>Actions</h2>
      <PostForm action={`/staff/people/${a.id}/sessions/end`} csrf={p.ctx.csrf} label="End all sessions">
        <h3>End all sessions</h3>
        <p>Signs this person out everywhere. They can sign in again.</p>
        <Checkbox name="confirmEnd" label="Yes, end every session of this person" error={e.confirmEnd} />
        <button type="submit" class="button-danger">
          End all sessions
        </button>
      </PostForm>
      {admin && a.twoFactor ? (
        <PostForm action={`/staff/people/${a.id}/two-factor/reset`} csrf={p.ctx.csrf} label="Reset two-factor sign-in">
          <h3>Reset two-factor sign-in</h3>
          <p>Removes their authenticator and recovery codes and signs them out. They set it up again at their next sign-in. This cannot be undone.</p>
          <Checkbox name="confirmReset" label="Yes, reset two-factor sign-in" error={e.confirmReset} />
          <button type="submit" class="button-danger">
            Reset two-factor sign-in
          </button>
        </PostForm>
      ) : null}
      {a.deactivatedAt ? (
        <PostForm action={`/staff/people/${a.id}/reactivate`} csrf={p.ctx.csrf} label="Reactivate the account">
          <h3>Reactivate the account</h3>
          <p>Lets this person sign in again.</p>
          <button type="submit">Reactivate</button>
        </PostForm>
      ) : (
        <PostForm action={`/staff/people/${a.id}/deactivate`} csrf={p.ctx.csrf} label="Deactivate the account">
          <h3>Deactivate the account</h3>
          <p>Ends every session and stops sign-in and emailed links. Their records stay; you can reactivate the account later.</p>
          <Checkbox name="confirmDeactivate" label="Yes, deactivate this account" error={e.confirmDeactivate} />
          <button type="submit" class="button-danger">
            Deactivate
          </button>
        </PostForm>
      )}
      <h3>Merge a duplicate account</h3>
      <p>
        <a href={`/staff/people/${a.id}/merge`}>Merge another account of this person into this one</a>
      </p>
    </Layout>
  );
}

export function EditPersonPage(p: { ctx: PageContext; id: string; name: string; values: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title={`Edit ${p.name}`}>
      <BackLink href={`/staff/people/${p.id}`}>Back to {p.name}</BackLink>
      <h1>Edit {p.name}</h1>
      <p>A new name applies at once. A new email address applies only when its owner follows the link we send to it; until then the account keeps its address.</p>
      <ErrorSummary errors={p.errors} labels={{ name: 'Name', email: 'Email' }} />
      <PostForm action={`/staff/people/${p.id}/edit`} csrf={p.ctx.csrf}>
        <Field name="name" label="Name" required value={p.values.name} error={p.errors?.name} autocomplete="off" />
        <Field name="email" label="Email" type="email" required value={p.values.email} error={p.errors?.email} autocomplete="off" />
        <button type="submit">Save</button>
      </PostForm>
    </Layout>
  );
}

export function MergePage(p: { ctx: PageContext; into: PersonAccount; other: PersonAccount | null; otherQuery: string; errors?: FieldErrors; problem?: string }) {
  return (
    <Layout ctx={p.ctx} title={`Merge a duplicate of ${p.into.name}`}>
      <BackLink href={`/staff/people/${p.into.id}`}>Back to {p.into.name}</BackLink>
      <h1>Merge a duplicate of {p.into.name}</h1>
      <p>
        When one person has two accounts, merge the one they do not use into this one ({p.into.email}). Its roles, organization seats, individual membership, invoices and profile
        move here, both accounts are signed out, and the merged account is deactivated. A merge cannot be undone.
      </p>
      <ErrorSummary errors={p.errors} labels={{ other: 'Other account', confirm: 'Confirm' }} message={p.problem} title={p.problem ? 'This could not be done' : undefined} />
      <form method="get" action={`/staff/people/${p.into.id}/merge`} aria-label="Find the other account">
        <Field name="other" label="Email address of the other account" type="email" value={p.otherQuery} error={p.errors?.other} />
        <button type="submit">Find</button>
      </form>
      {p.other ? (
        <PostForm action={`/staff/people/${p.into.id}/merge`} csrf={p.ctx.csrf} label="Merge">
          <h2>Merge {p.other.name}</h2>
          <SummaryList
            rows={[
              ['Account to merge', `${p.other.name} (${p.other.email})`],
              ['Its roles', rolesText(p.other.roles)],
              ['Kept account', `${p.into.name} (${p.into.email})`],
            ]}
          />
          <input type="hidden" name="other" value={p.other.id} />
          <Checkbox name="confirm" label={`Yes, merge ${p.other.email} into ${p.into.email}; this cannot be undone`} error={p.errors?.confirm} />
          <button type="submit">Merge the accounts</button>
        </PostForm>
      ) : null}
    </Layout>
  );
}
