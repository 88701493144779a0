// Reads of the business challenge: a challenge by its slug (with its government), its catalogue,
// the leaderboard, a business's own actions, the government's review queue, an evidence file.
import type { Db } from '../../db/client.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { badgeFor, RUNS_CHALLENGES, rankByPoints, type Thresholds } from './shared.js';

export async function challengeBySlug(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  return db
    .selectFrom('challenges as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.slug',
      'c.title',
      'c.description',
      'c.starts_on',
      'c.ends_on',
      'c.bronze_points',
      'c.silver_points',
      'c.gold_points',
      'c.organization_id',
      'o.name as government',
      'o.state',
      'o.entity_type',
      'o.place_source',
    ])
    .where('c.slug', '=', slug)
    .executeTakeFirst();
}
export type Challenge = NonNullable<Awaited<ReturnType<typeof challengeBySlug>>>;

export const thresholdsOf = (c: Pick<Challenge, 'bronze_points' | 'silver_points' | 'gold_points'>): Thresholds => ({
  bronze: c.bronze_points,
  silver: c.silver_points,
  gold: c.gold_points,
});

/** The challenge's catalogue, by category then title; retired actions only when asked. */
export function catalogue(db: Db, challengeId: string, opts: { withRetired?: boolean } = {}) {
  let q = db.selectFrom('challenge_actions').select(['id', 'title', 'category', 'points', 'evidence_required', 'retired']).where('challenge_id', '=', challengeId);
  if (!opts.withRetired) q = q.where('retired', '=', false);
  return q.orderBy('category').orderBy('title').execute();
}

export interface LeaderboardRow {
  rank: number;
  businessId: string;
  name: string;
  points: number;
  badge: ReturnType<typeof badgeFor>;
  categories: Record<string, number>;
}

/** Every business of the challenge with its verified points (in total and by category), ranked. */
export async function leaderboard(db: Db, c: Challenge): Promise<LeaderboardRow[]> {
  const [businesses, points] = await Promise.all([
    db.selectFrom('challenge_businesses').select(['id', 'name']).where('challenge_id', '=', c.id).execute(),
    db
      .selectFrom('challenge_completions as k')
      .innerJoin('challenge_actions as a', 'a.id', 'k.action_id')
      .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
      .select(['k.business_id', 'a.category', (eb) => eb.fn.sum<string | number>('a.points').as('points')])
      .where('b.challenge_id', '=', c.id)
      .where('k.status', '=', 'verified')
      .groupBy(['k.business_id', 'a.category'])
      .execute(),
  ]);
  const t = thresholdsOf(c);
  const rows = businesses.map((b) => {
    const categories: Record<string, number> = {};
    for (const p of points) if (p.business_id === b.id) categories[p.category] = Number(p.points);
    const total = Object.values(categories).reduce((s, n) => s + n, 0);
    return { businessId: b.id, name: b.name, points: total, categories, badge: badgeFor(total, t) };
  });
  return rankByPoints(rows);
}

/** The business a person signed up for this challenge, or undefined. */
export function businessOf(db: Db, challengeId: string, userId: string) {
  return db
    .selectFrom('challenge_businesses')
    .select(['id', 'name', 'street', 'city', 'state', 'postal_code', 'contact_name'])
    .where('challenge_id', '=', challengeId)
    .where('contact_user_id', '=', userId)
    .executeTakeFirst();
}

/** A business's marks, by action. */
export function completionsOf(db: Db, businessId: string) {
  return db
    .selectFrom('challenge_completions as k')
    .leftJoin('challenge_evidence_files as f', 'f.completion_id', 'k.id')
    .select(['k.id', 'k.action_id', 'k.status', 'k.evidence_text', 'k.reason', 'f.filename'])
    .where('k.business_id', '=', businessId)
    .execute();
}

const queueRows = (db: Db, challengeId: string) =>
  db
    .selectFrom('challenge_completions as k')
    .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
    .innerJoin('challenge_actions as a', 'a.id', 'k.action_id')
    .leftJoin('challenge_evidence_files as f', 'f.completion_id', 'k.id')
    .select([
      'k.id',
      'k.status',
      'k.evidence_text',
      'k.reason',
      'k.submitted_at',
      'k.reviewed_at',
      'b.name as business',
      'a.title as action',
      'a.points',
      'a.category',
      'f.filename',
    ])
    .where('b.challenge_id', '=', challengeId);

