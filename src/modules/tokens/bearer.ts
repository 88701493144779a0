// `Authorization: Bearer <token>` on the JSON API (/api/v1/…): who the call acts for, its rate
// limit, and its scope. The composition root (app.ts) calls these for every API request that
// carries an Authorization header, in place of the session cookie, which such a call ignores.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiRoute, scopeOf } from '../../lib/api-scopes.js';
import { AppError } from '../../lib/errors.js';
import { resolveToken } from './service.js';

/** What a request authenticated by a token carries besides its principal. */
export interface ApiTokenCaller {
  id: string;
  kind: 'personal' | 'service';
  scopes: ReadonlySet<string>;
}

const INVALID = 'This API token is not valid: it is unknown, expired or revoked, or its owner can no longer sign in. Send `Authorization: Bearer <token>` with a live token.';

/** Whether this request authenticates with a token: an API call that sends an Authorization
 * header (any scheme; one that is not a valid bearer token is a 401, never a silent visitor). */
export const usesBearerToken = (req: FastifyRequest): boolean => req.headers.authorization !== undefined && isApiRoute(req.url);

/**
 * The request hook's half for token calls: resolves the token to its creator's current rights
 * (`req.principal`) and `req.apiToken`, and counts the call against the token's rate limit
 * (RATE_LIMIT_API_TOKEN_PER_MINUTE, per token, across processes on PostgreSQL).
 */
export function bearerAuthenticator(app: FastifyInstance) {
  const limit = app.createRateLimit({
    max: app.deps.config.RATE_LIMIT_API_TOKEN_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (req) => `api-token:${req.apiToken?.id ?? ''}`,
  });
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const match = /^Bearer +([A-Za-z0-9_-]{1,100}) *$/.exec(req.headers.authorization ?? '');
    const caller = match?.[1] ? await resolveToken(app.deps, match[1]) : null;
    if (!caller) {
      reply.header('www-authenticate', 'Bearer realm="civnet", error="invalid_token"');
      throw new AppError('unauthenticated', { message: INVALID });
    }
    req.principal = caller.principal;
    req.apiToken = { id: caller.id, kind: caller.kind, scopes: caller.scopes };
    const r = await limit(req);
    if (r.isAllowed) return;
    reply.header('x-ratelimit-limit', r.max).header('x-ratelimit-remaining', r.remaining).header('x-ratelimit-reset', r.ttlInSeconds);
    if (r.isExceeded) {
      reply.header('retry-after', r.ttlInSeconds);
      throw new AppError('rate_limited', { message: `Too many calls with this token (${r.max} a minute). Wait ${r.ttlInSeconds} seconds and try again.` });
    }
  };
}

/** After the route's access (`cfg`, the route's config) allowed the token's creator: the token
 * must also hold the route's scope (public routes need none). A missing scope is a 403 that names
 * it. */
export function requireTokenScope(req: FastifyRequest, reply: FastifyReply, cfg: FastifyRequest['routeOptions']['config']): void {
  const token = req.apiToken;
  if (!token || !cfg.access || cfg.access.kind === 'public') return;
  const needed = scopeOf(req.method, req.routeOptions.url ?? req.url, cfg.scope);
  if (token.scopes.has(needed)) return;
  reply.header('www-authenticate', `Bearer realm="civnet", error="insufficient_scope", scope="${needed}"`);
  throw new AppError('forbidden', { message: `This token does not have the scope ${needed}.` });
}
