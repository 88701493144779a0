// Complaint intake (I5): anyone names the member concerned, the tenets at issue and the facts,
// with files. A signed-in person with a verified address files directly; anyone else gives a name
// and address and the complaint is held (stage `unconfirmed`) until they follow the emailed link,
// which expires (the token kept only as a hash). The complainant then learns the complaint's
// stage through a private link, and nothing more.
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { takeFormMailAllowance, tooMuchMail } from '../../lib/form-mail-limit.js';
import { type Actor, type CaseDeps, type ComplaintStage, complaintStage, ethicsStaffEmails, recordStep, type Trx } from './cases-common.js';
import { caseWaitingEmail, complaintConfirmEmail, complaintReceivedEmail } from './cases-emails.js';
import type { CaseFile } from './cases-files.js';
import { codeInForce } from './code.js';

export const CONFIRM_HOURS = 24;

export interface ComplaintInput {
  respondentName: string;
  respondentOrganization: string;
  respondentPosition: string;
  tenets: number[];
  facts: string;
  files: CaseFile[];
}

/** Who files: a signed-in person, or a visitor with a name and an address. */
export type Complainant = { kind: 'account'; actor: Actor } | { kind: 'visitor'; name: string; email: string; requestId?: string };

export type Filed = { confirmed: true; reference: string; statusToken: string } | { confirmed: false; reference: string };

const newReference = () => `ETH-${randomBytes(4).toString('hex').toUpperCase()}`;

export async function storeCaseFiles(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  caseId: string,
  kind: 'complaint' | 'response' | 'report' | 'appeal',
  files: CaseFile[],
  by: string | null,
) {
  if (!files.length) return;
  await trx
    .insertInto('ethics_case_files')
    .values(
      files.map((f) => ({
        case_id: caseId,
        kind,
        filename: f.filename,
        content_type: f.contentType,
        size_bytes: f.bytes.length,
        sha256: sha256(f.bytes.toString('binary')),
        content: f.bytes,
        uploaded_by: by,
        created_at: deps.clock.now(),
      })),
    )
    .execute();
}

/** Received: the status link for the complainant, the acknowledgment, and ethics staff told. */
async function receive(trx: Trx, deps: CaseDeps, c: { id: string; reference: string; name: string; email: string }): Promise<string> {
  const statusToken = randomToken();
  await trx
    .updateTable('ethics_cases')
    .set({ stage: 'intake', received_at: deps.clock.now(), status_token_hash: sha256(statusToken), confirm_token_hash: null, confirm_expires_at: null })
    .where('id', '=', c.id)
    .execute();
  const base = deps.config.publicUrl;
  await deps.mail.queue(trx, {
    to: c.email,
    template: complaintReceivedEmail.name,
    data: { name: c.name, reference: c.reference, url: `${base}/ethics/complaints/status/${statusToken}` },
  });
  const staff = await ethicsStaffEmails(trx);
  await deps.mail.queueMany(
    trx,
    staff.map((to) => ({
      to,
      template: caseWaitingEmail.name,
      data: { reference: c.reference, what: 'a new complaint waits for intake review', url: `${base}/staff/ethics/cases/${c.id}` },
    })),
  );
  return statusToken;
}

/** Files a complaint: received at once for a verified account, held until confirmed otherwise. */
export async function fileComplaint(deps: CaseDeps, who: Complainant, input: ComplaintInput): Promise<Filed> {
  const code = await codeInForce(deps.db);
  const known = new Set(code?.tenets.map((t) => t.number) ?? []);
  const tenets = [...new Set(input.tenets)].sort((a, b) => a - b);
  if (code && tenets.length === 0) throw new AppError('validation_failed', { fields: { tenets: 'Choose at least one tenet at issue.' } });
  if (tenets.some((t) => !known.has(t))) throw new AppError('validation_failed', { fields: { tenets: 'Choose tenets of the Code of Ethics in force.' } });
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    let person: { userId: string | null; name: string; email: string; verified: boolean; requestId?: string };
    if (who.kind === 'account') {
      const u = await trx.selectFrom('users').select(['name', 'email', 'email_verified_at']).where('id', '=', who.actor.userId).executeTakeFirstOrThrow();
      person = { userId: who.actor.userId, name: u.name, email: u.email, verified: u.email_verified_at !== null, requestId: who.actor.requestId };
    } else {
      person = { userId: null, name: who.name, email: who.email, verified: false, requestId: who.requestId };
    }
    if (!person.verified && !(await takeFormMailAllowance(trx, { form: 'ethics_complaint', address: person.email, now }))) throw tooMuchMail('email');
    const confirmToken = person.verified ? null : randomToken();
    const reference = newReference();
    const row = await trx
      .insertInto('ethics_cases')
      .values({
        reference,
        stage: 'unconfirmed',
        complainant_user_id: person.userId,
        complainant_name: person.name,
        complainant_email: person.email,
        confirm_token_hash: confirmToken ? sha256(confirmToken) : null,
        confirm_expires_at: confirmToken ? new Date(now.getTime() + CONFIRM_HOURS * 3_600_000) : null,
        respondent_name: input.respondentName,
        respondent_organization: input.respondentOrganization,
        respondent_position: input.respondentPosition,
        tenets,
        code_version: code?.version ?? null,
        facts: input.facts,
        filed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeCaseFiles(trx, deps, row.id, 'complaint', input.files, person.userId);
    await recordStep(trx, deps, {
      caseId: row.id,
      actorUserId: person.userId,
      summary: person.verified ? 'Complaint filed by a signed-in complainant' : 'Complaint filed; held until the complainant confirms their address',
      action: 'ethics.complaint_filed',
      after: { files: input.files.length },
      requestId: person.requestId,
    });
    if (!confirmToken) return { confirmed: true as const, reference, statusToken: await receive(trx, deps, { id: row.id, reference, name: person.name, email: person.email }) };
    await deps.mail.queue(trx, {
      to: person.email,
      template: complaintConfirmEmail.name,
      data: { name: person.name, hours: CONFIRM_HOURS, url: `${deps.config.publicUrl}/ethics/complaints/confirm?token=${confirmToken}` },
    });
    return { confirmed: false as const, reference };
  });
}

