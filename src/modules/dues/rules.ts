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

/**
 * Bands must start at 1, follow on with no gap and no overlap, and end open-ended.
 * Returns one message (naming the band) or null when the bands are sound.
 */
export function bandProblem(bands: readonly DuesBand[]): string | null {
  if (bands.length === 0) return 'Give at least one band.';
  const first = bands[0];
  if (first && first.min !== 1) return `Band 1 must start at 1 (it starts at ${n(first.min)}).`;
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i];
    if (!b) continue;
    const label = `Band ${i + 1}`;
    const last = i === bands.length - 1;
    if (b.max !== null && b.max < b.min) return `${label} ends (${n(b.max)}) before it starts (${n(b.min)}).`;
    if (b.max === null && !last) return `${label} has no upper limit, so it must be the last band.`;
    if (b.max !== null && last) return `${label} is the last band, so it must have no upper limit (write it like "${n(b.min)} and over").`;
    const prev = i > 0 ? bands[i - 1] : undefined;
    if (prev && prev.max !== null) {
      if (b.min > prev.max + 1)
        return `${label} starts at ${n(b.min)}, but band ${i} ends at ${n(prev.max)}: populations ${n(prev.max + 1)} to ${n(b.min - 1)} would have no dues. Start band ${i + 1} at ${n(prev.max + 1)}.`;
      if (b.min <= prev.max) return `${label} starts at ${n(b.min)}, which overlaps band ${i} (up to ${n(prev.max)}). Start band ${i + 1} at ${n(prev.max + 1)}.`;
    }
  }
  return null;
}

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
      const problem = bandProblem(rule.bands);
      if (problem) errors[`rules.${t}.bands`] = problem;
    }
  }
  return errors;
}
