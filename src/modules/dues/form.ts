// The staff form for a schedule version: bands written one per line ("50,001 - 100,000: 1,200"),
// read back into a ScheduleInput, and service errors mapped onto the form's fields.
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatNumber } from './format.js';
import type { DuesBand, DuesSchedule } from './rules.js';
import { isCalendarDate, MAX_AMOUNT_CENTS, MAX_POPULATION, type ScheduleInput } from './schemas.js';

export const BAND_EXAMPLE = '50,001 - 100,000: 1,200';
export const TOP_BAND_EXAMPLE = '4,000,001 and over: 8,000';

const dollars = (cents: number) => {
  const rest = cents % 100;
  return `${formatNumber(Math.trunc(cents / 100))}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
};

export function bandsToText(bands: readonly DuesBand[]): string {
  return bands.map((b) => `${formatNumber(b.min)}${b.max === null ? ' and over' : ` - ${formatNumber(b.max)}`}: ${dollars(b.amountCents)}`).join('\n');
}

const LINE = /^(\d+) *(?:(?:-|–|—|to) *(\d+)|(\+|and over|and up|or more)) *[:=] *(\d+)(?:\.(\d{1,2}))?$/;

/** Bands from text, one per line (blank lines skipped), or a message naming the line. */
export function parseBandsText(text: string): { bands: DuesBand[] } | { error: string } {
  const bands: DuesBand[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = raw.toLowerCase().replace(/[$,]/g, '').replace(/\s+/g, ' ').trim();
    const m = LINE.exec(line);
    if (!m) return { error: `Line ${i + 1}: write each band like “${BAND_EXAMPLE}”, and the last one like “${TOP_BAND_EXAMPLE}”.` };
    const min = Number(m[1]);
    const max = m[2] === undefined ? null : Number(m[2]);
    const cents = Number(m[4]) * 100 + Number((m[5] ?? '').padEnd(2, '0'));
    if (min > MAX_POPULATION || (max !== null && max > MAX_POPULATION)) return { error: `Line ${i + 1}: populations go up to 100,000,000.` };
    if (cents > MAX_AMOUNT_CENTS) return { error: `Line ${i + 1}: the amount is too large.` };
    bands.push({ min, max, amountCents: cents });
  }
  if (bands.length === 0) return { error: 'Give at least one band, or choose “Contact us”.' };
  if (bands.length > 50) return { error: 'Use at most 50 bands.' };
  return { bands };
}

/** The form's values for a schedule (to copy it into a new version, or to replace it). */
export function scheduleToValues(s: DuesSchedule | null, opts: { withDate: boolean }): Record<string, string> {
  const values: Record<string, string> = { effective_from: s && opts.withDate ? s.effectiveFrom : '', note: s && opts.withDate ? s.note : '' };
  for (const t of ENTITY_TYPES) {
    const rule = s?.rules[t];
    values[`mode_${t}`] = rule?.mode ?? (t === 'region' ? 'contact' : 'bands');
    values[`bands_${t}`] = rule?.mode === 'bands' ? bandsToText(rule.bands) : '';
  }
  return values;
}

export function parseScheduleForm(values: Record<string, string>): { ok: true; schedule: ScheduleInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const effectiveFrom = (values.effective_from ?? '').trim();
  if (!effectiveFrom) errors.effective_from = 'Enter the date these dues start to apply.';
  else if (!isCalendarDate(effectiveFrom)) errors.effective_from = 'Enter a real date, like 2027-01-01.';
  const note = (values.note ?? '').trim();
  if (note.length > 500) errors.note = 'Use at most 500 characters.';
  const rules = {} as ScheduleInput['rules'];
  for (const t of ENTITY_TYPES) {
    const mode = values[`mode_${t}`];
    if (mode === 'contact') rules[t] = { mode: 'contact' };
    else if (mode === 'bands') {
      const parsed = parseBandsText(values[`bands_${t}`] ?? '');
      if ('error' in parsed) errors[`bands_${t}`] = parsed.error;
      else rules[t] = { mode: 'bands', bands: parsed.bands };
    } else errors[`mode_${t}`] = 'Choose how dues are set.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, schedule: { effectiveFrom, note, rules } };
}

/** Service field names (API shape) → form field names. */
export function toFormErrors(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^rules\.([a-z_]+)(\.bands)?/.exec(k);
    const t = m?.[1] as EntityType | undefined;
    const name = k === 'effectiveFrom' ? 'effective_from' : t && (ENTITY_TYPES as readonly string[]).includes(t) ? (m?.[2] ? `bands_${t}` : `mode_${t}`) : k;
    out[name] ??= v;
  }
  return out;
}
