// Server-side sessions: the cookie holds a random id; the database holds its SHA-256 hash,
// the user, and the idle and absolute expiry. A new id is issued at every sign-in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { type Db, PREPARED } from '../../db/client.js';
import type { DB, GlobalRole, OrgRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { type Principal, requiresTotp } from '../../lib/access.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { tokenInvalid } from './links.js';

export const SESSION_COOKIE_DEV = 'civnet_sid';
export const SESSION_COOKIE_PROD = '__Host-civnet_sid';
const MFA_PENDING_MINUTES = 10;
const TOUCH_AFTER_MS = 60_000;
const ROTATED_GRACE_MS = 60_000;

export async function createSession(db: Db | Transaction<DB>, input: { userId: string; mfaPending: boolean; now: Date; maxHours: number; userAgent?: string }): Promise<string> {
  const token = randomToken();
  const expires = new Date(input.now.getTime() + (input.mfaPending ? MFA_PENDING_MINUTES * 60_000 : input.maxHours * 3_600_000));
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(token),
      user_id: input.userId,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: expires,
      mfa_pending: input.mfaPending,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      privileges_version: sql<number>`(select privileges_version from users where id = ${input.userId})`,
    })
    .execute();
  return token;
}

export async function destroySession(db: Db | Transaction<DB>, sessionHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sessionHash).execute();
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  const { config } = req.server.deps;
  reply.setCookie(req.server.sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.production,
    maxAge: config.SESSION_MAX_HOURS * 3600,
  });
}

/** Ends the request's session, if any: the row and the cookie. */
export async function endRequestSession(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.sessionHash) await destroySession(req.server.deps.db, req.sessionHash);
  clearSessionCookie(req, reply);
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(req.server.sessionCookie, { path: '/', secure: req.server.deps.config.production });
}

interface SessionRow {
  id_hash: string;
  created_at: Date;
  user_agent: string | null;
  session_version: number;
  user_version: number;
  user_id: string;
  last_seen_at: Date;
  expires_at: Date;
  mfa_pending: boolean;
  email: string;
  name: string;
  totp_enabled_at: Date | null;
  disabled_at: Date | null;
  email_verified_at: Date | null;
  roles: GlobalRole[] | null;
  orgs: Array<[string, OrgRole]> | null;
}

/** Resolves the session cookie to a principal (or to the pending second step of sign-in). */
export async function loadPrincipal(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[req.server.sessionCookie];
  if (!token || token.length > 100) return;
  const { db, clock, config } = req.server.deps;
  const hash = sha256(token);
  // prepared: every signed-in request runs it (parsed and planned once per connection)
  const result = await sql<SessionRow>`${sql.raw(PREPARED)}
    select s.id_hash, s.user_id, s.last_seen_at, s.expires_at, s.mfa_pending, s.created_at, s.user_agent,
           s.privileges_version as session_version, u.privileges_version as user_version,
           u.email, u.name, u.totp_enabled_at, u.disabled_at, u.email_verified_at,
           (select json_agg(r.role) from user_roles r where r.user_id = u.id) as roles,
           (select json_agg(json_build_array(c.organization_id, c.role)) from organization_contacts c where c.user_id = u.id) as orgs
    from sessions s join users u on u.id = s.user_id
    where s.id_hash = ${hash}`.execute(db);
  const row = result.rows[0];
  const now = clock.now();
  if (!row) {
    clearSessionCookie(req, reply);
    return;
  }
  const idleLimit = row.last_seen_at.getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  // An account whose address is not confirmed gets nothing, not even its roles (defence in depth:
  // none can sign in, but an address can become unconfirmed under a live session).
  if (row.disabled_at || !row.email_verified_at || row.expires_at.getTime() <= now.getTime() || idleLimit <= now.getTime()) {
    await destroySession(db, hash);
    clearSessionCookie(req, reply);
    return;
  }
  req.sessionHash = hash;
  if (row.mfa_pending) {
    req.mfaPendingUserId = row.user_id;
    return;
  }
  let sessionHash = hash;
  if (row.session_version !== row.user_version) {
    // The account's roles or seats changed since this id was issued: a new id, same session.
    sessionHash = await rotateSession(db, { hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, now, userAgent: row.user_agent }, req, reply);
    req.sessionHash = sessionHash;
  } else if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', hash).execute();
  }
  req.principal = {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    roles: new Set(row.roles ?? []),
    orgs: new Map(row.orgs ?? []),
    totpEnabled: row.totp_enabled_at !== null,
    sessionHash,
  } satisfies Principal;
}

/** Replaces a session's id (SECURITY.md: rotation at privilege change), keeping its expiry. */
async function rotateSession(
  db: Db,
  s: { hash: string; userId: string; createdAt: Date; expiresAt: Date; now: Date; userAgent: string | null },
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<string> {
  const token = randomToken();
  const newHash = sha256(token);
  await db.transaction().execute(async (trx) => {
    // The old id lives on for a minute, so that requests the browser already sent with it (a page's
    // assets) do not sign the person out; then it is gone.
    await trx
      .updateTable('sessions')
      .set({
        expires_at: new Date(Math.min(s.expiresAt.getTime(), s.now.getTime() + ROTATED_GRACE_MS)),
        privileges_version: sql<number>`(select privileges_version from users where id = ${s.userId})`,
      })
      .where('id_hash', '=', s.hash)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id_hash: newHash,
        user_id: s.userId,
        created_at: s.createdAt,
        last_seen_at: s.now,
        expires_at: s.expiresAt,
        mfa_pending: false,
        user_agent: s.userAgent,
        privileges_version: sql<number>`(select privileges_version from users where id = ${s.userId})`,
      })
      .execute();
  });
  const { config } = req.server.deps;
  reply.setCookie(req.server.sessionCookie, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.production, maxAge: config.SESSION_MAX_HOURS * 3600 });
  return newHash;
}

export interface SignInResult {
  token: string;
  userId: string;
  mfaRequired: boolean;
  /** someone whose role requires two-factor sign-in, without it: they must set it up first */
  mustEnrollTotp: boolean;
}

/** Whether this account must set up two-factor sign-in before anything else (see `requiresTotp`). */
export async function mustSetUpTotp(db: Db | Transaction<DB>, userId: string, totpEnabled: boolean, allStaff: boolean): Promise<boolean> {
  if (totpEnabled) return false;
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return requiresTotp(new Set(roles.map((r) => r.role)), allStaff);
}

/**
 * Signs this account in, in the caller's transaction, as following a link emailed to its address
 * does (a magic link, an accepted seat invitation): the caller's previous session ends, a new one
 * starts, and two-factor sign-in is still asked for when it is on. A disabled account gets the
 * answer of a link that is not valid (`token_invalid`), so the caller's transaction rolls back.
 */
export async function startLinkSession(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'config'>,
  input: { userId: string; now: Date; userAgent?: string; previousSessionHash?: string | null },
): Promise<SignInResult> {
  const user = await trx.selectFrom('users').select(['id', 'totp_enabled_at', 'disabled_at']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (user.disabled_at) throw tokenInvalid();
  if (input.previousSessionHash) await trx.deleteFrom('sessions').where('id_hash', '=', input.previousSessionHash).execute();
  const mfaRequired = user.totp_enabled_at !== null;
  const token = await createSession(trx, { userId: user.id, mfaPending: mfaRequired, now: input.now, maxHours: deps.config.SESSION_MAX_HOURS, userAgent: input.userAgent });
  return { token, userId: user.id, mfaRequired, mustEnrollTotp: await mustSetUpTotp(trx, user.id, mfaRequired, deps.config.production) };
}
