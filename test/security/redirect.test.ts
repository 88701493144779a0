// Finding 5 of issue 11: an open redirect after sign-in. `next=/%09/evil.example/x` answered
// `Location: /\t/evil.example/x`, which browsers follow off-site (they strip the tab).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../src/web/forms.js';
import { createAccount, createTestContext, PASSWORD, type TestContext } from '../helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const OURS = 'https://civnet.example';
/** Where a browser on our sign-in page goes with this Location header. */
const landing = (location: string) => new URL(location, `${OURS}/login`);

describe('5. Open redirect after sign-in', () => {
  it('a tab, a newline or a backslash after the first slash no longer leads off-site', async () => {
    const user = await createAccount(ctx);
    for (const next of ['/\t/evil.example/x', '/\n/evil.example', '/\\evil.example', '/\r\n//evil.example', '//evil.example', '/.//evil.example/x']) {
      const c = ctx.client();
      const res = await c.postForm('/login', { email: user.email, password: PASSWORD, next });
      expect(res.statusCode).toBe(303);
      const location = String(res.headers.location);
      expect(landing(location).origin).toBe(OURS);
      expect(location).toBe('/');
    }
  });

  it('an address of our own is kept, with its query', async () => {
    const user = await createAccount(ctx);
    const res = await ctx.client().postForm('/login', { email: user.email, password: PASSWORD, next: '/org/invoices?status=open' });
    expect(res.headers.location).toBe('/org/invoices?status=open');
  });

  it('property: for any string, the resulting Location stays on our origin and has no control characters', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.tuple(fc.constantFrom('/', '//', '/\\', '/\t/', '/.//', '/%2F/', '/\u0000/', 'https:', '/\u3000/'), fc.string({ unit: 'binary', maxLength: 30 })).map(([a, b]) => a + b),
      fc.webUrl().map((u) => `/${u}`),
    );
    fc.assert(
      fc.property(hostile, (next) => {
        const location = safeNext(next);
        expect(location.startsWith('/')).toBe(true);
        expect([...location].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toBe(false);
        expect(landing(location).origin).toBe(OURS);
      }),
      { numRuns: 5000 },
    );
  });
});