const countOf = async (db: Db, challengeId: string, waiting: boolean) =>
  Number(
    (
      await db
        .selectFrom('challenge_completions as k')
        .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('b.challenge_id', '=', challengeId)
        .where('k.status', waiting ? '=' : '<>', 'submitted')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** How many actions the government shows at once: waiting ones, and decided ones per page. */
export const WAITING_SHOWN = 50;
export const DECIDED_PER_PAGE = 50;

/** The government's queue: actions marked done and waiting, oldest first (the first
 * `WAITING_SHOWN`), with how many wait in all. */
export async function waitingQueue(db: Db, challengeId: string) {
  const [rows, total] = await Promise.all([
    queueRows(db, challengeId).where('k.status', '=', 'submitted').orderBy('k.submitted_at').orderBy('k.id').limit(WAITING_SHOWN).execute(),
    countOf(db, challengeId, true),
  ]);
  return { rows, total };
}

/** One page of the actions the government decided, newest decision first, with how many there
 * are; a page past the last is the first. */
export async function decidedPage(db: Db, challengeId: string, page: number) {
  const total = await countOf(db, challengeId, false);
  const pages = Math.max(1, Math.ceil(total / DECIDED_PER_PAGE));
  const shown = page >= 1 && page <= pages ? page : 1;
  const rows = await queueRows(db, challengeId)
    .where('k.status', '<>', 'submitted')
    .orderBy('k.reviewed_at', 'desc')
    .orderBy('k.id', 'desc')
    .limit(DECIDED_PER_PAGE)
    .offset((shown - 1) * DECIDED_PER_PAGE)
    .execute();
  return { rows, total, page: shown, pages, first: (shown - 1) * DECIDED_PER_PAGE + 1 };
}

/** An evidence file with who may see it: the business's contact, the government, staff. */
export function evidenceFile(db: Db, completionId: string) {
  return db
    .selectFrom('challenge_evidence_files as f')
    .innerJoin('challenge_completions as k', 'k.id', 'f.completion_id')
    .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
    .innerJoin('challenges as c', 'c.id', 'b.challenge_id')
    .select(['f.filename', 'f.content_type', 'f.size_bytes', 'f.content', 'b.contact_user_id', 'c.organization_id', 'c.slug'])
    .where('f.completion_id', '=', completionId)
    .executeTakeFirst();
}

export function templateActions(db: Db) {
  return db.selectFrom('challenge_template_actions').select(['id', 'title', 'category', 'points', 'evidence_required', 'retired']).orderBy('category').orderBy('title').execute();
}

/** The challenges of these organizations (the government's own list), newest first. */
export function challengesOf(db: Db, organizationIds: readonly string[]) {
  if (organizationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('challenges as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['c.slug', 'c.title', 'c.starts_on', 'c.ends_on', 'o.name as government'])
    .where('c.organization_id', 'in', organizationIds)
    .orderBy('c.starts_on', 'desc')
    .execute();
}

/** Whether the account's email address is verified (accounts' users, read-only). */
export async function emailVerified(db: Db, userId: string): Promise<boolean> {
  const u = await db.selectFrom('users').select('email_verified_at').where('id', '=', userId).executeTakeFirst();
  return !!u?.email_verified_at;
}

/** An organization's challenges for its home: how many businesses joined and how many actions
 * wait for its verification. */
export function challengesWithCounts(db: Db, organizationId: string) {
  return db
    .selectFrom('challenges as c')
    .select((eb) => [
      'c.slug',
      'c.title',
      'c.starts_on',
      'c.ends_on',
      eb.selectFrom('challenge_businesses as b').whereRef('b.challenge_id', '=', 'c.id').select(eb.fn.countAll<number>().as('n')).as('businesses'),
      eb
        .selectFrom('challenge_completions as k')
        .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
        .whereRef('b.challenge_id', '=', 'c.id')
        .where('k.status', '=', 'submitted')
        .select(eb.fn.countAll<number>().as('n'))
        .as('waiting'),
    ])
    .where('c.organization_id', '=', organizationId)
    .orderBy('c.starts_on', 'desc')
    .limit(20)
    .execute();
}

/** Whether an organization may run a challenge: a current member city, town or county. */
export async function mayRunChallenges(db: Db, organizationId: string): Promise<boolean> {
  const o = await db.selectFrom('organizations').select(['status', 'entity_type']).where('id', '=', organizationId).executeTakeFirst();
  return !!o && o.status === 'active' && RUNS_CHALLENGES.includes(o.entity_type);
}

/** The businesses a person signed up (their own places), latest season first. */
export function businessesOf(db: Db, userId: string) {
  return db
    .selectFrom('challenge_businesses as b')
    .innerJoin('challenges as c', 'c.id', 'b.challenge_id')
    .select(['b.name', 'c.slug', 'c.title', 'c.ends_on'])
    .where('b.contact_user_id', '=', userId)
    .orderBy('c.ends_on', 'desc')
    .orderBy('b.joined_at', 'desc')
    .limit(10)
    .execute();
}

/** challenges by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const challengeNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('challenges').select(['id', 'title', 'slug']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Challenge', r.title), href: `/challenges/${r.slug}` }]));
};

/** challenge actions by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const challengeActionNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('challenge_actions as a')
    .innerJoin('challenges as c', 'c.id', 'a.challenge_id')
    .select(['a.id', 'a.title', 'c.title as challenge', 'c.slug'])
    .where('a.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Action', r.title)} of ${titled('challenge', r.challenge)}`, href: `/challenges/${r.slug}` }]));
};
