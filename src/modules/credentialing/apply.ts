// The application: the form read into an application (a draft keeps whatever is filled in and
// well formed; a submission needs everything), eligibility computed from the positions, and the
// submission — into the review cycle whose cut-off is next, with the fee invoiced through billing.
import { writeAudit } from '../../lib/audit.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { invoiceUrl, issueInvoice } from '../billing/index.js';
import { applicationSubmittedEmail } from './emails.js';
import { barOf, credentialOf, type Referee } from './queries.js';
import { APPLICATION_FEE_CENTS, COMPETENCIES, eligibility, MIN_REFERENCES, monthsOfService, POSITION_ROWS, type Position, quarterEnd, REFERENCE_ROWS, yearsText } from './rules.js';
import { type Actor, type CredentialDeps, type Trx, today, url } from './shared.js';

export interface ApplicationForm {
  degree: string;
  institution: string;
  degreeYear: number | null;
  positions: Position[];
  referees: Referee[];
  selfAssessment: Record<string, string>;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the form; `submit` asks for everything a submission needs. */
export function readApplicationForm(v: Record<string, string>, currentMonth: string, submit: boolean): { form: ApplicationForm; errors: FieldErrors; months: number } {
  const errors: FieldErrors = {};
  const s = (k: string, max: number) => {
    const x = (v[k] ?? '').trim();
    if (x.length > max) errors[k] = `Keep this under ${max} characters.`;
    return x.slice(0, max);
  };
  const degree = s('degree', 200);
  const institution = s('institution', 200);
  const yearText = s('degree_year', 4);
  let degreeYear: number | null = null;
  if (yearText) {
    const y = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || y < 1900 || y > Number(currentMonth.slice(0, 4))) errors.degree_year = 'Enter the year of the degree, like 2008.';
    else degreeYear = y;
  }
  if (degree && submit) {
    if (!institution) errors.institution = 'Enter the institution that awarded the degree.';
    if (!yearText) errors.degree_year = 'Enter the year of the degree, like 2008.';
  }
  if (!degree && (institution || yearText) && submit) errors.degree = 'Enter the degree, or leave the institution and year empty too.';

  const positions: Position[] = [];
  for (let i = 1; i <= POSITION_ROWS; i++) {
    const p = { title: s(`p${i}_title`, 200), organization: s(`p${i}_organization`, 200), from: s(`p${i}_from`, 7), to: s(`p${i}_to`, 7) };
    if (!p.title && !p.organization && !p.from && !p.to) continue;
    const bad = (k: string, message: string) => {
      errors[`p${i}_${k}`] = message;
    };
    if (!p.title) bad('title', 'Enter the title of this position.');
    if (!p.organization) bad('organization', 'Enter the local government of this position.');
    if (!MONTH.test(p.from)) bad('from', 'Enter the month the position started, as YYYY-MM.');
    else if (p.from > currentMonth) bad('from', 'The start cannot be in the future.');
    if (p.to && !MONTH.test(p.to)) bad('to', 'Enter the month the position ended, as YYYY-MM, or leave it empty if you hold it now.');
    else if (p.to && MONTH.test(p.from) && p.to < p.from) bad('to', 'The end cannot be before the start.');
    positions.push(p);
  }
  const valid = positions.filter((p) => MONTH.test(p.from) && (!p.to || MONTH.test(p.to)) && p.from <= currentMonth && (!p.to || p.to >= p.from));
  const months = monthsOfService(valid, currentMonth);

  const referees: Referee[] = [];
  for (let i = 1; i <= REFERENCE_ROWS; i++) {
    const r = { name: s(`r${i}_name`, 200), email: s(`r${i}_email`, 254), relationship: s(`r${i}_relationship`, 200) };
    if (!r.name && !r.email && !r.relationship) continue;
    if (!r.name) errors[`r${i}_name`] = 'Enter the name of this reference.';
    if (!EMAIL.test(r.email)) errors[`r${i}_email`] = 'Enter the email address of this reference, like name@example.org.';
    if (!r.relationship) errors[`r${i}_relationship`] = 'Say how this reference knows your work.';
    referees.push(r);
  }
  const selfAssessment: Record<string, string> = {};
  for (const c of COMPETENCIES) {
    const text = s(`sa_${c.key}`, 3000);
    if (submit && !text) errors[`sa_${c.key}`] = `Describe your experience in ${c.label.toLowerCase()}.`;
    selfAssessment[c.key] = text;
  }
  if (submit) {
    if (positions.length === 0) errors.p1_title = 'List your positions in senior local-government management.';
    else {
      const e = eligibility(months, !!degree);
      if (!e.eligible && !errors.p1_title)
        errors.p1_title = `Your positions add up to ${yearsText(months)} of senior management. The credential asks for ${e.neededYears} years ${degree ? 'with a degree' : 'without a degree'}.`;
    }
    const complete = referees.filter((r) => r.name && EMAIL.test(r.email) && r.relationship);
    if (complete.length < MIN_REFERENCES && !errors.r1_name && !errors.r2_name)
      errors[referees.length === 0 ? 'r1_name' : 'r2_name'] = `Name at least ${MIN_REFERENCES} references.`;
  }
  return { form: { degree, institution, degreeYear, positions, referees, selfAssessment }, errors, months };
}

