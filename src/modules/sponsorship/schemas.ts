// The forms and API shapes of sponsorship, parsed with zod at the edge: each field's message is
// what the page shows beside it.
import { z } from 'zod';
import { tryParseDollars } from '../../lib/money.js';
import { usAddressFields } from '../../lib/us-address.js';
import { TIERS } from './shared.js';

const required = (max: number, empty: string) => z.string().trim().min(1, empty).max(max, `Keep this under ${max} characters.`);
const email = z.string().trim().toLowerCase().max(254, 'Enter an email address of at most 254 characters.').pipe(z.email('Enter an email address, like name@example.com.'));
const website = z
  .string()
  .trim()
  .max(300, 'Keep the web address under 300 characters.')
  .refine((v) => {
    if (v === '') return true;
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'Enter the full web address, like https://example.com, or leave it empty.');

/** A package, as partnerships staff write it (new, or changed). */
export const packageForm = z.object({
  name: required(200, 'Name the package, like “Conference Gold sponsor”.'),
  tier: z.enum(TIERS, { error: 'Choose the tier.' }),
  eventId: z
    .string()
    .trim()
    .refine((v) => v === '' || z.uuid().safeParse(v).success, 'Choose an event from the list, or “Year-round”.')
    .transform((v) => (v === '' ? null : v))
    .prefault(''),
  price: z
    .string()
    .trim()
    .refine((v) => tryParseDollars(v) !== null && (tryParseDollars(v) ?? 0) <= 100_000_000_000, 'Enter the price in dollars, like 5000 or 5,000.00.')
    .transform((v) => tryParseDollars(v) ?? 0),
  quantity: z
    .string()
    .trim()
    .refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 1000, 'Enter how many sponsors may take it, a whole number from 1 to 1,000.')
    .transform(Number),
  deadline: z.string().trim().pipe(z.iso.date('Enter a real last day to apply, such as 2027-03-31.')),
  benefits: z.string().trim().max(4000, 'Keep the benefits under 4,000 characters.').prefault(''),
});
export type PackageInput = z.output<typeof packageForm>;

/** A company's application (the logo comes separately, in the same multipart form). */
export const applicationForm = z.object({
  packageId: z.uuid({ error: 'Choose a package.' }),
  companyName: required(200, 'Enter your company’s name.'),
  contactName: required(200, 'Enter your name.'),
  email,
  website: website.prefault(''),
  ...usAddressFields,
});
export type ApplicationInput = z.output<typeof applicationForm>;

export const declineForm = z.object({ reason: required(2000, 'Say why, in a sentence or two: the company is told.') });
export const withdrawForm = z.object({ reason: required(2000, 'Say why the sponsor is withdrawn, in a sentence or two: the company is told.') });

const tier = z.enum(TIERS);
export const publicPackage = z.object({
  id: z.uuid(),
  name: z.string(),
  tier,
  tierLabel: z.string(),
  priceCents: z.number().int().describe('the price in US cents'),
  benefits: z.array(z.string()),
  quantity: z.number().int(),
  placesLeft: z.number().int(),
  deadline: z.string().describe('the last day to apply (YYYY-MM-DD)'),
  event: z.object({ title: z.string(), url: z.string() }).nullable().describe('the conference the package sponsors; null for a year-round partner package'),
});
export const packagesResponse = z.object({ packages: z.array(publicPackage) });

export const publicSponsor = z.object({
  company: z.string(),
  website: z.string().nullable(),
  tier,
  tierLabel: z.string(),
  package: z.string(),
  logoUrl: z.string(),
  event: z.object({ title: z.string(), url: z.string() }).nullable(),
});
export const sponsorsResponse = z.object({ sponsors: z.array(publicSponsor) });
