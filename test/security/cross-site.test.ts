// A form sent from another website is refused even when it carries a valid CSRF token (SECURITY.md:
// CSRF, defence in depth): the browser's Sec-Fetch-Site, or from an older browser its Origin, says
// where the request comes from. Requests that say neither, and an Origin of "null" (what our own
// pages send: their referrer policy is no-referrer), are left to the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../helpers.js';
import { textOf } from '../html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** Signs out through the form, with the token and the given headers a browser would add. */
async function signOut(c: TestClient, headers: Record<string, string>) {
  const form = new URLSearchParams({ _csrf: await c.csrf() });
  return c.request('POST', '/logout', { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers }, payload: form.toString() });
}
const stillSignedIn = async (c: TestClient) => (await c.get('/me')).statusCode === 200;

async function member(): Promise<TestClient> {
  const a = await createAccount(ctx, {});
  return signedIn(ctx, a.email);
}

describe('a form sent from another website', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'http://evil.civnet.test' }],
    ['an older browser’s foreign Origin', { origin: 'https://evil.example' }],
    ['an Origin on another port of this host', { origin: 'http://civnet.test:8080' }],
  ])('is refused with its valid token (%s) and changes nothing', async (_name, headers) => {
    const c = await member();
    const res = await signOut(c, headers);
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body, 'h1')).toBe('The form was not sent');
    expect(textOf(res.body, 'main p')).toBe('This form was sent from another website, so nothing was done. Open the page on this site and send it again.');
    // not a question of access: no "ask for the role" paragraph
    expect(res.body).not.toContain('If you think you should have access');
    expect(await stillSignedIn(c)).toBe(true);
  });

  it('a cookie-authenticated JSON write from another website is refused too, with its token', async () => {
    const c = await member();
    const res = await c.request('POST', '/me/events/calendar-feed', {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf(), 'sec-fetch-site': 'cross-site' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({
      code: 'csrf_invalid',
      message: 'This form was sent from another website, so nothing was done. Open the page on this site and send it again.',
    });
  });
});

describe('a form sent from this site', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['the public address as Origin', { origin: 'http://civnet.test' }],
    ['the address it was sent to as Origin', { origin: 'http://localhost:80', host: 'localhost:80' }],
    ['an Origin of "null" (our referrer policy)', { origin: 'null' }],
    ['neither header (a script, an old browser)', {}],
  ])('is accepted with its token (%s)', async (_name, headers) => {
    const c = await member();
    const res = await signOut(c, headers);
    expect(res.statusCode).toBe(303);
    expect(await stillSignedIn(c)).toBe(false);
  });

  it('is still refused without its token, whatever the browser says', async () => {
    const c = await member();
    const res = await c.request('POST', '/logout', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'sec-fetch-site': 'same-origin' },
      payload: '',
    });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body, 'h1')).toBe('The form was not sent');
    expect(textOf(res.body, 'main p')).toBe('This form has expired. Please reload the page and try again.');
    expect(await stillSignedIn(c)).toBe(true);
  });
});
