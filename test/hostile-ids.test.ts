// Hostile values in every route's path parameters: each route that takes one is called, by a role
// its policy lets in (so that the request reaches the handler), with ids that look like ids and are
// not (36 dashes fit /^[0-9a-f-]{36}$/ and name nothing), numbers that overflow, quotes, encoded
// slashes and invalid percent-encodings. Whatever the route makes of them, it answers with a 4xx
// (or a page saying so), never a 500: a database refusing an id it was handed is a 500.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from './helpers.js';
import { clientFor, expectedFor } from './permissions/clients.js';
import type { Role } from './permissions/roles.js';

const HOSTILE = [
  '-'.repeat(36),
  `${randomUUID()}x`,
  'ffffffff-ffff-ffff-ffff-fffffffffffff',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '99999999999999999999',
  '-1',
  "1' or '1'='1",
  '..%2F..%2Fetc%2Fpasswd',
  '%C0%AE',
  'a'.repeat(400),
];

let ctx: TestContext;
const clients = new Map<Role, TestClient>();

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** A client signed in as `role`, made once per role. */
async function clientAs(role: Role): Promise<TestClient> {
  const kept = clients.get(role);
  if (kept) return kept;
  const c = await clientFor(ctx, role);
  clients.set(role, c);
  return c;
}

/** The role to call a route as: a signed-in one its policy allows (past the sign-in wall), else a visitor. */
function callerOf(method: string, url: string): Role | null {
  const allowed = expectedFor(method, url) ?? [];
  return allowed.find((r) => r !== 'visitor' && r !== 'transition') ?? (allowed.includes('visitor') ? 'visitor' : null);
}

describe('hostile path parameters', () => {
  it('no route answers 500 to an id that is not one', async () => {
    const routes = ctx.app.routeTable.filter((r) => /[:*]/.test(r.url) && r.method !== 'HEAD' && r.url !== '/logout');
    expect(routes.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const role = callerOf(route.method, route.url);
      if (!role) continue;
      const c = await clientAs(role);
      for (const value of HOSTILE) {
        const v = value.includes('%') ? value : encodeURIComponent(value);
        const url = route.url.replace(/:[a-zA-Z]+/g, v).replace(/\*$/, v);
        const res =
          route.method === 'GET' ? await c.get(url) : route.url.startsWith('/api/') ? await c.sendJson(route.method as 'POST' | 'PUT', url, {}) : await c.postForm(url, {});
        calls++;
        if (res.statusCode >= 500) failures.push(`${role} ${route.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('hostile ids in query strings and page cursors', () => {
  const dashes = '-'.repeat(36);
  const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const CASES: Array<[Role, string]> = [
    ['visitor', `/jobs/alerts/unsubscribe?id=${dashes}&token=x`],
    ['membership', `/staff/renewals?cursor=2026-01-01T00:00:00.000Z_${dashes}`],
    ['membership', `/api/v1/renewals/runs?cursor=2026-01-01T00:00:00.000Z_${dashes}`],
    ['membership', `/staff/organizations?cursor=${json(['a', dashes])}`],
    ['membership', `/api/v1/organizations?cursor=${json(['a', dashes])}`],
    ['membership', `/staff/people?cursor=${json(['a', dashes])}`],
    ['membership', `/api/v1/people?cursor=${json(['a', dashes])}`],
  ];
  it.each(CASES)('%s GET %s is refused or empty, never a 500', async (role, url) => {
    const c = await clientAs(role);
    const res = url.startsWith('/api/') ? await c.getJson(url) : await c.get(url);
    expect(res.statusCode).toBeLessThan(500);
  });
});
