// Resources' use cases: saving a resource (with its file or link, pathways, topics and publish
// state) and a topic page, each with its revision (who changed which fields) and audit row in one
// transaction; a new preview link; counting a download. Knows nothing of HTTP.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB, ResourceType } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { type Audience, markdownProblems, markdownText, moveRefusal, newPreviewToken, type PublishState, recordRevision } from '../publishing/index.js';
import type { CheckedFile } from './files.js';
import { resourceById, topicById } from './queries.js';

export type Trx = Transaction<DB>;
export interface Actor {
  userId: string | null;
  name: string;
  requestId?: string;
}

export interface ResourceInput {
  title: string;
  slug: string;
  summary: string;
  body: string;
  type: ResourceType;
  year: number;
  linkUrl: string | null;
  audience: Audience;
  state: PublishState;
  publishAt: Date | null;
  pathwayIds: string[];
  topicIds: string[];
}

/** A web address made from a title. */
export function slugFrom(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/g, '') || 'resource'
  );
}

const sorted = (ids: string[]) => [...new Set(ids)].sort();

function snapshot(i: ResourceInput, file: string | null) {
  return {
    title: i.title,
    slug: i.slug,
    summary: i.summary,
    body: i.body,
    type: i.type,
    year: i.year,
    link_url: i.linkUrl,
    file,
    audience: i.audience,
    state: i.state,
    publish_at: i.publishAt?.toISOString() ?? null,
    pathways: sorted(i.pathwayIds),
    topics: sorted(i.topicIds),
  };
}

const slugTaken = (what: string) =>
  new AppError('resources.slug_taken', {
    status: 409,
    message: `Another ${what} already has this web address.`,
    fields: { slug: `Another ${what} already has this web address; choose another.` },
  });

function check(i: ResourceInput | { state: PublishState; publishAt: Date | null }, from: PublishState, now: Date, body: string, bodyField: string): FieldErrors {
  const errors: FieldErrors = {};
  const problems = markdownProblems(body);
  if (problems.length) errors[bodyField] = problems.join(' ');
  const refusal = moveRefusal(from, i.state, i.publishAt, now);
  if (refusal) errors[i.state === 'scheduled' ? 'publish_at' : 'state'] = refusal;
  return errors;
}

/** When a resource went (or goes) live: kept from its first publication; a scheduled one's time. */
function liveSince(state: PublishState, publishAt: Date | null, before: Date | null, now: Date): Date | null {
  if (state === 'scheduled') return publishAt;
  if (state === 'published') return before ?? now;
  return before;
}

