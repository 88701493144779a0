// The staff form for a schedule version: bands written one per line ("50,001 - 100,000: 1,200"),
// read back into a ScheduleInput, and service errors mapped onto the form's fields.
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatNumber, typeName } from './format.js';
import { bandProblem, type DuesBand, type DuesSchedule } from './rules.js';
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

/** Bands from text, one per line (blank lines skipped), or a sentence naming the type (`who`,
 * like "Cities") and the line or band that is wrong. */
export function parseBandsText(text: string, who: string): { bands: DuesBand[] } | { error: string } {
  const bands: DuesBand[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = raw.toLowerCase().replace(/[$,]/g, '').replace(/\s+/g, ' ').trim();
    const m = LINE.exec(line);
    const at = `${who}, line ${i + 1}`;
    if (!m) return { error: `${at}: write each band like “${BAND_EXAMPLE}”, and the last one like “${TOP_BAND_EXAMPLE}”.` };
    const min = Number(m[1]);
    const max = m[2] === undefined ? null : Number(m[2]);
    const cents = Number(m[4]) * 100 + Number((m[5] ?? '').padEnd(2, '0'));
    if (min > MAX_POPULATION || (max !== null && max > MAX_POPULATION)) return { error: `${at}: populations go up to 100,000,000.` };
    if (cents > MAX_AMOUNT_CENTS) return { error: `${at}: the amount is too large (at most $10,000,000 a year).` };
    bands.push({ min, max, amountCents: cents });
  }
  if (bands.length === 0) return { error: `${who} are priced by population band, so their bands are needed: write at least one band, or set “How dues are set” to “Contact us”.` };
  if (bands.length > 50) return { error: `${who}: use at most 50 bands.` };
  const problem = bandProblem(bands);
  if (problem) return { error: `${who}, band ${problem.band}: ${problem.problem}` };
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
  if (note.length > 500) errors.note = 'The note is too long: use at most 500 characters.';
  const rules = {} as ScheduleInput['rules'];
  for (const t of ENTITY_TYPES) {
    const mode = values[`mode_${t}`];
    if (mode === 'contact') rules[t] = { mode: 'contact' };
    else if (mode === 'bands') {
      const parsed = parseBandsText(values[`bands_${t}`] ?? '', typeName(t));
      if ('error' in parsed) errors[`bands_${t}`] = parsed.error;
      else rules[t] = { mode: 'bands', bands: parsed.bands };
    } else errors[`mode_${t}`] = `${typeName(t)}: choose how dues are set, by population band or “Contact us”.`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, schedule: { effectiveFrom, note, rules } };
}

/** Service field names (API shape) → form field names, each message naming its type ("Cities: …"),
 * as the form's own messages do (the form checks bands first, so these are a backstop). */
export function toFormErrors(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^rules\.([a-z_]+)(\.bands)?/.exec(k);
    const t = m?.[1];
    if (k === 'effectiveFrom') out.effective_from ??= v;
    else if (isEntityType(t))
      out[m?.[2] ? `bands_${t}` : `mode_${t}`] ??= /^Band \d+: /.test(v) ? `${typeName(t)}, b${v.slice(1)}` : `${typeName(t)}: ${v.charAt(0).toLowerCase()}${v.slice(1)}`;
    else out[k] ??= v;
  }
  return out;
}

const isEntityType = (t: string | undefined): t is EntityType => t !== undefined && (ENTITY_TYPES as readonly string[]).includes(t);
