// unowned-table, foreign-write and dynamic-write: every table has one owner, and only its owner
// writes it.
import ts from 'typescript';
import { isTestCode, lineOf, ownerOf, source } from './files.js';
import type { Violation } from './types.js';

export function checkOwnership(
  tables: readonly string[],
  owners: Readonly<Record<string, string>>,
  typesFile = 'src/db/types.ts',
  ownershipFile = 'scripts/ownership.ts',
): Violation[] {
  const out: Violation[] = [];
  for (const t of tables) {
    if (!owners[t]) out.push({ file: typesFile, line: 1, kind: 'unowned-table', detail: t, message: `table ${t} has no owner: claim it in ${ownershipFile}` });
  }
  for (const t of Object.keys(owners)) {
    if (!tables.includes(t))
      out.push({ file: ownershipFile, line: 1, kind: 'unowned-table', detail: t, message: `${ownershipFile} gives ${t} an owner, but DB in ${typesFile} has no such table` });
  }
  return out;
}

const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
// `\0` stands for a template's ${…}: a computed table name.
const SQL_WRITES = [
  /\b(insert\s+into)\s+("?[\w.]+"?|\0)/gi,
  /\b(update)\s+("?[\w.]+"?|\0)(?:\s+(?:as\s+)?\w+)?\s+set\b/gi,
  /\b(delete\s+from)\s+("?[\w.]+"?|\0)/gi,
  /\b(merge\s+into)\s+("?[\w.]+"?|\0)/gi,
];

interface Write {
  table: string | null;
  line: number;
  how: string;
}

const tableName = (raw: string) => (raw.trim().split(/\s+/)[0] ?? '').replace(/"/g, '').replace(/^public\./, '');

/** The writes of a file: Kysely's builders by their first argument, and raw SQL in any string or
 * template literal (table null when computed). */
export function writesOf(root: string, file: string): Write[] {
  const { sf } = source(root, file);
  const out: Write[] = [];
  const literalText = (n: ts.Node): string | null => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
    if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => `\0${s.literal.text}`).join('');
    return null;
  };
  const visit = (n: ts.Node) => {
    // src/db/bulk.ts's loader writes the table its caller names: the write is the caller's
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'insertRows') {
      const arg = n.arguments[1];
      const text = arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : null;
      out.push({ table: text === null ? null : tableName(text), line: lineOf(sf, n.getStart(sf)), how: `insertRows(${arg?.getText(sf) ?? ''})` });
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && KYSELY_WRITES.has(n.expression.name.text)) {
      const how = n.expression.name.text;
      const arg = n.arguments[0];
      const line = lineOf(sf, n.expression.name.getStart(sf));
      const names = arg && ts.isArrayLiteralExpression(arg) ? arg.elements : arg ? [arg] : [];
      for (const a of names) {
        const text = ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a) ? a.text : null;
        out.push({ table: text === null ? null : tableName(text), line, how: `${how}(${a.getText(sf)})` });
      }
    }
    const text = ts.isTemplateSpan(n) || ts.isTemplateHead(n) ? null : literalText(n);
    if (text !== null) {
      const start = n.getStart(sf);
      for (const re of SQL_WRITES) {
        for (const m of text.matchAll(re)) {
          const raw = m[2] ?? '';
          const line = lineOf(sf, start) + (text.slice(0, m.index).match(/\n/g)?.length ?? 0);
          const verb = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
          out.push({ table: raw === '\0' ? null : tableName(raw), line, how: raw === '\0' ? `${verb} \${…}` : `${verb} ${tableName(raw)}` });
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function checkWrites(
  root: string,
  files: string[],
  opts: { owners: Readonly<Record<string, string>>; dynamicWrites?: Readonly<Record<string, readonly string[]>> },
): Violation[] {
  const out: Violation[] = [];
  const dynamic = opts.dynamicWrites ?? {};
  const usedDynamic = new Set<string>();
  for (const file of files) {
    if (isTestCode(file) || file.startsWith('src/db/migrations/')) continue;
    const own = ownerOf(file);
    for (const w of writesOf(root, file)) {
      let tables: readonly string[];
      if (w.table === null) {
        const declared = dynamic[file];
        if (!declared) {
          out.push({
            file,
            line: w.line,
            kind: 'dynamic-write',
            detail: w.how,
            message: `${w.how} writes a computed table: name its tables in DYNAMIC_WRITES (scripts/check-boundaries.ts)`,
          });
          continue;
        }
        usedDynamic.add(file);
        tables = declared;
      } else {
        if (!(w.table in opts.owners)) continue; // not a table of ours (a word in a sentence, pg-boss's own)
        tables = [w.table];
      }
      for (const table of tables) {
        const owner = opts.owners[table];
        if (owner === own) continue;
        out.push({
          file,
          line: w.line,
          kind: 'foreign-write',
          detail: table,
          message: `${w.how} writes ${table}, owned by ${owner}${own ? ` (this file is ${own})` : ' (this file is outside every module)'}: call a function of the owner's index.ts`,
        });
      }
    }
  }
  for (const file of Object.keys(dynamic)) {
    if (!usedDynamic.has(file))
      out.push({
        file,
        line: 1,
        kind: 'stale-allowlist',
        detail: `DYNAMIC_WRITES ${file}`,
        message: 'DYNAMIC_WRITES names this file, but it has no computed write any more: remove the entry',
      });
  }
  return out;
}
