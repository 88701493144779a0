// Use cases of applications (O3, O4): save a draft, submit, and the staff review —
// approve, decline, ask for more information. Every transition is guarded in SQL, timestamped,
// audited and emailed, in one transaction.
import { sql, type Transaction } from 'kysely';
import type { Application, ApplicationStatus, ContactDuty, DB, DuplicateFlag, OrgRole } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { takeFormMailAllowance, tooMuchMail } from '../../lib/form-mail-limit.js';
import { formatCents } from '../../lib/money.js';
import { issueInvoice } from '../billing/index.js';
import { quoteDues } from '../dues/index.js';
import { createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain } from '../organizations/index.js';
import { inviteToSeat } from '../portal/index.js';
import { publishEvent } from '../webhooks/index.js';
import { approvedEmail, declinedEmail, draftSavedEmail, moreInfoEmail, submittedApplicantEmail, submittedStaffEmail } from './emails.js';
import { refuseResubmission } from './resubmission.js';
import { type ApplicationFields, missingForSubmit } from './schemas.js';

type AppDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'> & Partial<Pick<Deps, 'jobs'>>;

const EDITABLE: ApplicationStatus[] = ['draft', 'more_info_requested'];

function columns(f: ApplicationFields, now: Date) {
  return {
    applicant_email: f.applicant_email,
    entity_type: f.entity_type ?? null,
    legal_name: f.legal_name,
    state: f.state ?? null,
    population: f.population ?? null,
    population_source: f.population_source,
    population_year: f.population_year ?? null,
    place_source: f.place_source ?? null,
    latitude: f.latitude ?? null,
    longitude: f.longitude ?? null,
    website: f.website,
    staff_name: f.staff_name,
    staff_email: f.staff_email,
    staff_title: f.staff_title,
    staff_phone: f.staff_phone,
    elected_name: f.elected_name,
    elected_email: f.elected_email,
    elected_title: f.elected_title,
    billing_name: f.billing_name,
    billing_email: f.billing_email,
    billing_address: f.billing_address,
    po_required: f.po_required,
    po_number: f.po_required ? f.po_number : '',
    listed: f.listed,
    agreed_terms_at: f.agree_terms ? now : null,
    updated_at: now,
  };
}

const draftUrl = (deps: AppDeps, token: string) => `${deps.config.publicUrl}/apply?draft=${encodeURIComponent(token)}`;
const staffUrl = (deps: AppDeps, id: string) => `${deps.config.publicUrl}/staff/applications/${id}`;

async function recordEvent(
  trx: Transaction<DB>,
  e: { applicationId: string; at: Date; actor: string | null; from: ApplicationStatus | null; to: ApplicationStatus; note?: string | null },
) {
  await trx
    .insertInto('application_events')
    .values({ application_id: e.applicationId, at: e.at, actor_user_id: e.actor, from_status: e.from, to_status: e.to, note: e.note ?? null })
    .execute();
}

/** The draft (or submitted application) a link's token opens, or a clear 404. */
export async function findByToken(deps: Pick<Deps, 'db'>, token: string): Promise<Application> {
  const row = token ? await deps.db.selectFrom('applications').selectAll().where('draft_token_hash', '=', sha256(token)).executeTakeFirst() : undefined;
  if (!row) throw new AppError('not_found', { message: 'We could not find that application. The link may be incomplete.' });
  return row;
}

/** Saves a new draft (emailing a link back to it) or updates an editable one. */
export async function saveDraft(deps: AppDeps, input: { token?: string; fields: ApplicationFields }): Promise<{ id: string; token: string; created: boolean }> {
  const now = deps.clock.now();
  if (input.token) {
    const token = input.token;
    const existing = await findByToken(deps, token);
    await deps.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('applications')
        .set(columns(input.fields, now))
        .where('id', '=', existing.id)
        .where('status', 'in', EDITABLE)
        .returning('id')
        .executeTakeFirst();
      if (!updated) throw new AppError('applications.not_editable', { status: 409, message: 'This application has been submitted and can no longer be changed.' });
    });
    return { id: existing.id, token, created: false };
  }
  const token = randomToken();
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('applications')
      .values({ ...columns(input.fields, now), status: 'draft', draft_token_hash: sha256(token), duplicate_flags: '[]', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { applicationId: row.id, at: now, actor: null, from: null, to: 'draft' });
    // Anyone can type any address here: a few messages an hour per address, or nothing is saved.
    if (!(await takeFormMailAllowance(trx, { form: 'apply.draft', address: input.fields.applicant_email, now }))) throw tooMuchMail('applicant_email');
    await deps.mail.queue(trx, { to: input.fields.applicant_email, template: draftSavedEmail.name, data: { name: input.fields.legal_name, url: draftUrl(deps, token) } });
    return row.id;
  });
  return { id, token, created: true };
}

