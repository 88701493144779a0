// The events report: on events with known registrations, check-ins (events' checkIn) and invoices
// paid through billing, the figures of the JSON and the CSV equal the known answers and
// independent SQL; drafts and events outside the range are left out; bad input gets a 400; a
// member gets a 403.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anEventOrder, aPayment, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { checkIn } from '../events/ops-checkin.js';

let ctx: TestContext;
let finance: TestClient;
let range: string;
const plusDays = (n: number) => new Date(ctx.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext();
  range = `from=${plusDays(0)}&to=${plusDays(30)}`;
  const person = async () => (await createAccount(ctx, { roles: ['member'] })).id;
  const a = await anEvent(ctx, { title: 'Budgeting Workshop', startsInHours: 24 * 7 });
  const b = await anEvent(ctx, { title: 'Resilience Webinar', kind: 'webinar', format: 'online', startsInHours: 24 * 14 });
  const draft = await anEvent(ctx, { title: 'Draft Training', startsInHours: 24 * 10, published: false });
  const later = await anEvent(ctx, { title: 'Annual Conference', kind: 'conference', startsInHours: 24 * 90 });
  const seat = (e: typeof a, userId: string, status?: 'registered' | 'cancelled' | 'waitlisted') =>
    aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] as string, userId, status });
  const [u1, u2, u3, u4, u5] = [await person(), await person(), await person(), await person(), await person()];
  const r1 = await seat(a, u1);
  const r2 = await seat(a, u2);
  await seat(a, u3);
  await seat(a, u4, 'cancelled');
  await seat(a, u5, 'waitlisted');
  await seat(b, u1);
  await seat(draft, u1);
  await seat(later, u2);
  for (const r of [r1, r2])
    await ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: r.id, sessionId: a.sessionIds[0] as string }, { userId: null }));
  const o1 = await anEventOrder(ctx, { eventId: a.id, buyerUserId: u1, cents: 10_000 });
  await aPayment(ctx, { invoiceId: o1.invoiceId as string, amountCents: 10_000 });
  await anEventOrder(ctx, { eventId: a.id, buyerUserId: u2, cents: 15_000 });
  const o3 = await anEventOrder(ctx, { eventId: b.id, buyerUserId: u1, cents: 8_000 });
  await aPayment(ctx, { invoiceId: o3.invoiceId as string, amountCents: 3_000 });
  await anEventOrder(ctx, { eventId: later.id, buyerUserId: u2, cents: 50_000 });

  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
});
afterAll(async () => {
  await ctx?.close();
});

describe('events revenue and attendance', () => {
  it('counts registrations, check-ins and money per event, as known and as SQL counts them', async () => {
    const res = await finance.getJson(`/api/v1/reports/events?${range}`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    const figures = r.events.map((e: Record<string, unknown>) => [e.title, e.registered, e.attended, e.invoicedCents, e.collectedCents]);
    expect(figures).toEqual([
      ['Budgeting Workshop', 3, 2, 25_000, 10_000],
      ['Resilience Webinar', 1, 0, 8_000, 3_000],
    ]);
    expect(r.totals).toEqual({ registered: 4, attended: 2, invoicedCents: 33_000, collectedCents: 13_000 });
    for (const e of r.events as Array<{ id: string; registered: number; attended: number; invoicedCents: number; collectedCents: number }>) {
      const q = await sql<{ reg: number; att: number; inv: string; col: string }>`select
        (select count(*)::int from event_registrations where event_id = ${e.id} and status = 'registered') as reg,
        (select count(distinct a.registration_id)::int from event_attendance a join event_sessions s on s.id = a.session_id where s.event_id = ${e.id}) as att,
        (select coalesce(sum(i.total_cents), 0)::text from invoices i join event_orders o on o.invoice_id = i.id where o.event_id = ${e.id} and i.status <> 'void') as inv,
        (select coalesce(sum(p.amount_cents), 0)::text from payments p join event_orders o on o.invoice_id = p.invoice_id where o.event_id = ${e.id}) as col`.execute(ctx.deps.db);
      const row = q.rows[0];
      expect([e.registered, e.attended, e.invoicedCents, e.collectedCents]).toEqual([row?.reg, row?.att, Number(row?.inv), Number(row?.col)]);
    }
    const webinars = (await finance.getJson(`/api/v1/reports/events?${range}&kind=webinar`)).json();
    expect(webinars.events.map((e: { title: string }) => e.title)).toEqual(['Resilience Webinar']);
  });

  it('shows the same figures on the page (charts and their table) and in the CSV', async () => {
    const page = await finance.get(`/staff/reports/events?${range}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Events revenue and attendance</caption>');
    expect(page.body).toContain('2 checked in of 3 registered');
    expect(page.body).toContain('role="img"');
    const csv = await finance.get(`/staff/reports/events.csv?${range}`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Event,Starts on,Kind,Registered,Checked in,Invoiced,Collected');
    expect(lines.slice(1).map((l) => l.split(',').slice(2).join(','))).toEqual(['Workshop,3,2,250.00,100.00', 'Webinar,1,0,80.00,30.00']);
  });

  it('refuses bad input with a 400 that says what is wrong; a member gets a 403', async () => {
    const backwards = await finance.getJson('/api/v1/reports/events?from=2026-03-01&to=2026-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('The end date must be on or after the start date.');
    expect((await finance.getJson('/api/v1/reports/events?kind=party')).statusCode).toBe(400);
    const page = await finance.get('/staff/reports/events?from=tomorrow');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter a real date, such as 2026-03-15.');
    expect((await finance.get('/staff/reports/events.csv?kind=party')).statusCode).toBe(400);
    const member = ctx.client();
    await member.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    expect((await member.get('/staff/reports/events')).statusCode).toBe(403);
    expect((await member.getJson('/api/v1/reports/events')).statusCode).toBe(403);
  });
});
