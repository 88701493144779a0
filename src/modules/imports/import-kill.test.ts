// A 50,000-row file imported by a real `civnet import organizations` on PostgreSQL, killed with
// SIGKILL once it has written rows: nothing of the file is left (one transaction), and run again
// it imports every row; run a third time it changes nothing. The dry run of the whole file finds
// no problem and writes nothing (its speed is measured by bench/imports.ts, never asserted here).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { bufferStream, importOrganizations } from './index.js';

const ROWS = 50_000;
let ctx: TestContext;
let dir: string;
let file: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = mkdtempSync(path.join(tmpdir(), 'civnet-import-'));
  file = path.join(dir, 'organizations.csv');
  const lines = ['external_id,name,entity_type,state,population,website,email'];
  for (let i = 1; i <= ROWS; i++) lines.push(`K${i},Killtest Place ${i},${['city', 'county', 'town'][i % 3]},OH,${i},https://kill${i}.gov,clerk@kill${i}.gov`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}, 300_000);
afterAll(async () => {
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runCli(databaseUrl: string, onLine?: (line: string) => void, target = file, flags = ['--json', '--progress']) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/civnet.js', 'import', 'organizations', target, ...flags], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    onLine?.(stderr);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

const count = async () => {
  const db = ctx.deps.db;
  const [orgs, keys] = await Promise.all([
    db.selectFrom('organizations').select(db.fn.countAll<number>().as('n')).where('name', 'like', 'Killtest Place %').executeTakeFirstOrThrow(),
    db.selectFrom('import_keys').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { orgs: Number(orgs.n), keys: Number(keys.n) };
};

describe.runIf(process.env.TEST_DB === 'pg')('a 50,000-row import on PostgreSQL', () => {
  it('checks every row in a dry run and writes nothing', async () => {
    const { readFileSync } = await import('node:fs');
    const r = await importOrganizations(ctx.deps.db, bufferStream(readFileSync(file)), { source: 'cli', dryRun: true, actorUserId: null, at: new Date() });
    expect(r).toMatchObject({ rows: ROWS, problems: 0, imported: false });
    expect(await count()).toEqual({ orgs: 0, keys: 0 });
  });

  it('leaves nothing when killed mid-import, then imports every row, then changes nothing', async () => {
    const url = ctx.deps.database.connectionString;
    if (!url) throw new Error('no connection string on PostgreSQL');
    const first = runCli(url, (err) => {
      if (/Imported 10000 rows/.test(err)) first.kill();
    });
    const killed = await first.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stderr).toMatch(/Imported 10000 rows/);
    expect(await count()).toEqual({ orgs: 0, keys: 0 });

    // A file with bad rows: exit 2, the report on stdout, nothing imported.
    const badFile = path.join(dir, 'bad.csv');
    writeFileSync(badFile, 'external_id,name,entity_type,state,population\nK1,Killtest Place 1,city,OH,12\nK2,Killtest Place 2,borough,OH,x\n');
    const bad = await runCli(url, undefined, badFile).done;
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stdout.trim().split(/\r?\n/)).toEqual([
      'row,column,value,problem',
      '3,entity_type,borough,"“borough” is not an entity type: use one of City, County, Town, Region, Tribal nation."',
      '3,population,x,The population is not a whole number.',
    ]);
    expect(bad.stderr).toContain(`${badFile}: 2 problems in 2 rows; nothing was imported.`);
    expect(await count()).toEqual({ orgs: 0, keys: 0 });

    const second = await runCli(url).done;
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ rows: ROWS, problems: 0, created: ROWS, updated: 0, unchanged: 0, imported: true });
    expect(await count()).toEqual({ orgs: ROWS, keys: ROWS });

    const third = await runCli(url).done;
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: ROWS });
    expect(await count()).toEqual({ orgs: ROWS, keys: ROWS });
  }, 240_000);

  // After the test above, which counts every import key.
  it('words its counts as the pages do: "1 problem in 1 row", "the 1 row is ready", "imported 1 row: 1 organization created"', async () => {
    const url = ctx.deps.database.connectionString;
    if (!url) throw new Error('no connection string on PostgreSQL');
    const bad = path.join(dir, 'one-bad.csv');
    writeFileSync(bad, 'external_id,name,entity_type,state\nW1,Wordtest Borough,borough,OH\n');
    const refused = await runCli(url, undefined, bad, []).done;
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`${bad}: 1 problem in 1 row; nothing was imported.`);
    const one = path.join(dir, 'one.csv');
    writeFileSync(one, 'external_id,name,entity_type,state\nW1,Wordtest Town,town,OH\n');
    const dry = await runCli(url, undefined, one, ['--dry-run']).done;
    expect(dry.stdout).toBe(`${one}: the 1 row is ready to import (dry run: nothing was imported).\n`);
    const run = await runCli(url, undefined, one, []).done;
    expect(run.stdout).toBe(`${one}: imported 1 row: 1 organization created, 0 updated, 0 unchanged.\n`);
    const again = await runCli(url, undefined, one, []).done;
    expect(again.stdout).toBe(`${one}: imported 1 row: 0 organizations created, 0 updated, 1 unchanged.\n`);
  }, 60_000);
});
