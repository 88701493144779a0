// The public page of Members in Transition: a manager between posts finds it before signing in,
// from the home page and the individual join page, and learns who may ask, how, and where.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const links = (html: string) =>
  dom(html)
    .querySelectorAll('main a')
    .map((a) => [a.text.trim(), a.getAttribute('href') ?? '']);

describe('the public page of Members in Transition', () => {
  it('tells a visitor what it waives, who may ask and how, with a sign-in that leads to the request, a way to join and the address to write to', async () => {
    const res = await ctx.client().get('/members-in-transition');
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h1')).toEqual(['Members in Transition']);
    const main = textOf(res.body, 'main');
    expect(main).toContain('up to three years');
    expect(main).toContain('six months');
    expect(main).toContain('confidential');
    const contact = (await ctx.deps.association.get()).contact_email;
    expect(links(res.body)).toEqual(
      expect.arrayContaining([
        ['Sign in to ask for support', '/login?next=%2Fme%2Ftransition'],
        ['join as a professional', '/join/individual'],
        [contact, `mailto:${contact}?subject=Members%20in%20Transition`],
      ]),
    );
  });

  it('offers a signed-in person the request itself', async () => {
    const person = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(person.email);
    const res = await c.get('/members-in-transition');
    expect(links(res.body)).toContainEqual(['Ask for Members in Transition support', '/me/transition']);
  });

  it('is linked from the home page’s card for professionals and from the individual join page', async () => {
    const visitor = ctx.client();
    for (const path of ['/', '/join/individual']) {
      const res = await visitor.get(path);
      expect(res.statusCode).toBe(200);
      expect(links(res.body)).toContainEqual(['Members in Transition', '/members-in-transition']);
    }
  });
});
