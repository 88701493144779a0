// Ethics outcomes taking effect in the modules that act on them, through the real wiring: a case
// decided through the ethics staff pages, its appeal window closed by the daily job (clock-driven),
// then — an expulsion ends the respondent's individual membership and refuses their rejoining
// through HTTP; "credential revoked" takes the credential away at once in Who's Who and the public
// check. Before the window closes, nothing has changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aBarsMember,
  aCredentialHolder,
  aMember,
  barsJoinForm,
  ethicsPerson,
  ethicsPublishedCode,
  ethicsVisitorComplaint,
  PDF,
  seedLevels,
} from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { runEthicsDaily } from './index.js';

const DAY = 86_400_000;
let ctx: TestContext;
let staff: Awaited<ReturnType<typeof ethicsPerson>>;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
  await ethicsPublishedCode(ctx);
  staff = await ethicsPerson(ctx, { roles: ['ethics'] });
});
afterAll(() => ctx?.close());

/** A complaint against this account, opened, through fact-finding, decided with `outcome`. */
async function decided(respondentEmail: string, respondentName: string, outcome: string) {
  const c = await ethicsVisitorComplaint(ctx, { respondentName, facts: `Facts about ${respondentName}`, tenets: [1] });
  const s = staff.client;
  expect((await s.postForm(`/staff/ethics/cases/${c.caseId}/open`, { respondentEmail, responseDays: '30' })).statusCode).toBe(303);
  const due = new Date(ctx.clock.now().getTime() + 20 * DAY).toISOString().slice(0, 10);
  expect((await s.postForm(`/staff/ethics/cases/${c.caseId}/fact-finding`, { factFinder: 'State Association Ethics Committee', dueOn: due })).statusCode).toBe(303);
  const report = await s.postMultipart(`/staff/ethics/cases/${c.caseId}/report`, { report: 'The facts are established.' }, [
    { field: 'reportFile', filename: 'report.pdf', type: 'application/pdf', content: PDF },
  ]);
  expect(report.statusCode).toBe(303);
  const decision = await s.postForm(`/staff/ethics/cases/${c.caseId}/decision`, { outcome, reasons: 'Established by the fact-finder.', appealDays: '14' });
  expect(decision.statusCode).toBe(303);
  return c.caseId;
}

/** The appeal window passes with no appeal; the daily job makes the decision final. */
async function windowCloses(...signInAgain: Array<{ client: TestClient; email: string }>) {
  ctx.clock.advance(16 * DAY);
  await runEthicsDaily(ctx.deps);
  for (const p of [staff, ...signInAgain]) await p.client.signIn(p.email);
}

describe('an ethics outcome taking effect', () => {
  it('an expulsion ends the individual membership and bars rejoining, once the appeal window has closed', async () => {
    const m = await aBarsMember(ctx, levels, { name: 'Xavier Expelled' });
    await decided(m.email, 'Xavier Expelled', 'expulsion');
    // in the appeal window: still a member
    const during = await ctx.deps.db.selectFrom('individual_memberships').select('status').where('id', '=', m.membershipId).executeTakeFirstOrThrow();
    expect(during.status).toBe('active');

    await windowCloses(m);
    const after = await ctx.deps.db.selectFrom('individual_memberships').select('status').where('id', '=', m.membershipId).executeTakeFirstOrThrow();
    expect(after.status).toBe('ended');
    const rejoin = await m.client.postForm('/join/individual', barsJoinForm(levels));
    expect(rejoin.statusCode).toBe(403);
    expect(textOf(rejoin.body, '.error-summary')).toContain('you are barred from membership permanently');
    const memberships = await ctx.deps.db.selectFrom('individual_memberships').select('id').where('user_id', '=', m.userId).execute();
    expect(memberships).toHaveLength(1);
    expect((await ctx.client().get('/ethics/censures')).body).toContain('Xavier Expelled');
  }, 120_000);

  it('"credential revoked" takes the credential away in Who’s Who and the public check as soon as it takes effect', async () => {
    const holder = await aCredentialHolder(ctx, { name: 'Renata Revoked' });
    const viewer = ctx.client();
    const viewerAccount = await aMember(ctx);
    await viewer.signIn(viewerAccount.email);
    const marked = async () => (await viewer.get('/directory?q=Renata%20Revoked')).body.includes('Credentialed manager');
    expect(await marked()).toBe(true);

    await decided(holder.email, 'Renata Revoked', 'credential_revoked');
    expect(await marked()).toBe(true); // not before the decision is final

    await windowCloses({ client: viewer, email: viewerAccount.email });
    expect(await marked()).toBe(false);
    expect((await viewer.get(`/people/${holder.id}`)).body).not.toContain('Credentialed manager');
    expect((await ctx.client().get('/credential/verify?name=renata')).body).not.toContain('Renata Revoked');
    const credential = await ctx.deps.db.selectFrom('credentials').select('status').where('user_id', '=', holder.id).executeTakeFirstOrThrow();
    expect(credential.status).toBe('revoked');
  }, 120_000);
});
