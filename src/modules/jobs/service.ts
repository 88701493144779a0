// The use cases of a posting: post it (free for contacts of member organizations, else invoiced
// through billing and held until paid), edit it (back to review when it had been published or
// changes were asked), renew it, and staff's decisions (approve, ask for changes, reject), each
// emailed to the employer and audited. States move by guarded updates (`where status = …`).
import type { Insertable } from 'kysely';
import type { JobPostingsTable, JobStatus } from '../../db/types.js';
import { type InvoiceSettledHook, SEARCHES_CHANNEL } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { today as todayIn } from '../../lib/today.js';
import { invoiceUrl, issueInvoice } from '../billing/index.js';
import { recordRevision } from '../publishing/index.js';
import { approvedEmail, changesRequestedEmail, paymentDueEmail, rejectedEmail, reviewWaitingEmail } from './emails.js';
import type { PostingFields } from './rules.js';
import { type Actor, expiryOf, type JobDeps, notFound, type Trx, WITHDRAWN_NO_EDIT } from './shared.js';

export async function jobSettings(db: JobDeps['db'] | Trx): Promise<{ postingFeeCents: number }> {
  const r = await db.selectFrom('job_settings').select('posting_fee_cents').where('id', '=', 1).executeTakeFirst();
  return { postingFeeCents: r?.posting_fee_cents ?? 15000 };
}

export async function updateJobSettings(deps: JobDeps, actor: Actor, input: { postingFeeCents: number }): Promise<void> {
  if (!Number.isInteger(input.postingFeeCents) || input.postingFeeCents < 0 || input.postingFeeCents > 10_000_000) {
    throw fieldError({ fee: 'Enter a fee between $0 and $100,000.' });
  }
  await deps.db.transaction().execute(async (trx) => {
    const before = await jobSettings(trx);
    await trx.updateTable('job_settings').set({ posting_fee_cents: input.postingFeeCents, updated_at: deps.clock.now() }).where('id', '=', 1).execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'jobs.settings_changed',
      entityType: 'job_settings',
      entityId: null,
      before,
      after: input,
      requestId: actor.requestId,
    });
  });
}

/** The organizations the person is a contact of, with whether their membership is active. */
export function employerOrganizations(db: JobDeps['db'] | Trx, userId: string) {
  return db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select(['o.id', 'o.name', 'o.status'])
    .where('c.user_id', '=', userId)
    .where('o.merged_into_id', 'is', null)
    .orderBy('o.name')
    .execute();
}

const snapshot = (f: PostingFields) => ({ ...f, salaryMin: undefined, salaryMax: undefined, salary: `${f.salaryMin}-${f.salaryMax}` });

function columns(f: PostingFields) {
  return {
    title: f.title,
    employer_name: f.employer,
    organization_id: f.organizationId,
    city: f.city,
    state: f.state,
    workplace: f.workplace,
    salary_min: f.salaryMin,
    salary_max: f.salaryMax,
    employment_type: f.employmentType,
    description: f.description,
    apply_url: f.applyUrl,
    apply_email: f.applyEmail,
    closes_on: f.closesOn,
  } satisfies Partial<Insertable<JobPostingsTable>>;
}

async function communicationsEmails(trx: Trx): Promise<string[]> {
  const rows = await trx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'communications'))
    .select('u.email')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .limit(50)
    .execute();
  return rows.map((r) => r.email);
}

async function tellReviewers(trx: Trx, deps: Pick<JobDeps, 'mail' | 'config'>, p: { id: string; title: string; employer_name: string }) {
  for (const to of await communicationsEmails(trx)) {
    await deps.mail.queue(trx, { to, template: reviewWaitingEmail.name, data: { title: p.title, employer: p.employer_name, url: `${deps.config.publicUrl}/staff/jobs/${p.id}` } });
  }
}

