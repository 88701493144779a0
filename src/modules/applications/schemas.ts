// Request shapes of applications. One schema serves the form (strings) and the JSON API (typed
// values); a draft may leave fields blank, a submission may not (see `missingForSubmit`).
import { z } from 'zod';
import { ENTITY_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { POPULATION_MESSAGES, readWholeNumber, wholeNumberField } from '../../lib/numbers.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { phoneNumber } from '../../lib/validators.js';
import { HONEYPOT_FIELD } from '../../web/forms.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default('');
const email = z
  .string()
  .trim()
  .max(254, 'Use at most 254 characters.')
  .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address like name@city.gov.')
  .default('');
const flag = z.preprocess(
  (v) => (v === 'yes' || v === 'true' || v === 'on' ? true : v === 'no' || v === 'false' || v === '' || v === undefined ? false : v),
  z.boolean({ error: 'Choose yes or no.' }),
);
const thisYear = new Date().getUTCFullYear();

export const applicationFields = z.object({
  applicant_email: z
    .string()
    .trim()
    .min(1, 'Enter your email address, so that you can come back to this application.')
    .max(254)
    .email('Enter an email address like name@city.gov.'),
  entity_type: z.preprocess(blank, z.enum(ENTITY_TYPES, { error: 'Choose the kind of government.' }).optional()),
  legal_name: text(200),
  state: z.preprocess(blank, z.enum(STATE_CODES, { error: 'Choose a state or territory.' }).optional()),
  population: z.preprocess(blank, wholeNumberField({ min: 1, max: 100_000_000, messages: POPULATION_MESSAGES })),
  population_source: text(100),
  population_year: z.preprocess(
    blank,
    z.coerce
      .number({ error: 'Enter a year, like 2020.' })
      .int('Enter a year, like 2020.')
      .min(1990, 'Enter a year from 1990 on.')
      .max(thisYear + 1, `Enter a year up to ${thisYear + 1}.`)
      .optional(),
  ),
  place_source: z.preprocess(
    blank,
    z
      .string()
      .max(60)
      .regex(/^[a-z-]+:[A-Za-z0-9]+$/, 'Unknown place reference.')
      .optional(),
  ),
  latitude: z.preprocess(blank, z.coerce.number().min(-90).max(90).optional()),
  longitude: z.preprocess(blank, z.coerce.number().min(-180).max(180).optional()),
  website: z
    .string()
    .trim()
    .max(300)
    .refine((v) => v === '' || /^https?:\/\/[^\s]+\.[^\s]+$/.test(v), 'Enter a full address starting with https://.')
    .default(''),
  staff_name: text(200),
  staff_email: email,
  staff_title: text(200),
  staff_phone: phoneNumber(40),
  elected_name: text(200),
  elected_email: email,
  elected_title: text(200),
  billing_name: text(200),
  billing_email: email,
  billing_address: text(500),
  po_required: flag.default(false),
  po_number: text(100),
  // Listed by name on the public network map once a member: the applicant's choice (yes unless
  // they say no), which an administrator can change at any time on the organization's profile.
  listed: flag.default(true).describe('List the government by name on the public network map and member list once it is a member (default true).'),
  agree_terms: flag.default(false),
});

export type ApplicationFields = z.output<typeof applicationFields>;

/** A form post: the fields, plus which button was used and the draft's token. */
export const applicationForm = applicationFields.extend({
  action: z.enum(['save', 'submit']).default('save'),
  draft: z.string().max(100).optional(),
});

/** The API takes a complete application and submits it; unknown fields are refused. The
 * honeypot of the form is accepted too: a client that fills it is told "submitted" and nothing is. */
export const applicationApiBody = applicationFields
  .extend({ [HONEYPOT_FIELD]: z.string().max(200).optional().describe('Leave out, or empty. Filled in, the application is not saved.') })
  .strict();

const REQUIRED: Array<[keyof ApplicationFields, string]> = [
  ['entity_type', 'Choose the kind of government.'],
  ['legal_name', 'Enter the legal name of the government.'],
  ['state', 'Choose a state or territory.'],
  ['population', 'Enter the population.'],
  ['population_source', 'Say where the population figure comes from, like “2020 Census”.'],
  ['population_year', 'Enter the year of the population figure.'],
  ['staff_name', 'Enter the name of the primary staff contact.'],
  ['staff_email', 'Enter the email of the primary staff contact.'],
  ['elected_name', 'Enter the name of the elected official.'],
  ['elected_email', 'Enter the email of the elected official.'],
  ['billing_name', 'Enter the name of the billing contact.'],
  ['billing_email', 'Enter the email of the billing contact.'],
  ['billing_address', 'Enter the billing address.'],
];

/** What a submission still lacks, by field. */
export function missingForSubmit(f: ApplicationFields): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, message] of REQUIRED) {
    const v = f[field];
    if (v === undefined || v === '') errors[field] = message;
  }
  if (f.po_required && !f.po_number) errors.po_number = 'Enter the purchase order number that must appear on invoices.';
  if (!f.agree_terms) errors.agree_terms = 'You must agree to the membership terms to apply.';
  return errors;
}

/**
 * The dues calculator's answers carried into a new application (/apply?entity_type=city&population=31685):
 * each kept only when valid, so a bad or tampered link prefills nothing rather than failing.
 */
export function calculatorAnswers(query: unknown): { entity_type?: string; population?: string } {
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const out: { entity_type?: string; population?: string } = {};
  if (typeof q.entity_type === 'string' && (ENTITY_TYPES as readonly string[]).includes(q.entity_type)) out.entity_type = q.entity_type;
  const population = typeof q.population === 'string' ? readWholeNumber(q.population, { min: 1, max: 100_000_000 }) : null;
  if (population?.ok) out.population = population.value.toLocaleString('en-US');
  return out;
}

const YES = new Set(['yes', 'true', 'on']);

/**
 * What a submission lacks, read from the form's raw values: used when the form fails its own
 * checks (a blank email, say), so that one try reports every missing field at once, in form order.
 */
export function missingInForm(values: Record<string, string>, errors: FieldErrors): FieldErrors {
  const all: FieldErrors = { ...errors };
  const blank = (k: string) => (values[k] ?? '').trim() === '';
  for (const [field, message] of REQUIRED) if (blank(field)) all[field] ??= message;
  if (YES.has(values.po_required ?? '') && blank('po_number')) all.po_number ??= 'Enter the purchase order number that must appear on invoices.';
  if (!YES.has(values.agree_terms ?? '')) all.agree_terms ??= 'You must agree to the membership terms to apply.';
  const order = Object.keys(LABELS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => rank(a) - rank(b)));
}

export const LABELS: Record<string, string> = {
  applicant_email: 'Your email',
  entity_type: 'Kind of government',
  legal_name: 'Legal name of the government',
  state: 'State or territory',
  population: 'Population',
  population_source: 'Source of the population figure',
  population_year: 'Year of the population figure',
  website: 'Website',
  staff_name: 'Staff contact’s name',
  staff_email: 'Staff contact’s email',
  staff_title: 'Staff contact’s job title',
  staff_phone: 'Staff contact’s phone',
  elected_name: 'Elected official’s name',
  elected_email: 'Elected official’s email',
  elected_title: 'Elected official’s office',
  billing_name: 'Billing contact’s name',
  billing_email: 'Billing contact’s email',
  billing_address: 'Billing address',
  po_required: 'Must a purchase order number appear on invoices?',
  po_number: 'Purchase order number',
  listed: 'Show the government by name on the public network map?',
  agree_terms: 'Membership terms',
};
