// A class a page names is one the stylesheet styles, or one of the hooks below. A class that
// matches no rule fails silently: 'secondary' on a button (the stylesheet's is 'button-secondary')
// left every such button looking like the main action, 'pre-wrap' (the stylesheet's is 'prewrap')
// ran staff notes' lines together, 'notice-warning' showed a warning as a plain notice.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const ASSETS = join(SRC, 'web', 'assets');

/** Classes with no style of their own: they name a part for the islands' scripts, for tests or
 * for readers of the markup. A new one goes here only when it is meant to carry no style. */
const HOOKS = new Set([
  'attachments',
  'attention',
  'break',
  'checkboxes',
  'commitment-list',
  'count',
  'dues-calculator',
  'facet',
  'image-upload',
  'mail-link',
  'match-count',
  'meta',
  'network-page',
  'network-results',
  'newsletter-preview',
  'note-body',
  'notes',
  'partner-list',
  'pay-by-card',
  'place-lookup',
  'plain-list',
  'post-byline',
  'remittance',
  'row-form',
  'signatory-list',
  'snippet',
  'sponsor-name',
  'sponsorship-package',
  'tenet',
  'ticket-qr',
  'upload-status',
]);

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix) && !e.name.startsWith('.civnet'))
    .map((e) => join(e.parentPath, e.name));
}

const styled = new Set(filesUnder(ASSETS, '.css').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\.([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? '')));

/** Every class written literally in a page's markup (`class="a b"`), with the files naming it. */
function classesInPages(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of filesUnder(SRC, '.tsx')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclass="([^"]*)"/g)) {
      for (const name of (m[1] ?? '').split(/\s+/).filter(Boolean)) used.set(name, [...(used.get(name) ?? []), file.slice(SRC.length)]);
    }
  }
  return used;
}

describe('classes in pages', () => {
  const used = classesInPages();

  it('finds the pages and the stylesheet it checks', () => {
    expect(used.size).toBeGreaterThan(50);
    expect(styled.has('button-secondary')).toBe(true);
  });

  it('every class a page names is styled by the stylesheet, or is a hook meant to carry no style', () => {
    const unknown = [...used].filter(([name]) => !styled.has(name) && !HOOKS.has(name)).map(([name, files]) => `${name} (${[...new Set(files)].join(', ')})`);
    expect(unknown).toEqual([]);
  });

  it('every hook is still used and still unstyled (a styled one leaves the list)', () => {
    expect([...HOOKS].filter((h) => !used.has(h) || styled.has(h))).toEqual([]);
  });
});
