// Reads of groups: a group with the viewer's membership, the groups a viewer may see, a group's
// threads and members, a thread's posts (with what the viewer may see of held or hidden ones),
// and the full-text search, which only ever looks in groups the viewer belongs to.
import { sql } from 'kysely';
import type { Principal } from '../../lib/access.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { foldedContains } from '../../lib/search-text.js';
import { type DbOrTrx, type GroupRow, isCommunityStaff, type Membership } from './shared.js';

const GROUP_COLUMNS = ['g.id', 'g.slug', 'g.name', 'g.description', 'g.kind', 'g.status'] as const;

export async function groupBySlug(db: DbOrTrx, slug: string): Promise<GroupRow | undefined> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  return db.selectFrom('groups as g').select(GROUP_COLUMNS).where('g.slug', '=', slug).executeTakeFirst();
}

export async function groupById(db: DbOrTrx, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups as g').select(GROUP_COLUMNS).where('g.id', '=', id).executeTakeFirst();
}

export async function membershipOf(db: DbOrTrx, groupId: string, userId: string | undefined): Promise<Membership | null> {
  if (!userId) return null;
  const m = await db
    .selectFrom('group_members')
    .select(['id', 'role', 'status', 'notify', 'suspended_reason'])
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return m ?? null;
}

export interface ListedGroup extends GroupRow {
  members: number;
  my_status: string | null;
  my_role: string | null;
}

/** The active groups the viewer may see: open and ask-to-join groups, and private groups they are
 * in or invited to (all of them for community staff). */
export async function visibleGroups(db: DbOrTrx, p: Principal | null): Promise<ListedGroup[]> {
  const userId = p?.userId ?? '00000000-0000-0000-0000-000000000000';
  const staff = isCommunityStaff(p);
  return db
    .selectFrom('groups as g')
    .leftJoin('group_members as me', (j) => j.onRef('me.group_id', '=', 'g.id').on('me.user_id', '=', userId))
    .select(GROUP_COLUMNS)
    .select(['me.status as my_status', 'me.role as my_role'])
    .select((eb) =>
      eb
        .selectFrom('group_members as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.group_id', '=', 'g.id')
        .where('c.status', 'in', ['active', 'suspended'])
        .as('members'),
    )
    .where('g.status', '=', 'active')
    .$if(!staff, (q) => q.where((eb) => eb.or([eb('g.kind', '<>', 'private'), eb('me.status', 'in', ['active', 'suspended', 'invited'])])))
    .orderBy('g.name')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, members: Number(r.members ?? 0) })));
}

export async function requestedGroups(db: DbOrTrx) {
  return db
    .selectFrom('groups as g')
    .innerJoin('users as u', 'u.id', 'g.requested_by')
    .select([...GROUP_COLUMNS, 'u.name as requester', 'g.created_at'])
    .where('g.status', '=', 'requested')
    .orderBy('g.created_at')
    .execute();
}

/** The groups a member asked for that are still waiting or were declined, with the reason. */
export async function myGroupRequests(db: DbOrTrx, userId: string) {
  return db
    .selectFrom('groups as g')
    .select([...GROUP_COLUMNS, 'g.decision_reason'])
    .where('g.requested_by', '=', userId)
    .where('g.status', 'in', ['requested', 'declined'])
    .orderBy('g.created_at', 'desc')
    .execute();
}

export async function threadsOf(db: DbOrTrx, groupId: string) {
  return (
    db
      .selectFrom('group_threads as t')
      .innerJoin('users as u', 'u.id', 't.author_id')
      .select(['t.id', 't.title', 't.pinned', 't.locked', 't.last_post_at', 'u.name as author'])
      .select((eb) => eb.selectFrom('group_posts as p').select(eb.fn.countAll<number>().as('n')).whereRef('p.thread_id', '=', 't.id').where('p.status', '=', 'visible').as('posts'))
      .where('t.group_id', '=', groupId)
      // a thread whose opening post is not visible yet (held for review) is not listed
      .where((eb) => eb.exists(eb.selectFrom('group_posts as p').select('p.id').whereRef('p.thread_id', '=', 't.id').where('p.status', '=', 'visible')))
      .orderBy('t.pinned', 'desc')
      .orderBy('t.last_post_at', 'desc')
      .limit(100)
      .execute()
  );
}

export async function threadById(db: DbOrTrx, groupId: string, threadId: string) {
  return db
    .selectFrom('group_threads')
    .select(['id', 'group_id', 'title', 'pinned', 'locked', 'author_id', 'created_at'])
    .where('id', '=', threadId)
    .where('group_id', '=', groupId)
    .executeTakeFirst();
}

export type ThreadRow = NonNullable<Awaited<ReturnType<typeof threadById>>>;

export async function postsOf(db: DbOrTrx, threadId: string) {
  return db
    .selectFrom('group_posts as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(['p.id', 'p.author_id', 'p.body', 'p.status', 'p.moderation_reason', 'p.created_at', 'p.edited_at', 'u.name as author'])
    .select((eb) => eb.selectFrom('group_post_edits as e').select(eb.fn.countAll<number>().as('n')).whereRef('e.post_id', '=', 'p.id').as('edits'))
    .where('p.thread_id', '=', threadId)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

export type PostRow = Awaited<ReturnType<typeof postsOf>>[number];

/** A post with its thread and group. */
export async function postById(db: DbOrTrx, postId: string) {
  return db
    .selectFrom('group_posts as p')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .select(['p.id', 'p.author_id', 'p.body', 'p.status', 'p.created_at', 'p.thread_id', 't.group_id', 't.title', 't.author_id as thread_author_id'])
    .where('p.id', '=', postId)
    .executeTakeFirst();
}

export async function editsOf(db: DbOrTrx, postId: string) {
  return db.selectFrom('group_post_edits').select(['id', 'body', 'replaced_at']).where('post_id', '=', postId).orderBy('replaced_at', 'desc').execute();
}

export async function membersOf(db: DbOrTrx, groupId: string) {
  return db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'm.role', 'm.status', 'm.suspended_reason', 'u.name', 'u.email'])
    .where('m.group_id', '=', groupId)
    .orderBy('m.status')
    .orderBy('u.name')
    .execute();
}

