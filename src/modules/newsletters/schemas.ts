// The forms of newsletters, parsed with zod: a list, a campaign (its segment from checkboxes named
// `<dimension>_<value>` and a field of state codes), the sending rate, the public sign-up.
import { z } from 'zod';
import { ENTITY_TYPES, type NewsletterSegment } from '../../db/types.js';
import { US_STATES } from '../../lib/us-states.js';
import { POPULATION_BAND_KEYS } from '../organizations/index.js';
import { MAX_MARKDOWN } from '../publishing/index.js';

export const listForm = z.object({
  name: z.string().trim().min(1, 'Enter the list’s name.').max(120, 'Keep the name under 120 characters.'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, like policy-updates.')
    .max(80, 'Keep the web address under 80 characters.'),
  description: z.string().trim().max(1000, 'Keep the description under 1,000 characters.').default(''),
  audience: z.enum(['public', 'members'], { message: 'Choose who may subscribe.' }),
});
export type ListForm = z.output<typeof listForm>;

const STATE_CODES: ReadonlySet<string> = new Set(US_STATES.map((s) => s[0]));

export const campaignFields = z.object({
  listId: z.uuid({ message: 'Choose a list.' }),
  subject: z.string().trim().min(1, 'Enter a subject.').max(200, 'Keep the subject under 200 characters.'),
  body: z
    .string()
    .min(1, 'Write the newsletter.')
    .max(MAX_MARKDOWN, `Keep the text under ${MAX_MARKDOWN.toLocaleString('en-US')} characters.`),
  states: z
    .string()
    .max(300)
    .default('')
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
    )
    .refine((codes) => codes.every((c) => STATE_CODES.has(c)), 'Write states as two-letter codes separated by commas, like WA, OR.'),
});

export type CampaignForm = { listId: string; subject: string; body: string; segment: NewsletterSegment };

/** The ticked values of checkboxes named `<prefix>_<value>`, among those known. */
export const ticked = (values: Record<string, string>, prefix: string, known: Iterable<string>) => [...known].filter((v) => values[`${prefix}_${v}`] === 'yes');

/** The campaign form, or its errors. */
export function parseCampaign(
  values: Record<string, string>,
  known: { levelIds: string[]; pathwayIds: string[]; eventIds: string[] },
): { ok: true; data: CampaignForm } | { ok: false; errors: Record<string, string> } {
  const parsed = campaignFields.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    return { ok: false, errors };
  }
  const segment: NewsletterSegment = {};
  const types = ticked(values, 'type', ENTITY_TYPES);
  const bands = ticked(values, 'band', POPULATION_BAND_KEYS);
  const levels = ticked(values, 'level', known.levelIds);
  const pathways = ticked(values, 'pathway', known.pathwayIds);
  const events = ticked(values, 'event', known.eventIds);
  if (types.length) segment.entityTypes = types;
  if (parsed.data.states.length) segment.states = parsed.data.states;
  if (bands.length) segment.populationBands = bands;
  if (levels.length) segment.levelIds = levels;
  if (pathways.length) segment.pathwayIds = pathways;
  if (events.length) segment.eventIds = events;
  return { ok: true, data: { listId: parsed.data.listId, subject: parsed.data.subject, body: parsed.data.body, segment } };
}

/** A campaign's form values, to show it again. */
export function campaignValues(c: { list_id: string; subject: string; body: string; segment: NewsletterSegment }): Record<string, string> {
  const v: Record<string, string> = { listId: c.list_id, subject: c.subject, body: c.body, states: (c.segment.states ?? []).join(', ') };
  for (const t of c.segment.entityTypes ?? []) v[`type_${t}`] = 'yes';
  for (const b of c.segment.populationBands ?? []) v[`band_${b}`] = 'yes';
  for (const l of c.segment.levelIds ?? []) v[`level_${l}`] = 'yes';
  for (const p of c.segment.pathwayIds ?? []) v[`pathway_${p}`] = 'yes';
  for (const e of c.segment.eventIds ?? []) v[`event_${e}`] = 'yes';
  return v;
}

/** A blank number field is missing, not zero: it asks for a number rather than "at least 1". */
const count = (missing: string) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number({ message: missing }));

export const settingsForm = z.object({
  ratePerMinute: count('Enter a number of messages per minute.').pipe(
    z.number().int('Enter a whole number.').min(1, 'At least 1 a minute.').max(1_000_000, 'At most 1,000,000 a minute.'),
  ),
  batchSize: count('Enter a number of messages per batch.').pipe(z.number().int('Enter a whole number.').min(1, 'At least 1.').max(10_000, 'At most 10,000.')),
});

export const signUpForm = z.object({
  email: z.email({ message: 'Enter an email address, like name@example.org.' }).max(254, 'That address is too long.'),
});

export const scheduleForm = z.object({
  when: z.enum(['now', 'later'], { message: 'Choose when to send it.' }),
  send_at: z.string().max(40).default(''),
  // A campaign cannot be called back once its first batch goes: the box says to whom it goes.
  confirm: z.literal('yes', { message: 'Tick the box to confirm: once sending starts, a newsletter cannot be called back.' }),
});

export const complaintForm = z.object({
  email: z.email({ message: 'Enter an email address.' }).max(254),
  reason: z.enum(['complained', 'bounced'], { message: 'Choose a reason.' }),
  detail: z.string().trim().max(500).default(''),
});
