// Confirming an address (verification.ts) over HTTP: the link's page does not use it up, the button
// does and signs in keeping the password, `next` stays on this site, and asking for a new link
// answers the same for any address while mailing only an unconfirmed account, once in a while.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableAccount } from '../../../test/factories/index.js';
import { createTestContext, latestLinkTo, PASSWORD, pathOf, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { createUser } from './service.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const unconfirmed = async () => {
  const email = uniqueEmail('unconfirmed');
  const id = await createUser(ctx.deps, { email, name: 'Una Confirmed', password: PASSWORD, verified: false });
  return { email, id };
};
const verifyMails = (email: string) => ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', email).where('template', '=', 'accounts.verify_email').execute();
const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';

describe('confirming an address', () => {
  it('opening the link does not use it; its button confirms the address and signs in, keeping the password in the browser that tried it', async () => {
    const a = await unconfirmed();
    const c = ctx.client();
    ctx.clock.advance(5 * 60_000 + 1000);
    expect((await c.postForm('/login', { email: a.email, password: PASSWORD, next: '/account' })).statusCode).toBe(403);
    const link = await latestLinkTo(ctx, a.email, 'accounts.verify_email');
    expect((await c.get(pathOf(link))).statusCode).toBe(200);
    expect((await c.get(pathOf(link))).statusCode).toBe(200);
    const res = await c.postForm('/account/verify', { token: tokenOf(link), next: new URL(link).searchParams.get('next') ?? '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    expect((await c.getJson('/api/v1/me')).json().email).toBe(a.email);
    await ctx.client().signIn(a.email);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).execute();
    expect(audit.map((r) => r.action)).toEqual(['account.email_verified']);
  });

  it('the used link opened again while signed in says the address is confirmed, not to sign in; signed out, it says to sign in', async () => {
    const a = await unconfirmed();
    const c = ctx.client();
    await c.postForm('/account/verify/new', { email: a.email });
    const sent = await latestLinkTo(ctx, a.email, 'accounts.verify_email');
    const link = pathOf(sent);
    expect((await c.postForm('/account/verify', { token: tokenOf(sent), next: '/account' })).statusCode).toBe(303);
    const again = await c.get(link);
    expect(again.statusCode).toBe(400);
    const main = textOf(again.body, 'main');
    expect(main).toContain(`You are signed in as ${a.email}, and that address is confirmed: there is nothing more to do for it.`);
    expect(main).not.toContain('If your address is confirmed already, sign in.');
    expect(again.body).not.toContain('href="/login"');
    expect(textOf((await ctx.client().get(link)).body, 'main')).toContain('If your address is confirmed already, sign in.');
  });

  it('a link asked for by address alone, or used in another browser, confirms and signs in but discards the password; next stays on this site', async () => {
    const a = await unconfirmed();
    await ctx.client().postForm('/account/verify/new', { email: a.email });
    const link = await latestLinkTo(ctx, a.email, 'accounts.verify_email');
    const c = ctx.client();
    const res = await c.postForm('/account/verify', { token: tokenOf(link), next: 'https://elsewhere.example/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await c.getJson('/api/v1/me')).json().email).toBe(a.email);
    const home = (await c.get('/')).body;
    expect(home).toContain('the password chosen then was set aside');
    // the whole message, to its last word (a flash was cut at 300 characters, mid-word)
    expect(home).toContain('sign out, then use &quot;Choose a password, or reset a forgotten one&quot; on the sign-in page.');
    expect((await ctx.client().postForm('/login', { email: a.email, password: PASSWORD })).statusCode).toBe(401);
  });

  it('a disabled account’s link does nothing', async () => {
    const a = await unconfirmed();
    await ctx.client().postForm('/account/verify/new', { email: a.email });
    const link = await latestLinkTo(ctx, a.email, 'accounts.verify_email');
    await disableAccount(ctx, a.id);
    const c = ctx.client();
    expect((await c.get(pathOf(link))).statusCode).toBe(400);
    expect((await c.postForm('/account/verify', { token: tokenOf(link) })).statusCode).toBe(400);
    const row = await ctx.deps.db.selectFrom('users').select('email_verified_at').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeNull();
  });

  it('asking for a new link answers the same for any address, and mails an unconfirmed account at most once in five minutes', async () => {
    const a = await unconfirmed();
    const confirmed = uniqueEmail('confirmed');
    await createUser(ctx.deps, { email: confirmed, name: 'Con Firmed', password: PASSWORD });
    const c = ctx.client();
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');
    const answers = [];
    for (const email of [a.email, confirmed, uniqueEmail('nobody')]) answers.push(await c.postForm('/account/verify/new', { email }));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((r) => strip(r.body))).size).toBe(1);
    await c.postForm('/account/verify/new', { email: a.email });
    expect(await verifyMails(a.email)).toHaveLength(1);
    expect(await verifyMails(confirmed)).toHaveLength(0);
    ctx.clock.advance(5 * 60_000 + 1000);
    await c.postForm('/account/verify/new', { email: a.email });
    expect(await verifyMails(a.email)).toHaveLength(2);
  });

  it('a bad address is named on the form', async () => {
    const res = await ctx.client().postForm('/account/verify/new', { email: 'not an address' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter an email address like name@example.gov.');
  });
});
