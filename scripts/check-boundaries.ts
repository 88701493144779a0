// The walls of issue 12, checked (`npm run lint` runs this after Biome; Biome's noImportCycles
// checks cycles). Exits 1 with `file:line kind: message` for each breach of:
//
//   cross-module-import   a file imports `src/modules/<b>/<x>` where x is not index.ts, from
//                         outside module b (the composition root, src/app.ts, src/server.ts,
//                         src/cli.ts … included: a module's public face is its index.ts).
//                         Test code may import a module's internals (*.test.ts files, everything
//                         under test/ and bench/ are not checked).
//   ground-floor-import   a file under src/db/ (tests too), or non-test code under src/lib/ or
//                         src/web/, imports from src/modules/.
//   foreign-write         a write to a table (Kysely insertInto/updateTable/deleteFrom/replaceInto/
//                         mergeInto, or raw SQL insert into/update … set/delete from/merge into)
//                         by non-test code under src/ outside the table's owner (scripts/ownership.ts).
//                         Migrations (src/db/migrations) may write anything.
//   dynamic-write         a write whose table is not a literal, in a file not in DYNAMIC_WRITES.
//   unowned-table         a table of `DB` (src/db/types.ts) that no owner claims; or an owner
//                         claims a table that `DB` does not have.
//   module-state          module-level mutable state: a top-level `let`/`var`, or a top-level
//                         `const` Map/Set/WeakMap/WeakSet/array/object that a function mutates
//                         (`.set/.add/.push/…`, or an assignment to one of its elements). That is
//                         how process-global registries are made; true constants and caches are
//                         in MODULE_STATE_ALLOWLIST, each with its reason. (A heuristic: a
//                         container exported and changed only from other files is not seen.)
//   bare-table            a hand-written `<table` in a .tsx view under src/modules or src/web
//                         (not components.tsx) without `{/* table: why */}` on it or the 2 lines before.
//   bare-error-block      a hand-written `class="error-summary"`/`class="error-message"` likewise
//                         without `{/* error: why */}`.
//   sql-in-page           a query builder call or sql`…` in a module's routes or views file
//                         (`routes.ts(x)`, `*-routes.ts(x)`, `views.tsx`, `*-views.tsx`).
//   stale-cycle-override  biome.jsonc turns noImportCycles off for a file that is in no cycle.
//   stale-allowlist       an allowlist entry below that no longer matches anything.
//
// KNOWN_VIOLATIONS (file + kind + detail + count) is how a breach can be tolerated while it is
// fixed; a listed one that no longer exists, or whose count changed, fails too, so that the list
// only shrinks. It has been empty since issue 12 landed, and the architecture test keeps it so.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { readDbTables } from './db-types.js';
import { TABLE_OWNERS } from './ownership.js';

export type Kind =
  | 'cross-module-import'
  | 'ground-floor-import'
  | 'foreign-write'
  | 'dynamic-write'
  | 'unowned-table'
  | 'module-state'
  | 'bare-table'
  | 'bare-error-block'
  | 'sql-in-page'
  | 'stale-cycle-override'
  | 'stale-allowlist';

export interface Violation {
  /** path from the repository root, with forward slashes */
  file: string;
  line: number;
  kind: Kind;
  /** what KNOWN_VIOLATIONS matches on, with the file and kind (no line numbers: they move) */
  detail: string;
  message: string;
}

export interface KnownViolation {
  file: string;
  kind: Kind;
  detail: string;
  /** how many times it occurs in the file */
  count: number;
}

// ---------------------------------------------------------------------------------------------
// Allowlists (permanent: each entry says why it is not a breach).

/** Writes whose table is computed: the tables each file's dynamic writes may touch. They are
 * checked against the owners like literal ones. */
export const DYNAMIC_WRITES: Readonly<Record<string, readonly string[]>> = {
  // removeAvailability: `deleteFrom(kind === 'window' ? 'advisor_availability' : 'advisor_exceptions')`
  'src/modules/advising/availability.ts': ['advisor_availability', 'advisor_exceptions'],
  // the bulk loader's `insert into ${table}`: each call, `insertRows(db, 'table', …)`, is checked
  // as a write of the file that makes it
  'src/db/bulk.ts': [],
};

/** Module-level state that is not a registry: constants filled once, and caches of values that
 * are the same for every app in the process (or keyed by the app's own objects). */
