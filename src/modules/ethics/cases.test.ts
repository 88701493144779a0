// A case walks through its stages on an injected clock: intake → the member's response (deadline,
// reminders from the daily job) → fact-finding → public censure → appeal upheld; the censure is
// published only once in effect. Another case's appeal window closes with no appeal (the job), and
// an expulsion taking effect runs the sanction hooks; an overturned decision runs none.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday, ethicsCaseOf, ethicsMailTo, ethicsPerson, ethicsPostComplaint, ethicsPublishedCode, ethicsVisitorComplaint, PDF } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { tableOf, textsOf } from '../../../test/html.js';
import type { EthicsSanction } from '../../deps.js';
import { runEthicsDaily } from './index.js';

const DAY = 86_400_000;
let ctx: TestContext;
const sanctions: EthicsSanction[] = [];
type Person = Awaited<ReturnType<typeof ethicsPerson>>;
/** Moves the clock and signs these people in again (their sessions time out as the clock moves). */
async function later(days: number, ...people: Person[]) {
  ctx.clock.advance(days * DAY);
  for (const p of people) await p.client.signIn(p.email);
}

beforeAll(async () => {
  ctx = await createTestContext();
  // noon in the association's zone: whole days of 24 h then never cross a midnight, even over a
  // change to or from daylight saving time (at 23:02 in March, 14 × 24 h landed on the next date)
  const { time_zone } = await ctx.deps.association.get();
  ctx.clock.set(DateTime.fromJSDate(ctx.clock.now(), { zone: time_zone }).plus({ days: 1 }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toJSDate());
  // a subscriber of this app's deps, as individuals and credentialing subscribe in wireModules
  ctx.deps.hooks.ethicsSanction.push(async (trx, _deps, s) => {
    const c = await trx.selectFrom('ethics_cases').select('stage').where('id', '=', s.caseId).executeTakeFirstOrThrow();
    expect(c.stage).toBe('final'); // in the same transaction: the case is final already
    sanctions.push(s);
  });
  await ethicsPublishedCode(ctx);
});
afterAll(() => ctx?.close());

// calendar days in the association's time zone, as the module counts them
const today = () => dayFromToday(ctx, 0);
const inDays = (n: number) => dayFromToday(ctx, n);
const censures = async () => (await ctx.client().get('/ethics/censures')).body;
const sanctionsOf = (caseId: string) => sanctions.filter((s) => s.caseId === caseId);

async function openedCase(staff: Person, respondentEmail: string, facts: string, respondentName: string) {
  const c = await ethicsVisitorComplaint(ctx, { respondentName, facts, tenets: [1, 3] });
  expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/open`, { respondentEmail, responseDays: '30' })).statusCode).toBe(303);
  return c;
}

async function toDecision(staff: Person, caseId: string) {
  expect(
    (await staff.client.postForm(`/staff/ethics/cases/${caseId}/fact-finding`, { factFinder: 'State Association Ethics Committee', dueOn: await inDays(20) })).statusCode,
  ).toBe(303);
  const report = await staff.client.postMultipart(`/staff/ethics/cases/${caseId}/report`, { report: 'The facts are established.' }, [
    { field: 'reportFile', filename: 'report.pdf', type: 'application/pdf', content: PDF },
  ]);
  expect(report.statusCode).toBe(303);
}

describe('a case from complaint to a public censure upheld on appeal', () => {
  it('walks every stage, with deadlines and reminders driven by the clock', async () => {
    const staff = await ethicsPerson(ctx, { roles: ['ethics'] });
    const respondent = await ethicsPerson(ctx, { name: 'Robin Respondent', roles: ['member'] });
    const visitor = ctx.client();

    // intake: a visitor's complaint is held until the emailed link is followed
    const email = 'walker@test.example';
    const filed = await ethicsPostComplaint(visitor, {
      name: 'Wally Walker',
      email: 'held@test.example',
      respondentName: 'Robin Respondent',
      respondentPosition: 'City Manager',
      facts: 'WALK-FACTS',
      tenets: [1, 3],
    });
    expect(filed.statusCode).toBe(200);
    expect(filed.body).toContain('Check your email');
    const held = await ethicsCaseOf(ctx, 'held@test.example');
    expect(held.stage).toBe('unconfirmed');
    expect((await staff.client.get('/staff/ethics')).body).not.toContain(held.reference);
    const c = await ethicsVisitorComplaint(ctx, { email, respondentName: 'Robin Respondent', respondentPosition: 'City Manager', facts: 'WALK-FACTS-2', tenets: [1, 3] });
    const status = await c.visitor.get(c.statusPath);
    expect(status.body).toContain('Stage: <strong>received</strong>');
    expect(status.body).not.toContain('WALK-FACTS');
    const ack = await ethicsMailTo(ctx, email, 'ethics.complaint_received');
    expect(ack).toHaveLength(1);
    expect(ack[0]?.body_text).toContain(c.statusPath);
    expect((await staff.client.get('/staff/ethics')).body).toContain(c.reference);

    // bad input changes nothing
    const bad = await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/open`, { respondentEmail: 'nobody@test.example', responseDays: '30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('No account has this email');
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/open`, { respondentEmail: respondent.email, responseDays: '3' })).statusCode).toBe(400);

    // intake review opens the case: the respondent's response is due in 30 days
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/open`, { respondentEmail: respondent.email, responseDays: '30' })).statusCode).toBe(303);
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/open`, { respondentEmail: respondent.email, responseDays: '30' })).statusCode).toBe(409);
    expect(await ethicsMailTo(ctx, respondent.email, 'ethics.case_opened')).toHaveLength(1);
    const due = await inDays(30);
    const mine = await respondent.client.get(`/me/ethics/${c.caseId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('WALK-FACTS-2');
    expect(mine.body).toContain('evidence.pdf');
    expect((await c.visitor.get(c.statusPath)).body).toContain('Stage: <strong>under review</strong>');

    // reminders: none yet; 7 days before, one; again the same day, none more; 1 day before, one more
    await runEthicsDaily(ctx.deps);
    expect(await ethicsMailTo(ctx, respondent.email, 'ethics.response_reminder')).toHaveLength(0);
    await later(23, staff, respondent);
    await runEthicsDaily(ctx.deps);
    await runEthicsDaily(ctx.deps);
    const reminders = await ethicsMailTo(ctx, respondent.email, 'ethics.response_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.body_text).toContain('in 7 days');
    await later(6, staff, respondent);
    await runEthicsDaily(ctx.deps);
    expect(await ethicsMailTo(ctx, respondent.email, 'ethics.response_reminder')).toHaveLength(2);
    expect((await today()) < due).toBe(true);

    // the written response, with a file; a second one is refused
    const response = await respondent.client.postMultipart(`/me/ethics/${c.caseId}/response`, { text: 'WALK-RESPONSE' }, [
      { field: 'files', filename: 'answer.pdf', type: 'application/pdf', content: PDF },
    ]);
    expect(response.statusCode).toBe(303);
    expect((await respondent.client.postMultipart(`/me/ethics/${c.caseId}/response`, { text: 'again' })).statusCode).toBe(409);

    // fact-finding and its report; the committee's decision: public censure, 30 days to appeal
    await toDecision(staff, c.caseId);
    const decided = await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/decision`, { outcome: 'public_censure', reasons: 'WALK-REASONS', appealDays: '30' });
    expect(decided.statusCode).toBe(303);
    expect(await censures()).not.toContain('Robin Respondent');

    // the respondent appeals within the window; the window's end passes; nothing is published
    expect((await respondent.client.postForm(`/me/ethics/${c.caseId}/appeal`, { text: 'WALK-APPEAL' })).statusCode).toBe(303);
    await later(31, staff, respondent);
    await runEthicsDaily(ctx.deps);
    expect(await censures()).not.toContain('Robin Respondent');
    expect(sanctionsOf(c.caseId)).toHaveLength(0);

    // the appeal upholds the decision: in effect today, published, the hook run once
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/appeal-decision`, { result: 'upheld', reasons: 'Upheld.' })).statusCode).toBe(303);
    const page = await censures();
    expect(page).toContain('Robin Respondent');
    expect(page).toContain('City Manager');
    expect(page).toContain('Tenet 1: Integrity');
    expect(page).not.toContain('WALK-');
    const effective = await today();
    const fifth = `${Number(effective.slice(0, 4)) + 5}${effective.slice(4)}`;
    expect(sanctionsOf(c.caseId)).toEqual([{ caseId: c.caseId, userId: respondent.id, outcome: 'public_censure', effectiveOn: effective, until: fifth }]);

    // the timeline dates each step (in words, in the association's time zone) and names who acted
    const staffPage = (await staff.client.get(`/staff/ethics/cases/${c.caseId}`)).body;
    const whens = textsOf(tableOf(staffPage, 'Timeline'), 'tbody td:first-child');
    expect(whens.length).toBeGreaterThan(5);
    for (const when of whens) expect(when).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M [A-Z]{3,4}$/);
    for (const step of [
      'Complaint confirmed',
      'Opened',
      'Written response received',
      'Fact-finding assigned',
      'report recorded',
      'Committee decision',
      'Appeal filed',
      'Appeal decided',
      'Decision final',
    ])
      expect(staffPage).toContain(step);
    expect(staffPage).toContain(staff.name);
    expect((await c.visitor.get(c.statusPath)).body).toContain('Stage: <strong>closed</strong>');
  }, 90_000);

  it('a censure with no appeal is published only once its appeal window closes and the job runs', async () => {
    const staff = await ethicsPerson(ctx, { roles: ['ethics'] });
    const respondent = await ethicsPerson(ctx, { name: 'Quinn Quiet' });
    const c = await openedCase(staff, respondent.email, 'QUIET-FACTS', 'Quinn Quiet');
    expect((await respondent.client.postMultipart(`/me/ethics/${c.caseId}/response`, { text: 'No comment.' })).statusCode).toBe(303);
    await toDecision(staff, c.caseId);
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/decision`, { outcome: 'public_censure', reasons: 'r', appealDays: '30' })).statusCode).toBe(303);
    ctx.clock.advance(30 * DAY); // the window's last day
    await runEthicsDaily(ctx.deps);
    expect(await censures()).not.toContain('Quinn Quiet');
    await later(1, respondent);
    expect(await censures()).not.toContain('Quinn Quiet'); // not until the job has run
    await runEthicsDaily(ctx.deps);
    expect(await censures()).toContain('Quinn Quiet');
    expect((await respondent.client.postForm(`/me/ethics/${c.caseId}/appeal`, { text: 'Too late.' })).statusCode).toBe(409);
  }, 90_000);
});

describe('sanctions taking effect', () => {
  it('an expulsion runs every ethicsSanction hook when its window closes, with no end date', async () => {
    const staff = await ethicsPerson(ctx, { roles: ['ethics'] });
    const respondent = await ethicsPerson(ctx, { name: 'Eli Expelled', roles: ['member'] });
    const c = await openedCase(staff, respondent.email, 'EXPEL-FACTS', 'Eli Expelled');
    await toDecision(staff, c.caseId);
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/decision`, { outcome: 'expulsion', reasons: 'r', appealDays: '14' })).statusCode).toBe(303);
    ctx.clock.advance(14 * DAY);
    const closes = await today();
    ctx.clock.advance(DAY);
    await runEthicsDaily(ctx.deps);
    const dayAfter = new Date(Date.parse(`${closes}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    expect(sanctionsOf(c.caseId)).toEqual([{ caseId: c.caseId, userId: respondent.id, outcome: 'expulsion', effectiveOn: dayAfter, until: null }]);
    expect(await censures()).toContain('Eli Expelled');
    await runEthicsDaily(ctx.deps); // a second run fires nothing more
    expect(sanctionsOf(c.caseId)).toHaveLength(1);
  }, 90_000);

  it('a suspension is validated (at most five years) and an overturned one fires nothing', async () => {
    const staff = await ethicsPerson(ctx, { roles: ['ethics'] });
    const respondent = await ethicsPerson(ctx, { name: 'Sam Suspended' });
    const c = await openedCase(staff, respondent.email, 'SUSPEND-FACTS', 'Sam Suspended');
    await toDecision(staff, c.caseId);
    const decide = (extra: Record<string, string>) =>
      staff.client.postForm(`/staff/ethics/cases/${c.caseId}/decision`, { outcome: 'suspension', reasons: 'r', appealDays: '30', ...extra });
    const tooLong = await decide({ suspensionUntil: await inDays(6 * 366) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('five years at most');
    expect((await decide({})).statusCode).toBe(400);
    expect((await decide({ suspensionUntil: await inDays(365) })).statusCode).toBe(303);
    expect((await respondent.client.postForm(`/me/ethics/${c.caseId}/appeal`, { text: 'Unfair.' })).statusCode).toBe(303);
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/appeal-decision`, { result: 'overturned', reasons: 'Overturned.' })).statusCode).toBe(303);
    ctx.clock.advance(40 * DAY);
    await runEthicsDaily(ctx.deps);
    expect(sanctionsOf(c.caseId)).toEqual([]);
  }, 90_000);

  it('dismissal at intake closes the complaint; a private censure fires nothing and is not published', async () => {
    const staff = await ethicsPerson(ctx, { roles: ['ethics'] });
    const d = await ethicsVisitorComplaint(ctx, { respondentName: 'Dee Dismissed', facts: 'DISMISS-FACTS' });
    expect((await staff.client.postForm(`/staff/ethics/cases/${d.caseId}/dismiss`, { reason: '' })).statusCode).toBe(400);
    expect((await staff.client.postForm(`/staff/ethics/cases/${d.caseId}/dismiss`, { reason: 'Outside the code.' })).statusCode).toBe(303);
    expect((await d.visitor.get(d.statusPath)).body).toContain('Stage: <strong>closed</strong>');
    const respondent = await ethicsPerson(ctx, { name: 'Pat Private' });
    const c = await openedCase(staff, respondent.email, 'PRIVATE-FACTS', 'Pat Private');
    await toDecision(staff, c.caseId);
    expect((await staff.client.postForm(`/staff/ethics/cases/${c.caseId}/decision`, { outcome: 'private_censure', reasons: 'r', appealDays: '7' })).statusCode).toBe(303);
    ctx.clock.advance(8 * DAY);
    await runEthicsDaily(ctx.deps);
    expect(sanctionsOf(c.caseId)).toEqual([]);
    expect(await censures()).not.toContain('Pat Private');
  }, 90_000);
});
