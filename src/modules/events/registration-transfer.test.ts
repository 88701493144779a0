// Cancelling and transferring one's registration through its public surface: an unpaid invoice
// voided, a paid one left to finance for the refund, late cancellation refused; a ticket given to
// another verified account, and what a seat bought at the member price may become.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPayment, eventMailTo, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { registerForEvent } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';

let ctx: TestContext;
const HOUR = 3_600_000;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2031-03-02T15:00:00Z');
});
afterAll(() => ctx?.close());

const invoiceOf = (orderId: string) =>
  ctx.deps.db.selectFrom('event_orders as o').innerJoin('invoices as i', 'i.id', 'o.invoice_id').selectAll('i').where('o.id', '=', orderId).executeTakeFirstOrThrow();

describe('cancelling and transferring', () => {
  it('an unpaid invoice for one seat is voided (keeping its number); a paid one is left to finance for the refund; late cancellation is refused', async () => {
    const event = await anEvent(ctx, { cancelHoursBefore: 48, startsInHours: 24 * 5 });
    const a = await createAccount(ctx, {});
    const b = await createAccount(ctx, {});
    const ra = await registerForEvent(ctx.deps, { eventId: event.id, userId: a.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const rb = await registerForEvent(ctx.deps, { eventId: event.id, userId: b.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const ca = await signedIn(ctx, a.email);
    const confirm = await ca.get(`/me/events/${ra.registrations[0]?.registrationId}/cancel`);
    expect(confirm.statusCode).toBe(200);
    const done = await ca.postForm(`/me/events/${ra.registrations[0]?.registrationId}/cancel`, {});
    expect(done.statusCode).toBe(303);
    expect((await invoiceOf(ra.orderId)).status).toBe('void');

    await aPayment(ctx, { invoiceId: rb.invoice?.id ?? '', amountCents: 15_000 });
    const { money } = await cancelRegistration(ctx.deps, { registrationId: rb.registrations[0]?.registrationId ?? '', userId: b.id });
    expect(money).toContain('is credited $150.00; the $150.00 already paid for this seat will be refunded by our finance staff.');
    // the invoice is in credit: the seat's price credited, its payment owed back until finance refunds it
    expect(await invoiceOf(rb.orderId)).toMatchObject({ status: 'paid', paid_cents: 15_000, credited_cents: 15_000 });

    const c = await createAccount(ctx, {});
    const rc = await registerForEvent(ctx.deps, { eventId: event.id, userId: c.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    ctx.clock.advance(24 * 3.5 * HOUR); // 36 hours before the start: inside the 48 hours
    await expect(cancelRegistration(ctx.deps, { registrationId: rc.registrations[0]?.registrationId ?? '', userId: c.id })).rejects.toMatchObject({ code: 'events.cancel_closed' });
    ctx.clock.advance(-24 * 3.5 * HOUR);
  });

  it('a ticket goes to another verified account at the same price; both are emailed; an unknown address is refused', async () => {
    const event = await anEvent(ctx, { tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }] });
    const from = await createAccount(ctx, { name: 'Fran From' });
    const to = await createAccount(ctx, { name: 'Toby To' });
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: from.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const id = r.registrations[0]?.registrationId ?? '';
    const c = await signedIn(ctx, from.email);
    const unknown = await c.postForm(`/me/events/${id}/transfer`, { email: 'nobody-here@test.example' });
    expect(unknown.statusCode).toBe(400);
    const res = await c.postForm(`/me/events/${id}/transfer`, { email: to.email.toUpperCase() });
    expect(res.statusCode).toBe(303);
    const old = await ctx.deps.db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(old.status).toBe('cancelled');
    const fresh = await ctx.deps.db
      .selectFrom('event_registrations')
      .selectAll()
      .where('id', '=', old.transferred_to ?? '')
      .executeTakeFirstOrThrow();
    expect(fresh).toMatchObject({ user_id: to.id, status: 'registered', price_cents: 0, order_id: old.order_id });
    expect(await eventMailTo(ctx, from.email, 'events.transferred_away')).toHaveLength(1);
    const got = await eventMailTo(ctx, to.email, 'events.transferred_to_you');
    expect(got).toHaveLength(1);
    expect(got[0]?.attachments).toHaveLength(1);
  });

  it('a seat bought at the member price goes only to a member, and the refusal names nobody', async () => {
    const event = await anEvent(ctx, { tickets: [{ name: 'Free for members', memberCents: 0, nonmemberCents: 5_000 }] });
    const from = await createAccount(ctx, { roles: ['member'], name: 'Mia Member' });
    const outsider = await createAccount(ctx, { name: 'Otto Outsider' });
    const member = await createAccount(ctx, { roles: ['member'], name: 'Max Member' });
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: from.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const id = r.registrations[0]?.registrationId ?? '';
    const c = await signedIn(ctx, from.email);
    const refused = await c.postForm(`/me/events/${id}/transfer`, { email: outsider.email });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('can go only to a member');
    expect(refused.body).not.toContain('Otto Outsider');
    expect((await ctx.deps.db.selectFrom('event_registrations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('registered');
    expect((await c.postForm(`/me/events/${id}/transfer`, { email: member.email })).statusCode).toBe(303);
  });

  it('a seat free at the member price: the transfer page says beforehand it can go only to a member and what a non-member pays; a non-member is refused with what to do instead, nothing changes; a member gets it; a seat priced alike for all goes to anyone', async () => {
    const event = await anEvent(ctx, { title: 'Pavement Preservation Course', tickets: [{ name: 'Course seat', memberCents: 0, nonmemberCents: 5_000 }] });
    const from = await createAccount(ctx, { roles: ['member'] });
    const outsider = await createAccount(ctx, { name: 'Nina Nonmember' });
    const member = await createAccount(ctx, { roles: ['member'] });
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: from.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const id = r.registrations[0]?.registrationId ?? '';
    const c = await signedIn(ctx, from.email);
    const before = textOf((await c.get(`/me/events/${id}/transfer`)).body, 'main');
    expect(before).toContain('Your seat was free at the member price; someone who is not a member pays $50.00. So it can go only to a member.');
    expect(before).toContain('If they are not a member, they can register for the event themselves (at the non-member price, while seats are left), or you can cancel your seat.');
    const refused = await c.postForm(`/me/events/${id}/transfer`, { email: outsider.email });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body, 'main')).toContain(
      'This seat was free at the member price, so it can go only to a member: a non-member pays $50.00. If they are not a member, they can register for the event themselves',
    );
    expect(refused.body).not.toContain('Nina Nonmember');
    const seats = await ctx.deps.db.selectFrom('event_registrations').select(['user_id', 'status']).where('event_id', '=', event.id).execute();
    expect(seats).toEqual([{ user_id: from.id, status: 'registered' }]);
    expect(await ctx.deps.db.selectFrom('invoices').select('id').where('user_id', '=', outsider.id).execute()).toEqual([]);
    expect((await c.postForm(`/me/events/${id}/transfer`, { email: member.email })).statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('event_registrations').select('status').where('event_id', '=', event.id).where('user_id', '=', member.id).execute()).toEqual([
      { status: 'registered' },
    ]);

    // the same price for members and others: the member price asks nothing of a non-member
    const alike = await anEvent(ctx, { title: 'Open Data Clinic', tickets: [{ name: 'Seat', memberCents: 2_000, nonmemberCents: 2_000 }] });
    const ra = await registerForEvent(ctx.deps, { eventId: alike.id, userId: from.id, ticketTypeId: alike.ticketTypeIds[0] ?? '' });
    const aid = ra.registrations[0]?.registrationId ?? '';
    expect(textOf((await c.get(`/me/events/${aid}/transfer`)).body, 'main')).not.toContain('only to a member');
    expect((await c.postForm(`/me/events/${aid}/transfer`, { email: outsider.email })).statusCode).toBe(303);
  });

  it('a ticket given away before its invoice is paid: the invoice stays the giver’s to pay, and My events and the email say so instead of losing it (“nothing changes in what was paid”); once paid, the new holder is confirmed', async () => {
    const event = await anEvent(ctx, { title: 'Tree Canopy Workshop', tickets: [{ name: 'General', memberCents: 4_000, nonmemberCents: 4_000 }] });
    const from = await createAccount(ctx, { name: 'Gina Giver' });
    const to = await createAccount(ctx, { name: 'Rory Receiver' });
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: from.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const c = await signedIn(ctx, from.email);
    expect((await c.postForm(`/me/events/${r.registrations[0]?.registrationId}/transfer`, { email: to.email })).statusCode).toBe(303);
    const mine = textOf((await c.get('/me/events')).body, 'main');
    expect(mine).toContain(`To pay`);
    expect(mine).toContain(`Tree Canopy Workshop: the ticket you transferred is held for its new holder. Pay invoice ${r.invoice?.number} to confirm it.`);
    const [away] = await eventMailTo(ctx, from.email, 'events.transferred_away');
    expect(away?.body_text).toContain(
      `Invoice ${r.invoice?.number} for the seat is still yours to pay: the seat is held for Rory Receiver, and their confirmation follows when the invoice is paid.`,
    );
    expect(away?.body_text).not.toContain('nothing changes in what was paid');
    expect(mine).toContain('Transferred to Rory Receiver');
    // the receiver has no invoice of their own to pay, and sees whose it is
    const theirs = textOf((await (await signedIn(ctx, to.email)).get('/me/events')).body, 'main');
    expect(theirs).not.toContain('To pay');
    expect(theirs).toContain('Billed to Gina Giver');

    await aPayment(ctx, { invoiceId: r.invoice?.id ?? '', amountCents: 4_000 });
    expect(textOf((await c.get('/me/events')).body, 'main')).not.toContain('To pay');
    expect(await eventMailTo(ctx, to.email, 'events.confirmed')).toHaveLength(1);
  });

  it('who cancels a seat on someone else’s invoice is told whose invoice it is and to whom a refund goes, not of an “Invoice …” they never saw', async () => {
    const event = await anEvent(ctx, { title: 'Stormwater Fees Clinic', tickets: [{ name: 'General', memberCents: 6_000, nonmemberCents: 6_000 }] });
    const giver = await createAccount(ctx, { name: 'Paula Payer' });
    const unpaidTo = await createAccount(ctx, { name: 'Una Unpaid' });
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: giver.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const cg = await signedIn(ctx, giver.email);
    expect((await cg.postForm(`/me/events/${r.registrations[0]?.registrationId}/transfer`, { email: unpaidTo.email })).statusCode).toBe(303);
    const given = await ctx.deps.db.selectFrom('event_registrations').select('id').where('event_id', '=', event.id).where('user_id', '=', unpaidTo.id).executeTakeFirstOrThrow();
    const cu = await signedIn(ctx, unpaidTo.email);
    expect((await cu.postForm(`/me/events/${given.id}/cancel`, {})).statusCode).toBe(303);
    const said = `Paula Payer’s invoice ${r.invoice?.number} is cancelled: nothing is owed.`;
    expect(textOf((await cu.get('/me/events')).body, 'main')).toContain(said);
    expect((await eventMailTo(ctx, unpaidTo.email, 'events.cancelled'))[0]?.body_text).toContain(said);

    // paid, then given away and cancelled: the refund goes to whoever paid
    const paidTo = await createAccount(ctx, { name: 'Pete Paidfor' });
    const second = await createAccount(ctx, { name: 'Sue Second' });
    const r2 = await registerForEvent(ctx.deps, { eventId: event.id, userId: second.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    await aPayment(ctx, { invoiceId: r2.invoice?.id ?? '', amountCents: 6_000 });
    const cs = await signedIn(ctx, second.email);
    expect((await cs.postForm(`/me/events/${r2.registrations[0]?.registrationId}/transfer`, { email: paidTo.email })).statusCode).toBe(303);
    const given2 = await ctx.deps.db.selectFrom('event_registrations').select('id').where('event_id', '=', event.id).where('user_id', '=', paidTo.id).executeTakeFirstOrThrow();
    const cp = await signedIn(ctx, paidTo.email);
    expect((await cp.postForm(`/me/events/${given2.id}/cancel`, {})).statusCode).toBe(303);
    expect(textOf((await cp.get('/me/events')).body, 'main')).toContain(
      `Sue Second’s invoice ${r2.invoice?.number} is credited $60.00; the $60.00 already paid for this seat will be refunded to Sue Second by our finance staff.`,
    );
  });
});
