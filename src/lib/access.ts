// Who may call a route. Every route declares one of these in `config.access`; a route without
// one cannot be registered (see app.ts), so the default is deny.
import type { GlobalRole, OrgRole, StaffRole } from '../db/types.js';
import { STAFF_ROLES } from '../db/types.js';
import { AppError } from './errors.js';

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

/** What a handler needs of a request to know who acts: Fastify's request has it. */
export interface RequestWho {
  principal: Principal | null;
  id: string;
}

/** Who acts in a request, for the service and its audit row: the signed-in person (whom the
 * route's access already required) and the request's id. */
export function actorOf(req: RequestWho): { userId: string; name: string; requestId: string } {
  if (!req.principal) throw new AppError('unauthenticated');
  return { userId: req.principal.userId, name: req.principal.name, requestId: req.id };
}

const ORG_RANK: Record<OrgRole, number> = { contact: 0, admin: 1 };

/** Whether the signed-in person is a contact of this organization, with at least `role` there:
 * the object-level check for a record that names its organization. */
export function actsFor(req: Pick<RequestWho, 'principal'>, organizationId: string | null | undefined, role: OrgRole = 'contact'): boolean {
  const held = organizationId ? req.principal?.orgs.get(organizationId) : undefined;
  return held !== undefined && ORG_RANK[held] >= ORG_RANK[role];
}

/** The organization a request acts for, and the person's role there. */
export interface OrgScope {
  id: string;
  role: OrgRole;
}

export interface OrgScopeOptions {
  /** The id asked for, when the handler has read it itself (a parsed form); otherwise `?org=`,
   * then the form's `org` field. Empty: not asked. */
  asked?: string;
  /** When none is asked: the person's organizations in the order the page lists them (the first is
   * the default); otherwise the first the person holds. */
  ordered?: readonly string[];
  /** The 404's message, for an organization not among the person's own (or none at all). */
  notFound?: string;
  /** The 403's message, for a contact where an administrator is required. */
  forbidden?: string;
}

function askedOrganization(req: { query?: unknown; body?: unknown }): string | undefined {
  for (const source of [req.query, req.body]) {
    const org = source && typeof source === 'object' ? (source as { org?: unknown }).org : undefined;
    if (typeof org === 'string' && org !== '') return org;
  }
  return undefined;
}

/**
 * The organization a request acts for: the one asked for (`?org=`, else the form's `org` field),
 * or by default the person's first. Another organization's id, or a malformed one, is a 404 that
 * reveals nothing; a plain contact where `role` is 'admin' is a 403.
 * ```ts
 * const { id: orgId, role } = orgScope(req, 'admin');
 * ```
 */
export function orgScope(req: Pick<RequestWho, 'principal'> & { query?: unknown; body?: unknown }, role: OrgRole = 'contact', opts: OrgScopeOptions = {}): OrgScope {
  const orgs = req.principal?.orgs;
  const asked = opts.asked !== undefined ? opts.asked || undefined : askedOrganization(req);
  const id = asked ?? opts.ordered?.[0] ?? (orgs ? [...orgs.keys()][0] : undefined);
  const held = id ? orgs?.get(id) : undefined;
  if (!id || held === undefined) throw new AppError('not_found', { message: opts.notFound ?? 'We could not find that organization among yours.' });
  if (ORG_RANK[held] < ORG_RANK[role]) {
    throw new AppError('forbidden', {
      message: opts.forbidden ?? 'Only an administrator of your organization can do that.',
      wayOn: { href: `/org?org=${encodeURIComponent(id)}`, label: 'Back to your organization', organizationId: id },
    });
  }
  return { id, role: held };
}