export interface PostResult {
  id: string;
  status: JobStatus;
  feeCents: number;
  invoice: { url: string; totalCents: number } | null;
  replayed: boolean;
}

/** Posts a job. The chosen organization must be one the person is a contact of; the posting is
 * free when they are a contact of an organization whose membership is active, else it waits for
 * its invoice to be paid. The same idempotency key twice posts once. */
export async function postJob(deps: JobDeps, actor: Actor, fields: PostingFields, idempotencyKey: string | null = null): Promise<PostResult> {
  return deps.db.transaction().execute(async (trx) => {
    if (idempotencyKey) {
      const prior = await trx
        .selectFrom('job_postings')
        .select(['id', 'status', 'fee_cents', 'invoice_id', 'title'])
        .where('employer_user_id', '=', actor.userId)
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirst();
      if (prior) {
        if (prior.title !== fields.title)
          throw new AppError('jobs.idempotency_conflict', { status: 409, message: 'This idempotency key was already used for a different posting.' });
        const inv = prior.invoice_id ? await trx.selectFrom('invoices').select(['public_token', 'total_cents']).where('id', '=', prior.invoice_id).executeTakeFirst() : undefined;
        return { id: prior.id, status: prior.status, feeCents: prior.fee_cents, invoice: inv ? { url: invoiceUrl(deps, inv), totalCents: inv.total_cents } : null, replayed: true };
      }
    }
    const orgs = await employerOrganizations(trx, actor.userId);
    if (fields.organizationId && !orgs.some((o) => o.id === fields.organizationId)) {
      throw fieldError({ organizationId: 'Choose one of the organizations you are a contact of, or none.' });
    }
    const free = orgs.some((o) => o.status === 'active');
    const fee = free ? 0 : (await jobSettings(trx)).postingFeeCents;
    const now = deps.clock.now();
    const status: JobStatus = fee > 0 ? 'awaiting_payment' : 'in_review';
    const row = await trx
      .insertInto('job_postings')
      .values({
        ...columns(fields),
        employer_user_id: actor.userId,
        status,
        fee_cents: fee,
        submitted_at: status === 'in_review' ? now : null,
        idempotency_key: idempotencyKey,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'title', 'employer_name'])
      .executeTakeFirstOrThrow();
    let invoice: PostResult['invoice'] = null;
    if (fee > 0) {
      const me = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const issued = await issueInvoice(trx, deps, {
        userId: actor.userId,
        purpose: 'other',
        lines: [{ description: `Job posting: ${fields.title}`, quantity: 1, unitCents: fee }],
        billTo: { name: me.name, email: me.email, address: '' },
        actorUserId: actor.userId,
        requestId: actor.requestId,
      });
      await trx.updateTable('job_postings').set({ invoice_id: issued.id }).where('id', '=', row.id).execute();
      invoice = { url: invoiceUrl(deps, issued), totalCents: issued.total_cents };
      await deps.mail.queue(trx, { to: me.email, template: paymentDueEmail.name, data: { title: fields.title, fee: formatCents(fee), invoiceUrl: invoice.url } });
    } else {
      await tellReviewers(trx, deps, row);
    }
    await recordRevision(trx, { kind: 'job', itemId: row.id, actor: { userId: actor.userId, name: actor.name }, action: 'created', after: snapshot(fields) });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.posted',
      entityType: 'job_posting',
      entityId: row.id,
      after: { title: fields.title, status, feeCents: fee },
      requestId: actor.requestId,
    });
    return { id: row.id, status, feeCents: fee, invoice, replayed: false };
  });
}

