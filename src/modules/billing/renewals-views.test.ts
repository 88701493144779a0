// The words of the renewals console's reminder column: one email per invoice and run, even when it
// catches up on offsets whose days passed without a run.
import { describe, expect, it } from 'vitest';
import { reminderInWords } from './renewals-views.js';

describe('reminderInWords', () => {
  it('names the one reminder, and the earlier ones it stands for', () => {
    expect(reminderInWords([14])).toBe('14 days after the due date');
    expect(reminderInWords([0])).toBe('on the due date');
    expect(reminderInWords([-7])).toBe('7 days before the due date');
    expect(reminderInWords([14, 0])).toBe('14 days after the due date: one catch-up email for the missed reminder on the due date');
    expect(reminderInWords([0, 14, 30])).toBe('30 days after the due date: one catch-up email for the missed reminders on the due date and 14 days after the due date');
    expect(reminderInWords([])).toBe('');
  });
});