/** Said to someone who is not an individual member (the pages add the link to join). */
export const NOT_A_MEMBER = 'The credential is for individual members of the association. Join as an individual member first, then come back to apply.';

/** Why this person cannot apply now, or null. */
export async function whyNotApply(db: CredentialDeps['db'] | Trx, userId: string, day: string): Promise<string | null> {
  const member = await db.selectFrom('user_roles').select('user_id').where('user_id', '=', userId).where('role', '=', 'member').executeTakeFirst();
  if (!member) return NOT_A_MEMBER;
  const bar = await barOf(db, userId, day);
  if (bar)
    return bar.until
      ? `Following an ethics outcome, you may not apply for the credential until ${formatDay(bar.until)}.`
      : 'Following an ethics outcome, you may not apply for the credential.';
  const c = await credentialOf(db, userId);
  if (c?.status === 'current') return 'You already hold the credential.';
  if (c?.status === 'lapsed') return 'Your credential has lapsed: ask for reinstatement from your PD log instead of applying again.';
  return null;
}

const monthOf = (day: string) => day.slice(0, 7);

/** Saves the draft, or submits it (`submit`). Throws field errors (400) or a refusal (409/403). */
export async function saveApplication(deps: CredentialDeps, actor: Actor, values: Record<string, string>, submit: boolean): Promise<{ id: string; submitted: boolean }> {
  const day = await today(deps);
  const read = readApplicationForm(values, monthOf(day), submit);
  if (Object.keys(read.errors).length) throw new AppError('validation_failed', { fields: read.errors });
  return deps.db.transaction().execute(async (trx) => {
    const why = await whyNotApply(trx, actor.userId, day);
    if (why) throw new AppError('credential.cannot_apply', { status: 422, message: why });
    const open = await trx
      .selectFrom('credential_applications')
      .select(['id', 'status'])
      .where('user_id', '=', actor.userId)
      .where('status', 'in', ['draft', 'submitted'])
      .forUpdate()
      .executeTakeFirst();
    if (open?.status === 'submitted') throw new AppError('credential.already_submitted', { message: 'Your application is already submitted: it can no longer be changed.' });
    const f = read.form;
    const row = {
      degree: f.degree,
      institution: f.institution,
      degree_year: f.degreeYear,
      positions: JSON.stringify(f.positions),
      referees: JSON.stringify(f.referees),
      self_assessment: JSON.stringify(f.selfAssessment),
      months_senior: read.months,
      updated_at: deps.clock.now(),
    };
    const id = open
      ? (await trx.updateTable('credential_applications').set(row).where('id', '=', open.id).returning('id').executeTakeFirstOrThrow()).id
      : (
          await trx
            .insertInto('credential_applications')
            .values({ user_id: actor.userId, ...row })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    if (!submit) return { id, submitted: false };

    const cycle = await cycleFor(trx, day);
    const me = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const invoice =
      APPLICATION_FEE_CENTS > 0
        ? await issueInvoice(trx, deps, {
            userId: actor.userId,
            purpose: 'other',
            lines: [{ description: `Credential application fee (${me.name})`, quantity: 1, unitCents: APPLICATION_FEE_CENTS }],
            billTo: { name: me.name, email: me.email, address: '' },
            actorUserId: actor.userId,
            requestId: actor.requestId,
          })
        : null;
    await trx
      .updateTable('credential_applications')
      .set({
        status: 'submitted',
        cycle_id: cycle.id,
        submitted_at: deps.clock.now(),
        submitted_on: day,
        fee_cents: APPLICATION_FEE_CENTS,
        invoice_id: invoice?.id ?? null,
        fee_paid_on: invoice ? null : day,
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'credential.application_submitted',
      entityType: 'credential_application',
      entityId: id,
      after: { cycleId: cycle.id, monthsSenior: read.months, invoiceId: invoice?.id ?? null },
      requestId: actor.requestId,
    });
    await deps.mail.queue(trx, {
      to: me.email,
      template: applicationSubmittedEmail.name,
      data: {
        cycle: cycle.name,
        cutoff: formatDay(cycle.cutoff),
        fee: formatCents(APPLICATION_FEE_CENTS),
        invoiceUrl: invoice ? invoiceUrl(deps, invoice) : '',
        url: url(deps, '/credential'),
      },
    });
    return { id, submitted: true };
  });
}

/** The cycle whose cut-off is next (on or after `day`); the quarter's own cycle is opened when none is. */
export async function cycleFor(trx: Trx, day: string): Promise<{ id: string; name: string; cutoff: string }> {
  const next = await trx.selectFrom('credential_cycles').select(['id', 'name', 'cutoff_on']).where('cutoff_on', '>=', day).orderBy('cutoff_on').executeTakeFirst();
  if (next) return { id: next.id, name: next.name, cutoff: String(next.cutoff_on).slice(0, 10) };
  const q = quarterEnd(day);
  await trx
    .insertInto('credential_cycles')
    .values({ name: q.name, cutoff_on: q.cutoff })
    .onConflict((oc) => oc.column('cutoff_on').doNothing())
    .execute();
  const row = await trx.selectFrom('credential_cycles').select(['id', 'name']).where('cutoff_on', '=', q.cutoff).executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, cutoff: q.cutoff };
}
