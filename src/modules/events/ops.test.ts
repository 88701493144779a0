// Programs staff's operations on an event: the registrations page (filters, seats, waitlist,
// revenue, attendance) and who may see it, messaging the registered attendees, and cancelling the
// event (registrations cancelled, invoices voided or credited through billing, everyone emailed,
// once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anEventOrder, aPayment, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { hiddenValue, textOf } from '../../../test/html.js';
import { cancelEvent, MESSAGES_PER_HOUR } from './ops-actions.js';
import { checkIn } from './ops-checkin.js';

let ctx: TestContext;
let staff: TestClient;
let staffId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const programs = await createAccount(ctx, { roles: ['programs'] });
  staffId = programs.id;
  staff = ctx.client();
  await staff.signIn(programs.email);
});
afterAll(() => ctx?.close());

const outboxTo = (emails: string[], template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['to_address', 'subject', 'body_text']).where('template', '=', template).where('to_address', 'in', emails).execute();

describe('the registrations page', () => {
  it('shows seats per ticket type, the waitlist in order, revenue, attendance, and filters the list', async () => {
    const e = await anEvent(ctx, {
      title: 'Fiscal Stewardship Forum',
      startsInHours: -1,
      tickets: [
        { name: 'In person', memberCents: 10_000, nonmemberCents: 15_000, capacity: 2 },
        { name: 'Online', memberCents: 0, nonmemberCents: 0 },
      ],
    });
    const [inPerson = '', online = ''] = e.ticketTypeIds;
    const ana = await createAccount(ctx, { name: 'Ana Registered' });
    const ben = await createAccount(ctx, { name: 'Ben Registered' });
    const cy = await createAccount(ctx, { name: 'Cy Waiting' });
    const di = await createAccount(ctx, { name: 'Di Second' });
    const ed = await createAccount(ctx, { name: 'Ed Cancelled' });
    const paidOrder = await anEventOrder(ctx, { eventId: e.id, buyerUserId: ana.id, cents: 15_000 });
    const openOrder = await anEventOrder(ctx, { eventId: e.id, buyerUserId: ben.id, cents: 10_000 });
    await aPayment(ctx, { invoiceId: paidOrder.invoiceId ?? '', amountCents: 15_000, receivedOn: '2026-01-05', actorUserId: staffId, idempotencyKey: crypto.randomUUID() });
    const rAna = await aRegistration(ctx, { eventId: e.id, ticketTypeId: inPerson, userId: ana.id, priceCents: 15_000, orderId: paidOrder.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: inPerson, userId: ben.id, priceCents: 10_000, orderId: openOrder.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: inPerson, userId: cy.id, status: 'waitlisted', waitlistedAt: new Date(Date.now() - 60_000) });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: inPerson, userId: di.id, status: 'waitlisted', waitlistedAt: new Date() });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: online, userId: ed.id, status: 'cancelled' });
    await ctx.deps.db.transaction().execute((trx) => checkIn(trx, ctx.deps, { registrationId: rAna.id, sessionId: e.sessionIds[0] ?? '' }, { userId: staffId }));

    const res = await staff.get(`/staff/events/${e.id}/registrations`);
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('In person 2 of 2 2');
    expect(text).toContain('Online 0 (no limit) 0');
    expect(text).toContain('Invoiced $250.00 (2 invoices)');
    expect(text).toContain('Collected $150.00');
    expect(text).toContain('Still due $100.00');
    expect(text).toContain('Workshop');
    expect(text).toMatch(/Checked in per session.*Workshop .* 1/);
    expect(text.indexOf('Cy Waiting')).toBeLessThan(text.indexOf('Di Second'));

    const waiting = await staff.get(`/staff/events/${e.id}/registrations?status=waitlisted`);
    const list = waiting.body.slice(waiting.body.indexOf('Registrations, by name'));
    expect(list).toContain('Cy Waiting');
    expect(list).not.toContain('Ana Registered');
    const search = await staff.get(`/staff/events/${e.id}/registrations?q=ana`);
    const found = search.body.slice(search.body.indexOf('Registrations, by name'));
    expect(found).toContain('Ana Registered');
    expect(found).not.toContain('Ben Registered');
    expect((await staff.get(`/staff/events/${e.id}/registrations?status=booked`)).statusCode).toBe(400);
    // a page that is not a number: said in plain words, as the other staff lists do, never "Invalid input"
    for (const page of ['abc', '0', '-1', '2.5', '99999999']) {
      const bad = await staff.get(`/staff/events/${e.id}/registrations?page=${page}`);
      expect(bad.statusCode, page).toBe(400);
      expect(textOf(bad.body, '.error-summary'), page).toContain('Enter a page number, like 2.');
      expect(bad.body, page).not.toContain('Invalid input');
    }
    expect((await staff.get(`/staff/events/${e.id}/registrations?page=2`)).statusCode).toBe(200);
    expect((await staff.get(`/staff/events/${crypto.randomUUID()}/registrations`)).statusCode).toBe(404);
  });

  it('attendee lists and exports are for programs staff only: visitors, members, organization admins and finance are refused', async () => {
    const e = await anEvent(ctx);
    const person = await createAccount(ctx, { roles: ['member'], name: 'Private Person' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: person.id });
    const visitor = ctx.client();
    expect((await visitor.get(`/staff/events/${e.id}/registrations`)).statusCode).toBe(303);
    expect((await visitor.get(`/staff/events/${e.id}/registrations.csv`)).statusCode).toBe(303);
    for (const who of [{ roles: ['member' as const] }, { org: { role: 'admin' as const } }, { roles: ['finance' as const] }, { roles: ['membership' as const] }]) {
      const c = ctx.client();
      await c.signIn((await createAccount(ctx, who)).email);
      for (const path of ['registrations', 'registrations.csv', 'check-in', 'message']) {
        const res = await c.get(`/staff/events/${e.id}/${path}`);
        expect(res.statusCode).toBe(403);
        expect(res.body).not.toContain('Private Person');
      }
    }
    const ok = await staff.get(`/staff/events/${e.id}/registrations.csv`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Private Person');
  });
});

