// Accounts through HTTP: sign in and out, wrong credentials, CSRF, rate limits, reset links,
// magic links and two-factor sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutTwoFactor } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, TEST_TOTP_SECRET, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';
import { EMAIL_LINKS_QUEUE } from './links.js';
import { currentTotpCode } from './service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const sessionCount = async (userId: string) =>
  Number(
    (
      await ctx.deps.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('sign in', () => {
  it('/login has fields labelled Email and Password and a Sign in button', async () => {
    const res = await ctx.client().get('/login');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body, 'label[for="f-email"]')).toMatch(/^Email/);
    expect(textOf(res.body, 'label[for="f-password"]')).toMatch(/^Password/);
    expect(textsOf(res.body, 'button[type="submit"]')).toContain('Sign in');
  });

  it('/login points a person without an account to joining as a professional or as a government, asking their member government, or a new confirmation link', async () => {
    const res = await ctx.client().get('/login');
    const page = dom(res.body);
    const links = page.querySelectorAll('main a').map((a) => [a.text.replace(/\s+/g, ' ').trim(), a.getAttribute('href')]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['Join as a professional', '/join/individual'],
        ['Ask for an account', '/request-access'],
        ['Join as a government', '/join'],
        ['Ask for a new confirmation link', '/account/verify/new'],
      ]),
    );
    expect(textOf(page, 'main')).toContain('Work for a member government? Ask for an account to act for it');
    expect(textOf(page, 'main')).not.toContain('No account yet? Ask for one at your member organization');
  });

  it('signing in with the right password starts a session and rotates any earlier one', async () => {
    const user = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    const res = await c.signIn(user.email);
    expect(res.headers.location).toBe('/');
    const first = c.cookies.get('civnet_sid');
    expect(first).toBeTruthy();
    const me = await c.getJson('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: user.email, roles: ['member'], twoFactor: false });
    await c.signIn(user.email);
    expect(c.cookies.get('civnet_sid')).not.toBe(first);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('a wrong password gets 401, the form again, and no session', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    const res = await c.postForm('/login', { email: user.email, password: 'not the right password' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email or password is not right');
    expect(res.body).toContain(`value="${user.email}"`);
    expect(c.cookies.has('civnet_sid')).toBe(false);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it('an unknown email gets the same answer as a wrong password', async () => {
    const res = await ctx.client().postForm('/login', { email: 'nobody-here@test.example', password: PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email or password is not right');
  });

  it('an empty form names each missing field', async () => {
    const res = await ctx.client().postForm('/login', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter your email address.');
    expect(res.body).toContain('Enter your password.');
    expect(res.body).toContain('aria-describedby="f-email-error"');
  });

  it('a form post without its CSRF token is refused and changes nothing', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    const res = await c.postForm('/login', { email: user.email, password: PASSWORD }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
    expect(await sessionCount(user.id)).toBe(0);
  });

  it('a cookie-authenticated JSON write without the CSRF header is refused', async () => {
    const admin = await createAccount(ctx, { roles: ['admin'] });
    const c = ctx.client();
    await c.signIn(admin.email, PASSWORD, { secret: admin.totpSecret ?? '', clock: ctx.clock });
    const res = await c.sendJson('PUT', '/api/v1/association', { name: 'x' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_invalid');
  });

  it('sign-in is rate limited per address', async () => {
    const local = await createTestContext({ env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '3' } });
    try {
      const c = local.client();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.postForm('/login', { email: 'x@test.example', password: 'wrong password here' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await local.close();
    }
  });

  it('signing out deletes the server-side session', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    await c.signIn(user.email);
    const stolen = c.cookies.get('civnet_sid');
    const res = await c.postForm('/logout', {});
    expect(res.statusCode).toBe(303);
    expect(await sessionCount(user.id)).toBe(0);
    const replay = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `civnet_sid=${stolen}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('a session ends after the idle timeout', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    await c.signIn(user.email);
    ctx.clock.advance((ctx.deps.config.SESSION_IDLE_MINUTES + 1) * 60_000);
    try {
      expect((await c.getJson('/api/v1/me')).statusCode).toBe(401);
    } finally {
      ctx.clock.set(new Date());
    }
  });

  it('the next page after sign-in stays on this site', async () => {
    const user = await createAccount(ctx);
    const res = await ctx.client().postForm('/login', { email: user.email, password: PASSWORD, next: '//evil.example/' });
    expect(res.headers.location).toBe('/');
  });
});

describe('password reset', () => {
  it('answers the same whether or not the account exists', async () => {
    const user = await createAccount(ctx);
    const known = await ctx.client().postForm('/password/forgot', { email: user.email });
    const unknown = await ctx.client().postForm('/password/forgot', { email: 'no-such-person@test.example' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (s: string) => s.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(known.body)).toBe(strip(unknown.body));
    // Nothing is looked up while answering: a queued job writes the email (only to an account).
    expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', user.email).execute()).toEqual([]);
    await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
    const mails = await ctx.deps.db.selectFrom('outbox').select('to_address').where('to_address', 'in', [user.email, 'no-such-person@test.example']).execute();
    expect(mails.map((m) => m.to_address)).toEqual([user.email]);
  });

  it('a reset link sets a new password once, ends old sessions, and the old password stops working', async () => {
    const user = await createAccount(ctx);
    const other = ctx.client();
    await other.signIn(user.email);
    const c = ctx.client();
    await c.postForm('/password/forgot', { email: user.email });
    const link = pathOf(await latestLinkTo(ctx, user.email));
    expect((await c.get(link)).statusCode).toBe(200);
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const weak = await c.postForm('/password/reset', { token, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Use at least 12 characters.');
    const common = await c.postForm('/password/reset', { token, password: 'password1234' });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('too common');
    const ok = await c.postForm('/password/reset', { token, password: 'a brand new passphrase' });
    expect(ok.statusCode).toBe(303);
    expect(await sessionCount(user.id)).toBe(0);
    expect((await other.getJson('/api/v1/me')).statusCode).toBe(401);
    const again = await c.postForm('/password/reset', { token, password: 'yet another passphrase' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('not valid any more');
    expect((await ctx.client().postForm('/login', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
    await ctx.client().signIn(user.email, 'a brand new passphrase');
  });

  it('an expired reset link gets a clear 400 and changes nothing', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    await c.postForm('/password/forgot', { email: user.email });
    const link = pathOf(await latestLinkTo(ctx, user.email));
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const before = await ctx.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    ctx.clock.advance(31 * 60_000);
    try {
      const page = await c.get(link);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('not valid any more');
      const res = await c.postForm('/password/reset', { token, password: 'a brand new passphrase' });
      expect(res.statusCode).toBe(400);
    } finally {
      ctx.clock.set(new Date());
    }
    const after = await ctx.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });

  it('tokens are stored hashed, never as sent', async () => {
    const user = await createAccount(ctx);
    await ctx.client().postForm('/password/forgot', { email: user.email });
    const token = new URL(await latestLinkTo(ctx, user.email)).searchParams.get('token') ?? '';
    const rows = await ctx.deps.db.selectFrom('auth_tokens').select('token_hash').where('user_id', '=', user.id).execute();
    expect(rows.length).toBe(1);
    expect(rows[0]?.token_hash).not.toContain(token);
  });
});

describe('magic link', () => {
  it('signs in once through a confirmation button, not on the first GET', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    const sent = await c.postForm('/login/magic', { email: user.email });
    expect(sent.statusCode).toBe(200);
    const link = pathOf(await latestLinkTo(ctx, user.email));
    const page = await c.get(link);
    expect(page.statusCode).toBe(200);
    expect(await sessionCount(user.id)).toBe(0);
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const res = await c.postForm('/login/magic/verify', { token });
    expect(res.statusCode).toBe(303);
    expect((await c.getJson('/api/v1/me')).json().email).toBe(user.email);
    expect((await ctx.client().postForm('/login/magic/verify', { token })).statusCode).toBe(400);
  });

  it('keeps where the person was going (a same-site path only) from the sign-in page to the link and back', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    const login = await c.get(`/login?next=${encodeURIComponent('/org?org=1')}`);
    expect(login.body).toContain(`href="/login/magic?next=${encodeURIComponent('/org?org=1')}"`);
    const ask = await c.get('/login/magic?next=%2Fme');
    expect(ask.body).toContain('name="next" value="/me"');
    await c.postForm('/login/magic', { email: user.email, next: '/me' });
    const link = pathOf(await latestLinkTo(ctx, user.email));
    expect(new URL(link, 'http://x').searchParams.get('next')).toBe('/me');
    expect((await c.get(link)).body).toContain('name="next" value="/me"');
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const res = await c.postForm('/login/magic/verify', { token, next: '/me' });
    expect(res.headers.location).toBe('/me');
  });

  it.each(['//evil.com', 'https://evil.example', '/\\evil.example', '/\\/evil.example'])('never sends anyone off the site: next=%s becomes /', async (next) => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    expect((await c.get(`/login/magic?next=${encodeURIComponent(next)}`)).body).not.toContain('name="next"');
    await c.postForm('/login/magic', { email: user.email, next });
    const link = pathOf(await latestLinkTo(ctx, user.email));
    expect(new URL(link, 'http://x').searchParams.get('next')).toBeNull();
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const res = await c.postForm('/login/magic/verify', { token, next });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});

describe('two-factor sign-in', () => {
  async function enroll(c: ReturnType<TestContext['client']>, userId: string) {
    const page = await c.get('/account/2fa');
    expect(page.statusCode).toBe(200);
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page.body)?.[1] ?? '';
    expect(secret).not.toBe('');
    const wrong = await c.postForm('/account/2fa', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    const res = await c.postForm('/account/2fa', { code: currentTotpCode(secret, ctx.clock.now()) });
    expect(res.statusCode).toBe(200);
    const codes = [...res.body.matchAll(/<code>([a-z0-9x]{5}-[a-z0-9x]{5})<\/code>/g)].map((m) => m[1] ?? '');
    expect(codes.length).toBe(10);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', userId).execute();
    expect(audit.map((a) => a.action)).toContain('account.totp_enabled');
    return { secret, codes };
  }

  it('once turned on, sign-in asks for a code; a code works once; a recovery code works once', async () => {
    const user = await createAccount(ctx);
    const c = ctx.client();
    await c.signIn(user.email);
    const { secret, codes } = await enroll(c, user.id);

    const d = ctx.client();
    const step1 = await d.postForm('/login', { email: user.email, password: PASSWORD, next: '/account' });
    expect(step1.headers.location).toBe('/login/2fa?next=%2Faccount');
    const form = await d.get(String(step1.headers.location));
    expect(form.body).toContain('action="/login/2fa?next=%2Faccount"');
    expect((await d.getJson('/api/v1/me')).statusCode).toBe(401);
    ctx.clock.advance(60_000);
    const code = currentTotpCode(secret, ctx.clock.now());
    const step2 = await d.postForm('/login/2fa?next=%2Faccount', { code });
    expect(step2.statusCode).toBe(303);
    expect(step2.headers.location).toBe('/account');
    expect((await d.getJson('/api/v1/me')).statusCode).toBe(200);

    const e = ctx.client();
    await e.postForm('/login', { email: user.email, password: PASSWORD });
    const replay = await e.postForm('/login/2fa', { code });
    expect(replay.statusCode).toBe(400);
    expect((await e.postForm('/login/2fa', { code: codes[0] ?? '' })).statusCode).toBe(303);

    const f = ctx.client();
    await f.postForm('/login', { email: user.email, password: PASSWORD });
    expect((await f.postForm('/login/2fa', { code: codes[0] ?? '' })).statusCode).toBe(400);
  });

  it('a staff admin must turn on two-factor sign-in before using staff tools', async () => {
    const admin = await createAccount(ctx, { roles: ['admin'], totpSecret: '' });
    await withoutTwoFactor(ctx, admin.id);
    const c = ctx.client();
    const signedIn = await c.signIn(admin.email);
    expect(signedIn.headers.location).toBe('/account/2fa');
    const blocked = await c.get('/staff/settings');
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe('/account/2fa');
    expect((await c.getJson('/api/v1/audit')).statusCode).toBe(403);
    await enroll(c, admin.id);
    expect((await c.get('/staff/settings')).statusCode).toBe(200);
    const off = await c.postForm('/account/2fa/disable', {});
    expect(off.statusCode).toBe(409);
    expect(off.body).toContain('required for your role');
  });

  it('turning two-factor sign-in off needs a current code (a borrowed session cannot), and the owner is emailed', async () => {
    const user = await createAccount(ctx, { totpSecret: TEST_TOTP_SECRET });
    const c = ctx.client();
    await c.signIn(user.email, PASSWORD, { secret: TEST_TOTP_SECRET, clock: ctx.clock });
    const without = await c.postForm('/account/2fa/disable', {});
    expect(without.statusCode).toBe(400);
    expect(without.body).toContain('That code is not right');
    const wrong = await c.postForm('/account/2fa/disable', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect((await ctx.deps.db.selectFrom('users').select('totp_enabled_at').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_enabled_at).not.toBeNull();
    ctx.clock.advance(30_000);
    const off = await c.postForm('/account/2fa/disable', { code: currentTotpCode(TEST_TOTP_SECRET, ctx.clock.now()) });
    expect(off.statusCode).toBe(303);
    expect((await ctx.deps.db.selectFrom('users').select('totp_enabled_at').where('id', '=', user.id).executeTakeFirstOrThrow()).totp_enabled_at).toBeNull();
    const mail = await ctx.deps.db.selectFrom('outbox').select('subject').where('to_address', '=', user.email).where('template', '=', 'accounts.totp_disabled').execute();
    expect(mail).toHaveLength(1);
  });
});

describe('races', () => {
  it('a sign-in link used twice at the same moment signs in once', async () => {
    const user = await createAccount(ctx);
    await ctx.client().postForm('/login/magic', { email: user.email });
    const token = new URL(await latestLinkTo(ctx, user.email)).searchParams.get('token') ?? '';
    const a = ctx.client();
    const b = ctx.client();
    await Promise.all([a.csrf(), b.csrf()]);
    const results = await Promise.all([a.postForm('/login/magic/verify', { token }), b.postForm('/login/magic/verify', { token })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 400]);
    expect(await sessionCount(user.id)).toBe(1);
  });
});
