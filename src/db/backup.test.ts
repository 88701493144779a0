// civnet backup / restore (issue 21, P9) on the engine of the run (PGlite under `unit`, pg_dump and
// pg_restore under `pg`): a database with invoices and payments backed up and restored into an
// empty one has the same row counts and invoice numbers; an occupied target is refused unless
// --force; a backup of a newer schema is refused with a clear message.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, adminUrl, testDbKind, withDatabase } from '../../test/db.js';
import { anInvoice, aPayment, aPendingOrganization } from '../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../test/helpers.js';
import { BackupRefusal, backup, readManifest, restore, snapshot } from './backup.js';
import { latestMigrationName } from './migrator.js';

let ctx: TestContext;
let dir: string;
const databases: string[] = [];

/** An empty target of the run's engine: a new PostgreSQL database, or a new DATA_DIR. */
async function emptyTarget(): Promise<{ databaseUrl?: string; dataDir: string }> {
  if (testDbKind() === 'pg') {
    const name = `civnet_restore_${randomBytes(5).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    databases.push(name);
    return { databaseUrl: withDatabase(adminUrl(), name), dataDir: join(dir, 'unused') };
  }
  return { dataDir: join(dir, `data-${randomBytes(4).toString('hex')}`) };
}

beforeAll(async () => {
  // its own database: the backup copies the whole of it, not the history of the worker's other files
  ctx = await createTestContext({ freshDatabase: true });
  dir = await mkdtemp(join(tmpdir(), 'civnet-backup-test-'));
  for (let i = 0; i < 3; i++) {
    const org = await aPendingOrganization(ctx, { name: `Backup City ${i}` });
    const inv = await anInvoice(ctx, { organizationId: org.organizationId, cents: 10_000 + i, membershipId: org.membershipId });
    if (i < 2) await aPayment(ctx, { invoiceId: inv.id, amountCents: 10_000 + i });
  }
});
afterAll(async () => {
  await ctx?.close();
  for (const name of databases) await adminQuery(`drop database if exists ${name} with (force)`);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`backup and restore (${testDbKind()})`, () => {
  it('a restored backup has the same row counts and invoice numbers; an occupied target is refused unless --force', async () => {
    const file = join(dir, 'civnet.backup');
    const manifest = await backup(ctx.deps.database, file);
    expect(manifest.schemaVersion).toBe(latestMigrationName());
    expect(manifest.engine).toBe(testDbKind());
    expect(manifest.invoices.count).toBeGreaterThanOrEqual(3);
    expect(manifest.counts.payments).toBeGreaterThanOrEqual(2);
    const before = await snapshot(ctx.deps.db);
    expect(before).toEqual({ schemaVersion: manifest.schemaVersion, counts: manifest.counts, invoices: manifest.invoices });
    expect((await readManifest(file)).manifest).toEqual(manifest);

    const target = await emptyTarget();
    const result = await restore(target, file);
    expect(result.problems).toEqual([]);
    expect(result.restored.counts).toEqual(before.counts);
    expect(result.restored.invoices).toEqual(before.invoices);
    expect(result.restored.schemaVersion).toBe(latestMigrationName());

    // again into the same (now occupied) target: refused, then --force replaces it
    const refused = await restore(target, file).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackupRefusal);
    expect((refused as BackupRefusal).exitCode).toBe(3);
    expect((refused as Error).message).toContain('--force');
    const forced = await restore(target, file, { force: true });
    expect(forced.problems).toEqual([]);
    expect(forced.restored.counts).toEqual(before.counts);
  }, 240_000);

  it('refuses a backup of a newer schema with a clear message, and a file that is not a backup', async () => {
    const file = join(dir, 'newer.backup');
    await backup(ctx.deps.database, file);
    const bytes = await readFile(file);
    const first = bytes.indexOf(10);
    const second = bytes.indexOf(10, first + 1);
    const manifest = JSON.parse(bytes.subarray(first + 1, second).toString('utf8'));
    manifest.schemaVersion = '9999_from_the_future';
    await writeFile(file, Buffer.concat([bytes.subarray(0, first + 1), Buffer.from(JSON.stringify(manifest)), bytes.subarray(second)]));
    const target = await emptyTarget();
    const err = await restore(target, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupRefusal);
    expect((err as Error).message).toContain('newer Civnet');
    expect((err as Error).message).toContain('9999_from_the_future');
    const junk = join(dir, 'junk.backup');
    await writeFile(junk, 'hello\nworld\n');
    expect(((await restore(target, junk).catch((e: unknown) => e)) as Error).message).toContain('not a Civnet backup');
  }, 120_000);
});