/** The posting if it is the person's own (for updates: locked), else a 404. */
async function ownPosting(trx: Trx, id: string, userId: string) {
  const p = await trx.selectFrom('job_postings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!p || p.employer_user_id !== userId) throw notFound();
  return p;
}

/** Saves the employer's changes. A posting that was published or had changes asked for goes
 * (back) to review; one waiting for payment keeps waiting. A rejected posting stays rejected. */
export async function editPosting(deps: JobDeps, actor: Actor, id: string, fields: PostingFields): Promise<JobStatus> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const p = await ownPosting(trx, id, actor.userId);
    if (p.status === 'rejected') throw new AppError('jobs.rejected', { status: 409, message: 'This posting was rejected and cannot be changed; post a new one instead.' });
    if (p.status === 'closed') throw new AppError('jobs.closed', { status: 409, message: 'This posting is closed and cannot be changed; reopen it first, or post a new one.' });
    if (p.status === 'withdrawn') throw new AppError('jobs.withdrawn', { status: 409, message: WITHDRAWN_NO_EDIT });
    if (fields.organizationId && !(await employerOrganizations(trx, actor.userId)).some((o) => o.id === fields.organizationId)) {
      throw fieldError({ organizationId: 'Choose one of the organizations you are a contact of, or none.' });
    }
    const now = deps.clock.now();
    const status: JobStatus = p.status === 'awaiting_payment' ? 'awaiting_payment' : 'in_review';
    const done = await trx
      .updateTable('job_postings')
      .set({ ...columns(fields), status, submitted_at: status === 'in_review' ? now : p.submitted_at, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', p.status)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError('conflict', { message: 'The posting changed meanwhile; open it again.' });
    if (status === 'in_review' && p.status !== 'in_review') await tellReviewers(trx, deps, { id, title: fields.title, employer_name: fields.employer });
    await recordRevision(trx, {
      kind: 'job',
      itemId: id,
      actor: { userId: actor.userId, name: actor.name },
      action: 'edited',
      before: snapshot({
        title: p.title,
        employer: p.employer_name,
        organizationId: p.organization_id,
        city: p.city,
        state: p.state,
        workplace: p.workplace,
        salaryMin: p.salary_min,
        salaryMax: p.salary_max,
        employmentType: p.employment_type,
        description: p.description,
        applyUrl: p.apply_url,
        applyEmail: p.apply_email,
        closesOn: p.closes_on,
      }),
      after: snapshot(fields),
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.edited',
      entityType: 'job_posting',
      entityId: id,
      before: { status: p.status },
      after: { status },
      requestId: actor.requestId,
    });
    return status;
  });
  await deps.changes.notify(SEARCHES_CHANNEL); // kept job searches are forgotten
  return result;
}

/** Renews a published posting (live or expired) for another 60 days from now; a closing date
 * that has passed is dropped (the employer still takes applications). */
export async function renewPosting(deps: JobDeps, actor: Actor, id: string): Promise<Date> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const p = await ownPosting(trx, id, actor.userId);
    if (p.status === 'closed')
      throw new AppError('jobs.closed', { status: 409, message: 'This posting is closed, so it cannot be renewed; reopen it first, or post the job again.' });
    if (p.status !== 'published') throw new AppError('jobs.not_published', { status: 409, message: 'Only a published posting can be renewed; this one is not published.' });
    const now = deps.clock.now();
    const closesOn = p.closes_on && p.closes_on >= (await todayIn(deps)) ? p.closes_on : null;
    const expires = expiryOf(now, closesOn, await deps.association.timeZone());
    await trx.updateTable('job_postings').set({ expires_at: expires, closes_on: closesOn, updated_at: now }).where('id', '=', id).where('status', '=', 'published').execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'jobs.renewed',
      entityType: 'job_posting',
      entityId: id,
      after: { expiresAt: expires.toISOString() },
      requestId: actor.requestId,
    });
    return expires;
  });
  await deps.changes.notify(SEARCHES_CHANNEL); // kept job searches are forgotten
  return result;
}

export type Decision = { kind: 'approve' } | { kind: 'changes'; message: string } | { kind: 'reject'; reason: string };

