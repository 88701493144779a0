// The registrations export streams every row of the event, read in keyset batches: rows made in
// the same instant are neither lost nor repeated at a batch boundary, the filters apply, the
// cells are neutralised for spreadsheets, and the audit log counts the rows sent.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration, type TestEvent } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { EXPORT_BATCH, streamRegistrations } from './ops.js';

// More than one of the batches an export reads at a time.
const ROWS = EXPORT_BATCH + 234;
let ctx: TestContext;
let staff: TestClient;
let event: TestEvent;

beforeAll(async () => {
  ctx = await createTestContext();
  event = await anEvent(ctx, { title: 'Big Annual Conference', kind: 'conference' });
  // one statement each: every registration has the same created_at, so only the id orders them
  await sql`
    insert into users (email, name)
    select 'export-' || n || '@test.example', 'Attendee ' || lpad(n::text, 5, '0')
    from generate_series(1, ${ROWS}) as n`.execute(ctx.deps.db);
  await sql`
    insert into event_registrations (event_id, ticket_type_id, user_id, status, price_cents, ticket_code, registered_at, created_at)
    select ${event.id}::uuid, ${event.ticketTypeIds[0]}::uuid, u.id, case when u.name like '%0' then 'waitlisted' else 'registered' end, 12345,
      'code-' || u.id, now(), timestamptz '2026-01-01 12:00:00+00'
    from users u where u.email like 'export-%@test.example'`.execute(ctx.deps.db);
  const account = await createAccount(ctx, { roles: ['programs'] });
  staff = ctx.client();
  await staff.signIn(account.email);
}, 120_000);
afterAll(() => ctx?.close());

describe('registrations export', () => {
  it(`has every one of ${ROWS.toLocaleString('en-US')} registrations, once each, and the audit log counts them`, async () => {
    const res = await staff.get(`/staff/events/${event.id}/registrations.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    // named for the event: its web address and its first day in its own zone (Chicago)
    const { starts_at } = await ctx.deps.db.selectFrom('events').select('starts_at').where('id', '=', event.id).executeTakeFirstOrThrow();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(starts_at);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${event.slug}-${day}-registrations.csv"`);
    // streamed: no length known in advance
    expect(res.headers['content-length']).toBeUndefined();
    const lines = res.body.trim().split('\r\n');
    // times in the association's zone (New York in tests), the zone named in the header
    expect(lines[0]).toBe(
      'Attendee,Email,Ticket type,Status,Price,Member price,Signed up (America/New_York),Registered (America/New_York),Waitlisted (America/New_York),Cancelled (America/New_York),Sessions attended',
    );
    const names = new Set(lines.slice(1).map((l) => l.slice(0, l.indexOf(','))));
    expect(lines.length - 1).toBe(ROWS);
    expect(names.size).toBe(ROWS);
    // rows come in id order (random): look each one up by its name
    expect(lines.find((l) => l.startsWith('Attendee 00001,'))).toMatch(
      /,General admission,Registered,123\.45,no,2026-01-01T07:00:00-05:00,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00,,,0$/,
    );
    expect(lines.find((l) => l.startsWith('Attendee 00010,'))).toMatch(/,General admission,Waitlisted,123\.45,no,/);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'export.event_registrations').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ rows: ROWS, filters: { eventId: event.id } });
  });

  it('the filters apply to the export, and a bad filter is a 400', async () => {
    const res = await staff.get(`/staff/events/${event.id}/registrations.csv?status=waitlisted`);
    const lines = res.body.trim().split('\r\n').slice(1);
    expect(lines.length).toBe(Math.floor(ROWS / 10));
    expect(lines.every((l) => l.includes(',Waitlisted,'))).toBe(true);
    expect((await staff.get(`/staff/events/${event.id}/registrations.csv?status=nope`)).statusCode).toBe(400);
  });

  it('small batches of rows made in one instant lose and repeat nothing', async () => {
    const seen: string[] = [];
    let batches = 0;
    for await (const batch of streamRegistrations(ctx.deps.db, event.id, {}, 97)) {
      batches += 1;
      seen.push(...batch.map((r) => r.id));
    }
    expect(batches).toBe(Math.ceil(ROWS / 97));
    expect(new Set(seen).size).toBe(ROWS);
  });

  it('a name that a spreadsheet would run as a formula is written as text', async () => {
    const e = await anEvent(ctx);
    const evil = await createAccount(ctx, { name: '=HYPERLINK("http://evil.example","x")' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: evil.id });
    const res = await staff.get(`/staff/events/${e.id}/registrations.csv`);
    expect(res.body.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",/);
  });
});