/** Creates (no `id`) or updates a resource. `file`: a new file; `removeFile`: drop the stored one. */
export async function saveResource(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  o: { id?: string; input: ResourceInput; file?: CheckedFile | null; removeFile?: boolean; actor: Actor },
): Promise<{ id: string }> {
  const now = deps.clock.now();
  const before = o.id ? await resourceById(trx, o.id) : null;
  if (o.id && !before) throw new AppError('not_found', { message: 'There is no such resource.' });
  const i = o.input;
  const errors = check(i, before?.state ?? 'draft', now, i.body, 'body');
  const keepsFile = !!before?.file && !o.removeFile;
  if (i.linkUrl && (o.file || keepsFile)) errors.link_url = 'A resource has a file or a link, not both: remove the file, or leave the link empty.';
  if (Object.keys(errors).length) throw fieldError(errors);
  const values = {
    slug: i.slug,
    title: i.title,
    summary: i.summary,
    body: i.body,
    body_text: markdownText(i.body),
    type: i.type,
    year: i.year,
    link_url: i.linkUrl,
    audience: i.audience,
    state: i.state,
    publish_at: i.publishAt,
    published_at: liveSince(i.state, i.publishAt, before?.published_at ?? null, now),
    pathway_ids: sorted(i.pathwayIds),
    topic_ids: sorted(i.topicIds),
    updated_at: now,
  };
  let id: string;
  try {
    if (before) {
      await trx.updateTable('resources').set(values).where('id', '=', before.id).execute();
      id = before.id;
    } else {
      id = (
        await trx
          .insertInto('resources')
          .values({ ...values, created_by: o.actor.userId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
  } catch (err) {
    if (isUniqueViolation(err, 'resources_slug_key')) throw slugTaken('resource');
    throw err;
  }
  if (o.file) {
    const f = {
      filename: o.file.filename,
      content_type: o.file.contentType,
      size_bytes: o.file.bytes.length,
      content: o.file.bytes,
      uploaded_by: o.actor.userId,
      uploaded_at: now,
    };
    await trx
      .insertInto('resource_files')
      .values({ resource_id: id, ...f })
      .onConflict((oc) => oc.column('resource_id').doUpdateSet(f))
      .execute();
  } else if (o.removeFile && before?.file) {
    await trx.deleteFrom('resource_files').where('resource_id', '=', id).execute();
  }
  const fileName = o.file ? o.file.filename : keepsFile ? (before?.file?.filename ?? null) : null;
  const after = snapshot(i, fileName);
  const prior = before
    ? snapshot(
        {
          ...before,
          linkUrl: before.link_url,
          publishAt: before.publish_at,
          pathwayIds: before.pathway_ids,
          topicIds: before.topic_ids,
        },
        before.file?.filename ?? null,
      )
    : null;
  // A new file of the same name is a change too.
  if (prior && o.file) prior.file = `${prior.file ?? ''} (replaced)`;
  const action = !before ? 'created' : before.state !== i.state ? i.state : 'edited';
  await recordRevision(trx, { kind: 'resource', itemId: id, actor: o.actor, action, before: prior, after });
  await writeAudit(trx, {
    actorUserId: o.actor.userId,
    action: before ? 'resources.updated' : 'resources.created',
    entityType: 'resource',
    entityId: id,
    before: prior ? { ...prior, body: undefined } : null,
    after: { ...after, body: undefined },
    requestId: o.actor.requestId ?? null,
    at: now,
  });
  return { id };
}

export interface TopicInput {
  name: string;
  slug: string;
  introduction: string;
  state: PublishState;
  publishAt: Date | null;
}

/** Creates (no `id`) or updates a topic page. */
export async function saveTopic(trx: Trx, deps: Pick<Deps, 'clock'>, o: { id?: string; input: TopicInput; actor: Actor }): Promise<{ id: string }> {
  const now = deps.clock.now();
  const before = o.id ? await topicById(trx, o.id) : null;
  if (o.id && !before) throw new AppError('not_found', { message: 'There is no such topic page.' });
  const i = o.input;
  const errors = check(i, before?.state ?? 'draft', now, i.introduction, 'introduction');
  if (Object.keys(errors).length) throw fieldError(errors);
  const values = { slug: i.slug, name: i.name, introduction: i.introduction, state: i.state, publish_at: i.publishAt, updated_at: now };
  let id: string;
  try {
    if (before) {
      await trx.updateTable('resource_topics').set(values).where('id', '=', before.id).execute();
      id = before.id;
    } else {
      id = (
        await trx
          .insertInto('resource_topics')
          .values({ ...values, created_by: o.actor.userId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
  } catch (err) {
    if (isUniqueViolation(err, 'resource_topics_slug_key')) throw slugTaken('topic page');
    throw err;
  }
  const shot = (t: TopicInput) => ({ name: t.name, slug: t.slug, introduction: t.introduction, state: t.state, publish_at: t.publishAt?.toISOString() ?? null });
  const prior = before ? shot({ ...before, publishAt: before.publish_at }) : null;
  const action = !before ? 'created' : before.state !== i.state ? i.state : 'edited';
  await recordRevision(trx, { kind: 'topic', itemId: id, actor: o.actor, action, before: prior, after: shot(i) });
  await writeAudit(trx, {
    actorUserId: o.actor.userId,
    action: before ? 'resources.topic_updated' : 'resources.topic_created',
    entityType: 'resource_topic',
    entityId: id,
    before: prior,
    after: shot(i),
    requestId: o.actor.requestId ?? null,
    at: now,
  });
  return { id };
}

/** A new preview link's token for a resource or topic page (the old link stops working). */
export async function newPreviewLink(db: Db | Trx, kind: 'resource' | 'topic', id: string): Promise<string> {
  const { token, hash } = newPreviewToken();
  if (kind === 'resource') await db.updateTable('resources').set({ preview_hash: hash }).where('id', '=', id).execute();
  else await db.updateTable('resource_topics').set({ preview_hash: hash }).where('id', '=', id).execute();
  return token;
}

/** Counts one download (or follow of the link) of a resource. */
export async function countDownload(db: Db, id: string): Promise<void> {
  await db
    .updateTable('resources')
    .set((eb) => ({ download_count: eb('download_count', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
