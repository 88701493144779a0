// Login requests (O8): anyone may ask for an account at a member organization. The request is
// matched to a member by name or slug (never telling the asker whether it matched); the
// organization's administrators decide, or membership staff when it has none or nothing matched.
// Approval invites the requester to a seat (see invitations.ts). Knows nothing of HTTP.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { takeFormMailAllowance } from '../../lib/form-mail-limit.js';
import { organizationDomain } from '../organizations/index.js';
import { loginRequestDeclinedEmail, loginRequestNewEmail, seatAlreadyHeldEmail } from './emails.js';
import { inviteToSeat } from './invitations.js';
import { type LoginRequestJob, loginRequestJob } from './schemas.js';

type PortalDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

/** Organizations whose people may ask: members, including those not yet paid or lapsed. */
const MEMBER_STATUSES = ['active', 'pending', 'lapsed'] as const;

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** The host of a website address without `www.`, or null. */
function websiteDomain(website: string): string | null {
  try {
    const host = new URL(website).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** Whether the email's domain is the organization's (its email domain or its website's), or a
 * subdomain of it. Free mail providers never match. */
export function domainMatches(email: string, org: { website: string; email_domain: string | null }): boolean {
  const domain = organizationDomain(email);
  if (!domain) return false;
  const own = [org.email_domain?.toLowerCase() ?? null, websiteDomain(org.website)].filter((d): d is string => !!d);
  return own.some((d) => domain === d || domain.endsWith(`.${d}`));
}

async function matchOrganization(trx: Transaction<DB>, text: string, email: string) {
  const wanted = normalize(text);
  const candidates = await trx
    .selectFrom('organizations')
    .select(['id', 'name', 'website', 'email_domain'])
    .where('status', 'in', MEMBER_STATUSES)
    .where((eb) => eb.or([eb(sql<string>`lower(regexp_replace(trim(name), '\\s+', ' ', 'g'))`, '=', wanted), eb('slug', '=', wanted)]))
    .limit(10)
    .execute();
  if (candidates.length === 1) return candidates[0];
  // Two members of the same name (Springfield, IL and MO): the email's domain may tell them apart.
  const byDomain = candidates.filter((c) => domainMatches(email, c));
  return byDomain.length === 1 ? byDomain[0] : undefined;
}

async function adminEmails(trx: Transaction<DB>, organizationId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('organization_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select('u.email')
    .where('c.organization_id', '=', organizationId)
    .where('c.role', '=', 'admin')
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.email);
}

async function membershipStaffEmails(trx: Transaction<DB>): Promise<string[]> {
  const rows = await trx
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.email')
    .where('r.role', '=', 'membership')
    .where('u.disabled_at', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.email))];
}

/**
 * Records a request. Returns nothing the page could show: the answer is the same whether the
 * organization matched, the email has an account, or the same request is already waiting.
 */
export const LOGIN_REQUESTS_QUEUE = 'portal-login-requests';

/**
 * Asks for an account at a member organization. The work (matching the organization, storing the
 * request, notifying who decides) is done by a queued job, so that the answer takes the same time
 * whether or not anything matched.
 */
export async function requestLoginAccess(deps: Pick<Deps, 'db' | 'jobs'>, input: LoginRequestJob): Promise<void> {
  await deps.jobs.send(deps.db, LOGIN_REQUESTS_QUEUE, input);
}

/** Registers the job that files the requests made with `requestLoginAccess`. */
export function registerLoginRequestJobs(deps: PortalDeps & Pick<Deps, 'jobs'>): void {
  deps.jobs.register({ name: LOGIN_REQUESTS_QUEUE, retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, deadLetter: true }, async (raw) => {
    const parsed = loginRequestJob.safeParse(raw);
    if (parsed.success) await submitLoginRequest(deps, parsed.data);
  });
}

/** The queued half of `requestLoginAccess` (tests and seeds call it directly). */
export async function submitLoginRequest(deps: PortalDeps, input: LoginRequestJob): Promise<void> {
  const actor = input.actorUserId ?? null;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const org = await matchOrganization(trx, input.organization, input.email);
    if (org) {
      const already = await trx
        .selectFrom('organization_contacts as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select('c.user_id')
        .where('c.organization_id', '=', org.id)
        .where('u.email', '=', input.email)
        .executeTakeFirst();
      if (already) {
        // The person has access already: tell them (at most a few times an hour), nothing else.
        if (await takeFormMailAllowance(trx, { form: 'request-access', address: input.email, now })) {
          const url = `${deps.config.publicUrl}/login?next=${encodeURIComponent(`/org?org=${org.id}`)}`;
          await deps.mail.queue(trx, { to: input.email, template: seatAlreadyHeldEmail.name, data: { organizationName: org.name, invitedBy: null, url } });
        }
        return;
      }
    } else {
      const waiting = await trx
        .selectFrom('login_requests')
        .select('id')
        .where('organization_id', 'is', null)
        .where('status', '=', 'pending')
        .where('email', '=', input.email)
        .where(sql<string>`lower(organization_name)`, '=', input.organization.toLowerCase())
        .executeTakeFirst();
      if (waiting) return;
    }
    const matches = org ? domainMatches(input.email, org) : false;
    const row = await trx
      .insertInto('login_requests')
      .values({
        name: input.name,
        email: input.email,
        title: input.title,
        organization_name: input.organization,
        organization_id: org?.id ?? null,
        domain_matches: matches,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'email']).where('status', '=', 'pending').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return;
    await writeAudit(trx, {
      at: now,
      actorUserId: actor,
      action: 'portal.login_request_created',
      entityType: 'login_request',
      entityId: row.id,
      // Asked without an account: the person is named as the form gave them (audit's `visitor`).
      after: { organizationId: org?.id ?? null, domainMatches: matches, ...(actor ? {} : { visitor: { role: 'Requester', name: input.name, email: input.email } }) },
    });
    const admins = org ? await adminEmails(trx, org.id) : [];
    const forStaff = admins.length === 0;
    const recipients = forStaff ? await membershipStaffEmails(trx) : admins;
    const domainNote = matches
      ? `The email address (${input.email}) is at your organization’s own domain.`
      : `The email address (${input.email}) is not at the organization’s own domain: check that you know this person before approving.`;
    const url = forStaff ? `${deps.config.publicUrl}/staff/login-requests` : `${deps.config.publicUrl}/org?org=${org?.id ?? ''}#login-requests`;
    const requester = input.title ? `${input.name} (${input.title})` : input.name;
    for (const to of recipients) {
      // A few notifications an hour per recipient, however many clients ask: past that, the
      // request is kept (and listed where they review requests) but not mailed.
      if (!(await takeFormMailAllowance(trx, { form: 'request-access', address: to, now }))) continue;
      await deps.mail.queue(trx, { to, template: loginRequestNewEmail.name, data: { organizationName: org?.name ?? input.organization, requester, domainNote, url, forStaff } });
    }
  });
}

