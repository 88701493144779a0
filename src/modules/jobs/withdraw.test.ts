// The employer withdraws a posting before it is published (waiting for payment, for review, or with
// changes asked), after a confirmation page: it is never published, leaves staff's queue, staff see it
// as withdrawn, and its unpaid fee invoice is voided (numbered still). A posting whose fee is paid is
// not withdrawn here: the employer is told whom to write to, and nothing changes. Nobody else may
// withdraw it (404); a second withdrawal (a stale tab) answers the list with the reason, changing nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aJobPosting, aPayment, jobFormValues, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue, textOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-05-03T14:00:00Z');
  staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['communications'] })).email);
});
afterAll(() => ctx?.close());

const mainText = (html: string) => dom(html).querySelector('main')?.textContent?.replace(/\s+/g, ' ') ?? '';
const postingTitled = (title: string) => ctx.deps.db.selectFrom('job_postings').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
const invoiceOf = (id: string) => ctx.deps.db.selectFrom('invoices').select(['number', 'status', 'paid_cents']).where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (id: string, action: string) => ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', action).execute();

/** A non-member posts (so the posting waits for its fee); returns the posting and the employer's client. */
async function nonMemberPosting(title: string) {
  const person = await createAccount(ctx, { name: 'Nell Nonmember' });
  const c = await signedIn(ctx, person.email);
  expect((await c.postForm('/jobs/new', jobFormValues({ title }))).statusCode).toBe(303);
  return { posting: await postingTitled(title), c };
}

