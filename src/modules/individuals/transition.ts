// Members in Transition (I6): a member asks confidentially for support after an involuntary
// separation; staff holding the `transition` permission decide. Approval waives dues in
// six-month steps (each a dues_waivers row that moves term_end six months on), at most 36
// months per person in all. Audit rows carry the decision and months only: never the
// circumstances or the note.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { isUuid } from '../../lib/validators.js';
import { addDays, voidInvoice } from '../billing/index.js';
import { addMonths } from './dues.js';
import { transitionDecidedEmail, transitionReceivedEmail, transitionWaitingEmail } from './emails.js';
import { formatDay } from './format.js';
import { grantMemberRole } from './settle.js';

type Executor = Kysely<DB> | Transaction<DB>;
type TDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

export const MAX_WAIVER_MONTHS = 36;
export const STEP_MONTHS = 6;
export const WAIVER_REASON = 'Members in Transition: dues waived';

export async function requestTransition(deps: TDeps, input: { userId: string; circumstances: string; separationOn: string | null; requestId?: string }): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const membership = await trx
      .selectFrom('individual_memberships')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('status', 'in', ['active', 'lapsed'])
      .forUpdate() // two requests sent at once are checked one after the other
      .executeTakeFirst();
    if (!membership) throw new AppError('individuals.not_a_member', { status: 409, message: 'Members in Transition is for members: join first, or contact us.' });
    // One request at a time, none while an approved waiver runs, none past the three years:
    // the page offers no form then, and a forged post changes nothing.
    const standing = transitionStanding(await myTransitionRequests(trx, input.userId), await todayIn(deps));
    if (standing.kind === 'pending')
      throw new AppError('individuals.transition_pending', { status: 409, message: 'You have a request under review already; we will write to you with the outcome.' });
    if (standing.kind === 'waived')
      throw new AppError('individuals.transition_in_place', {
        status: 409,
        message: `Your dues are waived until ${formatDay(standing.until)} already: nothing more to ask now. If your situation changes, write to us.`,
      });
    if (standing.kind === 'limit')
      throw new AppError('individuals.transition_limit', {
        status: 409,
        message: 'Your dues have been waived for three years in all, the most we can waive. If your situation changes, write to us.',
      });
    const row = await trx
      .insertInto('transition_requests')
      .values({ user_id: input.userId, circumstances: input.circumstances, separation_on: input.separationOn, created_at: deps.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.userId,
      action: 'individuals.transition_requested',
      entityType: 'transition_request',
      entityId: row.id,
      requestId: input.requestId,
    });
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', input.userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, { to: user.email, template: transitionReceivedEmail.name, data: { name: user.name, url: `${deps.config.publicUrl}/me/transition` } });
    // Each holder of the permission is told that a request waits (and nothing of it).
    const reviewers = await trx
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select('u.email')
      .where('r.role', '=', 'transition')
      .where('u.disabled_at', 'is', null)
      .where('u.id', '!=', input.userId)
      .orderBy('u.email')
      .execute();
    await deps.mail.queueMany(
      trx,
      reviewers.map((r) => ({ to: r.email, template: transitionWaitingEmail.name, data: { url: `${deps.config.publicUrl}/staff/transition` } })),
    );
    return row.id;
  });
}

export async function waivedMonths(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('dues_waivers')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('months'), eb.lit(0)).as('total'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r?.total ?? 0);
}

/** The person's own requests, newest first, each with the dues it waived (approved: the months in
 * all and the first and last day waived; otherwise 0 and null). */
export async function myTransitionRequests(db: Executor, userId: string) {
  const rows = await db
    .selectFrom('transition_requests as r')
    .leftJoin('dues_waivers as w', 'w.transition_request_id', 'r.id')
    .select(['r.id', 'r.status', 'r.created_at', 'r.decided_at', 'r.separation_on', 'r.decision_note'])
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('w.months'), eb.lit(0)).as('waived_months'),
      eb.fn.min('w.from_date').as('waived_from'),
      eb.fn.max('w.to_date').as('waived_to'),
    ])
    .where('r.user_id', '=', userId)
    .groupBy(['r.id', 'r.status', 'r.created_at', 'r.decided_at', 'r.separation_on', 'r.decision_note'])
    .orderBy('r.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, waived_months: Number(r.waived_months) }));
}

