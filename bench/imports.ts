// `npm run bench` (after the newsletter bench), or `npx tsx bench/imports.ts`: the CSV import of
// organizations, then of one contact for each (issue 21, P5), on PostgreSQL. It creates a scratch database (through
// BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), migrates it, writes a
// file of BENCH_IMPORT_ROWS (100,000) organizations, then times, one after another: the dry run
// (every row checked, nothing written), the import (one transaction), and the same file again
// (every row unchanged); then the same three steps for a file of contacts, one per organization
// (each a new account and a seat). Reports rows per second for each against the goal (10,000 validated rows
// a second). Drops the database. Without PostgreSQL it prints a skip line.
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { importFile } from '../src/modules/imports/index.js';
import { admin, adminUrl, createMigratedDatabase, positiveInt, runAsScript, shown, withDatabase } from './lib.js';

const ROWS = positiveInt('BENCH_IMPORT_ROWS', 20_000);
const GOAL = 10_000;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

export async function main(): Promise<void> {
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Import bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return;
  }
  const name = `civnet_bench_import_${randomBytes(4).toString('hex')}`;
  await createMigratedDatabase(name);
  const database = openPostgres(withDatabase(adminUrl, name), 4);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civnet-bench-import-'));
  try {
    await migrate(database);
    const file = path.join(dir, 'organizations.csv');
    const lines = ['external_id,name,entity_type,state,population,website,email'];
    const states = ['OH', 'TX', 'CA', 'NY', 'IL', 'WA', 'FL', 'CO'];
    for (let i = 1; i <= ROWS; i++)
      lines.push(`B${i},Bench Place ${i},${['city', 'county', 'town'][i % 3]},${states[i % states.length]},${1000 + i},https://place${i}.example.gov,clerk@place${i}.example.gov`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    console.log(
      `\nImport bench: ${n(ROWS)} organizations, then ${n(ROWS)} contacts, from CSV files on PostgreSQL, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
    );
    console.log('');
    console.log('step                              seconds   rows/s  goal ≥ 10,000 rows/s');
    console.log('--------------------------------  -------  -------  --------------------');
    const contacts = path.join(dir, 'contacts.csv');
    const people = ['external_id,organization_external_id,email,name,title'];
    for (let i = 1; i <= ROWS; i++) people.push(`C${i},B${i},clerk${i}@place${i}.example.gov,Clerk ${i},Clerk`);
    writeFileSync(contacts, `${people.join('\n')}\n`);
    for (const [kind, input] of [
      ['organizations', file],
      ['contacts', contacts],
    ] as const) {
      for (const [step, dryRun] of [
        ['dry run', true],
        ['import', false],
        ['again (unchanged)', false],
      ] as const) {
        const label = `${kind}: ${step}`;
        const started = performance.now();
        const r = await importFile(database.db, kind, createReadStream(input), { source: 'bench', dryRun, actorUserId: null, at: new Date() });
        const seconds = (performance.now() - started) / 1000;
        if (r.rows !== ROWS || r.problems !== 0) throw new Error(`${label}: ${r.rows} rows, ${r.problems} problems`);
        const rate = ROWS / seconds;
        console.log(`${label.padEnd(32)}  ${seconds.toFixed(2).padStart(7)}  ${n(rate).padStart(7)}  ${rate >= GOAL ? 'met' : 'NOT met'}`);
      }
    }
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

runAsScript(import.meta.url, main);
