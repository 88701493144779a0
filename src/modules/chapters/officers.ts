// Officers of a chapter: who is one today (the object-level check of every officer page), an
// officer inviting a student member to a role for a term (or membership staff, when the chapter has
// no officers left to do it), and the invited person's answer. Nobody
// holds a role without accepting it; accepting a role shortens the term of whoever held it before.
import type { ChapterRole } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { replyToHeaders } from '../../lib/email.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { dayOutside, yearsAround } from '../../lib/validators.js';
import { academicStanding } from '../individuals/index.js';
import { foundingOfficerDeclinedEmail, officerDeclinedEmail, officerInvitedByStaffEmail, officerInvitedEmail } from './emails.js';
import { studentByEmail } from './requests.js';
import { type Actor, addDays, type ChapterDeps, membershipStaffEmails, notFound, ROLE_WORDS, type Trx, todayOf } from './shared.js';

/** Whether the person is an officer of the chapter today (accepted, within the term). */
export async function isCurrentOfficer(db: ChapterDeps['db'] | Trx, chapterId: string, userId: string, today: string): Promise<boolean> {
  const row = await db
    .selectFrom('chapter_officers')
    .select('id')
    .where('chapter_id', '=', chapterId)
    .where('user_id', '=', userId)
    .where('status', '=', 'accepted')
    .where('term_start', '<=', today)
    .where('term_end', '>=', today)
    .executeTakeFirst();
  return !!row;
}

export const notAnOfficer = () => new AppError('forbidden', { status: 403, message: 'Only the chapter’s current officers can manage it.' });

/** Refuses anyone but a current officer of this (approved) chapter. */
export async function requireOfficer(db: ChapterDeps['db'] | Trx, chapterId: string, userId: string, today: string): Promise<void> {
  if (!(await isCurrentOfficer(db, chapterId, userId, today))) throw notAnOfficer();
}

type Invitation = { chapterId: string; role: ChapterRole; email: string; termStart: string; termEnd: string };

/** A term's days as a form gives them: refused with the field's words, before anything is read. */
function checkTerm(input: Pick<Invitation, 'termStart' | 'termEnd'>, today: string): void {
  const startOutside = dayOutside(input.termStart, yearsAround(today, { before: 1, after: 1 }));
  if (startOutside) throw fieldError({ termStart: `${startOutside} A term starts within a year of today.` });
  if (input.termEnd < input.termStart) throw fieldError({ termEnd: 'The term must end on or after the day it starts.' });
  if (input.termEnd > addDays(input.termStart, 3 * 366)) throw fieldError({ termEnd: 'A term lasts three years at most.' });
  if (input.termEnd < today) throw fieldError({ termEnd: 'The term has already ended: choose a term that ends today or later.' });
}

/** The invitation's row (a student member's account named by email; one waiting invitation per
 * person and role) and its audit; the caller emails it. */
async function insertInvitation(trx: Trx, actor: Actor, now: Date, input: Invitation, via: 'officer' | 'staff') {
  const person = await studentByEmail(trx, input.email, 'email');
  const pending = await trx
    .selectFrom('chapter_officers')
    .select('id')
    .where('chapter_id', '=', input.chapterId)
    .where('user_id', '=', person.id)
    .where('role', '=', input.role)
    .where('status', '=', 'invited')
    .executeTakeFirst();
  if (pending) throw fieldError({ email: `${person.name} already has an invitation to this role waiting for an answer.` });
  const row = await trx
    .insertInto('chapter_officers')
    .values({ chapter_id: input.chapterId, role: input.role, user_id: person.id, term_start: input.termStart, term_end: input.termEnd, invited_by: actor.userId, invited_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: now,
    actorUserId: actor.userId,
    action: 'chapters.officer_invited',
    entityType: 'chapter_officer',
    entityId: row.id,
    after: { chapterId: input.chapterId, role: input.role, userId: person.id, termStart: input.termStart, termEnd: input.termEnd, via },
    requestId: actor.requestId,
  });
  return { id: row.id, person };
}

async function lockedApproved(trx: Trx, chapterId: string) {
  const c = await trx.selectFrom('chapters').select(['id', 'name', 'university', 'status']).where('id', '=', chapterId).forUpdate().executeTakeFirst();
  if (!c || (c.status !== 'active' && c.status !== 'dormant')) throw notFound();
  return c;
}

