// What the job center's use cases share: their dependencies, the words of its enumerations, the
// 60 days a posting stays up, and how its expiry is computed from the closing date.
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DB, EmploymentType, JobStatus, Workplace } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';

export type JobDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'changes' | 'association'>;
export type Trx = Transaction<DB>;
export interface Actor {
  userId: string;
  name: string;
  requestId?: string;
}

/** How long a posting stays up after approval or renewal, at most. */
export const LIVE_DAYS = 60;
const DAY_MS = 86_400_000;

export const TYPE_LABELS: Record<EmploymentType, string> = {
  full_time: 'Full-time',
  part_time: 'Part-time',
  contract: 'Contract',
  internship: 'Internship',
  temporary: 'Temporary',
};
export const WORKPLACE_LABELS: Record<Workplace, string> = { on_site: 'On-site', hybrid: 'Hybrid', remote: 'Remote' };
export const STATUS_LABELS: Record<JobStatus, string> = {
  awaiting_payment: 'Waiting for payment',
  in_review: 'Waiting for review',
  changes_requested: 'Changes requested',
  published: 'Published',
  rejected: 'Rejected',
  closed: 'Closed by the employer',
  withdrawn: 'Withdrawn by the employer',
};
/** Schema.org's employmentType values. */
export const SCHEMA_TYPES: Record<EmploymentType, string> = {
  full_time: 'FULL_TIME',
  part_time: 'PART_TIME',
  contract: 'CONTRACTOR',
  internship: 'INTERN',
  temporary: 'TEMPORARY',
};

export const WITHDRAWN_NO_EDIT = 'You withdrew this posting, so it cannot be changed; post the job again instead.';

export const notFound = () => new AppError('not_found', { message: 'There is no such job posting.' });

/** The employer's own posting, locked for a change of its status (close, reopen, withdraw):
 * anyone else's or an unknown one is a 404. */
export async function ownPostingForUpdate(trx: Transaction<DB>, id: string, userId: string) {
  const p = await trx
    .selectFrom('job_postings')
    .select(['id', 'employer_user_id', 'status', 'expires_at', 'closed_at', 'invoice_id', 'withdrawn_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!p || p.employer_user_id !== userId) throw notFound();
  return p;
}

/** When a posting approved or renewed at `from` stops showing: 60 days later, or at the end of
 * its closing day in the association's time zone (`zone`) when that is sooner. */
export function expiryOf(from: Date, closesOn: string | null, zone: string): Date {
  const limit = new Date(from.getTime() + LIVE_DAYS * DAY_MS);
  if (!closesOn) return limit;
  let day = DateTime.fromISO(closesOn, { zone });
  if (!day.isValid) day = DateTime.fromISO(closesOn, { zone: 'utc' });
  const closing = day.plus({ days: 1 }).startOf('day').toJSDate();
  return closing < limit ? closing : limit;
}

export const isLivePosting = (p: { status: JobStatus; expires_at: Date | null }, now: Date) => p.status === 'published' && !!p.expires_at && p.expires_at > now;

/** Whether a closed posting may still be reopened at `now`: its listing period has not run out. */
export const canReopen = (p: { status: JobStatus; expires_at: Date | null }, now: Date) => p.status === 'closed' && !!p.expires_at && p.expires_at > now;

export const salaryText = (min: number, max: number) => {
  const f = (n: number) => `$${n.toLocaleString('en-US')}`;
  return min === max ? f(min) : `${f(min)} – ${f(max)}`;
};