/** What moderators have to look at: posts held for review and open reports. */
export async function moderationQueue(db: DbOrTrx, groupId: string) {
  const held = await db
    .selectFrom('group_posts as p')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(['p.id', 'p.body', 'p.created_at', 't.id as thread_id', 't.title', 'u.name as author'])
    .where('t.group_id', '=', groupId)
    .where('p.status', '=', 'held')
    .orderBy('p.created_at')
    .execute();
  const reports = await db
    .selectFrom('group_reports as r')
    .innerJoin('group_posts as p', 'p.id', 'r.post_id')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .innerJoin('users as u', 'u.id', 'r.reporter_id')
    .select(['r.id', 'r.reason', 'r.created_at', 'p.id as post_id', 'p.status as post_status', 't.id as thread_id', 't.title', 'u.name as reporter'])
    .where('t.group_id', '=', groupId)
    .where('r.resolved_at', 'is', null)
    .orderBy('r.created_at')
    .execute();
  return { held, reports };
}

/** Full-text search of visible posts and thread titles in the groups the viewer is an active or
 * suspended member of — never any other group, whatever the viewer's roles. */
export async function searchMyGroups(db: DbOrTrx, userId: string, q: string) {
  const query = sql<string>`websearch_to_tsquery('english', ${q})`;
  return db
    .selectFrom('group_posts as p')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .innerJoin('groups as g', 'g.id', 't.group_id')
    .innerJoin('group_members as m', (j) => j.onRef('m.group_id', '=', 'g.id').on('m.user_id', '=', userId).on('m.status', 'in', ['active', 'suspended']))
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(['p.id', 'p.body', 'p.created_at', 't.id as thread_id', 't.title', 'g.slug', 'g.name as group_name', 'u.name as author'])
    .select(sql<number>`ts_rank(p.search, ${query}) + ts_rank(t.search, ${query})`.as('rank'))
    .where('g.status', '=', 'active')
    .where('p.status', '=', 'visible')
    .where((eb) => eb.or([sql<boolean>`p.search @@ ${query}`, sql<boolean>`t.search @@ ${query}`]))
    .orderBy('rank', 'desc')
    .orderBy('p.created_at', 'desc')
    .limit(50)
    .execute();
}

/** Active and suspended members of a group. */
export async function memberCount(db: DbOrTrx, groupId: string): Promise<number> {
  const r = await db
    .selectFrom('group_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('group_id', '=', groupId)
    .where('status', 'in', ['active', 'suspended'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The attachments of these posts (without their bytes), by post. */
export async function attachmentsOf(db: DbOrTrx, postIds: readonly string[]) {
  const byPost = new Map<string, Array<{ id: string; filename: string; size_bytes: number }>>();
  if (postIds.length === 0) return byPost;
  const rows = await db
    .selectFrom('group_attachments')
    .select(['id', 'post_id', 'filename', 'size_bytes'])
    .where('post_id', 'in', postIds)
    .orderBy('post_id')
    .orderBy('position')
    .execute();
  for (const r of rows) byPost.set(r.post_id, [...(byPost.get(r.post_id) ?? []), { id: r.id, filename: r.filename, size_bytes: r.size_bytes }]);
  return byPost;
}

/** An attachment with its bytes and what decides who may read it: its post's status, author and group. */
export async function attachmentById(db: DbOrTrx, id: string) {
  return db
    .selectFrom('group_attachments as a')
    .innerJoin('group_posts as p', 'p.id', 'a.post_id')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .select(['a.id', 'a.filename', 'a.content_type', 'a.size_bytes', 'a.content', 'p.status', 'p.author_id', 't.group_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** groups by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const groupNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('groups').select(['id', 'name', 'slug']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Group', r.name), href: `/groups/${r.slug}` }]));
};

/** group threads by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const groupThreadNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('group_threads as t')
    .innerJoin('groups as g', 'g.id', 't.group_id')
    .select(['t.id', 't.title', 'g.name', 'g.slug'])
    .where('t.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Thread', r.title)} in ${titled('group', r.name)}`, href: `/groups/${r.slug}` }]));
};

/** group posts (never their text: a post may have been held or removed) by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const groupPostNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('group_posts as p')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .innerJoin('groups as g', 'g.id', 't.group_id')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(['p.id', 'u.name as author', 't.title', 'g.name', 'g.slug'])
    .where('p.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `Post by ${r.author} in ${titled('thread', r.title)} (${titled('group', r.name)})`, href: `/groups/${r.slug}` }]));
};

/** group members by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const groupMemberNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'u.name', 'g.name as group', 'g.slug'])
    .where('m.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${r.name}, member of ${titled('group', r.group)}`, href: `/groups/${r.slug}` }]));
};

/** The groups whose name contains `text` (accents and case aside), at most 200: the audit log's "About" search. */
export async function groupIdsNamed(db: DbOrTrx, text: string): Promise<string[]> {
  const rows = await db.selectFrom('groups').select('id').where(foldedContains('name', text)).limit(200).execute();
  return rows.map((r) => r.id);
}
