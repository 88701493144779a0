// Use cases of individual membership (I2): join at a level (as the signed-in account, or with a
// new unverified one whose address must confirm it; a pending membership and its invoice through
// billing, issued for a new account only once its address is confirmed), choose installments for a renewal, and read one's own membership. Salary is a private dues input: stored, quoted, shown to the member
// and finance staff only, never written to the audit log or an email.
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DB, Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { hashPassword } from '../../lib/crypto.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { createUnverifiedAccount, createVerificationLink, passwordProblem, VERIFY_HOURS } from '../accounts/index.js';
import { billingSettings, issueInvoice } from '../billing/index.js';
import { recordWorkplace } from '../directory/index.js';
import { refuseIfBarred } from './bars.js';
import { type Answers, type DuesInputs, duesInputProblems, instalmentSchedule, isEligible, QUESTION_KEYS, quoteIndividualDues } from './dues.js';
import { joinAttemptEmail, joinConfirmEmail, joinReceivedEmail } from './emails.js';
import { getLevel, type Level } from './levels.js';
import { settleIndividualMembership } from './settle.js';

type Trx = Transaction<DB>;
type ServiceDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;

export interface JoinInput extends DuesInputs {
  /** the signed-in person joining as themselves (`joinIndividual`); otherwise `account` (`joinWithNewAccount`) */
  userId?: string | null;
  account?: { name: string; email: string; password: string };
  levelId: string;
  answers: Answers;
  payBy: 'card' | 'invoice';
  /** employer and job title for the profile, when given */
  workplace?: { employer: string; title: string };
  requestId?: string;
}

export interface JoinResult {
  userId: string;
  membershipId: string;
  invoice: Invoice;
  accountCreated: boolean;
  /** the level checks eligibility: the membership stays pending until staff confirm it */
  awaitingCheck: boolean;
}

/** Checks a join before anything is written: level, eligibility, dues inputs, account fields.
 * Whether the address has an account is never an error (that would tell anyone who has one). */
export async function checkJoin(db: Deps['db'] | Trx, input: JoinInput): Promise<{ level: Level; fields: FieldErrors }> {
  const fields: FieldErrors = {};
  for (const k of QUESTION_KEYS) if (input.answers[k] === undefined) fields[`q_${k}`] = 'Answer yes or no.';
  const level = await getLevel(db, input.levelId);
  if (!level || level.archived) {
    fields.level = 'Choose one of the levels listed.';
    return { level: level as Level, fields };
  }
  if (Object.keys(fields).length === 0 && !isEligible(level.eligibility, input.answers))
    fields.level = `Your answers do not fit the ${level.name} level. Choose one of the levels that fit your answers.`;
  Object.assign(fields, duesInputProblems(level, input));
  if (!input.userId) {
    const a = input.account;
    if (!a?.name.trim()) fields.name = 'Enter your name.';
    if (!a?.email.trim()) fields.email = 'Enter your email address.';
    else if (!z.email().safeParse(a.email.trim()).success) fields.email = 'Enter an email address like name@example.org.';
    const problem = a ? passwordProblem(a.password, a.email) : 'Choose a password.';
    if (problem) fields.password = problem;
  }
  return { level, fields };
}

/** The signed-in person joins as themselves: a pending membership and its first-year invoice, in
 * one transaction. A free level is active at once. Bad input changes nothing. */
export async function joinIndividual(deps: ServiceDeps, input: JoinInput & { userId: string }): Promise<JoinResult> {
  const { level, fields } = await checkJoin(deps.db, input);
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', { fields });
  return deps.db.transaction().execute(async (trx) => {
    const opened = await openMembership(trx, deps, input.userId, level, input);
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', input.userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, {
      to: user.email,
      template: joinReceivedEmail.name,
      data: {
        name: user.name,
        level: level.name,
        amount: formatCents(opened.invoice.total_cents),
        payBy: input.payBy,
        url: `${deps.config.publicUrl}/me/membership`,
        check: level.verification,
        proof: level.proofInstructions,
        free: opened.invoice.total_cents === 0,
      },
    });
    return { userId: input.userId, ...opened, accountCreated: false };
  });
}

/**
 * A visitor joins with a new account. The account is unverified: nobody is signed in, and the
 * address gets a link that confirms it, signs the person in and goes on to what they chose (the
 * invoice on My membership, or the card payment); used in the browser that joined (`browser`), it
 * keeps the password chosen here. If the address has an account already, nothing
 * is created and its owner is told that someone tried to join with it. The caller learns nothing
 * of which happened, and both take a password hash's work.
 */