export async function inviteOfficer(deps: ChapterDeps, actor: Actor, input: Invitation): Promise<string> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  checkTerm(input, today);
  return deps.db.transaction().execute(async (trx) => {
    const c = await lockedApproved(trx, input.chapterId);
    await requireOfficer(trx, c.id, actor.userId, today);
    const { id, person } = await insertInvitation(trx, actor, now, input, 'officer');
    const inviter = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, {
      to: person.email,
      template: officerInvitedEmail.name,
      data: {
        chapter: c.name,
        university: c.university,
        role: ROLE_WORDS[input.role],
        invitedBy: inviter.name,
        termStart: formatDay(input.termStart),
        termEnd: formatDay(input.termEnd),
        url: `${deps.config.publicUrl}/chapters/invitations`,
      },
    });
    return id;
  });
}

/** Whether the chapter has an officer today (accepted, within the term). */
export async function hasCurrentOfficer(db: ChapterDeps['db'] | Trx, chapterId: string, today: string): Promise<boolean> {
  const row = await db
    .selectFrom('chapter_officers')
    .select('id')
    .where('chapter_id', '=', chapterId)
    .where('status', '=', 'accepted')
    .where('term_start', '<=', today)
    .where('term_end', '>=', today)
    .executeTakeFirst();
  return !!row;
}

/** Membership staff invite a student member to an office of a chapter left with no current
 * officers (nobody is left to invite one). The person accepts as any officer does; the email says
 * who invited them and why, and replies reach that staff member. A chapter with officers is theirs
 * to run: refused (409 `chapters.has_officers`). */
export async function inviteOfficerAsStaff(deps: ChapterDeps, actor: Actor, input: Invitation): Promise<string> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  checkTerm(input, today);
  return deps.db.transaction().execute(async (trx) => {
    const c = await lockedApproved(trx, input.chapterId);
    if (await hasCurrentOfficer(trx, c.id, today)) {
      throw new AppError('chapters.has_officers', {
        status: 409,
        message: 'This chapter has current officers: they invite its officers themselves, from Manage this chapter.',
      });
    }
    const { id, person } = await insertInvitation(trx, actor, now, input, 'staff');
    const staff = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, {
      to: person.email,
      template: officerInvitedByStaffEmail.name,
      headers: replyToHeaders(staff),
      data: {
        chapter: c.name,
        university: c.university,
        role: ROLE_WORDS[input.role],
        invitedBy: staff.name,
        termStart: formatDay(input.termStart),
        termEnd: formatDay(input.termEnd),
        dormant: c.status === 'dormant',
        url: `${deps.config.publicUrl}/chapters/invitations`,
      },
    });
    return id;
  });
}

/** The invited person accepts (a student member still; linked to the role from now on) or declines. */
export async function answerOfficerInvitation(deps: ChapterDeps, actor: Actor, input: { officerId: string; accept: boolean }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const o = await trx
      .selectFrom('chapter_officers as o')
      .innerJoin('chapters as c', 'c.id', 'o.chapter_id')
      .select(['o.id', 'o.status', 'o.role', 'o.term_start', 'o.term_end', 'o.chapter_id', 'o.invited_by', 'c.status as chapterStatus', 'c.name', 'c.slug'])
      .where('o.id', '=', input.officerId)
      .where('o.user_id', '=', actor.userId)
      .forUpdate('o')
      .executeTakeFirst();
    if (!o) throw notFound('invitation');
    if (o.status !== 'invited' || o.chapterStatus === 'declined') throw new AppError('conflict', { message: 'This invitation is no longer waiting for an answer.' });
    if (input.accept && !(await academicStanding(trx, actor.userId)).student) {
      throw new AppError('chapters.not_student', { status: 422, message: 'Officers are student members: your account has no active Student membership, so you cannot accept.' });
    }
    if (input.accept) {
      // Whoever holds the role in an overlapping term hands over the day before this term starts.
      const dayBefore = addDays(o.term_start, -1);
      await trx
        .updateTable('chapter_officers')
        .set({ term_end: dayBefore })
        .where('chapter_id', '=', o.chapter_id)
        .where('role', '=', o.role)
        .where('status', '=', 'accepted')
        .where('term_end', '>=', o.term_start)
        .where('term_start', '<=', dayBefore)
        .execute();
      await trx
        .updateTable('chapter_officers')
        .set({ status: 'withdrawn' })
        .where('chapter_id', '=', o.chapter_id)
        .where('role', '=', o.role)
        .where('status', '=', 'accepted')
        .where('term_end', '>=', o.term_start)
        .where('term_start', '>=', o.term_start)
        .execute();
    }
    await trx
      .updateTable('chapter_officers')
      .set({ status: input.accept ? 'accepted' : 'declined', answered_at: now })
      .where('id', '=', o.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: input.accept ? 'chapters.officer_accepted' : 'chapters.officer_declined',
      entityType: 'chapter_officer',
      entityId: o.id,
      before: { status: 'invited' },
      after: { status: input.accept ? 'accepted' : 'declined', role: o.role },
      requestId: actor.requestId,
    });
    if (!input.accept && o.invited_by && o.invited_by !== actor.userId) {
      await tellInviter(trx, deps, { ...o, invitedBy: o.invited_by, decliner: actor.userId });
    }
    // membership staff review a requested chapter: a founding officer's refusal changes what they decide
    if (!input.accept && o.chapterStatus === 'requested') await tellReviewers(trx, deps, { ...o, decliner: actor.userId });
  });
}

