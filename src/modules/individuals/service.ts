// Use cases of individual membership (I2): join at a level (a new or the signed-in account, a
// pending membership and its invoice through billing), choose instalments for a renewal, and
// read one's own membership. Salary is a private dues input: stored, quoted, shown to the member
// and finance staff only, never written to the audit log or an email.
import type { Transaction } from 'kysely';
import type { DB, Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { hashPassword } from '../../lib/crypto.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';
import { passwordProblem } from '../accounts/index.js';
import { billingSettings, issueInvoice } from '../billing/index.js';
import { type Answers, type DuesInputs, duesInputProblems, instalmentSchedule, isEligible, QUESTION_KEYS, quoteIndividualDues } from './dues.js';
import { joinReceivedEmail } from './emails.js';
import { getLevel, type Level } from './levels.js';
import { settleIndividualMembership } from './settle.js';

type Trx = Transaction<DB>;
type ServiceDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;

export interface JoinInput extends DuesInputs {
  /** the signed-in person joining as themselves; otherwise `account` creates one */
  userId?: string | null;
  account?: { name: string; email: string; password: string };
  levelId: string;
  answers: Answers;
  payBy: 'card' | 'invoice';
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

/** Checks a join before anything is written: level, eligibility, dues inputs, account. */
export async function checkJoin(db: Deps['db'] | Trx, input: JoinInput): Promise<{ level: Level; fields: FieldErrors }> {
  const fields: FieldErrors = {};
  for (const k of QUESTION_KEYS) if (input.answers[k] === undefined) fields[`q_${k}`] = 'Answer yes or no.';
  const level = await getLevel(db, input.levelId);
  if (!level || level.archived) {
    fields.level = 'Choose one of the levels listed.';
    return { level: level as Level, fields };
  }
  if (Object.keys(fields).length === 0 && !isEligible(level.eligibility, input.answers))
    fields.level = `Your answers do not fit the ${level.name} level. Choose a level marked as fitting your answers.`;
  Object.assign(fields, duesInputProblems(level, input));
  if (!input.userId) {
    const a = input.account;
    if (!a?.name.trim()) fields.name = 'Enter your name.';
    if (!a?.email.trim()) fields.email = 'Enter your email address.';
    const problem = a ? passwordProblem(a.password, a.email) : 'Choose a password.';
    if (problem) fields.password = problem;
    if (a?.email.trim() && !fields.email) {
      const existing = await db.selectFrom('users').select('id').where('email', '=', a.email.trim()).executeTakeFirst();
      if (existing) fields.email = 'There is already an account with this email. Sign in first, then join as that account.';
    }
  }
  return { level, fields };
}

/** Joins: creates the account (if new), a pending membership and its first-year invoice, in one
 * transaction. A free level is active at once, unless it checks eligibility. Bad input changes
 * nothing. */
export async function joinIndividual(deps: ServiceDeps, input: JoinInput): Promise<JoinResult> {
  const { level, fields } = await checkJoin(deps.db, input);
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', { fields });
  const quote = quoteIndividualDues(level, input);
  const passwordHash = input.account && !input.userId ? await hashPassword(input.account.password) : null;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    let userId = input.userId ?? null;
    let accountCreated = false;
    if (!userId && input.account) {
      const row = await trx
        .insertInto('users')
        .values({
          email: input.account.email.trim(),
          name: input.account.name.trim(),
          password_hash: passwordHash,
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_counter: null,
          password_changed_at: now,
          disabled_at: null,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new AppError('validation_failed', { fields: { email: 'There is already an account with this email. Sign in first, then join as that account.' } });
      userId = row.id;
      accountCreated = true;
    }
    if (!userId) throw new AppError('unauthenticated');
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
    const open = await trx
      .selectFrom('individual_memberships')
      .select(['status'])
      .where('user_id', '=', userId)
      .where('status', 'in', ['pending', 'active', 'lapsed'])
      .executeTakeFirst();
    if (open) {
      throw new AppError('individuals.already_member', {
        status: 409,
        message:
          open.status === 'pending' ? 'You have a membership waiting for payment already: see My membership.' : 'You have a membership already: renew it from My membership.',
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
      at: now,
      actorUserId: userId,
      action: 'individuals.joined',
      entityType: 'individual_membership',
      entityId: membership.id,
      before: null,
      after: { level: level.slug, quotedCents: quote.amountCents, invoiceId: invoice.id, payBy: input.payBy, accountCreated },
      requestId: input.requestId,
    });
    // A free level has nothing to pay: its zero invoice is paid on issue, so it starts now.
    if (invoice.status === 'paid') await settleIndividualMembership(trx, deps, invoice, invoice.issued_on ?? '', userId, await billingSettings(trx));
    await deps.mail.queue(trx, {
      to: user.email,
      template: joinReceivedEmail.name,
      data: {
        name: user.name,
        level: level.name,
        amount: formatCents(quote.amountCents),
        payBy: input.payBy,
        url: `${deps.config.publicUrl}/me/membership`,
        check: level.verification,
        proof: level.proofInstructions,
      },
    });
    return { userId, membershipId: membership.id, invoice, accountCreated, awaitingCheck: level.verification !== 'none' };
  });
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
