// Use cases of cohorts and delegations: create a call, apply (eligibility checked here, server
// side), score, decide, publish a delegation, schedule a meeting, post a note, share a file.
// Each staff decision commits with its audit row and its emails, or not at all. Knows nothing of
// HTTP; routes check who may see the cohort.
import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { CohortKind, CohortQuestionKind, DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { today } from '../../lib/today.js';
import { type ElectedSeat, electedSeatsInGoodStanding } from '../organizations/index.js';
import { applicationReceivedEmail, declinedEmail, meetingScheduledEmail, selectedEmail } from './emails.js';
import type { CheckedFile } from './files.js';
import { formatMeetingTime, invitationId, MEETING_INVITATION_ATTACHMENT } from './ics.js';
import { type Cohort, callState, type Question, questionsOf } from './queries.js';

/** Today in the association's time zone (src/lib/today.ts): calls open and close by it. */
export { today };

type Trx = Transaction<DB>;
type ServiceDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

export interface Actor {
  userId: string;
  name: string;
  requestId?: string;
}

export const requiresElectedSeat = (kind: CohortKind) => kind !== 'cohort';

/** `seats`: every elected seat the person may apply from (the first is the default). */
export type Eligibility = { eligible: true; seat: ElectedSeat | null; seats: ElectedSeat[] } | { eligible: false; reason: string };

/** Who may apply: anyone signed in to a cohort; to a leadership cohort or a delegation, an
 * elected official of a member organization in good standing (organizations' standing read). */
export async function checkEligibility(db: Deps['db'], kind: CohortKind, userId: string): Promise<Eligibility> {
  if (!requiresElectedSeat(kind)) return { eligible: true, seat: null, seats: [] };
  const seats = await electedSeatsInGoodStanding(db, userId);
  const seat = seats[0];
  if (!seat)
    return {
      eligible: false,
      reason:
        'This call is open to elected officials of member organizations in good standing. Your account is not listed as an elected official of an active member organization. If it should be, ask your organization’s administrator to add “elected” to your duties on the organization’s contacts page.',
    };
  return { eligible: true, seat, seats };
}

export interface NewCohort {
  kind: CohortKind;
  slug: string;
  title: string;
  description: string;
  eventName: string;
  opensOn: string;
  closesOn: string;
  capacity: number | null;
  pathwayId: string | null;
  questions: Array<{ kind: CohortQuestionKind; prompt: string; required?: boolean }>;
}

export async function createCohort(deps: ServiceDeps, actor: Actor, input: NewCohort): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('cohorts').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (taken) throw new AppError('validation_failed', { fields: { slug: 'Another call has this address. Choose another.' } });
    if (input.pathwayId) {
      const p = await trx.selectFrom('pathways').select('id').where('id', '=', input.pathwayId).where('archived_at', 'is', null).executeTakeFirst();
      if (!p) throw new AppError('validation_failed', { fields: { pathway: 'Choose a pathway from the list.' } });
    }
    const row = await trx
      .insertInto('cohorts')
      .values({
        kind: input.kind,
        slug: input.slug,
        title: input.title,
        description: input.description,
        event_name: input.eventName,
        opens_on: input.opensOn,
        closes_on: input.closesOn,
        capacity: input.capacity,
        created_by: actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.pathwayId) await trx.insertInto('cohort_pathways').values({ cohort_id: row.id, pathway_id: input.pathwayId }).execute();
    if (input.questions.length > 0)
      await trx
        .insertInto('cohort_questions')
        .values(input.questions.map((q, i) => ({ cohort_id: row.id, position: i + 1, kind: q.kind, prompt: q.prompt, required: q.required ?? true })))
        .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'cohorts.call_opened',
      entityType: 'cohort',
      entityId: row.id,
      after: { ...input },
      requestId: actor.requestId,
    });
    return row.id;
  });
}

const fieldOf = (q: Pick<Question, 'id'>) => `q_${q.id}`;

export { fieldOf as questionField };

