// Ethics sanctions in individual membership (issue 17, I5): a suspension or an expulsion, announced
// the way ethics does (the real `deps.hooks.ethicsSanction`, in a transaction), ends the
// membership and bars joining again — through the page, a direct POST or a JSON body — until the
// bar ends (clock-driven); an expulsion for good. A public censure or a revoked credential does
// nothing here. The bar's audit row stays out of the audit log's general view.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBarsMember, anEthicsSanctionTakingEffect, barsJoinForm, seedLevels, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { formatDay } from '../../lib/format.js';
import { mergeAccounts } from '../accounts/index.js';

let ctx: TestContext;
let levels: Record<string, string>;
beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

const DAY = 86_400_000;
const today = () => ctx.clock.now().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
const membershipsOf = (userId: string) => ctx.deps.db.selectFrom('individual_memberships').select(['id', 'status']).where('user_id', '=', userId).orderBy('created_at').execute();
const hasMemberRole = async (userId: string) =>
  !!(await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).where('role', '=', 'member').executeTakeFirst());

describe('a suspension', () => {
  it('ends the membership, bars joining with the date through the page and a JSON post, and lets the person join once it has ended', async () => {
    const m = await aBarsMember(ctx, levels);
    expect(await membershipsOf(m.userId)).toEqual([{ id: m.membershipId, status: 'active' }]);
    expect(await hasMemberRole(m.userId)).toBe(true);
    const caseId = randomUUID();
    const until = inDays(400);
    await anEthicsSanctionTakingEffect(ctx, { caseId, userId: m.userId, outcome: 'suspension', effectiveOn: today(), until });

    expect(await membershipsOf(m.userId)).toEqual([{ id: m.membershipId, status: 'ended' }]);
    expect(await hasMemberRole(m.userId)).toBe(false);
    // audited: the membership ended (no reason given there), and the bar
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'after'])
      .where('action', 'in', ['individuals.membership_ended', 'individuals.barred'])
      .execute();
    expect(audit.filter((a) => a.action === 'individuals.membership_ended' && JSON.stringify(a.after) === JSON.stringify({ status: 'ended' }))).not.toHaveLength(0);
    expect(audit.find((a) => a.action === 'individuals.barred' && (a.after as { caseId?: string }).caseId === caseId)?.entity_type).toBe('individual_bar');

    // The page: refused with the date, nothing created.
    const page = await m.client.postForm('/join/individual', barsJoinForm(levels));
    expect(page.statusCode).toBe(403);
    const message = textOf(page.body, '.error-summary');
    expect(message).toContain(`Your membership is suspended until ${formatDay(until)} under the Code of Ethics`);
    // A JSON body to the same route (no form, no page): refused the same way.
    const api = await m.client.sendJson('POST', '/join/individual', barsJoinForm(levels));
    expect(api.statusCode).toBe(403);
    expect(await membershipsOf(m.userId)).toHaveLength(1);

    // The last day of the suspension: still barred.
    ctx.clock.set(`${until}T23:00:00Z`);
    await m.client.signIn(m.email); // the session has long expired
    expect((await m.client.postForm('/join/individual', barsJoinForm(levels))).statusCode).toBe(403);
    // Past midnight UTC it is still the last day in the association's New York; the day after
    // there (05:00 UTC in winter), the bar has ended and joining works.
    ctx.clock.advance(2 * 3_600_000);
    await m.client.signIn(m.email);
    expect((await m.client.postForm('/join/individual', barsJoinForm(levels))).statusCode).toBe(403);
    ctx.clock.advance(5 * 3_600_000);
    await m.client.signIn(m.email);
    const again = await m.client.postForm('/join/individual', barsJoinForm(levels));
    expect(again.statusCode, again.statusCode === 303 ? '' : textOf(again.body, '.error-summary')).toBe(303);
    expect((await membershipsOf(m.userId)).map((x) => x.status)).toEqual(['ended', 'pending']);
    ctx.clock.set(new Date());
  });

  it('of a person whose membership awaits payment ends it and voids the unpaid invoice, with a reason that does not name ethics', async () => {
    const m = await aBarsMember(ctx, levels, { paid: false });
    await anEthicsSanctionTakingEffect(ctx, { caseId: randomUUID(), userId: m.userId, outcome: 'suspension', effectiveOn: today(), until: inDays(30) });
    expect(await membershipsOf(m.userId)).toEqual([{ id: m.membershipId, status: 'ended' }]);
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['status', 'void_reason']).where('id', '=', m.invoiceId).executeTakeFirstOrThrow();
    expect(invoice.status).toBe('void');
    expect(invoice.void_reason).toBe('The membership ended');
  });

  it('announced twice for one case records one bar and ends nothing more', async () => {
    const m = await aBarsMember(ctx, levels);
    const s = { caseId: randomUUID(), userId: m.userId, outcome: 'suspension' as const, effectiveOn: today(), until: inDays(60) };
    await anEthicsSanctionTakingEffect(ctx, s);
    await anEthicsSanctionTakingEffect(ctx, s);
    expect(await ctx.deps.db.selectFrom('individual_bars').select('id').where('user_id', '=', m.userId).execute()).toHaveLength(1);
    expect(
      await ctx.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'individuals.membership_ended').where('entity_id', '=', m.membershipId).execute(),
    ).toHaveLength(1);
  });
});