/** Staff's decision on a posting waiting for review; emailed to the employer. */
export async function decidePosting(deps: JobDeps, actor: Actor, id: string, d: Decision): Promise<void> {
  const text = d.kind === 'changes' ? d.message.trim() : d.kind === 'reject' ? d.reason.trim() : '';
  if (d.kind !== 'approve' && !text)
    throw fieldError(d.kind === 'changes' ? { message: 'Say what the employer should change.' } : { reason: 'Give the reason, for the employer.' });
  if (text.length > 2000) throw fieldError(d.kind === 'changes' ? { message: 'Use at most 2,000 characters.' } : { reason: 'Use at most 2,000 characters.' });
  await deps.db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom('job_postings as j')
      .innerJoin('users as u', 'u.id', 'j.employer_user_id')
      .select(['j.id', 'j.title', 'j.status', 'j.closes_on', 'u.email'])
      .where('j.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!p) throw notFound();
    if (p.status !== 'in_review')
      throw new AppError('jobs.not_in_review', { status: 409, message: `This posting is not waiting for review (it is ${p.status.replace(/_/g, ' ')}).` });
    const now = deps.clock.now();
    const status: JobStatus = d.kind === 'approve' ? 'published' : d.kind === 'changes' ? 'changes_requested' : 'rejected';
    const expires = d.kind === 'approve' ? expiryOf(now, p.closes_on, await deps.association.timeZone()) : null;
    await trx
      .updateTable('job_postings')
      .set({ status, review_message: text || null, updated_at: now, ...(expires ? { published_at: now, expires_at: expires } : {}) })
      .where('id', '=', id)
      .where('status', '=', 'in_review')
      .execute();
    const mine = `${deps.config.publicUrl}/jobs/mine`;
    if (d.kind === 'approve' && expires) {
      await deps.mail.queue(trx, {
        to: p.email,
        template: approvedEmail.name,
        data: { title: p.title, until: formatZonedDay(new Date(expires.getTime() - 1), await deps.association.timeZone()), url: `${deps.config.publicUrl}/jobs/${id}` },
      });
    } else if (d.kind === 'changes') {
      await deps.mail.queue(trx, { to: p.email, template: changesRequestedEmail.name, data: { title: p.title, message: text, url: `${deps.config.publicUrl}/jobs/${id}/edit` } });
    } else {
      await deps.mail.queue(trx, { to: p.email, template: rejectedEmail.name, data: { title: p.title, reason: text, url: mine } });
    }
    await recordRevision(trx, {
      kind: 'job',
      itemId: id,
      actor: { userId: actor.userId, name: actor.name },
      action: d.kind === 'approve' ? 'published' : d.kind === 'changes' ? 'changes_requested' : 'rejected',
      after: { status, message: text || null },
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: d.kind === 'approve' ? 'jobs.approved' : d.kind === 'changes' ? 'jobs.changes_requested' : 'jobs.rejected',
      entityType: 'job_posting',
      entityId: id,
      before: { status: 'in_review' },
      after: { status },
      requestId: actor.requestId,
    });
  });
  await deps.changes.notify(SEARCHES_CHANNEL);
}

/** Billing's `invoiceSettled` hook: a posting's fee paid sends it to review, once. */
export const settleJobInvoice: InvoiceSettledHook = async (trx, deps, invoice, _on, actor) => {
  if (invoice.purpose !== 'other' || invoice.status !== 'paid') return;
  const now = deps.clock.now();
  const p = await trx
    .updateTable('job_postings')
    .set({ status: 'in_review', paid_at: now, submitted_at: now, updated_at: now })
    .where('invoice_id', '=', invoice.id)
    .where('status', '=', 'awaiting_payment')
    .returning(['id', 'title', 'employer_name'])
    .executeTakeFirst();
  if (!p) return;
  await tellReviewers(trx, deps, p);
  await writeAudit(trx, { at: now, actorUserId: actor, action: 'jobs.fee_paid', entityType: 'job_posting', entityId: p.id, after: { invoiceId: invoice.id } });
};
