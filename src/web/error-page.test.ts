// The shared error page (a refusal no page of its own answers): its heading and tab title follow
// the error's own title when it has one — "Already done" for a repeat — and otherwise the status's
// words ("That cannot be done now" for a 409).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../test/helpers.js';
import { textOf, textsOf } from '../../test/html.js';
import { access } from '../lib/access.js';
import { AppError, alreadyDone } from '../lib/errors.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({
    extraRoutes: (app) => {
      app.get('/test/repeat', { config: { access: access.public() } }, async () => {
        throw alreadyDone('test.sent', 'This was sent already: nothing changed.');
      });
      app.get('/test/titled', { config: { access: access.public() } }, async () => {
        throw new AppError('test.closed', { status: 409, message: 'The call is closed.', title: 'The call is closed' });
      });
      app.get('/test/conflict', { config: { access: access.public() } }, async () => {
        throw new AppError('test.taken', { message: 'Someone else took it.' });
      });
    },
  });
});
afterAll(() => ctx?.close());

const page = async (path: string) => {
  const res = await ctx.client().get(path);
  return { status: res.statusCode, h1: textOf(res.body, 'main h1'), title: textOf(res.body, 'title'), message: textOf(res.body, 'main p') };
};

describe('the shared error page', () => {
  it('titles a repeat “Already done”, in its heading and tab, with its message', async () => {
    expect(await page('/test/repeat')).toEqual({
      status: 409,
      h1: 'Already done',
      title: 'Already done · Test Association',
      message: 'This was sent already: nothing changed.',
    });
  });

  it('uses any error’s own title, and the status’s words when it has none', async () => {
    expect(await page('/test/titled')).toMatchObject({ status: 409, h1: 'The call is closed', title: 'The call is closed · Test Association' });
    expect(await page('/test/conflict')).toMatchObject({ status: 409, h1: 'That cannot be done now', title: 'That cannot be done now · Test Association' });
  });

  it('tells a signed-in person with no seat or staff role whom to ask for access, with a typographic apostrophe', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(member.email);
    const res = await c.get('/staff');
    expect(res.statusCode).toBe(403);
    expect(textsOf(res.body, 'main p')).toContain('If you think you should have access, ask your association’s membership staff.');
  });
});
