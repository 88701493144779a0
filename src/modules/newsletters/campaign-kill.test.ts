// A campaign to a segment of 50,000 members on PostgreSQL, sent by a real `civnet newsletters send`
// killed with SIGKILL half-way and run again: every address in the segment gets it exactly once,
// suppressed addresses and subscribers outside the segment never, and every message carries a
// valid RFC 8058 `List-Unsubscribe` (an HTTPS link that unsubscribes) and `List-Unsubscribe-Post`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, memberContacts } from '../../../test/factories/index.js';
import { createTestContext, pathOf, type TestContext } from '../../../test/helpers.js';
import { releaseCampaign, saveCampaign, updateNewsletterSettings } from './index.js';

const SEGMENT = 50_000;
const PUBLIC_URL = 'https://civnet.test';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { PUBLIC_URL } });
});
afterAll(() => ctx.close());

function runCli(databaseUrl: string, campaignId: string) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/civnet.js', 'newsletters', 'send', campaignId], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString('utf8');
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, output }));
  });
  return { done, exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null), kill: () => child.kill('SIGKILL') };
}

describe.runIf(process.env.TEST_DB === 'pg')('a campaign to 50,000 members', () => {
  it('goes out once per address with the sender killed half-way and restarted, respects the suppression list, and carries RFC 8058 headers', async () => {
    const connectionString = ctx.deps.database.connectionString;
    if (!connectionString) throw new Error('no connection string on PostgreSQL');
    const list = await aNewsletterList(ctx, { name: 'Network news' });
    const inSegment = Array.from({ length: SEGMENT }, (_, i) => `vt-${i}@segment.example`);
    const suppressed = Array.from({ length: 50 }, (_, i) => `gone-${i}@segment.example`);
    const outside = Array.from({ length: 200 }, (_, i) => `or-${i}@segment.example`);
    await memberContacts(ctx, [...inSegment, ...suppressed], { state: 'VT' });
    await memberContacts(ctx, outside, { state: 'OR' });
    await confirmedSubscribers(ctx, list.id, [...inSegment, ...suppressed, ...outside]);
    await ctx.deps.db
      .insertInto('newsletter_suppressions')
      .values(suppressed.map((email, i) => ({ email, reason: i % 2 ? ('bounced' as const) : ('complained' as const), detail: 'test' })))
      .execute();
    await updateNewsletterSettings(ctx.deps, { ratePerMinute: 1_000_000, batchSize: 1_000 }, { userId: null });
    const id = await saveCampaign(ctx.deps, { listId: list.id, subject: 'Network news, spring', body: 'Hello **Vermont**.', segment: { states: ['VT'] } }, { userId: null });
    await releaseCampaign(ctx.deps, id, null, { userId: null });

    const queuedCount = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom('newsletter_campaign_recipients')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('campaign_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );

    const first = runCli(connectionString, id);
    let killedAt: number | null = null;
    while (first.exitCode() === null) {
      const n = await queuedCount();
      if (n >= 5_000) {
        first.kill();
        killedAt = n;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstExit = await first.done;
    expect(killedAt, firstExit.output).not.toBeNull();
    expect(firstExit.signal).toBe('SIGKILL');
    const afterKill = await queuedCount();
    expect(afterKill).toBeLessThan(SEGMENT); // the kill landed half-way
    expect(afterKill % 1_000).toBe(0); // whole batches only: a killed batch rolled back

    const second = runCli(connectionString, id);
    const secondExit = await second.done;
    expect(secondExit.code, secondExit.output).toBe(0);
    expect(secondExit.output).toContain(`${SEGMENT - afterKill} message(s) queued`);

    // Once per address: the outbox holds one message per address of the segment, none else.
    const perAddress = await ctx.deps.db
      .selectFrom('outbox')
      .select(['to_address', (eb) => eb.fn.countAll<string>().as('n')])
      .where('template', '=', 'newsletters.campaign')
      .where('to_address', 'like', '%@segment.example')
      .groupBy('to_address')
      .execute();
    expect(perAddress).toHaveLength(SEGMENT);
    expect(perAddress.every((r) => Number(r.n) === 1)).toBe(true);
    const got = new Set(perAddress.map((r) => r.to_address));
    expect(suppressed.some((e) => got.has(e))).toBe(false);
    expect(outside.some((e) => got.has(e))).toBe(false);
    const campaign = await ctx.deps.db.selectFrom('newsletter_campaigns').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(campaign.state).toBe('sent');

    // Every message's headers: an HTTPS one-click link of its own, and the One-Click post.
    const bad = await sql<{ n: string }>`select count(*) as n from outbox o join newsletter_campaign_recipients r on r.outbox_id = o.id
        where r.campaign_id = ${id} and not (
          o.headers->>'List-Unsubscribe-Post' = 'List-Unsubscribe=One-Click'
          and o.headers->>'List-Unsubscribe' like ${`<${PUBLIC_URL}/newsletters/unsubscribe/%`}
          and o.headers->>'List-Unsubscribe' like '%' || r.subscriber_id::text || '%')`.execute(ctx.deps.db);
    expect(Number(bad.rows[0]?.n)).toBe(0);
    // a sample of those links unsubscribes its own address with no session or CSRF token
    const sample = await ctx.deps.db
      .selectFrom('outbox as o')
      .innerJoin('newsletter_campaign_recipients as r', 'r.outbox_id', 'o.id')
      .select(['o.headers', 'r.email'])
      .where('r.campaign_id', '=', id)
      .orderBy('r.email')
      .limit(3)
      .execute();
    for (const m of sample) {
      const link = /^<(https:\/\/[^>]+)>$/.exec(m.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
      const res = await ctx.app.inject({
        method: 'POST',
        url: pathOf(link),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(res.statusCode).toBe(200);
      const s = await ctx.deps.db
        .selectFrom('newsletter_subscriptions as s')
        .innerJoin('newsletter_subscribers as b', 'b.id', 's.subscriber_id')
        .select('s.status')
        .where('b.email', '=', m.email)
        .where('s.list_id', '=', list.id)
        .executeTakeFirstOrThrow();
      expect(s.status).toBe('unsubscribed');
    }
  }, 600_000);
});
