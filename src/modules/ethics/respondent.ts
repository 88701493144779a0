// What the member concerned does on their own case: reads it (their case page: the complaint, its
// documents, the deadlines, the decision), sends the written response before its deadline, and
// appeals the committee's decision within the appeal window. Another person's case is a 404.
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { type Actor, type CaseDeps, ethicsStaffEmails, moveCase, noCase, recordStep, type Trx, todayOf } from './cases-common.js';
import { caseWaitingEmail } from './cases-emails.js';
import type { CaseFile } from './cases-files.js';
import { storeCaseFiles } from './intake.js';

/** Stages in which the member concerned sees their case (from the opening on). */
export const RESPONDENT_STAGES = ['response', 'fact_finding', 'decision', 'appeal_window', 'appeal', 'final'] as const;

/** The member's own case, or a 404 (someone else's, not opened yet, or none). */
export async function respondentCase(db: Deps['db'], caseId: string, userId: string) {
  if (!isUuid(caseId)) throw noCase();
  const c = await db
    .selectFrom('ethics_cases')
    .select([
      'id',
      'reference',
      'stage',
      'respondent_name',
      'respondent_organization',
      'respondent_position',
      'tenets',
      'facts',
      'filed_at',
      'response_due_on',
      'response_text',
      'responded_at',
      'fact_finder',
      'fact_finding_due_on',
      'report_text',
      'outcome',
      'outcome_reasons',
      'suspension_until',
      'decided_at',
      'appeal_closes_on',
      'appeal_text',
      'appealed_at',
      'appeal_result',
      'appeal_reasons',
      'effective_on',
    ])
    .where('id', '=', caseId)
    .where('respondent_user_id', '=', userId)
    .where('stage', 'in', [...RESPONDENT_STAGES])
    .executeTakeFirst();
  if (!c) throw noCase();
  return c;
}

/** The member's cases, newest first. */
export async function myCases(db: Deps['db'], userId: string) {
  return db
    .selectFrom('ethics_cases')
    .select(['id', 'reference', 'stage', 'filed_at', 'response_due_on', 'appeal_closes_on'])
    .where('respondent_user_id', '=', userId)
    .where('stage', 'in', [...RESPONDENT_STAGES])
    .orderBy('filed_at', 'desc')
    .execute();
}

async function tellStaff(trx: Trx, deps: CaseDeps, c: { id: string; reference: string }, what: string) {
  const staff = await ethicsStaffEmails(trx);
  await deps.mail.queueMany(
    trx,
    staff.map((to) => ({ to, template: caseWaitingEmail.name, data: { reference: c.reference, what, url: `${deps.config.publicUrl}/staff/ethics/cases/${c.id}` } })),
  );
}

export async function submitResponse(deps: CaseDeps, actor: Actor, input: { caseId: string; text: string; files: CaseFile[] }): Promise<void> {
  const c = await respondentCase(deps.db, input.caseId, actor.userId);
  const today = await todayOf(deps);
  if (c.stage !== 'response' || c.responded_at) throw new AppError('ethics.response_closed', { status: 409, message: 'A response can no longer be sent in this case.' });
  if (c.response_due_on && today > c.response_due_on)
    throw new AppError('ethics.response_late', { status: 409, message: 'The deadline for your response has passed. Write to ethics staff if you need more time.' });
  await deps.db.transaction().execute(async (trx) => {
    const moved = await moveCase(trx, c.id, ['response'], { response_text: input.text, responded_at: deps.clock.now() }, 'a response can be sent');
    await storeCaseFiles(trx, deps, c.id, 'response', input.files, actor.userId);
    await recordStep(trx, deps, {
      caseId: c.id,
      actorUserId: actor.userId,
      summary: 'Written response received from the member',
      action: 'ethics.response_submitted',
      after: { files: input.files.length },
      requestId: actor.requestId,
    });
    await tellStaff(trx, deps, moved, 'the member’s written response is in');
  });
}

export async function fileAppeal(deps: CaseDeps, actor: Actor, input: { caseId: string; text: string }): Promise<void> {
  const c = await respondentCase(deps.db, input.caseId, actor.userId);
  const today = await todayOf(deps);
  if (c.stage !== 'appeal_window' || !c.appeal_closes_on || today > c.appeal_closes_on)
    throw new AppError('ethics.appeal_closed', { status: 409, message: 'The appeal window of this case is closed.' });
  await deps.db.transaction().execute(async (trx) => {
    const moved = await moveCase(trx, c.id, ['appeal_window'], { stage: 'appeal', appeal_text: input.text, appealed_at: deps.clock.now() }, 'an appeal can be filed');
    await recordStep(trx, deps, { caseId: c.id, actorUserId: actor.userId, summary: 'Appeal filed by the member', action: 'ethics.appeal_filed', requestId: actor.requestId });
    await tellStaff(trx, deps, moved, 'the member appealed the decision');
  });
}
