// A chapter's life as staff see it: requested by a student or faculty member (with its founding
// officers invited, each linked only once they accept), approved by membership staff (active, with
// its web address) or declined with reasons. Audited, emailed. (A dormant chapter's way back is
// reactivation.ts.)

import type { ChapterRole } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { academicStanding } from '../individuals/index.js';
import { approvedEmail, declinedEmail, officerInvitedEmail, requestReceivedEmail } from './emails.js';
import { type Actor, accountByEmail, type ChapterDeps, chapterSettings, foundingTermEnd, membershipStaffEmails, notFound, ROLE_WORDS, type Trx, todayOf } from './shared.js';
import { type Refusal, requestRefusalOf } from './standing.js';

export interface ChapterRequest {
  name: string;
  university: string;
  city: string;
  state: string;
  advisorName: string;
  advisorEmail: string;
  advisorDepartment: string;
  purpose: string;
  /** the president at least; by the email of their account */
  officers: Array<{ role: ChapterRole; name: string; email: string }>;
}

/** Why this person may not request a chapter (and where to go next), or null. */
export async function requestRefusal(db: ChapterDeps['db'], userId: string): Promise<Refusal | null> {
  return requestRefusalOf(await academicStanding(db, userId));
}

/** An officer named by email must be a student member's account; an unknown address reads the same. */
export async function studentByEmail(trx: Trx, email: string, field: string) {
  const person = await accountByEmail(trx, email);
  if (!person || !(await academicStanding(trx, person.id)).student) {
    throw fieldError({ [field]: `${email.trim()} is not the email of a student member’s account. Each officer needs an account with an active Student membership.` });
  }
  return person;
}

export async function requestChapter(deps: ChapterDeps, actor: Actor, input: ChapterRequest): Promise<string> {
  const refusal = await requestRefusal(deps.db, actor.userId);
  if (refusal) throw new AppError('chapters.not_eligible', { status: 403, message: refusal.message });
  if (!input.officers.some((o) => o.role === 'president')) throw fieldError({ president_email: 'Name the founding president.' });
  const now = deps.clock.now();
  const today = await todayOf(deps);
  return deps.db.transaction().execute(async (trx) => {
    const settings = await chapterSettings(trx);
    const people: Array<{ role: ChapterRole; person: { id: string; name: string; email: string } }> = [];
    for (const o of input.officers) {
      const person = await studentByEmail(trx, o.email, `${o.role}_email`);
      if (people.some((p) => p.person.id === person.id)) throw fieldError({ [`${o.role}_email`]: 'One person can hold one officer role: this account is named twice.' });
      people.push({ role: o.role, person });
    }
    const chapter = await trx
      .insertInto('chapters')
      .values({
        name: input.name,
        university: input.university,
        city: input.city,
        state: input.state,
        advisor_name: input.advisorName,
        advisor_email: input.advisorEmail,
        advisor_department: input.advisorDepartment,
        purpose: input.purpose,
        requested_by: actor.userId,
        requested_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const termEnd = foundingTermEnd(today, settings);
    const requester = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    for (const { role, person } of people) {
      await trx
        .insertInto('chapter_officers')
        .values({ chapter_id: chapter.id, role, user_id: person.id, term_start: today, term_end: termEnd, founding: true, invited_by: actor.userId, invited_at: now })
        .execute();
      await deps.mail.queue(trx, {
        to: person.email,
        template: officerInvitedEmail.name,
        data: {
          chapter: input.name,
          university: input.university,
          role: ROLE_WORDS[role],
          invitedBy: requester.name,
          termStart: 'the chapter’s approval',
          termEnd: formatDay(termEnd),
          url: `${deps.config.publicUrl}/chapters/invitations`,
        },
      });
    }
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.requested',
      entityType: 'chapter',
      entityId: chapter.id,
      after: { ...input, officers: people.map((p) => ({ role: p.role, userId: p.person.id })) },
      requestId: actor.requestId,
    });
    for (const to of await membershipStaffEmails(trx)) {
      await deps.mail.queue(trx, {
        to,
        template: requestReceivedEmail.name,
        data: { chapter: input.name, university: input.university, requester: requester.name, url: `${deps.config.publicUrl}/staff/chapters/${chapter.id}` },
      });
    }
    return chapter.id;
  });
}

