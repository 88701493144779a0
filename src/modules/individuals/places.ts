// The person's individual membership while it is not active yet (waiting for its payment, or for
// membership staff to confirm eligibility), as a place on home and /account (the accounts module's
// list, through deps.slots.personPlaces): a newcomer who joined and browsed away was told there that
// they had no membership, with a link to join again. The header's menu links to it too ("My
// membership"), so the unpaid first invoice is never only in an email.
import type { PersonPlaceSlot } from '../../deps.js';
import { membershipOfUser } from './queries.js';

export const pendingMembershipPlace: PersonPlaceSlot = async (deps, person) => {
  if (person.roles.has('member')) return null; // an active member's membership is listed already
  const m = await membershipOfUser(deps.db, person.userId);
  if (m?.status !== 'pending') return null;
  const waiting = m.verification === 'awaiting' ? 'starts once membership staff have confirmed the eligibility' : 'starts once its invoice is paid';
  return { label: 'My membership (not active yet)', href: '/me/membership', roles: [`Individual member (${m.level}): ${waiting}`], menu: 'My membership' };
};
