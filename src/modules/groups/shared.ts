// What the groups module's files share: their dependencies, the words of its enumerations, who may
// see, read, post in and moderate a group (one function, `standingIn`), the unsubscribe link's
// signature and the @mentions of a post.
import { createHmac } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB, GroupKind, GroupMemberStatus, GroupNotify } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { hasStaffRole, type Principal } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';

export type GroupDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;
export type Trx = Transaction<DB>;
export type DbOrTrx = GroupDeps['db'] | Trx;
export interface Actor {
  userId: string;
  name: string;
  requestId?: string;
}

export const KIND_LABELS: Record<GroupKind, string> = { open: 'Open: any member may join', request: 'Ask to join: a moderator approves', private: 'Private: by invitation only' };
export const KIND_SHORT: Record<GroupKind, string> = { open: 'Open', request: 'Ask to join', private: 'Private' };
export const NOTIFY_LABELS: Record<GroupNotify, string> = { every: 'An email for every post', digest: 'One email a day (daily digest)', none: 'No emails' };

/** How long after posting its author may still edit a post. */
export const EDIT_WINDOW_MS = 15 * 60_000;
/** Posts (threads and replies) one account may make, in all groups, per window. */
export const RATE_LIMIT_POSTS = 5;
export const RATE_LIMIT_WINDOW_MS = 10 * 60_000;
/** An account this young whose first post is not yet approved has it held for review. */
export const NEW_ACCOUNT_MS = 30 * 86_400_000;

export const groupNotFound = () => new AppError('not_found', { message: 'There is no such group, or it is not yours to see.' });
export const postNotFound = () => new AppError('not_found', { message: 'There is no such post.' });

export interface GroupRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  kind: GroupKind;
  status: 'requested' | 'active' | 'declined';
}

export interface Membership {
  id: string;
  role: 'member' | 'moderator';
  status: GroupMemberStatus;
  notify: GroupNotify;
  /** the moderator's reason, shown to the member while they are suspended */
  suspended_reason: string | null;
}

/** What the viewer may do in a group. Private groups exist only for their members and invitees
 * (and community staff, who moderate every group); everyone else gets a 404. */
export interface Standing {
  /** the group exists for the viewer (its name may be shown) */
  visible: boolean;
  /** its threads and posts may be read */
  canRead: boolean;
  /** may start threads and reply */
  canPost: boolean;
  /** may hide, remove, lock, pin, move, approve and suspend */
  moderates: boolean;
  /** community staff (communications, admin): moderate every group */
  staff: boolean;
  membership: Membership | null;
}

export const isCommunityStaff = (p: Principal | null) => hasStaffRole(p, 'communications');

export function standingIn(group: GroupRow, p: Principal | null, m: Membership | null): Standing {
  const staff = isCommunityStaff(p);
  const active = m?.status === 'active';
  const inside = active || m?.status === 'suspended';
  const moderates = group.status === 'active' && (staff || (active && m?.role === 'moderator'));
  if (group.status !== 'active') {
    const requester = staff;
    return { visible: requester, canRead: false, canPost: false, moderates: false, staff, membership: m };
  }
  const visible = group.kind !== 'private' || inside || m?.status === 'invited' || staff;
  const canRead = (group.kind === 'open' && !!p) || inside || staff;
  return { visible, canRead: visible && canRead, canPost: active, moderates, staff, membership: m };
}

/** The one-click unsubscribe token of a membership: HMAC-SHA256 of its id under its own random key
 * (kept in its row, never sent), so no link can be made without the key. */
export const unsubscribeToken = (key: string, membershipId: string) => createHmac('sha256', key).update(`group-unsubscribe:${membershipId}`).digest('base64url');

/** A member's handle for @mentions: their name with everything but letters and digits removed. */
export const handleOf = (name: string) => name.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');

/** The handles @mentioned in a post's text (lower case). */
export function mentionsIn(body: string): Set<string> {
  const out = new Set<string>();
  for (const m of body.matchAll(/(?:^|[^\w@])@([A-Za-z0-9]{2,60})/g)) if (m[1]) out.add(m[1].toLowerCase());
  return out;
}

/** A URL-safe slug of a group's name. */
export const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '') || 'group';
