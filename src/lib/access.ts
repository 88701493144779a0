// Who may call a route. Every route declares one of these in `config.access`; a route without
// one cannot be registered (see app.ts), so the default is deny.
import type { GlobalRole, OrgRole, StaffRole } from '../db/types.js';
import { STAFF_ROLES } from '../db/types.js';

export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'member' }
  /** an individual member or any staff role: the members' directory */
  | { kind: 'memberOrStaff' }
  | { kind: 'orgContact' }
  | { kind: 'orgAdmin' }
  | { kind: 'staff'; roles: readonly SensitiveRole[]; sensitive: boolean }
  /** the second step of sign-in, between password and code */
  | { kind: 'mfaPending' };

/** Staff roles, and `transition` (Members in Transition), a permission held besides a staff role. */
export type SensitiveRole = StaffRole | 'transition';

export const access = {
  public: (): Access => ({ kind: 'public' }),
  signedIn: (): Access => ({ kind: 'signedIn' }),
  member: (): Access => ({ kind: 'member' }),
  memberOrStaff: (): Access => ({ kind: 'memberOrStaff' }),
  orgContact: (): Access => ({ kind: 'orgContact' }),
  orgAdmin: (): Access => ({ kind: 'orgAdmin' }),
  /** Staff with any of these roles; `admin` is always included. */
  staff: (...roles: StaffRole[]): Access => ({ kind: 'staff', roles: roles.length ? roles : STAFF_ROLES, sensitive: false }),
  anyStaff: (): Access => ({ kind: 'staff', roles: STAFF_ROLES, sensitive: false }),
  /** Ethics and transition data: only the named roles, never admin by default. */
  sensitive: (...roles: SensitiveRole[]): Access => ({ kind: 'staff', roles, sensitive: true }),
  mfaPending: (): Access => ({ kind: 'mfaPending' }),
};

export interface Principal {
  userId: string;
  email: string;
  name: string;
  roles: ReadonlySet<GlobalRole>;
  orgs: ReadonlyMap<string, OrgRole>;
  totpEnabled: boolean;
  sessionHash: string;
}

export function isStaff(p: Principal | null): boolean {
  return !!p && STAFF_ROLES.some((r) => p.roles.has(r));
}

export function hasStaffRole(p: Principal | null, role: StaffRole): boolean {
  return !!p && (p.roles.has(role) || (role !== 'ethics' && p.roles.has('admin')));
}

/** 'allow', or why not: 'unauthenticated' (sign in first) or 'forbidden'. */
export function decide(a: Access, p: Principal | null, mfaPending: boolean): 'allow' | 'unauthenticated' | 'forbidden' {
  if (a.kind === 'public') return 'allow';
  if (a.kind === 'mfaPending') return mfaPending ? 'allow' : 'forbidden';
  if (!p) return 'unauthenticated';
  switch (a.kind) {
    case 'signedIn':
      return 'allow';
    case 'member':
      return p.roles.has('member') ? 'allow' : 'forbidden';
    case 'memberOrStaff':
      return p.roles.has('member') || isStaff(p) ? 'allow' : 'forbidden';
    case 'orgContact':
      return p.orgs.size > 0 ? 'allow' : 'forbidden';
    case 'orgAdmin':
      return [...p.orgs.values()].includes('admin') ? 'allow' : 'forbidden';
    case 'staff': {
      if (a.roles.some((r) => p.roles.has(r))) return 'allow';
      if (!a.sensitive && p.roles.has('admin')) return 'allow';
      return 'forbidden';
    }
  }
}

/**
 * Who must use two-factor sign-in: staff admins always; in production (`allStaff`) every staff
 * role and the sensitive permissions too — all who handle money or other people's data.
 */
export function requiresTotp(roles: ReadonlySet<GlobalRole>, allStaff: boolean): boolean {
  if (roles.has('admin')) return true;
  return allStaff && [...roles].some((r) => r !== 'member');
}

/** Those who must use two-factor sign-in turn it on before they use anything else. */
export function mustEnrollTotp(p: Principal | null, allStaff: boolean): boolean {
  return !!p && !p.totpEnabled && requiresTotp(p.roles, allStaff);
}