export interface LoginRequest {
  id: string;
  name: string;
  email: string;
  title: string;
  organizationName: string;
  organizationId: string | null;
  /** the matched organization's name, when one matched */
  matchedName: string | null;
  domainMatches: boolean;
  createdAt: Date;
}

const selectRequests = (db: Pick<Deps, 'db'>['db']) =>
  db
    .selectFrom('login_requests as r')
    .leftJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.id', 'r.name', 'r.email', 'r.title', 'r.organization_name', 'r.organization_id', 'o.name as matched_name', 'r.domain_matches', 'r.created_at'])
    .where('r.status', '=', 'pending')
    .orderBy('r.created_at')
    .orderBy('r.id');

type Row = Awaited<ReturnType<ReturnType<typeof selectRequests>['execute']>>[number];
const present = (r: Row): LoginRequest => ({
  id: r.id,
  name: r.name,
  email: r.email,
  title: r.title,
  organizationName: r.organization_name,
  organizationId: r.organization_id,
  matchedName: r.matched_name,
  domainMatches: r.domain_matches,
  createdAt: r.created_at,
});

export async function listPendingRequests(db: Pick<Deps, 'db'>['db'], organizationId: string): Promise<LoginRequest[]> {
  return (await selectRequests(db).where('r.organization_id', '=', organizationId).limit(200).execute()).map(present);
}

/** What membership staff decide: requests that matched no member, or a member with no administrator. */
export async function listRequestsForStaff(db: Pick<Deps, 'db'>['db']): Promise<LoginRequest[]> {
  const rows = await forStaff(selectRequests(db)).limit(500).execute();
  return rows.map(present);
}

/** Pending requests staff decide: for no organization, or for one without an administrator. */
const forStaff = <Q extends ReturnType<typeof selectRequests>>(q: Q) =>
  q.where((eb) =>
    eb.or([
      eb('r.organization_id', 'is', null),
      eb.not(eb.exists(eb.selectFrom('organization_contacts as c').select(sql`1`.as('one')).whereRef('c.organization_id', '=', 'r.organization_id').where('c.role', '=', 'admin'))),
    ]),
  );

