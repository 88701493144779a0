// The reports' filters (query strings of the pages, the CSVs and the API) and the API's answers.
import { z } from 'zod';
import { ENTITY_TYPES, EVENT_KINDS } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { type Interval, MAX_POINTS, pointsOf } from './members.js';
import { MAX_MONTHS, monthsOf, type RevenueType, TYPE_LABELS } from './revenue.js';

export { errorShape };

// Shown beside the date fields of the report pages too, which show no typed format: a real day, by example.
const isoDay = z.iso.date('Enter a real date, such as 2026-03-15.');

export const rangeQuery = z.object({
  from: isoDay.optional().describe('First day of the range (YYYY-MM-DD); five years before `to` by default'),
  to: isoDay.optional().describe('Last day of the range (YYYY-MM-DD); today by default'),
  interval: z.enum(['year', 'month'], { error: 'Choose year or month.' }).optional().describe('A point at each year-end (default) or month-end'),
});
export type RangeQuery = z.output<typeof rangeQuery>;

export interface Range {
  from: string;
  to: string;
  interval: Interval;
  days: string[];
}

/** The range asked for, with its defaults, or what is wrong with it (field → message). */
export function resolveRange(q: RangeQuery, today: string): { range: Range } | { errors: FieldErrors } {
  const to = q.to ?? today;
  const from = q.from ?? `${Number(to.slice(0, 4)) - 5}-01-01`;
  const interval = q.interval ?? 'year';
  if (from > to) return { errors: { to: 'The end date must be on or after the start date.' } };
  const days = pointsOf(from, to, interval);
  if (days.length > MAX_POINTS) return { errors: { from: `The range is too long: at most ${MAX_POINTS} points. Choose a later start date or points by year.` } };
  return { range: { from, to, interval, days } };
}

/** A filter form's issues as field errors, one per field. */
export function queryErrors(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= i.code === 'invalid_value' ? 'Choose one of the listed values.' : i.message;
  return errors;
}

/** Drops empty query values (a GET form sends `from=` when left empty). */
export function withoutEmpty(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query && typeof query === 'object') for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v.trim() !== '') out[k] = v;
  return out;
}

const group = z.object({ key: z.string(), label: z.string(), count: z.number().int() });

export const currentMembersResponse = z.object({
  asOf: z.string().describe('The day of the figures (YYYY-MM-DD)'),
  organizations: z.number().int().describe('Organizations with an active membership'),
  individuals: z.number().int().describe('People with an active individual membership'),
  byEntityType: z.array(group),
  byState: z.array(group),
  byPopulationBand: z.array(group),
  byLevel: z.array(group).describe('Individual members by membership level'),
});

export const membersOverTimeResponse = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(['year', 'month']),
  points: z.array(z.object({ on: z.string(), organizations: z.number().int(), individuals: z.number().int() })),
});

export const revenueQuery = z.object({
  from: isoDay.optional().describe('First day (YYYY-MM-DD); the first day of the month eleven months before `to` by default'),
  to: isoDay.optional().describe('Last day (YYYY-MM-DD); today by default'),
});
export type RevenueQuery = z.output<typeof revenueQuery>;

/** The revenue range asked for, with its defaults (the last twelve months), or what is wrong. */
export function resolveRevenueRange(q: RevenueQuery, today: string): { from: string; to: string } | { errors: FieldErrors } {
  const to = q.to ?? today;
  const back = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 12, 1)).toISOString().slice(0, 10);
  const from = q.from ?? back;
  if (from > to) return { errors: { to: 'The end date must be on or after the start date.' } };
  if (monthsOf(from, to).length > MAX_MONTHS) return { errors: { from: `The range is too long: at most ${MAX_MONTHS} months. Choose a later start date.` } };
  return { from, to };
}

const money = { invoicedCents: z.number().int(), collectedCents: z.number().int() };
export const duesRevenueResponse = z.object({
  from: z.string(),
  to: z.string(),
  byMonth: z.array(z.object({ month: z.string().describe('YYYY-MM'), ...money })),
  byType: z.array(z.object({ type: z.enum(Object.keys(TYPE_LABELS) as [RevenueType, ...RevenueType[]]), label: z.string(), ...money })),
  totals: z.object(money),
});

const renewalPeriod = z.object({
  period: z.string().describe('YYYY or YYYY-MM: when the terms ended'),
  due: z.number().int().describe('Terms whose last day fell in the period'),
  renewed: z.number().int().describe('Renewed before their grace period ended'),
  lapsed: z.number().int().describe('Not renewed within the grace period (including those reinstated since)'),
  reinstated: z.number().int().describe('Of the lapsed, renewed after the lapse'),
  waiting: z.number().int().describe('Not renewed yet, still active'),
  ended: z.number().int().describe('Not renewed: suspended, cancelled or ended'),
  renewalRate: z.number().nullable().describe('renewed ÷ (due − waiting), 0 to 1; null when no term is decided'),
});
const cohort = z.object({
  year: z.number().int().describe('Join year: the year the first term began'),
  size: z.number().int(),
  retained: z.array(z.object({ on: z.string().describe('A year-end, or the range’s last day'), count: z.number().int(), share: z.number().describe('count ÷ size, 0 to 1') })),
});
const retentionPart = z.object({ byPeriod: z.array(renewalPeriod), totals: renewalPeriod, cohorts: z.array(cohort) });
export const renewalsResponse = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(['year', 'month']),
  organizations: retentionPart,
  individuals: retentionPart,
});

export const funnelQuery = revenueQuery.extend({
  entityType: z.enum(ENTITY_TYPES, { error: 'Choose one of the listed entity types.' }).optional().describe('Only applications of this entity type'),
});
export type FunnelQuery = z.output<typeof funnelQuery>;

const days = z.number().nullable();
export const funnelResponse = z.object({
  from: z.string(),
  to: z.string(),
  entityType: z.enum(ENTITY_TYPES).nullable(),
  started: z.number().int().describe('Applications started (created) in the range'),
  submitted: z.number().int().describe('Of those, submitted'),
  approved: z.number().int().describe('Of those, approved'),
  paid: z.number().int().describe('Of those, whose first invoice was paid (the membership active)'),
  medianDays: z.object({ startedToSubmitted: days, submittedToApproved: days, approvedToPaid: days }).describe('Median days between the steps, one decimal'),
});

export const eventsQuery = revenueQuery.extend({
  kind: z.enum(EVENT_KINDS, { error: 'Choose one of the listed kinds.' }).optional().describe('Only events of this kind'),
});
export type EventsQuery = z.output<typeof eventsQuery>;

const eventRow = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: z.enum(EVENT_KINDS),
  status: z.string(),
  startsOn: z.string().describe('YYYY-MM-DD (UTC)'),
  registered: z.number().int().describe('Seats held (registered)'),
  attended: z.number().int().describe('People checked in at one session or more'),
  invoicedCents: z.number().int(),
  collectedCents: z.number().int(),
});
export const eventsResponse = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(EVENT_KINDS).nullable(),
  events: z.array(eventRow),
  totals: z.object({ registered: z.number().int(), attended: z.number().int(), invoicedCents: z.number().int(), collectedCents: z.number().int() }),
});
