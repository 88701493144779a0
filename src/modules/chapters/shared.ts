// What the chapters' use cases share: their dependencies, today's date, the settings of the yearly
// report (due date, reminder lead, grace before dormancy) and the academic-year arithmetic, the
// membership staff who review chapters, and an account found by email for an officer invitation.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { isoDay } from '../../lib/format.js';

/** Today in the association's time zone (src/lib/today.ts). */
export { today as todayOf } from '../../lib/today.js';

export type ChapterDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;
export type Trx = Transaction<DB>;
export interface Actor {
  userId: string;
  requestId?: string;
}

export const notFound = (what = 'chapter') => new AppError('not_found', { message: `There is no such ${what}.` });

export const ROLE_WORDS = { president: 'President', vice_president: 'Vice president', secretary: 'Secretary', treasurer: 'Treasurer' } as const;

export interface ChapterSettings {
  dueMonth: number;
  dueDay: number;
  reminderDays: number;
  graceDays: number;
}

export async function chapterSettings(db: Db | Trx): Promise<ChapterSettings> {
  const r = await db.selectFrom('chapter_settings').select(['due_month', 'due_day', 'reminder_days', 'grace_days']).executeTakeFirst();
  return { dueMonth: r?.due_month ?? 6, dueDay: r?.due_day ?? 30, reminderDays: r?.reminder_days ?? 30, graceDays: r?.grace_days ?? 90 };
}

/** A day moved by whole days (UTC calendar days). */
export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

/** The due day of the report of academic year `year` (the calendar year the academic year ends
 * in); a day past the month's end (31 June, 29 February) is the month's last day. */
export function dueDate(year: number, s: Pick<ChapterSettings, 'dueMonth' | 'dueDay'>): string {
  const last = new Date(Date.UTC(year, s.dueMonth, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(s.dueMonth).padStart(2, '0')}-${String(Math.min(s.dueDay, last)).padStart(2, '0')}`;
}

/** The academic year whose report is due next: the one a day falls in. */
export function academicYearOf(day: string, s: Pick<ChapterSettings, 'dueMonth' | 'dueDay'>): number {
  const y = Number(day.slice(0, 4));
  return day <= dueDate(y, s) ? y : y + 1;
}

/** "2025–26" for the academic year 2026. */
export const yearLabel = (year: number): string => `${year - 1}–${String(year).slice(2)}`;

/** A chapter's first report is for the first academic year it was active for at least this long. */
export const FIRST_REPORT_LEAD_DAYS = 90;

/** Whether a chapter approved on `approvedOn` owes the report of `year`. */
export const owesReport = (approvedOn: string, year: number, s: ChapterSettings): boolean => approvedOn <= addDays(dueDate(year, s), -FIRST_REPORT_LEAD_DAYS);

/** Where founding officers' terms end: the end of the academic year of approval, or of the next one
 * when that is less than FIRST_REPORT_LEAD_DAYS away. */
export function foundingTermEnd(approvedOn: string, s: ChapterSettings): string {
  const y = academicYearOf(approvedOn, s);
  return owesReport(approvedOn, y, s) ? dueDate(y, s) : dueDate(y + 1, s);
}

/** Membership staff, who review chapter requests and reports. */
export async function membershipStaffEmails(db: Db | Trx): Promise<string[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'membership'))
    .select('u.email')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .limit(50)
    .execute();
  return rows.map((r) => r.email);
}

/** The emails of the chapter's officers today; when it has none, of those whose terms ended last year. */
export async function officerEmails(db: ChapterDeps['db'] | Trx, chapterId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('chapter_officers as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['u.email', 'o.term_start', 'o.term_end'])
    .where('o.chapter_id', '=', chapterId)
    .where('o.status', '=', 'accepted')
    .where('o.term_end', '>=', addDays(today, -366))
    .where('o.term_start', '<=', today)
    .execute();
  const current = rows.filter((r) => r.term_end >= today);
  return [...new Set((current.length ? current : rows).map((r) => r.email))];
}

/** The active account with this email (any case), or undefined. */
export function accountByEmail(db: Db | Trx, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}
