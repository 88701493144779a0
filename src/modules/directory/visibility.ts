// Who may see which contact field. Every page, API answer, export and search in this module asks
// here; nothing else decides. Pure: no database, no HTTP.
import type { ProfileVisibility, Visibility } from '../../db/types.js';
import { hasStaffRole, isStaff, type Principal } from '../../lib/access.js';

export const VISIBILITIES = ['everyone', 'members', 'staff'] as const satisfies readonly Visibility[];

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  everyone: 'Everyone, including visitors who are not signed in',
  members: 'Members and staff only',
  staff: 'Membership staff only',
};

/** Who exactly "membership staff only" is, said where a person chooses it (the profile editor). */
export const STAFF_ONLY_MEANS =
  'Membership staff only means the association’s membership staff and staff administrators, who keep member records. Other staff (advisors, finance, programs, communications, ethics, partnerships) see what members see.';

/** Who may open a person's profile page: the narrower of this and a contact field's visibility applies. */
export const PROFILE_VISIBILITIES = ['everyone', 'members'] as const satisfies readonly ProfileVisibility[];

export const PROFILE_VISIBILITY_LABELS: Record<ProfileVisibility, string> = {
  everyone: 'Everyone, including visitors who are not signed in',
  members: 'Members and staff only',
};

/**
 * How a viewer sees other people's profiles: `public` (not signed in, or signed in without the
 * member role or a staff role, e.g. an organization contact), `members`, `otherStaff` (a staff
 * role other than membership: opens profiles as staff do, sees the contact fields members see) or
 * `staff` (membership staff and staff admins: every field). Staff roles are separate permissions
 * (SECURITY.md): an advisor or finance does not keep member records, so a field its owner shows to
 * "membership staff only" is not theirs to read.
 * The person themself always sees everything of their own (see `shown`).
 */
export type Audience = 'public' | 'members' | 'otherStaff' | 'staff';

export function audienceOf(p: Principal | null): Audience {
  if (hasStaffRole(p, 'membership')) return 'staff';
  if (isStaff(p)) return 'otherStaff';
  if (p?.roles.has('member')) return 'members';
  return 'public';
}

/** The visibilities an audience may see, for SQL (`= any(…)`). */
export function visibleTo(a: Audience): Visibility[] {
  if (a === 'staff') return ['everyone', 'members', 'staff'];
  if (a === 'members' || a === 'otherStaff') return ['everyone', 'members'];
  return ['everyone'];
}

export function canSee(v: Visibility, a: Audience): boolean {
  return visibleTo(a).includes(v);
}

export interface Viewer {
  userId: string | null;
  audience: Audience;
}

export const viewerOf = (p: Principal | null): Viewer => ({ userId: p?.userId ?? null, audience: audienceOf(p) });

/** A contact field's value as this viewer may see it: the value, or null (hidden or empty). */
export function shown(value: string | null, visibility: Visibility, viewer: Viewer, ownerId: string): string | null {
  if (!value) return null;
  return viewer.userId === ownerId || canSee(visibility, viewer.audience) ? value : null;
}
