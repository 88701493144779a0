// Applications through HTTP: drafts, submission, the API, and the staff review with its
// guarded transitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backdateApplication, completeApplicationForm, tokenOf } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf, termsOf, termValue, textOf, textsOf } from '../../../test/html.js';
import { seedDuesDemo } from '../dues/seed.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  const account = await createAccount(ctx, { roles: ['membership'] });
  staffEmail = account.email;
  staff = ctx.client();
  await staff.signIn(account.email, PASSWORD);
});
afterAll(() => ctx?.close());

const complete = completeApplicationForm;

const countApps = async (status: string) =>
  (
    await ctx.deps.db
      .selectFrom('applications')
      .select('id')
      .where('status', '=', status as 'draft')
      .execute()
  ).length;
const appByName = (name: string) => ctx.deps.db.selectFrom('applications').selectAll().where('legal_name', '=', name).executeTakeFirstOrThrow();

async function submitViaApi(fields: Record<string, string> = complete()) {
  const body: Record<string, unknown> = {
    ...fields,
    population: Number(fields.population),
    population_year: Number(fields.population_year),
    po_required: fields.po_required === 'yes',
    agree_terms: true,
  };
  const res = await ctx.client().sendJson('POST', '/api/v1/applications', body, { csrf: false });
  expect(res.statusCode).toBe(201);
  return { id: res.json().id as string, fields };
}

