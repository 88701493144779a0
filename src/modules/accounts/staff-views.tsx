// Pages of staff accounts (staff admins): the list with the invitations waiting, inviting someone,
// one person's roles and whether their account is active; and the page a staff invitation's
// link opens, where its owner accepts.
import type { InvitableRole } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime, formatZonedDay } from '../../lib/format.js';
import { BackLink, Checkbox, ConfirmForm, DangerLink, ErrorSummary, Field, FieldError, PostForm, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ROLE_LABELS, ROLE_ORDER, rolesInWords, type StaffAccount } from './staff-accounts.js';
import { STAFF_INVITATION_DAYS, type StaffInvitation, type StaffInvitationState } from './staff-invitations.js';

const ROLE_HINTS: Record<InvitableRole, string> = {
  admin: 'Everything but ethics and Members in Transition: settings, the audit log and staff accounts.',
  membership: 'Organizations, applications, dues schedules, levels and login requests.',
  finance: 'Invoices, payments and receivables.',
  advisor: 'Their organizations, meetings and technical assistance.',
  programs: 'Events and their check-in, committees, cohorts and challenges.',
  communications: 'News, newsletters, resources, the job center, groups, join pages and pathways.',
  partnerships: 'Partners and their chapters, sponsorships and commitments.',
  ethics: 'Ethics cases (confidential; staff admins do not see them).',
  transition: 'Confidential requests to waive dues after an involuntary separation. Only given here.',
};

/** The roles as a group of checkboxes, `role_<role>`, with the group's error. */
function RoleChoice(p: { chosen: readonly string[]; error?: string }) {
  return (
    <fieldset class={p.error ? 'field field-error' : 'field'} id="f-roles" aria-describedby={p.error ? 'f-roles-error' : undefined}>
      <legend>Roles</legend>
      <FieldError id="f-roles-error" error={p.error} />
      {ROLE_ORDER.map((role) => (
        <Checkbox key={role} name={`role_${role}`} label={ROLE_LABELS[role]} hint={ROLE_HINTS[role]} checked={p.chosen.includes(role)} />
      ))}
    </fieldset>
  );
}

const STATE_WORDS: Record<StaffInvitationState, string> = { pending: 'Waiting', expired: 'Expired', accepted: 'Accepted', revoked: 'Withdrawn' };

export function StaffUsersPage(p: { ctx: PageContext; accounts: StaffAccount[]; invitations: StaffInvitation[] }) {
  return (
    <Layout ctx={p.ctx} title="Staff accounts">
      <BackLink href="/staff">Staff area</BackLink>
      <h1>Staff accounts</h1>
      <p class="lead">
        Who works in the staff area, with which roles. A new staff member gets their roles when they accept the invitation emailed to them; until then they have none.
      </p>
      <p>
        <a class="button" href="/staff/users/invite">
          Invite a staff member
        </a>
      </p>
      <SimpleTable
        caption="Staff accounts"
        rows={p.accounts}
        rowKey={(a) => a.id}
        empty="No account holds a staff role."
        columns={[
          { label: 'Name', cell: (a) => <a href={`/staff/users/${a.id}`}>{a.name}</a> },
          { label: 'Email', cell: (a) => a.email },
          { label: 'Roles', cell: (a) => rolesInWords(a.roles) },
          { label: 'Two-factor sign-in', cell: (a) => (a.twoFactor ? 'On' : 'Off') },
          { label: 'Last active', cell: (a) => (a.lastSeenAt ? formatTime(a.lastSeenAt, p.ctx.timeZone) : 'Not recorded') },
          { label: 'Account', cell: (a) => (a.deactivatedAt ? `Deactivated on ${formatZonedDay(a.deactivatedAt, p.ctx.timeZone)}` : 'Active') },
        ]}
      />
      <h2>Invitations waiting</h2>
      <p>Sending an invitation again makes a new link and stops the old one. Withdrawing it stops its link; it grants nothing.</p>
      <SimpleTable
        caption="Invitations waiting to be accepted"
        rows={p.invitations}
        rowKey={(i) => i.id}
        empty="No invitation is waiting."
        columns={[
          { label: 'Name', cell: (i) => i.name },
          { label: 'Email', cell: (i) => i.email },
          { label: 'Roles', cell: (i) => rolesInWords(i.roles) },
          { label: 'State', cell: (i) => (i.state === 'pending' ? `Waiting until ${formatZonedDay(i.expiresAt, p.ctx.timeZone)}` : STATE_WORDS[i.state]) },
          {
            label: 'Actions',
            cell: (i) => (
              <div class="button-row">
                <PostForm action={`/staff/users/invitations/${i.id}/resend`} csrf={p.ctx.csrf} label={`Send again to ${i.name}`}>
                  <button type="submit" class="button-secondary">
                    Send again<span class="visually-hidden"> to {i.name}</span>
                  </button>
                </PostForm>
                <DangerLink href={`/staff/users/invitations/${i.id}/revoke`}>
                  Withdraw<span class="visually-hidden"> {i.name}’s invitation</span>
                </DangerLink>
              </div>
            ),
          },
        ]}
      />
    </Layout>
  );
}

