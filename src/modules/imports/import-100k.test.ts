// The done-when test of the import (issue 21, P5), on PostgreSQL (too slow for PGlite's single
// connection at this size): a 100,000-row file of organizations with 37 planted problems of eleven
// different kinds, through a real `civnet import`. The dry run's report lists exactly those 37
// rows (one problem each) and writes nothing; importing the file anyway writes nothing; the fixed
// file imports every row; run again it changes nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/helpers.js';

const ROWS = 100_000;
const HEADER = 'external_id,name,entity_type,state,population,website,email,billing_address,po_number';
const good = (i: number) =>
  `H${i},Hundred Place ${i},${['city', 'county', 'town'][i % 3]},${['OH', 'TX', 'WA', 'CA'][i % 4]},${i},https://h${i}.gov,clerk@h${i}.gov,${i} Main St,PO-${i}`;

/** The kinds of planted problem: the bad line for data row i, and the column it must be reported in. */
const KINDS: Array<{ column: string; line: (i: number) => string }> = [
  { column: 'name', line: (i) => `H${i},,city,OH,1,,,,` },
  { column: 'state', line: (i) => `H${i},Bad State ${i},city,XX,1,,,,` },
  { column: 'entity_type', line: (i) => `H${i},Bad Type ${i},borough,OH,1,,,,` },
  { column: 'population', line: (i) => `H${i},Bad Pop ${i},city,OH,many,,,,` },
  { column: 'website', line: (i) => `H${i},Bad Site ${i},city,OH,1,ftp://h${i}.gov,,,` },
  { column: 'email', line: (i) => `H${i},Bad Email ${i},city,OH,1,,clerk-at-h${i}.gov,,` },
  { column: 'external_id', line: (i) => `,No Id ${i},city,OH,1,,,,` },
  { column: 'external_id', line: (i) => `H${i - 1},Repeated Id ${i},city,OH,1,,,,` },
  { column: 'name', line: (i) => `H${i},${'N'.repeat(201)},city,OH,1,,,,` },
  { column: 'po_number', line: (i) => `H${i},Long PO ${i},city,OH,1,,,,${'P'.repeat(101)}` },
  { column: 'billing_address', line: (i) => `H${i},Long Address ${i},city,OH,1,,,"${'A'.repeat(1001)}",` },
];
const PLANTED = new Map<number, { column: string; line: string }>();
for (let k = 0; k < 37; k++) {
  const i = 1 + Math.floor((k * (ROWS - 2)) / 37) + 1;
  const kind = KINDS[k % KINDS.length] as (typeof KINDS)[number];
  PLANTED.set(i, { column: kind.column, line: kind.line(i) });
}

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = mkdtempSync(path.join(tmpdir(), 'civnet-import-100k-'));
}, 300_000);
afterAll(async () => {
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function write(name: string, planted: boolean): string {
  const file = path.join(dir, name);
  const lines = [HEADER];
  for (let i = 1; i <= ROWS; i++) lines.push(planted && PLANTED.has(i) ? (PLANTED.get(i)?.line as string) : good(i));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function civnet(args: string[]) {
  const url = ctx.deps.database.connectionString;
  if (!url) throw new Error('no connection string on PostgreSQL');
  const child = spawn(process.execPath, ['bin/civnet.js', 'import', 'organizations', ...args], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const count = async () => {
  const db = ctx.deps.db;
  const r = await db.selectFrom('organizations').select(db.fn.countAll<number>().as('n')).where('name', 'like', 'Hundred Place %').executeTakeFirstOrThrow();
  const k = await db.selectFrom('import_keys').select(db.fn.countAll<number>().as('n')).where('source', '=', 'Hundred').executeTakeFirstOrThrow();
  return { orgs: Number(r.n), keys: Number(k.n) };
};

describe.runIf(process.env.TEST_DB === 'pg')('a 100,000-row file with 37 planted problems', () => {
  it('reports exactly the 37 rows and imports nothing; fixed, imports every row; again, changes nothing', async () => {
    expect(new Set([...PLANTED.values()].map((p) => p.column)).size).toBe(9);
    const bad = write('bad.csv', true);
    const reportFile = path.join(dir, 'report.csv');
    const dry = await civnet([bad, '--source', 'Hundred', '--dry-run', '--report', reportFile]);
    expect(dry.code, dry.stderr).toBe(2);
    expect(dry.stderr).toContain(`37 problems in ${ROWS} rows; nothing was imported.`);
    const reported = readFileSync(reportFile, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join(','));
    const expected = [...PLANTED.entries()].map(([i, p]) => `${i + 1},${p.column}`);
    expect(reported).toEqual(expected);
    expect(await count()).toEqual({ orgs: 0, keys: 0 });

    // Imported anyway: refused, the same report, nothing written.
    const refused = await civnet([bad, '--source', 'Hundred', '--json']);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout.trim().split(/\r?\n/)).toHaveLength(38);
    expect(await count()).toEqual({ orgs: 0, keys: 0 });

    const fixed = write('fixed.csv', false);
    const first = await civnet([fixed, '--source', 'Hundred', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ rows: ROWS, problems: 0, created: ROWS, updated: 0, unchanged: 0, imported: true });
    expect(await count()).toEqual({ orgs: ROWS, keys: ROWS });

    const second = await civnet([fixed, '--source', 'Hundred', '--json', '--progress']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ rows: ROWS, problems: 0, created: 0, updated: 0, unchanged: ROWS, imported: true });
    expect(second.stderr).toMatch(/^Imported 10000 rows \(\d+\/s, \d+% of the file read\)$/m);
    expect(second.stderr).toMatch(/^Imported 100000 rows/m);
    expect(await count()).toEqual({ orgs: ROWS, keys: ROWS });
  }, 600_000);
});
