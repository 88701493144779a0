// The price of a seat at its boundaries: member or not, just before and at early_until, free
// tickets, members-only ticket types; and for any prices, an integer that is one of the four.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PricedTicket, priceFor } from './pricing.js';

const EARLY_UNTIL = new Date('2026-12-01T00:00:00Z');
const ticket: PricedTicket = {
  member_cents: 10_000,
  nonmember_cents: 15_000,
  early_member_cents: 8_000,
  early_nonmember_cents: 12_000,
  early_until: EARLY_UNTIL,
  members_only: false,
};
const justBefore = new Date(EARLY_UNTIL.getTime() - 1);

describe('priceFor', () => {
  it('a member pays the member price, anyone else the non-member price', () => {
    expect(priceFor(ticket, true, EARLY_UNTIL)).toEqual({ cents: 10_000, member: true, early: false });
    expect(priceFor(ticket, false, EARLY_UNTIL)).toEqual({ cents: 15_000, member: false, early: false });
  });

  it('the early-bird price applies strictly before early_until: a millisecond before yes, at it no', () => {
    expect(priceFor(ticket, true, justBefore)).toEqual({ cents: 8_000, member: true, early: true });
    expect(priceFor(ticket, false, justBefore)).toEqual({ cents: 12_000, member: false, early: true });
    expect(priceFor(ticket, true, EARLY_UNTIL).early).toBe(false);
    expect(priceFor(ticket, false, new Date(EARLY_UNTIL.getTime() + 1)).cents).toBe(15_000);
  });

  it('without an early-bird price for one side, that side pays its regular price before early_until', () => {
    const onlyMembers = { ...ticket, early_nonmember_cents: null };
    expect(priceFor(onlyMembers, false, justBefore)).toEqual({ cents: 15_000, member: false, early: false });
    expect(priceFor(onlyMembers, true, justBefore).cents).toBe(8_000);
  });

  it('a free ticket costs 0', () => {
    const free = { ...ticket, member_cents: 0, nonmember_cents: 0, early_member_cents: null, early_nonmember_cents: null, early_until: null };
    expect(priceFor(free, false, justBefore).cents).toBe(0);
    expect(priceFor(free, true, justBefore).cents).toBe(0);
  });

  it('a members-only ticket is refused to a non-member, with a message for the ticket field', () => {
    const only = { ...ticket, members_only: true };
    expect(() => priceFor(only, false, justBefore)).toThrow(expect.objectContaining({ code: 'events.members_only', status: 403 }));
    expect(priceFor(only, true, justBefore).cents).toBe(8_000);
  });

  it('for any prices and instant, the price is a non-negative integer among the ticket’s own', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(
        cents,
        cents,
        fc.option(cents),
        fc.option(cents),
        fc.option(fc.integer({ min: 0, max: 4e12 })),
        fc.integer({ min: 0, max: 4e12 }),
        fc.boolean(),
        (m, n, em, en, until, at, member) => {
          const t: PricedTicket = {
            member_cents: m,
            nonmember_cents: n,
            early_member_cents: until === null ? null : em,
            early_nonmember_cents: until === null ? null : en,
            early_until: until === null ? null : new Date(until),
            members_only: false,
          };
          const p = priceFor(t, member, new Date(at));
          expect(Number.isSafeInteger(p.cents) && p.cents >= 0).toBe(true);
          const early = until !== null && at < until;
          const expected = member ? (early && em !== null ? em : m) : early && en !== null ? en : n;
          expect(p.cents).toBe(expected);
          expect(p.member).toBe(member);
        },
      ),
    );
  });
});
