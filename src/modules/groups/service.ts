// Groups and their members: staff create a group, a member requests one (staff approve or decline
// it, and its requester becomes its moderator); members join an open group, ask to join a
// request-to-join group (a moderator approves), or accept an invitation to a private one; each
// member chooses their emails. Every change by a moderator or staff is audited.
import type { GroupKind, GroupNotify } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { groupApprovedEmail, groupDeclinedEmail, joinApprovedEmail, joinDeclinedEmail, reinstatedEmail, suspendedEmail } from './emails.js';
import { membershipOf } from './queries.js';
import { type Actor, type DbOrTrx, type GroupDeps, type GroupRow, groupNotFound, type Standing, slugOf, type Trx } from './shared.js';
import { groupUrl, tellPerson } from './tell.js';

export interface GroupFields {
  name: string;
  description: string;
  kind: GroupKind;
}

export function readGroupFields(v: Record<string, string | undefined>): { ok: true; data: GroupFields } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = (v.name ?? '').trim();
  const description = (v.description ?? '').trim();
  const kind = v.kind as GroupKind;
  if (!name) errors.name = 'Enter the group’s name.';
  else if (name.length > 120) errors.name = 'Use at most 120 characters.';
  if (description.length > 2000) errors.description = 'Use at most 2,000 characters.';
  if (!['open', 'request', 'private'].includes(kind)) errors.kind = 'Choose who may join: open, ask to join, or private.';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data: { name, description, kind } };
}

async function freeSlug(db: DbOrTrx, name: string): Promise<string> {
  const base = slugOf(name);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirst())) return slug;
  }
}

const addMember = (trx: Trx, groupId: string, userId: string, status: 'active' | 'pending' | 'invited', role: 'member' | 'moderator', at: Date) =>
  trx
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, status, role, unsubscribe_key: randomToken(32), joined_at: at })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();

/** Staff create an active group (and moderate it); a member's group is a request staff decide. */
export async function createGroup(deps: GroupDeps, actor: Actor, fields: GroupFields, asStaff: boolean): Promise<{ id: string; slug: string; status: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const slug = await freeSlug(trx, fields.name);
    const status = asStaff ? 'active' : 'requested';
    const g = await trx
      .insertInto('groups')
      .values({
        slug,
        name: fields.name,
        description: fields.description,
        kind: fields.kind,
        status,
        requested_by: asStaff ? null : actor.userId,
        created_by: asStaff ? actor.userId : null,
        created_at: now,
      })
      .returning(['id', 'slug', 'status'])
      .executeTakeFirstOrThrow();
    if (asStaff) await addMember(trx, g.id, actor.userId, 'active', 'moderator', now);
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: asStaff ? 'groups.created' : 'groups.requested',
      entityType: 'group',
      entityId: g.id,
      after: { ...fields, slug },
      requestId: actor.requestId,
      at: now,
    });
    return g;
  });
}

/** Staff approve (the requester becomes its moderator) or decline a requested group. */
export async function decideGroupRequest(deps: GroupDeps, actor: Actor, groupId: string, approve: boolean, reason: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const waiting = await trx.selectFrom('groups').select('status').where('id', '=', groupId).forUpdate().executeTakeFirst();
    if (waiting?.status !== 'requested') throw new AppError('groups.not_requested', { message: 'This group is not waiting for a decision.' });
    // a decline is told to the member with its reason, like a declined request to join
    if (!approve && !reason.trim()) throw fieldError({ reason: 'Give the reason for declining: the member who asked for the group is told it.' });
    const g = await trx
      .updateTable('groups')
      .set({ status: approve ? 'active' : 'declined', decision_reason: reason || null, created_by: actor.userId })
      .where('id', '=', groupId)
      .where('status', '=', 'requested')
      .returning(['id', 'requested_by', 'name', 'slug'])
      .executeTakeFirst();
    if (!g) throw new AppError('groups.not_requested', { message: 'This group is not waiting for a decision.' });
    if (approve && g.requested_by) await addMember(trx, g.id, g.requested_by, 'active', 'moderator', now);
    if (g.requested_by) {
      if (approve) await tellPerson(trx, deps, g.requested_by, groupApprovedEmail, { group: g.name, note: reason, url: groupUrl(deps, g.slug) });
      else await tellPerson(trx, deps, g.requested_by, groupDeclinedEmail, { group: g.name, reason, url: `${deps.config.publicUrl}/groups` });
    }
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: approve ? 'groups.request_approved' : 'groups.request_declined',
      entityType: 'group',
      entityId: g.id,
      after: { reason },
      requestId: actor.requestId,
      at: now,
    });
  });
}

