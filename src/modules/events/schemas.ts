// What events accept and answer: the staff forms (an event, a session, a ticket type; local
// date-times read in the event's zone, dollars read into integer cents), the public listing's
// filters, and the /api/v1/events shapes. A blank optional field means "none" or "any".
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { EVENT_FORMATS, EVENT_KINDS } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { DollarsError, parseDollars } from '../../lib/money.js';
import { type FormResult, formValues, parseForm } from '../../web/forms.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const isSlug = (s: string): boolean => s.length <= 120 && SLUG.test(s);
/** Addresses under /events/ that are pages of their own, not events. */
export const RESERVED_SLUGS = new Set(['past', 'new', 'calendar', 'feed', 'me']);
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isTimeZone = (zone: string): boolean => zone.length <= 64 && zone.includes('/') && IANAZone.isValidZone(zone);

const LOCAL_FORMATS = ['yyyy-LL-dd HH:mm', "yyyy-LL-dd'T'HH:mm"];

/** A local date-time typed as "2027-03-16 09:00" in `zone`; null when it is not one, or names a
 * time the clocks skip in that zone (a daylight-saving gap). */
export function readLocalDateTime(text: string, zone: string): Date | null {
  const s = text.trim();
  for (const f of LOCAL_FORMATS) {
    const dt = DateTime.fromFormat(s, f, { zone });
    if (dt.isValid) return dt.toFormat(f) === s ? dt.toJSDate() : null;
  }
  return null;
}

/** The local date-time read in `zone`, or an issue with `message` on the field. */
function localOrIssue(s: string, zone: string, c: z.RefinementCtx, message: string): Date {
  const d = readLocalDateTime(s, zone);
  if (d) return d;
  c.addIssue({ code: 'custom', message });
  return z.NEVER;
}

const text = (max: number, label = 'text') => z.string().trim().max(max, `Use at most ${max} characters for the ${label}.`);
const optText = (max: number, label?: string) => text(max, label).default('');
const yes = z
  .string()
  .optional()
  .transform((v) => v === 'yes');

