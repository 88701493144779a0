// The permission matrix: every registered route, called by every role, answers as its policy
// says. A route missing from the table (test/permissions/: organizations, people, community), or
// registered without a policy, fails the suite.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestClient, type TestContext } from './helpers.js';
import { clientFor, EXPECTED, expectedFor, PARTS } from './permissions/clients.js';
import { ROLES, type Role } from './permissions/roles.js';

const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, randomUUID()).replace(/\*$/, 'site.css');

let ctx: TestContext;
const clients = new Map<Role, TestClient>();

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of ROLES) clients.set(role, await clientFor(ctx, role));
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
    // a route is listed in one part only: a second entry would silently replace the first
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, entries] of Object.entries(PARTS)) {
      for (const key of Object.keys(entries)) {
        const first = seen.get(key);
        if (first) twice.push(`${key} (${first} and ${part})`);
        else seen.set(key, part);
      }
    }
    expect(twice).toEqual([]);
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
        // The transition account holds the membership role too: it may do what membership staff may.
        const expectAllowed = allowed.includes(role) || (role === 'transition' && allowed.includes('membership'));
        if (denied === expectAllowed) failures.push(`${role} ${route.method} ${route.url} → ${res.statusCode} (expected ${expectAllowed ? 'allowed' : 'denied'})`);
      }
    }
    expect(failures).toEqual([]);
    // Every route × every role: the table grows with each module. About 30 s on a quiet machine;
    // it took over 120 s with other suites running beside it.
  }, 300_000);

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

// An app of its own: the matrix above signs its clients out and spends the rate limits of the
// public forms.
describe('CSRF', () => {
  let own: TestContext;
  beforeAll(async () => {
    own = await createTestContext();
  });
  afterAll(() => own?.close());

  it('every route with an unsafe method refuses a call without the CSRF token, but those signed another way', async () => {
    // Routes authenticated by a signature or a one-time link instead (config.csrf false).
    const exempt = ['POST /webhooks/stripe', 'POST /newsletters/unsubscribe/:subscriberId/:listId', 'POST /groups/unsubscribe'];
    const refused: string[] = [];
    const passed: string[] = [];
    const signedIn = new Map<Role, TestClient>();
    for (const route of own.app.routeTable.filter((r) => r.method !== 'GET')) {
      const allowed = expectedFor(route.method, route.url) ?? [];
      // a signed-in caller the route lets in, so that the session cookie rides along
      const role = allowed.find((r) => r !== 'visitor');
      if (!role) continue; // nobody may call it (POST /login/2fa: a half-signed-in session, tested in accounts)
      const c = signedIn.get(role) ?? (await clientFor(own, role));
      signedIn.set(role, c);
      const api = route.url.startsWith('/api/');
      const res = await c.request(route.method as 'POST', concrete(route.url), {
        headers: { 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded', accept: 'application/json' },
        payload: api ? '{}' : '',
      });
      const key = `${route.method} ${route.url}`;
      if (res.statusCode === 403 && res.json().error?.code === 'csrf_invalid') refused.push(key);
      else passed.push(`${key} → ${res.statusCode}`);
    }
    expect(passed.map((p) => p.replace(/ → \d+$/, '')).sort()).toEqual([...exempt].sort());
    expect(refused.length).toBeGreaterThan(100);
  }, 120_000);
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
