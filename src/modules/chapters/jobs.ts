// The chapters' daily job, driven by the clock: reminders of the yearly report to the officers (once
// before it is due, once after it was missed — each claimed by inserting its row in the
// transaction that queues the emails, so a second run sends nothing more), then dormancy: an active
// chapter with no report for the last year past the grace period, or with no officer for longer
// than the grace period, becomes dormant and its officers are told.
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { formatDay } from '../../lib/format.js';
import { dormantEmail, reportDueEmail, reportOverdueEmail } from './emails.js';
import { academicYearOf, addDays, type ChapterDeps, type ChapterSettings, chapterSettings, dueDate, officerEmails, owesReport, type Trx, todayOf, yearLabel } from './shared.js';

export const CHAPTER_JOBS_QUEUE = 'chapter-reports';
/** daily at 07:45 in the association's time zone */
const CHAPTER_JOBS_CRON = '45 7 * * *';

interface ActiveChapter {
  id: string;
  name: string;
  slug: string;
  approvedOn: string;
  reactivatedOn: string | null;
}

async function activeChapters(deps: ChapterDeps): Promise<ActiveChapter[]> {
  const rows = await deps.db
    .selectFrom('chapters')
    .select(['id', 'name', 'slug', 'approved_on', 'reactivated_on'])
    .where('status', '=', 'active')
    .orderBy('approved_on')
    .limit(5000)
    .execute();
  return rows.flatMap((r) => (r.slug && r.approved_on ? [{ id: r.id, name: r.name, slug: r.slug, approvedOn: r.approved_on, reactivatedOn: r.reactivated_on }] : []));
}

async function hasReport(db: ChapterDeps['db'] | Trx, chapterId: string, year: number): Promise<boolean> {
  return !!(await db.selectFrom('chapter_reports').select('id').where('chapter_id', '=', chapterId).where('year', '=', year).executeTakeFirst());
}

/** Sends the report reminders due today; how many were sent (one per chapter, year and kind). */
export async function sendReportReminders(deps: ChapterDeps): Promise<number> {
  const today = await todayOf(deps);
  const s = await chapterSettings(deps.db);
  const current = academicYearOf(today, s);
  let sent = 0;
  for (const c of await activeChapters(deps)) {
    const due = dueDate(current, s);
    const last = current - 1;
    const lastDue = dueDate(last, s);
    const wanted: Array<{ year: number; kind: 'report_due' | 'report_overdue' }> = [];
    if (owesReport(c.approvedOn, current, s) && today >= addDays(due, -s.reminderDays)) wanted.push({ year: current, kind: 'report_due' });
    if (owesReport(c.approvedOn, last, s) && today > lastDue && today <= addDays(lastDue, s.graceDays)) wanted.push({ year: last, kind: 'report_overdue' });
    for (const w of wanted) {
      if (await hasReport(deps.db, c.id, w.year)) continue;
      const done = await deps.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('chapter_reminders')
          .values({ chapter_id: c.id, year: w.year, kind: w.kind, sent_at: deps.clock.now() })
          .onConflict((oc) => oc.columns(['chapter_id', 'year', 'kind']).doNothing())
          .returning('chapter_id')
          .executeTakeFirst();
        if (!claimed) return false;
        const url = `${deps.config.publicUrl}/chapters/${c.slug}/manage#report`;
        const dueOn = dueDate(w.year, s);
        for (const to of await officerEmails(trx, c.id, today)) {
          if (w.kind === 'report_due') {
            await deps.mail.queue(trx, { to, template: reportDueEmail.name, data: { chapter: c.name, year: yearLabel(w.year), dueOn: formatDay(dueOn), url } });
          } else {
            const dormantOn = formatDay(addDays(dueOn, s.graceDays + 1));
            await deps.mail.queue(trx, { to, template: reportOverdueEmail.name, data: { chapter: c.name, year: yearLabel(w.year), dueOn: formatDay(dueOn), dormantOn, url } });
          }
        }
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}

/** Why an active chapter is dormant today, or null. */
async function dormancyReason(deps: ChapterDeps, c: ActiveChapter, today: string, s: ChapterSettings): Promise<string | null> {
  // The latest academic year whose report's grace period is over.
  let year = academicYearOf(today, s);
  while (addDays(dueDate(year, s), s.graceDays) >= today) year--;
  const graceEnded = addDays(dueDate(year, s), s.graceDays);
  const forgiven = c.reactivatedOn !== null && c.reactivatedOn > graceEnded;
  if (owesReport(c.approvedOn, year, s) && !forgiven && !(await hasReport(deps.db, c.id, year))) {
    return `its yearly report for ${yearLabel(year)}, due on ${formatDay(dueDate(year, s))}, was not filed.`;
  }
  const officers = await deps.db
    .selectFrom('chapter_officers')
    .select((eb) => eb.fn.max('term_end').as('lastEnd'))
    .where('chapter_id', '=', c.id)
    .where('status', '=', 'accepted')
    .where('term_start', '<=', today)
    .executeTakeFirst();
  const lastEnd = officers?.lastEnd ?? null;
  const since =
    [lastEnd, c.reactivatedOn, c.approvedOn]
      .filter((d): d is string => !!d)
      .sort()
      .at(-1) ?? c.approvedOn;
  if ((lastEnd === null || lastEnd < today) && addDays(since, s.graceDays) < today) return 'it has had no officers for longer than the grace period.';
  return null;
}

/** Makes dormant the active chapters that should be; how many. */
export async function markDormantChapters(deps: ChapterDeps): Promise<number> {
  const today = await todayOf(deps);
  const s = await chapterSettings(deps.db);
  // membership staff's address, for former officers (read before the transactions: PGlite has one connection)
  const contact = (await deps.association.get()).contact_email;
  let n = 0;
  for (const c of await activeChapters(deps)) {
    const reason = await dormancyReason(deps, c, today, s);
    if (!reason) continue;
    const done = await deps.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('chapters')
        .set({ status: 'dormant', dormant_since: today, dormant_reason: reason })
        .where('id', '=', c.id)
        .where('status', '=', 'active')
        .returning('id')
        .executeTakeFirst();
      if (!changed) return false;
      await writeAudit(trx, {
        at: deps.clock.now(),
        actorUserId: null,
        action: 'chapters.dormant',
        entityType: 'chapter',
        entityId: c.id,
        before: { status: 'active' },
        after: { status: 'dormant', reason },
      });
      for (const to of await officerEmails(trx, c.id, today)) {
        await deps.mail.queue(trx, { to, template: dormantEmail.name, data: { chapter: c.name, reason, url: `${deps.config.publicUrl}/chapters/${c.slug}`, contact } });
      }
      return true;
    });
    if (done) n++;
  }
  return n;
}

/** The whole day's work: reminders first (a chapter about to become dormant was reminded), then dormancy. */
export async function runChapterDay(deps: ChapterDeps): Promise<{ reminders: number; dormant: number }> {
  const reminders = await sendReportReminders(deps);
  const dormant = await markDormantChapters(deps);
  return { reminders, dormant };
}

/** Registers the daily job (before jobs.start()). */
export function registerChapterJobs(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'jobs' | 'association'>): void {
  deps.jobs.register({ name: CHAPTER_JOBS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runChapterDay(deps);
  });
}

/** Creates (or updates) the daily schedule; after jobs.start(), which creates the queue. */
export async function scheduleChapterJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(CHAPTER_JOBS_QUEUE, CHAPTER_JOBS_CRON);
}