/** A founding officer of a requested chapter declined: membership staff, who decide on the request,
 * are told what it means for their decision (no president: it cannot be approved). */
async function tellReviewers(trx: Trx, deps: ChapterDeps, o: { role: ChapterRole; chapter_id: string; name: string; decliner: string }): Promise<void> {
  const c = await trx
    .selectFrom('chapters as c')
    .innerJoin('users as u', 'u.id', 'c.requested_by')
    .select(['c.university', 'u.name as requester'])
    .where('c.id', '=', o.chapter_id)
    .executeTakeFirstOrThrow();
  const person = await trx.selectFrom('users').select('name').where('id', '=', o.decliner).executeTakeFirstOrThrow();
  const role = ROLE_WORDS[o.role];
  for (const to of await membershipStaffEmails(trx)) {
    await deps.mail.queue(trx, {
      to,
      template: foundingOfficerDeclinedEmail.name,
      data: {
        chapter: o.name,
        university: c.university,
        requester: c.requester,
        person: person.name,
        role,
        president: o.role === 'president',
        url: `${deps.config.publicUrl}/staff/chapters/${o.chapter_id}#officers`,
      },
    });
  }
}

/** A declined invitation is told to whoever sent it, with what they can do next: the officer who
 * invited (Manage this chapter), membership staff (the chapter's staff record), or, for a founding
 * officer of a requested chapter, its requester. */
async function tellInviter(
  trx: Trx,
  deps: ChapterDeps,
  o: { role: ChapterRole; term_start: string; term_end: string; chapter_id: string; chapterStatus: string; name: string; slug: string | null; invitedBy: string; decliner: string },
): Promise<void> {
  const inviter = await trx.selectFrom('users').select(['email', 'disabled_at']).where('id', '=', o.invitedBy).executeTakeFirst();
  if (!inviter || inviter.disabled_at) return;
  const person = await trx.selectFrom('users').select('name').where('id', '=', o.decliner).executeTakeFirstOrThrow();
  const role = ROLE_WORDS[o.role];
  const base = deps.config.publicUrl;
  const requested = o.chapterStatus === 'requested';
  const officer = !requested && (await isCurrentOfficer(trx, o.chapter_id, o.invitedBy, await todayOf(deps)));
  const staff =
    !requested &&
    !officer &&
    !!(await trx.selectFrom('user_roles').select('role').where('user_id', '=', o.invitedBy).where('role', 'in', ['membership', 'admin']).executeTakeFirst());
  const [next, action] = requested
    ? [
        o.role === 'president'
          ? 'The chapter cannot be approved without a founding president who accepted. Membership staff see the answer and decide on your request; to form the chapter with another president, send a new request.'
          : 'Membership staff see the answer. The chapter can still be approved; once it is, its officers can invite someone else to the role.',
        { label: 'Student chapters', url: `${base}/chapters` },
      ]
    : officer
      ? ['You can invite another student member to the role from Manage this chapter.', { label: 'Manage the chapter', url: `${base}/chapters/${o.slug ?? ''}/manage#officers` }]
      : staff
        ? [
            'You can invite another student member to the role from the chapter’s record.',
            { label: 'The chapter’s record', url: `${base}/staff/chapters/${o.chapter_id}#officers` },
          ]
        : ['The chapter’s current officers can invite someone else to the role.', { label: 'The chapter’s page', url: `${base}/chapters/${o.slug ?? ''}` }];
  await deps.mail.queue(trx, {
    to: inviter.email,
    template: officerDeclinedEmail.name,
    data: { chapter: o.name, person: person.name, role, term: requested ? '' : `for the term ${formatDay(o.term_start)} to ${formatDay(o.term_end)}`, next, action },
  });
}
