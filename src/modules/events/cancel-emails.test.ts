// After programs staff cancel an event: each person is told exactly what happened to them (their
// own seat; the invoice only to whoever placed the order), and staff can still write to the
// people whose seats the cancellation ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anOrganization, aPayment } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, headingsOf, rowsOf, textOf } from '../../../test/html.js';
import { registerForEvent, registerGroup } from './registration.js';
import { cancelRegistration, transferRegistration } from './registration-cancel.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-05-04T15:00:00Z');
});
afterAll(() => ctx?.close());

async function signedIn(email: string): Promise<TestClient> {
  const c = ctx.client();
  await c.signIn(email);
  return c;
}
/** The newest email of a template to an address: its text, paragraphs joined by blank lines. */
async function lastMail(email: string, template: string): Promise<string> {
  const rows = await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', email).where('template', '=', template).orderBy('created_at', 'desc').execute();
  return rows[0]?.body_text ?? '';
}

describe('the email of an event’s cancellation', () => {
  it('tells each person what happened to them: their own invoice, a free seat, the waitlist, a seat an organization placed, and the organization’s invoice to its buyer', async () => {
    const event = await anEvent(ctx, {
      title: 'Wildfire Smoke Forum',
      tickets: [
        { name: 'Standard', memberCents: 10_000, nonmemberCents: 15_000, capacity: 3 },
        { name: 'Press', memberCents: 0, nonmemberCents: 0 },
      ],
    });
    const [standard = '', press = ''] = event.ticketTypeIds;
    const unpaid = await createAccount(ctx, {});
    const paid = await createAccount(ctx, {});
    const free = await createAccount(ctx, {});
    const org = await anOrganization(ctx, { name: 'City of Ashford' });
    const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id }, name: 'Ada Admin' });
    const seated = await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } });
    const waiting = await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } });
    const rUnpaid = await registerForEvent(ctx.deps, { eventId: event.id, userId: unpaid.id, ticketTypeId: standard });
    const rPaid = await registerForEvent(ctx.deps, { eventId: event.id, userId: paid.id, ticketTypeId: standard });
    await aPayment(ctx, { invoiceId: rPaid.invoice?.id ?? '', amountCents: 15_000 });
    await registerForEvent(ctx.deps, { eventId: event.id, userId: free.id, ticketTypeId: press });
    // one seat left of the three: the organization's first attendee takes it, the second waits
    const group = await registerGroup(ctx.deps, {
      eventId: event.id,
      organizationId: org.id,
      buyerUserId: admin.id,
      attendeeUserIds: [seated.id, waiting.id],
      ticketTypeId: standard,
    });
    expect(group.registrations.map((r) => [r.userId, r.status])).toEqual([
      [seated.id, 'registered'],
      [waiting.id, 'waitlisted'],
    ]);
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The air quality is hazardous.' })).statusCode).toBe(303);

    const to = (p: { email: string }) => lastMail(p.email, 'events.event_cancelled');
    const number = (inv: { number: string | null } | null) => inv?.number ?? 'none';

    const mUnpaid = await to(unpaid);
    expect(mUnpaid).toContain('Your seat is cancelled.');
    expect(mUnpaid).toContain(`Your invoice ${number(rUnpaid.invoice)} is cancelled: you owe nothing on it.`);

    const mPaid = await to(paid);
    expect(mPaid).toContain(`Your invoice ${number(rPaid.invoice)} is credited in full:`);
    expect(mPaid).toContain('will refund what you paid on it ($150.00), and you owe nothing more.');

    const mFree = await to(free);
    expect(mFree).toContain('Your seat is cancelled. Nothing was charged for it, so there is nothing to pay or refund.');
    expect(mFree).not.toMatch(/invoice/i);

    // the waitlisted person of an invoiced group order had no seat and no invoice
    const mWaiting = await to(waiting);
    expect(mWaiting).toContain('You were on its waitlist, which is now closed. Nothing was charged to you, so there is nothing to pay or refund.');
    expect(mWaiting).not.toMatch(/invoice|your seat/i);

    // the organization's attendee: the invoice was the organization's, and its buyer is told of it
    const mSeated = await to(seated);
    expect(mSeated).toContain(
      'Your seat is cancelled. Ada Admin registered you for City of Ashford, so its invoice was not yours: there is nothing for you to pay or to be refunded, and we have written to Ada Admin about the invoice.',
    );
    expect(mSeated).not.toContain(number(group.invoice));

    // the buyer, who held no seat: what happened to the organization's invoice
    const mAdmin = await to(admin);
    expect(mAdmin).toContain(`Invoice ${number(group.invoice)} to City of Ashford is cancelled: City of Ashford owes nothing on it.`);
    expect(mAdmin).not.toMatch(/your seat|waitlist/i);
    expect(mAdmin).toContain('You registered people from City of Ashford for it.');
  });
});

