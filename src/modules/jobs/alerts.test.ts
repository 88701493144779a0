// Saved searches and their daily alert, driven by the clock: the daily job emails a saved search
// exactly the live postings that match it and were published since it was saved, each once (the
// job run twice sends nothing more), and the email's one-click link stops the alerts without
// signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { JOB_ALERTS_QUEUE, runJobAlerts } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const alertsTo = (email: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', 'jobs.alert').orderBy('created_at').execute();

/** The daily job as the runner works it: queued, then drained. */
async function runDailyJob() {
  await ctx.deps.jobs.send(ctx.deps.db, JOB_ALERTS_QUEUE, {});
  await ctx.deps.jobs.drain(JOB_ALERTS_QUEUE);
}

describe('a saved search’s daily alert', () => {
  it('emails exactly the new matches, once, and unsubscribes in one click', async () => {
    ctx.clock.set('2027-05-01T08:00:00Z');
    await aJobPosting(ctx, { fields: { title: 'Old Colorado Planner', state: 'CO', description: 'Planning for the city.' } });
    const seeker = await createAccount(ctx, { roles: ['member'] });
    const c = await signedIn(ctx, seeker.email);
    ctx.clock.set('2027-05-01T09:00:00Z');
    const saved = await c.postForm('/jobs/saved-searches', { q: 'planner', state: 'CO', salaryMin: '60000' });
    expect(saved.statusCode).toBe(303);
    expect(dom((await c.get('/jobs/mine')).body).querySelector('caption')).toBeTruthy();

    // the next day: two new matches, and three that do not match (state, salary, keyword)
    ctx.clock.set('2027-05-02T07:00:00Z');
    await aJobPosting(ctx, { fields: { title: 'Senior Planner', state: 'CO', salaryMin: '80000', salaryMax: '95000' } });
    await aJobPosting(ctx, { fields: { title: 'Transportation Planner', state: 'CO', salaryMin: '50000', salaryMax: '70000' } });
    await aJobPosting(ctx, { fields: { title: 'Utah Planner', state: 'UT' } });
    await aJobPosting(ctx, { fields: { title: 'Cheap Planner', state: 'CO', salaryMin: '30000', salaryMax: '40000' } });
    await aJobPosting(ctx, { fields: { title: 'Colorado Accountant', state: 'CO', description: 'Accounts.' } });
    await aJobPosting(ctx, { fields: { title: 'Unapproved Planner', state: 'CO' }, approved: false });
    ctx.clock.set('2027-05-02T08:15:00Z');
    await runDailyJob();
    const first = await alertsTo(seeker.email);
    expect(first).toHaveLength(1);
    const body = first[0]?.body_text ?? '';
    expect(first[0]?.subject).toBe('2 new jobs for “Jobs “planner”, in Colorado, paying at least $60,000”');
    for (const t of ['Senior Planner', 'Transportation Planner']) expect(body).toContain(t);
    for (const t of ['Old Colorado Planner', 'Utah Planner', 'Cheap Planner', 'Colorado Accountant', 'Unapproved Planner']) expect(body).not.toContain(t);

    // the same day again, and the next day with nothing new: nothing more
    await runDailyJob();
    ctx.clock.set('2027-05-03T08:15:00Z');
    expect(await runJobAlerts(ctx.deps)).toBe(0);
    expect(await alertsTo(seeker.email)).toHaveLength(1);

    // one more match later: only it is sent
    ctx.clock.set('2027-05-04T07:00:00Z');
    await aJobPosting(ctx, { fields: { title: 'Long Range Planner', state: 'CO' } });
    ctx.clock.set('2027-05-04T08:15:00Z');
    await runDailyJob();
    const second = await alertsTo(seeker.email);
    expect(second).toHaveLength(2);
    expect(second[1]?.subject).toBe('A new job for “Jobs “planner”, in Colorado, paying at least $60,000”');
    expect(second[1]?.body_text).toContain('Long Range Planner');
    expect(second[1]?.body_text).not.toContain('Senior Planner');

    // the unsubscribe link works without signing in (the first email's link too); a forged one does not
    const link = /(\/jobs\/alerts\/unsubscribe\?id=[^\s]+)/.exec(body)?.[1] ?? '';
    expect(link).not.toBe('');
    const visitor = ctx.client();
    const forged = link.replace(/token=[^&\s]+/, 'token=forged');
    expect((await visitor.get(forged)).statusCode).toBe(404);
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    const url = new URL(link, 'http://civnet.test');
    const done = await visitor.postForm('/jobs/alerts/unsubscribe', { id: url.searchParams.get('id') ?? '', token: url.searchParams.get('token') ?? '' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You will get no more emails');
    ctx.clock.set('2027-05-05T07:00:00Z');
    await aJobPosting(ctx, { fields: { title: 'After Unsubscribe Planner', state: 'CO' } });
    ctx.clock.set('2027-05-05T08:15:00Z');
    await runDailyJob();
    expect(await alertsTo(seeker.email)).toHaveLength(2);
  });

  it('another person cannot delete your saved search (404)', async () => {
    const owner = await signedIn(ctx, (await createAccount(ctx)).email);
    await owner.postForm('/jobs/saved-searches', { q: 'manager' });
    const s = await ctx.deps.db.selectFrom('job_saved_searches').select('id').where('label', '=', 'Jobs “manager”').executeTakeFirstOrThrow();
    const other = await signedIn(ctx, (await createAccount(ctx)).email);
    expect((await other.postForm(`/jobs/saved-searches/${s.id}/delete`, {})).statusCode).toBe(404);
    expect((await owner.postForm(`/jobs/saved-searches/${s.id}/delete`, {})).statusCode).toBe(303);
  });
});
