// The business challenge's use cases: staff keep the catalogue template; a member government
// starts a challenge (copying the template) and edits its catalogue; businesses join and mark
// actions done with evidence; the government verifies or rejects. Staff and government changes
// write an audit row in their transaction.
import { sql } from 'kysely';
import { writeAudit } from '../../lib/audit.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { emailDecision } from './decision-email.js';
import { outsideJurisdiction } from './jurisdiction.js';
import { type Challenge, emailVerified } from './queries.js';
import type { ActionInput, ChallengeInput, JoinInput } from './schemas.js';
import { type Actor, type ChallengeDeps, RUNS_CHALLENGES, seasonClosed, seasonOn, type Trx } from './shared.js';

export interface EvidenceFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

const actionRow = (d: ActionInput) => ({ title: d.title, category: d.category, points: d.points, evidence_required: d.evidenceRequired === 'yes', retired: d.retired === 'yes' });

export async function addTemplateAction(deps: ChallengeDeps, actor: Actor, d: ActionInput): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('challenge_template_actions')
      .values({ ...actionRow(d), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'challenges.template_action_added',
      entityType: 'challenge_template_action',
      entityId: row.id,
      after: actionRow(d),
      requestId: actor.requestId,
      at: now,
    });
    return row.id;
  });
}

export async function updateTemplateAction(deps: ChallengeDeps, actor: Actor, id: string, d: ActionInput): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('challenge_template_actions')
      .select(['title', 'category', 'points', 'evidence_required', 'retired'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found', { message: 'There is no such action in the template.' });
    await trx
      .updateTable('challenge_template_actions')
      .set({ ...actionRow(d), updated_at: now })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'challenges.template_action_changed',
      entityType: 'challenge_template_action',
      entityId: id,
      before,
      after: actionRow(d),
      requestId: actor.requestId,
      at: now,
    });
  });
}

/** A government's new challenge, with its copy of the template's current actions. */
export async function createChallenge(deps: ChallengeDeps, actor: Actor, organizationId: string, d: ChallengeInput): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organizations').select(['status', 'entity_type', 'name']).where('id', '=', organizationId).executeTakeFirst();
    if (!org) throw new AppError('not_found');
    if (org.status !== 'active') throw new AppError('challenges.not_a_member', { message: 'Only a current member government can run a challenge.' });
    if (!RUNS_CHALLENGES.includes(org.entity_type)) throw new AppError('challenges.not_a_local_government', { message: 'A challenge is run by a city, town or county.' });
    const taken = await trx.selectFrom('challenges').select('id').where('slug', '=', d.slug).executeTakeFirst();
    if (taken) throw fieldError({ slug: 'Another challenge has this web address. Choose another.' });
    const row = await trx
      .insertInto('challenges')
      .values({
        organization_id: organizationId,
        slug: d.slug,
        title: d.title,
        description: d.description,
        starts_on: d.startsOn,
        ends_on: d.endsOn,
        bronze_points: d.bronze,
        silver_points: d.silver,
        gold_points: d.gold,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await copyTemplate(trx, row.id, now);
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'challenges.challenge_created',
      entityType: 'challenge',
      entityId: row.id,
      after: { organization_id: organizationId, ...d },
      requestId: actor.requestId,
      at: now,
    });
    return row.id;
  });
}

async function copyTemplate(trx: Trx, challengeId: string, now: Date) {
  const template = await trx.selectFrom('challenge_template_actions').select(['id', 'title', 'category', 'points', 'evidence_required']).where('retired', '=', false).execute();
  if (template.length === 0) return;
  await trx
    .insertInto('challenge_actions')
    .values(
      template.map((t) => ({
        challenge_id: challengeId,
        template_action_id: t.id,
        title: t.title,
        category: t.category,
        points: t.points,
        evidence_required: t.evidence_required,
        created_at: now,
      })),
    )
    .execute();
}

export async function addChallengeAction(deps: ChallengeDeps, actor: Actor, challengeId: string, d: ActionInput): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('challenge_actions')
      .values({ challenge_id: challengeId, template_action_id: null, ...actionRow(d), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'challenges.action_added',
      entityType: 'challenge_action',
      entityId: row.id,
      after: { challenge_id: challengeId, ...actionRow(d) },
      requestId: actor.requestId,
      at: now,
    });
    return row.id;
  });
}

/** Changes an action of the challenge's catalogue: points changed count for every verified mark of it. */
export async function updateChallengeAction(deps: ChallengeDeps, actor: Actor, challengeId: string, actionId: string, d: ActionInput): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('challenge_actions')
      .select(['title', 'category', 'points', 'evidence_required', 'retired'])
      .where('id', '=', actionId)
      .where('challenge_id', '=', challengeId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found', { message: 'There is no such action in this challenge.' });
    await trx.updateTable('challenge_actions').set(actionRow(d)).where('id', '=', actionId).execute();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'challenges.action_changed',
      entityType: 'challenge_action',
      entityId: actionId,
      before,
      after: actionRow(d),
      requestId: actor.requestId,
      at: now,
    });
  });
}

/** Refused outside the season (409), saying when the season is or was. */
async function refuseOutsideSeason(deps: ChallengeDeps, c: Challenge, what: string): Promise<void> {
  const state = seasonOn(await todayIn(deps), c);
  if (state !== 'running') throw new AppError('challenges.season_closed', { message: `${seasonClosed(c, state)} ${what}` });
}

/** A business joins, during the season, by an account with a verified email address, at an
 * address in the government's jurisdiction. */
