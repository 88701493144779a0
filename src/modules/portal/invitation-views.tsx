// Pages of a seat invitation: what the emailed link opens (who invites whom to what, and the
// button that accepts), and the page of a link that no longer works.
import { formatZonedDay } from '../../lib/format.js';
import { PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { InvitationState, SeatInvitation } from './invitations.js';

export const ROLE_LABELS = { admin: 'Administrator', contact: 'Contact' } as const;

/** Who the inviter is: the association's membership staff (an approved application) or a colleague at the organization. */
const inviterOf = (inv: SeatInvitation, associationName: string) =>
  inv.source === 'application' ? `${inv.invitedByName}, of ${associationName}’s membership staff` : `${inv.invitedByName}, of ${inv.organizationName}`;

export function InvitationPage(p: { ctx: PageContext; invitation: SeatInvitation; token: string }) {
  const inv = p.invitation;
  const signedInAs = p.ctx.principal?.email;
  const someoneElse = !!signedInAs && signedInAs.toLowerCase() !== inv.email.toLowerCase();
  return (
    <Layout ctx={p.ctx} title={`Invitation to ${inv.organizationName}`}>
      <h1>Invitation to {inv.organizationName}</h1>
      <p class="lead">
        {inviterOf(inv, p.ctx.associationName)}, invites {inv.name} ({inv.email}) to act for {inv.organizationName} on {p.ctx.associationName}.
      </p>
      <SummaryList
        rows={[
          ['Organization', inv.organizationName],
          ['Invited', `${inv.name} (${inv.email})`],
          ['Access', inv.role === 'admin' ? 'Administrator: adds and removes contacts, changes the profile and decides login requests' : 'Contact'],
          ['Invited by', inviterOf(inv, p.ctx.associationName)],
          ['Good until', formatZonedDay(inv.expiresAt, p.ctx.timeZone)],
        ]}
      />
      {someoneElse ? (
        <div class="warning" role="note">
          <h2>You are signed in as someone else</h2>
          <p>
            You are signed in as {signedInAs}, but this invitation is for {inv.email}. Accepting signs you out of {signedInAs}; the invitation never goes to the account you are
            signed in with. If {inv.email} is not yours, do not accept: sign out instead.
          </p>
        </div>
      ) : null}
      <p>
        Accepting shows that {inv.email} is yours. Then you see your organization’s page: at once if you are new here, or after you sign in as usual if you already have a password
        with us.
      </p>
      <PostForm action="/invitation/accept" csrf={p.ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <button type="submit">{someoneElse ? `Sign out and accept as ${inv.email}` : 'Accept the invitation'}</button>
      </PostForm>
      <p>If you do not know why you were invited, leave this page: nothing happens until you accept.</p>
    </Layout>
  );
}

type GoneState = Exclude<InvitationState, 'pending'> | 'replaced' | 'unknown';

const GONE: Record<GoneState, { title: string; text: string }> = {
  replaced: {
    title: 'This link was replaced by a newer one',
    text: 'The invitation was sent again, with a new link, and each new email replaces the links before it. Open the link in the most recent invitation email.',
  },
  accepted: { title: 'This invitation has already been accepted', text: 'An invitation works once. If it was you, sign in to see your organization’s page.' },
  expired: { title: 'This invitation has expired', text: 'Ask whoever invited you to send it again: a new email arrives with a new link.' },
  cancelled: { title: 'This invitation was withdrawn', text: 'Whoever invited you withdrew it. If you think that is a mistake, ask them to invite you again.' },
  unknown: { title: 'We could not find this invitation', text: 'The link may be incomplete: open it again from the email, or ask whoever invited you to send it again.' },
};

export function InvitationGonePage(p: { ctx: PageContext; state: GoneState; newestSentAt?: Date }) {
  const g = GONE[p.state];
  return (
    <Layout ctx={p.ctx} title={g.title}>
      <h1>{g.title}</h1>
      <p>{g.text}</p>
      {p.state === 'replaced' && p.newestSentAt ? (
        <p>The most recent one was sent on {formatZonedDay(p.newestSentAt, p.ctx.timeZone)}. If you cannot find it, ask whoever invited you to send it again.</p>
      ) : null}
      <p>
        <a href="/login">Sign in</a> if you already have access.
      </p>
    </Layout>
  );
}
