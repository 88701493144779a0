// The employer closes their own posting once the job is filled: it leaves the search, the API and
// the alerts at once; its page stays at its address for everyone, saying when it was closed, with
// no way to apply; the closing is in its revision history and the audit log; it can be neither
// edited nor renewed, only reopened by its employer until its listing period would have ended.
// Nobody else may close or reopen it (404), and staff may still take a closed posting down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';
import { runJobAlerts } from './index.js';

let ctx: TestContext;
let staffEmail: string;
beforeAll(async () => {
  ctx = await createTestContext();
  staffEmail = (await createAccount(ctx, { roles: ['communications'] })).email;
});
afterAll(() => ctx?.close());

const searchTitles = async (c: TestClient, query = '') =>
  dom((await c.get(`/jobs${query}`)).body)
    .querySelectorAll('ol.results h3')
    .map((h) => h.text.trim());
const mainText = (html: string) => dom(html).querySelector('main')?.textContent?.replace(/\s+/g, ' ') ?? '';

async function postingOf(fields: Record<string, string>) {
  const { id, employerUserId } = await aJobPosting(ctx, { fields });
  const employer = await ctx.deps.db.selectFrom('users').select(['email']).where('id', '=', employerUserId).executeTakeFirstOrThrow();
  return { id, owner: await signedIn(ctx, employer.email), email: employer.email };
}
/** Moves the clock (days on: sessions end when idle, so people sign in again). */
const at = (iso: string) => ctx.clock.set(iso);

