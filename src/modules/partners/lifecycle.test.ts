// A relationship driven through every step of its lifecycle by partnerships staff over HTTP, with
// the clock injected: the daily job moves it to "renewal due" ahead of the agreement's end and
// reminds staff of deliverables coming due, once each however often it runs; and every step the
// lifecycle does not allow, from every status, answers 409 and changes nothing (the row, its
// timeline, the audit log, the outbox).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textsOf } from '../../../test/html.js';
import type { PartnerStatus } from '../../db/types.js';
import { PARTNER_REMINDERS_QUEUE } from './index.js';
import { STATUSES, TRANSITIONS } from './shared.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const a = await createAccount(ctx, { roles: ['partnerships'], name: 'Paula Partner' });
  staffEmail = a.email;
});

/** Sets the clock and signs staff in again (a session does not outlive months of clock). */
async function at(time: string) {
  ctx.clock.set(time);
  staff = await signedIn(ctx, staffEmail);
}
afterAll(() => ctx?.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function snapshot(id: string) {
  const db = ctx.deps.db;
  const [row, events, audits, mails] = await Promise.all([
    db.selectFrom('partner_relationships').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('partner_events').select(db.fn.countAll<number>().as('n')).where('relationship_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('audit_log').select(db.fn.countAll<number>().as('n')).where('entity_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('outbox').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { row, events: Number(events.n), audits: Number(audits.n), mails: Number(mails.n) };
}

const statusOf = async (id: string) => (await snapshot(id)).row.status;

/** Every step not allowed from where it stands (itself included) is a 409 that changes nothing. */
async function refusesEverythingElse(id: string) {
  const before = await snapshot(id);
  const from = before.row.status;
  for (const to of STATUSES.filter((s) => !TRANSITIONS[from].includes(s))) {
    const res = await staff.postForm(`/staff/partners/${id}/status`, { to, reason: 'Trying.' });
    expect(res.statusCode, `${from} → ${to}`).toBe(409);
    // to where it stands: a repeat, done already; anywhere else: not allowed
    expect(dom(res.body).querySelector('[role=alert]')?.textContent).toContain(to === from ? 'already: nothing changed' : 'cannot move');
    expect(await snapshot(id)).toEqual(before);
  }
}

async function move(id: string, to: PartnerStatus, reason = '') {
  const res = await staff.postForm(`/staff/partners/${id}/status`, { to, reason });
  expect(res.statusCode, `→ ${to}: ${res.body.slice(0, 300)}`).toBe(303);
  expect(await statusOf(id)).toBe(to);
}

async function runDailyJob() {
  await ctx.deps.jobs.send(ctx.deps.db, PARTNER_REMINDERS_QUEUE, {});
  await ctx.deps.jobs.drain(PARTNER_REMINDERS_QUEUE);
}

const mailsTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).orderBy('created_at').execute();

describe('a relationship’s lifecycle', () => {
  it('goes inquiry → in discussion → agreement drafted → active → renewal due → active → ended, with reminders, refusing every other step', async () => {
    await at('2027-03-01T12:00:00Z');
    const made = await staff.postForm('/staff/partners/new', {
      kind: 'partnership',
      partnerName: 'Lakeside Foundation',
      city: 'Denver',
      state: 'CO',
      purpose: 'Water resilience.',
      listed: 'yes',
    });
    expect(made.statusCode).toBe(303);
    const id = String(made.headers.location).split('/').pop() ?? '';
    expect(await statusOf(id)).toBe('inquiry');
    await refusesEverythingElse(id);

    await move(id, 'discussion', 'A first call went well.');
    await refusesEverythingElse(id);
    await move(id, 'drafted');
    await refusesEverythingElse(id);

    // active needs the agreement's dates first
    const early = await staff.postForm(`/staff/partners/${id}/status`, { to: 'active' });
    expect(early.statusCode).toBe(409);
    expect(await statusOf(id)).toBe('drafted');

    // the agreement, its file, the grant in cents, and two deliverables
    const saved = await staff.postMultipart(
      `/staff/partners/${id}/agreement`,
      { start: '2027-03-01', end: '2028-02-29', scope: 'A toolkit.', project: 'Water grant', amount: '25,000.50' },
      [{ field: 'file', filename: 'agreement.pdf', type: 'application/pdf', content: PDF }],
    );
    expect(saved.statusCode).toBe(303);
    const row = (await snapshot(id)).row;
    expect([row.agreement_start, row.agreement_end, row.amount_cents, row.project]).toEqual(['2027-03-01', '2028-02-29', 2_500_050, 'Water grant']);
    const file = await staff.get(`/staff/partners/${id}/agreement`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
    // a file whose content is not what it says is refused beside the field
    const fake = await staff.postMultipart(`/staff/partners/${id}/agreement`, { start: '2027-03-01', end: '2028-02-29' }, [
      { field: 'file', filename: 'agreement.pdf', type: 'application/pdf', content: Buffer.from('not a pdf at all') },
    ]);
    expect(fake.statusCode).toBe(400);
    expect(dom(fake.body).querySelector('#f-file-error')?.textContent).toContain('not a file we accept');
    for (const [title, dueOn] of [
      ['Water report', '2027-06-30'],
      ['Workshop', '2027-09-15'],
    ])
      expect((await staff.postForm(`/staff/partners/${id}/deliverables`, { title, dueOn })).statusCode).toBe(303);
    expect((await staff.postForm(`/staff/partners/${id}/deliverables`, { title: 'Bad', dueOn: '2027-02-30' })).statusCode).toBe(400);

    await move(id, 'active');
    await refusesEverythingElse(id);

    // deliverable reminders: 14 days ahead, once however often the job runs
    ctx.clock.set('2027-06-15T08:00:00Z');
    await runDailyJob();
    expect(await mailsTo(staffEmail, 'partners.deliverable_due')).toHaveLength(0);
    ctx.clock.set('2027-06-16T08:00:00Z');
    await runDailyJob();
    await runDailyJob();
    ctx.clock.set('2027-06-17T08:00:00Z');
    await runDailyJob();
    const reminders = await mailsTo(staffEmail, 'partners.deliverable_due');
    expect(reminders.map((m) => m.subject)).toEqual(['Deliverable due Jun 30, 2027: Water report']);
    ctx.clock.set('2027-09-01T08:00:00Z');
    await runDailyJob();
    await runDailyJob();
    expect((await mailsTo(staffEmail, 'partners.deliverable_due')).map((m) => m.subject)).toEqual([
      'Deliverable due Jun 30, 2027: Water report',
      'Deliverable due Sep 15, 2027: Workshop',
    ]);
    expect(await statusOf(id)).toBe('active');

    // renewal due 60 days before the end (2028-02-29): not on Dec 30, on Dec 31, once
    ctx.clock.set('2027-12-30T08:00:00Z');
    await runDailyJob();
    expect(await statusOf(id)).toBe('active');
    await at('2027-12-31T08:00:00Z');
    await runDailyJob();
    await runDailyJob();
    expect(await statusOf(id)).toBe('renewal_due');
    const renewal = await mailsTo(staffEmail, 'partners.renewal_due');
    expect(renewal).toHaveLength(1);
    expect(renewal[0]?.body_text).toContain('ends on Feb 29, 2028.');
    await refusesEverythingElse(id);

    // back to active only once the renewed end date is agreed
    const notYet = await staff.postForm(`/staff/partners/${id}/status`, { to: 'active' });
    expect(notYet.statusCode).toBe(409);
    expect(await statusOf(id)).toBe('renewal_due');
    expect((await staff.postMultipart(`/staff/partners/${id}/agreement`, { start: '2027-03-01', end: '2029-02-28', project: 'Water grant', amount: '25000.50' })).statusCode).toBe(
      303,
    );
    await move(id, 'active', 'Renewed for a year.');
    await runDailyJob();
    expect(await statusOf(id)).toBe('active');

    await move(id, 'renewal_due');
    // ending needs a reason
    const noReason = await staff.postForm(`/staff/partners/${id}/status`, { to: 'ended', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(await statusOf(id)).toBe('renewal_due');
    await move(id, 'ended', 'The grant was not renewed.');
    await refusesEverythingElse(id);

    // the timeline and the audit log tell the story
    const page = await staff.get(`/staff/partners/${id}`);
    const timeline = textsOf(page.body, '.timeline li').join('\n');
    for (const t of [
      'Inquiry → In discussion',
      'Agreement drafted → Active',
      'Active → Renewal due',
      'Renewal due → Active',
      'Renewal due → Ended',
      'The grant was not renewed.',
      'Reminder sent',
    ])
      expect(timeline).toContain(t);
    const audits = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'partners.status_changed').execute();
    expect(audits).toHaveLength(7);
  }, 60_000);
});
