// A campaign that would reach nobody (an empty list, or a segment no confirmed subscriber
// matches) is refused with the reason and stays a draft, through the staff's pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, memberContacts, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { errorOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('sending a campaign', () => {
  it('a campaign that would reach nobody is not sent: the page says why and it stays a draft', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const list = await aNewsletterList(ctx, { audience: 'members' });
    const vt = uniqueEmail('vtonly');
    await memberContacts(ctx, [vt], { state: 'VT' });
    await confirmedSubscribers(ctx, list.id, [vt]);
    const state = async (id: string) => (await ctx.deps.db.selectFrom('newsletter_campaigns').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
    const draft = async (listId: string, o: Record<string, string>) => {
      const made = await staff.client.postForm('/staff/newsletters/campaigns', { listId, subject: 'Nobody here', body: 'Hello.', ...o });
      expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
      return String(made.headers.location).split('/').pop() ?? '';
    };
    // a segment nobody on the list matches (its one subscriber is in Vermont)
    const segmented = await draft(list.id, { states: 'WY' });
    const page = await staff.client.get(`/staff/newsletters/campaigns/${segmented}`);
    expect(page.body).toContain('send it to the 0 addresses it would reach');
    const refused = await staff.client.postForm(`/staff/newsletters/campaigns/${segmented}/release`, { when: 'now', confirm: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused.body, 'confirm').message).toContain('no confirmed subscriber of this list matches the segment');
    expect(await state(segmented)).toBe('draft');
    // a list with no confirmed subscriber at all
    const empty = await aNewsletterList(ctx, { audience: 'public' });
    const unsegmented = await draft(empty.id, {});
    const refusedEmpty = await staff.client.postForm(`/staff/newsletters/campaigns/${unsegmented}/release`, { when: 'now', confirm: 'yes' });
    expect(refusedEmpty.statusCode).toBe(400);
    expect(errorOf(refusedEmpty.body, 'confirm').message).toContain('this list has no confirmed subscriber yet');
    expect(await state(unsegmented)).toBe('draft');
    // widened to the subscriber's state, it goes
    expect((await staff.client.postForm(`/staff/newsletters/campaigns/${segmented}`, { listId: list.id, subject: 'Nobody here', body: 'Hello.', states: 'VT' })).statusCode).toBe(
      303,
    );
    expect((await staff.client.postForm(`/staff/newsletters/campaigns/${segmented}/release`, { when: 'now', confirm: 'yes' })).statusCode).toBe(303);
    expect(await state(segmented)).toBe('sending');
  });
});
