// Finding 4 of issue 11: `X-Forwarded-For` switched off every rate limit in production
// (`trustProxy: true` trusted any hop), and sign-in had no limit per account, two-factor codes
// none per pending sign-in, and emailed links none per address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_LINKS_QUEUE } from '../../src/modules/accounts/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../helpers.js';

/** A form post from a client that claims, in X-Forwarded-For, to be someone else. */
async function postFrom(c: TestClient, forwardedFor: string, url: string, body: Record<string, string>) {
  const form = new URLSearchParams({ _csrf: await c.csrf(), ...body });
  return c.request('POST', url, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'x-forwarded-for': forwardedFor },
    payload: form.toString(),
  });
}
const forged = (i: number) => `203.0.113.${i + 1}`;
const strip = (body: string, ...values: string[]) => values.reduce((b, v) => b.replaceAll(v, 'VALUE'), body.replace(/name="_csrf" value="[^"]+"/g, ''));

describe('4. X-Forwarded-For switches off every rate limit in production', () => {
  describe('in production with TRUST_PROXY unset', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({ env: { NODE_ENV: 'production', RATE_LIMIT_SIGNIN_PER_MINUTE: '10' } });
    });
    afterAll(() => ctx?.close());

    it('fifteen wrong passwords with fifteen different X-Forwarded-For values are limited as one client', async () => {
      const c = ctx.client();
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await postFrom(c, forged(i), '/login', { email: uniqueEmail(), password: 'not the password' })).statusCode);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    });
  });

  describe('behind one trusted proxy (TRUST_PROXY=1)', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({ env: { TRUST_PROXY: '1', RATE_LIMIT_SIGNIN_PER_MINUTE: '10' } });
    });
    afterAll(() => ctx?.close());

    it('each forwarded address is its own client', async () => {
      const c = ctx.client();
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await postFrom(c, forged(i), '/login', { email: uniqueEmail(), password: 'not the password' })).statusCode);
      expect(statuses).toEqual(Array(15).fill(401));
    });

    it('an account is paused after five wrong passwords from five clients, the owner is emailed, and the answer is the same for an address without an account', async () => {
      const user = await createAccount(ctx);
      const nobody = uniqueEmail('nobody');
      const answers: Array<{ status: number; body: string }> = [];
      for (const email of [user.email, nobody]) {
        for (let i = 0; i < 5; i++) {
          const res = await postFrom(ctx.client(), forged(20 + i), '/login', { email, password: `wrong password ${i}` });
          if (i < 4) expect(res.statusCode).toBe(401);
          else answers.push({ status: res.statusCode, body: strip(res.body, email) });
        }
      }
      expect(answers[0]?.status).toBe(429);
      expect(answers[0]?.body).toContain('Too many failed sign-ins with this email address');
      expect(answers[1]).toEqual(answers[0]);
      // Paused: even the right password is refused, from yet another client, until the pause ends.
      expect((await postFrom(ctx.client(), forged(40), '/login', { email: user.email, password: PASSWORD })).statusCode).toBe(429);
      const mail = await ctx.deps.db
        .selectFrom('outbox')
        .select(['subject', 'body_text'])
        .where('to_address', '=', user.email)
        .where('template', '=', 'accounts.sign_in_paused')
        .execute();
      expect(mail).toHaveLength(1);
      expect(mail[0]?.body_text).toContain('http://civnet.test/login/magic');
      expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', nobody).execute()).toEqual([]);
      // A sign-in link still works while the password is paused: a pause cannot keep the owner out.
      await postFrom(ctx.client(), forged(41), '/login/magic', { email: user.email });
      await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
      expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', user.email).where('template', '=', 'accounts.magic_link').execute()).toHaveLength(1);
      ctx.clock.advance(61_000);
      expect((await postFrom(ctx.client(), forged(42), '/login', { email: user.email, password: PASSWORD })).statusCode).toBe(303);
    });

    it('the next pause for the same address is longer (backoff)', async () => {
      const user = await createAccount(ctx);
      const fail = async (n: number) => {
        let last = 0;
        for (let i = 0; i < n; i++) last = (await postFrom(ctx.client(), forged(50 + i), '/login', { email: user.email, password: 'wrong wrong wrong' })).statusCode;
        return last;
      };
      expect(await fail(5)).toBe(429);
      ctx.clock.advance(61_000);
      expect(await fail(5)).toBe(429);
      ctx.clock.advance(61_000); // one minute is not enough the second time
      expect((await postFrom(ctx.client(), forged(60), '/login', { email: user.email, password: PASSWORD })).statusCode).toBe(429);
      ctx.clock.advance(61_000);
      expect((await postFrom(ctx.client(), forged(61), '/login', { email: user.email, password: PASSWORD })).statusCode).toBe(303);
    });

    it('a pending sign-in allows five wrong two-factor codes, then starts again from the password', async () => {
      const user = await createAccount(ctx, { totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
      const c = ctx.client();
      const first = await c.postForm('/login', { email: user.email, password: PASSWORD });
      expect(String(first.headers.location)).toMatch(/^\/login\/2fa/);
      for (let i = 0; i < 4; i++) expect((await c.postForm('/login/2fa', { code: '000000' })).statusCode).toBe(400);
      const fifth = await c.postForm('/login/2fa', { code: '000000' });
      expect(fifth.statusCode).toBe(303);
      expect(String(fifth.headers.location)).toMatch(/^\/login/);
      expect(String(fifth.headers.location)).not.toMatch(/^\/login\/2fa/);
      // The pending sign-in is gone: a sixth code, even a right one, reaches nothing.
      expect((await c.postForm('/login/2fa', { code: '123456' })).statusCode).toBe(403);
      const pending = await ctx.deps.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
      expect(pending).toEqual([]);
      // Whoever typed them knows the password: the owner is told.
      const told = await ctx.deps.db
        .selectFrom('outbox')
        .select('body_text')
        .where('to_address', '=', user.email)
        .where('template', '=', 'accounts.second_factor_failed')
        .execute();
      expect(told).toHaveLength(1);
      expect(told[0]?.body_text).toContain('http://civnet.test/password/forgot');
    });

    it('password-reset and sign-in links: at most five an hour to one address, however many clients ask', async () => {
      const user = await createAccount(ctx);
      for (const [path, template] of [
        ['/password/forgot', 'accounts.password_reset'],
        ['/login/magic', 'accounts.magic_link'],
      ] as const) {
        for (let i = 0; i < 8; i++) expect((await postFrom(ctx.client(), forged(70 + i), path, { email: user.email })).statusCode).toBe(200);
        await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
        const sent = await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', user.email).where('template', '=', template).execute();
        expect(sent).toHaveLength(5);
      }
    });

    it('past the hourly share, the owner still gets a link once the ones sent have expired: strangers cannot leave them without a way in', async () => {
      const user = await createAccount(ctx);
      const count = async () =>
        (await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', user.email).where('template', '=', 'accounts.magic_link').execute()).length;
      for (let i = 0; i < 6; i++) await postFrom(ctx.client(), forged(90 + i), '/login/magic', { email: user.email });
      await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
      expect(await count()).toBe(5);
      ctx.clock.advance(16 * 60_000); // sign-in links last 15 minutes; the hour is not over
      await postFrom(ctx.client(), forged(97), '/login/magic', { email: user.email });
      await postFrom(ctx.client(), forged(98), '/login/magic', { email: user.email });
      await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
      expect(await count()).toBe(6);
    });
  });
});