/** Who submitted an application, as the form names them: the contact whose address is the
 * applicant's (the staff, elected or billing contact), or the address alone. */
function applicantOf(a: Pick<Application, 'applicant_email' | 'staff_name' | 'staff_email' | 'elected_name' | 'elected_email' | 'billing_name' | 'billing_email'>) {
  const email = a.applicant_email.trim().toLowerCase();
  const same = (e: string) => e.trim().toLowerCase() === email;
  const name = same(a.staff_email) ? a.staff_name : same(a.elected_email) ? a.elected_name : same(a.billing_email) ? a.billing_name : '';
  return { role: 'Applicant', name: name.trim(), email: a.applicant_email };
}

export interface SubmitResult {
  application: Application;
  token: string;
}

async function duplicateFlags(trx: Transaction<DB>, f: { id?: string; legal_name: string; state: string | null; staff_email: string }): Promise<DuplicateFlag[]> {
  const orgs = await findSimilarOrganizations(trx, { name: f.legal_name, state: f.state, emailDomain: organizationDomain(f.staff_email) });
  const flags: DuplicateFlag[] = orgs.map((o) => ({ kind: 'organization', id: o.id, name: o.name, state: o.state, reason: o.reason }));
  if (f.state && f.legal_name.length >= 3) {
    let q = trx
      .selectFrom('applications')
      .select(['id', 'legal_name', 'state'])
      .where('state', '=', f.state)
      .where('status', 'in', ['submitted', 'more_info_requested'])
      .where(sql<boolean>`similarity(civnet_fold(legal_name), civnet_fold(${f.legal_name})) >= 0.45`)
      .limit(5);
    if (f.id) q = q.where('id', '<>', f.id);
    for (const a of await q.execute()) flags.push({ kind: 'application', id: a.id, name: a.legal_name, state: a.state ?? '', reason: 'similar_name' });
  }
  return flags;
}

/** Submits a complete application, once: quotes the dues, flags possible duplicates, emails
 * the applicant and membership staff. A draft is updated with the fields first. `actorUserId`:
 * the account of a signed-in applicant, who is then named as that account in the audit log and
 * the application's history; a visitor without one is named as the form gave them. */
