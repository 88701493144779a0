// The PostgreSQL store of @fastify/rate-limit: hits counted in one window per limit and client,
// kept apart between limits, and a fresh window once the last one has ended.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/helpers.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

type Store = InstanceType<ReturnType<typeof postgresRateLimitStore>>;
const hit = (store: Store, key: string, windowMs = 60_000) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (err, res) => (err || !res ? reject(err) : resolve(res)), windowMs, 10));

// The table exists on both engines; the store is used on PostgreSQL (PGlite keeps the plugin's own).
describe('the PostgreSQL rate-limit store', () => {
  it('counts hits per limit and client, and starts a new window after the last one ended', async () => {
    const Store = postgresRateLimitStore(ctx.deps.db);
    const root = new Store({});
    const login = root.child({ routeInfo: { method: 'POST', url: '/login' } } as never);
    const other = root.child({ routeInfo: { method: 'POST', url: '/request-access' } } as never);
    expect((await hit(login, '10.0.0.1')).current).toBe(1);
    expect((await hit(login, '10.0.0.1')).current).toBe(2);
    const third = await hit(login, '10.0.0.1');
    expect(third.current).toBe(3);
    expect(third.ttl).toBeGreaterThan(0);
    expect(third.ttl).toBeLessThanOrEqual(60_000);
    expect((await hit(login, '10.0.0.2')).current).toBe(1); // another client
    expect((await hit(other, '10.0.0.1')).current).toBe(1); // another limit
    // a second app (another process) built the same way counts into the same row
    const again = new (postgresRateLimitStore(ctx.deps.db))({}).child({ routeInfo: { method: 'POST', url: '/login' } } as never);
    expect((await hit(again, '10.0.0.1')).current).toBe(4);
    // the window ends: the next hit opens a new one
    await sql`update rate_limit_hits set expires_at = now() - interval '1 second' where key = ${'POST /login|10.0.0.1'}`.execute(ctx.deps.db);
    expect((await hit(login, '10.0.0.1')).current).toBe(1);
  });
});
