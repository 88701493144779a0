// A flash message travels in a cookie to the next page: whole when it fits, else cut at a word.
import { describe, expect, it } from 'vitest';
import { flashText } from './context.js';

describe('flashText', () => {
  it('keeps a message of a few sentences whole', () => {
    const m = `${'Your email address is confirmed and you are signed in. '.repeat(7)}Sign in again.`;
    expect(m.length).toBeGreaterThan(300);
    expect(flashText(m)).toBe(m);
  });

  it('cuts a longer one at the last whole word, with an ellipsis, never mid-word', () => {
    const m = 'alpha beta gamma '.repeat(40);
    const cut = flashText(m);
    expect(cut.endsWith('…')).toBe(true);
    expect(m.startsWith(cut.slice(0, -1))).toBe(true);
    expect(['alpha', 'beta', 'gamma']).toContain(cut.slice(0, -1).split(' ').at(-1));
  });

  it('fits a cookie even when every character grows ninefold when encoded', () => {
    expect(encodeURIComponent(flashText('’'.repeat(2000))).length).toBeLessThan(4000);
  });
});