export async function submitApplication(
  deps: AppDeps,
  input: { token?: string; fields: ApplicationFields; actorUserId?: string | null; requestId?: string },
): Promise<SubmitResult> {
  const actor = input.actorUserId ?? null;
  const missing = missingForSubmit(input.fields);
  if (Object.keys(missing).length) throw new AppError('validation_failed', { fields: missing, message: 'Some answers are missing.' });
  const f = input.fields;
  const now = deps.clock.now();
  const quote = await quoteDues(deps, { entityType: f.entity_type ?? 'city', population: f.population ?? 1 });
  const existing = input.token ? await findByToken(deps, input.token) : null;
  const token = input.token ?? randomToken();
  const staff = await deps.db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.email')
    .where('role', '=', 'membership')
    .where('users.disabled_at', 'is', null)
    .execute();
  const application = await deps.db.transaction().execute(async (trx) => {
    const flags = await duplicateFlags(trx, { id: existing?.id, legal_name: f.legal_name, state: f.state ?? null, staff_email: f.staff_email });
    const values = {
      ...columns(f, now),
      status: 'submitted' as const,
      submitted_at: now,
      quoted_amount_cents: 'amountCents' in quote ? quote.amountCents : null,
      quote_contact_required: !('amountCents' in quote),
      quote_schedule_effective_from: 'amountCents' in quote ? quote.scheduleEffectiveFrom : null,
      duplicate_flags: JSON.stringify(flags),
      info_request: null,
    };
    let row: Application | undefined;
    if (existing) {
      row = await trx.updateTable('applications').set(values).where('id', '=', existing.id).where('status', 'in', EDITABLE).returningAll().executeTakeFirst();
      if (!row) throw new AppError('applications.already_submitted', { status: 409, message: 'This application has already been submitted.' });
      await recordEvent(trx, { applicationId: row.id, at: now, actor, from: existing.status, to: 'submitted' });
    } else {
      await refuseResubmission(trx, f, await deps.association.timeZone());
      row = await trx
        .insertInto('applications')
        .values({ ...values, draft_token_hash: sha256(token), created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, { applicationId: row.id, at: now, actor, from: null, to: 'submitted' });
    }
    await writeAudit(trx, {
      at: now,
      actorUserId: actor,
      action: 'applications.submitted',
      entityType: 'application',
      entityId: row.id,
      before: existing ? { status: existing.status } : null,
      // Submitted without an account: the applicant is named as the form gave them (audit's `visitor`).
      after: {
        status: 'submitted',
        quotedAmountCents: row.quoted_amount_cents,
        possibleDuplicates: flags.length,
        ...(actor ? {} : { visitor: applicantOf(row) }),
      },
      requestId: input.requestId ?? null,
    });
    await publishEvent(trx, deps, 'application.submitted', {
      applicationId: row.id,
      organizationName: row.legal_name,
      entityType: row.entity_type,
      state: row.state,
      submittedAt: now.toISOString(),
    });
    const dues = describeQuote(row);
    if (!(await takeFormMailAllowance(trx, { form: 'apply.submit', address: f.applicant_email, now }))) throw tooMuchMail('applicant_email');
    await deps.mail.queue(trx, { to: f.applicant_email, template: submittedApplicantEmail.name, data: { name: f.legal_name, dues, url: draftUrl(deps, token) } });
    for (const s of staff) {
      await deps.mail.queue(trx, {
        to: s.email,
        template: submittedStaffEmail.name,
        data: { name: f.legal_name, state: f.state, url: staffUrl(deps, row.id), duplicates: flags.length },
      });
    }
    return row;
  });
  return { application, token };
}

export function describeQuote(a: Pick<Application, 'quoted_amount_cents' | 'quote_contact_required'>): string {
  if (a.quoted_amount_cents !== null) return `${formatCents(a.quoted_amount_cents)} a year`;
  return 'set with you by membership staff (regional entities are priced individually)';
}

/** Moves an application to a new status, or fails with 409 and changes nothing. The row is
 * locked first, so two staff deciding at the same moment cannot both succeed. */
async function transition(
  trx: Transaction<DB>,
  id: string,
  to: ApplicationStatus,
  from: ApplicationStatus[],
  set: Partial<{ decision_reason: string; info_request: string; decided_at: Date }>,
  now: Date,
) {
  const current = await trx.selectFrom('applications').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw new AppError('not_found', { message: 'There is no such application.' });
  if (!from.includes(current.status)) {
    throw new AppError('applications.invalid_transition', {
      status: 409,
      message: `This application is ${current.status.replace(/_/g, ' ')}; it cannot be ${to.replace(/_/g, ' ')} now.`,
    });
  }
  const row = await trx
    .updateTable('applications')
    .set({ status: to, updated_at: now, ...set })
    .where('id', '=', id)
    .where('status', '=', current.status)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { app: row, from: current.status };
}

type NamedSeat = { email: string; name: string; role: OrgRole; title: string; phone: string; duties: ContactDuty[] };

/** The staff contact (administrator), elected official and billing contact, one seat per address:
 * an address named twice gets the stronger role and both duties. */
function seatsNamedIn(app: Application): NamedSeat[] {
  const named: NamedSeat[] = [
    { email: app.staff_email, name: app.staff_name, role: 'admin', title: app.staff_title, phone: app.staff_phone, duties: ['staff'] },
    { email: app.elected_email, name: app.elected_name, role: 'contact', title: app.elected_title, phone: '', duties: ['elected'] },
    { email: app.billing_email, name: app.billing_name, role: 'contact', title: '', phone: '', duties: ['billing'] },
  ];
  const byEmail = new Map<string, NamedSeat>();
  for (const p of named) {
    if (!p.email) continue;
    const key = p.email.trim().toLowerCase();
    const seen = byEmail.get(key);
    if (!seen) byEmail.set(key, { ...p, email: key });
    else {
      if (p.role === 'admin') seen.role = 'admin';
      seen.duties = [...new Set([...seen.duties, ...p.duties])];
    }
  }
  return [...byEmail.values()];
}

/** The approval's "what happens next", for the invitations it sends. */
const approvalNext = (app: Application) =>
  `Next: the invoice for the annual dues (${describeQuote(app)}) goes to the billing contact, ${app.billing_name || app.billing_email}. Membership becomes active when it is paid; we then email you the name of your dedicated advisor, and you book a first meeting with them yourself on your organization’s page.`;

export async function approveApplication(
  deps: AppDeps,
  input: { id: string; actorUserId: string; actorName: string; requestId?: string },
): Promise<{ organizationId: string; membershipId: string; invoiceId: string | null }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { app } = await transition(trx, input.id, 'approved', ['submitted'], { decided_at: now }, now);
    if (!app.entity_type || !app.state || !app.population) throw new AppError('conflict', { message: 'The application is incomplete.' });
    const org = await createOrganization(trx, {
      name: app.legal_name,
      entityType: app.entity_type,
      state: app.state,
      population: app.population,
      populationSource: app.population_source,
      populationYear: app.population_year,
      placeSource: app.place_source,
      latitude: app.latitude,
      longitude: app.longitude,
      website: app.website,
      billingAddress: app.billing_address,
      poRequired: app.po_required,
      poNumber: app.po_required ? app.po_number : null,
      listed: app.listed,
      emailDomain: organizationDomain(app.staff_email),
    });
    await trx.updateTable('applications').set({ organization_id: org.id }).where('id', '=', app.id).execute();
    // Each person the application names is invited to a seat; the seat is theirs once they accept
    // the invitation emailed to that address (approval never links an existing account).
    // Each invitation is also that person's news of the approval: what comes next, and the link
    // that, once accepted (which proves the address), opens the organization's page.
    const seats = seatsNamedIn(app);
    const next = approvalNext(app);
    for (const p of seats) {
      await inviteToSeat(trx, deps, {
        ...p,
        next,
        organizationId: org.id,
        source: 'application',
        invitedBy: { userId: input.actorUserId, name: input.actorName },
        requestId: input.requestId,
      });
    }
    const membershipId = await createPendingMembership(trx, org.id, app.id);
    // The first invoice, at the dues quoted on submission; a region's is issued by staff.
    const invoice =
      app.quoted_amount_cents === null
        ? null
        : await issueInvoice(trx, deps, {
            organizationId: org.id,
            membershipId,
            purpose: 'membership',
            lines: [
              { description: `Annual membership dues — ${app.legal_name} (population ${app.population.toLocaleString('en-US')})`, quantity: 1, unitCents: app.quoted_amount_cents },
            ],
            poNumber: app.po_required ? app.po_number : null,
            billTo: { name: app.billing_name, email: app.billing_email, address: app.billing_address },
            actorUserId: input.actorUserId,
            requestId: input.requestId,
          });
    await recordEvent(trx, { applicationId: app.id, at: now, actor: input.actorUserId, from: 'submitted', to: 'approved' });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'applications.approved',
      entityType: 'application',
      entityId: app.id,
      before: { status: 'submitted' },
      after: { status: 'approved', organizationId: org.id, membershipId },
      requestId: input.requestId,
    });
    // The applicant gets the news without an invitation only when the application does not name them.
    const applicant = app.applicant_email.trim().toLowerCase();
    if (!seats.some((p) => p.email === applicant)) {
      await deps.mail.queue(trx, {
        to: applicant,
        template: approvedEmail.name,
        data: { name: app.legal_name, dues: describeQuote(app), admin: `${app.staff_name} (${app.staff_email})` },
      });
    }
    await publishEvent(trx, deps, 'application.approved', {
      applicationId: app.id,
      organizationId: org.id,
      membershipId,
      invoiceId: invoice?.id ?? null,
      approvedAt: now.toISOString(),
    });
    return { organizationId: org.id, membershipId, invoiceId: invoice?.id ?? null };
  });
}

