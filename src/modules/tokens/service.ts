// API tokens: made, listed, revoked, and resolved at each call to the rights their creator holds
// now. Knows nothing of HTTP.
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ApiTokensTable, GlobalRole, OrgRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import type { Principal } from '../../lib/access.js';
import { type ApiRoute, apiScopes, grantableScopes } from '../../lib/api-scopes.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';

export type TokenKind = ApiTokensTable['kind'];

/** Every token starts with this, so that secret scanners (and people) recognise one. */
export const TOKEN_PREFIX = 'civnet_';
/** How much of a token its list shows, to tell tokens apart: the prefix and 5 random characters. */
const SHOWN_CHARS = TOKEN_PREFIX.length + 5;
/** The lifetimes offered, in days; the longest is a year. */
export const EXPIRY_DAYS = [7, 30, 90, 180, 365] as const;
/** last_used_at is written at most this often per token (as sessions' last_seen_at). */
const TOUCH_AFTER_MS = 60_000;

export interface Actor {
  userId: string;
  requestId: string;
}

export interface NewToken {
  kind: TokenKind;
  name: string;
  scopes: string[];
  expiresInDays: number;
}

/** A token as its list shows it: never the token, nor its hash. */
export interface TokenRow {
  id: string;
  kind: TokenKind;
  name: string;
  user_id: string;
  owner_name: string;
  token_prefix: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** What the form may hold wrong, checked before anything is written. */
export function tokenProblems(input: NewToken, routes: readonly ApiRoute[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) problems.name = 'Give the token a name of 1 to 100 characters, to recognize it later.';
  const known = new Set(apiScopes(routes));
  const unknown = input.scopes.filter((s) => !known.has(s));
  if (input.scopes.length === 0) problems.scopes = 'Choose at least one scope.';
  else if (unknown.length) problems.scopes = `There is no scope ${unknown.join(', ')}.`;
  if (!(EXPIRY_DAYS as readonly number[]).includes(input.expiresInDays)) problems.expiresInDays = `Choose how long the token lasts: ${EXPIRY_DAYS.join(', ')} days.`;
  return problems;
}

/**
 * Makes a token for the person acting (`principal`, whose rights it carries) and returns it: the
 * only time the token itself exists outside the caller. A scope the person's roles do not reach is
 * a 403; only staff admins make service tokens.
 */
export async function createToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  principal: Principal,
  input: NewToken,
  routes: readonly ApiRoute[],
): Promise<{ id: string; token: string }> {
  const problems = tokenProblems(input, routes);
  if (Object.keys(problems).length) throw new AppError('validation_failed', { fields: problems });
  if (input.kind === 'service' && !principal.roles.has('admin')) throw new AppError('forbidden', { message: 'Only staff admins make service tokens.' });
  const grantable = new Set(grantableScopes(routes, principal));
  const beyond = input.scopes.filter((s) => !grantable.has(s));
  if (beyond.length) {
    throw new AppError('forbidden', { message: `A token cannot do more than you: your roles do not allow ${beyond.join(', ')}.` });
  }
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const now = deps.clock.now();
  const scopes = [...new Set(input.scopes)].sort();
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        kind: input.kind,
        name: input.name.trim(),
        user_id: principal.userId,
        token_hash: sha256(token),
        token_prefix: token.slice(0, SHOWN_CHARS),
        scopes,
        created_at: now,
        expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: input.kind === 'service' ? 'tokens.service_created' : 'tokens.personal_created',
      entityType: 'api_token',
      entityId: row.id,
      after: { name: input.name.trim(), kind: input.kind, scopes, expiresInDays: input.expiresInDays },
      requestId: actor.requestId,
      at: now,
    });
    return row.id;
  });
  return { id, token };
}

/** Revokes a token at once. `ownerId` limits it to one person's own (personal) tokens; service
 * tokens are any staff admin's to revoke. Unknown, another's, or already revoked: a 404. */
export async function revokeToken(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, scope: { kind: 'personal'; ownerId: string } | { kind: 'service' }): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    let q = trx.updateTable('api_tokens').set({ revoked_at: now, revoked_by: actor.userId }).where('id', '=', id).where('kind', '=', scope.kind).where('revoked_at', 'is', null);
    if (scope.kind === 'personal') q = q.where('user_id', '=', scope.ownerId);
    const row = await q.returning(['id', 'name', 'kind']).executeTakeFirst();
    if (!row) throw new AppError('not_found', { message: 'There is no such token, or it is already revoked.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: row.kind === 'service' ? 'tokens.service_revoked' : 'tokens.personal_revoked',
      entityType: 'api_token',
      entityId: row.id,
      after: { name: row.name },
      requestId: actor.requestId,
      at: now,
    });
    return row.name;
  });
}

function listQuery(db: Db) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.kind', 't.name', 't.user_id', 'u.name as owner_name', 't.token_prefix', 't.scopes', 't.created_at', 't.expires_at', 't.last_used_at', 't.revoked_at'])
    .orderBy('t.revoked_at', (o) => o.desc().nullsFirst())
    .orderBy('t.created_at', 'desc')
    .limit(500);
}

/** A person's own personal tokens, live ones first. */
export function personalTokens(db: Db, userId: string): Promise<TokenRow[]> {
  return listQuery(db).where('t.kind', '=', 'personal').where('t.user_id', '=', userId).execute();
}

/** Every service token, live ones first. */
export function serviceTokens(db: Db): Promise<TokenRow[]> {
  return listQuery(db).where('t.kind', '=', 'service').execute();
}

export interface TokenCaller {
  id: string;
  kind: TokenKind;
  scopes: ReadonlySet<string>;
  principal: Principal;
}

interface TokenLookup {
  id: string;
  kind: TokenKind;
  user_id: string;
  scopes: string[];
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  email: string;
  name: string;
  totp_enabled_at: Date | null;
  disabled_at: Date | null;
  email_verified_at: Date | null;
  roles: GlobalRole[] | null;
  orgs: Array<[string, OrgRole]> | null;
}

/**
 * The caller a bearer token stands for, or null when the token is unknown, expired, revoked, or
 * its creator's account is disabled or unconfirmed. The rights are the creator's as they are now
 * (roles and seats read at each call), so a role taken away is gone from the token too.
 */
export async function resolveToken(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<TokenCaller | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const { db, clock } = deps;
  const result = await sql<TokenLookup>`
    select t.id, t.kind, t.user_id, t.scopes, t.expires_at, t.revoked_at, t.last_used_at,
           u.email, u.name, u.totp_enabled_at, u.disabled_at, u.email_verified_at,
           (select json_agg(r.role) from user_roles r where r.user_id = u.id) as roles,
           (select json_agg(json_build_array(c.organization_id, c.role)) from organization_contacts c where c.user_id = u.id) as orgs
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${sha256(token)}`.execute(db);
  const row = result.rows[0];
  const now = clock.now();
  if (!row || row.revoked_at || row.expires_at.getTime() <= now.getTime() || row.disabled_at || !row.email_verified_at) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_AFTER_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    id: row.id,
    kind: row.kind,
    scopes: new Set(row.scopes),
    principal: {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      roles: new Set(row.roles ?? []),
      orgs: new Map(row.orgs ?? []),
      totpEnabled: row.totp_enabled_at !== null,
      // no session: a token call has none (nothing may end or rotate it)
      sessionHash: '',
    },
  };
}

/** API tokens (their label, never the secret or its prefix) by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const apiTokenNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'kind']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('API token', r.name), href: r.kind === 'service' ? '/staff/api-tokens' : null }]));
};
