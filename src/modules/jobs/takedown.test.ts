// Staff take down a live posting (published by mistake, a scam): it leaves the search and its page
// at once, the employer is emailed the reason and sees it on their postings and the posting's page
// (with no edit link that would only lead to a 404). Only communications staff may; a reason is
// required; a posting that is not live cannot be taken down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail = '';
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-01T12:00:00Z');
  const s = await createAccount(ctx, { roles: ['communications'], name: 'Cam Moderator' });
  staffEmail = s.email;
  staff = await signedIn(ctx, s.email);
});
afterAll(() => ctx?.close());

const searchTitles = async (c: TestClient) =>
  dom((await c.get('/jobs')).body)
    .querySelectorAll('ol.results h3')
    .map((h) => h.text.trim());
const mainText = (html: string) => dom(html).querySelector('main')?.textContent?.replace(/\s+/g, ' ') ?? '';

describe('taking a live posting down', () => {
  it('staff take a published posting down with a reason: gone from the job center, the employer told why', async () => {
    const { id, employerUserId } = await aJobPosting(ctx, { fields: { title: 'Too Good To Be True' } });
    const employer = await ctx.deps.db.selectFrom('users').select(['email']).where('id', '=', employerUserId).executeTakeFirstOrThrow();
    const owner = await signedIn(ctx, employer.email);
    const visitor = ctx.client();
    expect(await searchTitles(visitor)).toContain('Too Good To Be True');

    // staff reach its moderation page from the public page, and the form is there
    const pub = dom((await staff.get(`/jobs/${id}`)).body);
    expect(pub.querySelector(`a[href="/staff/jobs/${id}"]`)?.textContent).toBe('Moderate this posting');
    expect(dom((await visitor.get(`/jobs/${id}`)).body).querySelector(`a[href="/staff/jobs/${id}"]`)).toBeNull();
    const page = await staff.get(`/staff/jobs/${id}`);
    expect(dom(page.body).querySelector('h1')?.textContent).toBe('Posting: Too Good To Be True');
    expect(dom(page.body).querySelector(`form[action="/staff/jobs/${id}/take-down"]`)).not.toBeNull();

    // others may not; a reason is needed; nothing changes meanwhile
    expect((await owner.postForm(`/staff/jobs/${id}/take-down`, { reason: 'mine' })).statusCode).toBe(403);
    expect((await visitor.postForm(`/staff/jobs/${id}/take-down`, { reason: 'x' })).statusCode).not.toBe(303);
    const empty = await staff.postForm(`/staff/jobs/${id}/take-down`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty.body, 'reason').message).toContain('Give the reason, for the employer');
    expect(await searchTitles(visitor)).toContain('Too Good To Be True');

    const done = await staff.postForm(`/staff/jobs/${id}/take-down`, { reason: 'The employer does not exist.' });
    expect(done.statusCode).toBe(303);
    expect(await searchTitles(visitor)).not.toContain('Too Good To Be True');
    expect((await visitor.get(`/jobs/${id}`)).statusCode).toBe(404);
    expect((await visitor.get(`/jobs/${id}/apply`)).statusCode).toBe(404);
    const [mail] = await ctx.deps.db
      .selectFrom('outbox')
      .select(['subject', 'body_text', 'headers'])
      .where('to_address', '=', employer.email)
      .where('template', '=', 'jobs.taken_down')
      .execute();
    expect(mail?.subject).toBe('Taken down: Too Good To Be True');
    // it invites a reply, which reaches the staff member who took it down (the sender is no-reply)
    expect(mail?.body_text).toContain('reply to this email (it reaches Cam Moderator of our staff)');
    expect((mail?.headers as Record<string, string> | undefined)?.['Reply-To']).toBe(`"Cam Moderator" <${staffEmail}>`);
    expect(mail?.body_text).toContain('The reason: The employer does not exist.');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'jobs.taken_down').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);

    // the employer sees why, on their list and on the posting's page, with no edit link (a 404)
    const row = rowsOf((await owner.get('/jobs/mine')).body, 'Your job postings').find((r) => r[0] === 'Too Good To Be True');
    expect(row?.[1]).toBe('Taken down by our staff: The employer does not exist.');
    const own = await owner.get(`/jobs/${id}`);
    expect(mainText(own.body)).toContain('Not in the job center: our staff took this posting down. The reason: The employer does not exist.');
    expect(dom(own.body).querySelector(`a[href="/jobs/${id}/edit"]`)).toBeNull();
    expect((await owner.postForm(`/jobs/${id}/renew`, {})).statusCode).not.toBe(303);

    // taken down once: the form is gone, and a second try is refused
    const after = await staff.get(`/staff/jobs/${id}`);
    expect(dom(after.body).querySelector(`form[action="/staff/jobs/${id}/take-down"]`)).toBeNull();
    expect(mainText(after.body)).toContain('Taken down. The reason given: The employer does not exist.');
    expect(dom(after.body).querySelector('dd')?.textContent).toBe('Taken down');
    expect((await staff.postForm(`/staff/jobs/${id}/take-down`, { reason: 'Again' })).statusCode).toBe(409);
  });

  it('a posting still in review cannot be taken down (it is decided instead), and an unknown id is a 404', async () => {
    const { id } = await aJobPosting(ctx, { fields: { title: 'Still Waiting' }, approved: false });
    expect((await staff.postForm(`/staff/jobs/${id}/take-down`, { reason: 'No' })).statusCode).toBe(409);
    expect((await staff.postForm('/staff/jobs/00000000-0000-4000-8000-000000000000/take-down', { reason: 'No' })).statusCode).toBe(404);
    expect((await staff.postForm('/staff/jobs/not-an-id/take-down', { reason: 'No' })).statusCode).toBe(404);
  });
});
