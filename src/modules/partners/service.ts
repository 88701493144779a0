// Partnerships staff's use cases: a relationship made, its details changed, moved along its
// lifecycle (a step the lifecycle does not allow is refused with 409 and changes nothing), its
// agreement and file, deliverables, contacts and notes. Each change writes its timeline entry and
// its audit row in one transaction.
import { writeAudit } from '../../lib/audit.js';
import { replyToHeaders } from '../../lib/email.js';
import { AppError, alreadyDone } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { type TodayDeps, today as todayIn } from '../../lib/today.js';
import { searchPlaces } from '../places/index.js';
import { inquiryDecisionEmail } from './emails.js';
import type { AgreementInput, DetailsInput } from './schemas.js';
import { type Actor, canMove, KIND_LABELS, notFound, type PartnerDeps, type PartnerStatus, RENEWAL_LEAD_DAYS, STATUS_LABELS, type Trx } from './shared.js';

export interface AgreementFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

async function logEvent(
  trx: Trx,
  e: {
    relationshipId: string;
    at: Date;
    kind: 'created' | 'status' | 'note' | 'agreement' | 'deliverable' | 'contact' | 'reminder' | 'details';
    text?: string;
    from?: string | null;
    to?: string | null;
    actor: string | null;
  },
) {
  await trx
    .insertInto('partner_events')
    .values({ relationship_id: e.relationshipId, at: e.at, kind: e.kind, text: e.text ?? '', from_status: e.from ?? null, to_status: e.to ?? null, actor_user_id: e.actor })
    .execute();
}

export { logEvent };

/** The staff member who decided (an active account): named in the email it sends, and its replies
 * reach them. */
export async function decidingStaff(trx: Trx, userId: string | null | undefined): Promise<{ name: string; email: string } | null> {
  if (!userId) return null;
  return (await trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst()) ?? null;
}

/** The organization a slug names (any Civnet organization), or a field error. */
async function organizationBySlug(trx: Trx, slug: string) {
  if (!slug) return null;
  const org = await trx.selectFrom('organizations').select(['id', 'name']).where('slug', '=', slug.toLowerCase()).executeTakeFirst();
  if (!org)
    throw new AppError('validation_failed', { fields: { organizationSlug: 'There is no Civnet organization with this web address; leave it empty for an outside organization.' } });
  return org;
}

const detailsRow = (d: DetailsInput, orgId: string | null) => ({
  kind: d.kind,
  organization_id: orgId,
  partner_name: d.partnerName,
  purpose: d.purpose,
  city: d.city,
  state: d.state,
  latitude: d.latitude,
  longitude: d.longitude,
  listed: d.listed === 'yes',
});

/** A chapter or branch given a city and state but no coordinates is placed at the city (the
 * place lookup's data), so that it shows on the network map. */
async function placed(d: DetailsInput): Promise<DetailsInput> {
  if (d.latitude !== null || !d.city || !d.state) return d;
  const [place] = await searchPlaces(d.city, { state: d.state, limit: 1 });
  if (!place || place.name.toLowerCase() !== d.city.toLowerCase()) return d;
  return { ...d, latitude: place.latitude, longitude: place.longitude };
}

/** The network's cached map and stats are drawn from public relationships: forget them. */
const forgetSummaries = (deps: PartnerDeps) => deps.summaries?.invalidate();

export async function createRelationship(deps: PartnerDeps, actor: Actor, given: DetailsInput): Promise<string> {
  const d = await placed(given);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const org = await organizationBySlug(trx, d.organizationSlug);
    const row = await trx
      .insertInto('partner_relationships')
      .values({ ...detailsRow(d, org?.id ?? null), status: 'inquiry', status_changed_at: now, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logEvent(trx, {
      relationshipId: row.id,
      at: now,
      kind: 'created',
      to: 'inquiry',
      text: `Recorded by staff as a ${KIND_LABELS[d.kind].toLowerCase()}.`,
      actor: actor.userId,
    });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'partners.relationship_created',
      entityType: 'partner_relationship',
      entityId: row.id,
      after: detailsRow(d, org?.id ?? null),
      requestId: actor.requestId,
      at: now,
    });
    return row.id;
  });
  forgetSummaries(deps);
  return id;
}

