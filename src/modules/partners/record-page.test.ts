// What partnerships staff read on the list and on a relationship's page: days written as every
// page writes them ('Dec 4, 2028', not '2028-12-04') in the list, the agreement, the deliverables
// and the timeline; a deliverable past its due day says it is overdue, a delivered one when; and
// "Mark delivered" pressed twice says it is delivered already and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPartnerRelationship, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, termValue, textOf, textsOf } from '../../../test/html.js';
import { DELIVERABLE_LEAD_DAYS } from './shared.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-10T15:00:00Z');
  const a = await createAccount(ctx, { roles: ['partnerships'], name: 'Paula Partner' });
  staff = await signedIn(ctx, a.email);
});
afterAll(() => ctx?.close());

const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

async function aPartnership(name: string) {
  const r = await aPartnerRelationship(ctx, { kind: 'partnership', name, status: 'drafted' });
  const saved = await staff.postMultipart(
    `/staff/partners/${r.id}/agreement`,
    { start: '2027-01-01', end: '2028-12-04', scope: 'A toolkit.', project: 'Grant', amount: '1000' },
    [],
  );
  expect(saved.statusCode).toBe(303);
  for (const [title, dueOn] of [
    ['Water report', '2027-03-01'],
    ['Workshop', '2027-09-15'],
  ])
    expect((await staff.postForm(`/staff/partners/${r.id}/deliverables`, { title, dueOn })).statusCode).toBe(303);
  const deliverables = await ctx.deps.db.selectFrom('partner_deliverables').select(['id', 'title']).where('relationship_id', '=', r.id).orderBy('due_on').execute();
  return { ...r, deliverables };
}

describe('a relationship as staff read it', () => {
  it('writes days as words on the list, the agreement, the deliverables and the timeline', async () => {
    const r = await aPartnership('Dates Foundation');
    const list = await staff.get('/staff/partners');
    const row = rowsOf(list.body, 'Relationships').find((cells) => cells[0] === 'Dates Foundation');
    expect(row).toBeDefined();
    expect(row?.join(' | ')).not.toMatch(ISO_DAY);
    expect(row).toContain('Dec 4, 2028');
    expect(row).toContain('Mar 10, 2027'); // since: the day, not the minute

    const page = await staff.get(`/staff/partners/${r.id}`);
    const agreement = dom(page.body).querySelector('section[aria-labelledby=agreement]');
    if (!agreement) throw new Error('no agreement section');
    expect(termValue(agreement, 'Dates')).toBe('From Jan 1, 2027 to Dec 4, 2028');
    expect(termValue(agreement, 'Renewal due')).toBe('Oct 5, 2028 (60 days before the end)');
    const deliverables = rowsOf(page.body, 'What the partnership owes, by due date');
    expect(deliverables.map((cells) => cells.slice(0, 2))).toEqual([
      ['Water report', 'Mar 1, 2027'],
      ['Workshop', 'Sep 15, 2027'],
    ]);
    // the first is past its due day, the second is not
    expect(deliverables[0]?.[2]).toContain('Overdue');
    expect(deliverables[1]?.[2]).not.toContain('Overdue');
    const timeline = textsOf(page.body, '.timeline li').join('\n');
    expect(timeline).toContain('Agreement: Jan 1, 2027 to Dec 4, 2028.');
    expect(timeline).toContain('Deliverable “Workshop” due Sep 15, 2027.');
    expect(timeline.replace(/Mar 10, 2027, \d+:\d+ [AP]M \w+/g, '')).not.toMatch(ISO_DAY);
  });
});

describe('the list', () => {
  it('says a listed relationship is public only while its agreement runs', async () => {
    const asked = await aPartnerRelationship(ctx, { name: 'Asked Council', status: 'inquiry' });
    const running = await aPartnerRelationship(ctx, { name: 'Running Council', status: 'active' });
    const hidden = await aPartnerRelationship(ctx, { name: 'Hidden Council', status: 'active', listed: false });
    const ended = await aPartnerRelationship(ctx, { name: 'Ended Council', status: 'ended' });
    const rows = rowsOf((await staff.get('/staff/partners')).body, 'Relationships');
    const publicOf = (name: string) => rows.find((cells) => cells[0] === name)?.at(-1);
    expect([asked, running, hidden, ended].map((r) => publicOf(r.name))).toEqual(['Once active', 'Listed', 'Not listed', 'No longer (ended)']);
  });
});

