// The credential's rules, in one place: who is eligible, what the application costs, the yearly
// PD goal, when the reminder goes out, the grace period before a lapse, and how long a lapsed
// credential may be reinstated. Pure functions and constants: the service and the jobs read them,
// the pages show them.

/** Years of senior local-government management needed: with a degree, and without one. */
export const YEARS_WITH_DEGREE = 7;
export const YEARS_WITHOUT_DEGREE = 10;
/** The application fee, in cents, invoiced when the application is submitted. */
export const APPLICATION_FEE_CENTS = 25_000;
/** At least this many references. */
export const MIN_REFERENCES = 2;
/** Rows of the form (positions, references). */
export const POSITION_ROWS = 5;
export const REFERENCE_ROWS = 3;
/** The yearly PD goal, in minutes (40 hours). */
export const GOAL_MINUTES = 40 * 60;
/** The year-end reminder goes out from this day of the year (month, day) to holders under the goal. */
export const REMINDER_MONTH = 11;
export const REMINDER_DAY = 1;
/** A year under the goal lapses the credential this many days into the next year. */
export const GRACE_DAYS = 90;
/** A lapsed credential may be reinstated up to this many months after it lapsed. */
export const REINSTATEMENT_MONTHS = 12;

/** The competency areas of the self-assessment (a short fixed list). */
export const COMPETENCIES = [
  { key: 'leadership', label: 'Leadership and staff development' },
  { key: 'finance', label: 'Budgeting and financial management' },
  { key: 'community', label: 'Community engagement and communication' },
  { key: 'ethics', label: 'Ethics and integrity in public service' },
] as const;
export type CompetencyKey = (typeof COMPETENCIES)[number]['key'];

export interface Position {
  title: string;
  organization: string;
  /** 'YYYY-MM' */
  from: string;
  /** 'YYYY-MM', or '' for a position held now */
  to: string;
}

/** A position of the profile (years only) as the application's: from January of its first year to
 * December of its last, or to now (an empty end). The applicant corrects the months. */
export const positionFromProfile = (p: { title: string; employerName: string; startYear: number; endYear: number | null }): Position => ({
  title: p.title,
  organization: p.employerName,
  from: `${p.startYear}-01`,
  to: p.endYear === null ? '' : `${p.endYear}-12`,
});

const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;

/** Months of senior management in the positions, counting a month held in two positions once;
 * a position held now runs to `currentMonth` ('YYYY-MM'); both ends are included. */
export function monthsOfService(positions: Position[], currentMonth: string): number {
  const months = new Set<number>();
  const now = monthIndex(currentMonth);
  for (const p of positions) {
    const from = monthIndex(p.from);
    const to = Math.min(p.to ? monthIndex(p.to) : now, now);
    for (let m = from; m <= to && months.size < 12 * 80; m++) months.add(m);
  }
  return months.size;
}

export const yearsText = (months: number) => {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return `${y} year${y === 1 ? '' : 's'}${m ? ` and ${m} month${m === 1 ? '' : 's'}` : ''}`;
};

/** What eligibility needs for someone with or without a degree, and whether `months` meets it. */
export function eligibility(months: number, hasDegree: boolean): { eligible: boolean; neededYears: number } {
  const neededYears = hasDegree ? YEARS_WITH_DEGREE : YEARS_WITHOUT_DEGREE;
  return { eligible: months >= neededYears * 12, neededYears };
}

/** The last day of the quarter a day falls in: the default cut-off of a review cycle. */
export function quarterEnd(day: string): { cutoff: string; name: string } {
  const y = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  return { cutoff: `${y}-${ends[q - 1]}`, name: `${y} Q${q}` };
}

/** The first year whose PD counts: the full calendar year after the award year. */
export const firstLoggedYear = (awardedOn: string) => Number(awardedOn.slice(0, 4)) + 1;

/** The day a year's PD is judged: the first day after the GRACE_DAYS that follow 31 December (1 April). */
export function lapseDayOf(year: number): string {
  const d = new Date(Date.UTC(year + 1, 0, 1 + GRACE_DAYS));
  return d.toISOString().slice(0, 10);
}

/** The last day a credential lapsed on `lapsedOn` may be reinstated. */
export function reinstatementEndsOn(lapsedOn: string): string {
  const d = new Date(`${lapsedOn}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + REINSTATEMENT_MONTHS);
  return d.toISOString().slice(0, 10);
}

/** Minutes as hours for people: 90 → "1.5". */
export const hours = (minutes: number) => (Math.round((minutes / 60) * 100) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });
