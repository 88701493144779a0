// Every action code written to the audit log anywhere in src has its words in ACTION_WORDS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_WORDS, AREA_LABELS, actionInWords } from './actions.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The codes a file writes: the quoted `module.event` strings of each `action:` value (a ternary
 * gives two), and `export.<name>` for each auditExport, sendAuditedCsvStream or sendAuditedCsvText call. */
function actionCodes(text: string): string[] {
  const codes: string[] = [];
  for (const m of text.matchAll(/\baction:\s*([^,{}]*?)(?:,|\n\s*\}|\}\s*\))/g)) for (const q of (m[1] ?? '').matchAll(/['`]([a-z]+\.[a-z_]+)['`]/g)) codes.push(q[1] ?? '');
  for (const m of text.matchAll(/(?:auditExport|sendAuditedCsvStream|sendAuditedCsvText)\([\s\S]{0,300}?name: '([a-z_]+)'/g)) codes.push(`export.${m[1]}`);
  return codes;
}

describe('actions in words', () => {
  const codes = new Set(sourceFiles('src').flatMap((f) => actionCodes(readFileSync(f, 'utf8'))));

  it('finds the codes it should (the scan itself works)', () => {
    expect(actionCodes(`writeAudit(trx, { action: 'billing.payment_recorded', at })`)).toEqual(['billing.payment_recorded']);
    expect(actionCodes(`{\n  action: x ? 'memberships.reinstated' : 'memberships.renewed',\n}`)).toEqual(['memberships.reinstated', 'memberships.renewed']);
    expect(actionCodes(`auditExport(db, { at, name: 'payments', rows })`)).toEqual(['export.payments']);
    expect(codes.size).toBeGreaterThan(80);
    expect(codes).toContain('advising.advisor_assigned_by_hand');
    expect(codes).toContain('export.directory');
  });

  it('has words for every action code written in src', () => {
    const missing = [...codes].filter((c) => !(c in ACTION_WORDS)).sort();
    expect(missing).toEqual([]);
  });

  it('reads an unknown code as its name', () => {
    expect(actionInWords('billing.payment_recorded')).toBe('recorded a payment');
    expect(actionInWords('future.something_new')).toBe('something new');
  });

  it("every area of the log (an action prefix) can be chosen in the page's Area filter", () => {
    const prefixes = [...new Set(Object.keys(ACTION_WORDS).map((code) => code.split('.')[0] ?? ''))];
    expect(prefixes.filter((p) => !AREA_LABELS[p])).toEqual([]);
    expect(Object.keys(AREA_LABELS).filter((p) => !prefixes.includes(p))).toEqual([]);
  });
});
