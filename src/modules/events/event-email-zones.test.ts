// Every email of an event writes its times as the event's page does: in the event's own zone,
// named. An in-person workshop in Sacramento, with the association in New York: the confirmation,
// the waitlist, the change (to a seat and to the waitlist), the cancellation of a seat, the seat
// offer and its expiry, and the event's cancellation all say PST, never EST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { readMail, startSmtp } from '../../../test/fakes/smtp-server.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { formValuesOf, termValue, textOf } from '../../../test/html.js';
import { EMAIL_QUEUE } from '../../lib/email.js';
import { registerForEvent } from './registration.js';
import { cancelRegistration } from './registration-cancel.js';
import { expireOffers } from './waitlist.js';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let staff: TestClient;
let staffEmail: string;

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
  // winter: Pacific Standard Time at the event, Eastern Standard Time at the association
  ctx.clock.set('2032-01-10T15:00:00Z');
  const programs = await createAccount(ctx, { roles: ['programs'] });
  staffEmail = programs.email;
  staff = ctx.client();
  await staff.signIn(programs.email);
});
afterAll(async () => {
  await ctx?.close();
  await smtp?.close();
});

/** The messages one address received, read: subject and plain text. */
async function mailsTo(email: string) {
  await ctx.deps.jobs.drain(EMAIL_QUEUE);
  return smtp.received.filter((m) => m.to.includes(email)).map((m) => readMail(m.raw));
}
const pageWhen = async (slug: string) => termValue((await ctx.client().get(`/events/${slug}`)).body, 'When');

describe('an in-person event in another zone than the association’s', () => {
  it('every email gives its times in the event’s zone, as its page does', async () => {
    expect((await ctx.deps.association.get()).time_zone).toBe('America/New_York');
    const event = await anEvent(ctx, {
      title: 'Sacramento Water Workshop',
      format: 'in_person',
      timeZone: 'America/Los_Angeles',
      capacity: 1,
      offerHours: 24,
      tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }],
    });
    const ticketTypeId = event.ticketTypeIds[0] ?? '';
    const before = await pageWhen(event.slug);
    expect(before).toBe('Sat, Jan 17, 2032, 7:00 AM – 10:00 AM PST');

    const holder = await createAccount(ctx, {});
    const waiting = await createAccount(ctx, {});
    const rHolder = await registerForEvent(ctx.deps, { eventId: event.id, userId: holder.id, ticketTypeId });
    const rWaiting = await registerForEvent(ctx.deps, { eventId: event.id, userId: waiting.id, ticketTypeId });
    expect([rHolder.registrations[0]?.status, rWaiting.registrations[0]?.status]).toEqual(['registered', 'waitlisted']);

    // Staff move it: the seat and the waitlist are told, old and new as the page writes them.
    const values = formValuesOf((await staff.get(`/staff/events/${event.id}/edit`)).body);
    const saved = await staff.postForm(`/staff/events/${event.id}/edit`, { ...values, startsAt: '2032-01-20 09:00', endsAt: '2032-01-20 12:00' });
    expect(saved.statusCode).toBe(303);
    const after = await pageWhen(event.slug);
    expect(after).toBe('Tue, Jan 20, 2032, 9:00 AM – 12:00 PM PST');

    // The holder cancels: their seat's cancellation, and the seat offered to the waitlist.
    await cancelRegistration(ctx.deps, { registrationId: rHolder.registrations[0]?.registrationId ?? '', userId: holder.id });
    // The offer lapses.
    ctx.clock.set('2032-01-11T16:00:00Z');
    expect(await expireOffers(ctx.deps)).toBe(1);
    // A third person registers, and staff (signed in again: a day has passed) cancel the event.
    await staff.signIn(staffEmail);
    const third = await createAccount(ctx, {});
    await registerForEvent(ctx.deps, { eventId: event.id, userId: third.id, ticketTypeId });
    const cancelled = await staff.postForm(`/staff/events/${event.id}/cancel`, { reason: 'The venue flooded.' });
    expect(cancelled.statusCode).toBe(303);

    const holderMails = await mailsTo(holder.email);
    const waitingMails = await mailsTo(waiting.email);
    const thirdMails = await mailsTo(third.email);
    const textOfMail = (mails: Array<{ subject: string; text: string }>, subject: RegExp) => {
      const found = mails.filter((m) => subject.test(m.subject));
      expect(found, `one email like ${subject}`).toHaveLength(1);
      return found[0]?.text ?? '';
    };
    const texts = {
      confirmed: textOfMail(holderMails, /^You are confirmed:/),
      changedSeat: textOfMail(holderMails, /^Changed:/),
      seatCancelled: textOfMail(holderMails, /^Registration cancelled:/),
      waitlisted: textOfMail(waitingMails, /^On the waitlist:/),
      changedWaitlist: textOfMail(waitingMails, /^Changed:/),
      offered: textOfMail(waitingMails, /^A seat is free for you:/),
      offerExpired: textOfMail(waitingMails, /^The seat offer has expired:/),
      confirmedThird: textOfMail(thirdMails, /^You are confirmed:/),
      eventCancelled: textOfMail(thirdMails, /^Cancelled:/),
    };
    expect(texts.confirmed).toContain(before);
    expect(texts.waitlisted).toContain(before);
    for (const t of [texts.changedSeat, texts.changedWaitlist]) expect(t).toContain(`When: was ${before}; now ${after}.`);
    for (const t of [texts.seatCancelled, texts.offered, texts.offerExpired, texts.confirmedThird, texts.eventCancelled]) expect(t).toContain(after);
    // the offer's deadline too, in the event's zone
    expect(texts.offered).toContain('accept it by Jan 11, 2032, 7:');
    for (const [name, t] of Object.entries(texts)) {
      expect(t, name).toContain('PST');
      expect(t, name).not.toMatch(/\bE[SD]T\b/);
    }
    // the page says the same zone
    expect(textOf((await ctx.client().get(`/events/${event.slug}`)).body, 'main')).toContain('PST');
  });
});