describe('the email of an event’s cancellation, when an invoice was voided before', () => {
  it('finance voided it earlier: its holder is told their seat is cancelled and that the invoice had already been cancelled, not that nothing was charged; an organization’s buyer the same of its invoice', async () => {
    const event = await anEvent(ctx, { title: 'Culvert Design Clinic', tickets: [{ name: 'Standard', memberCents: 8_000, nonmemberCents: 12_000 }] });
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    const holder = await createAccount(ctx, {});
    const org = await anOrganization(ctx, { name: 'Town of Bellmoor' });
    const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id }, name: 'Bea Buyer' });
    const seated = await createAccount(ctx, { org: { role: 'contact', organizationId: org.id } });
    const own = await registerForEvent(ctx.deps, { eventId: event.id, userId: holder.id, ticketTypeId });
    const group = await registerGroup(ctx.deps, { eventId: event.id, organizationId: org.id, buyerUserId: admin.id, attendeeUserIds: [seated.id], ticketTypeId });
    const finance = await signedIn((await createAccount(ctx, { roles: ['finance'] })).email);
    for (const invoice of [own.invoice, group.invoice])
      expect((await finance.postForm(`/staff/invoices/${invoice?.id}/void`, { void_reason: 'Sent to the wrong address.' })).statusCode).toBe(303);

    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The clinic’s engineer is away.' })).statusCode).toBe(303);

    const mHolder = await lastMail(holder.email, 'events.event_cancelled');
    expect(mHolder).toContain('Your seat is cancelled.');
    expect(mHolder).toContain(`Your invoice ${own.invoice?.number} had already been cancelled before the event was: nothing was paid on it, and you owe nothing on it.`);
    expect(mHolder).not.toContain('Nothing was charged');

    const mSeated = await lastMail(seated.email, 'events.event_cancelled');
    expect(mSeated).toContain('Bea Buyer registered you for Town of Bellmoor, so its invoice was not yours');
    expect(mSeated).not.toContain('Nothing was charged');
    const mAdmin = await lastMail(admin.email, 'events.event_cancelled');
    expect(mAdmin).toContain(
      `Invoice ${group.invoice?.number} to Town of Bellmoor had already been cancelled before the event was: nothing was paid on it, and Town of Bellmoor owes nothing on it.`,
    );
  });

  it('a registrant whose invoice finance voided cancels their seat: told the invoice had already been cancelled, not that it was reduced by $0.00', async () => {
    const event = await anEvent(ctx, { title: 'Drainage Permits 101', tickets: [{ name: 'Standard', memberCents: 5_000, nonmemberCents: 7_500 }] });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const finance = await signedIn((await createAccount(ctx, { roles: ['finance'] })).email);
    expect((await finance.postForm(`/staff/invoices/${r.invoice?.id}/void`, { void_reason: 'Duplicate.' })).statusCode).toBe(303);
    const c = await signedIn(person.email);
    const res = await c.postForm(`/me/events/${r.registrations[0]?.registrationId}/cancel`, {});
    expect(res.statusCode).toBe(303);
    const said = `Invoice ${r.invoice?.number} had already been cancelled: nothing was paid on it, and nothing is owed.`;
    expect(textOf((await c.get('/me/events')).body, 'main')).toContain(said);
    const mail = await lastMail(person.email, 'events.cancelled');
    expect(mail).toContain(said);
    expect(mail).not.toContain('$0.00');
  });
});

