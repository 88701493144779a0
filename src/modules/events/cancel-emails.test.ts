// After programs staff cancel an event: each person is told exactly what happened to them (their
// own seat; the invoice only to whoever placed the order), and staff can still write to the
// people whose seats the cancellation ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, anOrganization, aPayment } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { registerForEvent, registerGroup } from './registration.js';

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
  });
});