/** Joins an open group, asks to join a request-to-join group, or accepts an invitation. */
export async function joinGroup(deps: GroupDeps, actor: Actor, group: GroupRow, standing: Standing): Promise<'active' | 'pending'> {
  if (!standing.visible) throw groupNotFound();
  const m = standing.membership;
  if (m?.status === 'active' || m?.status === 'pending') return m.status;
  if (m?.status === 'suspended') throw new AppError('groups.suspended', { status: 403, message: 'You are suspended from this group.' });
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    if (m?.status === 'invited') {
      await trx.updateTable('group_members').set({ status: 'active', joined_at: now }).where('id', '=', m.id).where('status', '=', 'invited').execute();
      return 'active' as const;
    }
    // community staff read and moderate every group already: they join any of them at once
    if (group.kind === 'private' && !standing.staff) throw groupNotFound();
    const status = group.kind === 'open' || standing.staff ? 'active' : 'pending';
    await addMember(trx, group.id, actor.userId, status, 'member', now);
    return status;
  });
}

/** Leaves a group (or withdraws a request, or declines an invitation). A suspension stays. */
export async function leaveGroup(deps: GroupDeps, actor: Actor, groupId: string): Promise<void> {
  await deps.db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', actor.userId).where('status', '<>', 'suspended').execute();
}

export async function setNotify(deps: GroupDeps, actor: Actor, groupId: string, notify: GroupNotify): Promise<void> {
  const r = await deps.db
    .updateTable('group_members')
    .set({ notify })
    .where('group_id', '=', groupId)
    .where('user_id', '=', actor.userId)
    .where('status', 'in', ['active', 'suspended'])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw groupNotFound();
}

/** A moderator invites an account (by its email) to the group; nothing says whether it exists. */
export async function inviteToGroup(deps: GroupDeps, actor: Actor, group: GroupRow, email: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const u = await trx.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).where('disabled_at', 'is', null).executeTakeFirst();
    if (!u) return;
    await addMember(trx, group.id, u.id, 'invited', 'member', now);
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'groups.member_invited',
      entityType: 'group',
      entityId: group.id,
      after: { userId: u.id },
      requestId: actor.requestId,
      at: now,
    });
  });
}

export type MemberAction = 'approve' | 'decline' | 'suspend' | 'reinstate' | 'moderator' | 'member';

/** A moderator's decision about a member: approve or decline a request to join, suspend (with a
 * reason) or reinstate, make moderator or plain member. */
export async function actOnMember(deps: GroupDeps, actor: Actor, group: GroupRow, membershipId: string, action: MemberAction, reason: string): Promise<{ name: string }> {
  if (action === 'decline' && !reason.trim()) throw fieldError({ reason: 'Give the reason for declining: the member who asked to join is told it.' });
  if (action === 'suspend' && !reason.trim()) throw fieldError({ reason: 'Give the reason for the suspension: the member is told it.' });
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const m = await trx
      .selectFrom('group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.user_id', 'm.status', 'm.role', 'u.name'])
      .where('m.id', '=', membershipId)
      .where('m.group_id', '=', group.id)
      .executeTakeFirst();
    if (!m) throw new AppError('not_found', { message: 'There is no such member of this group.' });
    if (m.user_id === actor.userId && action !== 'approve') throw new AppError('groups.own_membership', { message: 'You cannot do that to your own membership.' });
    const from: Record<MemberAction, string[]> = {
      approve: ['pending'],
      decline: ['pending'],
      suspend: ['active'],
      reinstate: ['suspended'],
      moderator: ['active'],
      member: ['active'],
    };
    if (!from[action].includes(m.status)) throw new AppError('groups.member_state', { message: 'The member’s standing changed: reload the page.' });
    const q = trx.updateTable('group_members').where('id', '=', m.id).where('status', '=', m.status);
    if (action === 'approve') await q.set({ status: 'active', joined_at: now }).execute();
    else if (action === 'decline') await trx.deleteFrom('group_members').where('id', '=', m.id).where('status', '=', 'pending').execute();
    else if (action === 'suspend') await q.set({ status: 'suspended', suspended_reason: reason.trim() }).execute();
    else if (action === 'reinstate') await q.set({ status: 'active', suspended_reason: null }).execute();
    else await q.set({ role: action }).execute();
    const told = { group: group.name, url: groupUrl(deps, group.slug) };
    if (action === 'approve') await tellPerson(trx, deps, m.user_id, joinApprovedEmail, told);
    else if (action === 'decline') await tellPerson(trx, deps, m.user_id, joinDeclinedEmail, { ...told, reason: reason.trim() });
    else if (action === 'suspend') await tellPerson(trx, deps, m.user_id, suspendedEmail, { ...told, reason: reason.trim() });
    else if (action === 'reinstate') await tellPerson(trx, deps, m.user_id, reinstatedEmail, told);
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: `groups.member_${action === 'moderator' || action === 'member' ? 'role_changed' : action === 'approve' ? 'approved' : action === 'decline' ? 'declined' : action === 'suspend' ? 'suspended' : 'reinstated'}`,
      entityType: 'group_member',
      entityId: m.id,
      before: { status: m.status, role: m.role },
      after: { action, reason: reason.trim() || null, groupId: group.id, userId: m.user_id },
      requestId: actor.requestId,
      at: now,
    });
    return { name: m.name };
  });
}

export { membershipOf };