describe('messaging registrants', () => {
  it('emails every registered attendee (not the waitlist nor the cancelled), is audited, and is limited per hour', async () => {
    const e = await anEvent(ctx, { title: 'Water Systems Webinar' });
    const ticket = e.ticketTypeIds[0] ?? '';
    const reg = [await createAccount(ctx), await createAccount(ctx)];
    const waiting = await createAccount(ctx);
    const gone = await createAccount(ctx);
    for (const r of reg) await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: r.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: waiting.id, status: 'waitlisted' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: gone.id, status: 'cancelled' });

    const empty = await staff.postForm(`/staff/events/${e.id}/message`, { subject: '', body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a subject.');

    const sent = await staff.postForm(`/staff/events/${e.id}/message`, { subject: 'Room change', body: 'We moved to Room 204.\n\nSee you there.' });
    expect(sent.statusCode).toBe(303);
    const all = [...reg, waiting, gone].map((a) => a.email);
    const mail = await outboxTo(all, 'events.registrants_message');
    expect(mail.map((m) => m.to_address).sort()).toEqual(reg.map((r) => r.email).sort());
    expect(mail[0]?.subject).toBe('Water Systems Webinar: Room change');
    expect(mail[0]?.body_text).toContain('We moved to Room 204.');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'events.registrants_messaged').where('entity_id', '=', e.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ recipients: 2 });

    for (let i = 1; i < MESSAGES_PER_HOUR; i++) expect((await staff.postForm(`/staff/events/${e.id}/message`, { subject: `Note ${i}`, body: 'More.' })).statusCode).toBe(303);
    const tooMany = await staff.postForm(`/staff/events/${e.id}/message`, { subject: 'Again', body: 'And again.' });
    expect(tooMany.statusCode).toBe(429);
    expect(tooMany.body).toContain('Please wait an hour');
    expect(await outboxTo(all, 'events.registrants_message')).toHaveLength(2 * MESSAGES_PER_HOUR);
    // an hour later it may be sent again
    ctx.clock.advance(61 * 60_000);
    expect((await staff.postForm(`/staff/events/${e.id}/message`, { subject: 'Later', body: 'Later.' })).statusCode).toBe(303);
  });
});

