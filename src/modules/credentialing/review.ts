// Review: staff open cycles (a cut-off day and a panel of named accounts) and set a cycle's panel;
// a staff reviewer and a panel member of the application's cycle each record a decision with
// reasons. When both are in, both "award" awards the credential (dated today); any "decline"
// declines it, and the applicant is emailed the decision (with the reasons of a decline).
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { awardedEmail, declinedEmail } from './emails.js';
import { barOf, isPanelMember } from './queries.js';
import { type Actor, type CredentialDeps, type Trx, today, url } from './shared.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The accounts named by these email addresses (one per line or comma); unknown ones are an error. */
async function accountsByEmail(trx: Trx, text: string): Promise<string[]> {
  const emails = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (emails.length > 20) throw new AppError('validation_failed', { fields: { panel: 'Name at most 20 panel members.' } });
  const rows = emails.length ? await trx.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute() : [];
  const unknown = emails.filter((e) => !rows.some((r) => r.email.toLowerCase() === e));
  if (unknown.length) throw new AppError('validation_failed', { fields: { panel: `No account has the address ${unknown.join(', ')}.` } });
  return rows.map((r) => r.id);
}

export async function createCycle(deps: CredentialDeps, actor: Actor, input: { name: string; cutoffOn: string; panel: string }): Promise<string> {
  const name = input.name.trim();
  const fields: Record<string, string> = {};
  if (!name || name.length > 100) fields.name = 'Enter a name for the cycle, like 2027 Q1.';
  if (!DAY.test(input.cutoffOn) || Number.isNaN(Date.parse(input.cutoffOn))) fields.cutoff_on = 'Enter a real cut-off day, such as 2026-03-15.';
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
  return deps.db.transaction().execute(async (trx) => {
    const panel = await accountsByEmail(trx, input.panel);
    const taken = await trx.selectFrom('credential_cycles').select('id').where('cutoff_on', '=', input.cutoffOn).executeTakeFirst();
    if (taken) throw new AppError('validation_failed', { fields: { cutoff_on: 'A cycle already has this cut-off day.' } });
    const c = await trx.insertInto('credential_cycles').values({ name, cutoff_on: input.cutoffOn, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    if (panel.length)
      await trx
        .insertInto('credential_panel_members')
        .values(panel.map((user_id) => ({ cycle_id: c.id, user_id })))
        .execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'credential.cycle_created',
      entityType: 'credential_cycle',
      entityId: c.id,
      after: { name, cutoffOn: input.cutoffOn, panel },
      requestId: actor.requestId,
    });
    return c.id;
  });
}

export async function setPanel(deps: CredentialDeps, actor: Actor, cycleId: string, text: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const cycle = await trx.selectFrom('credential_cycles').select('id').where('id', '=', cycleId).forUpdate().executeTakeFirst();
    if (!cycle) throw new AppError('not_found', { message: 'There is no such cycle.' });
    const panel = await accountsByEmail(trx, text);
    await trx.deleteFrom('credential_panel_members').where('cycle_id', '=', cycleId).execute();
    if (panel.length)
      await trx
        .insertInto('credential_panel_members')
        .values(panel.map((user_id) => ({ cycle_id: cycleId, user_id })))
        .execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'credential.panel_set',
      entityType: 'credential_cycle',
      entityId: cycleId,
      after: { panel },
      requestId: actor.requestId,
    });
  });
}

export type Reviewer = 'staff' | 'panel';