describe('applying', () => {
  it('a draft is saved, emailed as a link, and reopened with its answers', async () => {
    const c = ctx.client();
    const f = complete({ population: '', agree_terms: '' });
    const res = await c.postForm('/apply', { ...f, action: 'save' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^\/apply\?draft=/);
    const link = pathOf(await latestLinkTo(ctx, f.applicant_email ?? ''));
    expect(link).toBe(res.headers.location);
    const page = await ctx.client().get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${f.legal_name}"`);
    expect(page.body).toContain('value="PO-123"');
  });

  it('submitting with answers missing names each field and saves nothing', async () => {
    const before = await countApps('submitted');
    const res = await ctx
      .client()
      .postForm('/apply', { applicant_email: 'x@city.gov', legal_name: 'City of Nowhere', population: '-5', staff_phone: 'call me maybe', action: 'submit' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter the population without a minus sign, like 31,685.');
    expect(errorOf(res.body, 'staff_phone').message).toBe('Enter a phone number, like (217) 555-0100 (an extension as “ext. 12”).');
    const res2 = await ctx.client().postForm('/apply', { applicant_email: 'x@city.gov', legal_name: 'City of Nowhere', action: 'submit' });
    expect(res2.statusCode).toBe(400);
    for (const msg of ['Choose the kind of government.', 'Choose a state or territory.', 'Enter the population.', 'You must agree to the membership terms to apply.'])
      expect(res2.body).toContain(msg);
    expect(res2.body).toContain('href="#f-entity_type"');
    expect(await countApps('submitted')).toBe(before);
  });

  it('an empty submit reports every missing field at once, in form order, with the summary focused and the title saying Error', async () => {
    const res = await ctx.client().postForm('/apply', { action: 'submit' });
    expect(res.statusCode).toBe(400);
    const page = dom(res.body);
    const links = page.querySelectorAll('.error-summary a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(
      [
        'applicant_email',
        'entity_type',
        'legal_name',
        'state',
        'population',
        'population_source',
        'population_year',
        'staff_name',
        'staff_email',
        'elected_name',
        'elected_email',
        'billing_name',
        'billing_email',
        'billing_address',
        'agree_terms',
      ].map((f) => `#f-${f}`),
    );
    expect(page.querySelector('.error-summary')?.hasAttribute('autofocus')).toBe(true);
    expect(page.querySelector('.error-summary')?.getAttribute('tabindex')).toBe('-1');
    expect(textOf(page, 'title')).toMatch(/^Error: Apply for membership/);
    // Saving a draft without an email asks only for the email.
    const draft = await ctx.client().postForm('/apply', { action: 'save' });
    expect(
      dom(draft.body)
        .querySelectorAll('.error-summary a')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['#f-applicant_email']);
  });

  it('the dues calculator’s answers prefill a new application; bad values are ignored', async () => {
    const page = dom((await ctx.client().get('/apply?entity_type=county&population=31685')).body);
    expect(page.querySelector('input[name="entity_type"][value="county"]')?.hasAttribute('checked')).toBe(true);
    expect(page.querySelector('input[name="population"]')?.getAttribute('value')).toBe('31,685');
    const bad = await ctx.client().get('/apply?entity_type=village&population=-3');
    expect(bad.statusCode).toBe(200);
    const badPage = dom(bad.body);
    expect(badPage.querySelectorAll('input[name="entity_type"][checked]')).toHaveLength(0);
    expect(badPage.querySelector('input[name="population"]')?.getAttribute('value') ?? '').toBe('');
    expect(badPage.querySelector('.error-summary')).toBeNull();
  });

  it('a purchase order number is required when a purchase order is', async () => {
    const res = await ctx.client().postForm('/apply', { ...complete({ po_number: '' }), action: 'submit' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter the purchase order number');
  });

  it('a complete application is submitted once, quoted, and emailed to the applicant and membership staff', async () => {
    const c = ctx.client();
    const f = complete();
    const res = await c.postForm('/apply', { ...f, action: 'submit' });
    expect(res.statusCode).toBe(303);
    const page = await c.get(String(res.headers.location));
    expect(page.body).toContain('Application received');
    // the state by name, as everywhere else the applicant reads it (was 'City of …, CO')
    expect(termValue(page.body, 'Government')).toBe(`${f.legal_name}, Colorado`);
    expect(page.body).toContain('$1,200.00 a year');
    expect(page.body).toContain('What happens next');
    expect(page.body).toContain('usually within five working days');
    // What was sent, to read again: a typo in an address is found here.
    const sent = termsOf(dom(page.body).querySelector('details')?.innerHTML ?? '');
    expect(sent).toEqual(
      expect.arrayContaining([
        ['Staff contact', `Pat Staff, Sustainability Director <${f.staff_email}>`],
        ['Billing contact', `Bailey Billing <${f.billing_email}>`],
        ['Public listing', 'Listed by name on the network map once a member'],
      ]),
    );
    expect(textOf(page.body, 'details p')).toContain('Spotted a mistake? Write to membership staff at');
    const a = await appByName(f.legal_name ?? '');
    expect(a).toMatchObject({ status: 'submitted', quoted_amount_cents: 120000, population: 75000, po_number: 'PO-123' });
    const mails = await ctx.deps.db
      .selectFrom('outbox')
      .select(['to_address', 'template'])
      .where('to_address', 'in', [f.applicant_email ?? '', staffEmail])
      .where('template', 'like', 'applications.submitted%')
      .execute();
    expect(mails.map((m) => m.template).sort()).toEqual(['applications.submitted', 'applications.submitted_staff']);
    // the same draft link cannot submit again
    const token = new URL(String(res.headers.location), 'http://x').searchParams.get('draft') ?? '';
    const again = await c.postForm('/apply', { ...f, draft: token, action: 'submit' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already been submitted');
    expect(await countApps('submitted')).toBeGreaterThan(0);
    // Once approved, the same page no longer says the review is ahead.
    expect((await staff.postForm(`/staff/applications/${a?.id}/approve`, {})).statusCode).toBe(303);
    const approved = await c.get(String(res.headers.location));
    expect(approved.body).toContain('Membership staff approved the application.');
    expect(approved.body).not.toContain('usually within five working days');
  });

  // After the test above, which counts the staff's emails of submissions.
  it('a population is read however it is typed: "31,685", "31 685", "31685"', async () => {
    for (const population of ['31,685', '31 685', '31685']) {
      const f = complete({ population });
      const res = await ctx.client().postForm('/apply', { ...f, action: 'submit' });
      expect(res.statusCode, population).toBe(303);
      expect((await appByName(f.legal_name ?? '')).population).toBe(31_685);
    }
    const bad = await ctx.client().postForm('/apply', { ...complete({ population: 'about 30k' }), action: 'submit' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body, '#f-population-error')).toBe('Error: Enter the population as a whole number, like 31,685.');
  });

  it('a region is routed to “contact us” without an amount', async () => {
    const { id } = await submitViaApi(complete({ entity_type: 'region', population: '900000' }));
    const a = await ctx.deps.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(a.quoted_amount_cents).toBeNull();
    expect(a.quote_contact_required).toBe(true);
  });

  it('the API refuses bad and unknown fields by name, and saves nothing', async () => {
    const before = await countApps('submitted');
    const body = { ...complete(), population: 0, population_year: 2020, po_required: false, agree_terms: true };
    const res = await ctx.client().sendJson('POST', '/api/v1/applications', body, { csrf: false });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.population).toBeTruthy();
    const unknown = await ctx.client().sendJson('POST', '/api/v1/applications', { ...body, population: 5000, status: 'approved' }, { csrf: false });
    expect(unknown.statusCode).toBe(400);
    const missing = await ctx.client().sendJson('POST', '/api/v1/applications', { applicant_email: 'a@b.gov' }, { csrf: false });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields)).toEqual(expect.arrayContaining(['entity_type', 'legal_name', 'agree_terms']));
    expect(await countApps('submitted')).toBe(before);
  });

  it('flags a possible duplicate of an existing organization in the same state', async () => {
    const orgId = await createOrganization(ctx, { name: 'City of Duplicate Springs', state: 'NM' });
    const { id } = await submitViaApi(complete({ legal_name: 'City of Duplicate Spring', state: 'NM' }));
    const page = await staff.get(`/staff/applications/${id}`);
    // the state by name, as the organization's record reads it, in the warning too, which opens the record
    expect(termValue(page.body, 'State')).toBe('New Mexico');
    expect(page.body).toContain('Possible duplicates');
    const flag = dom(page.body).querySelector(`.warning a[href="/staff/organizations/${orgId}"]`);
    expect(flag?.text).toBe('City of Duplicate Springs (New Mexico) — existing member organization, similar name in the same state');
    expect(page.body).not.toContain('(NM)');
  });
});

describe('review', () => {
  it('approval creates the organization, invitations for its contacts, and a pending membership — once', async () => {
    const { id, fields } = await submitViaApi();
    const res = await staff.postForm(`/staff/applications/${id}/approve`, {});
    expect(res.statusCode).toBe(303);
    const a = await ctx.deps.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(a.status).toBe('approved');
    expect(a.decided_at).not.toBeNull();
    const org = await ctx.deps.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', a.organization_id ?? '')
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: fields.legal_name, state: 'CO', population: 75000, status: 'pending', po_required: true, po_number: 'PO-123', time_zone: 'America/Denver' });
    expect(org.listed).toBe(true); // the API's default: listed unless the applicant says no
    // Each person named is invited; no seat (and no account) exists until they accept.
    const contacts = () =>
      ctx.deps.db
        .selectFrom('organization_contacts')
        .innerJoin('users', 'users.id', 'organization_contacts.user_id')
        .select(['users.email', 'organization_contacts.role', 'organization_contacts.title', 'organization_contacts.duties'])
        .where('organization_id', '=', org.id)
        .execute();
    expect(await contacts()).toEqual([]);
    const invitations = await ctx.deps.db.selectFrom('seat_invitations').select(['email', 'role', 'source']).where('organization_id', '=', org.id).execute();
    expect(invitations.map((i) => `${i.email}:${i.role}:${i.source}`).sort()).toEqual(
      [`${fields.billing_email}:contact:application`, `${fields.elected_email}:contact:application`, `${fields.staff_email}:admin:application`].sort(),
    );
    const staffContact = ctx.client();
    const link = pathOf(await latestLinkTo(ctx, fields.staff_email ?? '', 'portal.seat_invitation'));
    expect((await staffContact.get(link)).body).toContain(`Invitation to ${fields.legal_name}`);
    expect((await staffContact.postForm('/invitation/accept', { token: tokenOf(link) })).headers.location).toBe(`/org?org=${org.id}`);
    expect(await contacts()).toEqual([{ email: fields.staff_email, role: 'admin', title: 'Sustainability Director', duties: ['staff'] }]);
    expect((await staffContact.get(`/org?org=${org.id}`)).statusCode).toBe(200);
    // Staff see who has accepted and who is still invited.
    const review = await staff.get(`/staff/applications/${id}`);
    expect(review.body).toContain('Invited, not yet accepted');
    expect(review.body).toContain('Accepted');
    // Staff resend an invitation the approval sent: a new link; an accepted one cannot be resent.
    const elected = await ctx.deps.db
      .selectFrom('seat_invitations')
      .select(['id', 'token_hash'])
      .where('email', '=', fields.elected_email ?? '')
      .executeTakeFirstOrThrow();
    expect((await staff.postForm(`/staff/applications/${id}/invitations/${elected.id}/resend`, {})).statusCode).toBe(303);
    const renewed = await ctx.deps.db.selectFrom('seat_invitations').select('token_hash').where('id', '=', elected.id).executeTakeFirstOrThrow();
    expect(renewed.token_hash).not.toBe(elected.token_hash);
    const accepted = await ctx.deps.db
      .selectFrom('seat_invitations')
      .select('id')
      .where('email', '=', fields.staff_email ?? '')
      .executeTakeFirstOrThrow();
    expect((await staff.postForm(`/staff/applications/${id}/invitations/${accepted.id}/resend`, {})).statusCode).toBe(404);
    const memberships = await ctx.deps.db.selectFrom('memberships').selectAll().where('organization_id', '=', org.id).execute();
    expect(memberships).toMatchObject([{ status: 'pending', application_id: id }]);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((x) => x.action)).toEqual(['applications.submitted', 'applications.approved']);
    const invoices = await ctx.deps.db.selectFrom('invoices').selectAll().where('organization_id', '=', org.id).execute();
    expect(invoices).toMatchObject([
      { purpose: 'membership', status: 'issued', total_cents: 120000, po_number: 'PO-123', bill_to_email: fields.billing_email, membership_id: memberships[0]?.id },
    ]);
    expect(invoices[0]?.number).toMatch(/^\d{4}-\d{6}$/);

    const again = await staff.postForm(`/staff/applications/${id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This application is approved; it cannot be approved now.');
    const api = await staff.sendJson('POST', `/api/v1/applications/${id}/approve`, {});
    expect(api.statusCode).toBe(409);
    expect(api.json().error.code).toBe('applications.invalid_transition');
    expect(
      (
        await ctx.deps.db
          .selectFrom('organizations')
          .select('id')
          .where('name', '=', fields.legal_name ?? '')
          .execute()
      ).length,
    ).toBe(1);
  });

  it('two approvals at the same moment create one organization', async () => {
    const { id, fields } = await submitViaApi();
    const other = ctx.client();
    const second = await createAccount(ctx, { roles: ['membership'] });
    await other.signIn(second.email);
    await Promise.all([staff.csrf(), other.csrf()]);
    const results = await Promise.all([staff.sendJson('POST', `/api/v1/applications/${id}/approve`, {}), other.sendJson('POST', `/api/v1/applications/${id}/approve`, {})]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(
      (
        await ctx.deps.db
          .selectFrom('organizations')
          .select('id')
          .where('name', '=', fields.legal_name ?? '')
          .execute()
      ).length,
    ).toBe(1);
    expect((await ctx.deps.db.selectFrom('application_events').select('id').where('application_id', '=', id).where('to_status', '=', 'approved').execute()).length).toBe(1);
  });

  it('declining needs a reason, emails it, and then approval is refused', async () => {
    const { id, fields } = await submitViaApi();
    const review = await staff.get(`/staff/applications/${id}`);
    // the review page's Decline form opens the confirmation (it was a link before the page had one form per decision)
    expect(dom(review.body).querySelector('form[aria-labelledby="decline-h"]')?.getAttribute('action')).toBe(`/staff/applications/${id}/decline`);
    const confirm = await staff.get(`/staff/applications/${id}/decline`);
    expect(confirm.statusCode).toBe(200);
    expect(textsOf(confirm.body, 'main button')).toEqual(['Decline the application']);
    expect(confirm.body).toContain('This cannot be undone.');
    const blank = await staff.postForm(`/staff/applications/${id}/decline`, { reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Give the reason');
    expect(textsOf(blank.body, 'title')[0]).toMatch(/^Error: Decline the application/);
    expect((await ctx.deps.db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('submitted');
    expect((await staff.postForm(`/staff/applications/${id}/decline`, { reason: 'Not a local government.' })).statusCode).toBe(303);
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', fields.applicant_email ?? '')
      .where('template', '=', 'applications.declined')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('Not a local government.');
    expect((await staff.sendJson('POST', `/api/v1/applications/${id}/approve`, {})).statusCode).toBe(409);
  });

  it('asking for more information reopens the draft through a fresh link, and it can be submitted again', async () => {
    const { id, fields } = await submitViaApi();
    const res = await staff.sendJson('POST', `/api/v1/applications/${id}/request-info`, { message: 'Please give the 2020 Census figure.' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('more_info_requested');
    const link = pathOf(await latestLinkTo(ctx, fields.applicant_email ?? '', 'applications.more_info'));
    const c = ctx.client();
    const page = await c.get(link);
    expect(page.body).toContain('Please give the 2020 Census figure.');
    const token = new URL(link, 'http://x').searchParams.get('draft') ?? '';
    const resubmit = await c.postForm('/apply', { ...fields, population: '76000', draft: token, action: 'submit' });
    expect(resubmit.statusCode).toBe(303);
    const a = await ctx.deps.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(a).toMatchObject({ status: 'submitted', population: 76000 });
    const events = await ctx.deps.db.selectFrom('application_events').select('to_status').where('application_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.to_status)).toEqual(['submitted', 'more_info_requested', 'submitted']);
  });

  it('the queue filters by status, state, kind and age, and refuses unknown values', async () => {
    const { fields } = await submitViaApi(complete({ state: 'VT', entity_type: 'town', legal_name: `Town of Filterfield ${Date.now()}` }));
    const vt = await staff.get('/staff/applications?state=VT&entityType=town&status=submitted');
    expect(`${vt.statusCode} ${vt.headers.location ?? ''}`).toBe('200 ');
    expect(vt.body).toContain(fields.legal_name);
    expect(rowsOf(vt.body).find((r) => r[0] === fields.legal_name)?.[1]).toBe('Vermont');
    const ca = await staff.get('/staff/applications?state=CA');
    expect(ca.body).not.toContain(fields.legal_name);
    const old = await staff.get('/staff/applications?olderThanDays=7');
    expect(old.body).not.toContain(fields.legal_name);
    // eight days later (moving the submission back keeps the staff session's clock)
    await backdateApplication(ctx, fields.legal_name ?? '', 8);
    expect((await staff.get('/staff/applications?olderThanDays=7&state=VT')).body).toContain(fields.legal_name);
    const api = await staff.getJson('/api/v1/applications?state=VT');
    expect(api.json().applications.map((a: { legalName: string }) => a.legalName)).toContain(fields.legal_name);
    expect((await staff.get('/staff/applications?state=XX')).statusCode).toBe(400);
    expect((await staff.getJson('/api/v1/applications?status=maybe')).statusCode).toBe(400);
  });

  it('another role cannot review, and an unknown id is a 404', async () => {
    const finance = await createAccount(ctx, { roles: ['finance'] });
    const c = ctx.client();
    await c.signIn(finance.email);
    expect((await c.get('/staff/applications')).statusCode).toBe(403);
    expect((await staff.get('/staff/applications/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await staff.get('/staff/applications/not-a-uuid')).statusCode).toBe(404);
  });
});
