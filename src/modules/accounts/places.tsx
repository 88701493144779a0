// Where a signed-in person's things are, and what they are, in words: each organization they act
// for (its home), their individual membership and profile, the staff desk. Home and /account show
// it, so that nobody is left at "go to your account" or "Roles: None".
import type { ContactDuty, GlobalRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { isStaff, type Principal } from '../../lib/access.js';
import { type HeldSeat, seatsHeldBy } from '../organizations/index.js';
import { ROLE_LABELS } from './staff-accounts.js';

export interface Place {
  label: string;
  href: string;
  /** what the person is there, in words */
  roles: string[];
}

const DUTY_WORDS: Record<ContactDuty, string> = { elected: 'elected official', staff: 'staff contact', billing: 'billing contact' };

/** "Administrator of City of Springfield (City Clerk), billing contact": the organization named
 * once (it said "…; Staff contact of City of Springfield" after the same name). */
export function seatRoles(s: HeldSeat): string[] {
  const title = s.title ? ` (${s.title})` : '';
  const duties = s.duties.map((d) => `, ${DUTY_WORDS[d]}`).join('');
  return [`${s.role === 'admin' ? 'Administrator' : 'Contact'} of ${s.organizationName}${title}${duties}`];
}

const staffRoleWords = (r: Exclude<GlobalRole, 'member'>) => (r === 'admin' ? 'Staff admin' : `Staff: ${ROLE_LABELS[r]}`);

/** The person's places, in the order they are most likely wanted: organizations, membership, staff. */
export async function placesOf(deps: Pick<Deps, 'db' | 'slots'>, p: Principal): Promise<Place[]> {
  const places: Place[] = (await seatsHeldBy(deps.db, p.userId)).map((s) => ({
    label: `My organization: ${s.organizationName}`,
    href: `/org?org=${s.organizationId}`,
    roles: seatRoles(s),
  }));
  if (p.roles.has('member')) {
    places.push({ label: 'My membership', href: '/me/membership', roles: ['Individual member'] }, { label: 'My profile in Who’s Who', href: '/me', roles: [] });
  }
  // what other modules know of (a membership still waiting for its payment)
  for (const slot of deps.slots.personPlaces) {
    const place = await slot(deps, p);
    if (place) places.push(place);
  }
  const staffRoles = [...p.roles].filter((r): r is Exclude<GlobalRole, 'member'> => r !== 'member');
  if (isStaff(p)) places.push({ label: 'The staff desk', href: '/staff', roles: staffRoles.map(staffRoleWords) });
  else if (p.roles.has('transition')) places.push({ label: 'Members in Transition requests', href: '/staff/transition', roles: [staffRoleWords('transition')] });
  return places;
}

/** Every role of the person, in words, for a one-line summary. */
export const rolesOfPlaces = (places: Place[]) => places.flatMap((pl) => pl.roles);

/** The list of places: a link each, and (unless `withRoles` is false) what the person is there. */
export function YourPlaces(p: { places: Place[]; withRoles?: boolean }) {
  if (p.places.length === 0) {
    return (
      <p>
        You do not act for a member organization and have no individual membership yet. <a href="/join/individual">Join as a professional</a>, or ask a colleague at your
        organization to invite you.
      </p>
    );
  }
  return (
    <ul>
      {p.places.map((pl) => (
        <li>
          <a href={pl.href}>{pl.label}</a>
          {p.withRoles !== false && pl.roles.length ? <> — {pl.roles.join('; ')}</> : null}
        </li>
      ))}
    </ul>
  );
}
