// Pure dues logic: which schedule is in force on a day, which band a population falls in,
// and whether a list of bands covers every population exactly once.
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';

export interface DuesBand {
  min: number;
  /** null: the open-ended top band */
  max: number | null;
  amountCents: number;
}

export type DuesRule = { mode: 'contact' } | { mode: 'bands'; bands: DuesBand[] };

export interface DuesSchedule {
  id: string;
  /** 'YYYY-MM-DD' */
  effectiveFrom: string;
  note: string;
  createdBy: string | null;
  createdAt: Date;
  /** null: a draft, which only membership staff see and preview; quotes never use it */
  publishedAt: Date | null;
  rules: Partial<Record<EntityType, DuesRule>>;
}

/** `draft`: not published; the other three are among published versions only. */
export type ScheduleStatus = 'past' | 'in_force' | 'future' | 'draft';

/** The published versions: all that visitors, applicants and invoices ever see. */
export const publishedOnly = (schedules: readonly DuesSchedule[]): DuesSchedule[] => schedules.filter((s) => s.publishedAt !== null);

/** The schedule in force on `day`: the latest one that starts on or before it. `schedules` newest first. */
export function scheduleOn(schedules: readonly DuesSchedule[], day: string): DuesSchedule | null {
  for (const s of schedules) if (s.effectiveFrom <= day) return s;
  return null;
}

/** draft, or past, in force or future among the published versions, as of `today`. `schedules` newest first. */
export function statusOf(schedule: DuesSchedule, schedules: readonly DuesSchedule[], today: string): ScheduleStatus {
  if (schedule.publishedAt === null) return 'draft';
  if (schedule.effectiveFrom > today) return 'future';
  return scheduleOn(publishedOnly(schedules), today)?.id === schedule.id ? 'in_force' : 'past';
}

/** A published version whose start date is today or earlier has taken effect and is never
 * changed. A draft never takes effect: it may be replaced, deleted or published (when its start
 * date is today or later). */
export const hasTakenEffect = (v: { effectiveFrom: string; published: boolean }, today: string) => v.published && v.effectiveFrom <= today;

export function findBand(bands: readonly DuesBand[], population: number): DuesBand | null {
  for (const b of bands) if (population >= b.min && (b.max === null || population <= b.max)) return b;
  return null;
}

const n = (x: number) => x.toLocaleString('en-US');

/** What is wrong with bands: the band it is about (1-based) and a clause saying what it must be. */
export interface BandProblem {
  band: number;
  /** lower case, a clause to follow "Band 2: " or "Cities, band 2: " */
  problem: string;
}

/**
 * Bands must start at 1, follow on with no gap and no overlap, and end open-ended.
 * Returns the first problem (naming the band) or null when the bands are sound; an empty list is
 * the caller's to word (it knows whether the type is priced by band).
 */
export function bandProblem(bands: readonly DuesBand[]): BandProblem | null {
  const first = bands[0];
  if (first && first.min !== 1) return { band: 1, problem: `the lower bound must be 1, not ${n(first.min)}: the first band covers the smallest populations.` };
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i];
    if (!b) continue;
    const band = i + 1;
    const last = i === bands.length - 1;
    if (b.max !== null && b.max < b.min) return { band, problem: `the upper bound (${n(b.max)}) is below the lower bound (${n(b.min)}).` };
    if (b.max === null && !last) return { band, problem: 'only the last band can have no upper limit: give this one an upper bound, or remove the bands after it.' };
    if (b.max !== null && last) return { band, problem: `the last band must have no upper limit: write it like “${n(b.min)} and over”.` };
    const prev = i > 0 ? bands[i - 1] : undefined;
    if (prev && prev.max !== null) {
      const should = `the lower bound must be ${n(prev.max + 1)}, one above where band ${i} ends`;
      const missing = b.min - 1 === prev.max + 1 ? `population ${n(b.min - 1)}` : `populations ${n(prev.max + 1)} to ${n(b.min - 1)}`;
      if (b.min > prev.max + 1) return { band, problem: `${should} (with ${n(b.min)}, ${missing} would have no dues).` };
      if (b.min <= prev.max) return { band, problem: `${should} (${n(b.min)} overlaps band ${i}, which goes up to ${n(prev.max)}).` };
    }
  }
  return null;
}

/** "Band 2: the lower bound must be …" */
export const bandProblemText = (p: BandProblem) => `Band ${p.band}: ${p.problem}`;

/** Field errors for a whole set of rules, keyed like the API body (`rules.city.bands`). */
export function rulesProblems(rules: Partial<Record<EntityType, DuesRule>>): FieldErrors {
  const errors: FieldErrors = {};
  for (const t of ENTITY_TYPES) {
    const rule = rules[t];
    if (!rule) {
      errors[`rules.${t}`] = 'Say how dues are set for this type: by population band, or "contact us".';
      continue;
    }
    if (rule.mode === 'bands') {
      const problem = rule.bands.length === 0 ? { band: 1, problem: 'give at least one band.' } : bandProblem(rule.bands);
      if (problem) errors[`rules.${t}.bands`] = bandProblemText(problem);
    }
  }
  return errors;
}