export async function updateDetails(deps: PartnerDeps, actor: Actor, id: string, given: DetailsInput): Promise<void> {
  const d = await placed(given);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('partner_relationships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const org = await organizationBySlug(trx, d.organizationSlug);
    const after = detailsRow(d, org?.id ?? null);
    await trx
      .updateTable('partner_relationships')
      .set({ ...after, updated_at: now })
      .where('id', '=', id)
      .execute();
    await logEvent(trx, { relationshipId: id, at: now, kind: 'details', text: 'Details changed.', actor: actor.userId });
    const { kind, organization_id, partner_name, purpose, city, state, latitude, longitude, listed } = before;
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'partners.relationship_updated',
      entityType: 'partner_relationship',
      entityId: id,
      before: { kind, organization_id, partner_name, purpose, city, state, latitude, longitude, listed },
      after,
      requestId: actor.requestId,
      at: now,
    });
  });
  forgetSummaries(deps);
}

/**
 * Moves a relationship one step along its lifecycle. A step not allowed from where it stands (or
 * a relationship that moved meanwhile: the update is guarded by its status) is refused with 409
 * and nothing changes. Ending needs a reason; activating needs the agreement's dates, and coming
 * back from "renewal due" an end date past the renewal window. Leaving "inquiry" emails the
 * inquirer the decision.
 */
export async function changeStatus(deps: PartnerDeps, actor: Actor | null, id: string, to: PartnerStatus, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('partner_relationships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw notFound();
    if (r.status === to) throw alreadyDone('partners.transition_not_allowed', `The relationship is “${STATUS_LABELS[to]}” already: nothing changed.`);
    if (!canMove(r.status, to))
      throw new AppError('partners.transition_not_allowed', { status: 409, message: `A relationship that is “${STATUS_LABELS[r.status]}” cannot move to “${STATUS_LABELS[to]}”.` });
    if (to === 'ended' && !reason.trim()) throw new AppError('validation_failed', { fields: { reason: 'Give the reason for ending the relationship.' } });
    if (to === 'active' && (!r.agreement_start || !r.agreement_end))
      throw new AppError('partners.agreement_missing', { status: 409, message: 'Enter the agreement’s start and end dates before making the relationship active.' });
    if (to === 'active' && r.status === 'renewal_due' && r.agreement_end && r.agreement_end <= (await dayAfter(deps, RENEWAL_LEAD_DAYS)))
      throw new AppError('partners.renewal_not_agreed', {
        status: 409,
        message: `Enter the renewed agreement’s end date (more than ${RENEWAL_LEAD_DAYS} days away) before making it active again.`,
      });
    const moved = await trx
      .updateTable('partner_relationships')
      .set({ status: to, status_changed_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', r.status)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError('partners.transition_not_allowed', { status: 409, message: 'The relationship changed meanwhile; reload the page.' });
    await logEvent(trx, { relationshipId: id, at: now, kind: 'status', from: r.status, to, text: reason.trim(), actor: actor?.userId ?? null });
    await writeAudit(trx, {
      actorUserId: actor?.userId ?? null,
      action: 'partners.status_changed',
      entityType: 'partner_relationship',
      entityId: id,
      before: { status: r.status },
      after: { status: to, reason: reason.trim() },
      requestId: actor?.requestId,
      at: now,
    });
    if (r.status === 'inquiry' && r.inquirer_email) {
      const decider = await decidingStaff(trx, actor?.userId);
      await deps.mail.queue(trx, {
        to: r.inquirer_email,
        template: inquiryDecisionEmail.name,
        data: {
          name: r.inquirer_name ?? 'Sir or Madam',
          organization: r.partner_name,
          accepted: to !== 'ended',
          reason: reason.trim(),
          staff: decider ? { name: decider.name } : undefined,
        },
        headers: replyToHeaders(decider),
      });
    }
  });
  forgetSummaries(deps);
}

/** YYYY-MM-DD `days` after today in the association's time zone. */
export async function dayAfter(deps: TodayDeps, days: number): Promise<string> {
  const day = await todayIn(deps);
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The agreement's dates, scope, project and amount, and (when given) its file, replacing the last. */
export async function saveAgreement(deps: PartnerDeps, actor: Actor, id: string, a: AgreementInput, file: AgreementFile | null): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('partner_relationships')
      .select(['kind', 'status', 'agreement_start', 'agreement_end', 'agreement_scope', 'project', 'amount_cents'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound();
    if (before.status === 'ended') throw new AppError('partners.ended', { status: 409, message: 'This relationship has ended; its agreement no longer changes.' });
    const partnership = before.kind === 'partnership';
    const after = {
      agreement_start: a.start,
      agreement_end: a.end,
      agreement_scope: a.scope,
      project: partnership ? a.project : '',
      amount_cents: partnership ? a.amount : null,
    };
    await trx
      .updateTable('partner_relationships')
      .set({ ...after, updated_at: now })
      .where('id', '=', id)
      .execute();
    if (file) {
      const row = { filename: file.filename, content_type: file.contentType, size_bytes: file.bytes.length, content: file.bytes, uploaded_at: now, uploaded_by: actor.userId };
      await trx
        .insertInto('partner_agreement_files')
        .values({ relationship_id: id, ...row })
        .onConflict((oc) => oc.column('relationship_id').doUpdateSet(row))
        .execute();
    }
    const text = `Agreement: ${a.start ? formatDay(a.start) : 'no start date'} to ${a.end ? formatDay(a.end) : 'no end date'}${file ? `; file ${file.filename}` : ''}.`;
    await logEvent(trx, { relationshipId: id, at: now, kind: 'agreement', text, actor: actor.userId });
    const { kind: _k, status: _s, ...was } = before;
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'partners.agreement_saved',
      entityType: 'partner_relationship',
      entityId: id,
      before: was,
      after: { ...after, file: file ? { filename: file.filename, bytes: file.bytes.length } : undefined },
      requestId: actor.requestId,
      at: now,
    });
  });
}