export const MODULE_STATE_ALLOWLIST: ReadonlyArray<{ file: string; name: string; why: string }> = [
  { file: 'src/lib/crypto.ts', name: 'dummyHash', why: 'a lazily computed constant (a hash to compare against when there is no account)' },
  { file: 'src/lib/uploads.ts', name: 'pending', why: 'a WeakMap keyed by the request: per request, not per process' },
  { file: 'src/modules/places/service.ts', name: 'loading', why: 'a lazy cache of the place index read from files shipped with the app (same for every app)' },
  { file: 'src/modules/places/search-index.ts', name: 'scratch', why: 'a WeakMap keyed by the place index: a reusable buffer per index' },
  { file: 'src/modules/network/map-views.tsx', name: 'projection', why: 'a lazy cache of the map projection built from static data' },
  { file: 'src/modules/network/map-views.tsx', name: 'shapes', why: 'a lazy cache of the state shapes read from us-atlas' },
  { file: 'src/modules/dues/cache.ts', name: 'caches', why: "a WeakMap keyed by the app's Kysely instance: one cache per database, not per process" },
];

// ---------------------------------------------------------------------------------------------
// Empty: issue 12 fixed the 104 violations that were on main when the check was written (commit
// 53119ba). Fix a new breach instead of listing it here.
export const KNOWN_VIOLATIONS: readonly KnownViolation[] = [];

// ---------------------------------------------------------------------------------------------
// Files

const posix = (p: string) => p.split(sep).join('/');

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Test code: test files, the fixtures and test support files kept beside modules, and
 * everything under test/ and bench/. */
export function isTestCode(file: string): boolean {
  const base = file.split('/').pop() ?? '';
  return /\.test\.tsx?$/.test(base) || /^(test|bench)\//.test(file);
}

/** `src/modules/<name>/…` → name. */
export function moduleOf(file: string): string | null {
  return /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}

/** The owner identity of a file: its module folder, `lib/<file>` for src/lib, otherwise null. */
export function ownerOf(file: string): string | null {
  const mod = moduleOf(file);
  if (mod) return mod;
  const lib = /^src\/lib\/(.+)$/.exec(file)?.[1];
  return lib ? `lib/${lib}` : null;
}

interface Source {
  file: string;
  text: string;
  sf: ts.SourceFile;
}

const sourceCache = new Map<string, Source>();
function source(root: string, file: string): Source {
  const abs = join(root, file);
  const key = abs;
  const cached = sourceCache.get(key);
  if (cached) return cached;
  const text = readFileSync(abs, 'utf8');
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const s = { file, text, sf };
  sourceCache.set(key, s);
  return s;
}

const lineOf = (sf: ts.SourceFile, pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;

/** Source files under `dirs` of `root`, as root-relative posix paths. */
export function listFiles(root: string, dirs: string[] = ['src']): string[] {
  return dirs.flatMap((d) => walk(join(root, d))).map((f) => posix(relative(root, f)));
}

// ---------------------------------------------------------------------------------------------
// Imports

export interface ImportRef {
  /** the specifier as written */
  specifier: string;
  /** the file it resolves to, root-relative; null for packages and unresolved paths */
  target: string | null;
  line: number;
}

/** Every import, export-from and dynamic import() of a file (type-only ones too). */
export function importsOf(root: string, file: string): ImportRef[] {
  const { text, sf } = source(root, file);
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((ref) => ({ specifier: ref.fileName, target: resolveImport(root, file, ref.fileName), line: lineOf(sf, ref.pos) }));
}

function resolveImport(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(root, dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return found ? posix(relative(root, found)) : null;
}

export function checkImports(root: string, files: string[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const groundFloor = file.startsWith('src/db/') || (!isTestCode(file) && /^src\/(lib|web)\//.test(file));
    if (!groundFloor && isTestCode(file)) continue;
    const own = moduleOf(file);
    for (const ref of importsOf(root, file)) {
      if (!ref.target?.startsWith('src/modules/')) continue;
      if (groundFloor) {
        out.push({
          file,
          line: ref.line,
          kind: 'ground-floor-import',
          detail: ref.target,
          message: `imports ${ref.specifier}: nothing under ${file.split('/').slice(0, 2).join('/')}/ may import a module`,
        });
        continue;
      }
      const target = moduleOf(ref.target);
      if (!target || target === own) continue;
      if (ref.target === `src/modules/${target}/index.ts`) continue;
      out.push({
        file,
        line: ref.line,
        kind: 'cross-module-import',
        detail: ref.target,
        message: `imports ${ref.specifier} past ${target}/index.ts: another module is imported only through its index.ts`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Table ownership and writes

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

// ---------------------------------------------------------------------------------------------
// Module-level mutable state

const MUTATORS = new Set(['set', 'add', 'push', 'unshift', 'splice', 'delete', 'clear', 'pop', 'shift', 'sort', 'reverse', 'fill', 'copyWithin']);

function isMutableContainer(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  let e = init;
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e)) return true;
  return ts.isNewExpression(e) && ts.isIdentifier(e.expression) && ['Map', 'Set', 'WeakMap', 'WeakSet', 'Array'].includes(e.expression.text);
}

/** Top-level `let`/`var`, and top-level containers mutated inside a function. */
export function moduleStateOf(root: string, file: string): Array<{ name: string; line: number; why: string }> {
  const { sf } = source(root, file);
  const out: Array<{ name: string; line: number; why: string }> = [];
  const containers = new Map<string, number>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name)) continue;
      const line = lineOf(sf, d.getStart(sf));
      if (!isConst) out.push({ name: d.name.text, line, why: 'a top-level let' });
      else if (isMutableContainer(d.initializer)) containers.set(d.name.text, line);
    }
  }
  if (containers.size === 0) return out;
  const mutated = new Set<string>();
  const visit = (n: ts.Node, inFunction: boolean) => {
    const fn = inFunction || ts.isFunctionLike(n);
    if (fn) {
      // x.set(…), x.push(…) …
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && MUTATORS.has(n.expression.name.text)) {
        mutated.add(n.expression.expression.text);
      }
      // x[k] = …, x.k = …, x.k += …
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
        const left = n.left;
        if ((ts.isElementAccessExpression(left) || ts.isPropertyAccessExpression(left)) && ts.isIdentifier(left.expression)) mutated.add(left.expression.text);
      }
    }
    ts.forEachChild(n, (c) => visit(c, fn));
  };
  visit(sf, false);
  for (const [name, line] of containers) if (mutated.has(name)) out.push({ name, line, why: 'a top-level container that a function changes' });
  return out;
}

