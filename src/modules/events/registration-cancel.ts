// A registrant cancels (a registered seat until cancel_hours_before the start; a place on the
// waitlist or an offer at any time) or transfers their ticket to another person's verified
// account. A cancelled seat's money: an unpaid invoice for that seat alone is voided; otherwise
// a credit note for the seat's price. What was already paid for it leaves the invoice in credit:
// finance pays it back and records the refund in billing (its "Refunds due" list). The freed
// seat is offered to the first on the waitlist in the same transaction.
import type { Db } from '../../db/client.js';
import { associationThrough } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { addCreditNote, balanceOf, voidInvoice } from '../billing/index.js';
import { publishEvents } from '../webhooks/index.js';
import { cancelledEmail, transferredAwayEmail, transferredToYouEmail } from './emails.js';
import { invitationFile, invitationSent } from './ics.js';
import { countsAsMember } from './member.js';
import { priceFor } from './pricing.js';
import type { RegistrationDeps } from './registration.js';
import { attendeeOf, myEventsUrl, ticketUrl, whenOf } from './registration-notify.js';
import { type EventRow, lockEvent } from './registration-seats.js';
import type { Trx } from './service.js';
import { offerFreedSeats } from './waitlist.js';

const HOUR = 3_600_000;

/** Until when a registered seat may be cancelled by its registrant. */
export const cancelDeadline = (e: Pick<EventRow, 'starts_at' | 'cancel_hours_before'>) => new Date(e.starts_at.getTime() - e.cancel_hours_before * HOUR);

/** Why a registered seat can no longer be cancelled, and whom to write to instead. */
export const cancelClosedMessage = (e: Pick<EventRow, 'cancel_hours_before'>, contactEmail: string) =>
  `Registrations can be cancelled up to ${e.cancel_hours_before} hours before the event starts. If you cannot come, write to us at ${contactEmail}.`;

async function ownRegistration(trx: Trx, registrationId: string, userId: string) {
  const found = await trx.selectFrom('event_registrations').select(['event_id']).where('id', '=', registrationId).where('user_id', '=', userId).executeTakeFirst();
  if (!found) throw new AppError('not_found', { message: 'There is no such registration among yours.' });
  const event = await lockEvent(trx, found.event_id);
  const reg = await trx.selectFrom('event_registrations').selectAll().where('id', '=', registrationId).executeTakeFirstOrThrow();
  return { event, reg };
}

/** Who pays an order when it is not the registrant: its organization, or the person who placed it
 * (a ticket given to the registrant); null when it is the registrant's own. */
async function payerOf(trx: Trx, order: { organization_id: string | null; buyer_user_id: string }, registrantId: string): Promise<string | null> {
  if (order.organization_id) {
    const org = await trx.selectFrom('organizations').select('name').where('id', '=', order.organization_id).executeTakeFirst();
    return org?.name ?? null;
  }
  if (order.buyer_user_id === registrantId) return null;
  return (await attendeeOf(trx, order.buyer_user_id)).name;
}