describe('the email of an event’s cancellation to who gave their ticket away', () => {
  it('the giver, whose order it was, is told they had given the ticket to its holder and what became of the invoice, not that they “placed registrations”; the holder that the invoice was not theirs', async () => {
    const event = await anEvent(ctx, { title: 'Street Tree Census', tickets: [{ name: 'Seat', memberCents: 3_000, nonmemberCents: 3_000 }] });
    const giver = await createAccount(ctx, { name: 'Gail Giver' });
    const holder = await createAccount(ctx, { name: 'Hal Holder' });
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: giver.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    await transferRegistration(ctx.deps, { registrationId: r.registrations[0]?.registrationId ?? '', userId: giver.id, toEmail: holder.email });
    const staff = await signedIn((await createAccount(ctx, { roles: ['programs'] })).email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The census moved online.' })).statusCode).toBe(303);

    const mGiver = await lastMail(giver.email, 'events.event_cancelled');
    expect(mGiver).toContain(`You had given your ticket for it to Hal Holder; the order was yours.\n\nYour invoice ${r.invoice?.number} is cancelled: you owe nothing on it.`);
    expect(mGiver).not.toContain('You placed registrations');
    expect(await lastMail(holder.email, 'events.event_cancelled')).toContain('Gail Giver placed the order for it, so its invoice was not yours');
  });
});

describe('writing to the people a cancellation ended', () => {
  it('“Message registrants” on a cancelled event reaches those whose seats or places the cancellation ended, not who had cancelled or given their ticket away before; audited; not for a member', async () => {
    const FREE = [{ name: 'Seat', memberCents: 0, nonmemberCents: 0, capacity: 3 }];
    const event = await anEvent(ctx, { title: 'Harbor Resilience Summit', tickets: FREE });
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    const [seated, giver, receiver, waiting, leaver, gone] = await Promise.all(Array.from({ length: 6 }, () => createAccount(ctx, {})));
    if (!seated || !giver || !receiver || !waiting || !leaver || !gone) throw new Error('accounts');
    await registerForEvent(ctx.deps, { eventId: event.id, userId: seated.id, ticketTypeId });
    const given = await registerForEvent(ctx.deps, { eventId: event.id, userId: giver.id, ticketTypeId });
    await transferRegistration(ctx.deps, { registrationId: given.registrations[0]?.registrationId ?? '', userId: giver.id, toEmail: receiver.email });
    const left = await registerForEvent(ctx.deps, { eventId: event.id, userId: leaver.id, ticketTypeId });
    await cancelRegistration(ctx.deps, { registrationId: left.registrations[0]?.registrationId ?? '', userId: leaver.id });
    await registerForEvent(ctx.deps, { eventId: event.id, userId: gone.id, ticketTypeId });
    const w = await registerForEvent(ctx.deps, { eventId: event.id, userId: waiting.id, ticketTypeId });
    expect(w.registrations[0]?.status).toBe('waitlisted');
    // the one who left the waitlist before the cancellation
    const quitter = await createAccount(ctx, {});
    const q = await registerForEvent(ctx.deps, { eventId: event.id, userId: quitter.id, ticketTypeId });
    await cancelRegistration(ctx.deps, { registrationId: q.registrations[0]?.registrationId ?? '', userId: quitter.id });

    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The harbor is closed.' })).statusCode).toBe(303);

    const page = await staff.get(`/staff/events/${event.id}/registrations`);
    expect(
      dom(page.body)
        .querySelectorAll('main a')
        .map((a) => a.text.trim()),
    ).toContain('Message registrants');
    // seated, receiver, gone (held seats) and waiting (on the waitlist) when it was cancelled
    expect(textOf(page.body, 'main')).toContain('You can still write to the 4 people whose registrations the cancellation ended');
    const form = await staff.get(`/staff/events/${event.id}/message`);
    expect(form.statusCode).toBe(200);
    const lead = textOf(form.body, 'main');
    expect(lead).toContain('Email the people whose registrations the cancellation ended: 4 people');
    expect(lead).toContain('People who had cancelled, given their ticket away or left the waitlist before get nothing.');
    expect(dom(form.body).querySelector('main form button')?.text.trim()).toBe('Send to 4 people');

    // a member cannot send it
    const member = await signedIn(seated.email);
    expect((await member.postForm(`/staff/events/${event.id}/message`, { subject: 'x', body: 'y' })).statusCode).toBe(403);

    const sent = await staff.postForm(`/staff/events/${event.id}/message`, { subject: 'The new date', body: 'We meet again on June 20.\n\nThe same place.' });
    expect(sent.statusCode).toBe(303);
    expect(textOf((await staff.get(String(sent.headers.location))).body, 'main')).toContain('Message sent to 4 people whose registrations the cancellation ended.');
    const got = await ctx.deps.db
      .selectFrom('outbox')
      .select(['to_address', 'subject', 'body_text'])
      .where('template', '=', 'events.registrants_message')
      .where('subject', '=', 'Harbor Resilience Summit: The new date')
      .execute();
    expect(got.map((m) => m.to_address).sort()).toEqual([seated, receiver, gone, waiting].map((a) => a.email).sort());
    expect(got[0]?.body_text).toContain('A message about Harbor Resilience Summit, which was cancelled while you were registered for it:');
    expect(got[0]?.body_text).toContain('We meet again on June 20.');
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'after'])
      .where('action', '=', 'events.registrants_messaged')
      .where('entity_id', '=', event.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(programs.id);
    expect(audit[0]?.after).toMatchObject({ subject: 'The new date', recipients: 4 });
  });

  it('with nobody to write to (cancelled when nobody was registered, or after everyone had cancelled; or nobody registered yet), the page says so plainly with no send button, and a forged send is refused: nothing sent, nothing audited', async () => {
    const FREE = [{ name: 'Seat', memberCents: 0, nonmemberCents: 0 }];
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    const empty = await anEvent(ctx, { title: 'Empty Room Forum', tickets: FREE });
    const deserted = await anEvent(ctx, { title: 'Deserted Dock Tour', tickets: FREE });
    const left = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: deserted.id, userId: left.id, ticketTypeId: deserted.ticketTypeIds[0] ?? '' });
    await cancelRegistration(ctx.deps, { registrationId: r.registrations[0]?.registrationId ?? '', userId: left.id });
    for (const e of [empty, deserted]) expect((await staff.postForm(`/staff/events/${e.id}/cancel`, { reason: 'Nobody is coming.' })).statusCode).toBe(303);
    const unbooked = await anEvent(ctx, { title: 'Quiet Quay Walk', tickets: FREE });

    for (const e of [empty, deserted, unbooked]) {
      const page = await staff.get(`/staff/events/${e.id}/message`);
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body, 'main');
      expect(text).toContain('There is nobody to write to');
      expect(text).not.toMatch(/Send to/);
      expect(dom(page.body).querySelector('main form')).toBeNull();

      const forged = await staff.postForm(`/staff/events/${e.id}/message`, { subject: 'Anyone there?', body: 'Hello.' });
      expect(forged.statusCode).toBe(409);
      expect(textOf(forged.body, 'main')).toContain('Nothing was sent.');
      expect(textOf(forged.body, 'main')).toContain('There is nobody to write to');
      expect(dom(forged.body).querySelector('main form')).toBeNull();
      const audit = await ctx.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'events.registrants_messaged').where('entity_id', '=', e.id).execute();
      expect(audit).toEqual([]);
    }
    expect(textOf((await staff.get(`/staff/events/${empty.id}/message`)).body, 'main')).toContain('when Empty Room Forum was cancelled, nobody held a seat');
    expect(textOf((await staff.get(`/staff/events/${unbooked.id}/message`)).body, 'main')).toContain('nobody is registered for Quiet Quay Walk');
    const sent = await ctx.deps.db.selectFrom('outbox').select('id').where('template', '=', 'events.registrants_message').where('subject', 'like', '%Anyone there?').execute();
    expect(sent).toEqual([]);
  });
});

