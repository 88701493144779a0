// The steps ethics staff take on a case: intake review (dismiss, or open with the member's
// account linked and a response deadline), fact-finding (a named fact-finder, a due date, its
// report), the committee's decision, the appeal's decision; and a decision taking effect, which
// runs every `ethicsSanction` hook in the same transaction. Each step is guarded on the stage in
// SQL, dated on the timeline with who acted, and audited (without what the case says).
import type { EthicsOutcome } from '../../db/types.js';
import type { EthicsSanction } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { type Actor, addDays, addYears, type CaseDeps, moveCase, OUTCOME_WORDS, recordStep, type Trx, todayOf } from './cases-common.js';
import { caseOpenedEmail, caseStepEmail } from './cases-emails.js';
import type { CaseFile } from './cases-files.js';
import { storeCaseFiles } from './intake.js';

export const DEFAULT_RESPONSE_DAYS = 30;
export const DEFAULT_APPEAL_DAYS = 30;
/** The longest suspension the rules allow. */
export const MAX_SUSPENSION_YEARS = 5;
/** A public censure bars the credential for five years. */
export const PUBLIC_CENSURE_YEARS = 5;

const caseUrl = (deps: CaseDeps, id: string) => `${deps.config.publicUrl}/me/ethics/${id}`;

async function tellRespondent(trx: Trx, deps: CaseDeps, c: { id: string; reference: string; respondent_user_id: string | null }, what: string) {
  if (!c.respondent_user_id) return;
  const u = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', c.respondent_user_id).executeTakeFirst();
  if (u) await deps.mail.queue(trx, { to: u.email, template: caseStepEmail.name, data: { name: u.name, reference: c.reference, what, url: caseUrl(deps, c.id) } });
}

export async function dismissCase(deps: CaseDeps, actor: Actor, input: { caseId: string; reason: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await moveCase(trx, input.caseId, ['intake'], { stage: 'dismissed', dismissed_reason: input.reason, final_at: deps.clock.now() }, 'it can be dismissed');
    await recordStep(trx, deps, {
      caseId: input.caseId,
      actorUserId: actor.userId,
      summary: 'Dismissed at intake review, with reasons',
      action: 'ethics.case_dismissed',
      requestId: actor.requestId,
    });
  });
}

export async function openCase(deps: CaseDeps, actor: Actor, input: { caseId: string; respondentEmail: string; responseDays: number }): Promise<void> {
  const today = await todayOf(deps);
  await deps.db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.respondentEmail.trim().toLowerCase()))
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!u) throw new AppError('validation_failed', { fields: { respondentEmail: 'No account has this email. Enter the email of the member’s account.' } });
    const due = addDays(today, input.responseDays);
    const c = await moveCase(trx, input.caseId, ['intake'], { stage: 'response', respondent_user_id: u.id, response_due_on: due }, 'it can be opened');
    await recordStep(trx, deps, {
      caseId: c.id,
      actorUserId: actor.userId,
      summary: `Opened: the member’s account linked (${u.name}); written response due ${formatDay(due)}`,
      action: 'ethics.case_opened',
      after: { responseDueOn: due },
      requestId: actor.requestId,
    });
    await deps.mail.queue(trx, { to: u.email, template: caseOpenedEmail.name, data: { name: u.name, reference: c.reference, dueOn: formatDay(due), url: caseUrl(deps, c.id) } });
  });
}

export async function assignFactFinder(deps: CaseDeps, actor: Actor, input: { caseId: string; factFinder: string; dueOn: string }): Promise<void> {
  const today = await todayOf(deps);
  if (input.dueOn <= today) throw new AppError('validation_failed', { fields: { dueOn: 'The report’s due date must be after today.' } });
  await deps.db.transaction().execute(async (trx) => {
    await moveCase(trx, input.caseId, ['response'], { stage: 'fact_finding', fact_finder: input.factFinder, fact_finding_due_on: input.dueOn }, 'fact-finding can start');
    await recordStep(trx, deps, {
      caseId: input.caseId,
      actorUserId: actor.userId,
      summary: `Fact-finding assigned to ${input.factFinder}; report due ${formatDay(input.dueOn)}`,
      action: 'ethics.fact_finder_assigned',
      after: { dueOn: input.dueOn },
      requestId: actor.requestId,
    });
  });
}

export async function recordReport(deps: CaseDeps, actor: Actor, input: { caseId: string; report: string; files: CaseFile[] }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await moveCase(trx, input.caseId, ['fact_finding'], { stage: 'decision', report_text: input.report, reported_at: deps.clock.now() }, 'a report can be recorded');
    await storeCaseFiles(trx, deps, input.caseId, 'report', input.files, actor.userId);
    await recordStep(trx, deps, {
      caseId: input.caseId,
      actorUserId: actor.userId,
      summary: 'Fact-finding report recorded; the case goes to the committee',
      action: 'ethics.report_recorded',
      after: { files: input.files.length },
      requestId: actor.requestId,
    });
  });
}

export interface DecisionInput {
  caseId: string;
  outcome: EthicsOutcome;
  reasons: string;
  /** a suspension's last day */
  suspensionUntil?: string;
  appealDays: number;
}

