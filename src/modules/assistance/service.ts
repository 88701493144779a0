// Technical assistance use cases (O12): file a request, add a message, change status, reassign.
// Each commits with its audit row, its history event and its emails, or not at all. Knows
// nothing of HTTP; callers check that the actor may see the request (see routes).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AssistanceStatus, DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { assignedEmail, filedEmail, messageEmail, statusEmail } from './emails.js';
import type { CheckedFile } from './files.js';
import { canMove, type Side, STATUS_LABELS } from './states.js';

type Trx = Transaction<DB>;
type ServiceDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;

export interface Actor {
  userId: string;
  name: string;
  requestId?: string;
}

const staffUrl = (deps: ServiceDeps, id: string) => `${deps.config.publicUrl}/staff/assistance/${id}`;
const memberUrl = (deps: ServiceDeps, id: string) => `${deps.config.publicUrl}/org/assistance/${id}`;

/** The organization's current advisor (advising's assignment), or null. */
export async function currentAdvisorOf(trx: Trx | Deps['db'], organizationId: string): Promise<string | null> {
  const row = await trx.selectFrom('advisor_assignments').select('advisor_user_id').where('organization_id', '=', organizationId).where('ended_at', 'is', null).executeTakeFirst();
  return row?.advisor_user_id ?? null;
}

/** Who hears about the member's side: the advisor, or membership staff when there is none. */
async function staffRecipients(trx: Trx, advisorUserId: string | null): Promise<string[]> {
  if (advisorUserId) {
    const a = await trx.selectFrom('users').select('email').where('id', '=', advisorUserId).where('disabled_at', 'is', null).executeTakeFirst();
    if (a) return [a.email];
  }
  const rows = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.email')
    .where('user_roles.role', '=', 'membership')
    .where('users.disabled_at', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.email))];
}

/** Who hears about staff's side: the person who filed it and every contact who wrote in the
 * thread, while they are still contacts of the organization. */
async function memberRecipients(trx: Trx, requestId: string, organizationId: string, exceptUserId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .innerJoin('organization_contacts as oc', (j) => j.onRef('oc.user_id', '=', 'users.id').on('oc.organization_id', '=', organizationId))
    .select('users.email')
    .where('users.disabled_at', 'is', null)
    .where('users.id', '<>', exceptUserId)
    .where((eb) =>
      eb.or([
        eb('users.id', 'in', eb.selectFrom('assistance_requests').select('created_by').where('id', '=', requestId)),
        eb('users.id', 'in', eb.selectFrom('assistance_messages').select('author_user_id').where('request_id', '=', requestId)),
      ]),
    )
    .execute();
  return [...new Set(rows.map((r) => r.email))];
}

async function storeFiles(trx: Trx, requestId: string, messageId: string | null, files: CheckedFile[], userId: string, now: Date) {
  if (files.length === 0) return;
  await trx
    .insertInto('assistance_attachments')
    .values(
      files.map((f) => ({
        request_id: requestId,
        message_id: messageId,
        filename: f.filename,
        content_type: f.contentType,
        size_bytes: f.bytes.length,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        content: f.bytes,
        uploaded_by: userId,
        created_at: now,
      })),
    )
    .execute();
}

export interface NewRequest {
  organizationId: string;
  pathwayId: string;
  subject: string;
  description: string;
  desiredOn: string | null;
  files: CheckedFile[];
}

/** Files a request for the organization; it goes to the organization's current advisor. */
export async function fileRequest(deps: ServiceDeps, actor: Actor, input: NewRequest): Promise<string> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const pathway = await trx.selectFrom('pathways').select('id').where('id', '=', input.pathwayId).where('archived_at', 'is', null).executeTakeFirst();
    if (!pathway) throw new AppError('validation_failed', { fields: { pathway: 'Choose a topic from the list.' } });
    const org = await trx.selectFrom('organizations').select('name').where('id', '=', input.organizationId).executeTakeFirstOrThrow();
    const advisor = await currentAdvisorOf(trx, input.organizationId);
    const row = await trx
      .insertInto('assistance_requests')
      .values({
        organization_id: input.organizationId,
        pathway_id: input.pathwayId,
        subject: input.subject,
        description: input.description,
        desired_on: input.desiredOn,
        advisor_user_id: advisor,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeFiles(trx, row.id, null, input.files, actor.userId, now);
    await trx
      .insertInto('assistance_events')
      .values({ request_id: row.id, actor_user_id: actor.userId, kind: 'filed', to_status: 'open', advisor_user_id: advisor, created_at: now })
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'assistance.filed',
      entityType: 'assistance_request',
      entityId: row.id,
      after: { organizationId: input.organizationId, status: 'open', advisorUserId: advisor, attachments: input.files.length },
      requestId: actor.requestId,
    });
    for (const to of await staffRecipients(trx, advisor)) {
      await deps.mail.queue(trx, { to, template: filedEmail.name, data: { organization: org.name, subject: input.subject, url: staffUrl(deps, row.id), unassigned: !advisor } });
    }
    return row.id;
  });
}

