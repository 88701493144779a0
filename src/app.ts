// The one composition root: plugins, access control, CSRF, errors, and every module's routes.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type preValidationHookHandler } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from './deps.js';
import { type Access, decide, isStaff, mustEnrollTotp, type Principal } from './lib/access.js';
import { FROM_ANOTHER_SITE, fromAnotherSite } from './lib/cross-site.js';
import { AppError, type WayOn } from './lib/errors.js';
import { holdsNullCharacter, NULL_CHARACTER_MESSAGE, toAppError } from './lib/http-errors.js';
import { completeOpenapi } from './lib/openapi.js';
import { postgresRateLimitStore } from './lib/rate-limit-store.js';
import { securityHeaders } from './lib/security-headers.js';
import { serializerCompiler } from './lib/serializer.js';
import { readCsrfField } from './lib/uploads.js';
import { loadPrincipal, SESSION_COOKIE_DEV, SESSION_COOKIE_PROD } from './modules/accounts/index.js';
import { cardPaymentSlot } from './modules/billing/index.js';
import { modules } from './modules/index.js';
import { organizationNames } from './modules/organizations/index.js';
// API tokens (issue 21, P7)
import { type ApiTokenCaller, bearerAuthenticator, requireTokenScope, usesBearerToken } from './modules/tokens/index.js';
import { pageContext } from './web/context.js';
import { ErrorPage } from './web/error-page.js';
import { sendPage } from './web/render.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** false only for endpoints authenticated another way (signed webhooks) */
    csrf?: boolean;
    /** reachable by a staff admin who has not yet turned on two-factor sign-in */
    allowWithoutTotp?: boolean;
    /** a JSON API route (set in onRoute): no page headers; nosniff and no-store instead */
    api?: boolean;
    /** the API token scope a call needs, when not the one derived from the path (lib/api-scopes.ts) */
    scope?: string;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** set between password and second factor */
    mfaPendingUserId: string | null;
    sessionHash: string | null;
    /** the API token a JSON API call authenticated with (then the session cookie is ignored) */
    apiToken: ApiTokenCaller | null;
  }
  interface FastifyInstance {
    deps: Deps;
    /** every registered route with its declared access, for the permission matrix */
    routeTable: Array<{ method: string; url: string; access: Access; scope?: string }>;
    sessionCookie: string;
  }
}

export type App = FastifyInstance;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes registered by plugins we do not write: static assets and the API docs UI. */
const PLUGIN_PUBLIC_PREFIXES = ['/assets/', '/api/docs'];

/** A page for individual members (and staff): a visitor is told so, and how to become one. */
const isMembersPage = (a: Access | undefined) => a?.kind === 'member' || a?.kind === 'memberOrStaff';

const isApiUrl = (url: string) => url.startsWith('/api/v1/') || url === '/healthz';
export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url === '/healthz';

/** Paths that carry a secret in a segment: the public invoice link (`/invoices/<token>`, its PDF
 * and card payment, and the API's checkout). Finance's `/api/v1/invoices/<uuid>` keeps its id. */
const TOKEN_PATH = /^(\/(?:api\/v1\/)?invoices\/)(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\/|$))[^/]+/i;

/** Events' secrets in a path: a calendar feed (`/calendar/<secret>.ics`) and a ticket's code
 * (`/tickets/<code>`, and the check-in page its QR code opens, `/staff/check-in/<code>`). */
const EVENT_SECRET_PATH = /^(\/(?:calendar|tickets|staff\/check-in)\/)[^/]+/;

/** The path a log line shows: no query string (it can carry a token) and no token segment. */
export const loggedPath = (url: string): string => (url.split('?')[0] ?? '').replace(TOKEN_PATH, '$1[redacted]').replace(EVENT_SECRET_PATH, '$1[redacted]');

