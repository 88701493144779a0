// The job center's reads: the search of live postings (published and not expired) with its
// filters and pages, one posting, an employer's own postings, and staff's review queue.
import { sql } from 'kysely';
import type { EmploymentType } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { foldedContains } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';
import { type JobDeps, notFound, type Trx } from './shared.js';

type Db = JobDeps['db'] | Trx;

export interface SearchCriteria {
  q?: string;
  state?: string;
  salaryMin?: number;
  type?: EmploymentType;
  /** posted within this many days */
  within?: number;
}

export const PAGE_SIZE = 20;

const LISTED = ['id', 'title', 'employer_name', 'city', 'state', 'workplace', 'salary_min', 'salary_max', 'employment_type', 'published_at', 'expires_at', 'closes_on'] as const;

export interface ListedJob {
  id: string;
  title: string;
  employer_name: string;
  city: string;
  state: string | null;
  workplace: 'on_site' | 'hybrid' | 'remote';
  salary_min: number;
  salary_max: number;
  employment_type: EmploymentType;
  published_at: Date | null;
  expires_at: Date | null;
  closes_on: string | null;
  /** the description's first 600 characters (Markdown), for a summary */
  excerpt: string;
}

const excerpt = sql<string>`left(description, 600)`.as('excerpt');

/** The live postings matching the criteria; `since` keeps those published at or after it. */
function matching(db: Db, c: SearchCriteria, now: Date, since?: Date) {
  let query = db.selectFrom('job_postings').where('status', '=', 'published').where('expires_at', '>', now);
  const q = c.q?.trim();
  if (q) query = query.where(sql<boolean>`search @@ websearch_to_tsquery('english', ${q})`);
  if (c.state) query = query.where('state', '=', c.state);
  if (c.salaryMin) query = query.where('salary_max', '>=', c.salaryMin);
  if (c.type) query = query.where('employment_type', '=', c.type);
  if (c.within) query = query.where('published_at', '>=', new Date(now.getTime() - c.within * 86_400_000));
  if (since) query = query.where('published_at', '>=', since);
  return query;
}