export function StaffInvitePage(p: { ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  const chosen = ROLE_ORDER.filter((r) => p.values?.[`role_${r}`]);
  return (
    <Layout ctx={p.ctx} title="Invite a staff member">
      <BackLink href="/staff/users">All staff accounts</BackLink>
      <h1>Invite a staff member</h1>
      <p class="lead">
        We email them a link that works for {STAFF_INVITATION_DAYS} days. They choose a password if they are new here, or sign in if they already have an account, and then have
        exactly the roles you choose. Nothing is granted before they accept.
      </p>
      <ErrorSummary errors={p.errors} labels={{ name: 'Name', email: 'Email address', roles: 'Roles' }} />
      <PostForm action="/staff/users/invite" csrf={p.ctx.csrf}>
        <Field name="name" label="Name" required value={p.values?.name} error={p.errors?.name} autocomplete="off" maxLength={200} />
        <Field name="email" label="Email address" type="email" required value={p.values?.email} error={p.errors?.email} autocomplete="off" maxLength={254} />
        <RoleChoice chosen={chosen} error={p.errors?.roles} />
        <button type="submit">Send the invitation</button>
      </PostForm>
    </Layout>
  );
}

export function StaffAccountPage(p: { ctx: PageContext; account: StaffAccount; chosen?: readonly string[]; errors?: FieldErrors; message?: string }) {
  const a = p.account;
  const self = p.ctx.principal?.userId === a.id;
  return (
    <Layout ctx={p.ctx} title={`${a.name}: staff account`}>
      <BackLink href="/staff/users">All staff accounts</BackLink>
      <h1>{a.name}</h1>
      <ErrorSummary errors={p.errors} labels={{ roles: 'Roles' }} title={p.message ? 'This could not be done' : undefined} message={p.message} />
      <SummaryList
        rows={[
          ['Email', a.email],
          ['Roles', rolesInWords(a.roles)],
          ['Two-factor sign-in', a.twoFactor ? 'On' : 'Off'],
          ['Last active', a.lastSeenAt ? formatTime(a.lastSeenAt, p.ctx.timeZone) : 'Not recorded'],
          ['Account', a.deactivatedAt ? `Deactivated on ${formatZonedDay(a.deactivatedAt, p.ctx.timeZone)}: cannot sign in` : 'Active'],
        ]}
      />
      <h2>Roles</h2>
      <p>
        A change takes effect at {self ? 'your' : 'their'} next request, with a new session id. The association always keeps at least one active staff admin
        {self ? ', and you cannot remove your own staff admin role' : ''}.
      </p>
      <PostForm action={`/staff/users/${a.id}/roles`} csrf={p.ctx.csrf} label="Roles">
        <RoleChoice chosen={p.chosen ?? a.roles} error={p.errors?.roles} />
        <button type="submit">Save the roles</button>
      </PostForm>
      <h2>Account</h2>
      {a.deactivatedAt ? (
        <PostForm action={`/staff/users/${a.id}/reactivate`} csrf={p.ctx.csrf} label="Reactivate">
          <p>Reactivating lets {a.name} sign in again with the roles above.</p>
          <button type="submit">Reactivate the account</button>
        </PostForm>
      ) : self ? (
        <p>You cannot deactivate your own account.</p>
      ) : (
        <>
          <p>Deactivating ends every session of {a.name} at once, and they cannot sign in until a staff admin reactivates the account. Their roles are kept.</p>
          <p>
            <DangerLink href={`/staff/users/${a.id}/deactivate`}>Deactivate the account</DangerLink>
          </p>
        </>
      )}
    </Layout>
  );
}

/** The confirmation step of deactivating a staff account: what happens, then Deactivate or Cancel. */
export function DeactivateStaffPage(p: { ctx: PageContext; account: StaffAccount }) {
  const a = p.account;
  const back = `/staff/users/${a.id}`;
  const title = `Deactivate the account of ${a.name}?`;
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href={back}>Back to {a.name}</BackLink>
      <h1>{title}</h1>
      <ul>
        <li>
          Every session of {a.name} ({a.email}) ends at once.
        </li>
        <li>They cannot sign in until a staff admin reactivates the account.</li>
        <li>Their roles ({rolesInWords(a.roles)}) and everything they recorded are kept.</li>
      </ul>
      <ConfirmForm action={`/staff/users/${a.id}/deactivate`} csrf={p.ctx.csrf} button="Deactivate the account" cancelHref={back} />
    </Layout>
  );
}

