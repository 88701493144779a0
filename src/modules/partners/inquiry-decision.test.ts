// The decision on an inquiry is a person's, and the conversation it opens reaches them: the email
// names the staff member who decided and its replies go to their address (Reply-To), not to the
// no-reply sender; a decline tells the inquirer whom a question reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail: string;
beforeAll(async () => {
  ctx = await createTestContext();
  staffEmail = (await createAccount(ctx, { roles: ['partnerships'], name: 'Paula "PJ" Partner' })).email;
  staff = await signedIn(ctx, staffEmail);
});
afterAll(() => ctx?.close());

/** An inquiry sent and confirmed through the public form: its relationship's id and the inquirer's address. */
async function anInquiry(organization: string) {
  const visitor = ctx.client();
  const email = `${organization.toLowerCase().replace(/\W+/g, '-')}@inquirer.example`;
  const sent = await visitor.postForm('/partners/inquire', { organization, kind: 'alliance', purpose: 'Joint training for regional planners.', contactName: 'Ada Lake', email });
  expect(sent.statusCode).toBe(200);
  const token = new URL(await latestLinkTo(ctx, email, 'partners.confirm_inquiry')).searchParams.get('token') ?? '';
  expect((await visitor.postForm('/partners/inquire/confirm', { token })).statusCode).toBe(200);
  const r = await ctx.deps.db.selectFrom('partner_relationships').select('id').where('partner_name', '=', organization).executeTakeFirstOrThrow();
  return { id: r.id, email };
}

const decisionTo = (email: string) =>
  ctx.deps.db
    .selectFrom('outbox')
    .select(['subject', 'body_text', 'headers'])
    .where('to_address', '=', email)
    .where('template', '=', 'partners.inquiry_decision')
    .executeTakeFirstOrThrow();

describe('the decision on an inquiry', () => {
  it('“let us talk” names the staff member who decided, and replies reach them', async () => {
    const i = await anInquiry('Lake Council of Governments');
    // the form tells the staff member it goes in their name
    expect(textOf((await staff.get(`/staff/partners/${i.id}`)).body, '#f-reason-hint')).toContain('in your name: their reply comes to your address');
    expect((await staff.postForm(`/staff/partners/${i.id}/status`, { to: 'discussion', reason: 'We look forward to it.' })).statusCode).toBe(303);
    const mail = await decisionTo(i.email);
    expect(mail.subject).toBe('Your inquiry: let us talk');
    expect(mail.body_text).toContain('We look forward to it.');
    expect(mail.body_text).toContain('Paula "PJ" Partner of our partnerships staff will write to you to arrange a first conversation. To reach them sooner, reply to this email.');
    expect(mail.headers['Reply-To']).toBe(`"Paula PJ Partner" <${staffEmail}>`);
  });

  it('a no says whom a question reaches, and replies reach them too', async () => {
    const i = await anInquiry('Harbor Freight Council');
    expect((await staff.postForm(`/staff/partners/${i.id}/status`, { to: 'ended', reason: 'We do not work with freight councils.' })).statusCode).toBe(303);
    const mail = await decisionTo(i.email);
    expect(mail.subject).toBe('Your inquiry: our decision');
    expect(mail.body_text).toContain('If you have a question about this decision, reply to this email: it reaches Paula "PJ" Partner of our partnerships staff.');
    expect(mail.headers['Reply-To']).toBe(`"Paula PJ Partner" <${staffEmail}>`);
  });
});
