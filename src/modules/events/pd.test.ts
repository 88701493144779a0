// The PD log: completing an event credits each attendee once with the PD minutes of the sessions
// they were checked in to; a check-in after completion brings the credit up to date; /me/pd
// shows the hours per year; the certificate PDF is only its attendee's.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration, type TestEvent } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';
import { completeEvent } from './ops-actions.js';
import { checkIn } from './ops-checkin.js';

const run = promisify(execFile);
let ctx: TestContext;
let dir: string;
let staff: TestClient;
let staffId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  dir = await mkdtemp(join(tmpdir(), 'civnet-certificate-'));
  const programs = await createAccount(ctx, { roles: ['programs'] });
  staffId = programs.id;
  staff = ctx.client();
  await staff.signIn(programs.email);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await ctx?.close();
});

/** An event that ended an hour ago (in Chicago, late in the evening there: its day is still that
 * day in Chicago, the next in UTC), with three sessions of 120, 90 and 0 PD minutes. */
async function endedEvent(title = 'Climate Resilience Workshop'): Promise<TestEvent> {
  return anEvent(ctx, {
    title,
    timeZone: 'America/Chicago',
    startsInHours: -7,
    hours: 6,
    sessions: [
      { title: 'Morning', startsInHours: 0, hours: 2, pdMinutes: 120 },
      { title: 'Afternoon', startsInHours: 2, hours: 2, pdMinutes: 90 },
      { title: 'Reception', startsInHours: 4, hours: 2, pdMinutes: 0 },
    ],
  });
}

const attend = (registrationId: string, sessionId: string | undefined) =>
  ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId, sessionId: sessionId ?? '' }, { userId: staffId }));
const complete = (eventId: string) => ctx.deps.db.transaction().execute((trx) => completeEvent(trx, ctx.deps, eventId, { userId: staffId }));
const creditsOf = (eventId: string) => ctx.deps.db.selectFrom('pd_credits').select(['user_id', 'minutes', 'earned_on', 'title']).where('source_id', '=', eventId).execute();

describe('PD credits', () => {
  it('completing credits the PD minutes of the sessions attended only, once, on the event’s last day in its zone', async () => {
    const e = await endedEvent();
    const both = await createAccount(ctx);
    const one = await createAccount(ctx);
    const none = await createAccount(ctx);
    const rBoth = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: both.id });
    const rOne = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: one.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: none.id });
    await attend(rBoth.id, e.sessionIds[0]);
    await attend(rBoth.id, e.sessionIds[1]);
    await attend(rBoth.id, e.sessionIds[2]);
    await attend(rOne.id, e.sessionIds[1]);

    const first = await complete(e.id);
    expect(first).toEqual({ alreadyCompleted: false, credited: 2 });
    const again = await complete(e.id);
    expect(again).toEqual({ alreadyCompleted: true, credited: 0 });
    const credits = await creditsOf(e.id);
    expect(credits.map((c) => [c.user_id, c.minutes]).sort()).toEqual(
      [
        [both.id, 210],
        [one.id, 90],
      ].sort(),
    );
    const event = await ctx.deps.db.selectFrom('events').select(['ends_at', 'status']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(event.status).toBe('completed');
    const chicagoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(event.ends_at);
    expect(credits.every((c) => c.earned_on === chicagoDay)).toBe(true);
    expect(credits.every((c) => c.title === 'Climate Resilience Workshop')).toBe(true);
  });

  it('a check-in after completion credits the attendee at once, and a later one updates the minutes', async () => {
    const e = await endedEvent();
    const late = await createAccount(ctx);
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: late.id });
    await complete(e.id);
    expect(await creditsOf(e.id)).toHaveLength(0);
    await attend(reg.id, e.sessionIds[0]);
    expect((await creditsOf(e.id)).map((c) => c.minutes)).toEqual([120]);
    await attend(reg.id, e.sessionIds[1]);
    expect((await creditsOf(e.id)).map((c) => c.minutes)).toEqual([210]);
  });

  it('an event cannot be completed before it ends, nor a draft', async () => {
    const soon = await anEvent(ctx, { startsInHours: -1, hours: 3 });
    await expect(complete(soon.id)).rejects.toMatchObject({ code: 'events.not_ended', status: 409 });
    const draft = await anEvent(ctx, { startsInHours: -10, hours: 3, published: false });
    await expect(complete(draft.id)).rejects.toMatchObject({ code: 'events.not_published' });
    // through the page: the refusal is a 409, and the event stays published
    const res = await staff.postForm(`/staff/events/${soon.id}/complete`, {});
    expect(res.statusCode).toBe(409);
    expect((await ctx.deps.db.selectFrom('events').select('status').where('id', '=', soon.id).executeTakeFirstOrThrow()).status).toBe('published');
  });
});

describe('/me/pd and the certificate', () => {
  it('the attendee sees their hours per year and downloads their certificate; another member gets a 404', async () => {
    const e = await endedEvent('Leading Through Change');
    const attendee = await createAccount(ctx, { roles: ['member'], name: 'Renée Attendee' });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: attendee.id });
    await attend(reg.id, e.sessionIds[0]);
    await attend(reg.id, e.sessionIds[1]);
    // completed by staff, through the page
    const done = await staff.postForm(`/staff/events/${e.id}/complete`, {});
    expect(done.statusCode).toBe(303);

    const me = ctx.client();
    await me.signIn(attendee.email);
    const page = await me.get('/me/pd');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Leading Through Change');
    expect(page.body).toContain('3.5 of 40 hours');
    // My events says the past event was attended, with its hours and certificate.
    const past = rowsOf((await me.get('/me/events')).body, 'Past events');
    expect(past).toHaveLength(1);
    expect(past[0]?.[0]).toBe('Leading Through Change');
    expect(past[0]?.[3]).toBe('Attended');
    expect(past[0]?.[4]).toContain('3.5 hours');
    expect((await me.get('/me/events')).body).toContain(`/me/pd/${e.id}/certificate.pdf`);
    const pdf = await me.get(`/me/pd/${e.id}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(String(pdf.headers['content-disposition'])).toContain('certificate-leading-through-change.pdf');
    const file = join(dir, 'certificate.pdf');
    await writeFile(file, pdf.rawPayload);
    const { stdout } = await run('pdftotext', [file, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Certificate of attendance');
    expect(text).toContain('Renée Attendee');
    expect(text).toContain('Leading Through Change');
    expect(text).toContain('3.5 hours of professional development');
    expect(text).toContain('Test Association');

    const other = ctx.client();
    await other.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    expect((await other.get(`/me/pd/${e.id}/certificate.pdf`)).statusCode).toBe(404);
    expect((await other.get('/me/pd')).body).not.toContain('Leading Through Change');
    // staff do not get it either: it is the attendee's own
    expect((await staff.get(`/me/pd/${e.id}/certificate.pdf`)).statusCode).toBe(404);
    expect((await me.get('/me/pd/not-an-id/certificate.pdf')).statusCode).toBe(404);
    // a visitor is sent to sign in
    expect((await ctx.client().get(`/me/pd/${e.id}/certificate.pdf`)).statusCode).toBe(303);
  });
});