export async function buildApp(
  deps: Deps,
  opts: {
    extraRoutes?: (app: FastifyInstance) => void;
    /** where log lines go (default stdout) */
    logStream?: { write(line: string): unknown };
    /** this process's number among `civnet serve --workers N`, sent as the `civnet-worker` header */
    workerId?: number;
  } = {},
): Promise<FastifyInstance> {
  const { config } = deps;
  // The association's settings read once before the first request: its time zone ("today") is
  // then known without waiting for the database, as code inside a transaction needs.
  await deps.association.get();
  // Request ids: unique across processes and apps (a random prefix per app) without a random
  // draw per request; the counter is this app's own.
  const requestIdPrefix = randomUUID().slice(0, 8);
  let requestCounter = 0;
  const app = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: config.LOG_LEVEL,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
            // A database error's `detail` and `parameters` can quote the row (an email address): never logged.
            redact: {
              paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.token', '*.totp_secret', 'err.detail', 'err.parameters', 'err.where'],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: FastifyRequest) => ({ id: req.id, method: req.method, path: loggedPath(req.url) }),
            },
          },
    genReqId: () => `${requestIdPrefix}-${(++requestCounter).toString(36)}`,
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    // Only proxies named in TRUST_PROXY may set the client address; by default nobody can.
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Slots are chosen here, per app: the public invoice page shows "Pay by card" when Stripe is set up.
  deps.slots.cardPayment = cardPaymentSlot(config);
  app.decorate('deps', deps);
  app.decorate('routeTable', []);
  app.decorate('sessionCookie', config.production ? SESSION_COOKIE_PROD : SESSION_COOKIE_DEV);
  app.decorateRequest('principal', null);
  app.decorateRequest('mfaPendingUserId', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('apiToken', null);

  /** CSRF: every form post, and every other unsafe request that rides on a session cookie. A hook
   * of each route with an unsafe method (added in onRoute below), so a GET runs none. */
  const publicOrigin = new URL(config.publicUrl).origin;
  const csrfGuard = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    // A token call carries no cookie that a browser would add by itself: no CSRF to guard against.
    if (SAFE_METHODS.has(req.method) || req.apiToken) return done();
    const ct = req.headers['content-type'] ?? '';
    const isForm = ct.startsWith('application/x-www-form-urlencoded') || ct.startsWith('multipart/form-data');
    if (!isForm && !req.cookies[app.sessionCookie]) return done();
    // Defence in depth beside the token: a browser says where a request comes from, and a form
    // sent from another site is refused even if it carried a valid token.
    if (fromAnotherSite(req, publicOrigin)) return done(new AppError('csrf_invalid', { message: FROM_ANOTHER_SITE }));
    // A multipart body is not parsed yet: its first field must be `_csrf` (see lib/uploads.ts).
    if (ct.startsWith('multipart/form-data')) return void readCsrfField(req).then(() => app.csrfProtection(req, reply, done), done);
    app.csrfProtection(req, reply, done);
  };

  /** A body holding U+0000 (which no text column can store) is refused before the route runs. */
  const nullCharacterGuard = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    done(holdsNullCharacter(req.body) ? new AppError('bad_request', { message: NULL_CHARACTER_MESSAGE }) : undefined);
  };

  // Default deny: a route must say who may call it, or it is not registered at all.
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD' || (Array.isArray(route.method) && route.method.every((m) => m === 'HEAD'))) return;
    route.config ??= {};
    if (!route.config.access && PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
      route.config.access = { kind: 'public' };
    }
    if (!route.config.access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy (config.access)`);
    }
    // JSON answers are not documents: the page headers (CSP, framing) mean nothing for them and
    // cost every API call ~700 bytes. They get nosniff and no-store in the onRequest hook instead.
    if (isApiUrl(route.url)) route.config.api = true;
    // A GET or HEAD has no body to decompress: no decompression hook on it.
    if ([route.method].flat().every((m) => m === 'GET' || m === 'HEAD')) route.decompress ??= false;
    // Unsafe methods run the CSRF guard first of their preValidation hooks (unless the route is
    // authenticated another way: csrf false).
    // Every one of them refuses a body holding a null character.
    if ([route.method].flat().some((m) => !SAFE_METHODS.has(m))) {
      const guards = [...(route.config.csrf !== false ? [csrfGuard] : []), nullCharacterGuard] as preValidationHookHandler[];
      route.preValidation = [...guards, ...[route.preValidation ?? []].flat()];
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue; // HEAD answers as its GET does
      app.routeTable.push({ method: String(method), url: route.url, access: route.config.access, scope: route.config.scope });
    }
  });

  // HTML, JSON and CSV answers are compressed when the client accepts it (brotli at a fast level,
  // or gzip); small answers are sent as they are. Answers held whole up to 64 KB (every API page)
  // are compressed at once rather than through a stream (the plugin's default on two cores is
  // 8 KB): a search's answer then costs about 0.4 ms more than uncompressed, against about 1 ms
  // through the stream (p50, docs/benchmarks.md 2026-12-02).
  await app.register(compress, {
    global: true,
    threshold: 1024,
    syncThreshold: 64 * 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  // The event loop's delay, sampled each second by under-pressure (given no thresholds, it adds no
  // hook of its own: the gate below sheds load on its reading).
  await app.register(underPressure);
  // Page headers (CSP, framing, …): computed once from helmet's options, set on every answer but
  // the JSON API's, which get nosniff and no-store instead.
  const pageHeaders = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  const maxEventLoopDelay = config.MAX_EVENT_LOOP_DELAY_MS;
  const maxDbWaiting = config.MAX_DB_WAITING;
  // Which web process answered (`civnet serve --workers N`): a number from 1 to N, not a pid.
  const worker = opts.workerId === undefined ? undefined : String(opts.workerId);
  /** Overload: when the event loop falls behind by more than MAX_EVENT_LOOP_DELAY_MS, or more than
   * MAX_DB_WAITING queries already wait for a database connection, a request is answered 503 at
   * once instead of joining the queue (which would grow, with the memory of every request held in
   * it, for as long as the overload lasts). A route may answer in its own shape (/healthz's
   * pressureHandler). */
  const overloaded = (req: FastifyRequest): boolean => {
    if (maxEventLoopDelay > 0 && app.memoryUsage().eventLoopDelay > maxEventLoopDelay) return true;
    if (maxDbWaiting <= 0 || deps.database.waiting() <= maxDbWaiting) return false;
    req.log.warn({ waiting: deps.database.waiting() }, 'database pool saturated: shedding load');
    return true;
  };
  const shed = (req: FastifyRequest, reply: FastifyReply, handler: unknown) => {
    if (typeof handler === 'function') return void handler(req, reply);
    reply
      .code(503)
      .header('retry-after', '5')
      .send({ error: { code: 'unavailable', message: 'The service is busy. Please try again in a few seconds.' } });
  };
  // Cookies are read by the gate below (one hook for every request, not one per concern).
  await app.register(cookie, { hook: false });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.production ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.production },
    getToken: (req: FastifyRequest) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
      const header = req.headers['x-csrf-token'];
      return fromBody ?? (typeof header === 'string' ? header : undefined) ?? '';
    },
  });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(rateLimit, {
    global: false,
    // On PostgreSQL the counters are in the database, so a limit holds across web processes.
    ...(deps.database.kind === 'pg' ? { store: postgresRateLimitStore(deps.db) } : {}),
    // Say how long the window still runs: a form limited to 5 tries in 10 minutes said 'wait a
    // minute', and a minute later it was still refused.
    errorResponseBuilder: (_req, limit) => new AppError('rate_limited', { message: `Too many attempts. Please wait ${waitFor(limit.ttl)} and try again.` }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Civnet API', version: '1.0.0', description: 'JSON API of Civnet. Errors are `{ "error": { "code", "message", "fields"? } }`.' },
      servers: [{ url: config.publicUrl }],
    },
    transform: (arg) => {
      const url = arg.url;
      if (!(url.startsWith('/api/v1/') || url === '/healthz')) return { schema: { ...arg.schema, hide: true }, url };
      return jsonSchemaTransform(arg);
    },
    // operationIds, security requirements (token scope or session), standard 4xx answers, license:
    // completed from each route's declared access (src/lib/openapi.ts), for every route at once.
    transformObject: (doc) =>
      completeOpenapi(('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as Record<string, unknown>, app.routeTable, { sessionCookie: app.sessionCookie }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { deepLinking: false } });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./web/assets/', import.meta.url)),
    prefix: '/assets/',
    maxAge: config.production ? '1d' : 0,
    decorateReply: false,
  });

  // Who is calling: on the JSON API, an `Authorization` header (an API token; the cookie is then
  // ignored); otherwise the session cookie, resolved to a principal (or nobody).
  const authenticateBearer = bearerAuthenticator(app);
  const identify = (req: FastifyRequest, reply: FastifyReply): Promise<void> => (usesBearerToken(req) ? authenticateBearer(req, reply) : loadPrincipal(req, reply));
  /** Lets the caller through (undefined), or answers (a redirect, returned) or throws. `route` is
   * the route's config, read once by the gate (Fastify builds `req.routeOptions` anew at each read). */
  const authorize = (req: FastifyRequest, reply: FastifyReply, route: FastifyRequest['routeOptions']['config']): FastifyReply | undefined => {
    const a = route.access;
    if (!a) throw new AppError('forbidden');
    const verdict = decide(a, req.principal, req.mfaPendingUserId !== null);
    if (verdict === 'unauthenticated') {
      if (!isApiRequest(req) && req.method === 'GET') {
        // a members' page says so on the sign-in page (with the way to become one)
        return reply.redirect(`/login?next=${encodeURIComponent(req.url)}${isMembersPage(a) ? '&for=members' : ''}`, 303);
      }
      throw new AppError('unauthenticated');
    }
    if (verdict === 'forbidden') {
      req.log.info({ route: req.routeOptions.url, userId: req.principal?.userId }, 'permission denied');
      // a contact at an administrator's page (inviting, changing contacts…): say so, and the way back
      if (a.kind === 'orgAdmin' && req.principal?.orgs.size) throw new AppError('forbidden', { message: ONLY_ORG_ADMINS, wayOn: backToOrganization(req.principal, req.query) });
      throw new AppError('forbidden');
    }
    // A token call: the creator may call the route (above); the token must also hold its scope.
    requireTokenScope(req, reply, route);
    if (mustEnrollTotp(req.principal, config.production) && a.kind !== 'public' && !route.allowWithoutTotp) {
      if (!isApiRequest(req) && req.method === 'GET') return reply.redirect('/account/2fa', 303);
      throw new AppError('forbidden', { message: 'Turn on two-factor sign-in first: your role requires it.' });
    }
    return undefined;
  };
  // The gate: one callback hook for every request, in this order: the response's headers, load
  // shedding, the cookies, then who is calling and whether they may. A caller with no token and no
  // session cookie (nobody to look up) is decided at once, without a promise; an answered request
  // (a 503, a redirect) does not call done.
  app.addHook('onRequest', (req, reply, done) => {
    const route = req.routeOptions.config;
    if (route.api) reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
    else reply.headers(pageHeaders);
    if (worker !== undefined) reply.header('civnet-worker', worker);
    if (overloaded(req)) return shed(req, reply, (route as { pressureHandler?: unknown }).pressureHandler);
    const cookieHeader = req.headers.cookie;
    req.cookies = cookieHeader ? app.parseCookie(cookieHeader) : {};
    if (req.is404) return done();
    const proceed = () => {
      // A null character in the path or query (%00): no text column can store it.
      if (req.url.includes('%00')) return done(new AppError('bad_request', { message: NULL_CHARACTER_MESSAGE }));
      let answered: FastifyReply | undefined;
      try {
        answered = authorize(req, reply, route);
      } catch (err) {
        return done(err as Error);
      }
      if (answered === undefined) done();
    };
    if (!usesBearerToken(req) && !req.cookies[app.sessionCookie]) return proceed();
    identify(req, reply).then(proceed, (err: unknown) => done(err as Error));
  });

  app.setErrorHandler(async (err, req, reply) => {
    const e = toAppError(err);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: e.code, status: e.status }, 'request rejected');
    // A limit that knows its own window has said so already (Who's Who's, @fastify/rate-limit's).
    if (e.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
    if (e.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
    return respondWithError(req, reply, await withOrganizationNamed(deps.db, e).catch(() => e));
  });
  app.setNotFoundHandler(async (req, reply) => {
    await loadPrincipal(req, reply);
    return respondWithError(req, reply, new AppError('not_found', { message: 'There is no page at this address.' }));
  });

  for (const mod of modules) await app.register(mod);
  opts.extraRoutes?.(app);
  return app;
}

const ONLY_ORG_ADMINS = 'Only an administrator of your organization can do that.';

/** The way back from an administrator's page: the organization asked for when it is one of the
 * person's, or their only one (named by the error handler), else the home of all of theirs. */
function backToOrganization(p: Principal, query: unknown): WayOn {
  const asked = query && typeof query === 'object' ? (query as Record<string, unknown>).org : undefined;
  const id = typeof asked === 'string' && p.orgs.has(asked) ? asked : p.orgs.size === 1 ? [...p.orgs.keys()][0] : undefined;
  if (!id) return { href: '/org', label: 'Go to your organizations' };
  return { href: `/org?org=${encodeURIComponent(id)}`, label: 'Back to your organization', organizationId: id };
}

/** The error with its way on named after its organization ("Back to City of Elm"), when it has one. */
async function withOrganizationNamed(db: Deps['db'], e: AppError): Promise<AppError> {
  const id = e.wayOn?.organizationId;
  if (!e.wayOn || !id) return e;
  const name = (await organizationNames(db, [id])).get(id);
  if (!name) return e;
  return new AppError(e.code, { message: e.message, fields: e.fields, status: e.status, title: e.title, wayOn: { href: e.wayOn.href, label: `Back to ${name}` } });
}

/** Fastify's trustProxy for TRUST_PROXY: nobody when unset, the nearest n hops, or a list. */
function trustProxyOption(setting: number | string[] | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

async function respondWithError(req: FastifyRequest, reply: FastifyReply, e: AppError) {
  reply.code(e.status);
  if (isApiRequest(req) || (!(req.headers.accept ?? '').includes('text/html') && req.method !== 'GET')) {
    return reply.send({ error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } });
  }
  try {
    const ctx = await pageContext(req, reply);
    // Refused at a members' page for not being a member (a member or staff got past the gate):
    // the page says what it is for and how to become one, not "ask your administrator".
    const p = ctx.principal;
    const membersOnly = e.status === 403 && isMembersPage(req.routeOptions.config?.access) && !!p && !p.roles.has('member') && !isStaff(p);
    // one who has joined and waits (payment, eligibility) is sent to that membership, not to join again
    // (the place with a menu name: other places, like a business in a challenge, are no membership)
    const waiting = membersOnly && p ? (await Promise.all(req.server.deps.slots.personPlaces.map((slot) => slot(req.server.deps, p)))).find((x) => x?.menu) : undefined;
    return sendPage(reply, ErrorPage({ ctx, error: e, membersOnly: membersOnly ? { waiting: waiting ?? null } : undefined }), e.status);
  } catch {
    return reply.type('text/plain; charset=utf-8').send(e.message);
  }
}

/** How long to wait, in words, rounded up: '45 seconds', '1 minute', '10 minutes'. */
function waitFor(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
