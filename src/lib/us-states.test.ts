// Time zones as people read them: the settings list's names for US zones, a generic name and
// the city for any other zone, never a raw IANA id unless the zone is unknown.
import { describe, expect, it } from 'vitest';
import { timeZoneLabel, US_TIME_ZONES } from './us-states.js';

describe('timeZoneLabel', () => {
  it('names a US zone as the settings list does', () => {
    expect(timeZoneLabel('America/Los_Angeles')).toBe('Pacific (Los Angeles)');
    expect(timeZoneLabel('America/New_York')).toBe('Eastern (New York)');
    for (const [id, label] of US_TIME_ZONES) expect(timeZoneLabel(id)).toBe(label);
  });

  it('names any other zone by its generic name and its city', () => {
    expect(timeZoneLabel('Europe/Berlin')).toBe('Central European Time (Berlin)');
    expect(timeZoneLabel('America/Sao_Paulo')).toBe('Brasilia Standard Time (Sao Paulo)');
    expect(timeZoneLabel('UTC')).toBe('Coordinated Universal Time (UTC)');
    for (const id of ['Africa/Nairobi', 'Asia/Dubai', 'Europe/London']) expect(timeZoneLabel(id)).not.toContain('/');
  });

  it('shows an unknown zone as given, without throwing', () => {
    expect(timeZoneLabel('Mars/Olympus')).toBe('Mars/Olympus');
  });
});
