// Eligibility for a committee seat (O14): an elected official of a member organization in good
// standing (organizations' `electedSeatsInGoodStanding`). Checked when a person is nominated, when
// they accept, and again when staff record the election or appointment: standing can be lost between.
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { type ElectedSeat, electedSeatsInGoodStanding } from '../organizations/index.js';

const STATUS_WORDS: Record<string, string> = {
  prospect: 'not a member yet',
  pending: 'not a member yet (its first invoice is unpaid)',
  lapsed: 'lapsed',
  suspended: 'suspended',
  cancelled: 'cancelled',
  ended: 'ended',
};

/** The refusal for a person with no elected seat at all (and, in the same words, for an address
 * with no account: whether an address has an account is not told). */
export const notListed = (subject: string) =>
  `${subject} not listed as an elected official of a member organization. Only elected officials of member organizations in good standing can hold a seat; an organization’s administrator adds the “elected official” duty on its contacts page.`;

/** Why this person is not eligible, in words they (or staff) can act on; null when eligible. */
export async function ineligibility(db: Db, userId: string, who: { self: boolean; name: string; discreet?: boolean }): Promise<string | null> {
  if ((await electedSeatsInGoodStanding(db, userId)).length > 0) return null;
  // A member nominating someone else learns only that the person is not eligible: not their seats,
  // their organizations nor those organizations' standing (nor whether the address has an account).
  if (who.discreet) return notListed(`${who.name} is`);
  // Shared, read-only (organizations' README): the person's elected seats whatever the standing.
  const elected = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['o.name', 'o.status'])
    .where('c.user_id', '=', userId)
    .where((eb) => eb(eb.val('elected'), '=', eb.fn.any('c.duties')))
    .orderBy('o.name')
    .limit(5)
    .execute();
  const subject = who.self ? 'You are' : `${who.name} is`;
  if (elected.length === 0) return notListed(subject);
  const orgs = elected.map((o) => `${o.name} (${STATUS_WORDS[o.status] ?? o.status})`).join(', ');
  return `${subject} an elected official of ${orgs}, which is not a member in good standing. Only elected officials of member organizations in good standing can hold a seat.`;
}

/** The person's qualifying seats, or a 422 that says why there are none. */
export async function requireEligible(db: Db, userId: string, who: { self: boolean; name: string; field: string; discreet?: boolean }): Promise<ElectedSeat[]> {
  const seats = await electedSeatsInGoodStanding(db, userId);
  if (seats.length > 0) return seats;
  const reason = (await ineligibility(db, userId, who)) ?? 'Not eligible.';
  throw new AppError('committees.not_eligible', { status: 422, message: reason, fields: { [who.field]: reason } });
}
