// The association's time zone through HTTP, as a staff admin changes it: every daily schedule of
// the job queue is read in the new zone, the renewals console says which, and a zone not in the
// list changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textsOf } from '../../../test/html.js';

let ctx: TestContext;
let admin: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
});
afterAll(async () => {
  await ctx?.close();
});

const association = () => ctx.deps.db.selectFrom('association').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
const fieldError = (body: string, name: string) =>
  /<p class="error-message" id="f-([a-z_0-9]+)-error">[\s\S]*?<\/p>/.exec(body.slice(body.indexOf(`id="f-${name}-error"`) - 40))?.[0] ?? '';

describe('time zone', () => {
  it('moves the daily work with it: every schedule is read in the new zone, and the renewals console says which', async () => {
    const { jobs } = ctx.deps;
    jobs.register({ name: 'test-zoned-daily', retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false, deadLetter: false }, async () => {});
    await jobs.start({ work: false });
    await jobs.schedule('test-zoned-daily', '0 6 * * *');
    const zones = async () => Object.fromEntries((await jobs.boss.getSchedules()).map((s) => [s.name, (s as unknown as { timezone: string }).timezone]));
    expect((await zones())['test-zoned-daily']).toBe('America/New_York');

    const a = await association();
    const save = (time_zone: string) =>
      admin.postForm('/staff/settings', {
        name: a.name,
        short_name: a.short_name,
        contact_email: a.contact_email,
        founded_year: String(a.founded_year),
        term_model: a.term_model,
        membership_year_start_month: String(a.membership_year_start_month),
        time_zone,
      });
    try {
      expect((await save('America/Chicago')).statusCode).toBe(303);
      expect(await zones()).toEqual({ 'test-zoned-daily': 'America/Chicago' });
      const membership = await staffClient(ctx, 'membership');
      expect(textsOf((await membership.get('/staff/renewals')).body, 'main p').join(' ')).toContain('every day at 06:00, Central (Chicago) time');

      // a zone not in the list changes nothing, the schedules included
      const bad = await save('Europe/Paris');
      expect(bad.statusCode).toBe(400);
      expect(fieldError(bad.body, 'time_zone')).toContain('Choose a time zone from the list.');
      expect(await zones()).toEqual({ 'test-zoned-daily': 'America/Chicago' });
    } finally {
      await save('America/New_York');
    }
    expect(await zones()).toEqual({ 'test-zoned-daily': 'America/New_York' });
  });
});
