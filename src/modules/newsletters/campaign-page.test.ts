// A campaign's page says when it went: "Sent" with the time for one sent at once, "Scheduled for"
// only for one waiting for its time (or sent at the time it was scheduled for).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { termsOf, termValue } from '../../../test/html.js';
import { runCampaign, startDueCampaigns } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

async function draft(staff: Awaited<ReturnType<typeof signedInStaff>>, subject: string) {
  const list = await aNewsletterList(ctx);
  await confirmedSubscribers(ctx, list.id, [uniqueEmail('reader')]);
  const made = await staff.client.postForm('/staff/newsletters/campaigns', { listId: list.id, subject, body: 'Hello.' });
  expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
  return String(made.headers.location).split('/').pop() ?? '';
}

describe('when a campaign went, on its page', () => {
  it('a campaign sent at once says Sent, with the time, and nothing about a schedule', async () => {
    ctx.clock.set('2031-03-10T15:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const id = await draft(staff, 'Sent at once');
    expect(termValue((await staff.client.get(`/staff/newsletters/campaigns/${id}`)).body, 'Scheduled for')).toBe('Not scheduled');
    const sent = await staff.client.postForm(`/staff/newsletters/campaigns/${id}/release`, { when: 'now', confirm: 'yes' });
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
    await runCampaign(ctx.deps, id, { pace: false });
    const page = (await staff.client.get(`/staff/newsletters/campaigns/${id}`)).body;
    expect(termValue(page, 'State')).toBe('Sent');
    expect(termValue(page, 'Sent')).toMatch(/^Mar 10, 2031, /);
    expect(termsOf(page).map(([t]) => t)).not.toContain('Scheduled for');
  });

  it('a scheduled campaign says when it is scheduled for, and once sent, both', async () => {
    ctx.clock.set('2031-04-10T15:00:00Z');
    const staff = await signedInStaff(ctx, 'communications');
    const id = await draft(staff, 'Sent later');
    const scheduled = await staff.client.postForm(`/staff/newsletters/campaigns/${id}/release`, { when: 'later', send_at: '2031-04-12T09:00', confirm: 'yes' });
    expect(scheduled.statusCode, scheduled.body.slice(0, 300)).toBe(303);
    const waiting = (await staff.client.get(`/staff/newsletters/campaigns/${id}`)).body;
    expect(termValue(waiting, 'Scheduled for')).toMatch(/^Apr 12, 2031, 9:00 AM/);
    expect(termsOf(waiting).map(([t]) => t)).not.toContain('Sent');
    ctx.clock.set('2031-04-13T15:00:00Z');
    await startDueCampaigns(ctx.deps);
    await runCampaign(ctx.deps, id, { pace: false });
    const later = await signedInStaff(ctx, 'communications'); // the first session timed out meanwhile
    const page = (await later.client.get(`/staff/newsletters/campaigns/${id}`)).body;
    expect(termValue(page, 'Scheduled for')).toMatch(/^Apr 12, 2031, 9:00 AM/);
    expect(termValue(page, 'Sent')).toMatch(/^Apr 13, 2031, /);
  });
});
