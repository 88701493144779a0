// Pure rules of technical assistance: the table of status moves, aging buckets, and the file
// names that reach storage and the download header.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSISTANCE_STATUSES } from '../../db/types.js';
import { cleanFilename, contentDisposition } from '../../lib/uploads.js';
import { bucketOf, canMove, daysOpen, nextStatuses } from './states.js';

describe('status moves', () => {
  it('members move only waiting → in progress, and close or reopen a resolved request', () => {
    const memberMoves = ASSISTANCE_STATUSES.flatMap((from) => nextStatuses(from, 'member').map((to) => `${from}→${to}`));
    expect(memberMoves.sort()).toEqual(['resolved→closed', 'resolved→in_progress', 'waiting_on_member→in_progress']);
  });

  it('closed is the end for everyone, and nobody moves a request to where it is or back to open', () => {
    for (const side of ['member', 'staff'] as const) {
      expect(nextStatuses('closed', side)).toEqual([]);
      for (const s of ASSISTANCE_STATUSES) {
        expect(canMove(s, s, side)).toBe(false);
        expect(canMove(s, 'open', side)).toBe(false);
      }
    }
    expect(nextStatuses('in_progress', 'staff').sort()).toEqual(['resolved', 'waiting_on_member']);
  });
});

describe('aging', () => {
  it('days are whole days until now or until closed, and fall in exactly one bucket', () => {
    const created = new Date('2026-01-01T12:00:00Z');
    expect(daysOpen(created, null, new Date('2026-01-09T11:59:59Z'))).toBe(7);
    expect(daysOpen(created, new Date('2026-01-02T12:00:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(1);
    expect([0, 7, 8, 30, 31, 400].map((d) => bucketOf(d).key)).toEqual(['0-7', '0-7', '8-30', '8-30', '31+', '31+']);
  });
});

describe('file names', () => {
  it('a stored name has no path, no control characters or quotes, and is never empty', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const clean = cleanFilename(name);
        expect(clean.length).toBeGreaterThan(0);
        expect(clean.length).toBeLessThanOrEqual(200);
        expect(clean).not.toMatch(/[\\/"\p{Cc}]/u);
        expect(clean.startsWith('.')).toBe(false);
      }),
    );
  });

  it('the download header is one line of ASCII whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const header = contentDisposition(cleanFilename(name));
        expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%\-_.!~*'()]*$/);
      }),
    );
  });
});