describe('the deliverable form', () => {
  it('states the reminder lead time the daily job uses', async () => {
    const r = await aPartnership('Hint Foundation');
    const page = await staff.get(`/staff/partners/${r.id}`);
    expect(textOf(page.body, '#f-dueOn-hint')).toBe(`Partnerships staff are emailed a reminder ${DELIVERABLE_LEAD_DAYS} days before, unless it is marked delivered.`);
  });
});

describe('moving a relationship to where it stands already (a double press)', () => {
  it('says it is done already and changes nothing; a step not allowed says it could not be done', async () => {
    const r = await aPartnerRelationship(ctx, { name: 'Double Press Alliance', status: 'discussion' });
    const events = async () => (await ctx.deps.db.selectFrom('partner_events').select('id').where('relationship_id', '=', r.id).execute()).length;
    const before = await events();
    const again = await staff.postForm(`/staff/partners/${r.id}/status`, { to: 'discussion', reason: '' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body, '[role=alert] h2')).toBe('Already done');
    expect(textOf(again.body, '[role=alert] p')).toBe('The relationship is “In discussion” already: nothing changed.');
    // the tab's title says so too, not "Error:"
    expect(textOf(again.body, 'title')).toBe('Already done: Double Press Alliance: Strategic alliance · Test Association');
    expect(await events()).toBe(before);
    const skip = await staff.postForm(`/staff/partners/${r.id}/status`, { to: 'active', reason: '' });
    expect(skip.statusCode).toBe(409);
    expect(textOf(skip.body, '[role=alert] h2')).toBe('That could not be done');
    expect(textOf(skip.body, 'title')).toBe('Error: Double Press Alliance: Strategic alliance · Test Association');
  });
});

describe('marking a deliverable delivered', () => {
  it('twice (a double press, a stale tab) says it is delivered already and changes nothing', async () => {
    const r = await aPartnership('Twice Foundation');
    const [first] = r.deliverables;
    if (!first) throw new Error('no deliverable');
    const done = await staff.postForm(`/staff/partners/${r.id}/deliverables/${first.id}/done`, {});
    expect(done.statusCode).toBe(303);
    const page = await staff.get(`/staff/partners/${r.id}`);
    expect(rowsOf(page.body, 'What the partnership owes, by due date')[0]).toEqual(['Water report', 'Mar 1, 2027', 'Delivered Mar 10, 2027']);

    const count = async (table: 'partner_events' | 'audit_log') =>
      table === 'partner_events'
        ? (await ctx.deps.db.selectFrom('partner_events').select('id').where('relationship_id', '=', r.id).execute()).length
        : (await ctx.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'partners.deliverable_done').execute()).length;
    const before = [await count('partner_events'), await count('audit_log')];
    ctx.clock.set('2027-03-10T15:05:00Z'); // a stale tab, minutes later
    const again = await staff.postForm(`/staff/partners/${r.id}/deliverables/${first.id}/done`, {});
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body, '[role=alert]')).toContain('“Water report” is marked delivered already (Mar 10, 2027): nothing changed.');
    // a repeat is not a failure: the banner says it is done already
    expect(textOf(again.body, '[role=alert] h2')).toBe('Already done');
    expect(dom(again.body).querySelector('h1')?.textContent).toBe('Twice Foundation'); // the relationship's page, not an error page
    expect([await count('partner_events'), await count('audit_log')]).toEqual(before);
    const row = await ctx.deps.db.selectFrom('partner_deliverables').select('done_at').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row.done_at?.toISOString()).toBe('2027-03-10T15:00:00.000Z');
  });

  it('of another relationship, or unknown, is a 404 that changes nothing', async () => {
    const a = await aPartnership('Owner Foundation');
    const b = await aPartnership('Other Foundation');
    const theirs = b.deliverables[0];
    if (!theirs) throw new Error('no deliverable');
    expect((await staff.postForm(`/staff/partners/${a.id}/deliverables/${theirs.id}/done`, {})).statusCode).toBe(404);
    expect((await staff.postForm(`/staff/partners/${a.id}/deliverables/00000000-0000-4000-8000-000000000000/done`, {})).statusCode).toBe(404);
    expect((await staff.postForm(`/staff/partners/${a.id}/deliverables/not-an-id/done`, {})).statusCode).toBe(404);
    const row = await ctx.deps.db.selectFrom('partner_deliverables').select('done_at').where('id', '=', theirs.id).executeTakeFirstOrThrow();
    expect(row.done_at).toBeNull();
  });
});