describe('cancelling an event', () => {
  it('cancels every live registration, voids unpaid invoices, credits paid ones in full and lists their refunds until finance records them, emails everyone, once', async () => {
    const e = await anEvent(ctx, { title: 'Emergency Management Summit' });
    const ticket = e.ticketTypeIds[0] ?? '';
    const unpaid = await createAccount(ctx);
    const partly = await createAccount(ctx);
    const paid = await createAccount(ctx);
    const waiting = await createAccount(ctx);
    const earlier = await createAccount(ctx);
    const oUnpaid = await anEventOrder(ctx, { eventId: e.id, buyerUserId: unpaid.id, cents: 15_000 });
    const oPartly = await anEventOrder(ctx, { eventId: e.id, buyerUserId: partly.id, cents: 15_000 });
    const oPaid = await anEventOrder(ctx, { eventId: e.id, buyerUserId: paid.id, cents: 10_000 });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: unpaid.id, orderId: oUnpaid.id, priceCents: 15_000 });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: partly.id, orderId: oPartly.id, priceCents: 15_000 });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: paid.id, orderId: oPaid.id, priceCents: 10_000 });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: waiting.id, status: 'waitlisted' });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: earlier.id, status: 'cancelled' });
    // paid after the seats were taken, as in life (billing's hook marks an order with seats paid)
    await aPayment(ctx, { invoiceId: oPartly.invoiceId ?? '', amountCents: 5_000, receivedOn: '2026-01-05', actorUserId: staffId, idempotencyKey: crypto.randomUUID() });
    await aPayment(ctx, { invoiceId: oPaid.invoiceId ?? '', amountCents: 10_000, receivedOn: '2026-01-05', actorUserId: staffId, idempotencyKey: crypto.randomUUID() });

    const confirm = await staff.get(`/staff/events/${e.id}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Cancel Emergency Management Summit?');
    expect(textOf(confirm.body, '.lead')).toContain('All 4 registrations (seats, places on the waitlist and seats offered) are cancelled and everyone is emailed your reason.');
    const noReason = await staff.postForm(`/staff/events/${e.id}/cancel`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect((await ctx.deps.db.selectFrom('events').select('status').where('id', '=', e.id).executeTakeFirstOrThrow()).status).toBe('published');

    const res = await staff.postForm(`/staff/events/${e.id}/cancel`, { reason: 'The venue flooded.' });
    expect(res.statusCode).toBe(303);
    const flash = await staff.get(String(res.headers.location));
    expect(flash.body).toContain('4 registrations cancelled, 1 unpaid invoice voided, 2 credited');
    expect(flash.body).toContain('2 paid orders need a refund from finance.');
    const refunds = flash.body.slice(flash.body.indexOf('Paid orders to refund'));
    expect(refunds.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toMatch(/\$50\.00.*\$100\.00|\$100\.00.*\$50\.00/);
    // revenue: nothing is still due (never a negative amount); what was paid is to be refunded
    const revenue = textOf(flash.body, 'main');
    expect(revenue).toContain('Still due$0.00');
    expect(revenue).toContain('To refund$150.00 (paid, then credited: listed under Refunds due)');
    expect(revenue).not.toContain('-$');

    const event = await ctx.deps.db.selectFrom('events').select(['status', 'cancel_reason']).where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(event).toEqual({ status: 'cancelled', cancel_reason: 'The venue flooded.' });
    const regs = await ctx.deps.db.selectFrom('event_registrations').select('status').where('event_id', '=', e.id).execute();
    expect(regs.every((r) => r.status === 'cancelled')).toBe(true);
    const orders = await ctx.deps.db.selectFrom('event_orders').select('status').where('event_id', '=', e.id).execute();
    expect(orders.every((o) => o.status === 'cancelled')).toBe(true);
    const invoice = (id: string | null) =>
      ctx.deps.db
        .selectFrom('invoices')
        .select(['status', 'paid_cents', 'credited_cents'])
        .where('id', '=', id ?? '')
        .executeTakeFirstOrThrow();
    expect(await invoice(oUnpaid.invoiceId)).toMatchObject({ status: 'void', paid_cents: 0 });
    // credited in full: what was paid is owed back
    expect(await invoice(oPartly.invoiceId)).toMatchObject({ status: 'paid', paid_cents: 5_000, credited_cents: 15_000 });
    expect(await invoice(oPaid.invoiceId)).toMatchObject({ status: 'paid', paid_cents: 10_000, credited_cents: 10_000 });
    const credits = await ctx.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', oPartly.invoiceId ?? '')
      .where('action', '=', 'billing.credit_note_added')
      .execute();
    expect(credits).toHaveLength(1);

    const everyone = [unpaid, partly, paid, waiting, earlier].map((a) => a.email);
    const mail = await outboxTo(everyone, 'events.event_cancelled');
    expect(mail.map((m) => m.to_address).sort()).toEqual([unpaid, partly, paid, waiting].map((a) => a.email).sort());
    expect(mail.every((m) => m.subject === 'Cancelled: Emergency Management Summit' && m.body_text.includes('The venue flooded.'))).toBe(true);
    expect(mail.find((m) => m.to_address === paid.email)?.body_text).toContain('will refund what you paid');
    expect(mail.find((m) => m.to_address === unpaid.email)?.body_text).toContain('you owe nothing');

    // finance pays back the fully paid order and records it on the invoice the list links to:
    // the order leaves the list, the partly paid one stays
    const financeUser = await createAccount(ctx, { roles: ['finance'] });
    const finance = ctx.client();
    await finance.signIn(financeUser.email);
    const invoicePage = await finance.get(`/staff/invoices/${oPaid.invoiceId}`);
    expect(invoicePage.body).toContain('$100.00 paid beyond what is owed');
    const refunded = await finance.postForm(`/staff/invoices/${oPaid.invoiceId}/refunds`, {
      refund_amount: '100.00',
      refund_method: 'check',
      refund_reference: 'CHK-77',
      refunded_on: '2026-01-06',
      refund_reason: 'Event cancelled',
      refund_key: hiddenValue(invoicePage.body, 'refund_key'),
    });
    expect(refunded.statusCode).toBe(303);
    expect(await invoice(oPaid.invoiceId)).toMatchObject({ status: 'paid', paid_cents: 0, credited_cents: 10_000 });
    const opsAfter = await staff.get(`/staff/events/${e.id}/registrations`);
    const from = opsAfter.body.indexOf('Paid orders to refund');
    const left = opsAfter.body
      .slice(from, opsAfter.body.indexOf('</table>', from))
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(left).toContain('$50.00');
    expect(left).not.toContain('$100.00');

    // again: nothing more happens
    const again = await ctx.deps.db.transaction().execute((trx) => cancelEvent(trx, ctx.deps, e.id, 'Twice', { userId: staffId }));
    expect(again.alreadyCancelled).toBe(true);
    expect(await outboxTo(everyone, 'events.event_cancelled')).toHaveLength(4);
    expect((await ctx.deps.db.selectFrom('events').select('cancel_reason').where('id', '=', e.id).executeTakeFirstOrThrow()).cancel_reason).toBe('The venue flooded.');
    // and the cancelled event's tickets cannot be checked in
    const page = await staff.get(`/staff/events/${e.id}/check-in`);
    expect(page.body).toContain('This event is cancelled');
  });

  it('the confirmation says what cancelling does, in words that fit: one registration, none, or a draft', async () => {
    const one = await anEvent(ctx, { title: 'One Seat Seminar' });
    await aRegistration(ctx, { eventId: one.id, ticketTypeId: one.ticketTypeIds[0] ?? '', userId: (await createAccount(ctx)).id });
    expect(textOf((await staff.get(`/staff/events/${one.id}/cancel`)).body, '.lead')).toContain(
      'The one registration (a seat, a place on the waitlist or a seat offered) is cancelled and its holder is emailed your reason.',
    );
    // a free registration has no invoice: the page says nothing about invoices
    const free = textOf((await staff.get(`/staff/events/${one.id}/cancel`)).body, '.lead');
    expect(free).not.toContain('invoice');
    expect(free).toContain('This cannot be undone.');
    // what happens to money, as cancelling does it: a paid invoice is credited in full, not for what it still owes
    const paying = await anEvent(ctx, { title: 'Paid Seat Seminar', tickets: [{ name: 'In person', memberCents: 5_000, nonmemberCents: 5_000 }] });
    const buyer = await createAccount(ctx);
    const order = await anEventOrder(ctx, { eventId: paying.id, buyerUserId: buyer.id, cents: 5_000 });
    await aRegistration(ctx, { eventId: paying.id, ticketTypeId: paying.ticketTypeIds[0] ?? '', userId: buyer.id, priceCents: 5_000, orderId: order.id });
    const money = textOf((await staff.get(`/staff/events/${paying.id}/cancel`)).body, '.lead');
    expect(money).toContain(
      'Unpaid invoices are voided. An invoice with money paid on it is credited in full, and what was paid is listed on the registrations page for finance to refund. This cannot be undone.',
    );
    expect(money).not.toContain('what it still owes');
    const none = await anEvent(ctx, { title: 'Empty Room Seminar' });
    expect(textOf((await staff.get(`/staff/events/${none.id}/cancel`)).body, '.lead')).toContain('Nobody is registered or waiting, so nobody is emailed.');
    const draft = await anEvent(ctx, { title: 'Never Shown Seminar', published: false });
    expect(textOf((await staff.get(`/staff/events/${draft.id}/cancel`)).body, '.lead')).toContain('This event is a draft: it was never public and nobody is registered.');
  });

  it('a draft cancelled before it was published stays off every public page, listing and API answer', async () => {
    const draft = await anEvent(ctx, { title: 'Abandoned Draft Forum', published: false });
    expect((await staff.postForm(`/staff/events/${draft.id}/cancel`, { reason: 'Plans changed.' })).statusCode).toBe(303);
    expect((await ctx.deps.db.selectFrom('events').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    const visitor = ctx.client();
    expect((await visitor.get(`/events/${draft.slug}`)).statusCode).toBe(404);
    expect((await visitor.getJson(`/api/v1/events/${draft.slug}`)).statusCode).toBe(404);
    expect((await visitor.get('/events')).body).not.toContain('Abandoned Draft Forum');
    expect((await visitor.getJson('/api/v1/events?limit=100')).body).not.toContain('Abandoned Draft Forum');
    const member = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(member.email);
    expect((await c.get(`/events/${draft.slug}/register`)).statusCode).toBe(404);
  });

  it('a completed event cannot be cancelled', async () => {
    const e = await anEvent(ctx, { startsInHours: -5, hours: 2 });
    expect((await staff.postForm(`/staff/events/${e.id}/complete`, {})).statusCode).toBe(303);
    const res = await staff.postForm(`/staff/events/${e.id}/cancel`, { reason: 'Too late' });
    expect(res.statusCode).toBe(409);
    expect((await ctx.deps.db.selectFrom('events').select('status').where('id', '=', e.id).executeTakeFirstOrThrow()).status).toBe('completed');
  });
});