export function StaffInvitationPage(p: { ctx: PageContext; invitation: StaffInvitation & { hasPassword: boolean }; token: string; errors?: FieldErrors; message?: string }) {
  const inv = p.invitation;
  const signedInAs = p.ctx.principal?.email;
  const isThem = !!signedInAs && signedInAs.toLowerCase() === inv.email.toLowerCase();
  const here = `/invitation/staff?token=${encodeURIComponent(p.token)}`;
  return (
    <Layout ctx={p.ctx} title={`Invitation to the staff of ${p.ctx.associationName}`}>
      <h1>Invitation to the staff of {p.ctx.associationName}</h1>
      <p class="lead">
        {inv.invitedByName} invites {inv.name} ({inv.email}) to work in the staff area.
      </p>
      <ErrorSummary errors={p.errors} labels={{ password: 'Password' }} title={p.message ? 'This could not be done' : undefined} message={p.message} />
      <SummaryList
        rows={[
          ['Invited', `${inv.name} (${inv.email})`],
          ['Roles', rolesInWords(inv.roles)],
          ['Invited by', inv.invitedByName],
          ['Good until', formatZonedDay(inv.expiresAt, p.ctx.timeZone)],
        ]}
      />
      {inv.hasPassword && !isThem ? (
        <>
          <p>
            {inv.email} already has an account here. Sign in as {inv.email}, and you come back to this page to accept.
            {signedInAs ? ` You are signed in as ${signedInAs} now: sign out first.` : ''}
          </p>
          <p>
            <a class="button" href={`/login?next=${encodeURIComponent(here)}`}>
              Sign in to accept
            </a>
          </p>
        </>
      ) : (
        <PostForm action="/invitation/staff/accept" csrf={p.ctx.csrf}>
          <input type="hidden" name="token" value={p.token} />
          {inv.hasPassword ? (
            <p>You are signed in as {inv.email}. Accepting gives you the roles above at once.</p>
          ) : (
            <>
              {signedInAs && !isThem ? (
                <p>
                  You are signed in as {signedInAs}. Accepting signs you out of it and into {inv.email}; the roles never go to the account you are signed in with.
                </p>
              ) : null}
              <Field
                name="password"
                label="Choose a password"
                type="password"
                required
                autocomplete="new-password"
                hint="At least 12 characters. A few words you will remember make a good one."
                error={p.errors?.password}
              />
            </>
          )}
          <button type="submit">Accept the invitation</button>
        </PostForm>
      )}
      <p>If you do not know why you were invited, leave this page: nothing happens until you accept.</p>
    </Layout>
  );
}

type GoneState = Exclude<StaffInvitationState, 'pending'> | 'replaced' | 'unknown';

const GONE: Record<GoneState, { title: string; text: string }> = {
  replaced: {
    title: 'This link was replaced by a newer one',
    text: 'The invitation was sent again, with a new link, and each new email replaces the links before it. Open the link in the most recent invitation email.',
  },
  accepted: { title: 'This invitation has already been accepted', text: 'An invitation works once. If it was you, sign in to reach the staff area.' },
  expired: { title: 'This invitation has expired', text: 'Ask a staff admin to send it again: a new email arrives with a new link.' },
  revoked: { title: 'This invitation was withdrawn', text: 'A staff admin withdrew it. If you think that is a mistake, ask them to invite you again.' },
  unknown: { title: 'We could not find this invitation', text: 'The link may be incomplete: open it again from the email, or ask a staff admin to send it again.' },
};

export function StaffInvitationGonePage(p: { ctx: PageContext; state: GoneState; newestSentAt?: Date }) {
  const g = GONE[p.state];
  return (
    <Layout ctx={p.ctx} title={g.title}>
      <h1>{g.title}</h1>
      <p>{g.text}</p>
      {p.state === 'replaced' && p.newestSentAt ? (
        <p>The most recent one was sent on {formatZonedDay(p.newestSentAt, p.ctx.timeZone)}. If you cannot find it, ask a staff admin to send it again.</p>
      ) : null}
      <p>
        <a href="/login">Sign in</a> if you already have access.
      </p>
    </Layout>
  );
}