async function lockedRelationship(trx: Trx, id: string) {
  const r = await trx.selectFrom('partner_relationships').select(['id', 'kind', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw notFound();
  return r;
}

export async function addDeliverable(deps: PartnerDeps, actor: Actor, id: string, d: { title: string; dueOn: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockedRelationship(trx, id);
    if (r.kind !== 'partnership') throw new AppError('partners.not_a_partnership', { status: 409, message: 'Only a partnership has deliverables.' });
    if (r.status === 'ended') throw new AppError('partners.ended', { status: 409, message: 'This relationship has ended.' });
    const row = await trx
      .insertInto('partner_deliverables')
      .values({ relationship_id: id, title: d.title, due_on: d.dueOn, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logEvent(trx, { relationshipId: id, at: now, kind: 'deliverable', text: `Deliverable “${d.title}” due ${formatDay(d.dueOn)}.`, actor: actor.userId });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'partners.deliverable_added',
      entityType: 'partner_deliverable',
      entityId: row.id,
      after: d,
      requestId: actor.requestId,
      at: now,
    });
  });
}

/** Marks a deliverable delivered. One delivered already (pressed twice, a stale tab) is a 409 that
 * says when and changes nothing; one that is not this relationship's is a 404. */
export async function markDeliverableDone(deps: PartnerDeps, actor: Actor, id: string, deliverableId: string): Promise<void> {
  const now = deps.clock.now();
  const zone = await deps.association.timeZone(); // before the transaction: PGlite has one connection
  await deps.db.transaction().execute(async (trx) => {
    await lockedRelationship(trx, id);
    const d = await trx
      .selectFrom('partner_deliverables')
      .select(['title', 'done_at'])
      .where('id', '=', deliverableId)
      .where('relationship_id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw new AppError('not_found', { message: 'There is no such deliverable.' });
    if (d.done_at) throw alreadyDone('partners.deliverable_delivered', `“${d.title}” is marked delivered already (${formatZonedDay(d.done_at, zone)}): nothing changed.`);
    await trx.updateTable('partner_deliverables').set({ done_at: now }).where('id', '=', deliverableId).where('done_at', 'is', null).execute();
    await logEvent(trx, { relationshipId: id, at: now, kind: 'deliverable', text: `Deliverable “${d.title}” delivered.`, actor: actor.userId });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'partners.deliverable_done',
      entityType: 'partner_deliverable',
      entityId: deliverableId,
      requestId: actor.requestId,
      at: now,
    });
  });
}

export async function addContact(deps: PartnerDeps, actor: Actor, id: string, c: { name: string; email: string; phone: string; role: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await lockedRelationship(trx, id);
    const row = await trx
      .insertInto('partner_contacts')
      .values({ relationship_id: id, ...c, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logEvent(trx, { relationshipId: id, at: now, kind: 'contact', text: `Contact ${c.name} added.`, actor: actor.userId });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'partners.contact_added',
      entityType: 'partner_contact',
      entityId: row.id,
      after: { name: c.name, role: c.role },
      requestId: actor.requestId,
      at: now,
    });
  });
}

export async function addNote(deps: PartnerDeps, actor: Actor, id: string, text: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await lockedRelationship(trx, id);
    await logEvent(trx, { relationshipId: id, at: now, kind: 'note', text, actor: actor.userId });
    await writeAudit(trx, { actorUserId: actor.userId, action: 'partners.note_added', entityType: 'partner_relationship', entityId: id, requestId: actor.requestId, at: now });
  });
}
