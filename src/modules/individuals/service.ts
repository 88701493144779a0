// Use cases of individual membership (I2): join at a level (as the signed-in account, or with a
// new unverified one whose address must confirm it; a pending membership and its invoice through
// billing), choose instalments for a renewal, and read one's own membership. Salary is a private dues input: stored, quoted, shown to the member
// and finance staff only, never written to the audit log or an email.
import type { Transaction } from 'kysely';
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
    const opened = await openMembership(trx, deps, input.userId, level, input, false);
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
    const { invoice } = await openMembership(trx, deps, userId, level, input, true);
    const next = input.payBy === 'card' && invoice.status !== 'paid' ? `/invoices/${invoice.public_token}` : '/me/membership';
    const url = await createVerificationLink(trx, deps, { userId, next, browser: input.browser });
    await deps.mail.queue(trx, {
      to: email,
      template: joinConfirmEmail.name,
      data: {
        name: input.account.name.trim(),
        level: level.name,
        amount: formatCents(invoice.total_cents),
        payBy: invoice.status === 'paid' ? 'free' : input.payBy,
        url,
        hours: VERIFY_HOURS,
        check: level.verification,
        proof: level.proofInstructions,
      },
    });
  });
}

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
async function openMembership(trx: Trx, deps: ServiceDeps, userId: string, level: Level, input: JoinInput, accountCreated: boolean) {
  const quote = quoteIndividualDues(level, input);
  if (input.workplace) await recordWorkplace(trx, { userId, employerName: input.workplace.employer.trim(), title: input.workplace.title.trim(), now: deps.clock.now() });
  const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const invoice = await issueInvoice(trx, deps, {
    userId,
    individualMembershipId: membership.id,
    purpose: 'membership',
    lines: [{ description: `Individual membership, ${level.name} level — first year`, quantity: 1, unitCents: quote.amountCents }],
    billTo: { name: user.name, email: user.email, address: '' },
    actorUserId: userId,
    requestId: input.requestId,
  });
  await writeAudit(trx, {
    at: deps.clock.now(),
    actorUserId: userId,
    action: 'individuals.joined',
    entityType: 'individual_membership',
    entityId: membership.id,
    before: null,
    after: { level: level.slug, quotedCents: quote.amountCents, invoiceId: invoice.id, payBy: input.payBy, accountCreated },
    requestId: input.requestId,
  });
  if (invoice.status === 'paid') await settleIndividualMembership(trx, deps, invoice, invoice.issued_on ?? '', userId, await billingSettings(trx));
  return { membershipId: membership.id, invoice, awaitingCheck: level.verification !== 'none' };
}

/** The renewal invoice a member may split: theirs, open, unpaid, of a level that allows it. */
export async function chooseInstalments(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; invoiceId: string; count: number; requestId?: string }): Promise<void> {
  if (![2, 3, 4].includes(input.count)) throw new AppError('validation_failed', { fields: { count: 'Choose 2, 3 or 4 instalments.' } });
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
    if (invoice.purpose !== 'renewal') throw refuse('New members pay their first year in full; instalments are for renewals.');
    if (!invoice.instalments_allowed) throw refuse('Your membership level does not offer instalments.');
    if (invoice.status !== 'issued' || invoice.paid_cents !== 0 || invoice.credited_cents !== 0)
      throw refuse('Instalments can be chosen only before anything is paid on the invoice.');
    const existing = await trx.selectFrom('invoice_instalments').select('position').where('invoice_id', '=', invoice.id).executeTakeFirst();
    if (existing) throw refuse('This invoice already has an instalment schedule.');
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
