// A dormant chapter's way back: a current officer asks membership staff to reactivate it (once,
// until staff decide: they are emailed, and the chapter's record says who asked and when); staff
// reactivate it, which clears the ask and emails its officers what to do next (or, when it has
// none, its last officers and whoever asked), with replies going to that staff member.
import { writeAudit } from '../../lib/audit.js';
import { replyToHeaders } from '../../lib/email.js';
import { AppError } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { reactivatedEmail, reactivationAskedEmail } from './emails.js';
import { requireOfficer } from './officers.js';
import { fileableYears } from './reports.js';
import { type Actor, addDays, type ChapterDeps, chapterSettings, dueDate, membershipStaffEmails, notFound, type Trx, todayOf, yearLabel } from './shared.js';

export async function askReactivation(deps: ChapterDeps, actor: Actor, input: { chapterId: string }): Promise<void> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  const zone = await deps.association.timeZone();
  await deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('chapters')
      .select(['id', 'name', 'status', 'dormant_reason', 'reactivation_asked_at'])
      .where('id', '=', input.chapterId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound();
    await requireOfficer(trx, c.id, actor.userId, today);
    if (c.status !== 'dormant') throw new AppError('conflict', { message: 'The chapter is not dormant: there is nothing to reactivate.' });
    if (c.reactivation_asked_at) {
      throw new AppError('conflict', { message: `Membership staff were asked on ${formatZonedDay(c.reactivation_asked_at, zone)} and have been emailed; they will decide.` });
    }
    await trx.updateTable('chapters').set({ reactivation_asked_at: now, reactivation_asked_by: actor.userId }).where('id', '=', c.id).execute();
    await writeAudit(trx, { at: now, actorUserId: actor.userId, action: 'chapters.reactivation_asked', entityType: 'chapter', entityId: c.id, requestId: actor.requestId });
    const officer = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    for (const to of await membershipStaffEmails(trx)) {
      await deps.mail.queue(trx, {
        to,
        template: reactivationAskedEmail.name,
        data: {
          chapter: c.name,
          officer: officer.name,
          reason: c.dormant_reason || 'it missed its report or had no officers.',
          url: `${deps.config.publicUrl}/staff/chapters/${c.id}`,
        },
      });
    }
  });
}

/** Who is told of a reactivation: the current officers; with none, whoever asked for it and the
 * officers of the last term (those whose terms ended within a year of the latest end). */
async function reactivationRecipients(trx: Trx, chapterId: string, askedBy: string | null, today: string): Promise<{ emails: string[]; officers: boolean }> {
  const rows = await trx
    .selectFrom('chapter_officers as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['u.email', 'o.term_end'])
    .where('o.chapter_id', '=', chapterId)
    .where('o.status', '=', 'accepted')
    .where('o.term_start', '<=', today)
    .where('u.disabled_at', 'is', null)
    .execute();
  const current = rows.filter((r) => r.term_end >= today);
  if (current.length) return { emails: [...new Set(current.map((r) => r.email))], officers: true };
  const lastEnd = rows
    .map((r) => r.term_end)
    .sort()
    .at(-1);
  const last = lastEnd ? rows.filter((r) => r.term_end >= addDays(lastEnd, -366)).map((r) => r.email) : [];
  const asker = askedBy ? await trx.selectFrom('users').select('email').where('id', '=', askedBy).where('disabled_at', 'is', null).executeTakeFirst() : undefined;
  return { emails: [...new Set([...(asker ? [asker.email] : []), ...last])], officers: false };
}

/** Staff bring a dormant chapter back: its report and officer clocks start again from today, and
 * its officers (or those who were) are emailed what to do next. How many were emailed. */
export async function reactivateChapter(deps: ChapterDeps, actor: Actor, input: { chapterId: string }): Promise<number> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  return deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('chapters')
      .select(['id', 'status', 'name', 'university', 'slug', 'approved_on', 'reactivation_asked_by'])
      .where('id', '=', input.chapterId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound();
    if (c.status !== 'dormant') throw new AppError('conflict', { message: 'Only a dormant chapter can be reactivated.' });
    await trx
      .updateTable('chapters')
      .set({ status: 'active', dormant_since: null, dormant_reason: '', reactivated_on: today, reactivation_asked_at: null, reactivation_asked_by: null })
      .where('id', '=', c.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.reactivated',
      entityType: 'chapter',
      entityId: c.id,
      before: { status: 'dormant' },
      after: { status: 'active' },
      requestId: actor.requestId,
    });
    const s = await chapterSettings(trx);
    const next = (await fileableYears(trx, { id: c.id, approvedOn: c.approved_on ?? today }, today, s)).find((y) => dueDate(y, s) >= today);
    const staff = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const { emails, officers } = await reactivationRecipients(trx, c.id, c.reactivation_asked_by, today);
    for (const to of emails) {
      await deps.mail.queue(trx, {
        to,
        template: reactivatedEmail.name,
        headers: replyToHeaders(staff),
        data: {
          chapter: c.name,
          university: c.university,
          staff: staff.name,
          officer: officers,
          report: next ? { year: yearLabel(next), dueOn: formatDay(dueDate(next, s)) } : null,
          officersBy: formatDay(addDays(today, s.graceDays)),
          url: `${deps.config.publicUrl}/chapters/${c.slug ?? ''}`,
        },
      });
    }
    return emails.length;
  });
}