async function lockRequest(trx: Trx, id: string) {
  const r = await trx
    .selectFrom('assistance_requests')
    .select(['id', 'organization_id', 'status', 'subject', 'advisor_user_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!r) throw new AppError('not_found', { message: 'There is no such request.' });
  return r;
}

/** Moves the request, guarded in SQL; records the event and the audit row. */
async function move(trx: Trx, id: string, from: AssistanceStatus, to: AssistanceStatus, actor: Actor, now: Date) {
  const res = await trx
    .updateTable('assistance_requests')
    .set({
      status: to,
      updated_at: now,
      ...(to === 'resolved' ? { resolved_at: now } : {}),
      ...(to === 'closed' ? { closed_at: now } : {}),
      ...(to === 'in_progress' ? { resolved_at: null } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', { message: 'The request changed in the meantime. Reload the page and try again.' });
  await trx.insertInto('assistance_events').values({ request_id: id, actor_user_id: actor.userId, kind: 'status', from_status: from, to_status: to, created_at: now }).execute();
  await writeAudit(trx, {
    at: now,
    actorUserId: actor.userId,
    action: 'assistance.status_changed',
    entityType: 'assistance_request',
    entityId: id,
    before: { status: from },
    after: { status: to },
    requestId: actor.requestId,
  });
}

/** Adds a message (with files) to the thread. A member's reply to a request waiting on them
 * puts it back in progress; a staff reply to an open request starts it. */
export async function addMessage(deps: ServiceDeps, actor: Actor, side: Side, input: { requestId: string; body: string; files: CheckedFile[] }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockRequest(trx, input.requestId);
    if (r.status === 'closed') throw new AppError('assistance.closed', { message: 'This request is closed. File a new request to ask something else.' });
    const msg = await trx
      .insertInto('assistance_messages')
      .values({ request_id: r.id, author_user_id: actor.userId, body: input.body, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeFiles(trx, r.id, msg.id, input.files, actor.userId, now);
    await trx.updateTable('assistance_requests').set({ updated_at: now }).where('id', '=', r.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'assistance.message_added',
      entityType: 'assistance_request',
      entityId: r.id,
      after: { messageId: msg.id, side, attachments: input.files.length },
      requestId: actor.requestId,
    });
    const next: AssistanceStatus | null = side === 'member' && r.status === 'waiting_on_member' ? 'in_progress' : side === 'staff' && r.status === 'open' ? 'in_progress' : null;
    if (next) await move(trx, r.id, r.status, next, actor, now);
    const data = { author: actor.name, subject: r.subject };
    const recipients = side === 'member' ? await staffRecipients(trx, r.advisor_user_id) : await memberRecipients(trx, r.id, r.organization_id, actor.userId);
    const url = side === 'member' ? staffUrl(deps, r.id) : memberUrl(deps, r.id);
    for (const to of recipients) await deps.mail.queue(trx, { to, template: messageEmail.name, data: { ...data, url } });
  });
}

/** Changes the status as `side` may (see TRANSITIONS); emails the other side. */
export async function changeStatus(deps: ServiceDeps, actor: Actor, side: Side, input: { requestId: string; to: AssistanceStatus }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockRequest(trx, input.requestId);
    if (!canMove(r.status, input.to, side)) {
      throw new AppError('assistance.transition_refused', { message: `A request that is “${STATUS_LABELS[r.status]}” cannot move to “${STATUS_LABELS[input.to]}”.` });
    }
    await move(trx, r.id, r.status, input.to, actor, now);
    const recipients = side === 'member' ? await staffRecipients(trx, r.advisor_user_id) : await memberRecipients(trx, r.id, r.organization_id, actor.userId);
    const url = side === 'member' ? staffUrl(deps, r.id) : memberUrl(deps, r.id);
    for (const to of recipients)
      await deps.mail.queue(trx, { to, template: statusEmail.name, data: { actor: actor.name, subject: r.subject, status: STATUS_LABELS[input.to], url } });
  });
}

/** Assigns the request to another advisor (or to nobody); emails the new advisor. */
export async function reassignRequest(deps: ServiceDeps, actor: Actor, input: { requestId: string; advisorUserId: string | null }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockRequest(trx, input.requestId);
    let email: string | null = null;
    if (input.advisorUserId) {
      const a = await trx
        .selectFrom('users')
        .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
        .select('users.email')
        .where('users.id', '=', input.advisorUserId)
        .where('user_roles.role', '=', 'advisor')
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!a) throw new AppError('validation_failed', { fields: { advisor: 'Choose an advisor from the list.' } });
      email = a.email;
    }
    if (r.advisor_user_id === input.advisorUserId) return;
    await trx.updateTable('assistance_requests').set({ advisor_user_id: input.advisorUserId, updated_at: now }).where('id', '=', r.id).execute();
    await trx
      .insertInto('assistance_events')
      .values({ request_id: r.id, actor_user_id: actor.userId, kind: 'assigned', advisor_user_id: input.advisorUserId, created_at: now })
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'assistance.reassigned',
      entityType: 'assistance_request',
      entityId: r.id,
      before: { advisorUserId: r.advisor_user_id },
      after: { advisorUserId: input.advisorUserId },
      requestId: actor.requestId,
    });
    if (email) {
      const org = await trx.selectFrom('organizations').select('name').where('id', '=', r.organization_id).executeTakeFirstOrThrow();
      await deps.mail.queue(trx, { to: email, template: assignedEmail.name, data: { organization: org.name, subject: r.subject, url: staffUrl(deps, r.id) } });
    }
  });
}