/** The committee's decision: closed with no action is final at once; any other opens the appeal window. */
export async function recordDecision(deps: CaseDeps, actor: Actor, input: DecisionInput): Promise<void> {
  const today = await todayOf(deps);
  if (input.outcome === 'suspension') {
    const until = input.suspensionUntil ?? '';
    if (!until) throw new AppError('validation_failed', { fields: { suspensionUntil: 'A suspension needs its last day.' } });
    if (until <= today) throw new AppError('validation_failed', { fields: { suspensionUntil: 'The suspension must end after today.' } });
    if (until > addYears(today, MAX_SUSPENSION_YEARS)) throw new AppError('validation_failed', { fields: { suspensionUntil: 'A suspension lasts five years at most.' } });
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const base = {
      outcome: input.outcome,
      outcome_reasons: input.reasons,
      decided_at: now,
      suspension_until: input.outcome === 'suspension' ? (input.suspensionUntil ?? null) : null,
    };
    const closes = addDays(today, input.appealDays);
    const set =
      input.outcome === 'no_action'
        ? { ...base, stage: 'final' as const, final_at: now, effective_on: today }
        : { ...base, stage: 'appeal_window' as const, appeal_closes_on: closes };
    const c = await moveCase(trx, input.caseId, ['decision'], set, 'the committee can decide');
    await recordStep(trx, deps, {
      caseId: c.id,
      actorUserId: actor.userId,
      summary:
        input.outcome === 'no_action'
          ? 'Committee decision: closed with no action (final)'
          : `Committee decision: ${OUTCOME_WORDS[input.outcome].toLowerCase()}; appeal window open until ${formatDay(closes)}`,
      action: 'ethics.decision_recorded',
      after: { outcome: input.outcome, appealClosesOn: input.outcome === 'no_action' ? null : closes },
      requestId: actor.requestId,
    });
    await tellRespondent(
      trx,
      deps,
      c,
      input.outcome === 'no_action' ? 'the committee closed the case with no action' : `the committee decided; you may appeal until ${formatDay(closes)}`,
    );
  });
}

/** The sanction a final outcome carries, or null for one that fires nothing. */
export function sanctionOf(
  c: { id: string; respondent_user_id: string | null; outcome: EthicsOutcome | null; suspension_until: string | null },
  effectiveOn: string,
): EthicsSanction | null {
  if (!c.respondent_user_id) return null;
  const base = { caseId: c.id, userId: c.respondent_user_id, effectiveOn };
  switch (c.outcome) {
    case 'public_censure':
      return { ...base, outcome: 'public_censure', until: addYears(effectiveOn, PUBLIC_CENSURE_YEARS) };
    case 'suspension':
      return { ...base, outcome: 'suspension', until: c.suspension_until };
    case 'expulsion':
      return { ...base, outcome: 'expulsion', until: null };
    case 'credential_revoked':
      return { ...base, outcome: 'credential_revoked', until: null };
    default:
      return null;
  }
}

/** A decision takes effect (appeal window closed, or appeal upheld): final, and every hook runs in this transaction. */
export async function takeEffect(
  trx: Trx,
  deps: CaseDeps,
  input: { caseId: string; from: 'appeal_window' | 'appeal'; effectiveOn: string; actorUserId: string | null; set?: Record<string, unknown>; requestId?: string },
) {
  const c = await trx.selectFrom('ethics_cases').select(['id', 'respondent_user_id', 'outcome', 'suspension_until']).where('id', '=', input.caseId).executeTakeFirstOrThrow();
  const sanction = sanctionOf(c, input.effectiveOn);
  const moved = await moveCase(
    trx,
    input.caseId,
    [input.from],
    { ...input.set, stage: 'final', final_at: deps.clock.now(), effective_on: input.effectiveOn, sanction_until: sanction?.until ?? null },
    'the decision can take effect',
  );
  await recordStep(trx, deps, {
    caseId: input.caseId,
    actorUserId: input.actorUserId,
    summary: `Decision final and in effect from ${formatDay(input.effectiveOn)}`,
    action: 'ethics.decision_final',
    after: { outcome: c.outcome, effectiveOn: input.effectiveOn, until: sanction?.until ?? null },
    requestId: input.requestId,
  });
  if (sanction) for (const run of deps.hooks.ethicsSanction) await run(trx, deps, sanction);
  return moved;
}

export async function decideAppeal(deps: CaseDeps, actor: Actor, input: { caseId: string; result: 'upheld' | 'overturned'; reasons: string }): Promise<void> {
  const today = await todayOf(deps);
  await deps.db.transaction().execute(async (trx) => {
    const set = { appeal_result: input.result, appeal_reasons: input.reasons, appeal_decided_at: deps.clock.now() };
    await recordStep(trx, deps, {
      caseId: input.caseId,
      actorUserId: actor.userId,
      summary: input.result === 'upheld' ? 'Appeal decided: the decision is upheld' : 'Appeal decided: the decision is overturned (final; no sanction)',
      action: 'ethics.appeal_decided',
      after: { result: input.result },
      requestId: actor.requestId,
    });
    const c =
      input.result === 'upheld'
        ? await takeEffect(trx, deps, { caseId: input.caseId, from: 'appeal', effectiveOn: today, actorUserId: actor.userId, set, requestId: actor.requestId })
        : await moveCase(trx, input.caseId, ['appeal'], { ...set, stage: 'final', final_at: deps.clock.now() }, 'the appeal can be decided');
    await tellRespondent(trx, deps, c, input.result === 'upheld' ? 'the appeal is decided: the decision is upheld' : 'the appeal is decided: the decision is overturned');
  });
}
