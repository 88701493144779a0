// What a seat costs (pure): the member or non-member price of a ticket type, its early-bird price
// when the seat is taken strictly before `early_until`, and members-only ticket types refused to
// others. Integer cents; a price of 0 is a free seat (no invoice).
import { AppError } from '../../lib/errors.js';

export interface PricedTicket {
  member_cents: number;
  nonmember_cents: number;
  early_member_cents: number | null;
  early_nonmember_cents: number | null;
  early_until: Date | null;
  members_only: boolean;
}

export interface Price {
  cents: number;
  /** the member price was given */
  member: boolean;
  /** the early-bird price was given */
  early: boolean;
}

/** The price of one seat of `ticket` for someone who is (or is not) a member, at `at`. A
 * members-only ticket type is refused to a non-member (403 `events.members_only`). */
export function priceFor(ticket: PricedTicket, member: boolean, at: Date): Price {
  if (ticket.members_only && !member) {
    throw new AppError('events.members_only', {
      status: 403,
      message: 'This ticket is for members only.',
      fields: { ticketTypeId: 'This ticket is for members only: choose another ticket.' },
    });
  }
  const early = ticket.early_until !== null && at.getTime() < ticket.early_until.getTime();
  const earlyCents = member ? ticket.early_member_cents : ticket.early_nonmember_cents;
  if (early && earlyCents !== null) return { cents: earlyCents, member, early: true };
  return { cents: member ? ticket.member_cents : ticket.nonmember_cents, member, early: false };
}
