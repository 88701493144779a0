// The pages of API tokens: a person's own at /account/tokens (anyone signed in), the service
// tokens at /staff/api-tokens (staff admins). Pages only, with a session: a token cannot make or
// revoke tokens (these are not /api/v1 routes, where alone a bearer token is read).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, type Principal } from '../../lib/access.js';
import { grantableScopes } from '../../lib/api-scopes.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { createToken, personalTokens, revokeToken, serviceTokens, type TokenKind } from './service.js';
import { TokenCreatedPage, type TokenForm, TokensPage } from './views.js';

/** The scopes a form post chose: one `scopes` field or several. */
function scopesOf(body: unknown): string[] {
  const raw = body && typeof body === 'object' ? (body as { scopes?: unknown }).scopes : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((s): s is string => typeof s === 'string' && s !== '').slice(0, 200);
}

export async function tokenRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const principalOf = (req: FastifyRequest): Principal => {
    if (!req.principal) throw new AppError('unauthenticated');
    return req.principal;
  };
  const BASE: Record<TokenKind, string> = { personal: '/account/tokens', service: '/staff/api-tokens' };

  async function listPage(req: FastifyRequest, reply: FastifyReply, kind: TokenKind, form: TokenForm = {}, status = 200) {
    const p = principalOf(req);
    const rows = kind === 'personal' ? await personalTokens(deps.db, p.userId) : await serviceTokens(deps.db);
    const page = TokensPage({ ctx: await pageContext(req, reply), kind, rows, grantable: grantableScopes(app.routeTable, p), now: deps.clock.now(), ...form });
    return sendPage(reply, page, status);
  }

  async function create(req: FastifyRequest, reply: FastifyReply, kind: TokenKind) {
    const p = principalOf(req);
    const values = formValues(req.body);
    const scopes = scopesOf(req.body);
    const input = { kind, name: values.name ?? '', scopes, expiresInDays: Number(values.expiresInDays ?? '') };
    try {
      const { token } = await createToken(deps, { userId: p.userId, requestId: req.id }, p, input, app.routeTable);
      // The token is in this answer alone: never in a redirect, a flash cookie, a log or a cache.
      reply.header('cache-control', 'no-store');
      const expiresAt = new Date(deps.clock.now().getTime() + input.expiresInDays * 86_400_000);
      return sendPage(
        reply,
        TokenCreatedPage({
          ctx: await pageContext(req, reply),
          kind,
          name: input.name.trim(),
          token,
          scopes: [...new Set(scopes)].sort(),
          expiresAt,
          publicUrl: deps.config.publicUrl,
        }),
      );
    } catch (err) {
      if (err instanceof AppError && (err.fields || err.status === 403)) {
        const errors: FieldErrors = err.fields ?? { scopes: err.message };
        return listPage(req, reply, kind, { values: { name: values.name, expiresInDays: values.expiresInDays, scopes }, errors }, err.status);
      }
      throw err;
    }
  }

  async function revoke(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, kind: TokenKind) {
    const p = principalOf(req);
    if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such token.' });
    const name = await revokeToken(deps, { userId: p.userId, requestId: req.id }, req.params.id, kind === 'personal' ? { kind, ownerId: p.userId } : { kind });
    setFlash(reply, `The token “${name}” is revoked: it no longer works.`);
    return reply.redirect(BASE[kind], 303);
  }

  const personal = { access: access.signedIn() };
  app.get('/account/tokens', { config: personal }, (req, reply) => listPage(req, reply, 'personal'));
  app.post('/account/tokens', { config: personal }, (req, reply) => create(req, reply, 'personal'));
  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', { config: personal }, (req, reply) => revoke(req, reply, 'personal'));

  const admins = { access: access.staff('admin') };
  app.get('/staff/api-tokens', { config: admins }, (req, reply) => listPage(req, reply, 'service'));
  app.post('/staff/api-tokens', { config: admins }, (req, reply) => create(req, reply, 'service'));
  app.post<{ Params: { id: string } }>('/staff/api-tokens/:id/revoke', { config: admins }, (req, reply) => revoke(req, reply, 'service'));
}
