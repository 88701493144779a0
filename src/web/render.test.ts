// A page that shows an error summary says so first in its title; other pages keep theirs.
import { describe, expect, it } from 'vitest';
import { markFailedTitle } from './render.js';

describe('markFailedTitle', () => {
  it('starts the title with "Error: " when the page has an error summary, and only the head’s title', () => {
    const failed = '<html><head><title>Apply · Assoc</title></head><body><div class="error-summary" role="alert"></div><svg><title>Map</title></svg></body></html>';
    expect(markFailedTitle(failed)).toContain('<title>Error: Apply · Assoc</title>');
    expect(markFailedTitle(failed)).toContain('<title>Map</title>');
  });

  it('leaves a page without one alone, even when its text mentions the class', () => {
    const ok = '<html><head><title>Apply · Assoc</title></head><body><p>class=&quot;error-summary&quot;</p></body></html>';
    expect(markFailedTitle(ok)).toBe(ok);
  });
});