/** How many requests /staff/login-requests lists (the staff desk's count). */
export async function countRequestsForStaff(db: Pick<Deps, 'db'>['db']): Promise<number> {
  const r = await forStaff(selectRequests(db))
    .clearSelect()
    .clearOrderBy()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Who decides: an organization's administrator (scope = that organization) or membership staff
 * (scope = requests without an administrator to decide them). */
export type DecisionScope = { kind: 'organization'; organizationId: string } | { kind: 'staff'; organizationId?: string };

interface Decision {
  id: string;
  scope: DecisionScope;
  actorUserId: string;
  requestId?: string;
  /** membership staff may make the person the organization's administrator (it has none) */
  asAdmin?: boolean;
}

const noSuchRequest = () => new AppError('not_found', { message: 'There is no such login request waiting for a decision.' });

/** Locks a pending request the deciding person may decide; anything else is a 404. */
async function lockRequest(trx: Transaction<DB>, d: Decision) {
  const r = await trx.selectFrom('login_requests').selectAll().where('id', '=', d.id).where('status', '=', 'pending').forUpdate().executeTakeFirst();
  if (!r) throw noSuchRequest();
  if (d.scope.kind === 'organization') {
    if (r.organization_id !== d.scope.organizationId) throw noSuchRequest();
  } else if (r.organization_id) {
    const admin = await trx.selectFrom('organization_contacts').select('user_id').where('organization_id', '=', r.organization_id).where('role', '=', 'admin').executeTakeFirst();
    if (admin) throw noSuchRequest();
  }
  return r;
}

/** Approves a request: the requester is invited to a seat (as a contact, or as administrator when
 * membership staff say so) and becomes a contact on accepting the invitation emailed to the
 * address asked with, which proves it is theirs. Staff approving an unmatched request name the
 * organization (`scope.organizationId`). */
export async function approveLoginRequest(deps: PortalDeps, d: Decision & { actorName: string }): Promise<{ organizationId: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const r = await lockRequest(trx, d);
    const organizationId = r.organization_id ?? d.scope.organizationId;
    if (!organizationId) throw new AppError('validation_failed', { fields: { organization: 'Choose the member organization this person works for.' } });
    const org = await trx.selectFrom('organizations').select(['id', 'name', 'status']).where('id', '=', organizationId).executeTakeFirst();
    if (!org || !(MEMBER_STATUSES as readonly string[]).includes(org.status)) {
      throw new AppError('validation_failed', { fields: { organization: 'Choose a member organization.' } });
    }
    const role = d.scope.kind === 'staff' && d.asAdmin ? 'admin' : 'contact';
    await trx.updateTable('login_requests').set({ status: 'approved', decided_at: now, decided_by: d.actorUserId, organization_id: org.id }).where('id', '=', r.id).execute();
    const { invitationId } = await inviteToSeat(trx, deps, {
      organizationId: org.id,
      email: r.email,
      name: r.name,
      role,
      title: r.title,
      source: 'login_request',
      invitedBy: { userId: d.actorUserId, name: d.actorName },
      requestId: d.requestId,
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: d.actorUserId,
      action: 'portal.login_request_approved',
      entityType: 'login_request',
      entityId: r.id,
      before: { status: 'pending', organizationId: r.organization_id },
      after: { status: 'approved', organizationId: org.id, invitationId, role, decidedBy: d.scope.kind },
      requestId: d.requestId,
    });
    return { organizationId: org.id };
  });
}

export async function declineLoginRequest(deps: PortalDeps, d: Decision): Promise<void> {
  const now = deps.clock.now();
  const association = await deps.association.get();
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockRequest(trx, d);
    const org = r.organization_id ? await trx.selectFrom('organizations').select('name').where('id', '=', r.organization_id).executeTakeFirst() : undefined;
    await trx.updateTable('login_requests').set({ status: 'declined', decided_at: now, decided_by: d.actorUserId }).where('id', '=', r.id).execute();
    await deps.mail.queue(trx, {
      to: r.email,
      template: loginRequestDeclinedEmail.name,
      data: { name: r.name, organizationName: org?.name ?? r.organization_name, contactEmail: association.contact_email },
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: d.actorUserId,
      action: 'portal.login_request_declined',
      entityType: 'login_request',
      entityId: r.id,
      before: { status: 'pending' },
      after: { status: 'declined', decidedBy: d.scope.kind },
      requestId: d.requestId,
    });
  });
}

/** Member organizations whose names look like what an unmatched request typed, for staff to pick
 * (accents and case aside: "Espanola" finds "Española"). */
export async function similarMembers(db: Pick<Deps, 'db'>['db'], text: string): Promise<Array<{ id: string; name: string; state: string }>> {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'state'])
    .where('status', 'in', MEMBER_STATUSES)
    .where(sql<boolean>`similarity(civnet_fold(name), civnet_fold(${text})) >= 0.3`)
    .orderBy(sql`similarity(civnet_fold(name), civnet_fold(${text}))`, 'desc')
    .orderBy('name')
    .limit(5)
    .execute();
}
