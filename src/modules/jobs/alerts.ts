// Saved searches and their daily alert: a signed-in seeker saves a search; the daily job emails
// each saved search the live postings that match it, published since it was saved and not sent to
// it before — each match claimed by inserting its `job_alerts_sent` row in the transaction that
// queues the email, so a second run sends nothing more. Every alert carries a one-click
// unsubscribe link: the saved search's id signed with HMAC-SHA256 by a random key of its own, kept
// in its row and never sent (so every alert's link works, and no link can be made without the key).
import { createHmac } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { randomToken, safeEqual } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { criteriaQuery, describeCriteria, readCriteria } from './criteria.js';
import { alertEmail } from './emails.js';
import { newMatches, type SearchCriteria } from './queries.js';
import { type Actor, type JobDeps, salaryText, WORKPLACE_LABELS } from './shared.js';

export const JOB_ALERTS_QUEUE = 'job-alerts';
/** daily at 08:15 in the association's time zone */
const JOB_ALERTS_CRON = '15 8 * * *';
const MAX_SAVED = 20;

export const unsubscribeToken = (key: string, id: string) => createHmac('sha256', key).update(`job-alert-unsubscribe:${id}`).digest('base64url');

export async function saveSearch(deps: JobDeps, actor: Actor, criteria: SearchCriteria): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('job_saved_searches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('unsubscribed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_SAVED)
      throw new AppError('jobs.too_many_searches', { status: 409, message: `You have ${MAX_SAVED} saved searches, the most there can be: delete one first.` });
    const { within: _within, ...kept } = criteria;
    const row = await trx
      .insertInto('job_saved_searches')
      .values({ user_id: actor.userId, label: describeCriteria(kept), criteria: JSON.stringify(kept), unsubscribe_key: randomToken(32), created_at: deps.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export function mySavedSearches(db: JobDeps['db'], userId: string) {
  return db
    .selectFrom('job_saved_searches')
    .select(['id', 'label', 'criteria', 'created_at'])
    .where('user_id', '=', userId)
    .where('unsubscribed_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function deleteSavedSearch(deps: JobDeps, actor: Actor, id: string): Promise<void> {
  const r = await deps.db.deleteFrom('job_saved_searches').where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) throw new AppError('not_found', { message: 'There is no such saved search.' });
}

/** The label of the saved search a link stops, or null when the link is not valid. */
export async function savedSearchByLink(deps: JobDeps, id: string, token: string): Promise<string | null> {
  if (!isUuid(id) || token.length > 100) return null;
  const s = await deps.db.selectFrom('job_saved_searches').select(['id', 'label', 'unsubscribe_key']).where('id', '=', id).executeTakeFirst();
  return s && safeEqual(token, unsubscribeToken(s.unsubscribe_key, s.id)) ? s.label : null;
}

/** Stops a saved search's alerts by its link; the label of what was stopped, or null when the
 * link is not valid. Twice is fine. */
export async function unsubscribe(deps: JobDeps, id: string, token: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const s = await deps.db.selectFrom('job_saved_searches').select(['id', 'label', 'unsubscribe_key', 'unsubscribed_at']).where('id', '=', id).executeTakeFirst();
  if (!s || token.length > 100 || !safeEqual(token, unsubscribeToken(s.unsubscribe_key, s.id))) return null;
  if (!s.unsubscribed_at)
    await deps.db.updateTable('job_saved_searches').set({ unsubscribed_at: deps.clock.now() }).where('id', '=', id).where('unsubscribed_at', 'is', null).execute();
  return s.label;
}

/** Emails every saved search its new matches; how many emails were queued. */
export async function runJobAlerts(deps: JobDeps): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await deps.db
      .selectFrom('job_saved_searches as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.label', 's.criteria', 's.created_at', 's.unsubscribe_key', 'u.email'])
      .where('s.unsubscribed_at', 'is', null)
      .where('u.disabled_at', 'is', null)
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(200)
      .execute();
    if (batch.length === 0) break;
    for (const s of batch) {
      after = s.id;
      const { criteria } = readCriteria(s.criteria);
      if ((await newMatches(deps.db, s.id, criteria, now, s.created_at)).length === 0) continue;
      const done = await deps.db.transaction().execute(async (trx) => {
        const matches = await newMatches(trx, s.id, criteria, now, s.created_at);
        if (matches.length === 0) return false;
        const claimed = await trx
          .insertInto('job_alerts_sent')
          .values(matches.map((m) => ({ saved_search_id: s.id, posting_id: m.id, sent_at: now })))
          .onConflict((oc) => oc.columns(['saved_search_id', 'posting_id']).doNothing())
          .returning('posting_id')
          .execute();
        const ids = new Set(claimed.map((c) => c.posting_id));
        const jobs = matches.filter((m) => ids.has(m.id));
        if (jobs.length === 0) return false;
        const token = unsubscribeToken(s.unsubscribe_key, s.id);
        const base = deps.config.publicUrl;
        await deps.mail.queue(trx, {
          to: s.email,
          template: alertEmail.name,
          data: {
            label: s.label,
            jobs: jobs.map((j) => ({
              title: j.title,
              employer: j.employer_name,
              where: j.workplace === 'remote' ? 'remote' : `${j.city}${j.state ? `, ${j.state}` : ''} (${WORKPLACE_LABELS[j.workplace].toLowerCase()})`,
              salary: salaryText(j.salary_min, j.salary_max),
              url: `${base}/jobs/${j.id}`,
            })),
            searchUrl: `${base}/jobs?${criteriaQuery(criteria)}`,
            unsubscribeUrl: `${base}/jobs/alerts/unsubscribe?id=${s.id}&token=${token}`,
          },
        });
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}

export function registerJobsJobs(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'jobs' | 'changes' | 'association'>): void {
  deps.jobs.register({ name: JOB_ALERTS_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runJobAlerts(deps);
  });
}

export async function scheduleJobsJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(JOB_ALERTS_QUEUE, JOB_ALERTS_CRON);
}
