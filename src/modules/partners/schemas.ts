// The forms and API shapes of partners, parsed with zod at the edge: each field's message is
// what the page shows beside it.
import { z } from 'zod';
import { tryParseDollars } from '../../lib/money.js';
import { STATE_CODES } from '../../lib/us-states.js';
import { blankable, phoneNumber } from '../../lib/validators.js';
import { KINDS, LIST_SORTS, STATUSES } from './shared.js';

const text = (max: number, message: string) => z.string().trim().max(max, message);
const required = (max: number, empty: string) => z.string().trim().min(1, empty).max(max, `Keep this under ${max} characters.`);
const optionalDay = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || z.iso.date().safeParse(v).success, message)
    .transform((v) => (v === '' ? null : v));
const state = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => v === '' || (STATE_CODES as readonly string[]).includes(v), 'Choose a state.')
  .transform((v) => (v === '' ? null : v));
const coordinate = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || (/^-?\d{1,3}(\.\d{1,7})?$/.test(v) && Number(v) >= min && Number(v) <= max), message)
    .transform((v) => (v === '' ? null : Number(v)));
const email = z.string().trim().toLowerCase().max(254, 'Enter an email address of at most 254 characters.').pipe(z.email('Enter an email address, like name@example.org.'));
const kind = z.enum(KINDS, { error: 'Choose the kind of relationship.' });

/** What staff say of a relationship (new, or its details changed). */
export const detailsForm = z
  .object({
    kind,
    partnerName: required(200, 'Enter the partner organization’s name.'),
    organizationSlug: text(200, 'Enter the organization’s web address on the network.').prefault(''),
    purpose: text(4000, 'Keep the purpose under 4,000 characters.').prefault(''),
    city: text(100, 'Keep the place under 100 characters.').prefault(''),
    state: state.prefault(''),
    latitude: coordinate(-90, 90, 'Enter a latitude between -90 and 90, like 39.7392, or leave it empty.').prefault(''),
    longitude: coordinate(-180, 180, 'Enter a longitude between -180 and 180, like -104.9903, or leave it empty.').prefault(''),
    listed: z.literal('yes').optional(),
  })
  .refine((v) => (v.latitude === null) === (v.longitude === null), { path: ['longitude'], message: 'Give both the latitude and the longitude, or neither.' });
export type DetailsInput = z.output<typeof detailsForm>;

/** The agreement (its file comes separately, in the same multipart form). */
export const agreementForm = z
  .object({
    start: optionalDay('Enter a real start date, such as 2027-01-01.').prefault(''),
    end: optionalDay('Enter a real end date, such as 2028-12-31.').prefault(''),
    scope: text(4000, 'Keep the scope under 4,000 characters.').prefault(''),
    project: text(300, 'Keep the project’s name under 300 characters.').prefault(''),
    amount: z
      .string()
      .trim()
      .refine((v) => v === '' || tryParseDollars(v) !== null, 'Enter the amount in dollars, like 25000 or 25,000.00.')
      .transform((v) => (v === '' ? null : tryParseDollars(v)))
      .prefault(''),
  })
  .refine((v) => !v.start || !v.end || v.end >= v.start, { path: ['end'], message: 'The end date must not be before the start date.' });
export type AgreementInput = z.output<typeof agreementForm>;

export const statusForm = z.object({
  to: z.enum(STATUSES, { error: 'Choose the next step.' }),
  reason: text(2000, 'Keep the reason under 2,000 characters.').prefault(''),
});

export const deliverableForm = z.object({
  title: required(300, 'Say what is to be delivered.'),
  dueOn: z.string().trim().pipe(z.iso.date('Enter a real due date, such as 2027-06-30.')),
});

export const contactForm = z.object({
  name: required(200, 'Enter the contact’s name.'),
  email: z.union([z.literal(''), email]).prefault(''),
  phone: phoneNumber(50),
  role: text(200, 'Keep the role under 200 characters.').prefault(''),
});

export const noteForm = z.object({ text: required(4000, 'Write the note.') });

/** The inquiry of an outside organization (/partners/inquire). */
export const inquiryForm = z.object({
  organization: required(200, 'Enter your organization’s name.'),
  kind,
  purpose: z.string().trim().min(20, 'Tell us in a few sentences (at least 20 characters) what you hope to do together.').max(4000, 'Keep this under 4,000 characters.'),
  contactName: required(200, 'Enter your name.'),
  email,
});
export type InquiryInput = z.output<typeof inquiryForm>;

export const publicPartner = z.object({
  name: z.string(),
  kind: z.enum(KINDS),
  kindLabel: z.string(),
  city: z.string(),
  state: z.string().nullable(),
  website: z.string().nullable().describe('the partner’s page on the network when it is a listed member organization'),
});
export const partnersResponse = z.object({ partners: z.array(publicPartner) });

/** The staff list's query string (page, and the CSV without `page`): filters, sort and page. */
export const staffListQuery = z.object({
  status: blankable(z.enum(STATUSES, { error: 'Choose a status from the list.' })),
  kind: blankable(z.enum(KINDS, { error: 'Choose a kind from the list.' })),
  sort: blankable(z.enum(LIST_SORTS, { error: 'Sort by a column’s link in the table.' })),
  dir: blankable(z.enum(['asc', 'desc'], { error: 'Sort by a column’s link in the table.' })),
  page: blankable(z.coerce.number({ error: 'Give a page number.' }).int('Give a whole page number.').min(1, 'Pages start at 1.').max(100_000, 'There is no such page.')),
});
export type StaffListQuery = z.output<typeof staffListQuery>;
