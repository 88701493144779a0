// Technical assistance through HTTP: filing with files reaches the advisor, the thread and its
// emails, the status table (allowed and refused moves), downloads, the staff queue's filters and
// aging, and reassignment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrgWithContact, aPathway, fileThroughForm, PDF, PNG, pdfFile, pngFile, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { byId, dom, rowsOf } from '../../../test/html.js';
import { formatZonedDay } from '../../lib/format.js';

let ctx: TestContext;
let pathwayId: string;
let advisor: Awaited<ReturnType<typeof signedInStaff>>;

const mails = (to: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', to).where('template', '=', template).execute();
const statusOf = async (id: string) => (await ctx.deps.db.selectFrom('assistance_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  ctx = await createTestContext();
  pathwayId = await aPathway(ctx);
  advisor = await signedInStaff(ctx, 'advisor', 'Aisha Advisor');
});
afterAll(() => ctx?.close());

describe('filing a request', () => {
  it('a contact files a request with a PDF and a PNG; it goes to the advisor, who is emailed', async () => {
    const { organizationId, client } = await anOrgWithContact(ctx, { name: 'Springfield', advisorId: advisor.id });
    const form = await client.get(`/org/assistance/new?org=${organizationId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    // a way back besides sending it
    expect(form.body).toContain(`<a href="/org/assistance?org=${organizationId}">All requests</a>`);
    const desired = new Date(ctx.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const id = await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Heat plan review', desired_on: desired }, [pdfFile(), pngFile()]);

    const row = await ctx.deps.db.selectFrom('assistance_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organization_id: organizationId, advisor_user_id: advisor.id, status: 'open', subject: 'Heat plan review', desired_on: desired });
    const files = await ctx.deps.db
      .selectFrom('assistance_attachments')
      .select(['filename', 'content_type', 'size_bytes'])
      .where('request_id', '=', id)
      .orderBy('filename')
      .execute();
    expect(files).toEqual([
      { filename: 'map.png', content_type: 'image/png', size_bytes: PNG.length },
      { filename: 'plan.pdf', content_type: 'application/pdf', size_bytes: PDF.length },
    ]);
    const [mail] = await mails(advisor.email, 'assistance.filed');
    expect(mail?.subject).toBe('New assistance request from Springfield: Heat plan review');
    expect(mail?.body_text).toContain(`/staff/assistance/${id}`);

    const page = await client.get(`/org/assistance/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Heat plan review');
    expect(page.body).toMatch(new RegExp(`href="/org/assistance/${id}/attachments/[0-9a-f-]{36}"[^>]*>plan.pdf`));
    const list = await client.get(`/org/assistance?org=${organizationId}`);
    expect(list.body).toContain(`href="/org/assistance/${id}"`);
    // the way back names the organization
    expect(dom(list.body).querySelector(`main a[href="/org?org=${organizationId}"]`)?.textContent).toBe('Back to Springfield');
    const api = await client.getJson(`/api/v1/org/assistance?org=${organizationId}`);
    expect(api.json().requests).toMatchObject([{ id, status: 'open', advisor: 'Aisha Advisor' }]);
  });

  it('a download gives back the same bytes, as an attachment, with its stored type, nosniff and a sandbox policy', async () => {
    const { organizationId, client } = await anOrgWithContact(ctx, { advisorId: advisor.id });
    const id = await fileThroughForm(client, { org: organizationId, pathway: pathwayId }, [pdfFile('../Plan; v2 é\u0007.pdf')]);
    const att = await ctx.deps.db.selectFrom('assistance_attachments').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
    for (const [c, url] of [
      [client, `/org/assistance/${id}/attachments/${att.id}`],
      [advisor.client, `/staff/assistance/${id}/attachments/${att.id}`],
    ] as const) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(PDF)).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="Plan_ v2 _.pdf"; filename*=UTF-8''Plan%3B%20v2%20%C3%A9.pdf`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe('sandbox');
    }
  });
});

describe('the organization home', () => {
  it('shows the open requests of this organization only, with a link to file one', async () => {
    const { organizationId, client } = await anOrgWithContact(ctx, { name: 'Home Town', advisorId: advisor.id });
    const other = await anOrgWithContact(ctx, { name: 'Elsewhere', advisorId: advisor.id });
    await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Open question' });
    const done = await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Finished question' });
    await fileThroughForm(other.client, { org: other.organizationId, pathway: pathwayId, subject: 'Question of elsewhere' });
    await advisor.client.postForm(`/staff/assistance/${done}/status`, { status: 'resolved' });
    const home = await client.get(`/org?org=${organizationId}`);
    expect(home.statusCode).toBe(200);
    const section = byId(home.body, 'assistance').outerHTML;
    expect(section).toContain('Technical assistance');
    expect(section).toContain('Open question');
    expect(section).not.toContain('Finished question');
    expect(section).not.toContain('Question of elsewhere');
    expect(section).toContain(`href="/org/assistance/new?org=${organizationId}"`);
    // the day it was filed, written as every day is, in the association's time zone
    const filed = formatZonedDay(ctx.clock.now(), (await ctx.deps.association.get()).time_zone);
    expect(filed).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    expect(rowsOf(home.body, 'Open assistance requests')[0]).toContain(filed);
  });
});

describe('the thread and its states', () => {
  it('advisor and member reply with emails to the other side; moves follow the table', async () => {
    const { organizationId, contact, client } = await anOrgWithContact(ctx, { name: 'Shelbyville', advisorId: advisor.id });
    const id = await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Bus fleet' });
    const staffPage = await advisor.client.get(`/staff/assistance/${id}`);
    expect(staffPage.statusCode).toBe(200);

    // The advisor's reply (with a file) starts the request and emails the contact.
    const r1 = await advisor.client.postMultipart(`/staff/assistance/${id}/messages`, { body: 'Could you send the tender draft?' }, [pngFile('chart.png')]);
    expect(r1.statusCode).toBe(303);
    expect(await statusOf(id)).toBe('in_progress');
    expect(await mails(contact.email, 'assistance.message')).toHaveLength(1);

    // Staff ask the member for something: waiting on member, and the member is emailed.
    expect((await advisor.client.postForm(`/staff/assistance/${id}/status`, { status: 'waiting_on_member' })).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('waiting_on_member');
    expect((await mails(contact.email, 'assistance.status'))[0]?.subject).toBe('Waiting on you: Bus fleet');

    // The member's reply puts it back in progress and emails the advisor.
    const r2 = await client.postMultipart(`/org/assistance/${id}/messages`, { body: 'Here it is.' }, [pdfFile('tender.pdf')]);
    expect(r2.statusCode).toBe(303);
    expect(await statusOf(id)).toBe('in_progress');
    expect(await mails(advisor.email, 'assistance.message')).toHaveLength(1);
    const page = await client.get(`/org/assistance/${id}`);
    expect(page.body).toContain('Could you send the tender draft?');
    expect(page.body).toContain('Here it is.');
    expect(page.body).toContain('chart.png');

    // A member cannot resolve; staff can. A member cannot move a request in progress.
    const refused = await client.postForm(`/org/assistance/${id}/status`, { status: 'resolved' });
    expect(refused.statusCode).toBe(409);
    expect(await statusOf(id)).toBe('in_progress');
    expect((await advisor.client.postForm(`/staff/assistance/${id}/status`, { status: 'resolved' })).statusCode).toBe(303);
    // The member reopens, staff resolve again, the member closes.
    expect((await client.postForm(`/org/assistance/${id}/status`, { status: 'in_progress' })).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('in_progress');
    expect((await mails(advisor.email, 'assistance.status')).length).toBe(1);
    await advisor.client.postForm(`/staff/assistance/${id}/status`, { status: 'resolved' });
    expect((await client.postForm(`/org/assistance/${id}/status`, { status: 'closed' })).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('closed');

    // Closed is the end: no reply, no move, for either side; nothing is stored.
    expect((await client.postMultipart(`/org/assistance/${id}/messages`, { body: 'One more thing' })).statusCode).toBe(409);
    expect((await advisor.client.postForm(`/staff/assistance/${id}/status`, { status: 'in_progress' })).statusCode).toBe(409);
    // in the order written (seq): at the standing test clock both messages share one created_at
    const messages = await ctx.deps.db.selectFrom('assistance_messages').select('body').where('request_id', '=', id).orderBy('seq').execute();
    expect(messages.map((m) => m.body)).toEqual(['Could you send the tender draft?', 'Here it is.']);

    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
    expect(audit.filter((a) => a.action === 'assistance.status_changed').map((a) => (a.after as { status?: string } | null)?.status)).toEqual([
      'in_progress',
      'waiting_on_member',
      'in_progress',
      'resolved',
      'in_progress',
      'resolved',
      'closed',
    ]);
    const history = await client.getJson(`/api/v1/org/assistance/${id}`);
    expect(history.json().history.map((e: { to: string | null }) => e.to)).toEqual([
      'open',
      'in_progress',
      'waiting_on_member',
      'in_progress',
      'resolved',
      'in_progress',
      'resolved',
      'closed',
    ]);
    expect(history.json().messages[0]).toMatchObject({ author: 'Aisha Advisor', fromStaff: true, attachments: [{ filename: 'chart.png' }] });
  });

  it('without an advisor the request is unassigned, membership staff are emailed, and reassigning emails the advisor', async () => {
    const membership = await signedInStaff(ctx, 'membership', 'Maya Membership');
    const { organizationId, client } = await anOrgWithContact(ctx, { name: 'Ogdenville' });
    const id = await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Monorail feasibility' });
    expect((await mails(membership.email, 'assistance.filed'))[0]?.body_text).toContain('unassigned');
    const queue = await membership.client.get('/staff/assistance?advisor=unassigned&org=ogden');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Monorail feasibility');

    const res = await membership.client.postForm(`/staff/assistance/${id}/assign`, { advisor: advisor.id });
    expect(res.statusCode).toBe(303);
    expect((await mails(advisor.email, 'assistance.assigned'))[0]?.subject).toBe('Assistance request assigned to you: Monorail feasibility');
    const mine = await advisor.client.get('/staff/assistance?advisor=me&org=ogden');
    expect(mine.body).toContain('Monorail feasibility');
    const bad = await membership.client.postForm(`/staff/assistance/${id}/assign`, { advisor: membership.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose an advisor from the list.');
  });
});

describe('the staff queue', () => {
  it('lists oldest first with days open, and filters by age, status, organization and topic', async () => {
    const start = ctx.clock.now();
    const { organizationId, client } = await anOrgWithContact(ctx, { name: 'Capital City Queue', advisorId: advisor.id });
    ctx.clock.advance(-40 * 86_400_000);
    const old = await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Forty days old' });
    ctx.clock.advance(30 * 86_400_000);
    const mid = await fileThroughForm(client, { org: organizationId, pathway: pathwayId, subject: 'Ten days old' });
    ctx.clock.advance(10 * 86_400_000);
    const other = await aPathway(ctx);
    const slug = (await ctx.deps.db.selectFrom('pathways').select('slug').where('id', '=', other).executeTakeFirstOrThrow()).slug;
    await fileThroughForm(client, { org: organizationId, pathway: other, subject: 'New today' });
    expect(ctx.clock.now().getTime()).toBe(start.getTime());

    const all = await advisor.client.get('/staff/assistance?org=capital%20city');
    const order = ['Forty days old', 'Ten days old', 'New today'].map((s) => all.body.indexOf(s));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > (order[k - 1] ?? 0)))).toBe(true);
    const forty = rowsOf(all.body).find((row) => row.some((cell) => cell.endsWith('Forty days old'))) ?? [];
    const at = forty.findIndex((cell) => cell.endsWith('Forty days old'));
    expect(forty.slice(at + 6, at + 8)).toEqual(['40', '31 days or more']);

    const aged = await advisor.client.get('/staff/assistance?org=capital&age=31%2B');
    expect(aged.body).toContain('Forty days old');
    expect(aged.body).not.toContain('Ten days old');
    const middle = await advisor.client.get('/staff/assistance?org=capital&age=8-30');
    expect(middle.body).toContain('Ten days old');
    expect(middle.body).not.toContain('Forty days old');
    const topic = await advisor.client.get(`/staff/assistance?org=capital&pathway=${slug}`);
    expect(topic.body).toContain('New today');
    expect(topic.body).not.toContain('Ten days old');

    await advisor.client.postForm(`/staff/assistance/${old}/status`, { status: 'closed' });
    const active = await advisor.client.get('/staff/assistance?org=capital');
    expect(active.body).not.toContain('Forty days old');
    const closed = await advisor.client.get('/staff/assistance?org=capital&status=closed');
    expect(closed.body).toContain('Forty days old');
    expect(closed.body).not.toContain(mid);

    const bad = await advisor.client.get('/staff/assistance?age=forever');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose an age from the list.');
  });
});
