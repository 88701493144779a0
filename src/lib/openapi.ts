// The OpenAPI document, completed in one place from what every route already declares (its
// access and its path), so that a route added anywhere gets the same treatment: an operationId
// when it has none, its security requirement (a bearer token with the route's scope, or the
// session cookie; none for public routes), the standard error answers (400, 401, 403, 404, 429
// with the shared error shape) that its access and parameters make possible, a license, and the
// security schemes. `redocly lint` (recommended rules) passes on the result (test/openapi.test.ts).
import type { Access } from './access.js';
import { isApiRoute, scopeOf } from './api-scopes.js';

type Json = Record<string, unknown>;

export interface DocumentedRoute {
  method: string;
  url: string;
  access: Access;
  scope?: string;
}

const ERROR_SCHEMA = {
  type: 'object',
  description: 'Every error: a stable code, a message for people, and for invalid input a message per field.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Stable code (src/lib/errors.ts), for example `validation_failed`, `unauthenticated`, `forbidden`.' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'For `validation_failed`: a message per field.' },
      },
    },
  },
};

const errorResponse = (description: string, headers?: Json) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
});

/** The standard error answers, referenced by status. */
const RESPONSES: Record<string, { name: string; body: Json }> = {
  '400': { name: 'BadRequest', body: errorResponse('The request is malformed or its input is not valid (`bad_request`, `validation_failed` with a message per field).') },
  '401': {
    name: 'Unauthenticated',
    body: errorResponse('Not signed in, or the API token sent is unknown, expired or revoked (`unauthenticated`).', {
      'WWW-Authenticate': { description: 'Bearer, with `error="invalid_token"`, for a token call', schema: { type: 'string' } },
    }),
  },
  '403': {
    name: 'Forbidden',
    body: errorResponse('The caller’s roles do not allow it, or the token lacks the operation’s scope (`forbidden`).', {
      'WWW-Authenticate': { description: 'Bearer, with `error="insufficient_scope"` and the scope needed, for a token call', schema: { type: 'string' } },
    }),
  },
  '404': { name: 'NotFound', body: errorResponse('There is no such thing, or it is not the caller’s to see (`not_found`).') },
  '429': {
    name: 'RateLimited',
    body: errorResponse('Too many calls: the token’s (or the route’s) rate limit (`rate_limited`).', {
      'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
    }),
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** `/api/v1/invoices/:id` → `/api/v1/invoices/{id}`, the document's form of a path. */
export const openapiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** An operationId from the method and the path: `GET /api/v1/invoices/{id}/payments` →
 * `getInvoicesByIdPayments`. Unique, since a method and a path name one operation. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{(.+)\}$/.exec(seg);
      const word = (param ? `by-${param[1]}` : seg).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
  return `${method.toLowerCase()}${words.join('')}`;
}

/** Completes the document @fastify/swagger built (in place, and returns it). */
export function completeOpenapi(doc: Json, routes: readonly DocumentedRoute[], opts: { sessionCookie: string }): Json {
  const byOperation = new Map<string, DocumentedRoute>();
  for (const r of routes) byOperation.set(`${r.method.toLowerCase()} ${openapiPath(r.url)}`, r);

  const info = (doc.info ?? {}) as Json;
  info.license ??= { name: 'GNU Affero General Public License v3.0 or later', identifier: 'AGPL-3.0-or-later' };
  doc.info = info;

  const components = (doc.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Json;
  schemas.ApiError ??= ERROR_SCHEMA;
  components.schemas = schemas;
  components.securitySchemes = {
    ...((components.securitySchemes as Json | undefined) ?? {}),
    bearerToken: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'civnet_…',
      description:
        'An API token, made at /account/tokens (personal) or /staff/api-tokens (service, staff admins). It carries its creator’s current rights, limited to its scopes: each operation lists the one scope it needs (`<resource>:read` or `:write`). Token calls need no CSRF token; the session cookie is ignored when one is sent.',
    },
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: opts.sessionCookie,
      description: 'The browser session of a signed-in person. Unsafe methods also need the `x-csrf-token` header.',
    },
  };
  const usedResponses = new Set<string>();

  const paths = (doc.paths ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const route = byOperation.get(`${method} ${path}`) ?? byOperation.get(`${method === 'head' ? 'get' : method} ${path}`);
      op.operationId ??= operationIdOf(method, path);
      const api = isApiRoute(path);
      const isPublic = !route || route.access.kind === 'public';
      const scope = route && !isPublic ? scopeOf(method.toUpperCase(), route.url, route.scope) : undefined;
      if (op.security === undefined) op.security = scope ? [{ bearerToken: [scope] }, { sessionCookie: [] }] : [];
      if (scope && typeof op.description !== 'string') op.description = `API token scope: \`${scope}\`.`;
      else if (scope && !(op.description as string).includes(scope)) op.description = `${op.description as string}\n\nAPI token scope: \`${scope}\`.`;

      const hasInput = (Array.isArray(op.parameters) && op.parameters.length > 0) || op.requestBody !== undefined;
      const wanted = [
        hasInput || !api ? '400' : null,
        api ? '401' : null, // public API routes too: a token that is sent must be valid
        !isPublic ? '403' : null,
        path.includes('{') ? '404' : null,
        api && !isPublic ? '429' : null,
      ].filter((s): s is string => s !== null);
      const responses = (op.responses ?? {}) as Json;
      for (const status of wanted) {
        if (responses[status] !== undefined) continue;
        const std = RESPONSES[status];
        if (!std) continue;
        responses[status] = { $ref: `#/components/responses/${std.name}` };
        usedResponses.add(status);
      }
      op.responses = responses;
    }
  }
  const stdResponses = (components.responses ?? {}) as Json;
  for (const status of usedResponses) {
    const std = RESPONSES[status];
    if (std) stdResponses[std.name] = std.body;
  }
  components.responses = stdResponses;
  doc.components = components;
  return doc;
}
