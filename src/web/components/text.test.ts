// A phone number's tel: address, from numbers as people write them.
import { describe, expect, it } from 'vitest';
import { telHref } from './text.js';

describe('telHref', () => {
  it('keeps the digits and a leading +, and carries an extension', () => {
    expect(telHref('(217) 555-0100')).toBe('tel:2175550100');
    expect(telHref('+1 217.555.0100')).toBe('tel:+12175550100');
    expect(telHref('217-555-0100 x12')).toBe('tel:2175550100;ext=12');
    expect(telHref('217 555 0100 ext. 7')).toBe('tel:2175550100;ext=7');
  });

  it('is null for something that is not a number to call', () => {
    expect(telHref('555-01')).toBeNull();
    expect(telHref('call me')).toBeNull();
    expect(telHref('')).toBeNull();
  });
});