const badLink = () =>
  new AppError('token_invalid', { status: 400, message: 'This link has expired or has already been used. If you still want to complain, please file the complaint again.' });

/** Whether a confirmation link is good (for the page that asks to confirm). */
export async function confirmationIsValid(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const row = await deps.db
    .selectFrom('ethics_cases')
    .select('id')
    .where('confirm_token_hash', '=', sha256(token))
    .where('stage', '=', 'unconfirmed')
    .where('confirm_expires_at', '>', deps.clock.now())
    .executeTakeFirst();
  return !!row;
}

/** The complainant followed the emailed link: the complaint is received. */
export async function confirmComplaint(deps: CaseDeps, token: string, requestId?: string): Promise<{ reference: string; statusToken: string }> {
  if (!token || token.length > 200) throw badLink();
  return deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .updateTable('ethics_cases')
      .set({ confirm_token_hash: null })
      .where('confirm_token_hash', '=', sha256(token))
      .where('stage', '=', 'unconfirmed')
      .where('confirm_expires_at', '>', deps.clock.now())
      .returning(['id', 'reference', 'complainant_name', 'complainant_email', 'complainant_user_id'])
      .executeTakeFirst();
    if (!c) throw badLink();
    const statusToken = await receive(trx, deps, { id: c.id, reference: c.reference, name: c.complainant_name, email: c.complainant_email });
    await recordStep(trx, deps, {
      caseId: c.id,
      actorUserId: c.complainant_user_id,
      summary: 'Complaint confirmed by the complainant and received',
      action: 'ethics.complaint_confirmed',
      requestId,
    });
    return { reference: c.reference, statusToken };
  });
}

/** The stage a status link shows, or null for a link that is no complaint's. */
export async function complaintByStatusToken(db: Deps['db'], token: string): Promise<{ reference: string; stage: ComplaintStage } | null> {
  if (!token || token.length > 200) return null;
  const row = await db.selectFrom('ethics_cases').select(['reference', 'stage']).where('status_token_hash', '=', sha256(token)).executeTakeFirst();
  const stage = row ? complaintStage(row.stage) : null;
  return row && stage ? { reference: row.reference, stage } : null;
}

/** A signed-in complainant's own complaints, with their stage only. */
export async function myComplaints(db: Deps['db'], userId: string): Promise<Array<{ reference: string; filedAt: Date; stage: ComplaintStage }>> {
  const rows = await db
    .selectFrom('ethics_cases')
    .select(['reference', 'filed_at', 'stage'])
    .where('complainant_user_id', '=', userId)
    .where('stage', '!=', 'unconfirmed')
    .orderBy('filed_at', 'desc')
    .execute();
  return rows.flatMap((r) => {
    const stage = complaintStage(r.stage);
    return stage ? [{ reference: r.reference, filedAt: r.filed_at, stage }] : [];
  });
}

/** Complaints never confirmed, past their link's life: deleted (with their files). */
export async function purgeUnconfirmed(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const r = await deps.db.deleteFrom('ethics_cases').where('stage', '=', 'unconfirmed').where('confirm_expires_at', '<', deps.clock.now()).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Whether the account's address is verified: such a complainant files without a confirmation link. */
export async function hasVerifiedEmail(db: Deps['db'], userId: string): Promise<boolean> {
  const u = await db.selectFrom('users').select('email_verified_at').where('id', '=', userId).executeTakeFirst();
  return !!u?.email_verified_at;
}