export async function declineApplication(deps: AppDeps, input: { id: string; actorUserId: string; reason: string; requestId?: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const { app, from } = await transition(trx, input.id, 'declined', ['submitted', 'more_info_requested'], { decided_at: now, decision_reason: input.reason }, now);
    await recordEvent(trx, { applicationId: app.id, at: now, actor: input.actorUserId, from, to: 'declined', note: input.reason });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'applications.declined',
      entityType: 'application',
      entityId: app.id,
      before: { status: from },
      after: { status: 'declined', reason: input.reason },
      requestId: input.requestId,
    });
    await deps.mail.queue(trx, { to: app.applicant_email, template: declinedEmail.name, data: { name: app.legal_name, reason: input.reason } });
  });
}

/** Reopens the draft for the applicant with a message, and a fresh link to it. */
export async function requestMoreInformation(deps: AppDeps, input: { id: string; actorUserId: string; message: string; requestId?: string }): Promise<void> {
  const now = deps.clock.now();
  const token = randomToken();
  await deps.db.transaction().execute(async (trx) => {
    const { app } = await transition(trx, input.id, 'more_info_requested', ['submitted'], { info_request: input.message }, now);
    await trx
      .updateTable('applications')
      .set({ draft_token_hash: sha256(token) })
      .where('id', '=', app.id)
      .execute();
    await recordEvent(trx, { applicationId: app.id, at: now, actor: input.actorUserId, from: 'submitted', to: 'more_info_requested', note: input.message });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'applications.more_info_requested',
      entityType: 'application',
      entityId: app.id,
      after: { status: 'more_info_requested', message: input.message },
      requestId: input.requestId,
    });
    await deps.mail.queue(trx, { to: app.applicant_email, template: moreInfoEmail.name, data: { name: app.legal_name, message: input.message, url: draftUrl(deps, token) } });
  });
}
