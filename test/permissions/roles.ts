// The roles of the permission matrix (test/permissions.test.ts and its parts in this folder), and
// the sets of them the parts name.
import { STAFF_ROLES } from '../../src/db/types.js';

// 'transition': a membership staff member who also holds the Members in Transition permission.
export const ROLES = ['visitor', 'member', 'orgContact', 'orgAdmin', ...STAFF_ROLES, 'transition'] as const;
export type Role = (typeof ROLES)[number];

export const ALL: Role[] = [...ROLES];
export const SIGNED_IN: Role[] = ROLES.filter((r) => r !== 'visitor');
export const STAFF: Role[] = [...STAFF_ROLES];
export const ADMIN: Role[] = ['admin'];
export const MEMBERSHIP: Role[] = ['membership', 'admin'];
export const PROGRAMS: Role[] = ['programs', 'admin'];
export const NOBODY: Role[] = [];
