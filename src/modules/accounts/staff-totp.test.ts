// In production every staff role and the sensitive permissions must use two-factor sign-in, not
// only staff admins (docs/security-review.md, gap 1): all of them handle money or other people's
// data. Members are not asked. (In development only staff admins are, so that the demo staff
// accounts work with the demo password alone.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { currentTotpCode } from './service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { NODE_ENV: 'production' } });
});
afterAll(() => ctx?.close());

describe('two-factor sign-in for staff in production', () => {
  it('finance staff without it are sent to set it up, reach no staff page or API before, and cannot turn it off after', async () => {
    const finance = await createAccount(ctx, { roles: ['finance'] });
    const c = ctx.client();
    const signedIn = await c.postForm('/login', { email: finance.email, password: 'a long test passphrase' });
    expect(signedIn.headers.location).toBe('/account/2fa');
    expect((await c.get('/staff/invoices')).headers.location).toBe('/account/2fa');
    expect((await c.getJson('/api/v1/invoices')).statusCode).toBe(403);
    const setup = await c.get('/account/2fa');
    expect(setup.body).toContain('Your role requires two-factor sign-in');
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1] ?? '';
    expect((await c.postForm('/account/2fa', { code: currentTotpCode(secret, ctx.clock.now()) })).statusCode).toBe(200);
    expect((await c.get('/staff/invoices')).statusCode).toBe(200);
    ctx.clock.advance(30_000);
    const off = await c.postForm('/account/2fa/disable', { code: currentTotpCode(secret, ctx.clock.now()) });
    expect(off.statusCode).toBe(409);
    expect(off.body).toContain('required for your role');
  });

  it('the Members in Transition permission needs it too; an individual member is not asked', async () => {
    const reviewer = await createAccount(ctx, { roles: ['transition'] });
    expect((await ctx.client().postForm('/login', { email: reviewer.email, password: 'a long test passphrase' })).headers.location).toBe('/account/2fa');
    const member = await createAccount(ctx, { roles: ['member'] });
    expect((await ctx.client().postForm('/login', { email: member.email, password: 'a long test passphrase' })).headers.location).toBe('/');
  });
});
