// Finding 6 of issue 11, the part about time: password reset, sign-in links and requests for access
// answered after looking the address up, so the answer took longer when it had an account. Now
// the request only queues the work: the answer is the same page, and nothing about the address is
// read or written until the job runs. (The join and add-contact halves of finding 6 are in
// verify.test.ts and seats.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_LINKS_QUEUE } from '../../src/modules/accounts/index.js';
import { LOGIN_REQUESTS_QUEUE } from '../../src/modules/portal/index.js';
import { createAccount, createTestContext, type TestContext } from '../helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const strip = (body: string, ...values: string[]) => values.reduce((b, v) => b.replaceAll(v, 'ADDRESS'), body.replace(/name="_csrf" value="[^"]+"/g, ''));
const mailTo = async (to: string) => (await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', to).execute()).map((m) => m.template);

describe('6. Enumeration (answers that take longer when the address has an account)', () => {
  for (const [path, queue, template] of [
    ['/password/forgot', EMAIL_LINKS_QUEUE, 'accounts.password_reset'],
    ['/login/magic', EMAIL_LINKS_QUEUE, 'accounts.magic_link'],
  ] as const) {
    it(`${path}: the same answer for a known and an unknown address, and no work until the queued job runs`, async () => {
      const known = await createAccount(ctx);
      const unknown = `nobody-${Date.now().toString(36)}@test.example`;
      const a = await ctx.client().postForm(path, { email: known.email });
      const b = await ctx.client().postForm(path, { email: unknown });
      expect(a.statusCode).toBe(200);
      expect(b.statusCode).toBe(a.statusCode);
      expect(strip(b.body, unknown)).toBe(strip(a.body, known.email));
      expect(await mailTo(known.email)).toEqual([]);
      expect(await ctx.deps.db.selectFrom('auth_tokens').select('token_hash').where('user_id', '=', known.id).execute()).toEqual([]);
      await ctx.deps.jobs.drain(queue);
      expect(await mailTo(known.email)).toEqual([template]);
      expect(await mailTo(unknown)).toEqual([]);
    });
  }

  it('/request-access: the same answer for a member organization and for none, and nothing is matched or stored until the queued job runs', async () => {
    const admin = await createAccount(ctx, { org: { role: 'admin' } });
    const org = await ctx.deps.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', admin.organizationId ?? '')
      .executeTakeFirstOrThrow();
    const asker = `asker-${Date.now().toString(36)}@elsewhere.example`;
    const a = await ctx.client().postForm('/request-access', { name: 'Asker', email: asker, organization: org.name });
    const b = await ctx.client().postForm('/request-access', { name: 'Asker', email: asker, organization: 'No Such Town Anywhere' });
    expect(a.statusCode).toBe(200);
    expect(strip(b.body)).toBe(strip(a.body));
    expect(await ctx.deps.db.selectFrom('login_requests').select('id').where('email', '=', asker).execute()).toEqual([]);
    expect(await mailTo(admin.email)).toEqual([]);
    await ctx.deps.jobs.drain(LOGIN_REQUESTS_QUEUE);
    expect(await ctx.deps.db.selectFrom('login_requests').select('id').where('email', '=', asker).execute()).toHaveLength(2);
    expect(await mailTo(admin.email)).toEqual(['portal.login_request_new']);
  });
});