/** Cancels one's registration; returns what happens to the money, in a sentence. */
export async function cancelRegistration(deps: RegistrationDeps, input: { registrationId: string; userId: string; requestId?: string }): Promise<{ money: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const { event, reg } = await ownRegistration(trx, input.registrationId, input.userId);
    const now = deps.clock.now();
    if (reg.status === 'cancelled') throw new AppError('events.already_cancelled', { status: 409, message: 'This registration is already cancelled.' });
    if (reg.status === 'registered' && now.getTime() > cancelDeadline(event).getTime()) {
      // Read through the transaction: the cached association may have to go to the database, and
      // on PGlite a read on the root handle waits for this transaction forever.
      throw new AppError('events.cancel_closed', { status: 409, message: cancelClosedMessage(event, (await associationThrough(trx).get()).contact_email) });
    }
    await trx
      .updateTable('event_registrations')
      .set({ status: 'cancelled', cancelled_at: now, cancel_reason: 'cancelled_by_registrant', offer_expires_at: null })
      .where('id', '=', reg.id)
      .execute();
    let money = 'Nothing was charged for it.';
    const order = reg.order_id ? await trx.selectFrom('event_orders').selectAll().where('id', '=', reg.order_id).forUpdate().executeTakeFirst() : undefined;
    // Read before the order changes below: whether this seat's calendar invitation was sent.
    const invited = reg.status === 'registered' && invitationSent(order);
    let creditedCents = 0;
    let refundDueCents = 0;
    let voided = false;
    if (reg.status === 'registered' && reg.price_cents > 0 && order?.invoice_id) {
      const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', order.invoice_id).executeTakeFirstOrThrow();
      const othersLive = await trx.selectFrom('event_registrations').select('id').where('order_id', '=', order.id).where('status', '=', 'registered').executeTakeFirst();
      // Whose invoice it is, said to a registrant who did not place the order (an organization's
      // attendee, or who was given the ticket): "City of Springfield’s invoice …", "Dana Morales’s invoice …".
      const payer = await payerOf(trx, order, reg.user_id);
      const invoiceName = payer ? `${payer}’s invoice ${invoice.number}` : `Invoice ${invoice.number}`;
      if (invoice.status === 'void') {
        // voided before (finance may void an invoice while its seats stay): nothing to credit
        money = `${invoiceName} had already been cancelled: nothing was paid on it, and nothing is owed.`;
      } else if (invoice.paid_cents === 0 && invoice.credited_cents === 0 && !othersLive) {
        await voidInvoice(trx, deps, { invoiceId: invoice.id, reason: 'Event registration cancelled by the registrant', actorUserId: input.userId, requestId: input.requestId });
        await trx.updateTable('event_orders').set({ status: 'cancelled' }).where('id', '=', order.id).execute();
        voided = true;
        money = `${invoiceName} is cancelled: nothing is owed.`;
      } else {
        // the seat's whole price, even what was paid: that much is then owed back to the payer
        const credit = Math.min(reg.price_cents, invoice.total_cents - invoice.credited_cents);
        if (credit > 0) {
          await addCreditNote(trx, deps, {
            invoiceId: invoice.id,
            amountCents: credit,
            reason: 'Event registration cancelled by the registrant',
            actorUserId: input.userId,
            requestId: input.requestId,
            beyondBalance: true,
          });
          creditedCents = credit;
        }
        refundDueCents = Math.max(0, credit - Math.max(0, balanceOf(invoice)));
        money =
          credit === 0
            ? `${invoiceName} had already been credited in full: nothing more is owed on it.`
            : refundDueCents > 0
              ? `${invoiceName} is credited ${formatCents(credit)}; the ${formatCents(refundDueCents)} already paid for this seat will be refunded ${payer ? `to ${payer} ` : ''}by our finance staff.`
              : `${invoiceName} is reduced by ${formatCents(credit)}.`;
      }
    }
    if (order && order.status !== 'cancelled' && !voided) {
      const left = await trx.selectFrom('event_registrations').select('id').where('order_id', '=', order.id).where('status', '<>', 'cancelled').executeTakeFirst();
      if (!left && !order.invoice_id) await trx.updateTable('event_orders').set({ status: 'cancelled' }).where('id', '=', order.id).execute();
    }
    if (reg.status === 'registered' || reg.status === 'offered') await offerFreedSeats(trx, deps, event);
    const me = await attendeeOf(trx, reg.user_id);
    await deps.mail.queue(trx, {
      to: me.email,
      template: cancelledEmail.name,
      data: { event: event.title, when: whenOf(event), url: myEventsUrl(deps), money },
      attachments: invited ? [invitationFile(reg.id)] : [],
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.userId,
      action: 'events.registration_cancelled',
      entityType: 'event',
      entityId: event.id,
      before: { status: reg.status },
      after: {
        registrationId: reg.id,
        creditedCents,
        voided,
        refundDueCents,
      },
      requestId: input.requestId,
    });
    return { money };
  });
}

/** Who a registered seat may go to, said before the transfer and when refusing it: anyone; only a
 * member, because the ticket or the event is for members; or only a member, because the seat was
 * bought at the member price and a non-member pays more (a member price no lower than the
 * non-member's asks nothing of a non-member). A non-member is not billed the difference: they
 * register themselves, or the member cancels. */
export async function transferTerms(db: Trx | Db, registrationId: string): Promise<{ kind: 'anyone' } | { kind: 'members_only' | 'member_price'; lead: string; refusal: string }> {
  const row = await db
    .selectFrom('event_registrations as r')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select([
      'r.price_cents',
      'r.member_price',
      'r.registered_at',
      'r.created_at',
      't.members_only',
      't.member_cents',
      't.nonmember_cents',
      't.early_member_cents',
      't.early_nonmember_cents',
      't.early_until',
      'e.audience',
    ])
    .where('r.id', '=', registrationId)
    .executeTakeFirstOrThrow();
  if (row.members_only || row.audience === 'members')
    return {
      kind: 'members_only',
      lead: 'This ticket is for members only, so it can go only to a member.',
      refusal: 'This ticket is for members only, so it can go only to a member. Transfer it to a member, or cancel your seat instead.',
    };
  // what a non-member paid for this seat when it was taken (prices are fixed then)
  const nonmember = priceFor({ ...row, members_only: false }, false, row.registered_at ?? row.created_at).cents;
  if (!row.member_price || nonmember <= row.price_cents) return { kind: 'anyone' };
  const paid = row.price_cents === 0 ? 'free at the member price' : `bought at the member price, ${formatCents(row.price_cents)}`;
  const instead = `If they are not a member, they can register for the event themselves (at the non-member price, while seats are left), or you can cancel your seat.`;
  return {
    kind: 'member_price',
    lead: `Your seat was ${paid}; someone who is not a member pays ${formatCents(nonmember)}. So it can go only to a member. ${instead}`,
    refusal: `This seat was ${paid}, so it can go only to a member: a non-member pays ${formatCents(nonmember)}. ${instead}`,
  };
}