describe('an expulsion', () => {
  it('bars joining permanently: still refused ten years on', async () => {
    const m = await aBarsMember(ctx, levels);
    await anEthicsSanctionTakingEffect(ctx, { caseId: randomUUID(), userId: m.userId, outcome: 'expulsion', effectiveOn: today(), until: null });
    expect((await membershipsOf(m.userId)).map((x) => x.status)).toEqual(['ended']);
    const res = await m.client.postForm('/join/individual', barsJoinForm(levels));
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body, '.error-summary')).toContain('ended by expulsion under the Code of Ethics: you are barred from membership permanently');
    ctx.clock.advance(3653 * DAY);
    await m.client.signIn(m.email);
    expect((await m.client.postForm('/join/individual', barsJoinForm(levels))).statusCode).toBe(403);
    expect(await membershipsOf(m.userId)).toHaveLength(1);
    ctx.clock.set(new Date());
  });

  it('follows the person when their accounts are merged', async () => {
    const m = await aBarsMember(ctx, levels);
    await anEthicsSanctionTakingEffect(ctx, { caseId: randomUUID(), userId: m.userId, outcome: 'expulsion', effectiveOn: today(), until: null });
    const other = await createAccount(ctx, { name: 'Pat Respondent (second address)' });
    const admin = await createAccount(ctx, { roles: ['admin'] });
    await mergeAccounts(ctx.deps, { fromUserId: m.userId, intoUserId: other.id, actor: { userId: admin.id, name: 'Admin', admin: true } });
    const c = ctx.client();
    await c.signIn(other.email, PASSWORD);
    expect((await c.postForm('/join/individual', barsJoinForm(levels))).statusCode).toBe(403);
  });
});

describe('other outcomes and confidentiality', () => {
  for (const outcome of ['public_censure', 'credential_revoked'] as const) {
    it(`a ${outcome.replace('_', ' ')} does nothing to the individual membership`, async () => {
      const m = await aBarsMember(ctx, levels);
      await anEthicsSanctionTakingEffect(ctx, { caseId: randomUUID(), userId: m.userId, outcome, effectiveOn: today(), until: outcome === 'public_censure' ? inDays(1826) : null });
      expect(await membershipsOf(m.userId)).toEqual([{ id: m.membershipId, status: 'active' }]);
      expect(await ctx.deps.db.selectFrom('individual_bars').select('id').where('user_id', '=', m.userId).execute()).toEqual([]);
      expect(await hasMemberRole(m.userId)).toBe(true);
    });
  }

  it('the audit log’s general view does not list bars, even to a staff admin', async () => {
    const m = await aBarsMember(ctx, levels);
    await anEthicsSanctionTakingEffect(ctx, { caseId: randomUUID(), userId: m.userId, outcome: 'suspension', effectiveOn: today(), until: inDays(90) });
    const admin = await signedInAs(ctx, ['admin']);
    const res = await admin.getJson('/api/v1/audit?action=individuals.');
    expect(res.statusCode).toBe(200);
    const actions = (res.json() as { entries: Array<{ action: string }> }).entries.map((e) => e.action);
    expect(actions).toContain('individuals.membership_ended');
    expect(actions).not.toContain('individuals.barred');
  });
});
