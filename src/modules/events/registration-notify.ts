// The registration emails, queued in the caller's transaction: what each says is in emails.ts;
// this file gathers the facts they need (event, time, links) once.
import type { Deps } from '../../deps.js';
import { formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { confirmedEmail, seatHeldEmail, seatOfferedEmail, waitlistedEmail } from './emails.js';
import { invitationFile, locationOf } from './ics.js';
import { eventWhen } from './registration-format.js';
import type { EventRow } from './registration-seats.js';
import type { Trx } from './service.js';

type NotifyDeps = Pick<Deps, 'mail' | 'config'>;

export const myEventsUrl = (deps: Pick<Deps, 'config'>) => `${deps.config.publicUrl}/me/events`;
export const ticketUrl = (deps: Pick<Deps, 'config'>, code: string) => `${deps.config.publicUrl}/tickets/${code}`;
export const whenOf = (e: Pick<EventRow, 'starts_at' | 'ends_at' | 'time_zone'>) => eventWhen(e.starts_at, e.ends_at, e.time_zone);

export async function attendeeOf(trx: Trx, userId: string) {
  return trx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** The confirmation, with the registrant's own invitation attached (rendered when sent). */
export async function queueConfirmation(trx: Trx, deps: NotifyDeps, event: EventRow, r: { id: string; user_id: string; ticket_code: string }, ticketName: string) {
  const to = await attendeeOf(trx, r.user_id);
  const where = event.format === 'online' ? 'Online: the join link is in the calendar invitation and on your ticket page.' : `Where: ${locationOf(event)}.`;
  await deps.mail.queue(trx, {
    to: to.email,
    template: confirmedEmail.name,
    data: { event: event.title, when: whenOf(event), url: ticketUrl(deps, r.ticket_code), ticket: ticketName, where },
    attachments: [invitationFile(r.id)],
  });
}

export async function queueSeatHeld(
  trx: Trx,
  deps: NotifyDeps,
  event: EventRow,
  userId: string,
  p: { ticket: string; priceCents: number; invoice: { number: string | null; public_token: string } },
) {
  const to = await attendeeOf(trx, userId);
  await deps.mail.queue(trx, {
    to: to.email,
    template: seatHeldEmail.name,
    data: {
      event: event.title,
      when: whenOf(event),
      url: myEventsUrl(deps),
      ticket: p.ticket,
      price: formatCents(p.priceCents),
      invoiceNumber: p.invoice.number ?? '',
      invoiceUrl: `${deps.config.publicUrl}/invoices/${p.invoice.public_token}`,
    },
  });
}

export async function queueWaitlisted(trx: Trx, deps: NotifyDeps, event: EventRow, userId: string, position: number) {
  const to = await attendeeOf(trx, userId);
  await deps.mail.queue(trx, { to: to.email, template: waitlistedEmail.name, data: { event: event.title, when: whenOf(event), url: myEventsUrl(deps), position } });
}

export async function queueOffer(trx: Trx, deps: NotifyDeps, event: EventRow, r: { id: string; user_id: string }, expires: Date) {
  const to = await attendeeOf(trx, r.user_id);
  await deps.mail.queue(trx, {
    to: to.email,
    template: seatOfferedEmail.name,
    data: { event: event.title, when: whenOf(event), url: `${deps.config.publicUrl}/me/events/${r.id}/accept`, expires: formatTime(expires, event.time_zone) },
  });
}
