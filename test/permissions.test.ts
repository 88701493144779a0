// The permission matrix: every registered route, called by every role, answers as its policy
// says. A route missing from this table, or registered without a policy, fails the suite.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../src/db/types.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from './helpers.js';

const ROLES = ['visitor', 'member', 'orgContact', 'orgAdmin', ...STAFF_ROLES] as const;
type Role = (typeof ROLES)[number];

const ALL: Role[] = [...ROLES];
const SIGNED_IN: Role[] = ROLES.filter((r) => r !== 'visitor');
const STAFF: Role[] = [...STAFF_ROLES];
const ADMIN: Role[] = ['admin'];
const MEMBERSHIP: Role[] = ['membership', 'admin'];
const NOBODY: Role[] = [];

/** Who may call each route. Keys ending in `*` match every route under that prefix. */
const EXPECTED: Record<string, Role[]> = {
  'GET /healthz': ALL,
  'GET /api/openapi.json': ALL,
  'GET /api/docs*': ALL,
  'GET /assets/*': ALL,
  'GET /': ALL,
  'GET /login': ALL,
  'POST /login': ALL,
  'GET /login/2fa': NOBODY, // only a session between password and code (tested in accounts)
  'POST /login/2fa': NOBODY,
  'POST /logout': SIGNED_IN,
  'GET /password/forgot': ALL,
  'POST /password/forgot': ALL,
  'GET /password/reset': ALL,
  'POST /password/reset': ALL,
  'GET /login/magic': ALL,
  'POST /login/magic': ALL,
  'GET /login/magic/verify': ALL,
  'POST /login/magic/verify': ALL,
  'GET /account': SIGNED_IN,
  'GET /account/2fa': SIGNED_IN,
  'POST /account/2fa': SIGNED_IN,
  'POST /account/2fa/disable': SIGNED_IN,
  'GET /api/v1/me': SIGNED_IN,
  'GET /dev/mailbox': STAFF,
  'GET /dev/mailbox/:id': STAFF,
  'GET /staff': STAFF,
  'GET /staff/settings': ADMIN,
  'POST /staff/settings': ADMIN,
  'GET /api/v1/association': ALL,
  'PUT /api/v1/association': ADMIN,
  'GET /staff/audit': ADMIN,
  'GET /api/v1/audit': ADMIN,
  // dues routes
  'GET /dues': ALL,
  'GET /api/v1/dues/quote': ALL,
  'GET /api/v1/dues/schedules': ALL,
  'GET /api/v1/dues/schedules/:id': ALL,
  'POST /api/v1/dues/schedules': MEMBERSHIP,
  'PUT /api/v1/dues/schedules/:id': MEMBERSHIP,
  'DELETE /api/v1/dues/schedules/:id': MEMBERSHIP,
  'GET /staff/dues': MEMBERSHIP,
  'GET /staff/dues/new': MEMBERSHIP,
  'POST /staff/dues': MEMBERSHIP,
  'GET /staff/dues/:id': MEMBERSHIP,
  'GET /staff/dues/:id/edit': MEMBERSHIP,
  'POST /staff/dues/:id': MEMBERSHIP,
  'POST /staff/dues/:id/delete': MEMBERSHIP,
  // join and places routes
  'GET /join': ALL,
  'GET /api/v1/join/sections': ALL,
  'GET /staff/join': ['communications', 'admin'],
  'GET /staff/join/:key': ['communications', 'admin'],
  'POST /staff/join/:key': ['communications', 'admin'],
  'GET /api/v1/places': ALL,
  // applications routes
  'GET /apply': ALL,
  'POST /apply': ALL,
  'POST /api/v1/applications': ALL,
  'GET /staff/applications': MEMBERSHIP,
  'GET /staff/applications/:id': MEMBERSHIP,
  'POST /staff/applications/:id/approve': MEMBERSHIP,
  'POST /staff/applications/:id/decline': MEMBERSHIP,
  'POST /staff/applications/:id/request-info': MEMBERSHIP,
  'GET /api/v1/applications': MEMBERSHIP,
  'GET /api/v1/applications/:id': MEMBERSHIP,
  'POST /api/v1/applications/:id/approve': MEMBERSHIP,
  'POST /api/v1/applications/:id/decline': MEMBERSHIP,
  'POST /api/v1/applications/:id/request-info': MEMBERSHIP,
  // billing routes
  'GET /staff/invoices': ['finance', 'admin'],
  'GET /staff/invoices.csv': ['finance', 'admin'],
  'GET /staff/invoices/new': ['finance', 'admin'],
  'POST /staff/invoices': ['finance', 'admin'],
  'GET /staff/invoices/:id': ['finance', 'admin'],
  'POST /staff/invoices/:id/payments': ['finance', 'admin'],
  'POST /staff/invoices/:id/void': ['finance', 'admin'],
  'POST /staff/invoices/:id/credit-notes': ['finance', 'admin'],
  'POST /staff/payments/:id/reverse': ['finance', 'admin'],
  'GET /staff/payments': ['finance', 'admin'],
  'GET /staff/payments.csv': ['finance', 'admin'],
  'GET /staff/receivables': ['finance', 'admin'],
  'GET /staff/receivables.csv': ['finance', 'admin'],
  'GET /api/v1/invoices': ['finance', 'admin'],
  'GET /api/v1/invoices/:id': ['finance', 'admin'],
  'POST /api/v1/invoices': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/payments': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/void': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/credit-notes': ['finance', 'admin'],
  'POST /api/v1/payments/:id/reversal': ['finance', 'admin'],
  'GET /api/v1/payments': ['finance', 'admin'],
  'GET /api/v1/receivables/ageing': ['finance', 'admin'],
  'POST /invoices/:token/checkout': ALL,
  'POST /api/v1/invoices/:token/checkout': ALL,
  'POST /webhooks/stripe': ALL,
  'GET /invoices/:token': ALL,
  'GET /invoices/:token/pdf': ALL,
  'GET /org': ['orgContact', 'orgAdmin'],
  'GET /org/invoices': ['orgContact', 'orgAdmin'],
  'GET /org/invoices/:id/pdf': ['orgContact', 'orgAdmin'],
  'GET /api/v1/org/invoices': ['orgContact', 'orgAdmin'],
  // network routes
  'GET /network': ALL,
  'GET /network/:slug': ALL,
  'GET /api/v1/network/members': ALL,
  'GET /api/v1/network/stats': ALL,
  'GET /org/profile': ['orgContact', 'orgAdmin'],
  'POST /org/profile': ['orgAdmin'], // a plain contact reads it only: 403 from the object-level check
  'GET /staff/pathways': ['communications', 'admin'],
  'POST /staff/pathways': ['communications', 'admin'],
  'GET /staff/pathways/:id': ['communications', 'admin'],
  'POST /staff/pathways/:id': ['communications', 'admin'],
  'POST /staff/pathways/:id/archive': ['communications', 'admin'],
};

