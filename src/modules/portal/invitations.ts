// Seat invitations: the only way a person gets a seat (a row of organization_contacts) at an
// organization. Whoever gives the seat (an administrator adding a contact, an administrator or
// membership staff approving a login request, membership staff approving an application) invites
// an address; the seat exists once the owner of that address follows the emailed link and accepts.
// Until then it is pending and gives no access. Knows nothing of HTTP.
import { type SqlBool, sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ContactDuty, DB, OrgRole, SeatSource } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { findOrCreateAccount, proveEmailOwnership, type SignInResult, startLinkSession } from '../accounts/index.js';
import { addContact } from '../organizations/index.js';
import { seatAlreadyHeldEmail, seatInvitationEmail } from './emails.js';

export type SeatDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;
type Executor = Db | Transaction<DB>;

/** Days an invitation's link stays good; resending starts the days again. */
export const INVITATION_DAYS = 14;

export interface SeatInvite {
  organizationId: string;
  email: string;
  /** the name typed by whoever invites: shown until the person accepts, never the account's */
  name: string;
  role: OrgRole;
  title?: string;
  phone?: string;
  duties?: ContactDuty[];
  source: SeatSource;
  invitedBy: { userId: string | null; name: string };
  requestId?: string;
  /** membership staff invite a current contact to a stronger role (administrator): the seat they
   * hold does not stop the invitation, and accepting it gives the role (addContact keeps the
   * stronger of the two). The caller has checked that the person holds a weaker role. */
  roleChange?: boolean;
  /** a paragraph of the email on what happens next (an approved application's invoice and advisor) */
  next?: string;
}

export const invitationUrl = (deps: Pick<SeatDeps, 'config'>, token: string) => `${deps.config.publicUrl}/invitation?token=${encodeURIComponent(token)}`;
export const invitationExpiry = (now: Date) => new Date(now.getTime() + INVITATION_DAYS * 86_400_000);

export async function organizationName(trx: Executor, organizationId: string): Promise<string> {
  return (await trx.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirstOrThrow()).name;
}

/** Whether this address already holds a seat at the organization. */
export async function holdsSeat(db: Executor, organizationId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select('c.user_id')
    .where('c.organization_id', '=', organizationId)
    .where('u.email', '=', email.trim())
    .executeTakeFirst();
  return !!row;
}

/**
 * Invites an address to a seat, in the caller's transaction, and queues the email with its link.
 * An open invitation to the same address renews (new link, new expiry, the stronger role). An
 * address that already holds a seat gets a note saying so instead, and nothing changes. Never
 * looks at whether the address has an account: the caller's answer cannot depend on it.
 */
export async function inviteToSeat(
  trx: Transaction<DB>,
  deps: SeatDeps,
  input: SeatInvite,
): Promise<{ invitationId: string | null; replaced: { name: string; sentAt: Date } | null }> {
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const orgName = await organizationName(trx, input.organizationId);
  if (!input.roleChange && (await holdsSeat(trx, input.organizationId, email))) {
    await deps.mail.queue(trx, {
      to: email,
      template: seatAlreadyHeldEmail.name,
      data: { organizationName: orgName, invitedBy: input.invitedBy.name, url: `${deps.config.publicUrl}/org?org=${input.organizationId}` },
    });
    return { invitationId: null, replaced: null };
  }
  const token = randomToken();
  const renewed = await trx
    .selectFrom('seat_invitations')
    .select(['id', 'name', 'sent_at', 'expires_at'])
    .where('organization_id', '=', input.organizationId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  const details = {
    name: input.name.trim() || email,
    title: input.title ?? '',
    phone: input.phone ?? '',
    invited_by: input.invitedBy.userId,
    invited_by_name: input.invitedBy.name,
    token_hash: sha256(token),
    sent_at: now,
    expires_at: invitationExpiry(now),
  };
  // One statement, so that two invitations of the same address at the same moment renew one row
  // (the partial unique index) instead of failing: the stronger role, both sets of duties.
  const row = await trx
    .insertInto('seat_invitations')
    .values({ ...details, organization_id: input.organizationId, email, role: input.role, duties: input.duties ?? [], source: input.source, created_at: now })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'email'])
        .where('accepted_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .doUpdateSet({
          ...details,
          role: sql<OrgRole>`case when seat_invitations.role = 'admin' then 'admin' else excluded.role end`,
          duties: sql<ContactDuty[]>`array(select d from unnest(seat_invitations.duties || excluded.duties) with ordinality as t(d, n) group by d order by min(n))`,
        }),
    )
    .returning(['id', 'role', 'duties'])
    .executeTakeFirstOrThrow();
  const { id, role, duties } = row;
  await deps.mail.queue(trx, {
    to: email,
    template: seatInvitationEmail.name,
    data: {
      name: details.name,
      organizationName: orgName,
      invitedBy: input.invitedBy.name,
      role,
      duties,
      title: details.title,
      source: input.source,
      url: invitationUrl(deps, token),
      days: INVITATION_DAYS,
      next: input.next,
    },
  });
  await writeAudit(trx, {
    at: now,
    actorUserId: input.invitedBy.userId,
    action: 'portal.invitation_sent',
    entityType: 'organization',
    entityId: input.organizationId,
    after: { invitationId: id, role, source: input.source, title: details.title, duties: input.duties ?? [], renewed: !!renewed },
    requestId: input.requestId,
  });
  // an invitation still waiting (not expired) that this one replaces: its addressee is told by the caller
  const replaced = renewed && renewed.expires_at > now ? { name: renewed.name, sentAt: renewed.sent_at } : null;
  return { invitationId: id, replaced };
}