/** The answers to store, or the message for each field that needs one. */
export function checkAnswers(questions: Question[], values: Record<string, string>): { answers: Record<string, string>; errors: FieldErrors } {
  const answers: Record<string, string> = {};
  const errors: FieldErrors = {};
  for (const q of questions) {
    const v = (values[fieldOf(q)] ?? '').trim();
    const max = q.kind === 'long_text' ? 5000 : 300;
    if (v === '') {
      if (q.required) errors[fieldOf(q)] = q.kind === 'yes_no' ? 'Choose yes or no.' : 'Answer this question.';
      continue;
    }
    if (q.kind === 'yes_no' && v !== 'yes' && v !== 'no') errors[fieldOf(q)] = 'Choose yes or no.';
    else if (v.length > max) errors[fieldOf(q)] = `Use at most ${max.toLocaleString('en-US')} characters.`;
    else answers[q.id] = v;
  }
  return { answers, errors };
}

/** Applies to a call: open today, the applicant eligible, every required question answered; a
 * second application of the same person is refused (one per person and call). */
export async function submitApplication(deps: ServiceDeps, actor: Actor, cohort: Cohort, values: Record<string, string>): Promise<string> {
  const day = await today(deps);
  if (callState(cohort, day) !== 'open')
    throw new AppError('cohorts.call_closed', {
      message: callState(cohort, day) === 'upcoming' ? 'This call is not open yet.' : 'This call is closed: applications are no longer taken.',
    });
  const eligibility = await checkEligibility(deps.db, cohort.kind, actor.userId);
  if (!eligibility.eligible) throw new AppError('forbidden', { message: eligibility.reason });
  const questions = await questionsOf(deps.db, cohort.id);
  const { answers, errors } = checkAnswers(questions, values);
  // An official with several elected seats says which one they apply from.
  const asked = (values.seat ?? '').trim();
  const seat = asked ? eligibility.seats.find((x) => x.organizationId === asked) : eligibility.seat;
  if (asked && !seat) errors.seat = 'Choose one of your elected seats.';
  if (Object.keys(errors).length > 0) throw new AppError('validation_failed', { fields: errors });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('cohort_applications')
      .values({
        cohort_id: cohort.id,
        user_id: actor.userId,
        answers: JSON.stringify(answers),
        organization_id: seat?.organizationId ?? null,
        seat_title: seat?.title ?? '',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('cohorts.already_applied', { message: 'You have already applied to this call. Programs staff will email you their decision.' });
    const email = await trx.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, {
      to: email.email,
      template: applicationReceivedEmail.name,
      data: { title: cohort.title, closesOn: DateTime.fromISO(cohort.closesOn).toFormat('LLLL d, yyyy'), url: `${deps.config.publicUrl}${publicPath(cohort)}` },
    });
    return row.id;
  });
}

export const publicPath = (c: Pick<Cohort, 'kind' | 'slug'>) => (c.kind === 'delegation' ? `/delegations/${c.slug}` : `/cohorts/${c.slug}`);

async function applicationFor(trx: Trx, cohortId: string, applicationId: string) {
  const a = await trx
    .selectFrom('cohort_applications as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'a.organization_id', 'a.status', 'a.score', 'a.decision_reason', 'u.email'])
    .where('a.cohort_id', '=', cohortId)
    .where('a.id', '=', applicationId)
    .forUpdate()
    .executeTakeFirst();
  if (!a) throw new AppError('not_found', { message: 'There is no such application.' });
  return a;
}

/** A staff score, 1 to 5: staff only, never shown to the applicant or the public. */
export async function scoreApplication(deps: ServiceDeps, actor: Actor, cohort: Cohort, applicationId: string, score: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await applicationFor(trx, cohort.id, applicationId);
    await trx.updateTable('cohort_applications').set({ score }).where('id', '=', a.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'cohorts.application_scored',
      entityType: 'cohort_application',
      entityId: a.id,
      before: { score: a.score },
      after: { score },
      requestId: actor.requestId,
    });
  });
}