describe('withdrawing a posting before publication', () => {
  it('waiting for payment: confirmed first, then withdrawn and its invoice voided; staff see it withdrawn', async () => {
    const { posting, c } = await nonMemberPosting('Parks Director');
    if (!posting.invoice_id) throw new Error('no invoice');
    const invoice = await invoiceOf(posting.invoice_id);

    const mine = dom((await c.get('/jobs/mine')).body);
    const link = mine.querySelector(`a[href="/jobs/${posting.id}/withdraw"]`);
    expect(link?.textContent).toBe('Withdraw Parks Director');

    const confirm = await c.get(`/jobs/${posting.id}/withdraw`);
    expect(confirm.statusCode).toBe(200);
    expect(dom(confirm.body).querySelector('h1')?.textContent).toBe('Withdraw “Parks Director”?');
    expect(mainText(confirm.body)).toContain(
      `It will not be published, and our staff stop reviewing it. Its unpaid invoice ${invoice.number} for $150.00 is cancelled: you owe nothing for it.`,
    );
    expect(dom(confirm.body).querySelector(`form[action="/jobs/${posting.id}/withdraw"] button`)?.textContent).toBe('Withdraw the posting');
    expect((await postingTitled('Parks Director')).status).toBe('awaiting_payment'); // the page changed nothing

    const done = await c.postForm(`/jobs/${posting.id}/withdraw`, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/jobs/mine');
    const list = await c.get('/jobs/mine');
    expect(mainText(list.body)).toContain(
      `“Parks Director” is withdrawn: it will not be published, and our staff no longer review it. Its invoice ${invoice.number} for $150.00 is cancelled: you owe nothing for it.`,
    );
    const row = rowsOf(list.body, 'Your job postings').find((r) => r[0] === 'Parks Director');
    expect(row?.[1]).toBe('Withdrawn by you on May 3, 2027');
    expect(row?.[5]).toBe(''); // no edit, no pay, no withdraw
    expect(await invoiceOf(posting.invoice_id)).toMatchObject({ status: 'void', number: invoice.number });
    expect(await auditOf(posting.invoice_id, 'billing.invoice_voided')).toHaveLength(1);
    expect(await auditOf(posting.id, 'jobs.withdrawn')).toHaveLength(1);
    expect((await c.get(`/jobs/${posting.id}/edit`)).statusCode).toBe(409);

    // staff: not in the queue; its page says withdrawn, and a stale approval is refused
    expect(rowsOf((await staff.get('/staff/jobs')).body, 'Waiting for the employer').map((r) => r[0])).not.toContain('Parks Director');
    const staffPage = await staff.get(`/staff/jobs/${posting.id}`);
    expect(termValue(staffPage.body, 'Status')).toMatch(/^Withdrawn by the employer on May 3, 2027/);
    expect(rowsOf(staffPage.body, 'Revision history').map((r) => r[2])).toContain('Withdrawn');
    expect((await staff.postForm(`/staff/jobs/${posting.id}/approve`, {})).statusCode).toBe(409);
    expect((await ctx.client().get(`/jobs/${posting.id}`)).statusCode).toBe(404);

    // withdrawn again from a stale tab: the list, with the reason beside the posting; nothing changes
    const again = await c.postForm(`/jobs/${posting.id}/withdraw`, {});
    expect(again.statusCode).toBe(409);
    const page = dom(again.body);
    expect(page.querySelector(`#f-posting-${posting.id}`)?.textContent).toBe('Error: You withdrew this posting already, on May 3, 2027.');
    expect(page.querySelector(`.error-summary a[href="#f-posting-${posting.id}"]`)?.textContent).toBe('Parks Director: You withdrew this posting already, on May 3, 2027.');
    expect(await auditOf(posting.id, 'jobs.withdrawn')).toHaveLength(1);
  });

  it('a member’s free posting in review is withdrawn and leaves staff’s queue', async () => {
    const { id, employerUserId } = await aJobPosting(ctx, { fields: { title: 'Town Engineer' }, approved: false });
    const email = (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', employerUserId).executeTakeFirstOrThrow()).email;
    const c = await signedIn(ctx, email);
    expect(rowsOf((await staff.get('/staff/jobs')).body, 'Waiting for review').map((r) => r[0])).toContain('Town Engineer');
    expect(mainText((await c.get(`/jobs/${id}/withdraw`)).body)).toContain('It will not be published, and our staff stop reviewing it. You owe nothing for it.');
    expect((await c.postForm(`/jobs/${id}/withdraw`, {})).statusCode).toBe(303);
    expect((await postingTitled('Town Engineer')).status).toBe('withdrawn');
    expect(rowsOf((await staff.get('/staff/jobs')).body, 'Waiting for review').map((r) => r[0])).not.toContain('Town Engineer');
  });

  it('a posting whose fee is paid is not withdrawn here: the employer is told whom to write to, and nothing changes', async () => {
    const { posting, c } = await nonMemberPosting('Budget Analyst');
    if (!posting.invoice_id) throw new Error('no invoice');
    await aPayment(ctx, { invoiceId: posting.invoice_id, amountCents: 15000 });
    expect((await postingTitled('Budget Analyst')).status).toBe('in_review');
    const contact = (await ctx.deps.association.get()).contact_email;
    const told = `You paid the posting fee, so this posting cannot be withdrawn here. Write to ${contact}: our staff withdraw it and tell you whether the fee is paid back.`;

    const confirm = await c.get(`/jobs/${posting.id}/withdraw`);
    expect(confirm.statusCode).toBe(409);
    expect(mainText(confirm.body)).toContain(told);
    expect(dom(confirm.body).querySelector(`form[action="/jobs/${posting.id}/withdraw"]`)).toBeNull();

    const refused = await c.postForm(`/jobs/${posting.id}/withdraw`, {});
    expect(refused.statusCode).toBe(409);
    expect(dom(refused.body).querySelector(`#f-posting-${posting.id}`)?.textContent).toBe(`Error: ${told}`);
    expect((await postingTitled('Budget Analyst')).status).toBe('in_review');
    expect(await invoiceOf(posting.invoice_id)).toMatchObject({ status: 'paid', paid_cents: 15000 });
  });

  it('nobody else may withdraw it (404); a published posting is closed, not withdrawn', async () => {
    const { posting, c } = await nonMemberPosting('Water Operator');
    const stranger = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    for (const who of [stranger, staff]) {
      expect((await who.get(`/jobs/${posting.id}/withdraw`)).statusCode).toBe(404);
      expect((await who.postForm(`/jobs/${posting.id}/withdraw`, {})).statusCode).toBe(404);
    }
    expect((await stranger.postForm('/jobs/not-an-id/withdraw', {})).statusCode).toBe(404);
    expect((await ctx.client().postForm(`/jobs/${posting.id}/withdraw`, {})).statusCode).not.toBe(303);
    expect((await postingTitled('Water Operator')).status).toBe('awaiting_payment');
    expect((await c.get('/jobs/mine')).statusCode).toBe(200);

    const { id, employerUserId } = await aJobPosting(ctx, { fields: { title: 'Published Planner' } });
    const email = (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', employerUserId).executeTakeFirstOrThrow()).email;
    const owner = await signedIn(ctx, email);
    expect(dom((await owner.get('/jobs/mine')).body).querySelector(`a[href="/jobs/${id}/withdraw"]`)).toBeNull();
    const refused = await owner.postForm(`/jobs/${id}/withdraw`, {});
    expect(refused.statusCode).toBe(409);
    expect(dom(refused.body).querySelector(`#f-posting-${id}`)?.textContent).toContain('This posting is published, so it is not withdrawn: close it instead');
    expect((await postingTitled('Published Planner')).status).toBe('published');
  });
});

describe('staff’s list of withdrawn postings', () => {
  it('lists the withdrawn postings apart from the queue: when, by whom, and the fee voided; another list name is a 400', async () => {
    const { posting, c } = await nonMemberPosting('Library Page');
    await nonMemberPosting('Pool Manager');
    if (!posting.invoice_id) throw new Error('no invoice');
    const invoice = await invoiceOf(posting.invoice_id);
    expect((await c.postForm(`/jobs/${posting.id}/withdraw`, {})).statusCode).toBe(303);

    const queue = await staff.get('/staff/jobs');
    expect(dom(queue.body).querySelector('h1')?.textContent).toBe('Job postings to review');
    expect(dom(queue.body).querySelector('nav[aria-label="Lists of postings"] a[href="/staff/jobs?status=withdrawn"]')?.textContent).toBe('Withdrawn');
    expect(rowsOf(queue.body, 'Waiting for the employer').map((r) => r[0])).toEqual(expect.arrayContaining(['Pool Manager']));
    expect(rowsOf(queue.body, 'Waiting for the employer').map((r) => r[0])).not.toContain('Library Page');

    const list = await staff.get('/staff/jobs?status=withdrawn');
    expect(list.statusCode).toBe(200);
    // each list has its own heading and title: the withdrawn ones are not waiting for review
    expect(dom(list.body).querySelector('h1')?.textContent).toBe('Withdrawn job postings');
    expect(dom(list.body).querySelector('title')?.textContent).toMatch(/^Withdrawn job postings/);
    expect(dom(list.body).querySelector('a[aria-current="page"]')?.textContent).toBe('Withdrawn');
    const rows = rowsOf(list.body, 'Withdrawn by the employer');
    expect(rows.map((r) => r[0])).not.toContain('Pool Manager');
    const row = rows.find((r) => r[0] === 'Library Page');
    expect(row?.[2]).toMatch(/^May 3, 2027/);
    expect(row?.[3]).toMatch(/^Nell Nonmember \(.+@.+\), who posted it$/);
    expect(row?.[4]).toBe(`$150.00: invoice ${invoice.number} voided`);

    const bad = await staff.get('/staff/jobs?status=everything');
    expect(bad.statusCode).toBe(400);
    expect(dom(bad.body).querySelector('.error-summary')?.textContent).toContain('There is no such list of postings');
    // the employer is no staff member
    expect((await c.get('/staff/jobs?status=withdrawn')).statusCode).toBe(403);
  });
});

describe('pages of withdrawn postings', () => {
  it('pages by keyset, each withdrawn posting exactly once even when they were withdrawn at the same instant; a forged page link is a 400', async () => {
    const titles: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const title = `Paged Clerk ${i}`;
      const { posting, c } = await nonMemberPosting(title);
      expect((await c.postForm(`/jobs/${posting.id}/withdraw`, {})).statusCode).toBe(303);
      titles.push(title);
    }
    // the test clock stands still: every one is withdrawn at the same instant
    const all = await ctx.deps.db.selectFrom('job_postings').select('title').where('status', '=', 'withdrawn').execute();
    expect(all.length).toBeGreaterThan(5);

    const seen: string[] = [];
    let path: string | undefined = '/staff/jobs?status=withdrawn&limit=2';
    let pages = 0;
    while (path && pages < 20) {
      const res = await staff.get(path);
      expect(res.statusCode, path).toBe(200);
      const rows = rowsOf(res.body, 'Withdrawn by the employer');
      expect(rows.length, path).toBeLessThanOrEqual(2);
      seen.push(...rows.map((r) => r[0] ?? ''));
      const next = dom(res.body)
        .querySelectorAll('nav.pager a')
        .find((a) => a.text === 'Next page');
      path = next?.getAttribute('href')?.replaceAll('&amp;', '&');
      pages++;
    }
    expect(pages).toBeGreaterThan(2);
    expect([...seen].sort()).toEqual(all.map((r) => r.title).sort());
    for (const t of titles)
      expect(
        seen.filter((s) => s === t),
        t,
      ).toHaveLength(1);

    const forged = await staff.get('/staff/jobs?status=withdrawn&cursor=not-a-cursor');
    expect(forged.statusCode).toBe(400);
    expect(dom(forged.body).querySelector('.error-summary')?.textContent).toContain('This page of withdrawn postings does not exist');
    const tooFew = await staff.get('/staff/jobs?status=withdrawn&limit=0');
    expect(tooFew.statusCode).toBe(400);
    // a refused page shows the error and the way back, not an empty list saying nothing was withdrawn
    for (const refused of [forged, tooFew]) {
      const main = textOf(refused.body, 'main');
      expect(main).not.toContain('No posting has been withdrawn.');
      expect(dom(refused.body).querySelector('main table')).toBeNull();
      const back = dom(refused.body)
        .querySelectorAll('main a')
        .find((a) => a.text.trim() === 'Go to the first page of withdrawn postings');
      expect(back?.getAttribute('href')).toBe('/staff/jobs?status=withdrawn');
    }
  });

  it('a well-formed page link naming no withdrawn posting at that time (made up, another posting, a time moved) is a 400 like a malformed one, not an empty page', async () => {
    const { posting, c } = await nonMemberPosting('Cursor Surveyor');
    expect((await c.postForm(`/jobs/${posting.id}/withdraw`, {})).statusCode).toBe(303);
    const live = await nonMemberPosting('Cursor Planner'); // in review: not withdrawn
    const { withdrawn_at } = await ctx.deps.db.selectFrom('job_postings').select('withdrawn_at').where('id', '=', posting.id).executeTakeFirstOrThrow();
    const at = (withdrawn_at ?? new Date(0)).toISOString();
    const cursorOf = (time: string, id: string) => Buffer.from(`${time}_${id}`).toString('base64url');
    // the real one works
    expect((await staff.get(`/staff/jobs?status=withdrawn&limit=1&cursor=${cursorOf(at, posting.id)}`)).statusCode).toBe(200);
    for (const cursor of [
      cursorOf(at, randomUUID()),
      cursorOf(at, live.posting.id),
      cursorOf('1970-01-01T00:00:00.000Z', posting.id),
      cursorOf('2999-01-01T00:00:00.000Z', posting.id),
    ]) {
      const res = await staff.get(`/staff/jobs?status=withdrawn&cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(dom(res.body).querySelector('.error-summary')?.textContent, cursor).toContain('This page of withdrawn postings does not exist: start again from the first page.');
      expect(textOf(res.body, 'main'), cursor).not.toContain('Cursor Surveyor');
    }
  });
});

describe('editing a withdrawn posting', () => {
  it('a stale Edit link answers the posting’s page (409) with the reason, not a bare error page', async () => {
    const { posting, c } = await nonMemberPosting('Museum Guide');
    expect((await c.postForm(`/jobs/${posting.id}/withdraw`, {})).statusCode).toBe(303);
    const edit = await c.get(`/jobs/${posting.id}/edit`);
    expect(edit.statusCode).toBe(409);
    const page = dom(edit.body);
    expect(page.querySelector('h1')?.textContent).toBe('Museum Guide');
    expect(page.querySelector('.error-summary')?.textContent).toContain('You withdrew this posting, so it cannot be changed; post the job again instead.');
    expect(page.querySelector(`a[href="/jobs/${posting.id}/edit"]`)).toBeNull();
    // another person still gets nothing
    const stranger = await signedIn(ctx, (await createAccount(ctx)).email);
    expect((await stranger.get(`/jobs/${posting.id}/edit`)).statusCode).toBe(404);
  });
});