/**
 * Where a member stands with Members in Transition today: a request under review (`pending`), an
 * approved waiver still running (`waived`, to its last day), the three years used (`limit`), or
 * free to ask (`open`; `declined` when the latest request was not approved, `ended` when the last
 * waiver is over with months left). Only `open`, `declined` and `ended` offer the form.
 */
export type TransitionStanding =
  | { kind: 'pending' }
  | { kind: 'waived'; until: string; months: number }
  | { kind: 'limit'; months: number }
  | { kind: 'declined' | 'ended' | 'open'; months: number };

/** Whether the person holds an individual membership Members in Transition can waive dues on. */
export async function hasWaivableMembership(db: Executor, userId: string): Promise<boolean> {
  const m = await db.selectFrom('individual_memberships').select('id').where('user_id', '=', userId).where('status', 'in', ['active', 'lapsed']).executeTakeFirst();
  return !!m;
}

export function transitionStanding(requests: Array<{ status: string; waived_months: number; waived_to: string | null }>, today: string): TransitionStanding {
  if (requests.some((r) => r.status === 'pending')) return { kind: 'pending' };
  const approved = requests.filter((r) => r.status === 'approved' && r.waived_months > 0);
  const months = approved.reduce((n, r) => n + r.waived_months, 0);
  const until = approved.map((r) => r.waived_to ?? '').reduce((a, b) => (b > a ? b : a), '');
  if (until !== '' && until >= today) return { kind: 'waived', until, months };
  if (months >= MAX_WAIVER_MONTHS) return { kind: 'limit', months };
  // newest first
  if (requests[0]?.status === 'declined') return { kind: 'declined', months };
  return { kind: months > 0 ? 'ended' : 'open', months };
}

export async function myWaivers(db: Executor, userId: string) {
  return db.selectFrom('dues_waivers').select(['id', 'from_date', 'to_date', 'months', 'reason']).where('user_id', '=', userId).orderBy('from_date').execute();
}

export async function transitionQueue(db: Executor, status: 'pending' | 'decided') {
  let q = db
    .selectFrom('transition_requests as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.status', 't.created_at', 't.decided_at', 't.separation_on', 'u.name', 'u.email']);
  q = status === 'pending' ? q.where('t.status', '=', 'pending').orderBy('t.created_at') : q.where('t.status', '<>', 'pending').orderBy('t.decided_at', 'desc');
  return q.limit(200).execute();
}

