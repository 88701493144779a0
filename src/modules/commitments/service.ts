// Commitments' use cases: staff publish and change commitments; an authorised person of a
// government (an organization administrator, or an elected official of it) signs for it, once;
// the government or staff withdraw the signature, which stays as history. Each change writes its
// audit row in its transaction.
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import type { CommitmentInput, SignInput } from './schemas.js';
import { type Actor, type CommitmentDeps, NOT_AUTHORISED, noCommitment, signingRefusal, type Trx, today } from './shared.js';

const row = (d: CommitmentInput) => ({ title: d.title, slug: d.slug, body: d.body, launched_on: d.launchedOn, signers: d.signers, open: d.open === 'yes' });

async function slugTaken(trx: Trx, slug: string, except?: string) {
  let q = trx.selectFrom('commitments').select('id').where('slug', '=', slug);
  if (except) q = q.where('id', '<>', except);
  if (await q.executeTakeFirst()) throw new AppError('validation_failed', { fields: { slug: 'Another commitment uses this web address; choose another.' } });
}

export async function createCommitment(deps: CommitmentDeps, actor: Actor, d: CommitmentInput): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await slugTaken(trx, d.slug);
    const created = await trx
      .insertInto('commitments')
      .values({ ...row(d), created_by: actor.userId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'commitments.created',
      entityType: 'commitment',
      entityId: created.id,
      after: row(d),
      requestId: actor.requestId,
      at: now,
    });
    return created.id;
  });
}

export async function updateCommitment(deps: CommitmentDeps, actor: Actor, id: string, d: CommitmentInput): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('commitments').select(['title', 'slug', 'body', 'launched_on', 'signers', 'open']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw noCommitment();
    await slugTaken(trx, d.slug, id);
    await trx
      .updateTable('commitments')
      .set({ ...row(d), updated_at: now })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'commitments.updated',
      entityType: 'commitment',
      entityId: id,
      before,
      after: row(d),
      requestId: actor.requestId,
      at: now,
    });
  });
}

/** Who the person is at the organization, if they may act for it on commitments: an
 * administrator, or an elected official. */
async function seatAt(trx: Trx, userId: string, organizationId: string) {
  const seat = await trx
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['o.name', 'o.status', 'c.role', 'c.duties'])
    .where('c.user_id', '=', userId)
    .where('c.organization_id', '=', organizationId)
    .where('o.merged_into_id', 'is', null)
    .executeTakeFirst();
  if (!seat) return undefined;
  return { name: seat.name, status: seat.status, admin: seat.role === 'admin', elected: seat.duties.includes('elected') };
}

/**
 * Signs a launched, open commitment for a government. Refused with 403 unless the person is an
 * administrator or an elected official of that organization (only an elected official when the
 * commitment says so, and only for a current member when it is for members); with 409 when the
 * commitment is closed or the organization's signature already stands (the partial unique index
 * decides a race).
 */
export async function signCommitment(deps: CommitmentDeps, actor: Actor & { userId: string }, slug: string, s: SignInput): Promise<{ organizationName: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('commitments')
      .select(['id', 'title', 'signers', 'open'])
      .where('slug', '=', slug)
      .where('launched_on', '<=', await today(deps))
      .executeTakeFirst();
    if (!c) throw noCommitment();
    const seat = await seatAt(trx, actor.userId, s.org);
    if (!seat) throw new AppError('forbidden', { message: NOT_AUTHORISED });
    const refusal = signingRefusal(c.signers, seat);
    if (refusal) throw new AppError('forbidden', { message: refusal });
    if (!c.open) throw new AppError('commitments.closed', { message: 'This commitment is closed to new signatures.' });
    const inserted = await trx
      .insertInto('commitment_signatures')
      .values({ commitment_id: c.id, organization_id: s.org, signed_by: actor.userId, signer_name: s.signerName, signer_title: s.signerTitle, signed_at: now })
      .onConflict((oc) => oc.columns(['commitment_id', 'organization_id']).where('withdrawn_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('commitments.already_signed', { message: `${seat.name} has already signed this commitment.` });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'commitments.signed',
      entityType: 'commitment_signature',
      entityId: inserted.id,
      after: { commitment_id: c.id, organization_id: s.org, signer_name: s.signerName, signer_title: s.signerTitle },
      requestId: actor.requestId,
      at: now,
    });
    return { organizationName: seat.name };
  });
}

/**
 * Withdraws a standing signature, keeping it as history (when, by whom, why). `by` says who asks:
 * staff (any signature), or a person of the government (its administrator or an elected official:
 * anyone else is refused with 403). A signature already withdrawn is a 409.
 */
export async function withdrawSignature(
  deps: CommitmentDeps,
  actor: Actor,
  target: { signatureId: string; commitmentId: string; reason: string; by: 'staff' | 'government' },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const sig = await trx
      .selectFrom('commitment_signatures')
      .select(['id', 'organization_id', 'withdrawn_at'])
      .where('id', '=', target.signatureId)
      .where('commitment_id', '=', target.commitmentId)
      .forUpdate()
      .executeTakeFirst();
    if (!sig) throw new AppError('not_found', { message: 'There is no such signature.' });
    if (target.by === 'government') {
      const seat = actor.userId ? await seatAt(trx, actor.userId, sig.organization_id) : undefined;
      if (!seat || !(seat.admin || seat.elected))
        throw new AppError('forbidden', { message: 'Only an administrator of the organization or one of its elected officials can withdraw its signature.' });
    }
    const done = await trx
      .updateTable('commitment_signatures')
      .set({ withdrawn_at: now, withdrawn_by: actor.userId, withdrawal_reason: target.reason })
      .where('id', '=', sig.id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('commitments.already_withdrawn', { message: 'This signature was already withdrawn.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'commitments.signature_withdrawn',
      entityType: 'commitment_signature',
      entityId: sig.id,
      before: { withdrawn_at: null },
      after: { withdrawn_at: now.toISOString(), reason: target.reason, by: target.by },
      requestId: actor.requestId,
      at: now,
    });
  });
}