describe('the email of an event’s cancellation to who had cancelled their own seat before', () => {
  it('a registrant who cancelled their paid seat (and was told then of the credit and refund) gets no second word of it when staff cancel the event; the staff’s summary does not count their order again', async () => {
    const event = await anEvent(ctx, { title: 'Stormwater Fees Workshop', tickets: [{ name: 'Seat', memberCents: 4_000, nonmemberCents: 4_000 }] });
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    const early = await createAccount(ctx, {});
    const stays = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: early.id, ticketTypeId });
    await aPayment(ctx, { invoiceId: r.invoice?.id ?? '', amountCents: 4_000 });
    const kept = await registerForEvent(ctx.deps, { eventId: event.id, userId: stays.id, ticketTypeId });
    await aPayment(ctx, { invoiceId: kept.invoice?.id ?? '', amountCents: 4_000 });
    const c = await signedIn(early.email);
    expect((await c.postForm(`/me/events/${r.registrations[0]?.registrationId}/cancel`, {})).statusCode).toBe(303);
    expect(await lastMail(early.email, 'events.cancelled')).toContain('will be refunded');

    const staff = await signedIn((await createAccount(ctx, { roles: ['programs'] })).email);
    const res = await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The hall flooded.' });
    expect(res.statusCode).toBe(303);
    const flash = textOf((await staff.get(String(res.headers.location))).body, 'main');
    expect(flash).toContain('1 registration cancelled');
    expect(flash).toContain('1 person emailed.');
    expect(flash).toContain('1 paid order needs a refund from finance.');

    // told once, when they cancelled; nothing restated as if new
    expect(await lastMail(early.email, 'events.event_cancelled')).toBe('');
    // the one still registered hears of their own seat and invoice
    expect(await lastMail(stays.email, 'events.event_cancelled')).toContain(`Your invoice ${kept.invoice?.number} is credited in full:`);
  });
});

describe('My events after an event’s cancellation', () => {
  it('a seat whose invoice was voided by the cancellation shows nothing to pay and the invoice as void, not a price owed', async () => {
    const event = await anEvent(ctx, { title: 'Culvert Repair Clinic', tickets: [{ name: 'Seat', memberCents: 4_500, nonmemberCents: 4_500 }] });
    const person = await createAccount(ctx, {});
    const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
    const programs = await createAccount(ctx, { roles: ['programs'] });
    const staff = await signedIn(programs.email);
    expect((await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The road is closed.' })).statusCode).toBe(303);
    const page = (await (await signedIn(person.email)).get('/me/events')).body;
    const row = rowsOf(page).find((cells) => cells[0]?.includes('Culvert Repair Clinic'));
    expect(row).toBeDefined();
    const [price, invoice] = [row?.[4] ?? '', row?.[5] ?? ''];
    expect(headingsOf(page).slice(4, 6)).toEqual(['Price', 'Invoice']);
    expect(price).toContain('Nothing to pay');
    expect(price).not.toBe('$45.00');
    expect(invoice).toContain(`Invoice ${r.invoice?.number} (void)`);
  });
});
