// The first hour of an approved organization, through HTTP: each person the application names gets
// an invitation that names the organization, their role and title; accepting it (the address
// proven, no password needed) lands on /org, where the titles show; home and /account say where
// the person's things are and their roles in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf, termValue, textOf } from '../../../test/html.js';
import { mailTo } from '../../../test/readers.js';
import { seedDuesDemo } from '../dues/seed.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  const account = await createAccount(ctx, { roles: ['membership'], name: 'Mia Membership' });
  staff = ctx.client();
  await staff.signIn(account.email, PASSWORD);
});
afterAll(() => ctx?.close());

async function approvedApplication() {
  const slug = Date.now().toString(36);
  const fields = {
    applicant_email: `clerk-${slug}@oakdale${slug}.gov`,
    entity_type: 'city',
    legal_name: `City of Oakdale ${slug}`,
    state: 'CO',
    population: 31685,
    population_source: '2020 Census',
    population_year: 2020,
    website: '',
    staff_name: 'Cleo Clerk',
    staff_email: `clerk-${slug}@oakdale${slug}.gov`,
    staff_title: 'City Clerk',
    staff_phone: '',
    elected_name: 'Max Mayor',
    elected_email: `mayor-${slug}@oakdale${slug}.gov`,
    elected_title: 'Mayor',
    billing_name: 'Ada Payable',
    billing_email: `ap-${slug}@oakdale${slug}.gov`,
    billing_address: '1 Main St\nOakdale, CO 80000',
    po_required: false,
    po_number: '',
    agree_terms: true,
  };
  const res = await ctx.client().sendJson('POST', '/api/v1/applications', fields, { csrf: false });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  expect((await staff.postForm(`/staff/applications/${id}/approve`, {})).statusCode).toBe(303);
  const app = await ctx.deps.db.selectFrom('applications').select('organization_id').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, fields, organizationId: app.organization_id ?? '' };
}

describe('the first hour of an approved organization', () => {
  it('each person named gets one email naming the organization and their role; accepting lands the administrator on /org', async () => {
    const { id, fields, organizationId } = await approvedApplication();
    const name = fields.legal_name;
    const expected = {
      [fields.staff_email]: `Your role at ${name}: Administrator; staff contact (City Clerk).`,
      [fields.elected_email]: `Your role at ${name}: Contact; elected official (Mayor).`,
      [fields.billing_email]: `Your role at ${name}: Contact; billing contact.`,
    };
    for (const [to, role] of Object.entries(expected)) {
      // One invitation each, which is also the news of the approval (besides the receipt of the
      // submission and, for the billing contact, the invoice).
      const mail = (await mailTo(ctx, to)).filter((m) => m.template.startsWith('portal.') || m.template === 'applications.approved');
      expect(mail.map((m) => m.template)).toEqual(['portal.seat_invitation']);
      expect(mail[0]?.subject).toContain(`${name} is approved`);
      expect(mail[0]?.body_text).toContain(role);
      expect(mail[0]?.body_text).toContain('the invoice for the annual dues');
    }
    // Staff see the titles and roles of the people invited, before anyone accepts.
    const review = rowsOf((await staff.get(`/staff/applications/${id}`)).body, 'Invitations');
    expect(review.find((r) => r[0] === 'Cleo Clerk')?.slice(1, 3)).toEqual(['City Clerk', 'Staff contact']);
    expect(review.find((r) => r[0] === 'Max Mayor')?.slice(1, 3)).toEqual(['Mayor', 'Elected official']);
    expect(review.find((r) => r[0] === 'Ada Payable')?.slice(1, 3)).toEqual(['—', 'Billing contact']);

    const clerk = ctx.client();
    const accepted = await acceptInvitation(ctx, clerk, fields.staff_email);
    expect(accepted.headers.location).toBe(`/org?org=${organizationId}`);
    const home = await clerk.get(accepted.headers.location as string);
    expect(home.statusCode).toBe(200);
    const contacts = rowsOf(home.body, `Contacts of ${name}`);
    expect(contacts[0]?.slice(0, 2)).toEqual(['Cleo Clerk', 'City Clerk']);
    const pending = rowsOf(home.body, `Pending invitations to ${name}`);
    expect(pending.find((r) => r[0] === 'Max Mayor')?.slice(1, 3)).toEqual(['Mayor', 'Elected official']);

    // Home and /account say where things are and what the person is, in words.
    const front = await clerk.get('/');
    expect(front.body).toContain(`href="/org?org=${organizationId}"`);
    expect(textOf(front.body, 'main')).toContain(`Administrator of ${name} (City Clerk)`);
    const account = await clerk.get('/account');
    const roles = termValue(account.body, 'Roles');
    // the organization named once, its duties after it
    expect(roles).toContain(`Administrator of ${name} (City Clerk), staff contact`);
    expect(roles.split(name).length - 1).toBe(1);
    expect(roles).not.toContain('None');
    expect(textOf(account.body, 'main')).toContain(`My organization: ${name}`);
  });

  it('staff are shown their desk and their roles in words', async () => {
    const mia = await staff.get('/account');
    expect(termValue(mia.body, 'Roles')).toBe('Staff: Membership');
    expect(mia.body).toContain('href="/staff"');
    const front = await staff.get('/');
    expect(textOf(front.body, 'main')).toContain('The staff desk');
  });
});