function expectedFor(method: string, url: string): Role[] | undefined {
  const key = `${method} ${url}`;
  if (EXPECTED[key]) return EXPECTED[key];
  const prefix = Object.keys(EXPECTED).find((k) => k.endsWith('*') && key.startsWith(k.slice(0, -1)));
  return prefix ? EXPECTED[prefix] : undefined;
}

const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, randomUUID()).replace(/\*$/, 'site.css');

let ctx: TestContext;
const clients = new Map<Role, TestClient>();

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of ROLES) {
    const c = ctx.client();
    if (role !== 'visitor') {
      const account =
        role === 'member'
          ? await createAccount(ctx, { roles: ['member'] })
          : role === 'orgContact'
            ? await createAccount(ctx, { org: { role: 'contact' } })
            : role === 'orgAdmin'
              ? await createAccount(ctx, { org: { role: 'admin' } })
              : await createAccount(ctx, { roles: [role] });
      await c.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
    }
    clients.set(role, c);
  }
});
afterAll(() => ctx?.close());

describe('permission matrix', () => {
  it('every registered route has an expected policy in this table, and every entry is a route', () => {
    const routes = ctx.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => {
      const [method = '', url = ''] = r.split(' ');
      return !expectedFor(method, url);
    });
    expect(missing).toEqual([]);
    const stale = Object.keys(EXPECTED).filter((k) => !(k.endsWith('*') ? routes.some((r) => r.startsWith(k.slice(0, -1))) : routes.includes(k)));
    expect(stale).toEqual([]);
  });

  it('each role gets through exactly the routes its policy allows', async () => {
    const failures: string[] = [];
    // Signing out ends the session every later call relies on: it goes last.
    const routes = [...ctx.app.routeTable].sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
    for (const route of routes) {
      const allowed = expectedFor(route.method, route.url) ?? [];
      const url = concrete(route.url);
      for (const role of ROLES) {
        const c = clients.get(role);
        if (!c) throw new Error(role);
        const res =
          route.method === 'GET' ? await c.get(url) : route.url.startsWith('/api/') ? await c.sendJson(route.method as 'POST' | 'PUT', url, {}) : await c.postForm(url, {});
        const denied = res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 303 && String(res.headers.location).startsWith('/login?next='));
        const expectAllowed = allowed.includes(role);
        if (denied === expectAllowed) failures.push(`${role} ${route.method} ${route.url} → ${res.statusCode} (expected ${expectAllowed ? 'allowed' : 'denied'})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a visitor is sent to sign in on pages and gets 401 from the API', async () => {
    const v = clients.get('visitor');
    const page = await v?.get('/staff');
    expect(page?.statusCode).toBe(303);
    expect(page?.headers.location).toBe('/login?next=%2Fstaff');
    const api = await v?.getJson('/api/v1/me');
    expect(api?.statusCode).toBe(401);
    expect(api?.json()).toEqual({ error: { code: 'unauthenticated', message: 'Please sign in to continue.' } });
  });

  it('a signed-in person without the role gets a 403 page', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(member.email);
    const res = await c.get('/staff');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You do not have access to this page');
    const api = await c.getJson('/api/v1/audit');
    expect(api.json()).toEqual({ error: { code: 'forbidden', message: 'You do not have permission to do that.' } });
  });
});

describe('default deny', () => {
  it('a route added without a policy stops the app from starting', async () => {
    await expect(
      createTestContext({
        extraRoutes: (app) => {
          app.get('/no-policy', async () => 'reachable');
        },
      }),
    ).rejects.toThrow(/GET \/no-policy declares no access policy/);
  });
});
