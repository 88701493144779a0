// Individual dues (I1), pure: the eligibility questions, which levels fit a person's answers, the
// quote of a level's dues rule (flat, share of salary with a cap, free) with the small-community
// discount, and an installment schedule. Integer cents only; halves of a cent round up.
export const QUESTIONS = [
  { key: 'local_government', label: 'Do you work for a local government (a city, county, town, region or Tribal nation)?' },
  { key: 'cao_or_assistant', label: 'Are you its chief administrative officer (manager, administrator) or an assistant to one?' },
  { key: 'academic', label: 'Do you teach or do research at a university or college?' },
  { key: 'student', label: 'Are you a full-time student?' },
  { key: 'outside_us', label: 'Do you work outside the United States?' },
  { key: 'retired', label: 'Are you retired?' },
] as const;
export type QuestionKey = (typeof QUESTIONS)[number]['key'];
export const QUESTION_KEYS = QUESTIONS.map((q) => q.key) as QuestionKey[];
export type Answers = Partial<Record<QuestionKey, boolean>>;

export type DuesRuleKind = 'flat' | 'salary_share' | 'free';

/** What a quote needs of a level. */
export interface LevelRule {
  rule: DuesRuleKind;
  flatCents: number | null;
  /** hundredths of a percent: 0.65% is 65 */
  rateBp: number | null;
  capCents: number | null;
  discountPercent: number | null;
  discountMaxPopulation: number | null;
  discountMaxGeneralFundCents: number | null;
}

export interface DuesInputs {
  salaryCents?: number | null;
  employerPopulation?: number | null;
  employerGeneralFundCents?: number | null;
}

export interface IndividualQuote {
  amountCents: number;
  /** before the cap and the discount */
  baseCents: number;
  capped: boolean;
  discountCents: number;
}

/** The largest salary we accept: $100 million a year keeps every product a safe integer. */
export const MAX_SALARY_CENTS = 10_000_000_000;
/** The least salary a level priced by salary takes ($1,000): a salary of $0 or $1 made a Manager's
 * membership free (active at once, Who's Who open) or a cent. */
export const MIN_SALARY_CENTS = 100_000;

/** n / d rounded to the nearest integer, halves up; n ≥ 0, d > 0, in exact integer arithmetic. */
export function divideHalfUp(n: number, d: number): number {
  const q = (2n * BigInt(n) + BigInt(d)) / (2n * BigInt(d));
  return Number(q);
}

export const hasDiscount = (l: LevelRule) => !!l.discountPercent && l.discountMaxPopulation !== null && l.discountMaxGeneralFundCents !== null;

/**
 * The dues inputs a level asks for: the salary when it is priced by salary (required), and the
 * employer's figures when a small-community discount could lower its price (optional: without
 * them there is no discount, so nobody is made to answer what cannot change what they pay).
 */
export function inputsNeeded(l: LevelRule): { salary: boolean; employer: boolean } {
  return { salary: l.rule === 'salary_share', employer: l.rule !== 'free' && hasDiscount(l) };
}

/** Field errors for missing or impossible dues inputs, keyed salary / employer_population / employer_general_fund. */
export function duesInputProblems(l: LevelRule, i: DuesInputs): Record<string, string> {
  const need = inputsNeeded(l);
  const errors: Record<string, string> = {};
  const given = (v: number | null | undefined) => v !== undefined && v !== null;
  const bad = (v: number | null | undefined, max: number) => given(v) && (!Number.isSafeInteger(v) || (v ?? 0) < 0 || (v ?? 0) > max);
  if (need.salary && !given(i.salaryCents)) errors.salary = 'Enter your annual salary in dollars, like 95,000.';
  else if (bad(i.salaryCents, MAX_SALARY_CENTS)) errors.salary = 'Enter your annual salary as an amount of zero or more dollars.';
  else if (need.salary && (i.salaryCents ?? 0) < MIN_SALARY_CENTS)
    errors.salary =
      'Enter your annual salary in dollars, like 95,000: this level is priced by salary, and takes $1,000 or more. If you are not paid for the role, choose another level or ask membership staff.';
  if (bad(i.employerPopulation, 100_000_000)) errors.employer_population = 'Enter a whole number of people from 0 to 100,000,000.';
  if (bad(i.employerGeneralFundCents, 100_000_000_000_000)) errors.employer_general_fund = 'Enter the general fund as an amount of zero or more dollars.';
  // The discount needs both figures: one without the other is a half-answered question.
  if (need.employer && given(i.employerPopulation) !== given(i.employerGeneralFundCents)) {
    if (!given(i.employerPopulation)) errors.employer_population = 'For the small-community discount, enter your employer’s population too, like 7,500 (or leave both blank).';
    else errors.employer_general_fund = 'For the small-community discount, enter your employer’s general fund budget too, like 7,800,000 (or leave both blank).';
  }
  return errors;
}

/** The dues of a level for these inputs. Throws on inputs that duesInputProblems refuses. */
export function quoteIndividualDues(l: LevelRule, i: DuesInputs): IndividualQuote {
  const problems = duesInputProblems(l, i);
  if (Object.keys(problems).length > 0) throw new RangeError(`bad dues inputs: ${Object.keys(problems).join(', ')}`);
  let base = 0;
  if (l.rule === 'flat') base = l.flatCents ?? 0;
  if (l.rule === 'salary_share') base = divideHalfUp((i.salaryCents ?? 0) * (l.rateBp ?? 0), 10_000);
  const capped = l.capCents !== null && l.rule !== 'free' && base > l.capCents;
  const afterCap = capped && l.capCents !== null ? l.capCents : base;
  let discount = 0;
  if (
    hasDiscount(l) &&
    l.rule !== 'free' &&
    (i.employerPopulation ?? Number.POSITIVE_INFINITY) <= (l.discountMaxPopulation ?? -1) &&
    (i.employerGeneralFundCents ?? Number.POSITIVE_INFINITY) <= (l.discountMaxGeneralFundCents ?? -1)
  ) {
    discount = divideHalfUp(afterCap * (l.discountPercent ?? 0), 100);
  }
  return { amountCents: afterCap - discount, baseCents: base, capped, discountCents: discount };
}

/** Whether a person with these answers may join a level: every answer the level names matches. */
export function isEligible(eligibility: Record<string, boolean>, answers: Answers): boolean {
  return Object.entries(eligibility).every(([k, v]) => answers[k as QuestionKey] === v);
}

/** Splits a total into `count` monthly installments from `firstDue`: equal shares in whole cents,
 * the remainder cents on the first, so the amounts always sum to the total. */
export function instalmentSchedule(totalCents: number, count: number, firstDue: string): Array<{ position: number; dueOn: string; amountCents: number }> {
  if (!Number.isSafeInteger(totalCents) || totalCents < count || count < 1) throw new RangeError('cannot split this total');
  const share = Math.floor(totalCents / count);
  const remainder = totalCents - share * count;
  return Array.from({ length: count }, (_, k) => ({ position: k + 1, dueOn: addMonths(firstDue, k), amountCents: share + (k === 0 ? remainder : 0) }));
}

/** The same day k months later, or the month's last day when it has fewer days. */
export function addMonths(day: string, months: number): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = daysInMonth(year, month);
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