/** Addresses under /chapters that are pages, not chapters. */
const RESERVED = new Set(['new', 'invitations', 'mine']);

export function slugFromName(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 70)
    .replace(/-+$/g, '');
  return s || 'chapter';
}

async function freeSlug(trx: Trx, name: string): Promise<string> {
  const base = slugFromName(name);
  for (let i = 1; i < 1000; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (RESERVED.has(slug)) continue;
    const taken = await trx.selectFrom('chapters').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!taken) return slug;
  }
  throw new AppError('conflict', { message: 'Could not find a free web address for this chapter.' });
}

async function lockedChapter(trx: Trx, chapterId: string) {
  const c = await trx
    .selectFrom('chapters as c')
    .innerJoin('users as u', 'u.id', 'c.requested_by')
    .select(['c.id', 'c.status', 'c.name', 'c.university', 'c.slug', 'u.email as requesterEmail'])
    .where('c.id', '=', chapterId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!c) throw notFound();
  return c;
}

/** Staff approve a requested chapter whose president has accepted: it becomes active with its address. */
export async function approveChapter(deps: ChapterDeps, actor: Actor, input: { chapterId: string }): Promise<{ slug: string }> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  return deps.db.transaction().execute(async (trx) => {
    const c = await lockedChapter(trx, input.chapterId);
    if (c.status !== 'requested') throw new AppError('conflict', { message: `This request is already ${c.status === 'declined' ? 'declined' : 'approved'}.` });
    const president = await trx
      .selectFrom('chapter_officers')
      .select('id')
      .where('chapter_id', '=', c.id)
      .where('role', '=', 'president')
      .where('status', '=', 'accepted')
      .executeTakeFirst();
    if (!president)
      throw new AppError('chapters.no_president', {
        status: 409,
        message: 'The founding president has not accepted the role yet: a chapter is approved with a president who accepted.',
      });
    const slug = await freeSlug(trx, c.name);
    const termEnd = foundingTermEnd(today, await chapterSettings(trx));
    await trx.updateTable('chapters').set({ status: 'active', slug, approved_on: today, decided_by: actor.userId, decided_at: now }).where('id', '=', c.id).execute();
    await trx
      .updateTable('chapter_officers')
      .set({ term_start: today, term_end: termEnd })
      .where('chapter_id', '=', c.id)
      .where('founding', '=', true)
      .where('status', 'in', ['invited', 'accepted'])
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.approved',
      entityType: 'chapter',
      entityId: c.id,
      before: { status: 'requested' },
      after: { status: 'active', slug },
      requestId: actor.requestId,
    });
    await deps.mail.queue(trx, {
      to: c.requesterEmail,
      template: approvedEmail.name,
      data: { chapter: c.name, university: c.university, url: `${deps.config.publicUrl}/chapters/${slug}` },
    });
    return { slug };
  });
}

/** Staff decline a request with reasons (emailed to the requester); its invitations are withdrawn. */
export async function declineChapter(deps: ChapterDeps, actor: Actor, input: { chapterId: string; reason: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const c = await lockedChapter(trx, input.chapterId);
    if (c.status !== 'requested') throw new AppError('conflict', { message: `This request is already ${c.status === 'declined' ? 'declined' : 'approved'}.` });
    await trx.updateTable('chapters').set({ status: 'declined', decline_reason: input.reason, decided_by: actor.userId, decided_at: now }).where('id', '=', c.id).execute();
    await trx.updateTable('chapter_officers').set({ status: 'withdrawn' }).where('chapter_id', '=', c.id).where('status', 'in', ['invited', 'accepted']).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.declined',
      entityType: 'chapter',
      entityId: c.id,
      before: { status: 'requested' },
      after: { status: 'declined', reason: input.reason },
      requestId: actor.requestId,
    });
    await deps.mail.queue(trx, {
      to: c.requesterEmail,
      template: declinedEmail.name,
      data: { chapter: c.name, university: c.university, reason: input.reason, url: `${deps.config.publicUrl}/chapters` },
    });
  });
}