const wholeOpt = (msg: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .default('')
    .transform((s, c) => {
      if (s === '') return null;
      if (!/^\d{1,7}$/.test(s) || Number(s) < min || Number(s) > max) {
        c.addIssue({ code: 'custom', message: msg });
        return z.NEVER;
      }
      return Number(s);
    });

const whole = (msg: string, min: number, max: number, fallback: number) => wholeOpt(msg, min, max).transform((n) => n ?? fallback);

const dollars = (required: boolean) =>
  z
    .string()
    .trim()
    .default('')
    .transform((s, c) => {
      if (s === '' && !required) return null;
      try {
        return parseDollars(s === '' ? '' : s);
      } catch (err) {
        c.addIssue({ code: 'custom', message: err instanceof DollarsError ? err.message : 'Enter an amount in dollars, like 120.' });
        return z.NEVER;
      }
    });

/** The event form (new and edit). Times are strings here; `eventTimes` reads them in the zone. */
export const eventForm = z.object({
  title: z.string().trim().min(1, 'Enter a title.').max(200, 'Use at most 200 characters for the title.'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .default('')
    .refine((s) => s === '' || isSlug(s), 'Use lowercase letters, digits and single hyphens, like budget-basics-2027.')
    .refine((s) => !RESERVED_SLUGS.has(s), 'This web address is used by the events pages; choose another.'),
  kind: z.enum(EVENT_KINDS, { error: 'Choose what kind of event it is.' }),
  format: z.enum(EVENT_FORMATS, { error: 'Choose online, in person, or both.' }),
  audience: z.enum(['everyone', 'members'], { error: 'Choose who may come.' }),
  summary: optText(500, 'summary'),
  description: optText(20000, 'description'),
  timeZone: z.string().trim().refine(isTimeZone, 'Choose the time zone where the event happens from the list.'),
  startsAt: z.string().trim().min(1, 'Enter when it starts, like 2027-03-16 09:00.').max(20),
  endsAt: z.string().trim().min(1, 'Enter when it ends, like 2027-03-16 16:30.').max(20),
  venueName: optText(200, 'venue name'),
  venueAddress: optText(500, 'venue address'),
  joinUrl: z
    .string()
    .trim()
    .max(500, 'Use at most 500 characters for the join link.')
    .default('')
    .refine((s) => s === '' || (/^https:\/\/[^\s]+$/.test(s) && URL.canParse(s)), 'Enter a secure web address starting with https://.'),
  capacity: wholeOpt('Enter a whole number of seats from 1 to 100,000, or leave it blank for no limit.', 1, 100_000),
  cancelHoursBefore: whole('Enter a whole number of hours from 0 to 8,760.', 0, 8760, 72),
  offerHours: whole('Enter a whole number of hours from 1 to 720.', 1, 720, 48),
  transfersAllowed: yes,
});
export type EventForm = z.output<typeof eventForm>;

/** The event form's checks across fields, on the raw values: shown with the others at once. */
export function eventCrossErrors(v: Record<string, string>): FieldErrors {
  const e: FieldErrors = {};
  const inPerson = v.format === 'in_person' || v.format === 'hybrid';
  const held = v.format === 'hybrid' ? 'held both in person and online' : 'held in person';
  if (inPerson && !v.venueName?.trim()) e.venueName = `Enter the venue’s name: the event is ${held}.`;
  if (inPerson && !v.venueAddress?.trim()) e.venueAddress = `Enter the venue’s address: the event is ${held}.`;
  const zone = v.timeZone?.trim() ?? '';
  if (!isTimeZone(zone)) return e;
  const start = v.startsAt?.trim() ? readLocalDateTime(v.startsAt, zone) : null;
  const end = v.endsAt?.trim() ? readLocalDateTime(v.endsAt, zone) : null;
  if (v.startsAt?.trim() && !start) e.startsAt = 'Enter a date and time like 2027-03-16 09:00 that exists in the time zone.';
  if (v.endsAt?.trim() && !end) e.endsAt = 'Enter a date and time like 2027-03-16 16:30 that exists in the time zone.';
  if (start && end && end <= start) e.endsAt = 'The end must be after the start.';
  return e;
}

export const EVENT_LABELS: Record<string, string> = {
  title: 'Title',
  slug: 'Web address',
  kind: 'Kind',
  format: 'Format',
  audience: 'Who may come',
  summary: 'Summary',
  description: 'Description',
  timeZone: 'Time zone',
  startsAt: 'Starts',
  endsAt: 'Ends',
  venueName: 'Venue name',
  venueAddress: 'Venue address',
  joinUrl: 'Join link',
  capacity: 'Capacity',
  cancelHoursBefore: 'Cancellation deadline (hours before the start)',
  offerHours: 'Hours to accept an offered seat',
  transfersAllowed: 'Tickets may be transferred',
};

/** A session of the agenda; `zone` is the event's. */
export const sessionForm = (zone: string) =>
  z.object({
    title: z.string().trim().min(1, 'Enter the session’s title.').max(200, 'Use at most 200 characters for the title.'),
    location: optText(200, 'location'),
    description: optText(5000, 'description'),
    startsAt: z
      .string()
      .trim()
      .max(20)
      .transform((s, c) => localOrIssue(s, zone, c, 'Enter a date and time like 2027-03-16 09:00.')),
    endsAt: z
      .string()
      .trim()
      .max(20)
      .transform((s, c) => localOrIssue(s, zone, c, 'Enter a date and time like 2027-03-16 10:30.')),
    pdMinutes: whole('Enter a whole number of minutes from 0 to 1,440.', 0, 1440, 0),
  });
export type SessionForm = z.output<ReturnType<typeof sessionForm>>;
export const SESSION_LABELS: Record<string, string> = {
  title: 'Session title',
  location: 'Room or place',
  description: 'Description',
  startsAt: 'Starts',
  endsAt: 'Ends',
  pdMinutes: 'PD minutes',
};

/** A ticket type; prices in dollars become integer cents. */
export const ticketForm = (zone: string) =>
  z.object({
    name: z.string().trim().min(1, 'Enter the ticket type’s name.').max(100, 'Use at most 100 characters for the name.'),
    memberPrice: dollars(true),
    nonmemberPrice: dollars(true),
    earlyMemberPrice: dollars(false),
    earlyNonmemberPrice: dollars(false),
    earlyUntil: z
      .string()
      .trim()
      .max(20)
      .default('')
      .transform((s, c) => (s === '' ? null : localOrIssue(s, zone, c, 'Enter a date and time like 2027-02-01 23:59.'))),
    capacity: wholeOpt('Enter a whole number of seats from 1 to 100,000, or leave it blank for no limit.', 1, 100_000),
    position: whole('Enter a whole number from 0 to 999.', 0, 999, 0),
    membersOnly: yes,
  });
export type TicketForm = z.output<ReturnType<typeof ticketForm>>;

/** The ticket form's checks across fields: early-bird prices and their deadline go together. */
export function ticketCrossErrors(v: Record<string, string>): FieldErrors {
  const early = !!v.earlyMemberPrice?.trim() || !!v.earlyNonmemberPrice?.trim();
  if (early && !v.earlyUntil?.trim()) return { earlyUntil: 'Enter until when the early-bird prices apply.' };
  if (!early && v.earlyUntil?.trim()) return { earlyMemberPrice: 'Enter an early-bird price, or leave the deadline blank.' };
  return {};
}

/** The session form's check across fields, once both times read. */
export function sessionCrossErrors(v: Record<string, string>, zone: string): FieldErrors {
  const start = readLocalDateTime(v.startsAt ?? '', zone);
  const end = readLocalDateTime(v.endsAt ?? '', zone);
  return start && end && end <= start ? { endsAt: 'The end must be after the start.' } : {};
}

/** A form parsed with its schema and its checks across fields; every error at once. */
export function parseFormWith<S extends z.ZodType>(schema: S, cross: (v: Record<string, string>) => FieldErrors, body: unknown): FormResult<z.output<S>> {
  const parsed = parseForm(schema, body);
  const values = formValues(body);
  const more = cross(values);
  if (parsed.ok && Object.keys(more).length === 0) return parsed;
  return { ok: false, errors: { ...more, ...(parsed.ok ? {} : parsed.errors) }, values };
}
export const TICKET_LABELS: Record<string, string> = {
  name: 'Name',
  memberPrice: 'Member price',
  nonmemberPrice: 'Non-member price',
  earlyMemberPrice: 'Early-bird member price',
  earlyNonmemberPrice: 'Early-bird non-member price',
  earlyUntil: 'Early-bird prices until',
  capacity: 'Seats of this type',
  position: 'Order on the page',
  membersOnly: 'For members only',
};

/** An optional query field: absent or blank means "any". */
const opt = <T extends z.ZodType<unknown, string>>(t: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(t.optional());

const filters = {
  kind: opt(z.enum(EVENT_KINDS, { error: `Choose one of: ${EVENT_KINDS.join(', ')}.` })),
  format: opt(z.enum(EVENT_FORMATS, { error: `Choose one of: ${EVENT_FORMATS.join(', ')}.` })),
  pathway: opt(z.string().max(100, 'Choose a pathway from the list.').regex(SLUG, 'Choose a pathway from the list.')),
  cursor: opt(z.string().max(200, 'This page link is not valid; start again from the first page.')),
};

/** /events and /events/past: the GET form's filters and the keyset cursor. */
export const listingQuery = z.object({ ...filters, month: opt(z.string().regex(MONTH, 'Choose a month like 2027-03.')) });
export type ListingQuery = z.output<typeof listingQuery>;

/** GET /api/v1/events */
export const apiListQuery = z
  .object({
    ...filters,
    from: opt(z.string().regex(MONTH, 'Give a month like 2027-03.')).describe('first month (YYYY-MM, in each event’s zone)'),
    to: opt(z.string().regex(MONTH, 'Give a month like 2027-03.')).describe('last month (YYYY-MM, in each event’s zone)'),
    limit: opt(
      z
        .string()
        .regex(/^\d{1,3}$/, 'Give a number from 1 to 100.')
        .transform(Number)
        .pipe(z.number().min(1, 'Give a number from 1 to 100.').max(100, 'Give a number from 1 to 100.')),
    ).describe('events per page (default 25, at most 100)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'The last month must not be before the first.' });

const price = z
  .object({ minCents: z.number().int(), maxCents: z.number().int() })
  .nullable()
  .describe('the lowest and highest price today, in cents (USD); null before tickets are on sale');

export const apiEvent = z.object({
  slug: z.string(),
  title: z.string(),
  kind: z.enum(EVENT_KINDS),
  format: z.enum(EVENT_FORMATS),
  status: z.enum(['published', 'cancelled', 'completed']),
  membersOnly: z.boolean(),
  summary: z.string(),
  startsAt: z.string().describe('ISO 8601 with the event’s offset'),
  endsAt: z.string(),
  timeZone: z.string(),
  venue: z.object({ name: z.string(), address: z.string() }).nullable(),
  price,
  pathways: z.array(z.object({ slug: z.string(), name: z.string() })),
  url: z.string(),
});

export const apiListResponse = z.object({
  events: z.array(apiEvent),
  next: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

const money = z.number().int();
export const apiEventDetail = apiEvent.extend({
  teaser: z.boolean().describe('true for a members-only event seen by someone who is not a member: no description, agenda or tickets'),
  description: z.string().nullable(),
  sessions: z.array(z.object({ title: z.string(), location: z.string(), startsAt: z.string(), endsAt: z.string(), pdMinutes: z.number().int() })),
  ticketTypes: z.array(
    z.object({
      name: z.string(),
      memberCents: money,
      nonmemberCents: money,
      earlyMemberCents: money.nullable(),
      earlyNonmemberCents: money.nullable(),
      earlyUntil: z.string().nullable(),
      membersOnly: z.boolean(),
      currency: z.literal('USD'),
    }),
  ),
});