export async function getTransitionRequest(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const r = await db
    .selectFrom('transition_requests as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.status', 't.circumstances', 't.separation_on', 't.created_at', 't.decided_at', 't.decision_note', 'u.name', 'u.email'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  const membership = await db
    .selectFrom('individual_memberships as m')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .select(['m.id', 'm.status', 'm.term_end', 'l.name as level'])
    .where('m.user_id', '=', r.user_id)
    .where('m.status', 'in', ['active', 'lapsed', 'pending'])
    .executeTakeFirst();
  return { ...r, membership: membership ?? null, waivedMonths: await waivedMonths(db, r.user_id) };
}

/** Records the reading of a request by staff (every read of transition data is audited). */
export async function auditTransitionRead(deps: Pick<Deps, 'db' | 'clock'>, input: { id: string | null; actorUserId: string; requestId?: string }) {
  await writeAudit(deps.db, {
    at: deps.clock.now(),
    actorUserId: input.actorUserId,
    action: input.id ? 'individuals.transition_viewed' : 'individuals.transition_queue_viewed',
    entityType: 'transition_request',
    entityId: input.id,
    requestId: input.requestId,
  });
}

export interface Decision {
  id: string;
  approve: boolean;
  steps: number;
  note: string;
  actorUserId: string;
  requestId?: string;
}

export async function decideTransition(deps: TDeps, d: Decision): Promise<{ months: number; termEnd: string | null }> {
  if (d.approve && (!Number.isInteger(d.steps) || d.steps < 1 || d.steps > MAX_WAIVER_MONTHS / STEP_MONTHS)) {
    throw new AppError('validation_failed', { fields: { steps: 'Choose from 1 to 6 six-month steps.' } });
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const req = await trx.selectFrom('transition_requests').selectAll().where('id', '=', d.id).forUpdate().executeTakeFirst();
    if (!req) throw new AppError('not_found');
    if (req.status !== 'pending') throw new AppError('individuals.already_decided', { status: 409, message: 'This request has been decided already.' });
    let months = 0;
    let termEnd: string | null = null;
    if (d.approve) {
      const used = await waivedMonths(trx, req.user_id);
      months = d.steps * STEP_MONTHS;
      if (used + months > MAX_WAIVER_MONTHS) {
        const left = MAX_WAIVER_MONTHS - used;
        const message =
          left <= 0
            ? `This member has had dues waived for ${used} months already, the most allowed (three years). The request cannot be approved.`
            : `This member has had dues waived for ${used} months; at most ${left} more months (${left / STEP_MONTHS} ${left === STEP_MONTHS ? 'step' : 'steps'}) can be approved, up to three years in all.`;
        throw new AppError('validation_failed', { message, fields: { steps: message } });
      }
      const m = await trx
        .selectFrom('individual_memberships')
        .selectAll()
        .where('user_id', '=', req.user_id)
        .where('status', 'in', ['active', 'lapsed'])
        .forUpdate()
        .executeTakeFirst();
      if (!m?.term_end) throw new AppError('individuals.not_a_member', { status: 409, message: 'This person has no active or lapsed membership to waive dues on.' });
      termEnd = m.term_end;
      for (let k = 0; k < d.steps; k++) {
        const from = addDays(termEnd, 1);
        const to = addDays(addMonths(from, STEP_MONTHS), -1);
        await trx
          .insertInto('dues_waivers')
          .values({
            user_id: req.user_id,
            individual_membership_id: m.id,
            transition_request_id: req.id,
            months: STEP_MONTHS,
            from_date: from,
            to_date: to,
            reason: WAIVER_REASON,
            created_by: d.actorUserId,
          })
          .execute();
        termEnd = to;
      }
      const active = termEnd >= (await todayIn(deps));
      await trx
        .updateTable('individual_memberships')
        .set({ term_end: termEnd, renewal_blocked_reason: null, renewal_blocked_at: null, ...(active ? { status: 'active' as const, lapsed_at: null } : {}) })
        .where('id', '=', m.id)
        .execute();
      if (active) await grantMemberRole(trx, req.user_id);
      // The renewal invoice for the term now waived is no longer owed (only if nothing is paid on it).
      const open = await trx
        .selectFrom('invoices')
        .select('id')
        .where('individual_membership_id', '=', m.id)
        .where('status', '=', 'issued')
        .where('paid_cents', '=', 0)
        .where('purpose', '=', 'renewal')
        .execute();
      for (const inv of open)
        await voidInvoice(trx, deps, {
          invoiceId: inv.id,
          reason: 'The membership term changed; this renewal is no longer due.',
          actorUserId: d.actorUserId,
          requestId: d.requestId,
        });
    }
    await trx
      .updateTable('transition_requests')
      .set({ status: d.approve ? 'approved' : 'declined', decided_at: now, decided_by: d.actorUserId, decision_note: d.note || null })
      .where('id', '=', req.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: d.actorUserId,
      action: d.approve ? 'individuals.transition_approved' : 'individuals.transition_declined',
      entityType: 'transition_request',
      entityId: req.id,
      before: { status: 'pending' },
      after: { status: d.approve ? 'approved' : 'declined', months },
      requestId: d.requestId,
    });
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', req.user_id).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, {
      to: user.email,
      template: transitionDecidedEmail.name,
      data: { name: user.name, approved: d.approve, months, termEnd, note: d.note, url: `${deps.config.publicUrl}/me/membership` },
    });
    return { months, termEnd };
  });
}