export async function searchJobs(db: Db, c: SearchCriteria, now: Date, page = 1): Promise<{ jobs: ListedJob[]; total: number }> {
  const [rows, count] = await Promise.all([
    matching(db, c, now)
      .select([...LISTED, excerpt])
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    matching(db, c, now)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { jobs: rows as ListedJob[], total: Number(count.n) };
}

/** Whether keywords hold a word the search can use: "a", "the" or "of" alone hold none (English
 * full-text search skips such words), so they would silently match nothing. */
export async function hasSearchWords(db: Db, q: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select numnode(websearch_to_tsquery('english', ${q})) as n`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}
export const NO_SEARCH_WORDS =
  'These keywords have no word to search by: words like “a”, “the” and “of” are skipped. Use a word of the job’s title, employer or description, like “planner”.';

/** searchJobs, kept (`deps.searches`, for `SEARCH_CACHE_MS`) per criteria and page: the same
 * search within that time reads nothing. A posting approved, edited or renewed forgets every kept
 * search in every process (SEARCHES_CHANNEL); one passing its expiry leaves when the kept answer ends. */
export function keptSearchJobs(deps: Pick<Deps, 'db' | 'clock' | 'searches'>, c: SearchCriteria, page = 1): Promise<{ jobs: ListedJob[]; total: number }> {
  return deps.searches.get(`jobs:${searchKey(c, page)}`, () => searchJobs(deps.db, c, deps.clock.now(), page));
}

/** What names a search and its page among the kept ones (keptSearchJobs, the page's kept results). */
export function searchKey(c: SearchCriteria, page: number): string {
  return JSON.stringify([c.q?.trim() ?? '', c.state ?? '', c.salaryMin ?? 0, c.type ?? '', c.within ?? 0, page]);
}

/** The live postings matching a saved search, published since it was saved and not yet sent to it. */
export async function newMatches(db: Db, savedSearchId: string, c: SearchCriteria, now: Date, since: Date): Promise<ListedJob[]> {
  const rows = await matching(db, { ...c, within: undefined }, now, since)
    .select([...LISTED, excerpt])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('job_alerts_sent as s').select('s.posting_id').where('s.saved_search_id', '=', savedSearchId).whereRef('s.posting_id', '=', 'job_postings.id'))),
    )
    .orderBy('published_at')
    .limit(50)
    .execute();
  return rows as ListedJob[];
}

export function postingById(db: Db, id: string) {
  return db
    .selectFrom('job_postings as j')
    .leftJoin('organizations as o', 'o.id', 'j.organization_id')
    .leftJoin('invoices as i', 'i.id', 'j.invoice_id')
    .select([
      'j.id',
      'j.employer_user_id',
      'j.organization_id',
      'o.name as organization_name',
      'o.slug as organization_slug',
      'j.title',
      'j.employer_name',
      'j.city',
      'j.state',
      'j.workplace',
      'j.salary_min',
      'j.salary_max',
      'j.employment_type',
      'j.description',
      'j.apply_url',
      'j.apply_email',
      'j.closes_on',
      'j.status',
      'j.fee_cents',
      'j.review_message',
      'j.submitted_at',
      'j.published_at',
      'j.expires_at',
      'j.closed_at',
      'j.withdrawn_at',
      'j.invoice_id',
      'j.views',
      'j.apply_clicks',
      'j.created_at',
      'i.public_token as invoice_token',
      'i.status as invoice_status',
    ])
    .where('j.id', '=', id)
    .executeTakeFirst();
}
export type PostingDetail = NonNullable<Awaited<ReturnType<typeof postingById>>>;

/** The employer's own posting by its id: anyone else's, an unknown or a malformed id is a 404. */
export async function ownPosting(db: Db, userId: string, id: string): Promise<PostingDetail> {
  const job = isUuid(id) ? await postingById(db, id) : undefined;
  if (!job || job.employer_user_id !== userId) throw notFound();
  return job;
}

export function myPostings(db: Db, userId: string) {
  return db
    .selectFrom('job_postings as j')
    .leftJoin('invoices as i', 'i.id', 'j.invoice_id')
    .select([
      'j.id',
      'j.title',
      'j.status',
      'j.review_message',
      'j.published_at',
      'j.expires_at',
      'j.closed_at',
      'j.withdrawn_at',
      'j.views',
      'j.apply_clicks',
      'j.created_at',
      'i.public_token as invoice_token',
    ])
    .where('j.employer_user_id', '=', userId)
    .orderBy('j.created_at', 'desc')
    .limit(200)
    .execute();
}
export type MyPosting = Awaited<ReturnType<typeof myPostings>>[number];

export function reviewQueue(db: Db) {
  return db
    .selectFrom('job_postings as j')
    .innerJoin('users as u', 'u.id', 'j.employer_user_id')
    .select(['j.id', 'j.title', 'j.employer_name', 'j.status', 'j.submitted_at', 'j.fee_cents', 'j.paid_at', 'u.name as posted_by'])
    .where('j.status', 'in', ['in_review', 'awaiting_payment', 'changes_requested'])
    .orderBy('j.submitted_at', 'asc')
    .orderBy('j.created_at', 'asc')
    .limit(500)
    .execute();
}
export type QueueRow = Awaited<ReturnType<typeof reviewQueue>>[number];

/** Withdrawn postings a page of staff's list shows unless `limit` says otherwise. */
export const WITHDRAWN_PAGE_SIZE = 50;

/** Where a page of withdrawn postings starts: after this posting (the latest first). */
// (base64url, the characters every keyset-paged list's `cursor` takes: keysetPaging)
const withdrawnCursor = (r: { withdrawn_at: Date | null; id: string }) => Buffer.from(`${(r.withdrawn_at ?? new Date(0)).toISOString()}_${r.id}`).toString('base64url');
function parseWithdrawnCursor(cursor: string): { at: Date; id: string } | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m?.[1] || !m[2] || !isUuid(m[2])) return null;
  const at = new Date(m[1]);
  return Number.isNaN(at.getTime()) ? null : { at, id: m[2] };
}

/** Postings their employers withdrew before publication, the latest first, a page at a time (keyset
 * on withdrawn_at then id, so ties fall in a fixed order and each shows once): when, by whom (the
 * employer's account: only they withdraw), and what became of the fee's invoice. `after` is the
 * previous page's `nextCursor`; null when it names no posting's place (a forged link): malformed,
 * or well formed but naming no withdrawn posting at that time (withdrawn is final and postings are
 * never deleted, so a cursor this list gave always names one; a made-up one read as a place would
 * answer an empty or arbitrary page as if it were real). */
export async function withdrawnPostings(db: Db, opts: { after?: string; limit?: number } = {}) {
  const limit = opts.limit ?? WITHDRAWN_PAGE_SIZE;
  const after = opts.after ? parseWithdrawnCursor(opts.after) : null;
  if (opts.after && !after) return null;
  if (after) {
    const named = await db.selectFrom('job_postings').select('withdrawn_at').where('id', '=', after.id).where('status', '=', 'withdrawn').executeTakeFirst();
    if (named?.withdrawn_at?.getTime() !== after.at.getTime()) return null;
  }
  let q = db
    .selectFrom('job_postings as j')
    .innerJoin('users as u', 'u.id', 'j.employer_user_id')
    .leftJoin('invoices as i', 'i.id', 'j.invoice_id')
    .select([
      'j.id',
      'j.title',
      'j.employer_name',
      'j.fee_cents',
      'j.withdrawn_at',
      'u.name as posted_by',
      'u.email as posted_by_email',
      'i.number as invoice_number',
      'i.status as invoice_status',
    ])
    .where('j.status', '=', 'withdrawn')
    .orderBy('j.withdrawn_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(limit + 1);
  // One row comparison, which the partial index job_postings_withdrawn (0113) starts its scan at; the
  // same condition spelled with OR was a filter over every row of the pages before.
  if (after) q = q.where((eb) => eb(eb.refTuple('j.withdrawn_at', 'j.id'), '<', eb.tuple(after.at, after.id)));
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? withdrawnCursor(last) : null };
}
export type WithdrawnRow = NonNullable<Awaited<ReturnType<typeof withdrawnPostings>>>['rows'][number];

/** Counts a view or an apply-click of a live posting; false when it is not live. */
export async function countHit(db: Db, id: string, what: 'views' | 'apply_clicks', now: Date, notBy?: string | null): Promise<boolean> {
  let q = db
    .updateTable('job_postings')
    .set(what === 'views' ? { views: sql`views + 1` } : { apply_clicks: sql`apply_clicks + 1` })
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('expires_at', '>', now);
  if (notBy) q = q.where('employer_user_id', '<>', notBy);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The name and email of the person who posted (for staff). */
export const employerOf = (db: Db, userId: string) => db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();

/** job postings by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const jobPostingNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('job_postings').select(['id', 'title', 'employer_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Job posting', r.title)} (${r.employer_name})`, href: `/staff/jobs/${r.id}` }]));
};

/** The job postings whose title contains `text` (accents and case aside), at most 200: the audit log's "About" search. */
export async function jobPostingIdsTitled(db: Db, text: string): Promise<string[]> {
  const rows = await db.selectFrom('job_postings').select('id').where(foldedContains('title', text)).limit(200).execute();
  return rows.map((r) => r.id);
}