export async function joinChallenge(deps: ChallengeDeps, userId: string, c: Challenge, d: JoinInput): Promise<string> {
  const now = deps.clock.now();
  await refuseOutsideSeason(deps, c, 'Businesses join only during the season.');
  if (!(await emailVerified(deps.db, userId)))
    throw new AppError('challenges.email_unverified', {
      status: 403,
      message: 'Confirm your email address first: follow the link we sent you, or ask for a new one from your account page.',
    });
  const refusal = await outsideJurisdiction({ name: c.government, state: c.state, entity_type: c.entity_type, place_source: c.place_source }, d);
  if (refusal) throw new AppError('challenges.outside_jurisdiction', { status: 422, message: refusal, fields: { city: refusal } });
  return deps.db.transaction().execute(async (trx) => {
    const mine = await trx.selectFrom('challenge_businesses').select('id').where('challenge_id', '=', c.id).where('contact_user_id', '=', userId).executeTakeFirst();
    if (mine) throw new AppError('challenges.already_joined', { message: 'You have already signed a business up for this challenge.' });
    const same = await trx
      .selectFrom('challenge_businesses')
      .select('id')
      .where('challenge_id', '=', c.id)
      .where(sql<string>`lower(name)`, '=', d.name.toLowerCase())
      .executeTakeFirst();
    if (same) throw fieldError({ name: 'A business of this name has already joined. If it is yours, ask the person who signed it up.' });
    const row = await trx
      .insertInto('challenge_businesses')
      .values({
        challenge_id: c.id,
        name: d.name,
        street: d.addressLine1,
        city: d.city,
        state: d.state,
        postal_code: d.zip,
        contact_name: d.contactName,
        contact_user_id: userId,
        joined_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** A business marks an action done (again, after a rejection), with its evidence. A verified
 * action stays verified (409); one waiting may have its evidence replaced. */
export async function markActionDone(deps: ChallengeDeps, userId: string, c: Challenge, actionId: string, evidence: string, file: EvidenceFile | null): Promise<void> {
  const now = deps.clock.now();
  await refuseOutsideSeason(deps, c, 'Actions can be marked done only during the season.');
  await deps.db.transaction().execute(async (trx) => {
    const business = await trx.selectFrom('challenge_businesses').select('id').where('challenge_id', '=', c.id).where('contact_user_id', '=', userId).executeTakeFirst();
    if (!business) throw new AppError('not_found', { message: 'Sign your business up for this challenge first.' });
    const action = await trx
      .selectFrom('challenge_actions')
      .select(['id', 'evidence_required'])
      .where('id', '=', actionId)
      .where('challenge_id', '=', c.id)
      .where('retired', '=', false)
      .executeTakeFirst();
    if (!action) throw new AppError('not_found', { message: 'There is no such action in this challenge.' });
    if (action.evidence_required && evidence === '' && !file) throw fieldError({ evidence: 'This action needs evidence: describe what you did, or attach a photo or document.' });
    const prior = await trx
      .selectFrom('challenge_completions')
      .select(['id', 'status'])
      .where('business_id', '=', business.id)
      .where('action_id', '=', actionId)
      .forUpdate()
      .executeTakeFirst();
    if (prior?.status === 'verified') throw new AppError('challenges.already_verified', { message: 'This action is already verified.' });
    const values = { status: 'submitted' as const, evidence_text: evidence, submitted_at: now, reviewed_at: null, reviewed_by: null, reason: '' };
    const id = prior
      ? (await trx.updateTable('challenge_completions').set(values).where('id', '=', prior.id).returning('id').executeTakeFirstOrThrow()).id
      : (
          await trx
            .insertInto('challenge_completions')
            .values({ business_id: business.id, action_id: actionId, ...values })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    if (file) {
      await trx.deleteFrom('challenge_evidence_files').where('completion_id', '=', id).execute();
      await trx
        .insertInto('challenge_evidence_files')
        .values({ completion_id: id, filename: file.filename, content_type: file.contentType, size_bytes: file.bytes.length, content: file.bytes, uploaded_at: now })
        .execute();
    }
  });
}

/** The government verifies or rejects (with a reason) an action waiting; anything else is 409.
 * The business's contact is emailed the decision in the same transaction. Answers the business's name. */
export async function reviewCompletion(
  deps: ChallengeDeps,
  actor: Actor,
  c: Challenge,
  completionId: string,
  decision: 'verify' | 'reject',
  reason: string,
): Promise<{ business: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const k = await trx
      .selectFrom('challenge_completions as k')
      .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
      .innerJoin('challenge_actions as a', 'a.id', 'k.action_id')
      .select(['k.id', 'k.status', 'b.id as businessId', 'b.name as business', 'b.contact_user_id as contactUserId', 'a.id as actionId', 'a.title as action', 'a.points'])
      .where('k.id', '=', completionId)
      .where('b.challenge_id', '=', c.id)
      .executeTakeFirst();
    if (!k) throw new AppError('not_found', { message: 'There is no such action marked done in this challenge.' });
    const status = decision === 'verify' ? 'verified' : 'rejected';
    const done = await trx
      .updateTable('challenge_completions')
      .set({ status, reviewed_at: now, reviewed_by: actor.userId, reason: decision === 'reject' ? reason : '' })
      .where('id', '=', k.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('challenges.already_reviewed', { message: 'This action was already decided; the business must mark it done again.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: decision === 'verify' ? 'challenges.action_verified' : 'challenges.action_rejected',
      entityType: 'challenge_completion',
      entityId: k.id,
      before: { status: k.status },
      after: { status, reason: decision === 'reject' ? reason : undefined },
      requestId: actor.requestId,
      at: now,
    });
    await emailDecision(trx, deps, c, k, decision, reason);
    return { business: k.business };
  });
}
