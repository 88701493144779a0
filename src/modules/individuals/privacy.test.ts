// Salary privacy: the salary typed at joining appears on the member's own page and finance
// staff's pages only — never on another page or API answer we serve around it, in an email, or
// in the audit log's before/after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Joined, joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { applyPayment } from '../billing/index.js';

// A salary whose every spelling is distinctive: $187,654.32 = 18765432 cents.
const SPELLINGS = ['187,654.32', '187654.32', '18765432', '187,654', '187654'];
const expectNoSalary = (body: string | undefined, where: string) => {
  for (const s of SPELLINGS) expect(body ?? '', `${where} shows the salary as ${s}`).not.toContain(s);
};

let ctx: TestContext;
let joined: Joined;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  ctx = await createTestContext();
  const levels = await seedLevels(ctx);
  joined = await joinAsManager(ctx, levels, { salary: '187,654.32' });
  await ctx.deps.db.transaction().execute(async (trx) => {
    const inv = await trx.selectFrom('invoices').select('total_cents').where('id', '=', joined.invoiceId).executeTakeFirstOrThrow();
    await applyPayment(trx, ctx.deps, { invoiceId: joined.invoiceId, amountCents: inv.total_cents, method: 'check', reference: '1' });
  });
  for (const role of ['finance', 'membership', 'admin', 'member'] as const) {
    const a = await createAccount(ctx, { roles: [role] });
    const c = ctx.client();
    await c.signIn(a.email, PASSWORD, a.totpSecret ? { secret: a.totpSecret, clock: ctx.clock } : undefined);
    clients.set(role, c);
  }
});
afterAll(() => ctx?.close());

describe('salary privacy', () => {
  it('the member sees their salary on their own page', async () => {
    const res = await joined.client.get('/me/membership');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('$187,654.32');
  });

  it('finance staff see it on the individual’s page, found by the list search', async () => {
    const finance = clients.get('finance');
    const list = await finance?.get(`/staff/individuals?q=${encodeURIComponent(joined.email)}`);
    expect(list?.statusCode).toBe(200);
    expect(list?.body).toContain(`/staff/individuals/${joined.membershipId}`);
    expectNoSalary(list?.body, 'the list');
    const page = await finance?.get(`/staff/individuals/${joined.membershipId}`);
    expect(page?.statusCode).toBe(200);
    expect(page?.body).toContain('$187,654.32');
  });

  it('membership staff open the membership from the list (person, level, term, status, invoices) without the salary or its form', async () => {
    const membership = clients.get('membership');
    const hub = await membership?.get('/staff');
    expect(hub?.body).toContain('href="/staff/individuals"');
    const list = await membership?.get(`/staff/individuals?q=${encodeURIComponent(joined.email)}`);
    expect(list?.statusCode).toBe(200);
    expect(list?.body).toContain(`/staff/individuals/${joined.membershipId}`);
    expect(list?.body).toContain('>Active<');
    const page = await membership?.get(`/staff/individuals/${joined.membershipId}`);
    expect(page?.statusCode).toBe(200);
    const text = page?.body ?? '';
    expect(text).toContain(joined.email);
    expect(text).toContain('Manager');
    expect(text).toContain('Active');
    expect(text).toContain(`/staff/invoices/${joined.invoiceId}`);
    expect(text).toContain('finance staff see and change them');
    expect(text).not.toContain('Dues quoted when joining');
    expectNoSalary(text, 'the membership staff page');
    expect(text).not.toContain('/salary"');
    const post = await membership?.postForm(`/staff/individuals/${joined.membershipId}/salary`, { salary: '1' });
    expect(post?.statusCode).toBe(403);
    expect((await clients.get('membership')?.get(`/staff/invoices/${joined.invoiceId}`))?.statusCode).toBe(200);
  });

  it('other members cannot reach it', async () => {
    expect((await clients.get('member')?.get(`/staff/individuals/${joined.membershipId}`))?.statusCode).toBe(403);
    expect((await clients.get('member')?.get('/staff/individuals'))?.statusCode).toBe(403);
  });

  it('no other page, API answer, email or audit row carries it', async () => {
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['public_token', 'id']).where('id', '=', joined.invoiceId).executeTakeFirstOrThrow();
    const checks: Array<[string | undefined, string, 'page' | 'json']> = [
      ['member', '/me/membership', 'page'],
      ['member', '/directory', 'page'],
      ['member', '/api/v1/directory?q=Robin', 'json'],
      ['membership', '/staff/levels', 'page'],
      ['finance', `/staff/invoices/${invoice.id}`, 'page'],
      ['finance', `/api/v1/invoices/${invoice.id}`, 'json'],
      ['finance', '/staff/invoices.csv', 'page'],
      ['admin', '/staff/audit', 'page'],
      ['admin', '/api/v1/audit', 'json'],
      [undefined, `/invoices/${invoice.public_token}`, 'page'],
      [undefined, '/api/v1/individual-dues/quote?level=manager&salaryCents=18765432&employerPopulation=20000&employerGeneralFundCents=2500000000', 'json'],
    ];
    for (const [who, url, kind] of checks) {
      const c = who ? clients.get(who) : ctx.client();
      const res = kind === 'json' ? await c?.getJson(url) : await c?.get(url);
      expectNoSalary(res?.body, `${who ?? 'visitor'} ${url}`);
    }
    const me = await joined.client.getJson('/api/v1/me');
    expectNoSalary(me.body, '/api/v1/me');
    const mail = await ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text', 'body_html']).execute();
    expectNoSalary(JSON.stringify(mail), 'the outbox');
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['before', 'after']).execute();
    expectNoSalary(JSON.stringify(audit), 'the audit log');
  });
});
