// The way in, told one way everywhere: /join, /dues, /apply, the emails of submission, approval
// and payment, and staff's review page. The member books the first meeting themselves on the
// organization's page once the invoice is paid; nobody promises a call that never comes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, apiPay, tokenOf } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';
import { seedDuesDemo } from '../dues/seed.js';
import { seedJoinDemo } from '../join/index.js';

let ctx: TestContext;
let staff: TestClient;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute(async (trx) => {
    await seedDuesDemo(trx);
    await seedJoinDemo(trx);
  });
  const membership = await createAccount(ctx, { roles: ['membership'] });
  staff = ctx.client();
  await staff.signIn(membership.email, PASSWORD);
  const f = await createAccount(ctx, { roles: ['finance'] });
  finance = ctx.client();
  await finance.signIn(f.email, PASSWORD);
});
afterAll(() => ctx?.close());

/** The promise that was wrong: someone will get in touch to set up the first meeting. */
const PROMISES_A_CALL = /advisor (will )?(then )?contacts? you|gets in touch/i;
const mailTo = async (email: string, template: string) =>
  (await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', email).where('template', '=', template).executeTakeFirstOrThrow()).body_text;
const optionsOf = (html: string, name: string) => textsOf(dom(html).querySelector(`select[name="${name}"]`) ?? dom(''), 'option');

describe('the pages before applying', () => {
  it('/join, /dues and /apply name the same steps, the review among them, and the member books the first meeting', async () => {
    const join = (await ctx.client().get('/join')).body;
    const steps = dom(join)
      .querySelectorAll('ol')
      .map((ol) => textsOf(ol, 'li'));
    expect(steps).toContainEqual([
      'Fill in the application.',
      'Membership staff review it, usually within five working days.',
      'We send you an invoice.',
      'You pay the invoice, and your membership begins.',
      'We email you the name of your dedicated advisor, and you book a first meeting with them on your organization’s page.',
    ]);
    expect(join).not.toMatch(PROMISES_A_CALL);

    const dues = (await ctx.client().get('/dues')).body;
    const next = textsOf(dues, 'ol li');
    expect(next).toContain('Membership staff review your application, usually within five working days.');
    expect(next).toContain(
      'Once it is paid, your membership starts: we email you the name of your dedicated advisor, and you book a first meeting with them on your organization’s page.',
    );
    expect(dues).not.toMatch(PROMISES_A_CALL);

    const apply = (await ctx.client().get('/apply')).body;
    expect(apply).toContain('then you book a first meeting with your dedicated advisor on your organization’s page');
    expect(apply).not.toMatch(PROMISES_A_CALL);

    // The type a region chooses has one name: the one /join tells it to choose.
    expect(textsOf(join, 'p').join(' ')).toContain('choosing “Region (regional council or agency)” as the type');
    expect(optionsOf(dues, 'entityType')).toContain('Region (regional council or agency)');
    expect(textsOf(apply, 'label')).toContain('Region (regional council or agency)');
  });
});

describe('from application to first meeting', () => {
  it('the emails and pages agree that the member books the first meeting, staff get links to what approval made, and the applicant is told how to get access', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Aisha Rahman', states: ['VT'] });
    const s = randomUUID().slice(0, 8);
    const f = {
      applicant_email: `clerk-${s}@brattleboro${s}.gov`,
      entity_type: 'town',
      legal_name: `Brattleboro ${s}`,
      state: 'VT',
      population: '12000',
      population_source: '2020 Census',
      population_year: '2020',
      website: '',
      staff_name: 'Pat Clerk',
      staff_email: `pat-${s}@brattleboro${s}.gov`,
      staff_title: 'Town Clerk',
      staff_phone: '',
      elected_name: 'Mo Mayor',
      elected_email: `mo-${s}@brattleboro${s}.gov`,
      elected_title: 'Select Board Chair',
      billing_name: 'Bea Billing',
      billing_email: `bea-${s}@brattleboro${s}.gov`,
      billing_address: '230 Main St\nBrattleboro, VT 05301',
      po_required: 'no',
      po_number: '',
      agree_terms: 'yes',
    };
    const applicant = ctx.client();
    const submitted = await applicant.postForm('/apply', { ...f, action: 'submit' });
    expect(submitted.statusCode).toBe(303);
    const received = await applicant.get(String(submitted.headers.location));
    expect(textsOf(received.body, 'ol li')).toContain(
      'We email your organization’s contacts the name of your dedicated advisor, and they book a first meeting with them on the organization’s page.',
    );
    expect(received.body).not.toMatch(PROMISES_A_CALL);
    const receivedMail = await mailTo(f.applicant_email, 'applications.submitted');
    expect(receivedMail).toContain('you book a first meeting with them yourself on your organization’s page');
    expect(receivedMail).not.toMatch(PROMISES_A_CALL);

    // Staff's review: the Approve box has its heading and says the invoice goes at the same moment.
    const app = await ctx.deps.db.selectFrom('applications').select('id').where('legal_name', '=', f.legal_name).executeTakeFirstOrThrow();
    const review = (await staff.get(`/staff/applications/${app.id}`)).body;
    expect(textsOf(review, 'h3')).toEqual(expect.arrayContaining(['Approve', 'Decline']));
    expect(review).toContain(`at once emails each person the application names an invitation to act for it, and the billing contact (${f.billing_email}) the invoice`);
    expect(review).not.toContain('the invoice follows');

    const approved = await staff.postForm(`/staff/applications/${app.id}/approve`, {});
    expect(approved.statusCode).toBe(303);
    const after = (await staff.get(`/staff/applications/${app.id}`)).body;
    expect(textOf(after, '.flash')).toContain('and the billing contact the invoice. Links to both are below.');
    const org = await ctx.deps.db.selectFrom('applications').select('organization_id').where('id', '=', app.id).executeTakeFirstOrThrow();
    const invoice = await ctx.deps.db
      .selectFrom('invoices')
      .select(['id', 'number', 'total_cents'])
      .where('organization_id', '=', org.organization_id ?? '')
      .executeTakeFirstOrThrow();
    expect(textsOf(after, 'h2')).toContain('What the approval created');
    const links = dom(after)
      .querySelectorAll('main a')
      .map((a) => [a.text.trim(), a.getAttribute('href')]);
    expect(links).toContainEqual([`The record of ${f.legal_name}`, `/staff/organizations/${org.organization_id}`]);
    expect(links).toContainEqual([`Invoice ${invoice.number}`, `/staff/invoices/${invoice.id}`]);

    // The applicant, whom the application does not name, is told they have no access yet and whom to ask.
    const approvedMail = await mailTo(f.applicant_email, 'applications.approved');
    expect(approvedMail).toContain('You are not one of them, so you have no access to that page yet.');
    expect(approvedMail).toContain(`ask its administrator, Pat Clerk (${f.staff_email}), to add you`);
    expect(approvedMail).not.toMatch(PROMISES_A_CALL);
    const invitation = await mailTo(f.staff_email, 'portal.seat_invitation');
    expect(invitation).toContain('you book a first meeting with them yourself on your organization’s page');
    expect(invitation).toContain(', of the association’s membership staff, invites you to act for');
    expect(invitation).not.toMatch(PROMISES_A_CALL);

    // Pat accepts: no password, so the welcome does not send her to "Forgot your password?".
    const pat = ctx.client();
    const link = pathOf(await latestLinkTo(ctx, f.staff_email, 'portal.seat_invitation'));
    // The invitation page says who the inviter is, as the email does.
    expect(textOf((await pat.get(link)).body, '.lead')).toMatch(/^.+, of Test Association’s membership staff, invites Pat Clerk/);
    expect((await pat.postForm('/invitation/accept', { token: tokenOf(link) })).statusCode).toBe(303);
    const home = await pat.get(`/org?org=${org.organization_id}`);
    const welcome = textOf(home.body, '.flash');
    expect(welcome).toContain('You need no password: to come back, use “Email me a sign-in link instead” on the sign-in page.');
    expect(welcome).not.toContain('Forgot');

    // Finance records the payment: the welcome and the advisor's emails give one next step.
    ctx.clock.advance(60_000);
    expect((await apiPay(finance, invoice.id, { amountCents: invoice.total_cents, method: 'check', reference: '5521' }, randomUUID())).statusCode).toBe(201);
    const member = await mailTo(f.staff_email, 'billing.welcome');
    const assigned = await mailTo(f.staff_email, 'advising.assigned_organization');
    expect(member).toContain('Next: you book a first meeting with your dedicated advisor.');
    expect(member).toContain('choose a time yourself on your organization’s home page');
    expect(member).not.toMatch(PROMISES_A_CALL);
    expect(assigned).toContain(advisor.name);
    expect(assigned).toContain('pick a time for your first meeting on your organization’s home page');
  });
});
