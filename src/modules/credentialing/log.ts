// The yearly PD log of a credentialed member: hours from attended events (events' ledger, read
// through its index) and self-reported activities with evidence, per calendar year against the
// 40-hour goal; and reinstatement of a lapsed credential (the member asks once the lapsed year's
// hours are logged, within REINSTATEMENT_MONTHS; staff approve).
import { createHash } from 'node:crypto';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { type PdCredit, pdLog } from '../events/index.js';
import { reinstatedEmail } from './emails.js';
import type { CheckedFile } from './files.js';
import { type Activity, activitiesOf, credentialOf } from './queries.js';
import { firstLoggedYear, GOAL_MINUTES, hours, reinstatementEndsOn } from './rules.js';
import { type Actor, type CredentialDeps, today, url, yearMinutes } from './shared.js';

export interface LogYear {
  year: number;
  events: PdCredit[];
  activities: Activity[];
  eventMinutes: number;
  selfMinutes: number;
  total: number;
  /** whether the year counts toward the credential (the years after the award year) */
  counts: boolean;
}

/** The person's log, newest year first; this year is always there. */
export async function yearlyLog(deps: CredentialDeps, userId: string, awardedOn: string | null): Promise<LogYear[]> {
  const [events, activities, day] = await Promise.all([pdLog(deps.db, userId), activitiesOf(deps.db, userId), today(deps)]);
  const years = new Set<number>([Number(day.slice(0, 4))]);
  for (const c of events.credits) years.add(Number(c.earnedOn.slice(0, 4)));
  for (const a of activities) years.add(Number(a.doneOn.slice(0, 4)));
  return [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const ev = events.credits.filter((c) => c.earnedOn.startsWith(`${year}-`));
      const acts = activities.filter((a) => a.doneOn.startsWith(`${year}-`));
      const eventMinutes = ev.reduce((n, c) => n + c.minutes, 0);
      const selfMinutes = acts.reduce((n, a) => n + a.minutes, 0);
      return { year, events: ev, activities: acts, eventMinutes, selfMinutes, total: eventMinutes + selfMinutes, counts: !!awardedOn && year >= firstLoggedYear(awardedOn) };
    });
}

/** The earliest day an activity may be dated: 1 January of last year, or of the lapsed year. */
export async function earliestActivityDay(deps: CredentialDeps, userId: string): Promise<string> {
  const [day, c] = await Promise.all([today(deps), credentialOf(deps.db, userId)]);
  const year = Math.min(Number(day.slice(0, 4)) - 1, c?.status === 'lapsed' && c.lapsedYear ? c.lapsedYear : 9999);
  return `${year}-01-01`;
}

/** Adds a self-reported activity with its evidence. Throws field errors (400). */
export async function addActivity(deps: CredentialDeps, actor: Actor, values: Record<string, string>, file: CheckedFile): Promise<{ id: string; minutes: number; doneOn: string }> {
  const c = await credentialOf(deps.db, actor.userId);
  if (!c || c.status === 'revoked') throw new AppError('credential.no_credential', { status: 422, message: 'The PD log is kept by holders of the credential.' });
  const day = await today(deps);
  const earliest = await earliestActivityDay(deps, actor.userId);
  const title = (values.title ?? '').trim();
  const provider = (values.provider ?? '').trim();
  const doneOn = (values.done_on ?? '').trim();
  const hoursText = (values.hours ?? '').trim();
  const fields: Record<string, string> = {};
  if (!title || title.length > 200) fields.title = 'Enter the title of the activity (up to 200 characters).';
  if (!provider || provider.length > 200) fields.provider = 'Enter who provided it (up to 200 characters).';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(doneOn) || Number.isNaN(Date.parse(doneOn))) fields.done_on = 'Enter the real day of the activity, such as 2026-03-15.';
  else if (doneOn > day) fields.done_on = 'The activity cannot be in the future.';
  else if (doneOn < earliest) fields.done_on = `Log activities from ${formatDay(earliest)} on.`;
  const h = Number(hoursText);
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(hoursText) || h < 0.25 || h > 100) fields.hours = 'Enter the hours, between 0.25 and 100, like 1.5.';
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
  const minutes = Math.round(h * 60);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('credential_activities')
      .values({
        user_id: actor.userId,
        title,
        provider,
        done_on: doneOn,
        minutes,
        filename: file.filename,
        content_type: file.contentType,
        size_bytes: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        content: file.bytes,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'credential.activity_logged',
      entityType: 'credential_activity',
      entityId: row.id,
      after: { doneOn, minutes },
      requestId: actor.requestId,
    });
    return { id: row.id, minutes, doneOn };
  });
}

/** Why a lapsed credential cannot be reinstated now, or null. */
export async function whyNotReinstate(deps: CredentialDeps, userId: string): Promise<string | null> {
  const [c, day] = await Promise.all([credentialOf(deps.db, userId), today(deps)]);
  if (c?.status !== 'lapsed' || !c.lapsedYear || !c.lapsedOn) return 'Only a lapsed credential can be reinstated.';
  if (day > reinstatementEndsOn(c.lapsedOn)) return `Reinstatement was possible until ${formatDay(reinstatementEndsOn(c.lapsedOn))}: apply for the credential again.`;
  const minutes = (await yearMinutes(deps.db, [userId], c.lapsedYear)).get(userId) ?? 0;
  if (minutes < GOAL_MINUTES)
    return `Your ${c.lapsedYear} log has ${hours(minutes)} of the 40 hours: log the missing ${hours(GOAL_MINUTES - minutes)} hours of ${c.lapsedYear} first.`;
  return null;
}

export async function requestReinstatement(deps: CredentialDeps, actor: Actor): Promise<void> {
  const why = await whyNotReinstate(deps, actor.userId);
  if (why) throw new AppError('credential.cannot_reinstate', { message: why });
  const day = await today(deps);
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('credentials')
      .set({ reinstatement_requested_on: day, updated_at: deps.clock.now() })
      .where('user_id', '=', actor.userId)
      .where('status', '=', 'lapsed')
      .where('reinstatement_requested_on', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('credential.already_requested', { message: 'You have already asked for reinstatement: staff will email you.' });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'credential.reinstatement_requested',
      entityType: 'user',
      entityId: actor.userId,
      requestId: actor.requestId,
    });
  });
}

export async function approveReinstatement(deps: CredentialDeps, actor: Actor, userId: string): Promise<void> {
  const why = await whyNotReinstate(deps, userId);
  if (why) throw new AppError('credential.cannot_reinstate', { message: why });
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('credentials')
      .set({ status: 'current', lapsed_year: null, lapsed_on: null, reinstatement_requested_on: null, updated_at: deps.clock.now() })
      .where('user_id', '=', userId)
      .where('status', '=', 'lapsed')
      .where('reinstatement_requested_on', 'is not', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('credential.not_requested', { message: 'This member has not asked for reinstatement.' });
    const u = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, { to: u.email, template: reinstatedEmail.name, data: { url: url(deps, '/credential') } });
    await writeAudit(trx, { at: deps.clock.now(), actorUserId: actor.userId, action: 'credential.reinstated', entityType: 'user', entityId: userId, requestId: actor.requestId });
  });
}