/** Records one reviewer's decision; decides the application when both are in. */
export async function recordDecision(
  deps: CredentialDeps,
  actor: Actor,
  applicationId: string,
  as: Reviewer,
  input: { decision: string; reasons: string },
): Promise<{ outcome: 'pending' | 'awarded' | 'declined' }> {
  const reasons = input.reasons.trim();
  const fields: Record<string, string> = {};
  if (input.decision !== 'award' && input.decision !== 'decline') fields.decision = 'Choose award or decline.';
  if (!reasons) fields.reasons = 'Give the reasons for your decision.';
  else if (reasons.length > 2000) fields.reasons = 'Keep the reasons under 2,000 characters.';
  if (Object.keys(fields).length) throw new AppError('validation_failed', { fields });
  const decision = input.decision as 'award' | 'decline';
  const day = await today(deps);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('credential_applications').selectAll().where('id', '=', applicationId).forUpdate().executeTakeFirst();
    if (!a || a.status === 'draft') throw new AppError('not_found', { message: 'There is no such application.' });
    if (as === 'panel' && !(a.cycle_id && (await isPanelMember(trx, a.cycle_id, actor.userId)))) throw new AppError('not_found', { message: 'There is no such application.' });
    if (a.status !== 'submitted') throw new AppError('credential.already_decided', { message: 'This application is already decided.' });
    if (a.user_id === actor.userId) throw new AppError('credential.own_application', { status: 409, message: 'You cannot review your own application.' });
    if ((as === 'staff' ? a.staff_decision : a.panel_decision) !== null)
      throw new AppError('credential.decision_recorded', { message: `The ${as === 'staff' ? 'staff reviewer' : 'panel member'}’s decision is already recorded.` });
    const other = as === 'staff' ? a.panel_user_id : a.staff_user_id;
    if (other === actor.userId) throw new AppError('credential.same_reviewer', { message: 'The staff reviewer and the panel member must be two different people.' });
    if (decision === 'award') {
      if (!a.fee_paid_on) throw new AppError('credential.fee_unpaid', { message: 'The application fee is not paid yet: the credential is awarded only once it is.' });
      const bar = await barOf(trx, a.user_id, day);
      if (bar) throw new AppError('credential.barred', { message: 'An ethics outcome bars this applicant from the credential.' });
    }
    const set =
      as === 'staff'
        ? { staff_decision: decision, staff_reasons: reasons, staff_user_id: actor.userId, staff_decided_at: now }
        : { panel_decision: decision, panel_reasons: reasons, panel_user_id: actor.userId, panel_decided_at: now };
    await trx.updateTable('credential_applications').set(set).where('id', '=', a.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'credential.decision_recorded',
      entityType: 'credential_application',
      entityId: a.id,
      after: { as, decision },
      requestId: actor.requestId,
    });
    const staffDecision = as === 'staff' ? decision : a.staff_decision;
    const panelDecision = as === 'panel' ? decision : a.panel_decision;
    if (!staffDecision || !panelDecision) return { outcome: 'pending' as const };

    const applicant = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', a.user_id).executeTakeFirstOrThrow();
    const awarded = staffDecision === 'award' && panelDecision === 'award';
    await trx
      .updateTable('credential_applications')
      .set({ status: awarded ? 'awarded' : 'declined', decided_at: now, updated_at: now })
      .where('id', '=', a.id)
      .execute();
    if (awarded) {
      await trx
        .insertInto('credentials')
        .values({ user_id: a.user_id, status: 'current', awarded_on: day, application_id: a.id, updated_at: now })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            status: 'current',
            awarded_on: day,
            application_id: a.id,
            lapsed_year: null,
            lapsed_on: null,
            reinstatement_requested_on: null,
            revoked_on: null,
            revoked_reason: '',
            ethics_case_id: null,
            updated_at: now,
          }),
        )
        .execute();
      await deps.mail.queue(trx, {
        to: applicant.email,
        template: awardedEmail.name,
        data: { name: applicant.name, awardedOn: formatDay(day), url: url(deps, '/credential/log') },
      });
    } else {
      const why = [
        staffDecision === 'decline' ? (as === 'staff' ? reasons : a.staff_reasons) : '',
        panelDecision === 'decline' ? (as === 'panel' ? reasons : a.panel_reasons) : '',
      ].filter(Boolean);
      await deps.mail.queue(trx, { to: applicant.email, template: declinedEmail.name, data: { reasons: why, url: url(deps, '/credential') } });
    }
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: awarded ? 'credential.awarded' : 'credential.declined',
      entityType: 'credential_application',
      entityId: a.id,
      after: { userId: a.user_id },
      requestId: actor.requestId,
    });
    return { outcome: awarded ? ('awarded' as const) : ('declined' as const) };
  });
}
