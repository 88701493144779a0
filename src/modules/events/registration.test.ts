// Registration through its public surface, the person and the group: the pages for a person,
// an organization's group registration, money through billing (gapless invoice numbers, the
// settle hook, a credit note when one of a group cancels). Cancelling and transferring are in
// registration-transfer.test.ts; the API, private data, hostile input and the calendar feed in
// registration-api.test.ts.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anOrganization, aPayment, eventMailTo, invitationDescription, invitationOf, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { registerForEvent, registerGroup } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';

let ctx: TestContext;
const HOUR = 3_600_000;
const YEAR = 2031;

beforeAll(async () => {
  ctx = await createTestContext();
  // A year no other invoice in this file's database is issued in: numbering starts at 000001.
  ctx.clock.set(`${YEAR}-03-02T15:00:00Z`);
});
afterAll(() => ctx?.close());

const invoiceOf = (orderId: string) =>
  ctx.deps.db.selectFrom('event_orders as o').innerJoin('invoices as i', 'i.id', 'o.invoice_id').selectAll('i').where('o.id', '=', orderId).executeTakeFirstOrThrow();
const keyFrom = (html: string) => /name="idempotency_key" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('registering oneself, paying, confirming', () => {
  it('a member registers on the page: an invoice at the member price; paid, the confirmation carries the invitation with the join link', async () => {
    const org = await anOrganization(ctx);
    const member = await createAccount(ctx, { org: { role: 'contact', organizationId: org.id }, name: 'Mia Member' });
    const event = await anEvent(ctx, { format: 'hybrid', title: 'Budgeting for Resilience', joinUrl: 'https://meet.example.org/j/999' });
    const c = await signedIn(ctx, member.email);
    const page = await c.get(`/events/${event.slug}/register`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('$100.00 (member price)');
    const key = keyFrom(page.body);
    const res = await c.postForm(`/events/${event.slug}/register`, { ticket_type_id: event.ticketTypeIds[0], idempotency_key: key });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/me/events');
    // The same form sent twice places one order.
    const again = await c.postForm(`/events/${event.slug}/register`, { ticket_type_id: event.ticketTypeIds[0], idempotency_key: key });
    expect(again.statusCode).toBe(303);
    const orders = await ctx.deps.db.selectFrom('event_orders').selectAll().where('buyer_user_id', '=', member.id).execute();
    expect(orders).toHaveLength(1);
    const order = orders[0];
    if (!order) throw new Error('no order');
    const invoice = await invoiceOf(order.id);
    expect(invoice).toMatchObject({ purpose: 'event', user_id: member.id, organization_id: null, total_cents: 10_000, status: 'issued' });
    const mine = await c.get('/me/events');
    expect(mine.body).toContain('Registered: awaiting payment');
    expect(mine.body).toContain(`/invoices/${invoice.public_token}`);
    // The next step above the table (which scrolls sideways on a phone), once per invoice.
    expect(textOf(mine.body, 'main')).toContain(`To payBudgeting for Resilience: your seat is held. Pay invoice ${invoice.number} to confirm it.`);
    expect(await eventMailTo(ctx, member.email, 'events.confirmed')).toHaveLength(0);
    // The join link waits for the payment, on the event's page and on the ticket.
    const held = await c.get(`/events/${event.slug}`);
    expect(held.body).toContain('Your seat is held while your invoice awaits payment');
    expect(held.body).not.toContain('https://meet.example.org/j/999');
    const ticketPath = /href="(\/tickets\/[^"]+)"/.exec(mine.body)?.[1] ?? '';
    const heldTicket = textOf((await c.get(ticketPath)).body, 'main');
    expect(heldTicket).not.toContain('https://meet.example.org/j/999');
    // The unpaid ticket says so, with its invoice; the door's words fit a hybrid event.
    expect(heldTicket).toContain(`it is not paid yet: pay invoice ${invoice.number} to confirm it.`);
    expect((await c.get(ticketPath)).body).toContain(`href="/invoices/${invoice.public_token}"`);
    expect(heldTicket).toContain('If you attend in person, show this code at the door: staff scan it to check you in, and they see whether its invoice is paid.');

    await aPayment(ctx, { invoiceId: invoice.id, amountCents: 10_000 });
    expect((await c.get(`/events/${event.slug}`)).body).toContain('https://meet.example.org/j/999');
    expect((await c.get(ticketPath)).body).toContain('https://meet.example.org/j/999');
    expect(textOf((await c.get(ticketPath)).body, 'main')).not.toContain('not paid yet');
    expect(textOf((await c.get('/me/events')).body, 'main')).not.toContain('To pay');
    const paid = await ctx.deps.db.selectFrom('event_orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(paid.status).toBe('paid');
    const ics = await invitationOf(ctx, member.email);
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = cal.getFirstSubcomponent('vevent');
    const reg = await ctx.deps.db.selectFrom('event_registrations').select(['id']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(vevent?.getFirstPropertyValue('uid')).toBe(`event-registration-${reg.id}@civnet`);
    expect(String(vevent?.getFirstPropertyValue('location'))).toContain('City Hall');
    expect(String(vevent?.getFirstPropertyValue('description'))).toContain('https://meet.example.org/j/999');
    expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    // A second settlement (a credit note on the paid invoice cannot happen; a replayed payment changes nothing): one confirmation.
    expect(await eventMailTo(ctx, member.email, 'events.confirmed')).toHaveLength(1);
  });

  it('prices at their boundaries: member or not, a millisecond before early_until or at it', async () => {
    const earlyUntil = new Date(ctx.clock.now().getTime() + 2 * HOUR);
    const event = await anEvent(ctx, {
      tickets: [{ name: 'Standard', memberCents: 10_000, nonmemberCents: 15_000, earlyMemberCents: 8_000, earlyNonmemberCents: 12_000, earlyUntil }],
    });
    const [ticketTypeId] = event.ticketTypeIds;
    if (!ticketTypeId) throw new Error('no ticket');
    const individual = await createAccount(ctx, { roles: ['member'] });
    const outsider = await createAccount(ctx, {});
    const lateMember = await createAccount(ctx, { roles: ['member'] });
    const lateOutsider = await createAccount(ctx, {});
    const start = ctx.clock.now();
    ctx.clock.set(new Date(earlyUntil.getTime() - 1));
    const a = await registerForEvent(ctx.deps, { eventId: event.id, userId: individual.id, ticketTypeId });
    const b = await registerForEvent(ctx.deps, { eventId: event.id, userId: outsider.id, ticketTypeId });
    ctx.clock.set(earlyUntil);
    const c = await registerForEvent(ctx.deps, { eventId: event.id, userId: lateMember.id, ticketTypeId });
    const d = await registerForEvent(ctx.deps, { eventId: event.id, userId: lateOutsider.id, ticketTypeId });
    ctx.clock.set(start);
    expect([a, b, c, d].map((r) => r.registrations[0]?.priceCents)).toEqual([8_000, 12_000, 10_000, 15_000]);
    expect([a, b, c, d].map((r) => r.invoice?.total_cents)).toEqual([8_000, 12_000, 10_000, 15_000]);
  });

  it('a free ticket makes no invoice and is confirmed at once; a members-only ticket is refused to others', async () => {
    const event = await anEvent(ctx, {
      format: 'online',
      tickets: [
        { name: 'Free', memberCents: 0, nonmemberCents: 0 },
        { name: 'Members circle', memberCents: 0, nonmemberCents: 0, membersOnly: true },
      ],
    });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    expect(r.invoice).toBeNull();
    expect(r.registrations[0]?.status).toBe('registered');
    expect(invitationDescription(await invitationOf(ctx, person.email))).toContain('https://meet.example.org/j/123456');
    // An online event's ticket has the join link and no door to show a code at.
    const ticket = textOf((await (await signedIn(ctx, person.email)).get(`/tickets/${r.registrations[0]?.ticketCode}`)).body, 'main');
    expect(ticket).toContain('https://meet.example.org/j/123456');
    expect(ticket).not.toContain('at the door');
    expect(ticket).not.toContain('not paid yet');
    const other = await createAccount(ctx, {});
    await expect(registerForEvent(ctx.deps, { eventId: event.id, userId: other.id, ticketTypeId: event.ticketTypeIds[1] ?? '' })).rejects.toMatchObject({
      code: 'events.members_only',
    });
  });
});

describe('group registration', () => {
  it('an administrator of an active member registers three contacts: one invoice to the organization, a line each at the member price, everyone emailed', async () => {
    const org = await anOrganization(ctx, { name: 'Town of Group' });
    const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
    const staff = [];
    for (const name of ['Ana One', 'Ben Two', 'Cy Three']) staff.push(await createAccount(ctx, { org: { role: 'contact', organizationId: org.id }, name }));
    const stranger = await createAccount(ctx, { org: { role: 'contact' } });
    const event = await anEvent(ctx, { capacity: 2, offerHours: 12 });
    const c = await signedIn(ctx, admin.email);
    const page = await c.get(`/events/${event.slug}/register/group`);
    expect(page.statusCode).toBe(200);
    for (const s of staff) expect(page.body).toContain(s.email);
    expect(page.body).not.toContain(stranger.email);

    // Someone else's contact cannot be slipped in.
    const refused = await c.postForm(`/events/${event.slug}/register/group`, {
      ticket_type_id: event.ticketTypeIds[0],
      idempotency_key: keyFrom(page.body),
      [`attendee_${stranger.id}`]: 'yes',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose people from your organization’s contacts.');

    const body: Record<string, string> = { ticket_type_id: event.ticketTypeIds[0] ?? '', idempotency_key: keyFrom(page.body) };
    for (const s of staff) body[`attendee_${s.id}`] = 'yes';
    const res = await c.postForm(`/events/${event.slug}/register/group`, body);
    expect(res.statusCode).toBe(303);
    const order = await ctx.deps.db.selectFrom('event_orders').selectAll().where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    const invoice = await invoiceOf(order.id);
    // Capacity 2: two seats, the third waits (and is not billed).
    expect(invoice).toMatchObject({ organization_id: org.id, user_id: null, purpose: 'event', total_cents: 20_000, bill_to_name: 'Town of Group', bill_to_email: admin.email });
    const lines = await ctx.deps.db.selectFrom('invoice_lines').select(['description', 'unit_cents']).where('invoice_id', '=', invoice.id).orderBy('position').execute();
    expect(lines.map((l) => l.unit_cents)).toEqual([10_000, 10_000]);
    expect(lines.map((l) => l.description).join(' ')).toContain('member price');
    for (const s of staff) expect(await eventMailTo(ctx, s.email, 'events.registered_by_organization')).toHaveLength(1);
    const regs = await ctx.deps.db.selectFrom('event_registrations').select(['id', 'user_id', 'status', 'price_cents']).where('order_id', '=', order.id).execute();
    expect(regs.filter((r) => r.status === 'registered')).toHaveLength(2);
    expect(regs.filter((r) => r.status === 'waitlisted')).toHaveLength(1);
    // An attendee's ticket says it waits for the payment, without the organization's invoice.
    const seated = regs.find((r) => r.status === 'registered');
    const seatedCode = await ctx.deps.db
      .selectFrom('event_registrations')
      .select('ticket_code')
      .where('id', '=', seated?.id ?? '')
      .executeTakeFirstOrThrow();
    const seatedTicket = await (await signedIn(ctx, staff.find((s) => s.id === seated?.user_id)?.email ?? '')).get(`/tickets/${seatedCode.ticket_code}`);
    expect(textOf(seatedTicket.body, 'main')).toContain('it is confirmed once the invoice sent to whoever registered you is paid.');
    expect(seatedTicket.body).not.toContain(String(invoice.public_token));

    // One attendee of the unpaid group invoice cancels: a credit note for their price, the seat offered to the third.
    const first = regs.find((r) => r.status === 'registered');
    if (!first) throw new Error('none registered');
    const { money } = await cancelRegistration(ctx.deps, { registrationId: first.id, userId: first.user_id });
    expect(money).toContain('reduced by $100.00');
    const after = await invoiceOf(order.id);
    expect(after).toMatchObject({ status: 'issued', credited_cents: 10_000 });
    const waiting = regs.find((r) => r.status === 'waitlisted');
    const offered = await ctx.deps.db
      .selectFrom('event_registrations')
      .select('status')
      .where('id', '=', waiting?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(offered.status).toBe('offered');
    // Paying the rest confirms the one still registered, with their invitation.
    await aPayment(ctx, { invoiceId: invoice.id, amountCents: 10_000 });
    const still = regs.find((r) => r.status === 'registered' && r.id !== first.id);
    const stillEmail = staff.find((s) => s.id === still?.user_id)?.email ?? '';
    expect(await eventMailTo(ctx, stillEmail, 'events.confirmed')).toHaveLength(1);
    const firstEmail = staff.find((s) => s.id === first.user_id)?.email ?? '';
    expect(await eventMailTo(ctx, firstEmail, 'events.confirmed')).toHaveLength(0);
  });

  it('a lapsed organization pays non-member prices, and a plain contact cannot open the group page', async () => {
    const org = await anOrganization(ctx, { status: 'lapsed' });
    const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
    const contact = await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } });
    const event = await anEvent(ctx);
    const r = await registerGroup(ctx.deps, {
      eventId: event.id,
      organizationId: org.id,
      buyerUserId: admin.id,
      attendeeUserIds: [contact.id],
      ticketTypeId: event.ticketTypeIds[0] ?? '',
    });
    expect(r.invoice?.total_cents).toBe(15_000);
    const c = await signedIn(ctx, contact.email);
    expect((await c.get(`/events/${event.slug}/register/group`)).statusCode).toBe(403);
  });
});

describe('invoice numbers', () => {
  it('every invoice issued by registrations in this file is numbered without a gap', async () => {
    const rows = await ctx.deps.db.selectFrom('invoices').select(['number', 'seq']).where('year', '=', YEAR).orderBy('seq').execute();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
  });
});