/** The registrant gives their seat to another person (an existing, verified account): a new
 * registration for them at the same price and on the same order, the old one cancelled with
 * `transferred_to`. */
export async function transferRegistration(
  deps: RegistrationDeps,
  input: { registrationId: string; userId: string; toEmail: string; requestId?: string },
): Promise<{ registrationId: string; toName: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const { event, reg } = await ownRegistration(trx, input.registrationId, input.userId);
    const now = deps.clock.now();
    if (!event.transfers_allowed) throw new AppError('events.transfers_closed', { status: 409, message: 'Tickets for this event cannot be transferred.' });
    if (reg.status !== 'registered') throw new AppError('events.not_registered', { status: 409, message: 'Only a registered seat can be transferred.' });
    if (event.starts_at.getTime() <= now.getTime())
      throw new AppError('events.registration_closed', { status: 409, message: 'The event has started: its tickets can no longer be transferred.' });
    const email = input.toEmail.trim().toLowerCase();
    const to = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .where('email_verified_at', 'is not', null)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    const noAccount = 'We could not transfer the ticket to this address. The person needs an account here with a confirmed email address: ask them to create one, then try again.';
    if (!to) throw new AppError('validation_failed', { message: noAccount, fields: { email: noAccount } });
    if (to.id === reg.user_id) throw new AppError('validation_failed', { fields: { email: 'This is your own address: enter the other person’s.' } });
    const live = await trx
      .selectFrom('event_registrations')
      .select('id')
      .where('event_id', '=', event.id)
      .where('user_id', '=', to.id)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (live) throw new AppError('validation_failed', { fields: { email: 'The person at this address is already registered for this event, or on its waitlist.' } });
    const terms = await transferTerms(trx, reg.id);
    if (terms.kind !== 'anyone' && !(await countsAsMember(trx, to.id))) {
      // No name is said back: the address may or may not be a member's.
      throw new AppError('validation_failed', { fields: { email: terms.refusal } });
    }
    // The old seat ends first: the one live registration per person and event stays true throughout.
    await trx.updateTable('event_registrations').set({ status: 'cancelled', cancelled_at: now, cancel_reason: 'transferred' }).where('id', '=', reg.id).execute();
    const fresh = await trx
      .insertInto('event_registrations')
      .values({
        event_id: event.id,
        ticket_type_id: reg.ticket_type_id,
        order_id: reg.order_id,
        user_id: to.id,
        status: 'registered',
        price_cents: reg.price_cents,
        member_price: reg.member_price,
        ticket_code: randomToken(18),
        registered_at: now,
      })
      .returning(['id', 'ticket_code'])
      .executeTakeFirstOrThrow();
    await trx.updateTable('event_registrations').set({ transferred_to: fresh.id }).where('id', '=', reg.id).execute();
    // The person it went to has a registration of their own now (webhooks: a new registration).
    await publishEvents(trx, deps, 'event_registration.created', [{ registrationId: fresh.id, eventId: event.id, status: 'registered' }]);
    const order = reg.order_id
      ? await trx
          .selectFrom('event_orders as o')
          .leftJoin('invoices as i', 'i.id', 'o.invoice_id')
          .select(['o.status', 'o.buyer_user_id', 'i.number as invoice_number', 'i.status as invoice_status'])
          .where('o.id', '=', reg.order_id)
          .executeTakeFirst()
      : undefined;
    const confirmed = invitationSent(order);
    // The giver's own order, not paid yet: its invoice stays theirs to pay for the seat they gave.
    const unpaidInvoice = order?.status === 'pending' && order.buyer_user_id === reg.user_id && order.invoice_status !== 'void' ? (order.invoice_number ?? null) : null;
    const from = await attendeeOf(trx, reg.user_id);
    await deps.mail.queue(trx, {
      to: from.email,
      template: transferredAwayEmail.name,
      data: { event: event.title, when: whenOf(event), url: myEventsUrl(deps), to: to.name, unpaidInvoice },
      attachments: confirmed ? [invitationFile(reg.id)] : [],
    });
    await deps.mail.queue(trx, {
      to: to.email,
      template: transferredToYouEmail.name,
      data: { event: event.title, when: whenOf(event), url: ticketUrl(deps, fresh.ticket_code), from: from.name, confirmed },
      attachments: confirmed ? [invitationFile(fresh.id)] : [],
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.userId,
      action: 'events.registration_transferred',
      entityType: 'event',
      entityId: event.id,
      before: { registrationId: reg.id, userId: reg.user_id },
      after: { registrationId: fresh.id, userId: to.id },
      requestId: input.requestId,
    });
    return { registrationId: fresh.id, toName: to.name };
  });
}