export async function joinWithNewAccount(deps: ServiceDeps, input: JoinInput & { account: { name: string; email: string; password: string }; browser?: string }): Promise<void> {
  const { level, fields } = await checkJoin(deps.db, { ...input, userId: null });
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', { fields });
  const passwordHash = await hashPassword(input.account.password);
  const now = deps.clock.now();
  const email = input.account.email.trim();
  await deps.db.transaction().execute(async (trx) => {
    const userId = await createUnverifiedAccount(trx, { email, name: input.account.name, passwordHash, now });
    if (!userId) return tellOwnerOfJoinAttempt(trx, deps, email, now);
    // The membership waits for the address: its invoice is issued when the address is confirmed
    // (issueInvoiceOnAddressConfirmed), and the link then goes on to it.
    const { quotedCents } = await createPendingMembership(trx, deps, userId, level, input, true);
    const free = quotedCents === 0;
    const next = input.payBy === 'card' && !free ? MY_FIRST_INVOICE_PATH : '/me/membership';
    const url = await createVerificationLink(trx, deps, { userId, next, browser: input.browser });
    await deps.mail.queue(trx, {
      to: email,
      template: joinConfirmEmail.name,
      data: {
        name: input.account.name.trim(),
        level: level.name,
        amount: formatCents(quotedCents),
        payBy: free ? 'free' : input.payBy,
        url,
        hours: VERIFY_HOURS,
        check: level.verification,
        proof: level.proofInstructions,
      },
    });
  });
}

/** Where a new member who chose to pay by card goes once their address is confirmed: the
 * public page of their first invoice, which is issued then (me-routes.ts). */
export const MY_FIRST_INVOICE_PATH = '/me/membership/invoice';

/** At most one "someone tried to join with your address" message per address in this time. */
const ATTEMPT_NOTICE_HOURS = 1;

async function tellOwnerOfJoinAttempt(trx: Trx, deps: ServiceDeps, email: string, now: Date): Promise<void> {
  const owner = await trx.selectFrom('users').select(['name', 'email', 'disabled_at']).where('email', '=', email).executeTakeFirst();
  if (!owner || owner.disabled_at) return;
  const recent = await trx
    .selectFrom('outbox')
    .select('id')
    .where('to_address', '=', owner.email)
    .where('template', '=', joinAttemptEmail.name)
    .where('created_at', '>', new Date(now.getTime() - ATTEMPT_NOTICE_HOURS * 3_600_000))
    .executeTakeFirst();
  if (recent) return;
  const base = deps.config.publicUrl;
  await deps.mail.queue(trx, {
    to: owner.email,
    template: joinAttemptEmail.name,
    data: { name: owner.name, signInUrl: `${base}/login?next=${encodeURIComponent('/join/individual')}`, magicUrl: `${base}/login/magic` },
  });
}

/** The pending membership of a person at a level and its first-year invoice, with the audit row;
 * a free level's zero invoice is paid on issue, so it starts at once. */
async function openMembership(trx: Trx, deps: ServiceDeps, userId: string, level: Level, input: JoinInput) {
  const { membershipId, quotedCents } = await createPendingMembership(trx, deps, userId, level, input, false);
  const invoice = await issueFirstInvoice(trx, deps, { userId, membershipId, levelName: level.name, quotedCents, requestId: input.requestId });
  return { membershipId, invoice, awaitingCheck: level.verification !== 'none' };
}

/** A pending membership at a level, with the audit row, and no invoice yet (see
 * `issueFirstInvoice`). Refused when the person has a membership already or is barred. */
async function createPendingMembership(trx: Trx, deps: ServiceDeps, userId: string, level: Level, input: JoinInput, accountCreated: boolean) {
  const quote = quoteIndividualDues(level, input);
  if (input.workplace) await recordWorkplace(trx, { userId, employerName: input.workplace.employer.trim(), title: input.workplace.title.trim(), now: deps.clock.now() });
  // An ethics suspension or expulsion bars joining for its duration (bars.ts).
  await refuseIfBarred(trx, deps, userId);
  const open = await trx
    .selectFrom('individual_memberships')
    .select(['status'])
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'active', 'lapsed'])
    .executeTakeFirst();
  if (open) {
    throw new AppError('individuals.already_member', {
      status: 409,
      message: open.status === 'pending' ? 'You have a membership waiting for payment already: see My membership.' : 'You have a membership already: renew it from My membership.',
    });
  }
  const membership = await trx
    .insertInto('individual_memberships')
    .values({
      user_id: userId,
      level_id: level.id,
      status: 'pending',
      salary_cents: level.rule === 'salary_share' ? (input.salaryCents ?? null) : null,
      employer_population: input.employerPopulation ?? null,
      employer_general_fund_cents: input.employerGeneralFundCents ?? null,
      answers: JSON.stringify(input.answers),
      quoted_cents: quote.amountCents,
      // A level that checks eligibility keeps the membership pending, paid or free, until
      // membership staff confirm it (verification.ts).
      verification: level.verification === 'none' ? 'not_needed' : 'awaiting',
      // by the injected clock: an unconfirmed sign-up expires counted from it (abandoned.ts)
      created_at: deps.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: userId,
    action: 'individuals.joined',
    entityType: 'individual_membership',
    entityId: membership.id,
    before: null,
    after: { level: level.slug, quotedCents: quote.amountCents, payBy: input.payBy, accountCreated },
    requestId: input.requestId,
  });
  return { membershipId: membership.id, quotedCents: quote.amountCents };
}

