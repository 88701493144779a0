// bare-table, bare-error-block and sql-in-page: pages use the shared components, and SQL stays
// out of routes and views.
import { isTestCode, source } from './files.js';
import type { Violation } from './types.js';

const TABLE_TAG = /<table[\s>]/g;
const CLASS_ATTR = /\bclass(?:Name)?=\{?["'`]([^"'`]*)["'`]/g;
const TABLE_REASON = /(\/\*|\/\/)\s*table:\s*\S/;
const ERROR_REASON = /(\/\*|\/\/)\s*error:\s*\S/;

const SQL_IN_PAGES = /\.(selectFrom|insertInto|updateTable|deleteFrom|with)\(|\bsql`/g;
const ROUTES_OR_VIEWS = /^src\/modules\/[^/]+\/(routes|[\w-]+-routes|views|[\w-]+-views)\.tsx?$/;

/** SQL sits in queries.ts or service.ts, never in a routes or views file (CONVENTIONS). */
export function checkSqlPlacement(root: string, files: string[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    if (!ROUTES_OR_VIEWS.test(file) || isTestCode(file)) continue;
    source(root, file)
      .text.split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(SQL_IN_PAGES)) {
          out.push({ file, line: i + 1, kind: 'sql-in-page', detail: m[1] ?? 'sql', message: "SQL in a routes or views file: move it to the module's queries.ts or service.ts" });
        }
      });
  }
  return out;
}

// the components themselves: src/web/components.tsx and the files it re-exports
const isComponents = (file: string) => file === 'src/web/components.tsx' || file.startsWith('src/web/components/');

export function checkViews(root: string, files: string[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    if (!file.endsWith('.tsx') || isTestCode(file) || isComponents(file)) continue;
    if (!/^src\/(modules|web)\//.test(file)) continue;
    const lines = source(root, file).text.split('\n');
    lines.forEach((text, i) => {
      const context = lines.slice(Math.max(0, i - 2), i + 1).join('\n');
      for (const _ of text.matchAll(TABLE_TAG)) {
        if (!TABLE_REASON.test(context)) {
          out.push({
            file,
            line: i + 1,
            kind: 'bare-table',
            detail: '<table>',
            message: 'a hand-written <table>: use SimpleTable/DataTable, or say why not in {/* table: … */} on the line before',
          });
        }
      }
      for (const m of text.matchAll(CLASS_ATTR)) {
        const classes = (m[1] ?? '').split(/\s+/);
        for (const c of ['error-summary', 'error-message']) {
          if (classes.includes(c) && !ERROR_REASON.test(context)) {
            out.push({
              file,
              line: i + 1,
              kind: 'bare-error-block',
              detail: c,
              message: `a hand-rolled ${c}: use ErrorSummary/FieldError, or say why not in {/* error: … */} on the line before`,
            });
          }
        }
      }
    });
  }
  return out;
}
