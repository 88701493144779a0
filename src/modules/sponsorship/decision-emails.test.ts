// A sponsorship decision is a person's, and the company's answer reaches them: the acceptance, the
// decline and the withdrawal name the staff member who made it and set Reply-To to their address
// (the sender is a no-reply address).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSponsorshipApplication, aSponsorshipPackage, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail: string;
beforeAll(async () => {
  ctx = await createTestContext();
  staffEmail = (await createAccount(ctx, { roles: ['partnerships'], name: 'Sam Sponsor-Desk' })).email;
  staff = await signedIn(ctx, staffEmail);
});
afterAll(() => ctx?.close());

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['body_text', 'headers']).where('to_address', '=', email).where('template', '=', template).executeTakeFirstOrThrow();

describe('a sponsorship decision’s email', () => {
  it('accepted, declined or withdrawn: names who decided, and replies reach them', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Silver year', tier: 'silver', quantity: 3 });
    const accepted = await aSponsorshipApplication(ctx, { packageId: pkg.id, company: 'Acme Paving' });
    const declined = await aSponsorshipApplication(ctx, { packageId: pkg.id, company: 'Bolt Bikes' });
    // the page tells the staff member the company's reply comes to them
    expect(textOf((await staff.get(`/staff/sponsorship/applications/${accepted.id}`)).body, 'main')).toContain('in your name: its reply comes to your address');
    expect((await staff.postForm(`/staff/sponsorship/applications/${accepted.id}/accept`, {})).statusCode).toBe(303);
    expect((await staff.postForm(`/staff/sponsorship/applications/${declined.id}/decline`, { reason: 'Reserved for local firms.' })).statusCode).toBe(303);
    expect((await staff.postForm(`/staff/sponsorship/applications/${accepted.id}/withdraw`, { reason: 'The company was sold.' })).statusCode).toBe(303);

    const replyTo = `"Sam Sponsor-Desk" <${staffEmail}>`;
    const yes = await mailTo(accepted.email, 'sponsorship.application_accepted');
    expect(yes.body_text).toContain('For anything about your sponsorship, reply to this email: it reaches Sam Sponsor-Desk of our partnerships staff.');
    expect(yes.headers['Reply-To']).toBe(replyTo);
    const no = await mailTo(declined.email, 'sponsorship.application_declined');
    expect(no.body_text).toContain('To talk about it, or about another way to sponsor us, reply to this email: it reaches Sam Sponsor-Desk of our partnerships staff.');
    expect(no.headers['Reply-To']).toBe(replyTo);
    const gone = await mailTo(accepted.email, 'sponsorship.sponsor_withdrawn');
    expect(gone.body_text).toContain('If you have a question about it, reply to this email: it reaches Sam Sponsor-Desk of our partnerships staff.');
    expect(gone.headers['Reply-To']).toBe(replyTo);
  });
});