export type InvitationState = 'pending' | 'expired' | 'accepted' | 'cancelled';

export interface SeatInvitation {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  name: string;
  role: OrgRole;
  title: string;
  duties: ContactDuty[];
  source: SeatSource;
  invitedByName: string;
  sentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  state: InvitationState;
}

const selectInvitations = (db: Executor) =>
  db
    .selectFrom('seat_invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .select([
      'i.id',
      'i.organization_id',
      'o.name as organization_name',
      'i.email',
      'i.name',
      'i.role',
      'i.title',
      'i.duties',
      'i.source',
      'i.invited_by_name',
      'i.sent_at',
      'i.expires_at',
      'i.accepted_at',
      'i.cancelled_at',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof selectInvitations>['execute']>>[number];

function present(r: Row, now: Date): SeatInvitation {
  const state: InvitationState = r.accepted_at ? 'accepted' : r.cancelled_at ? 'cancelled' : r.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    email: r.email,
    name: r.name,
    role: r.role,
    title: r.title,
    duties: r.duties,
    source: r.source,
    invitedByName: r.invited_by_name,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    state,
  };
}

/** Seats not yet taken: invitations neither accepted nor cancelled (expired ones too, to resend). */
export async function listPendingSeats(deps: Pick<SeatDeps, 'db' | 'clock'>, organizationId: string): Promise<SeatInvitation[]> {
  const rows = await selectInvitations(deps.db)
    .where('i.organization_id', '=', organizationId)
    .where('i.accepted_at', 'is', null)
    .where('i.cancelled_at', 'is', null)
    .orderBy('i.sent_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => present(r, deps.clock.now()));
}

/** Every invitation of an organization, newest first, for membership staff. */
export async function listSeatInvitations(deps: Pick<SeatDeps, 'db' | 'clock'>, organizationId: string): Promise<SeatInvitation[]> {
  const rows = await selectInvitations(deps.db).where('i.organization_id', '=', organizationId).orderBy('i.created_at', 'desc').orderBy('i.id').limit(200).execute();
  return rows.map((r) => present(r, deps.clock.now()));
}

/** Seat invitations to one address that are neither accepted nor cancelled (expired ones too, to
 * send again): a person's record in the People pages. */
export async function openSeatInvitationsTo(deps: Pick<SeatDeps, 'db' | 'clock'>, email: string): Promise<SeatInvitation[]> {
  const rows = await selectInvitations(deps.db)
    .where('i.email', '=', email)
    .where('i.accepted_at', 'is', null)
    .where('i.cancelled_at', 'is', null)
    .orderBy('i.created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => present(r, deps.clock.now()));
}

/** The invitation a link's token opens, in whatever state it is, or null. */
export async function findInvitation(deps: Pick<SeatDeps, 'db' | 'clock'>, token: string): Promise<SeatInvitation | null> {
  if (!token || token.length > 200) return null;
  const row = await selectInvitations(deps.db).where('i.token_hash', '=', sha256(token)).executeTakeFirst();
  return row ? present(row, deps.clock.now()) : null;
}

/** An invitation a later email gave a new link, opened by one of its replaced links (0092): its
 * state and when the newest email went, for the page that says so. Never accepts anything. */
export async function invitationOfReplacedLink(deps: Pick<SeatDeps, 'db' | 'clock'>, token: string): Promise<{ state: InvitationState; sentAt: Date } | null> {
  if (!token || token.length > 200) return null;
  const row = await selectInvitations(deps.db)
    .where(sql<SqlBool>`i.replaced_token_hashes @> array[${sha256(token)}]::text[]`)
    .executeTakeFirst();
  if (!row) return null;
  const inv = present(row, deps.clock.now());
  return { state: inv.state, sentAt: inv.sentAt };
}

/** Another invitation to the same address for the same organization that still waits (sent after
 * the link's own was cancelled or had expired: there is one open invitation per address and
 * organization at a time): when it went, or null. */
export async function newerOpenInvitation(deps: Pick<SeatDeps, 'db' | 'clock'>, inv: Pick<SeatInvitation, 'id' | 'organizationId' | 'email'>): Promise<Date | null> {
  const row = await selectInvitations(deps.db)
    .where('i.organization_id', '=', inv.organizationId)
    .where('i.email', '=', inv.email)
    .where('i.id', '!=', inv.id)
    .where('i.accepted_at', 'is', null)
    .where('i.cancelled_at', 'is', null)
    .orderBy('i.sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const newer = present(row, deps.clock.now());
  return newer.state === 'pending' ? newer.sentAt : null;
}

const notUsable = () =>
  new AppError('portal.invitation_invalid', { status: 410, message: 'This invitation has expired, has been used or was cancelled. Ask whoever invited you to send a new one.' });

/**
 * The owner of the address accepts: the token works once. Their account is found or made, the
 * address counts as proven (a password someone else chose for it before is discarded, and that
 * account's sessions end), the seat is taken, and the person is signed in as a link signs in,
 * unless their account can sign in on its own (then `signIn` is null: they sign in as usual).
 */
export async function acceptSeatInvitation(
  deps: SeatDeps & Pick<Deps, 'hooks'>,
  input: { token: string; userAgent?: string; previousSessionHash?: string | null; signedInUserId?: string | null; requestId?: string },
): Promise<{ organizationId: string; signIn: SignInResult | null }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const inv = await trx
      .selectFrom('seat_invitations')
      .selectAll()
      .where('token_hash', '=', sha256(input.token))
      .where('accepted_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .where('expires_at', '>', now)
      .forUpdate()
      .executeTakeFirst();
    if (!inv) throw notUsable();
    const account = await findOrCreateAccount(trx, { email: inv.email, name: inv.name, now });
    const newlyProven = await proveEmailOwnership(trx, deps, { userId: account.id, now, name: inv.name });
    const user = await trx.selectFrom('users').select(['password_hash', 'disabled_at']).where('id', '=', account.id).executeTakeFirstOrThrow();
    if (user.disabled_at) throw notUsable();
    await addContact(trx, { organizationId: inv.organization_id, userId: account.id, role: inv.role, title: inv.title, phone: inv.phone, duties: inv.duties });
    await trx.updateTable('seat_invitations').set({ accepted_at: now, accepted_by: account.id }).where('id', '=', inv.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: account.id,
      action: 'portal.contact_added',
      entityType: 'organization',
      entityId: inv.organization_id,
      after: { userId: account.id, invitationId: inv.id, source: inv.source, accountCreated: account.created, title: inv.title, duties: inv.duties, role: inv.role },
      requestId: input.requestId,
    });
    // The link signs in only someone who has no other way in yet (a new or just-proven account,
    // or one without a password), or who is signed in as it already (a new session: their
    // privileges changed). An account that signs in on its own is asked to: an invitation lasts
    // 14 days, far longer than a sign-in link should.
    const canSignInAlone = !newlyProven && user.password_hash !== null && input.signedInUserId !== account.id;
    const signIn = canSignInAlone
      ? null
      : await startLinkSession(trx, deps, { userId: account.id, now, userAgent: input.userAgent, previousSessionHash: input.previousSessionHash });
    return { organizationId: inv.organization_id, signIn };
  });
}
