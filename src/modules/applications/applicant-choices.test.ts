// What the applicant decides and sends once: whether the government is listed by name on the
// public network map, and that the same application sent again is refused rather than duplicated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeApplicationForm as complete } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { seedDuesDemo } from '../dues/seed.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  const account = await createAccount(ctx, { roles: ['membership'] });
  staff = ctx.client();
  await staff.signIn(account.email, PASSWORD);
});
afterAll(() => ctx?.close());

const appByName = (name: string) => ctx.deps.db.selectFrom('applications').selectAll().where('legal_name', '=', name).executeTakeFirstOrThrow();

describe('the applicant’s choices', () => {
  it('the applicant chooses whether the government is listed by name on the network map: asked on the form, shown to staff, kept on approval', async () => {
    const form = await ctx.client().get('/apply');
    const radios = dom(form.body).querySelectorAll('input[name="listed"]');
    expect([...radios].map((r) => `${r.getAttribute('value')}:${r.hasAttribute('checked')}`)).toEqual(['yes:true', 'no:false']);
    expect(form.body).toContain('Show the government by name on the public network map?');
    const f = complete({ listed: 'no' });
    expect((await ctx.client().postForm('/apply', { ...f, action: 'submit' })).statusCode).toBe(303);
    const a = await appByName(f.legal_name ?? '');
    const review = await staff.get(`/staff/applications/${a.id}`);
    expect(review.body).toContain('Counted, not shown by name');
    expect((await staff.postForm(`/staff/applications/${a.id}/approve`, {})).statusCode).toBe(303);
    const approved = await appByName(f.legal_name ?? '');
    const org = await ctx.deps.db
      .selectFrom('organizations')
      .select('listed')
      .where('id', '=', approved.organization_id ?? '')
      .executeTakeFirstOrThrow();
    expect(org.listed).toBe(false);
  });
});

describe('sending again', () => {
  it('the same application sent again (the back button) is refused with what became of the first, and nothing is saved or sent', async () => {
    const f = complete();
    expect((await ctx.client().postForm('/apply', { ...f, action: 'submit' })).statusCode).toBe(303);
    const count = async () =>
      (
        await ctx.deps.db
          .selectFrom('applications')
          .select('id')
          .where('legal_name', '=', f.legal_name ?? '')
          .execute()
      ).length;
    const mails = async () =>
      (
        await ctx.deps.db
          .selectFrom('outbox')
          .select('id')
          .where('to_address', '=', f.applicant_email ?? '')
          .execute()
      ).length;
    const before = await mails();
    const again = await ctx
      .client()
      .postForm('/apply', { ...f, applicant_email: (f.applicant_email ?? '').toUpperCase(), legal_name: ` ${f.legal_name?.toLowerCase()}`, action: 'submit' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body, 'h1')).toBe('That cannot be done now');
    expect(again.body).toContain(`You sent an application for ${f.legal_name?.toLowerCase()} (CO) from this address on `);
    expect(again.body).toContain('Membership staff are reviewing it, usually within five working days');
    expect(await count()).toBe(1);
    expect(await mails()).toBe(before);
    // Another government, or the same one from another address, is a new application.
    expect((await ctx.client().postForm('/apply', { ...f, legal_name: `${f.legal_name} North`, action: 'submit' })).statusCode).toBe(303);
    expect((await ctx.client().postForm('/apply', { ...f, applicant_email: `other-${f.applicant_email}`, action: 'submit' })).statusCode).toBe(303);
  });
});