export function checkModuleState(root: string, files: string[], allowlist: ReadonlyArray<{ file: string; name: string }> = []): Violation[] {
  const out: Violation[] = [];
  const used = new Set<string>();
  for (const file of files) {
    if (isTestCode(file) || file.startsWith('src/db/migrations/')) continue;
    for (const s of moduleStateOf(root, file)) {
      const key = `${file}#${s.name}`;
      if (allowlist.some((a) => a.file === file && a.name === s.name)) {
        used.add(key);
        continue;
      }
      out.push({
        file,
        line: s.line,
        kind: 'module-state',
        detail: s.name,
        message: `${s.name} is ${s.why}: module-level mutable state is shared by every app in the process; carry it on Deps, built per app`,
      });
    }
  }
  for (const a of allowlist) {
    if (!used.has(`${a.file}#${a.name}`))
      out.push({
        file: a.file,
        line: 1,
        kind: 'stale-allowlist',
        detail: `MODULE_STATE_ALLOWLIST ${a.name}`,
        message: `MODULE_STATE_ALLOWLIST names ${a.name}, which is no longer module-level mutable state here: remove the entry`,
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Views

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

export function checkViews(root: string, files: string[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    if (!file.endsWith('.tsx') || isTestCode(file) || file === 'src/web/components.tsx') continue;
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

// ---------------------------------------------------------------------------------------------
// Import cycles: Biome finds them; this only keeps biome.jsonc's TEMPORARY list of files with
// noImportCycles off from outliving the cycles.

/** Files in an import cycle (type-only imports count), among `files`. */
export function filesInCycles(root: string, files: string[]): Set<string> {
  const graph = new Map<string, string[]>();
  const known = new Set(files);
  for (const f of files) graph.set(f, [...new Set(importsOf(root, f).flatMap((r) => (r.target && known.has(r.target) ? [r.target] : [])))]);
  // Tarjan's strongly connected components, iteratively
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const inCycle = new Set<string>();
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<[string, number]> = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1] as [string, number];
      const [v, i] = top;
      const next = graph.get(v) ?? [];
      if (i < next.length) {
        top[1]++;
        const w = next[i] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) for (const c of component) inCycle.add(c);
      }
    }
  }
  return inCycle;
}

/** Biome's configuration file: biome.jsonc (comments allowed), or biome.json. */
export const biomeConfigOf = (root: string): string | null => ['biome.jsonc', 'biome.json'].find((f) => existsSync(join(root, f))) ?? null;

/** The files Biome's configuration lists with noImportCycles off (in `overrides`). */
export function cycleOverrides(root: string): string[] {
  const name = biomeConfigOf(root);
  if (!name) return [];
  const { config, error } = ts.parseConfigFileTextToJson(name, readFileSync(join(root, name), 'utf8'));
  if (error) throw new Error(`cannot read ${name}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const overrides: Array<{ includes?: string[]; linter?: { rules?: { suspicious?: { noImportCycles?: unknown } } } }> = config?.overrides ?? [];
  return overrides.flatMap((o) => {
    const rule = o.linter?.rules?.suspicious?.noImportCycles;
    const off = rule === 'off' || (typeof rule === 'object' && rule !== null && (rule as { level?: string }).level === 'off');
    return off ? (o.includes ?? []) : [];
  });
}

export function checkCycleOverrides(root: string, files: string[]): Violation[] {
  const listed = cycleOverrides(root);
  if (listed.length === 0) return [];
  const inCycle = filesInCycles(root, files);
  return listed
    .filter((f) => !inCycle.has(f))
    .map((f) => ({
      file: biomeConfigOf(root) ?? 'biome.jsonc',
      line: 1,
      kind: 'stale-cycle-override' as const,
      detail: f,
      message: `overrides turn noImportCycles off for ${f}, which is in no import cycle any more${existsSync(join(root, f)) ? '' : ' (no such file)'}: remove it from the list`,
    }));
}

// ---------------------------------------------------------------------------------------------
// All of it, and the reconciliation with KNOWN_VIOLATIONS

export function checkRepository(root: string): Violation[] {
  sourceCache.clear();
  const src = listFiles(root, ['src']);
  const all = listFiles(root, ['src', 'test', 'bench']);
  const tables = readDbTables(join(root, 'src/db/types.ts'));
  return [
    ...checkImports(root, src),
    ...checkOwnership(tables, TABLE_OWNERS),
    ...checkWrites(root, src, { owners: TABLE_OWNERS, dynamicWrites: DYNAMIC_WRITES }),
    ...checkModuleState(root, src, MODULE_STATE_ALLOWLIST),
    ...checkViews(root, src),
    ...checkSqlPlacement(root, src),
    ...checkCycleOverrides(root, all),
  ];
}

const keyOf = (v: { file: string; kind: string; detail: string }) => `${v.file}\t${v.kind}\t${v.detail}`;

/** The errors: violations not in `known` (or more of them than it says), and entries of
 * `known` that no longer match (or fewer than it says). */
export function reconcile(found: Violation[], known: readonly KnownViolation[]): string[] {
  const groups = new Map<string, Violation[]>();
  for (const v of found) groups.set(keyOf(v), [...(groups.get(keyOf(v)) ?? []), v]);
  const errors: string[] = [];
  const listed = new Map(known.map((k) => [keyOf(k), k]));
  for (const [key, vs] of groups) {
    const k = listed.get(key);
    if (!k) {
      for (const v of vs) errors.push(`${v.file}:${v.line} ${v.kind}: ${v.message}`);
    } else if (k.count !== vs.length) {
      const first = vs[0] as Violation;
      errors.push(
        `${first.file}:${vs.map((v) => v.line).join(',')} ${first.kind} (${first.detail}): KNOWN_VIOLATIONS says ${k.count}, found ${vs.length} — ${vs.length < k.count ? 'some were fixed: lower the count' : first.message}`,
      );
    }
  }
  for (const [key, k] of listed) {
    if (!groups.has(key)) errors.push(`${k.file} ${k.kind} (${k.detail}): listed in KNOWN_VIOLATIONS but no longer found — remove the entry`);
  }
  return errors;
}

/** The violations as KNOWN_VIOLATIONS entries (to print the list that exists now). */
export function asKnown(found: Violation[]): KnownViolation[] {
  const counts = new Map<string, KnownViolation>();
  for (const v of found) {
    const k = counts.get(keyOf(v)) ?? { file: v.file, kind: v.kind, detail: v.detail, count: 0 };
    k.count++;
    counts.set(keyOf(v), k);
  }
  return [...counts.values()];
}

// `tsx scripts/check-boundaries.ts`          check (what npm run lint does)
// `tsx scripts/check-boundaries.ts --list`   print today's violations as KNOWN_VIOLATIONS entries
// `tsx scripts/check-boundaries.ts --cycles` print the files in import cycles (for biome.jsonc's list)
function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv.includes('--cycles')) {
    for (const f of [...filesInCycles(root, listFiles(root, ['src', 'test', 'bench']))].sort()) console.log(`"${f}",`);
    return;
  }
  const found = checkRepository(root);
  if (process.argv.includes('--list')) {
    for (const k of asKnown(found)) console.log(`  { file: '${k.file}', kind: '${k.kind}', detail: '${k.detail}', count: ${k.count} },`);
    return;
  }
  const errors = reconcile(found, KNOWN_VIOLATIONS);
  if (errors.length) {
    console.error(`check-boundaries: ${errors.length} problem${errors.length === 1 ? '' : 's'} (see the top of scripts/check-boundaries.ts)\n`);
    for (const e of errors) console.error(e);
    process.exit(1);
  }
  console.log(`check-boundaries: module walls hold${KNOWN_VIOLATIONS.length ? ` (${KNOWN_VIOLATIONS.length} known violations left to fix)` : ''}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
