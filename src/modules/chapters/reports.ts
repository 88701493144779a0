// The yearly chapter report: which academic year an officer files for (the one due next, or last
// year's while it is missing), filing it (once per chapter and year; the membership count comes
// prefilled from the members list; a report sent back is filed again in its place), staff
// accepting it or sending it back with a note (the officers are emailed either way), and the
// settings of when it is due.
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { reportAcceptedEmail, reportReturnedEmail, reportSubmittedEmail } from './emails.js';
import { requireOfficer } from './officers.js';
import {
  type Actor,
  academicYearOf,
  type ChapterDeps,
  type ChapterSettings,
  chapterSettings,
  dueDate,
  membershipStaffEmails,
  notFound,
  officerEmails,
  owesReport,
  type Trx,
  todayOf,
  yearLabel,
} from './shared.js';

/** The years an officer may file for today: last year's when it is owed and missing, then this year's;
 * a report sent back counts as missing (it is filed again in its place). */
export async function fileableYears(db: ChapterDeps['db'] | Trx, chapter: { id: string; approvedOn: string }, today: string, s: ChapterSettings): Promise<number[]> {
  const current = academicYearOf(today, s);
  const filed = new Set(
    (
      await db
        .selectFrom('chapter_reports')
        .select('year')
        .where('chapter_id', '=', chapter.id)
        .where('year', 'in', [current - 1, current])
        .where('returned_at', 'is', null)
        .execute()
    ).map((r) => r.year),
  );
  const years: number[] = [];
  if (owesReport(chapter.approvedOn, current - 1, s) && !filed.has(current - 1)) years.push(current - 1);
  if (!filed.has(current)) years.push(current);
  return years;
}

export async function submitReport(
  deps: ChapterDeps,
  actor: Actor,
  input: { chapterId: string; year: number; activities: string; eventsHeld: string; memberCount: number },
): Promise<string> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('chapters').select(['id', 'name', 'status', 'approved_on']).where('id', '=', input.chapterId).forUpdate().executeTakeFirst();
      if (!c?.approved_on) throw notFound();
      await requireOfficer(trx, c.id, actor.userId, today);
      const s = await chapterSettings(trx);
      const years = await fileableYears(trx, { id: c.id, approvedOn: c.approved_on }, today, s);
      if (!years.includes(input.year)) {
        throw years.length
          ? fieldError({ year: `Reports can be filed for ${years.map(yearLabel).join(' or ')} now.` })
          : new AppError('chapters.report_exists', { status: 409, message: 'This year’s report is already filed.' });
      }
      const content = { activities: input.activities, events_held: input.eventsHeld, member_count: input.memberCount, submitted_by: actor.userId, submitted_at: now };
      // a report sent back is filed again in its place (one report per year); the note stays in the audit log
      const again = await trx
        .updateTable('chapter_reports')
        .set({ ...content, returned_at: null, returned_by: null, return_note: '' })
        .where('chapter_id', '=', c.id)
        .where('year', '=', input.year)
        .where('returned_at', 'is not', null)
        .returning('id')
        .executeTakeFirst();
      const row =
        again ??
        (await trx
          .insertInto('chapter_reports')
          .values({ chapter_id: c.id, year: input.year, ...content })
          .returning('id')
          .executeTakeFirstOrThrow());
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'chapters.report_submitted',
        entityType: 'chapter_report',
        entityId: row.id,
        after: { chapterId: c.id, year: input.year, memberCount: input.memberCount, dueOn: dueDate(input.year, s), filedAgain: !!again },
        requestId: actor.requestId,
      });
      const officer = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      for (const to of await membershipStaffEmails(trx)) {
        await deps.mail.queue(trx, {
          to,
          template: reportSubmittedEmail.name,
          data: { chapter: c.name, year: yearLabel(input.year), officer: officer.name, url: `${deps.config.publicUrl}/staff/chapters/${c.id}` },
        });
      }
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('chapters.report_exists', { status: 409, message: 'This year’s report is already filed.' });
    throw err;
  }
}

/** The report, locked, for a decision by membership staff: refused once accepted or while sent back. */
async function undecidedReport(trx: Trx, input: { chapterId: string; reportId: string }) {
  const r = await trx
    .selectFrom('chapter_reports as r')
    .innerJoin('chapters as c', 'c.id', 'r.chapter_id')
    .select(['r.id', 'r.year', 'r.accepted_at', 'r.returned_at', 'c.id as chapterId', 'c.name', 'c.slug'])
    .where('r.id', '=', input.reportId)
    .where('r.chapter_id', '=', input.chapterId)
    .forUpdate('r')
    .executeTakeFirst();
  if (!r) throw notFound('report');
  if (r.accepted_at) throw new AppError('conflict', { message: 'This report is already accepted.' });
  if (r.returned_at) throw new AppError('conflict', { message: 'This report is with the officers to change: it can be decided once they file it again.' });
  return r;
}

/** Membership staff mark a filed report accepted; the chapter's officers are emailed. */
export async function acceptReport(deps: ChapterDeps, actor: Actor, input: { chapterId: string; reportId: string }): Promise<void> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  await deps.db.transaction().execute(async (trx) => {
    const r = await undecidedReport(trx, input);
    await trx.updateTable('chapter_reports').set({ accepted_by: actor.userId, accepted_at: now }).where('id', '=', r.id).execute();
    await writeAudit(trx, { at: now, actorUserId: actor.userId, action: 'chapters.report_accepted', entityType: 'chapter_report', entityId: r.id, requestId: actor.requestId });
    const url = `${deps.config.publicUrl}/chapters/${r.slug}/manage/reports/${r.id}`;
    for (const to of await officerEmails(trx, r.chapterId, today)) {
      await deps.mail.queue(trx, { to, template: reportAcceptedEmail.name, data: { chapter: r.name, year: yearLabel(r.year), url } });
    }
  });
}

/** Membership staff send a filed report back to the officers with what to change; they are emailed
 * and file it again (submitReport) in its place. */
export async function returnReport(deps: ChapterDeps, actor: Actor, input: { chapterId: string; reportId: string; note: string }): Promise<void> {
  const now = deps.clock.now();
  const today = await todayOf(deps);
  await deps.db.transaction().execute(async (trx) => {
    const r = await undecidedReport(trx, input);
    await trx.updateTable('chapter_reports').set({ returned_by: actor.userId, returned_at: now, return_note: input.note }).where('id', '=', r.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.report_returned',
      entityType: 'chapter_report',
      entityId: r.id,
      after: { note: input.note },
      requestId: actor.requestId,
    });
    const url = `${deps.config.publicUrl}/chapters/${r.slug}/manage/reports/${r.id}`;
    for (const to of await officerEmails(trx, r.chapterId, today)) {
      await deps.mail.queue(trx, { to, template: reportReturnedEmail.name, data: { chapter: r.name, year: yearLabel(r.year), note: input.note, url } });
    }
  });
}

export async function updateChapterSettings(deps: ChapterDeps, actor: Actor, input: ChapterSettings): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await chapterSettings(trx);
    await trx
      .updateTable('chapter_settings')
      .set({ due_month: input.dueMonth, due_day: input.dueDay, reminder_days: input.reminderDays, grace_days: input.graceDays })
      .where('id', '=', true)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'chapters.settings_updated',
      entityType: 'chapter_settings',
      entityId: 'chapters',
      before,
      after: input,
      requestId: actor.requestId,
    });
  });
}
