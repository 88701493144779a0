// The walls of issue 12 are enforced: scripts/check-boundaries.ts reports each kind of breach on
// small deliberate fixtures, finds nothing on this repository beyond its KNOWN_VIOLATIONS, and
// Biome's noImportCycles fails on a deliberate cycle.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkCycleOverrides,
  checkImports,
  checkModuleState,
  checkOwnership,
  checkRepository,
  checkSqlPlacement,
  checkViews,
  checkWrites,
  filesInCycles,
  KNOWN_VIOLATIONS,
  listFiles,
  reconcile,
  type Violation,
} from '../../scripts/check-boundaries.js';
import { readDbTables } from '../../scripts/db-types.js';
import { TABLE_OWNERS } from '../../scripts/ownership.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

// Static checks: they run once, in the unit suite (the pg suite would only repeat them).
const staticSuite = process.env.TEST_DB !== 'pg';

const brief = (vs: Violation[]) => vs.map((v) => `${v.file}:${v.line} ${v.kind} ${v.detail}`).sort();

describe.runIf(staticSuite)('the boundary checker on deliberate fixtures', () => {
  let root: string;
  const owners = { a_things: 'a', b_things: 'b', audit_log: 'lib/audit.ts' };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'civnet-boundaries-'));
    writeTree(root, {
      'src/modules/a/index.ts': "export { work } from './service.js';\n",
      'src/modules/a/service.ts': [
        "import { internal } from '../b/internal.js';",
        "import { open } from '../b/index.js';",
        "import type { Shape } from '../b/types.js';",
        'declare const db: any; declare const sql: any; declare const table: string;',
        'export async function work(s: Shape) {',
        "  await db.insertInto('a_things').values({}).execute();",
        "  await db.insertInto('b_things').values({}).execute();",
        "  await db.updateTable('b_things as t').set({}).execute();",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a fixture
        '  await sql`update b_things set n = ${1} where id = ${2}`.execute(db);',
        "  await db.insertInto('audit_log').values({}).execute();",
        '  await db.deleteFrom(table).execute();',
        '  // a comment that says insert into b_things is not a write',
        "  return [internal, open, s, 'Delete from the list'];",
        '}',
      ].join('\n'),
      'src/modules/b/index.ts': "export const open = 1;\nexport type { Shape } from './types.js';\n",
      'src/modules/b/internal.ts': "export const internal = 2;\nexport function writeOwn(db: any) { return db.deleteFrom('b_things').execute(); }\n",
      'src/modules/b/types.ts': 'export interface Shape { n: number }\n',
      // a test may reach into another module's internals
      'src/modules/b/internal.test.ts': "import { work } from '../a/service.js';\nwork; (null as any).insertInto('a_things');\n",
      'src/modules/b/registry.ts': [
        'type Hook = () => void;',
        'const hooks: Hook[] = [];',
        'export function onThing(hook: Hook): void {',
        '  hooks.push(hook);',
        '}',
        'let current: string | null = null;',
        'export function registerCurrent(value: string): void {',
        '  current = value;',
        '}',
        "const CONSTANT = new Set(['x']);",
        "const BUILT = new Map<string, number>();\nBUILT.set('x', 1);",
        'export const read = () => [hooks, current, CONSTANT.has("x"), BUILT.get("x")];',
      ].join('\n'),
      'src/modules/a/views.tsx': [
        'export const View = () => (',
        '  <div>',
        '    <table>',
        '      <tbody />',
        '    </table>',
        '    {/* table: a calendar grid, rows are weeks */}',
        '    <table class="calendar">',
        '      <tbody />',
        '    </table>',
        '    <p class="error-message" id="f-x-error">Error: wrong</p>',
        '    <div class="error-summary" role="alert" />',
        '    {/* error: the message sits inside a fieldset legend */}',
        '    <p class="error-message">Error: kept</p>',
        '  </div>',
        ');',
      ].join('\n'),
      'src/db/seed.ts': "import { work } from '../modules/a/index.js';\nexport const seed = work;\n",
      'src/lib/audit.ts': "export function writeAudit(db: any) { return db.insertInto('audit_log').values({}).execute(); }\n",
      'src/web/page.tsx': "import { open } from '../modules/b/index.js';\nexport const Page = () => <p>{open}</p>;\n",
      'src/cycle/x.ts': "import type { Y } from './y.js';\nexport type X = { y?: Y };\n",
      'src/cycle/y.ts': "import type { X } from './x.js';\nexport type Y = { x?: X };\n",
      'biome.jsonc': `{
        // a comment, as in the real file
        "overrides": [
          { "includes": ["src/cycle/x.ts", "src/modules/a/index.ts"], "linter": { "rules": { "suspicious": { "noImportCycles": "off" } } } }
        ]
      }`,
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports an import of another module past its index.ts, and a module imported from src/db or src/web', () => {
    expect(brief(checkImports(root, listFiles(root)))).toEqual([
      'src/db/seed.ts:1 ground-floor-import src/modules/a/index.ts',
      'src/modules/a/service.ts:1 cross-module-import src/modules/b/internal.ts',
      'src/modules/a/service.ts:3 cross-module-import src/modules/b/types.ts',
      'src/web/page.tsx:1 ground-floor-import src/modules/b/index.ts',
    ]);
  });

  it("reports writes to another owner's tables by the query builder and in raw SQL, and a computed table", () => {
    expect(brief(checkWrites(root, listFiles(root), { owners }))).toEqual([
      'src/modules/a/service.ts:10 foreign-write audit_log',
      'src/modules/a/service.ts:11 dynamic-write deleteFrom(table)',
      'src/modules/a/service.ts:7 foreign-write b_things',
      'src/modules/a/service.ts:8 foreign-write b_things',
      'src/modules/a/service.ts:9 foreign-write b_things',
    ]);
    // a computed table named in DYNAMIC_WRITES is checked as those tables
    const declared = checkWrites(root, listFiles(root), { owners, dynamicWrites: { 'src/modules/a/service.ts': ['a_things', 'b_things'] } });
    expect(brief(declared).filter((v) => v.includes(':11 '))).toEqual(['src/modules/a/service.ts:11 foreign-write b_things']);
    // an entry of DYNAMIC_WRITES with no computed write left is stale
    const stale = checkWrites(root, listFiles(root), { owners, dynamicWrites: { 'src/modules/b/internal.ts': ['b_things'] } });
    expect(stale.filter((v) => v.kind === 'stale-allowlist').map((v) => v.file)).toEqual(['src/modules/b/internal.ts']);
  });

  it('reports a table of DB that nobody owns, and an owner of a table DB does not have', () => {
    expect(brief(checkOwnership(['a_things', 'b_things', 'c_things'], { a_things: 'a', b_things: 'b', gone: 'a' }))).toEqual([
      'scripts/ownership.ts:1 unowned-table gone',
      'src/db/types.ts:1 unowned-table c_things',
    ]);
  });

  it('reports module-level registries (a top-level array pushed to, a top-level let), not constants or import-time fills', () => {
    expect(brief(checkModuleState(root, listFiles(root)))).toEqual(['src/modules/b/registry.ts:2 module-state hooks', 'src/modules/b/registry.ts:6 module-state current']);
    const allowed = checkModuleState(root, listFiles(root), [
      { file: 'src/modules/b/registry.ts', name: 'current' },
      { file: 'src/modules/b/registry.ts', name: 'gone' },
    ]);
    expect(brief(allowed)).toEqual(['src/modules/b/registry.ts:1 stale-allowlist MODULE_STATE_ALLOWLIST gone', 'src/modules/b/registry.ts:2 module-state hooks']);
  });

  it('reports a hand-written table and hand-rolled error blocks unless a comment above says why', () => {
    expect(brief(checkViews(root, listFiles(root)))).toEqual([
      'src/modules/a/views.tsx:10 bare-error-block error-message',
      'src/modules/a/views.tsx:11 bare-error-block error-summary',
      'src/modules/a/views.tsx:3 bare-table <table>',
    ]);
  });

  it('reports SQL in a routes or views file, and not in queries.ts or service.ts', () => {
    const own = mkdtempSync(join(tmpdir(), 'civnet-sql-placement-'));
    try {
      const query = "declare const db: any; declare const sql: any;\nexport const q = () => db.selectFrom('a_things').selectAll().execute();\n";
      writeTree(own, {
        'src/modules/a/routes.ts': query,
        'src/modules/a/staff-routes.tsx': query,
        'src/modules/a/views.tsx': 'declare const sql: any; declare const db: any;\n\nexport const v = () => sql`select 1`.execute(db);\n',
        'src/modules/a/queries.ts': query,
        'src/modules/a/service.ts': query,
      });
      expect(brief(checkSqlPlacement(own, listFiles(own)))).toEqual([
        'src/modules/a/routes.ts:2 sql-in-page selectFrom',
        'src/modules/a/staff-routes.tsx:2 sql-in-page selectFrom',
        'src/modules/a/views.tsx:3 sql-in-page sql',
      ]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('finds the files in an import cycle (type-only imports too), and a cycle override that outlived its cycle', () => {
    expect([...filesInCycles(root, listFiles(root))].sort()).toEqual(['src/cycle/x.ts', 'src/cycle/y.ts']);
    expect(brief(checkCycleOverrides(root, listFiles(root)))).toEqual(['biome.jsonc:1 stale-cycle-override src/modules/a/index.ts']);
  });

  it('fails on a violation not listed, on a listed one that is gone, and on a changed count', () => {
    const found = checkWrites(root, listFiles(root), { owners });
    const errors = reconcile(found, [
      { file: 'src/modules/a/service.ts', kind: 'foreign-write', detail: 'b_things', count: 2 },
      { file: 'src/modules/a/service.ts', kind: 'foreign-write', detail: 'audit_log', count: 1 },
      { file: 'src/modules/a/gone.ts', kind: 'foreign-write', detail: 'b_things', count: 1 },
    ]).sort();
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^src\/modules\/a\/gone\.ts foreign-write \(b_things\): listed in KNOWN_VIOLATIONS but no longer found/);
    expect(errors[1]).toMatch(/^src\/modules\/a\/service\.ts:11 dynamic-write: /);
    expect(errors[2]).toMatch(/^src\/modules\/a\/service\.ts:7,8,9 foreign-write \(b_things\): KNOWN_VIOLATIONS says 2, found 3/);
  });
});

describe.runIf(staticSuite)('this repository', () => {
  it('has no breach of the walls, and tolerates none', () => {
    expect(KNOWN_VIOLATIONS).toEqual([]);
    expect(reconcile(checkRepository(repo), KNOWN_VIOLATIONS)).toEqual([]);
  });

  it('gives every table of DB exactly one owner that exists', () => {
    expect(checkOwnership(readDbTables(join(repo, 'src/db/types.ts')), TABLE_OWNERS)).toEqual([]);
    const modules = new Set(listFiles(repo, ['src/modules']).map((f) => f.split('/')[2]));
    const libs = new Set(listFiles(repo, ['src/lib']).map((f) => f.replace(/^src\//, '')));
    for (const [table, owner] of Object.entries(TABLE_OWNERS)) expect(modules.has(owner) || libs.has(owner), `${table} → ${owner}`).toBe(true);
  });
});

describe.runIf(staticSuite)("Biome's noImportCycles", () => {
  it('fails lint on a deliberate cycle, type-only imports included', () => {
    // inside the repository, so that Biome's configuration and module graph apply
    const dir = mkdtempSync(join(repo, 'test/architecture/cycle-'));
    try {
      writeFileSync(join(dir, 'left.ts'), "import { right } from './right.js';\nexport const left = () => right;\n");
      writeFileSync(join(dir, 'right.ts'), "import type { left } from './left.js';\nexport const right = (l?: typeof left) => l;\n");
      const run = spawnSync(join(repo, 'node_modules/.bin/biome'), ['lint', '--max-diagnostics=20', dir], { cwd: repo, encoding: 'utf8' });
      const output = run.stdout + run.stderr;
      expect(run.status, output).not.toBe(0);
      expect(output).toContain('lint/suspicious/noImportCycles');
      expect(output).toContain('left.ts');
      expect(output).toContain('right.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
