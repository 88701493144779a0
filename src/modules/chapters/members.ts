// Members and events of a chapter: a student member joins an active chapter (one chapter per
// person) or leaves it; its officers remove a member, and add or remove the chapter's events.
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { dayOutside, yearsAround } from '../../lib/validators.js';
import { academicStanding } from '../individuals/index.js';
import { memberRemovedEmail } from './emails.js';
import { requireOfficer } from './officers.js';
import { type Actor, type ChapterDeps, notFound, todayOf } from './shared.js';
import { joinRefusalOf, type Refusal } from './standing.js';

/** Why this person cannot join a chapter now (and where to go next), or null. */
export async function joinRefusal(db: ChapterDeps['db'], userId: string): Promise<Refusal | null> {
  return joinRefusalOf(await academicStanding(db, userId));
}

export async function joinChapter(deps: ChapterDeps, actor: Actor, input: { chapterId: string }): Promise<void> {
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('chapters').select(['id', 'status', 'name']).where('id', '=', input.chapterId).executeTakeFirst();
      if (!c || (c.status !== 'active' && c.status !== 'dormant')) throw notFound();
      if (c.status === 'dormant') throw new AppError('chapters.dormant', { status: 409, message: `${c.name} is dormant and takes no new members until staff reactivate it.` });
      const refusal = joinRefusalOf(await academicStanding(trx, actor.userId));
      if (refusal) throw new AppError('chapters.not_student', { status: 403, message: refusal.message });
      const other = await trx
        .selectFrom('chapter_members as m')
        .innerJoin('chapters as c', 'c.id', 'm.chapter_id')
        .select(['c.id', 'c.name'])
        .where('m.user_id', '=', actor.userId)
        .executeTakeFirst();
      if (other) {
        throw new AppError('chapters.already_member', {
          status: 409,
          message: other.id === c.id ? `You are already a member of ${c.name}.` : `You are a member of ${other.name}: a student belongs to one chapter. Leave it first.`,
        });
      }
      await trx.insertInto('chapter_members').values({ chapter_id: c.id, user_id: actor.userId, joined_at: now }).execute();
      await writeAudit(trx, { at: now, actorUserId: actor.userId, action: 'chapters.member_joined', entityType: 'chapter', entityId: c.id, requestId: actor.requestId });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('chapters.already_member', { status: 409, message: 'You are already a member of a chapter.' });
    throw err;
  }
}

export async function leaveChapter(deps: ChapterDeps, actor: Actor, input: { chapterId: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('chapter_members').where('chapter_id', '=', input.chapterId).where('user_id', '=', actor.userId).returning('user_id').executeTakeFirst();
    if (!gone) throw new AppError('conflict', { message: 'You are not a member of this chapter.' });
    await writeAudit(trx, { at: now, actorUserId: actor.userId, action: 'chapters.member_left', entityType: 'chapter', entityId: input.chapterId, requestId: actor.requestId });
  });
}

/** Why an officer's own row offers no removal, and what to do instead. */
export const REMOVE_SELF_MESSAGE = 'You cannot remove yourself from the chapter here. To stop being a member, press “Leave this chapter” on the chapter’s page.';

/** An officer removes a member of their chapter, who is emailed so; not themselves (409
 * `chapters.remove_self`): an officer who wants out leaves, from the chapter's page, like any member. */
export async function removeMember(deps: ChapterDeps, actor: Actor, input: { chapterId: string; userId: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await requireOfficer(trx, input.chapterId, actor.userId, await todayOf(deps));
    if (input.userId === actor.userId) {
      throw new AppError('chapters.remove_self', { status: 409, message: REMOVE_SELF_MESSAGE });
    }
    const gone = await trx.deleteFrom('chapter_members').where('chapter_id', '=', input.chapterId).where('user_id', '=', input.userId).returning('user_id').executeTakeFirst();
    if (!gone) throw notFound('member of this chapter');
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.member_removed',
      entityType: 'chapter',
      entityId: input.chapterId,
      after: { userId: input.userId },
      requestId: actor.requestId,
    });
    const c = await trx.selectFrom('chapters').select(['name', 'slug']).where('id', '=', input.chapterId).executeTakeFirstOrThrow();
    const [officer, member] = await Promise.all([
      trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow(),
      trx.selectFrom('users').select(['email', 'disabled_at']).where('id', '=', input.userId).executeTakeFirstOrThrow(),
    ]);
    if (!member.disabled_at) {
      await deps.mail.queue(trx, {
        to: member.email,
        template: memberRemovedEmail.name,
        data: { chapter: c.name, officer: officer.name, url: `${deps.config.publicUrl}/chapters/${c.slug ?? ''}` },
      });
    }
  });
}

export interface ChapterEventInput {
  chapterId: string;
  title: string;
  happensOn: string;
  place: string;
  description: string;
}

/** A chapter lists events up to two years back (last year's report names them) and two years ahead. */
export const EVENT_YEARS = { before: 2, after: 2 };

export async function addChapterEvent(deps: ChapterDeps, actor: Actor, input: ChapterEventInput): Promise<string> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  const outside = dayOutside(input.happensOn, yearsAround(today, EVENT_YEARS));
  if (outside) throw fieldError({ happensOn: `${outside} A chapter lists its events of the last two years and the next two.` });
  return deps.db.transaction().execute(async (trx) => {
    await requireOfficer(trx, input.chapterId, actor.userId, today);
    const row = await trx
      .insertInto('chapter_events')
      .values({
        chapter_id: input.chapterId,
        title: input.title,
        happens_on: input.happensOn,
        place: input.place,
        description: input.description,
        created_by: actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.event_added',
      entityType: 'chapter_event',
      entityId: row.id,
      after: input,
      requestId: actor.requestId,
    });
    return row.id;
  });
}

/** An officer removes an event of their chapter; its title comes back. */
export async function removeChapterEvent(deps: ChapterDeps, actor: Actor, input: { chapterId: string; eventId: string }): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await requireOfficer(trx, input.chapterId, actor.userId, await todayOf(deps));
    const gone = await trx.deleteFrom('chapter_events').where('id', '=', input.eventId).where('chapter_id', '=', input.chapterId).returning(['id', 'title']).executeTakeFirst();
    if (!gone) throw notFound('event of this chapter');
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.event_removed',
      entityType: 'chapter_event',
      entityId: gone.id,
      before: { title: gone.title },
      requestId: actor.requestId,
    });
    return gone.title;
  });
}
