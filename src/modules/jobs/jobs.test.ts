// The job center (C6): a non-member's posting is published only after payment and approval; a
// member organization's is free; staff ask for changes and reject with reasons (emailed); postings
// expire and renew; bad input is refused with the field's message and nothing saved; another
// employer's posting is a 404; the API posts with an Idempotency-Key and searches like the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, aPayment, jobFormValues, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-01T12:00:00Z');
  const s = await createAccount(ctx, { roles: ['communications'] });
  staff = await signedIn(ctx, s.email);
});
afterAll(() => ctx?.close());

const postingsTitled = (title: string) => ctx.deps.db.selectFrom('job_postings').selectAll().where('title', '=', title).execute();
const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();
const searchTitles = async (c: TestClient, query = '') =>
  dom((await c.get(`/jobs${query}`)).body)
    .querySelectorAll('ol.results h3')
    .map((h) => h.text.trim());
const apiTitles = async (c: TestClient, query = '') => {
  const res = await c.getJson(`/api/v1/jobs${query}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { jobs: Array<{ title: string }> }).jobs.map((j) => j.title);
};

describe('posting and moderation', () => {
  it('a non-member’s posting is published only after its fee is paid and staff approve it', async () => {
    const person = await createAccount(ctx, { name: 'Nora Nonmember' });
    const employer = await signedIn(ctx, person.email);
    const res = await employer.postForm('/jobs/new', jobFormValues({ title: 'Town Planner (fee)', employer: 'Town of Example' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/invoices\//);
    const [p] = await postingsTitled('Town Planner (fee)');
    expect(p).toMatchObject({ status: 'awaiting_payment', fee_cents: 15000 });
    expect(await mailTo(person.email, 'jobs.payment_due')).toHaveLength(1);
    const visitor = ctx.client();
    if (!p?.invoice_id) throw new Error('no invoice');

    // not yet paid: staff cannot approve, and it is nowhere to be seen
    expect((await staff.postForm(`/staff/jobs/${p.id}/approve`, {})).statusCode).toBe(409);
    expect(await searchTitles(visitor)).not.toContain('Town Planner (fee)');
    expect((await visitor.get(`/jobs/${p.id}`)).statusCode).toBe(404);

    // paid: waiting for review, still not public
    await aPayment(ctx, { invoiceId: p.invoice_id, amountCents: 15000 });
    expect((await postingsTitled('Town Planner (fee)'))[0]?.status).toBe('in_review');
    expect(await searchTitles(visitor)).not.toContain('Town Planner (fee)');
    expect(rowsOf((await staff.get('/staff/jobs')).body, 'Waiting for review').map((r) => r[0])).toContain('Town Planner (fee)');

    // approved: published, in search and the API, and the employer is told
    expect((await staff.postForm(`/staff/jobs/${p.id}/approve`, {})).statusCode).toBe(303);
    expect(await searchTitles(visitor)).toContain('Town Planner (fee)');
    expect(await apiTitles(visitor)).toContain('Town Planner (fee)');
    expect(await mailTo(person.email, 'jobs.approved')).toHaveLength(1);
    expect((await visitor.get(`/jobs/${p.id}`)).statusCode).toBe(200);
  });

  it('a contact of a member organization posts for free, straight to review', async () => {
    const contact = await createAccount(ctx, { org: { role: 'contact' } });
    const c = await signedIn(ctx, contact.email);
    const res = await c.postForm('/jobs/new', jobFormValues({ title: 'Free Member Posting', organizationId: contact.organizationId ?? '' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/jobs/mine');
    const [p] = await postingsTitled('Free Member Posting');
    expect(p).toMatchObject({ status: 'in_review', fee_cents: 0, invoice_id: null, organization_id: contact.organizationId });
  });

  it('staff ask for changes (emailed), the employer edits and resubmits, staff reject with a reason', async () => {
    const contact = await createAccount(ctx, { org: { role: 'contact' } });
    const c = await signedIn(ctx, contact.email);
    await c.postForm('/jobs/new', jobFormValues({ title: 'Needs Work' }));
    const [p] = await postingsTitled('Needs Work');
    if (!p) throw new Error('not posted');
    // a request for changes without a message is refused, nothing changes
    const empty = await staff.postForm(`/staff/jobs/${p.id}/changes`, { message: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty.body, 'message').message).toContain('Say what the employer should change');
    expect((await postingsTitled('Needs Work'))[0]?.status).toBe('in_review');
    expect((await staff.postForm(`/staff/jobs/${p.id}/changes`, { message: 'Add the salary benefits.' })).statusCode).toBe(303);
    const asked = await mailTo(contact.email, 'jobs.changes_requested');
    expect(asked[0]?.body_text).toContain('Add the salary benefits.');
    // the employer sees the message on the form, edits and resubmits
    expect((await c.get(`/jobs/${p.id}/edit`)).body).toContain('Add the salary benefits.');
    expect((await c.postForm(`/jobs/${p.id}/edit`, jobFormValues({ title: 'Needs Work', description: 'Now with benefits.' }))).statusCode).toBe(303);
    expect((await postingsTitled('Needs Work'))[0]).toMatchObject({ status: 'in_review', description: 'Now with benefits.' });
    expect((await staff.postForm(`/staff/jobs/${p.id}/reject`, { reason: 'Not a local government job.' })).statusCode).toBe(303);
    expect((await postingsTitled('Needs Work'))[0]?.status).toBe('rejected');
    expect((await mailTo(contact.email, 'jobs.rejected'))[0]?.body_text).toContain('Not a local government job.');
  });

  it('another employer cannot see, edit or renew your posting that is not public (404)', async () => {
    const mine = await aJobPosting(ctx, { fields: { title: 'Owned Posting' }, approved: false });
    const other = await createAccount(ctx, { org: { role: 'contact' } });
    const c = await signedIn(ctx, other.email);
    expect((await c.get(`/jobs/${mine.id}`)).statusCode).toBe(404);
    expect((await c.get(`/jobs/${mine.id}/edit`)).statusCode).toBe(404);
    expect((await c.postForm(`/jobs/${mine.id}/edit`, jobFormValues({ title: 'Hijacked' }))).statusCode).toBe(404);
    expect((await c.postForm(`/jobs/${mine.id}/renew`, {})).statusCode).toBe(404);
    expect(await postingsTitled('Hijacked')).toHaveLength(0);
  });
});

describe('bad input', () => {
  it('a salary minimum above the maximum is refused with a clear message, and nothing is saved', async () => {
    const c = await signedIn(ctx, (await createAccount(ctx)).email);
    const res = await c.postForm('/jobs/new', jobFormValues({ title: 'Backwards Salary', salaryMin: '90000', salaryMax: '80000' }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'salaryMax').message).toContain('The maximum salary ($80,000) is less than the minimum ($90,000)');
    const missing = await c.postForm('/jobs/new', jobFormValues({ title: 'No Salary', salaryMin: '', salaryMax: '' }));
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing.body, 'salaryMin').message).toContain('Enter the minimum salary');
    expect(await postingsTitled('Backwards Salary')).toHaveLength(0);
    expect(await postingsTitled('No Salary')).toHaveLength(0);
  });

  it('a javascript: apply link is refused, on the form and through the API', async () => {
    const c = await signedIn(ctx, (await createAccount(ctx)).email);
    const res = await c.postForm('/jobs/new', jobFormValues({ title: 'Script Link', apply: 'javascript:alert(1)' }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'apply').message).toContain('https://');
    const http = await c.postForm('/jobs/new', jobFormValues({ title: 'Script Link', apply: 'http://plain.example.gov/job' }));
    expect(http.statusCode).toBe(400);
    const api = await c.request('POST', '/api/v1/jobs', {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf(), 'idempotency-key': 'js-link' },
      payload: JSON.stringify({ ...apiBody(), title: 'Script Link', apply: 'javascript:alert(1)' }),
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields.apply).toContain('https://');
    expect(await postingsTitled('Script Link')).toHaveLength(0);
  });

  it('HTML and script in a description are shown as text, never run (page and JSON-LD)', async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)> [click](javascript:alert(2)) </script><b>bold</b>';
    const p = await aJobPosting(ctx, { fields: { title: 'XSS </script> Test', description: evil } });
    const page = (await ctx.client().get(`/jobs/${p.id}`)).body;
    expect(page).not.toContain('<script>alert');
    expect(page).not.toMatch(/<img[^>]*onerror/i);
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('&lt;script&gt;alert');
    const doc = dom(page);
    const ld = doc.querySelectorAll('script[type="application/ld+json"]');
    expect(ld).toHaveLength(1);
    const raw = ld[0]?.innerHTML ?? '';
    expect(raw).not.toContain('</script');
    const data = JSON.parse(raw);
    expect(data).toMatchObject({ '@type': 'JobPosting', title: 'XSS </script> Test', employmentType: 'FULL_TIME', hiringOrganization: { name: 'City of Boulder' } });
    expect(data.baseSalary.value).toMatchObject({ minValue: 120000, maxValue: 150000, unitText: 'YEAR' });
    // the only executable scripts on the page are the site's own files
    expect(doc.querySelectorAll('script:not([type="application/ld+json"])').every((s) => !!s.getAttribute('src'))).toBe(true);
  });
});

describe('the list', () => {
  it('a posting’s summary keeps its headings and items apart: "The role. The Assistant…", not "The role The Assistant…"', async () => {
    const title = `Assistant Manager ${Date.now()}`;
    const description =
      '## The role\nThe Assistant City Manager oversees budget and operations.\n\n## What you bring\n- Five years in local government\n- A degree in public administration';
    await aJobPosting(ctx, { fields: { title, description } });
    const page = await ctx.client().get(`/jobs?q=${encodeURIComponent(title)}`);
    expect(page.body).toContain(
      'The role. The Assistant City Manager oversees budget and operations. What you bring. Five years in local government. A degree in public administration.',
    );
  });
});

describe('expiry and renewal', () => {
  it('an expired posting disappears from search, the API and its page; renewing brings it back', async () => {
    ctx.clock.set('2027-04-01T12:00:00Z');
    const p = await aJobPosting(ctx, { fields: { title: 'Short Lived Analyst', closesOn: '2027-04-20' } });
    const visitor = ctx.client();
    expect(await searchTitles(visitor, '?q=analyst')).toContain('Short Lived Analyst');
    // it closes at the end of April 20 in the association's time zone (New York: 04:00 UTC)
    ctx.clock.set('2027-04-21T03:59:00Z');
    expect(await apiTitles(visitor, '?q=analyst')).toContain('Short Lived Analyst');
    ctx.clock.set('2027-04-21T04:00:01Z');
    expect(await searchTitles(visitor, '?q=analyst')).not.toContain('Short Lived Analyst');
    expect(await apiTitles(visitor, '?q=analyst')).not.toContain('Short Lived Analyst');
    expect((await visitor.get(`/jobs/${p.id}`)).statusCode).toBe(404);
    expect((await visitor.get(`/jobs/${p.id}/apply`)).statusCode).toBe(404);
    // the employer renews it: another 60 days
    const owner = ctx.client();
    const email = (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', p.employerUserId).executeTakeFirstOrThrow()).email;
    await owner.signIn(email);
    expect((await owner.postForm(`/jobs/${p.id}/renew`, {})).statusCode).toBe(303);
    expect(await apiTitles(visitor, '?q=analyst')).toContain('Short Lived Analyst');
    ctx.clock.set('2027-06-19T12:00:00Z');
    expect(await apiTitles(visitor, '?q=analyst')).toContain('Short Lived Analyst');
    ctx.clock.set('2027-06-21T12:00:00Z');
    expect(await apiTitles(visitor, '?q=analyst')).not.toContain('Short Lived Analyst');
  });

  it('without a closing date a posting stays up 60 days from approval', async () => {
    ctx.clock.set('2027-07-01T12:00:00Z');
    await aJobPosting(ctx, { fields: { title: 'Sixty Day Clerk' } });
    ctx.clock.set('2027-08-29T12:00:00Z');
    expect(await apiTitles(ctx.client(), '?q=clerk')).toContain('Sixty Day Clerk');
    ctx.clock.set('2027-08-30T12:00:01Z');
    expect(await apiTitles(ctx.client(), '?q=clerk')).not.toContain('Sixty Day Clerk');
  });
});

describe('views and apply clicks', () => {
  it('apply goes through a counting redirect; the employer sees views and clicks', async () => {
    ctx.clock.set('2027-09-01T12:00:00Z');
    const p = await aJobPosting(ctx, { fields: { title: 'Counted Posting', apply: 'jobs@city.example.gov' } });
    const visitor = ctx.client();
    await visitor.get(`/jobs/${p.id}`);
    await visitor.get(`/jobs/${p.id}`);
    const apply = await visitor.get(`/jobs/${p.id}/apply`);
    expect(apply.statusCode).toBe(303);
    expect(apply.headers.location).toMatch(/^mailto:jobs@city\.example\.gov\?subject=/);
    const email = (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', p.employerUserId).executeTakeFirstOrThrow()).email;
    const owner = await signedIn(ctx, email);
    await owner.get(`/jobs/${p.id}`); // the employer's own views are not counted
    const row = rowsOf((await owner.get('/jobs/mine')).body, 'Your job postings').find((r) => r[0] === 'Counted Posting');
    expect(row?.slice(1, 5)).toEqual(['Published', expect.any(String), '2', '1']);
  });
});

function apiBody() {
  return {
    title: 'API Posted Engineer',
    employer: 'County of Example',
    workplace: 'remote',
    salaryMin: 95000,
    salaryMax: 120000,
    employmentType: 'full_time',
    description: 'Civil engineering for the county.',
    apply: 'https://jobs.example.gov/engineer',
  };
}

describe('the API', () => {
  it('POST /api/v1/jobs needs a session, CSRF and an Idempotency-Key, and posts once per key', async () => {
    ctx.clock.set('2027-10-01T12:00:00Z');
    const visitor = ctx.client();
    expect((await visitor.sendJson('POST', '/api/v1/jobs', apiBody(), { csrf: false })).statusCode).toBe(401);
    const c = await signedIn(ctx, (await createAccount(ctx)).email);
    const noCsrf = await c.request('POST', '/api/v1/jobs', { headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' }, payload: JSON.stringify(apiBody()) });
    expect(noCsrf.statusCode).toBe(403);
    expect((await c.sendJson('POST', '/api/v1/jobs', apiBody())).statusCode).toBe(400);
    const send = async () =>
      c.request('POST', '/api/v1/jobs', {
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf(), 'idempotency-key': 'k1' },
        payload: JSON.stringify(apiBody()),
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'awaiting_payment', feeCents: 15000, invoice: { totalCents: 15000 } });
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await postingsTitled('API Posted Engineer')).toHaveLength(1);
    // a salary range upside down names the field
    const bad = await c.request('POST', '/api/v1/jobs', {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf(), 'idempotency-key': 'k2' },
      payload: JSON.stringify({ ...apiBody(), salaryMin: 200000 }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.salaryMax).toContain('less than the minimum');
  });

  it('GET /api/v1/jobs filters like the page and is in the OpenAPI document', async () => {
    ctx.clock.set('2027-11-01T12:00:00Z');
    await aJobPosting(ctx, {
      fields: { title: 'Kansas Parks Director', state: 'KS', city: 'Wichita', salaryMin: '90000', salaryMax: '110000', description: 'Parks planning and recreation.' },
    });
    await aJobPosting(ctx, { fields: { title: 'Kansas Intern', state: 'KS', city: 'Topeka', employmentType: 'internship', salaryMin: '30000', salaryMax: '35000' } });
    const v = ctx.client();
    expect(await apiTitles(v, '?state=KS')).toEqual(expect.arrayContaining(['Kansas Parks Director', 'Kansas Intern']));
    expect(await apiTitles(v, '?state=KS&salaryMin=50000')).toEqual(['Kansas Parks Director']);
    expect(await apiTitles(v, '?state=KS&type=internship')).toEqual(['Kansas Intern']);
    expect(await apiTitles(v, '?q=plans')).toContain('Kansas Parks Director'); // stemming: plans → planning
    expect((await v.getJson('/api/v1/jobs?state=ZZ')).statusCode).toBe(400);
    const doc = (await v.getJson('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/jobs'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
  });
});