/** The line of a membership's first-year invoice (also the demo's, which billing issues as joining would). */
export const firstYearLine = (levelName: string, quotedCents: number) => ({
  description: `Individual membership, ${levelName} level — first year`,
  quantity: 1,
  unitCents: quotedCents,
});

/** The first-year invoice of a pending membership at the amount quoted when it was opened, issued
 * (and emailed) through billing; a free level's zero invoice is paid on issue, so it starts then. */
async function issueFirstInvoice(trx: Trx, deps: ServiceDeps, input: { userId: string; membershipId: string; levelName: string; quotedCents: number; requestId?: string }) {
  const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  const invoice = await issueInvoice(trx, deps, {
    userId: input.userId,
    individualMembershipId: input.membershipId,
    purpose: 'membership',
    lines: [firstYearLine(input.levelName, input.quotedCents)],
    billTo: { name: user.name, email: user.email, address: '' },
    // Issued by the system on the member's step (joining, confirming the address), not by the
    // member: the invoice's audit trail says so; the request id ties it to that step.
    actorUserId: null,
    requestId: input.requestId,
  });
  if (invoice.status === 'paid') await settleIndividualMembership(trx, deps, invoice, invoice.issued_on ?? '', input.userId, await billingSettings(trx));
  return invoice;
}

/**
 * The person who joined with a new account has just confirmed their address
 * (`deps.hooks.addressConfirmed`, in that transaction): their pending membership gets its
 * first-year invoice now. Until then nothing was billed: a sign-up nobody confirms (perhaps with
 * someone else's address) issues no invoice, takes no invoice number and is in no receivables, and
 * no invoice goes to an address that nobody has shown to be theirs.
 */
export async function issueInvoiceOnAddressConfirmed(trx: Trx, deps: ServiceDeps, event: { userId: string }): Promise<void> {
  const waiting = await trx
    .selectFrom('individual_memberships as m')
    .innerJoin('member_levels as l', 'l.id', 'm.level_id')
    .select(['m.id', 'm.quoted_cents', 'l.name as level'])
    .where('m.user_id', '=', event.userId)
    .where('m.status', '=', 'pending')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoices as i').select('i.id').whereRef('i.individual_membership_id', '=', 'm.id'))))
    .forUpdate('m')
    .execute();
  for (const m of waiting) await issueFirstInvoice(trx, deps, { userId: event.userId, membershipId: m.id, levelName: m.level, quotedCents: m.quoted_cents });
}

/** The renewal invoice a member may split: theirs, open, unpaid, of a level that allows it. */
export async function chooseInstalments(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; invoiceId: string; count: number; requestId?: string }): Promise<void> {
  if (![2, 3, 4].includes(input.count)) throw new AppError('validation_failed', { fields: { count: 'Choose 2, 3 or 4 installments.' } });
  await deps.db.transaction().execute(async (trx) => {
    const invoice = await trx
      .selectFrom('invoices as i')
      .innerJoin('individual_memberships as m', 'm.id', 'i.individual_membership_id')
      .innerJoin('member_levels as l', 'l.id', 'm.level_id')
      .select(['i.id', 'i.purpose', 'i.status', 'i.paid_cents', 'i.credited_cents', 'i.total_cents', 'i.due_on', 'l.instalments_allowed'])
      .where('i.id', '=', input.invoiceId)
      .where('m.user_id', '=', input.userId)
      .forUpdate('i')
      .executeTakeFirst();
    if (!invoice) throw new AppError('not_found', { message: 'We could not find that invoice among yours.' });
    const refuse = (message: string) => new AppError('validation_failed', { message, fields: { count: message } });
    if (invoice.purpose !== 'renewal') throw refuse('New members pay their first year in full; installments are for renewals.');
    if (!invoice.instalments_allowed) throw refuse('Your membership level does not offer installments.');
    if (invoice.status !== 'issued' || invoice.paid_cents !== 0 || invoice.credited_cents !== 0)
      throw refuse('Installments can be chosen only before anything is paid on the invoice.');
    const existing = await trx.selectFrom('invoice_instalments').select('position').where('invoice_id', '=', invoice.id).executeTakeFirst();
    if (existing) throw refuse('This invoice already has an installment schedule.');
    const dueOn = invoice.due_on ?? '';
    const schedule = instalmentSchedule(invoice.total_cents, input.count, dueOn);
    await trx
      .insertInto('invoice_instalments')
      .values(schedule.map((s) => ({ invoice_id: invoice.id, position: s.position, due_on: s.dueOn, amount_cents: s.amountCents })))
      .execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.userId,
      action: 'individuals.instalments_chosen',
      entityType: 'invoice',
      entityId: invoice.id,
      before: null,
      after: { count: input.count, amounts: schedule.map((s) => s.amountCents) },
      requestId: input.requestId,
    });
  });
}

export async function listInstalments(db: Deps['db'] | Trx, invoiceId: string) {
  return db.selectFrom('invoice_instalments').select(['position', 'due_on', 'amount_cents']).where('invoice_id', '=', invoiceId).orderBy('position').execute();
}
