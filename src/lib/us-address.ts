// A US postal address as forms ask for it (street lines, city, state, ZIP code): one rule and one
// set of messages for every form that takes a mailing or billing address, and the lines it is
// printed in (an invoice's "Bill to", a PDF).
import { z } from 'zod';
import { STATE_CODES } from './us-states.js';

export const ZIP_MESSAGE = 'Enter the ZIP code: 5 digits, like 62701, or 9 digits, like 62701-1234.';

/** A ZIP code of 5 digits or ZIP+4 (9 digits, with or without the hyphen), kept as 62701 or 62701-1234. */
export const zipCode = z
  .string()
  .trim()
  .min(1, 'Enter the ZIP code.')
  .regex(/^\d{5}(?:[-\s]?\d{4})?$/, ZIP_MESSAGE)
  .transform((v) => {
    const digits = v.replace(/\D/g, '');
    return digits.length === 9 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
  });

/** A state, the District of Columbia or a territory, by its postal code (the list of `us-states`). */
export const usStateCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => (STATE_CODES as readonly string[]).includes(v), 'Choose the state from the list.');

const line = (max: number, empty?: string) => {
  const s = z.string().trim().max(max, `Keep this under ${max} characters.`);
  return empty ? s.min(1, empty) : s.prefault('');
};

/** The fields of a US address, to spread into a form's schema: addressLine1, addressLine2 (may be
 * left empty), city, state, zip. */
export const usAddressFields = {
  addressLine1: line(200, 'Enter the street address, like 100 Main Street.'),
  addressLine2: line(200),
  city: line(100, 'Enter the city.'),
  state: usStateCode,
  zip: zipCode,
};
export const usAddressForm = z.object(usAddressFields);
export type UsAddress = z.output<typeof usAddressForm>;

/** The labels of the fields, for a form's error summary. */
export const US_ADDRESS_LABELS = {
  addressLine1: 'Street address',
  addressLine2: 'Address line 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP code',
} as const;

/** The address as it is printed, one line each: street, second line (when given), then
 * "City, ST 62701". Empty when no address was given. */
export function usAddressLines(a: UsAddress): string[] {
  if (!a.addressLine1 && !a.city && !a.zip) return [];
  return [a.addressLine1, a.addressLine2, [a.city, [a.state, a.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ')].filter(Boolean);
}
