// The newsletters staff page in words: what the sending rate does, each list named with who may
// subscribe, and the rate's form refusing a blank or wrong number beside its field, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('the newsletters page in words', () => {
  it('says what the sending rate does, and names each list with who may subscribe without nested brackets', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const page = await staff.client.get('/staff/newsletters');
    expect(page.statusCode).toBe(200);
    const doc = dom(page.body);
    const rate = doc.querySelector('form[action="/staff/newsletters/settings"]')?.parentNode?.text ?? '';
    expect(rate).toContain('A campaign goes out in batches');
    expect(doc.querySelector('#f-ratePerMinute-hint')?.text).toContain('your mail provider');
    expect(doc.querySelector('#f-batchSize-hint')?.text).toContain('at once');
    await aNewsletterList(ctx, { name: 'Rate test list' });
    const write = await staff.client.get('/staff/newsletters/campaigns/new');
    const options = dom(write.body)
      .querySelectorAll('input[name="listId"] + label, select[name="listId"] option, label')
      .map((o) => o.text);
    expect(options.some((t) => t.startsWith('Rate test list'))).toBe(true);
    expect(options.filter((t) => t.includes('((') || /\(.*\(/.test(t))).toEqual([]);
  });

  it('a blank sending rate asks for a number, and keeps the rate', async () => {
    const staff = await signedInStaff(ctx, 'communications');
    const before = await ctx.deps.db.selectFrom('newsletter_settings').selectAll().executeTakeFirstOrThrow();
    const res = await staff.client.postForm('/staff/newsletters/settings', { ratePerMinute: ' ', batchSize: '' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'ratePerMinute').message).toBe('Enter a number of messages per minute.');
    expect(errorOf(res.body, 'batchSize').message).toBe('Enter a number of messages per batch.');
    for (const [given, says] of [
      ['abc', 'Enter a number of messages per minute.'],
      ['0', 'At least 1 a minute.'],
      ['2.5', 'Enter a whole number.'],
    ]) {
      const bad = await staff.client.postForm('/staff/newsletters/settings', { ratePerMinute: given, batchSize: '100' });
      expect(errorOf(bad.body, 'ratePerMinute').message, given).toBe(says);
    }
    expect(await ctx.deps.db.selectFrom('newsletter_settings').selectAll().executeTakeFirstOrThrow()).toEqual(before);
  });
});