/** Selects or declines a submitted application, with the staff's reason (kept for staff); the
 * applicant is emailed the decision. A full cohort takes no more selections. */
export async function decideApplication(
  deps: ServiceDeps,
  actor: Actor,
  cohort: Cohort,
  input: { applicationId: string; decision: 'selected' | 'declined'; reason: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await applicationFor(trx, cohort.id, input.applicationId);
    if (a.status !== 'submitted') throw new AppError('cohorts.already_decided', { message: 'This application has already been decided.' });
    // Standing can change between applying and selection (an organization lapses, a seat ends).
    if (input.decision === 'selected' && requiresElectedSeat(cohort.kind)) {
      const seats = await electedSeatsInGoodStanding(trx, a.user_id);
      if (!seats.some((x) => x.organizationId === a.organization_id))
        throw new AppError('cohorts.no_longer_eligible', {
          message: 'This applicant no longer holds an elected seat at a member organization in good standing, so cannot be selected. You can still decline.',
        });
    }
    if (input.decision === 'selected' && cohort.capacity !== null) {
      // Lock the cohort's row: two selections at once cannot both take the last place.
      await trx.selectFrom('cohorts').select('id').where('id', '=', cohort.id).forUpdate().executeTakeFirst();
      const { n } = await trx
        .selectFrom('cohort_applications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cohort_id', '=', cohort.id)
        .where('status', '=', 'selected')
        .executeTakeFirstOrThrow();
      if (Number(n) >= cohort.capacity) throw new AppError('cohorts.full', { message: `All ${cohort.capacity} places are taken.` });
    }
    const updated = await trx
      .updateTable('cohort_applications')
      .set({ status: input.decision, decision_reason: input.reason, decided_by: actor.userId, decided_at: now })
      .where('id', '=', a.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('cohorts.already_decided', { message: 'This application has already been decided.' });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: input.decision === 'selected' ? 'cohorts.application_selected' : 'cohorts.application_declined',
      entityType: 'cohort_application',
      entityId: a.id,
      before: { status: a.status },
      after: { status: input.decision, reason: input.reason },
      requestId: actor.requestId,
    });
    const base = deps.config.publicUrl;
    if (input.decision === 'selected' && cohort.kind !== 'delegation') await inviteToUpcomingMeetings(deps, trx, cohort, a.user_id, a.email);
    if (input.decision === 'selected')
      await deps.mail.queue(trx, {
        to: a.email,
        template: selectedEmail.name,
        data: {
          title: cohort.title,
          delegation: cohort.kind === 'delegation',
          url: cohort.kind === 'delegation' ? `${base}${publicPath(cohort)}` : `${base}/cohorts/${cohort.slug}/space`,
        },
      });
    else await deps.mail.queue(trx, { to: a.email, template: declinedEmail.name, data: { title: cohort.title, url: `${base}/cohorts` } });
  });
}

/** A participant selected after meetings were scheduled gets an invitation to each one still to come. */
async function inviteToUpcomingMeetings(deps: ServiceDeps, trx: Trx, cohort: Cohort, userId: string, email: string): Promise<void> {
  const meetings = await trx
    .selectFrom('cohort_meetings')
    .select(['id', 'title', 'starts_at', 'ends_at', 'time_zone', 'place'])
    .where('cohort_id', '=', cohort.id)
    .where('starts_at', '>', deps.clock.now())
    .orderBy('starts_at')
    .execute();
  await deps.mail.queueMany(
    trx,
    meetings.map((m) => ({
      to: email,
      template: meetingScheduledEmail.name,
      data: {
        title: m.title,
        cohort: cohort.title,
        when: formatMeetingTime(m.starts_at, m.ends_at, m.time_zone),
        place: m.place,
        url: `${deps.config.publicUrl}/cohorts/${cohort.slug}/space`,
      },
      attachments: [{ kind: MEETING_INVITATION_ATTACHMENT, id: invitationId(m.id, userId), filename: 'invite.ics' }],
    })),
  );
}

