// The ethics committee: ethics staff keep its list (existing verified accounts, who are emailed)
// and assign members to a case. An assigned member reads that case and records the committee's
// notes toward its decision; a member not assigned, and anyone else, gets a 404.
import { sql } from 'kysely';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { type Actor, type CaseDeps, noCase, recordStep } from './cases-common.js';
import { committeeEmail } from './cases-emails.js';

const committeeUrl = (deps: CaseDeps) => `${deps.config.publicUrl}/ethics/committee`;

export async function committeeMembers(db: Deps['db']) {
  return db
    .selectFrom('ethics_committee_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id as userId', 'u.name', 'u.email', 'm.added_at as addedAt'])
    .orderBy('u.name')
    .execute();
}

export async function isCommitteeMember(db: Deps['db'], userId: string): Promise<boolean> {
  return !!(await db.selectFrom('ethics_committee_members').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

export async function addCommitteeMember(deps: CaseDeps, actor: Actor, email: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'email_verified_at'])
      .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!u?.email_verified_at) throw new AppError('validation_failed', { fields: { email: 'No verified account has this email. The person signs up first.' } });
    const added = await trx
      .insertInto('ethics_committee_members')
      .values({ user_id: u.id, added_by: actor.userId, added_at: deps.clock.now() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!added) throw new AppError('validation_failed', { fields: { email: `${u.name} is on the committee already.` } });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'ethics.committee_member_added',
      entityType: 'ethics_committee_member',
      entityId: u.id,
      requestId: actor.requestId,
    });
    await deps.mail.queue(trx, {
      to: u.email,
      template: committeeEmail.name,
      data: { name: u.name, what: 'you have been added to the ethics committee', url: committeeUrl(deps) },
    });
  });
}

export async function removeCommitteeMember(deps: CaseDeps, actor: Actor, userId: string): Promise<void> {
  if (!isUuid(userId)) throw new AppError('not_found', { message: 'That person is not on the committee.' });
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('ethics_committee_members').where('user_id', '=', userId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new AppError('not_found', { message: 'That person is not on the committee.' });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'ethics.committee_member_removed',
      entityType: 'ethics_committee_member',
      entityId: userId,
      requestId: actor.requestId,
    });
  });
}

export async function assignCommitteeMember(deps: CaseDeps, actor: Actor, input: { caseId: string; userId: string }): Promise<void> {
  if (!isUuid(input.userId)) throw new AppError('validation_failed', { fields: { member: 'Choose a member of the committee.' } });
  await deps.db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('ethics_committee_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email'])
      .where('m.user_id', '=', input.userId)
      .executeTakeFirst();
    if (!m) throw new AppError('validation_failed', { fields: { member: 'Choose a member of the committee.' } });
    const c = await trx.selectFrom('ethics_cases').select(['id', 'reference', 'stage']).where('id', '=', input.caseId).executeTakeFirst();
    if (!c || c.stage === 'unconfirmed') throw noCase();
    const added = await trx
      .insertInto('ethics_case_assignments')
      .values({ case_id: c.id, user_id: m.id, assigned_by: actor.userId, assigned_at: deps.clock.now() })
      .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!added) throw new AppError('validation_failed', { fields: { member: `${m.name} is assigned to this case already.` } });
    await recordStep(trx, deps, {
      caseId: c.id,
      actorUserId: actor.userId,
      summary: `Committee member assigned: ${m.name}`,
      action: 'ethics.committee_assigned',
      after: { member: m.id },
      requestId: actor.requestId,
    });
    await deps.mail.queue(trx, {
      to: m.email,
      template: committeeEmail.name,
      data: { name: m.name, what: `you are assigned to ethics case ${c.reference}`, url: `${deps.config.publicUrl}/ethics/committee/cases/${c.id}` },
    });
  });
}

/** Whether this person is assigned to this case (the object-level check of the committee's pages). */
export async function isAssigned(db: Deps['db'], caseId: string, userId: string): Promise<boolean> {
  if (!isUuid(caseId)) return false;
  const row = await db
    .selectFrom('ethics_case_assignments as a')
    .innerJoin('ethics_cases as c', 'c.id', 'a.case_id')
    .select('a.case_id')
    .where('a.case_id', '=', caseId)
    .where('a.user_id', '=', userId)
    .where('c.stage', '!=', 'unconfirmed')
    .executeTakeFirst();
  return !!row;
}

export async function assignedCases(db: Deps['db'], userId: string) {
  return db
    .selectFrom('ethics_case_assignments as a')
    .innerJoin('ethics_cases as c', 'c.id', 'a.case_id')
    .select(['c.id', 'c.reference', 'c.stage', 'c.respondent_name', 'c.filed_at'])
    .where('a.user_id', '=', userId)
    .orderBy('c.filed_at', 'desc')
    .execute();
}

export async function assignedMembers(db: Deps['db'], caseId: string) {
  return db
    .selectFrom('ethics_case_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.id', 'u.name', 'a.assigned_at'])
    .where('a.case_id', '=', caseId)
    .orderBy('u.name')
    .execute();
}

export async function committeeNotes(db: Deps['db'], caseId: string) {
  return db
    .selectFrom('ethics_committee_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_user_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.name'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.created_at')
    .execute();
}

export async function addCommitteeNote(deps: CaseDeps, actor: Actor, input: { caseId: string; body: string }): Promise<void> {
  if (!(await isAssigned(deps.db, input.caseId, actor.userId))) throw noCase();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('ethics_committee_notes').values({ case_id: input.caseId, author_user_id: actor.userId, body: input.body, created_at: deps.clock.now() }).execute();
    await recordStep(trx, deps, {
      caseId: input.caseId,
      actorUserId: actor.userId,
      summary: 'Committee decision note recorded',
      action: 'ethics.committee_note_added',
      requestId: actor.requestId,
    });
  });
}
