// The pure rules under the public pages and the forms: the keyset cursor (any string decodes to a
// cursor or to null, never a throw; a cursor survives its round trip), local date-times read in
// an event's zone, web addresses made from titles, and price ranges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPriceRange, priceRange, slugify } from './format.js';
import { decodeCursor, encodeCursor } from './queries.js';
import { isSlug, readLocalDateTime } from './schemas.js';

describe('events: pure rules', () => {
  it('any cursor string decodes to a cursor or null, and a cursor survives its round trip', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const c = decodeCursor(s);
        expect(c === null || (c.startsAt instanceof Date && typeof c.id === 'string')).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.uuid(), (startsAt, id) => {
        expect(decodeCursor(encodeCursor({ startsAt, id }))).toEqual({ startsAt, id });
      }),
    );
  });

  it('a local date-time is read in the zone; a time the clocks skip or a nonsense date is refused', () => {
    expect(readLocalDateTime('2027-03-16 09:00', 'America/Chicago')?.toISOString()).toBe('2027-03-16T14:00:00.000Z');
    expect(readLocalDateTime('2027-01-16T09:00', 'America/New_York')?.toISOString()).toBe('2027-01-16T14:00:00.000Z');
    expect(readLocalDateTime('2027-03-14 02:30', 'America/Chicago')).toBeNull();
    expect(readLocalDateTime('2027-02-30 09:00', 'America/Chicago')).toBeNull();
    expect(readLocalDateTime('9am tomorrow', 'America/Chicago')).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const d = readLocalDateTime(s, 'America/Denver');
        expect(d === null || !Number.isNaN(d.getTime())).toBe(true);
      }),
    );
  });

  it('a web address made from any title is a valid one, or empty', () => {
    expect(slugify('Budget Basics 2027: Año Nuevo!')).toBe('budget-basics-2027-ano-nuevo');
    fc.assert(
      fc.property(fc.string({ maxLength: 250 }), (title) => {
        const s = slugify(title);
        expect(s === '' || isSlug(s)).toBe(true);
      }),
    );
  });

  it('the price range follows early-bird prices while they last; all zero is Free', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    const t = { member_cents: 45_000, nonmember_cents: 60_000, early_member_cents: 39_500, early_nonmember_cents: null, early_until: new Date('2027-02-01T00:00:00Z') };
    expect(priceRange([t], now)).toEqual({ min: 39_500, max: 60_000 });
    expect(priceRange([t], new Date('2027-03-01T00:00:00Z'))).toEqual({ min: 45_000, max: 60_000 });
    expect(formatPriceRange(priceRange([t], now))).toBe('$395 – $600');
    expect(formatPriceRange(priceRange([{ ...t, member_cents: 0, nonmember_cents: 0, early_member_cents: null, early_until: null }], now))).toBe('Free');
    expect(formatPriceRange(priceRange([{ ...t, member_cents: 0, early_member_cents: null, early_until: null }], now))).toBe('Free – $600');
    expect(formatPriceRange(null)).toBe('Prices to be announced');
  });
});