/** Publishes a delegation's selection: its public page lists the selected delegates from then on. */
export async function publishSelection(deps: ServiceDeps, actor: Actor, cohort: Cohort): Promise<void> {
  if (cohort.kind !== 'delegation') throw new AppError('cohorts.not_a_delegation', { message: 'Only a delegation’s selection is published.' });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('cohorts').set({ selection_published_at: now }).where('id', '=', cohort.id).where('selection_published_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('cohorts.already_published', { message: 'The selection is already published.' });
    await writeAudit(trx, { at: now, actorUserId: actor.userId, action: 'cohorts.selection_published', entityType: 'cohort', entityId: cohort.id, requestId: actor.requestId });
  });
}

export interface NewMeeting {
  title: string;
  date: string;
  start: string;
  end: string;
  timeZone: string;
  place: string;
  onlineUrl: string;
}

export const isTimeZone = (zone: string) => DateTime.local().setZone(zone).isValid;

/** Schedules a meeting; each selected participant is emailed a calendar invitation. */
export async function scheduleMeeting(deps: ServiceDeps, actor: Actor, cohort: Cohort, m: NewMeeting): Promise<string> {
  if (!isTimeZone(m.timeZone)) throw new AppError('validation_failed', { fields: { time_zone: 'Choose a time zone from the list.' } });
  const start = DateTime.fromISO(`${m.date}T${m.start}`, { zone: m.timeZone });
  const end = DateTime.fromISO(`${m.date}T${m.end}`, { zone: m.timeZone });
  if (!start.isValid || !end.isValid || end <= start) throw new AppError('validation_failed', { fields: { end: 'The meeting must end after it starts.' } });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('cohort_meetings')
      .values({
        cohort_id: cohort.id,
        title: m.title,
        starts_at: start.toJSDate(),
        ends_at: end.toJSDate(),
        time_zone: m.timeZone,
        place: m.place,
        online_url: m.onlineUrl,
        uid: `${randomUUID()}@civnet-cohorts`,
        created_by: actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'cohorts.meeting_scheduled',
      entityType: 'cohort_meeting',
      entityId: row.id,
      after: { cohortId: cohort.id, title: m.title, startsAt: start.toISO(), endsAt: end.toISO(), timeZone: m.timeZone },
      requestId: actor.requestId,
    });
    const participants = await trx
      .selectFrom('cohort_applications as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['u.id', 'u.email'])
      .where('a.cohort_id', '=', cohort.id)
      .where('a.status', '=', 'selected')
      .where('u.disabled_at', 'is', null)
      .execute();
    const when = formatMeetingTime(start.toJSDate(), end.toJSDate(), m.timeZone);
    await deps.mail.queueMany(
      trx,
      participants.map((p) => ({
        to: p.email,
        template: meetingScheduledEmail.name,
        data: { title: m.title, cohort: cohort.title, when, place: m.place, url: `${deps.config.publicUrl}/cohorts/${cohort.slug}/space` },
        attachments: [{ kind: MEETING_INVITATION_ATTACHMENT, id: invitationId(row.id, p.id), filename: 'invite.ics' }],
      })),
    );
    return row.id;
  });
}

/** A participant's (or staff's) short plain-text note on the cohort's space. */
export async function addNote(deps: ServiceDeps, actor: Actor, cohortId: string, body: string): Promise<void> {
  await deps.db.insertInto('cohort_notes').values({ cohort_id: cohortId, author_user_id: actor.userId, body, created_at: deps.clock.now() }).execute();
}

export async function shareFile(deps: ServiceDeps, actor: Actor, cohortId: string, f: CheckedFile): Promise<string> {
  const row = await deps.db
    .insertInto('cohort_files')
    .values({
      cohort_id: cohortId,
      filename: f.filename,
      content_type: f.contentType,
      size_bytes: f.bytes.length,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
      content: f.bytes,
      uploaded_by: actor.userId,
      created_at: deps.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
