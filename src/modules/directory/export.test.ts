// The staff's Who's Who export streams (issue 15): every current member, once each, however many
// there are, read in keyset batches of (name, id); people who share a name are neither lost nor
// repeated at a batch boundary; the audit log records the rows sent.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMemberLevel } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

// Past many batches of the 200 the export reads at a time, every one of them the same name.
const PEOPLE = process.env.TEST_DB === 'pg' ? 20_123 : 4_123;
let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const levelId = await aMemberLevel(ctx, { slug: 'export-test', name: 'Export test level', rule: 'free' });
  await sql`
    with made as (
      insert into users (email, name, password_changed_at, email_verified_at)
      select 'same-' || n || '@export.example.org', 'Avery Samename', now(), now() from generate_series(1, ${PEOPLE}) as n
      returning id)
    insert into individual_memberships (user_id, level_id, status, term_start, term_end, answers, quoted_cents)
    select id, ${levelId}::uuid, 'active', date '2026-01-01', date '2026-12-31', '{}', 0 from made`.execute(ctx.deps.db);
  // a lapsed member is not in the export
  await sql`update individual_memberships set status = 'lapsed' where user_id = (select id from users where email = 'same-1@export.example.org')`.execute(ctx.deps.db);
  const account = await createAccount(ctx, { roles: ['membership'] });
  staff = ctx.client();
  await staff.signIn(account.email);
}, 180_000);
afterAll(() => ctx?.close());

describe("Who's Who export", () => {
  it('has every current member once, across batch boundaries of one shared name, and the audit log counts them', async () => {
    const res = await staff.get('/staff/directory.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Name,Title,Employer,/);
    const same = lines.filter((l) => l.startsWith('Avery Samename,'));
    const profiles = new Set(same.map((l) => l.slice(l.lastIndexOf(',') + 1)));
    expect(same.length).toBe(PEOPLE - 1);
    expect(profiles.size).toBe(PEOPLE - 1);
    const names = lines.slice(1).map((l) => l.slice(0, l.indexOf(',')));
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    const audit = await sql<{ after: unknown }>`select after from audit_log where action = 'export.directory' order by at desc limit 1`.execute(ctx.deps.db);
    expect(audit.rows[0]?.after).toMatchObject({ rows: lines.length - 1 });
  });

  it('streams the same file compressed, brotli or gzip, when the client accepts it (each batch flushed as it is read)', async () => {
    const plain = await staff.get('/staff/directory.csv');
    const br = await staff.request('GET', '/staff/directory.csv', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    const gz = await staff.request('GET', '/staff/directory.csv', { headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
  });
});
