// The inquiry's confirmation link once it cannot send anything: opened again after the inquiry
// was sent, it says so (nothing more to do; filling in the form again would make a second
// inquiry); a link past its 24 hours says it expired unsent; a forged or cut link says it does not
// work. Each is 400 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, latestLinkTo, pathOf, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const relationships = async (name: string) => (await ctx.deps.db.selectFrom('partner_relationships').select('id').where('partner_name', '=', name).execute()).length;

/** Sends the inquiry form; the path of the confirmation link emailed. */
async function inquire(organization: string, email: string): Promise<string> {
  const sent = await ctx.client().postForm('/partners/inquire', {
    organization,
    kind: 'partnership',
    purpose: 'A shared study of heat islands in small towns of the region.',
    contactName: 'Rae Quinn',
    email,
  });
  expect(sent.statusCode).toBe(200);
  return pathOf(await latestLinkTo(ctx, email, 'partners.confirm_inquiry'));
}

describe('a confirmation link that cannot send anything', () => {
  it('used already: says the inquiry is sent and there is nothing more to do, opened again or pressed twice', async () => {
    const link = await inquire('Heat Study Consortium', 'rae@heatstudy.example');
    const visitor = ctx.client();
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    expect((await visitor.postForm('/partners/inquire/confirm', { token })).statusCode).toBe(200);

    for (const again of [await visitor.get(link), await visitor.postForm('/partners/inquire/confirm', { token })]) {
      expect(again.statusCode).toBe(400);
      expect(textOf(again.body, 'h1')).toBe('Your inquiry is sent already');
      const said = textOf(again.body, 'main');
      expect(said).toContain('the inquiry for Heat Study Consortium is with our partnerships staff');
      expect(said).toContain('There is nothing more to do');
      expect(said).not.toContain('Fill in the form again');
    }
    expect(await relationships('Heat Study Consortium')).toBe(1);
  });

  it('past its 24 hours: says it expired and the inquiry was not sent, with the way to a new link', async () => {
    const link = await inquire('Late Reply Council', 'late@latereply.example');
    ctx.clock.advance(25 * 60 * 60 * 1000);
    const page = await ctx.client().get(link);
    expect(page.statusCode).toBe(400);
    expect(textOf(page.body, 'h1')).toBe('This link has expired');
    expect(textOf(page.body, 'main')).toContain('so the inquiry for Late Reply Council was not sent. Fill in the form again to get a new link.');
    expect(await relationships('Late Reply Council')).toBe(0);
  });

  it('unknown or cut short: says it does not work, and how to get a new one', async () => {
    for (const url of ['/partners/inquire/confirm?token=forged-token-forged-token', '/partners/inquire/confirm?token=abc', '/partners/inquire/confirm']) {
      const page = await ctx.client().get(url);
      expect(page.statusCode, url).toBe(400);
      expect(textOf(page.body, 'h1')).toBe('This link does not work');
      expect(textOf(page.body, 'main')).toContain('open it again from the email');
    }
  });
});
