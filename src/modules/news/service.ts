// News's use cases: saving a post (new or changed; its move through the workflow, its text's
// rules, its pathways and featured organization, its revision and audit rows, in one
// transaction), making a preview link, and moving posts that feature a duplicate organization to
// the one it was merged into.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps, OrganizationMover } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { isLive, markdownProblems, moveRefusal, newPreviewToken, type PublishState, parsePublishAt, recordRevision } from '../publishing/index.js';
import { featurableOrganization, type NewsPost, postById, userName } from './queries.js';
import type { PostForm } from './schemas.js';

export type Trx = Transaction<DB>;
export interface Actor {
  userId: string | null;
  requestId?: string;
}

/** A URL-safe web address from a title: "Flood Recovery, Year One!" → "flood-recovery-year-one". */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** The state a post is in for its authors: a scheduled post whose time has come is published. */
export const effectiveState = (p: { state: PublishState; publish_at: Date | null }, now: Date): PublishState => (p.state === 'scheduled' && isLive(p, now) ? 'published' : p.state);

/** What the revision history keeps of a post after each save. */
export function snapshotOf(p: {
  title: string;
  slug: string;
  summary: string;
  body: string;
  author_name: string;
  audience: string;
  state: string;
  publish_at: Date | null;
  featured: string | null;
  pathways: string[];
}): Record<string, unknown> {
  return {
    title: p.title,
    slug: p.slug,
    summary: p.summary,
    body: p.body,
    author_name: p.author_name,
    audience: p.audience,
    state: p.state,
    publish_at: p.publish_at ? p.publish_at.toISOString() : null,
    featured_organization: p.featured,
    pathways: [...p.pathways].sort(),
  };
}

const postSnapshot = (p: NewsPost) => snapshotOf({ ...p, featured: p.featured?.slug ?? null, pathways: p.pathways.map((w) => w.slug) });

/** The slug of the organization a "featured" field names: its slug, or its network page's address. */
const featuredSlug = (v: string) => /(?:^|\/network\/)([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(v.trim().toLowerCase())?.[1] ?? null;

export interface SaveInput {
  form: PostForm;
  /** pathway ids chosen (known ones only) */
  pathwayIds: string[];
  /** the association's time zone, in which `publish_at` is read */
  zone: string;
}

/** Creates (no `postId`) or changes a post. Field errors come back as a 400 AppError with fields. */
export async function savePost(deps: Pick<Deps, 'db' | 'clock'>, input: SaveInput, actor: Actor, postId?: string): Promise<{ id: string; slug: string }> {
  const now = deps.clock.now();
  const f = input.form;
  const before = postId ? await postById(deps.db, postId) : null;
  if (postId && !before) throw new AppError('not_found', { message: 'There is no such post.' });
  const errors: FieldErrors = {};
  const problems = markdownProblems(f.body);
  if (problems.length) errors.body = problems.join(' ');
  let featured: { id: string; slug: string } | null = null;
  if (f.featured) {
    const slug = featuredSlug(f.featured);
    featured = slug ? ((await featurableOrganization(deps.db, slug)) ?? null) : null;
    if (!featured) errors.featured = 'No listed member organization has this network page. Enter the end of its address, like city-of-springfield-il, or leave it empty.';
  }
  const given = parsePublishAt(f.publish_at, input.zone);
  const from: PublishState = before ? effectiveState(before, now) : 'draft';
  let publishAt: Date | null = null;
  if (given === 'invalid') errors.publish_at = 'Enter a date and time, like 2027-03-16 09:00.';
  else if (f.state === 'published') {
    if (given && given > now) errors.publish_at = 'To publish it later, choose Scheduled; to publish it now, leave the time empty or in the past.';
    else publishAt = given ?? (from === 'published' && before?.publish_at ? before.publish_at : now);
  } else {
    publishAt = given;
    const refusal = moveRefusal(from, f.state, publishAt, now);
    if (refusal) errors[f.state === 'scheduled' && from !== 'published' ? 'publish_at' : 'state'] = refusal;
  }
  if (Object.keys(errors).length) throw fieldError(errors, 'The post was not saved: see the fields marked.');
  const slug = f.slug || slugify(f.title) || 'story';
  const values = {
    slug,
    title: f.title,
    summary: f.summary,
    body: f.body,
    author_name: f.author_name,
    audience: f.audience,
    state: f.state,
    publish_at: publishAt,
    featured_organization_id: featured?.id ?? null,
  };
  const actorName = await userName(deps.db, actor.userId);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      let id: string;
      if (before) {
        await trx
          .updateTable('news_posts')
          .set({ ...values, updated_at: now })
          .where('id', '=', before.id)
          .execute();
        id = before.id;
        await trx.deleteFrom('news_post_pathways').where('post_id', '=', id).execute();
      } else {
        const row = await trx
          .insertInto('news_posts')
          .values({ ...values, author_user_id: actor.userId, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = row.id;
      }
      if (input.pathwayIds.length)
        await trx
          .insertInto('news_post_pathways')
          .values(input.pathwayIds.map((pathway_id) => ({ post_id: id, pathway_id })))
          .execute();
      const pathwaySlugs = input.pathwayIds.length ? (await trx.selectFrom('pathways').select('slug').where('id', 'in', input.pathwayIds).execute()).map((r) => r.slug) : [];
      const after = snapshotOf({ ...values, featured: featured?.slug ?? null, pathways: pathwaySlugs });
      const beforeSnap = before ? postSnapshot(before) : null;
      const action = !before ? 'created' : from !== f.state ? f.state : 'edited';
      await recordRevision(trx, { kind: 'news', itemId: id, actor: { userId: actor.userId, name: actorName }, action, before: beforeSnap, after });
      await writeAudit(trx, {
        actorUserId: actor.userId,
        action: before ? 'news.post_updated' : 'news.post_created',
        entityType: 'news_post',
        entityId: id,
        // the text itself is in the revision history; the audit row says what moved
        before: beforeSnap ? { title: beforeSnap.title, state: beforeSnap.state, audience: beforeSnap.audience } : undefined,
        after: { title: values.title, state: values.state, audience: values.audience },
        requestId: actor.requestId,
        at: now,
      });
      return { id, slug };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'news_posts_slug_key'))
      throw fieldError({ slug: 'Another post already has this web address; choose another.' }, 'The post was not saved: see the fields marked.');
    throw err;
  }
}

/** A new preview link's token for a post (its hash replaces the one before: the old link stops working). */
export async function makePreviewLink(deps: Pick<Deps, 'db' | 'clock'>, postId: string, actor: Actor): Promise<string> {
  const { token, hash } = newPreviewToken();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('news_posts').set({ preview_hash: hash }).where('id', '=', postId).returning('id').executeTakeFirst();
    if (!row) throw new AppError('not_found', { message: 'There is no such post.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'news.preview_link_made',
      entityType: 'news_post',
      entityId: postId,
      requestId: actor.requestId,
      at: deps.clock.now(),
    });
  });
  return token;
}

/** Posts featuring a duplicate organization feature the one it was merged into. */
export const newsMover: OrganizationMover = {
  module: 'news',
  async count(db, organizationId) {
    const row = await db
      .selectFrom('news_posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('featured_organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return { news_posts: Number(row.n) };
  },
  async move(trx, e) {
    const rows = await trx.updateTable('news_posts').set({ featured_organization_id: e.to }).where('featured_organization_id', '=', e.from).returning('id').execute();
    return { news_posts: rows.length };
  },
};