describe('the employer closes a posting', () => {
  it('closed from their postings: gone from the search, the API and the alerts; its page says so to everyone; recorded', async () => {
    ctx.clock.set('2027-04-01T15:00:00Z');
    const seeker = await createAccount(ctx, { roles: ['member'] });
    expect((await (await signedIn(ctx, seeker.email)).postForm('/jobs/saved-searches', { q: 'harbormaster' })).statusCode).toBe(303);
    ctx.clock.set('2027-04-02T15:00:00Z');
    const { id, owner: first, email } = await postingOf({ title: 'Harbormaster', description: 'Run the city harbor.' });
    let owner = first;
    const [approved] = await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', email).where('template', '=', 'jobs.approved').execute();
    expect(approved?.body_text).toContain('Once the job is filled, close the posting from your postings or its page');
    const visitor = ctx.client();
    expect(await searchTitles(visitor, '?q=harbormaster')).toEqual(['Harbormaster']);

    // the owner's list offers it, and closing it says what happened
    const mine = dom((await owner.get('/jobs/mine')).body);
    expect(mine.querySelector(`form[action="/jobs/${id}/close"] button`)?.textContent).toBe('Close (job filled) Harbormaster');
    at('2027-04-10T16:00:00Z');
    owner = await signedIn(ctx, email);
    const staff = await signedIn(ctx, staffEmail);
    const closed = await owner.postForm(`/jobs/${id}/close`, {});
    expect(closed.statusCode).toBe(303);
    expect(closed.headers.location).toBe('/jobs/mine');
    const list = await owner.get('/jobs/mine');
    expect(mainText(list.body)).toContain('“Harbormaster” is closed: it no longer shows in the job center');
    expect(mainText(list.body)).toContain('You can reopen it until Jun 1, 2027.');
    const row = rowsOf(list.body, 'Your job postings').find((r) => r[0] === 'Harbormaster');
    expect(row?.[1]).toBe('Closed by you on Apr 10, 2027');
    expect(row?.[5]).toBe('Reopen Harbormaster');

    // gone from the search and the API; the alert of the saved search does not carry it
    expect(await searchTitles(visitor, '?q=harbormaster')).toEqual([]);
    expect((await visitor.get('/api/v1/jobs?q=harbormaster')).json().total).toBe(0);
    await runJobAlerts(ctx.deps);
    expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', seeker.email).where('template', '=', 'jobs.alert').execute()).toHaveLength(0);

    // someone following an old link reads that it is closed, and when; no apply button, no JobPosting data
    const page = await visitor.get(`/jobs/${id}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('This posting was closed by the employer on Apr 10, 2027: the job no longer takes applications.');
    expect(mainText(page.body)).toContain('Applications are closed.');
    expect(dom(page.body).querySelector(`a[href="/jobs/${id}/apply"]`)).toBeNull();
    expect(dom(page.body).querySelector('script[type="application/ld+json"]')).toBeNull();
    const apply = await visitor.get(`/jobs/${id}/apply`);
    expect(apply.statusCode).toBe(303);
    expect(apply.headers.location).toBe(`/jobs/${id}`);

    // neither edited nor renewed back; the closing is in its history and the audit log
    expect((await owner.postForm(`/jobs/${id}/renew`, {})).statusCode).toBe(409);
    expect((await owner.get(`/jobs/${id}/edit`)).statusCode).toBe(409);
    expect(await searchTitles(visitor, '?q=harbormaster')).toEqual([]);
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', id).where('action', '=', 'jobs.closed').execute();
    expect(audit).toHaveLength(1);
    const history = rowsOf((await staff.get(`/staff/jobs/${id}`)).body, 'Revision history').map((r) => r[2]);
    expect(history).toContain('Closed');

    // closed again (a double press, a stale tab): the list, with the reason beside the posting; nothing changes
    at('2027-04-12T16:00:00Z');
    owner = await signedIn(ctx, email);
    const twice = await owner.postForm(`/jobs/${id}/close`, {});
    expect(twice.statusCode).toBe(409);
    const told = 'This posting is closed already: you closed it on Apr 10, 2027. Nothing was changed.';
    expect(dom(twice.body).querySelector(`#f-posting-${id}`)?.textContent).toBe(`Error: ${told}`);
    expect(dom(twice.body).querySelector(`.error-summary a[href="#f-posting-${id}"]`)?.textContent).toBe(`Harbormaster: ${told}`);
    expect(rowsOf(twice.body, 'Your job postings').find((r) => r[0] === 'Harbormaster')?.[1]).toBe(`Closed by you on Apr 10, 2027Error: ${told}`);
    expect(await ctx.deps.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', id).where('action', '=', 'jobs.closed').execute()).toHaveLength(1);
  });

  it('closed from its page and reopened there until its listing would have ended; then only a new posting', async () => {
    ctx.clock.set('2027-06-01T15:00:00Z');
    const { id, owner: first, email } = await postingOf({ title: 'Deputy Clerk' });
    let owner = first;
    const own = dom((await owner.get(`/jobs/${id}`)).body);
    expect(own.querySelector(`form[action="/jobs/${id}/close"] button`)?.textContent?.trim()).toBe('Close this posting');
    const closed = await owner.postForm(`/jobs/${id}/close`, { back: 'posting' });
    expect(closed.headers.location).toBe(`/jobs/${id}`);
    const after = await owner.get(`/jobs/${id}`);
    expect(dom(after.body).querySelector(`form[action="/jobs/${id}/close"]`)).toBeNull();
    expect(dom(after.body).querySelector(`a[href="/jobs/${id}/edit"]`)).toBeNull();
    expect(dom(after.body).querySelector(`form[action="/jobs/${id}/reopen"] button`)?.textContent?.trim()).toBe('Reopen this posting');

    at('2027-06-05T15:00:00Z');
    owner = await signedIn(ctx, email);
    const reopened = await owner.postForm(`/jobs/${id}/reopen`, { back: 'posting' });
    expect(reopened.statusCode).toBe(303);
    expect(mainText((await owner.get(`/jobs/${id}`)).body)).toContain('“Deputy Clerk” is open again and shows in the job center until Jul 31, 2027.');
    expect(await searchTitles(ctx.client(), '?q=clerk')).toEqual(['Deputy Clerk']);

    // closed again, and the listing period runs out: it cannot be reopened any more
    await owner.postForm(`/jobs/${id}/close`, {});
    at('2027-08-01T15:00:00Z');
    owner = await signedIn(ctx, email);
    const late = await owner.get(`/jobs/${id}`);
    expect(dom(late.body).querySelector(`form[action="/jobs/${id}/reopen"]`)).toBeNull();
    expect(mainText(late.body)).toContain('Its listing period has ended, so it cannot be reopened. Post the job again to hire for it.');
    expect((await owner.postForm(`/jobs/${id}/reopen`, {})).statusCode).toBe(409);
    expect(await searchTitles(ctx.client(), '?q=clerk')).toEqual([]);
  });

  it('nobody else may close or reopen it; a posting not yet published cannot be closed; staff may take a closed one down', async () => {
    ctx.clock.set('2027-09-01T15:00:00Z');
    const staff = await signedIn(ctx, staffEmail);
    const { id, owner } = await postingOf({ title: 'Fleet Manager' });
    const stranger = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    expect((await stranger.postForm(`/jobs/${id}/close`, {})).statusCode).toBe(404);
    expect((await staff.postForm(`/jobs/${id}/close`, {})).statusCode).toBe(404);
    expect((await ctx.client().postForm(`/jobs/${id}/close`, {})).statusCode).not.toBe(303);
    expect((await stranger.postForm('/jobs/not-an-id/close', {})).statusCode).toBe(404);
    expect(await searchTitles(ctx.client(), '?q=fleet')).toEqual(['Fleet Manager']);
    expect(dom((await stranger.get(`/jobs/${id}`)).body).querySelector(`form[action="/jobs/${id}/close"]`)).toBeNull();

    expect((await owner.postForm(`/jobs/${id}/close`, {})).statusCode).toBe(303);
    expect((await stranger.postForm(`/jobs/${id}/reopen`, {})).statusCode).toBe(404);
    expect(await searchTitles(ctx.client(), '?q=fleet')).toEqual([]);

    // a closed posting's page is public, so staff may still take it down; then it is gone for good
    const staffPage = dom((await staff.get(`/staff/jobs/${id}`)).body);
    expect(staffPage.querySelector(`form[action="/staff/jobs/${id}/take-down"]`)).not.toBeNull();
    expect((await staff.postForm(`/staff/jobs/${id}/take-down`, { reason: 'A scam.' })).statusCode).toBe(303);
    expect((await ctx.client().get(`/jobs/${id}`)).statusCode).toBe(404);
    expect((await owner.postForm(`/jobs/${id}/reopen`, {})).statusCode).toBe(409);

    const { id: waiting, employerUserId } = await aJobPosting(ctx, { fields: { title: 'Waiting Job' }, approved: false });
    const employer = await ctx.deps.db.selectFrom('users').select(['email']).where('id', '=', employerUserId).executeTakeFirstOrThrow();
    expect((await (await signedIn(ctx, employer.email)).postForm(`/jobs/${waiting}/close`, {})).statusCode).toBe(409);
  });
});

describe('a refusal answers the page the employer was on', () => {
  it('closing twice from the posting’s page answers that page (409) with the reason; editing a closed posting answers it too', async () => {
    ctx.clock.set('2027-09-01T15:00:00Z');
    const { id, owner } = await postingOf({ title: 'Fleet Supervisor' });
    expect((await owner.postForm(`/jobs/${id}/close`, { back: 'posting' })).statusCode).toBe(303);
    const views = async () => await ctx.deps.db.selectFrom('job_postings').select(['views', 'status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const before = await views();

    // a second press from a stale tab of the posting's page
    const twice = await owner.postForm(`/jobs/${id}/close`, { back: 'posting' });
    expect(twice.statusCode).toBe(409);
    const page = dom(twice.body);
    expect(page.querySelector('h1')?.textContent).toBe('Fleet Supervisor');
    expect(page.querySelector('.error-summary h2')?.textContent).toBe('Nothing changed');
    expect(page.querySelector('.error-summary')?.textContent).toContain('This posting is closed already: you closed it on Sep 1, 2027. Nothing was changed.');
    expect(page.querySelector(`form[action="/jobs/${id}/reopen"]`)).not.toBeNull();
    expect(await views()).toEqual(before);

    // a stale Edit link: the posting's page, with why it cannot be changed
    const edit = await owner.get(`/jobs/${id}/edit`);
    expect(edit.statusCode).toBe(409);
    expect(dom(edit.body).querySelector('h1')?.textContent).toBe('Fleet Supervisor');
    expect(dom(edit.body).querySelector('.error-summary')?.textContent).toContain('This posting is closed and cannot be changed; reopen it first, or post a new one.');
  });
});
