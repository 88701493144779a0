// The command line (issue 21, P9): `civnet --help` and `civnet <command> --help` for every command
// answer 0 with the command's usage (they read no configuration); an unknown command or option
// answers 2. The long commands (renewals run, backup, restore) show their progress on stderr with
// --progress (or when stderr is a terminal), never in their --json output.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { migratedDataDir } from '../test/db.js';
import { openPGlite } from './db/client.js';
import { dayIn } from './lib/today.js';

const run = promisify(execFile);
const cli = async (...args: string[]) => cliWith({}, ...args);
const cliWith = async (env: Record<string, string | undefined>, ...args: string[]) => {
  try {
    const r = await run(process.execPath, ['bin/civnet.js', ...args], { env: { ...process.env, NODE_ENV: 'test', ...env } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
};

describe('civnet --help', () => {
  it('lists every command and the exit codes', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'admin create', 'renewals run', 'newsletters send', 'backup FILE', 'restore FILE', 'Exit codes']) expect(r.out).toContain(c);
  }, 60_000);

  it('each command has its own help, exit 0', async () => {
    const cases: Array<[string[], string]> = [
      [['renewals', 'run', '--help'], 'Usage: civnet renewals run'],
      [['backup', '--help'], 'Usage: civnet backup FILE'],
      [['restore', 'x', '-h'], 'Usage: civnet restore FILE'],
      [['migrate', '--help'], 'Usage: civnet migrate'],
      [['help', 'newsletters'], 'Usage: civnet newsletters send'],
    ];
    for (const [args, usage] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).toContain(usage);
    }
  }, 120_000);

  it('an unknown command answers 2', async () => {
    const r = await cli('frobnicate', '--help');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown command "frobnicate"');
  }, 60_000);
});

describe('progress on long commands', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // On the embedded database (a DATA_DIR of its own): the progress is the command's, whatever the
  // engine; backup.test.ts runs backup and restore on both.
  it('renewals run, backup and restore with --progress --json: progress on stderr, only the JSON on stdout; none without --progress off a terminal', async () => {
    dir = await mkdtemp(join(tmpdir(), 'civnet-cli-progress-'));
    const data = await migratedDataDir(inject('dbTemplate'), 'civnet-cli-progress-data-');
    onTestFinished(() => data.remove());
    const env = { DATABASE_URL: undefined, DATA_DIR: data.dir };
    const renewals = await cliWith(env, 'renewals', 'run', '--today', '2027-03-01', '--json', '--progress');
    expect(renewals.code, renewals.err).toBe(0);
    expect(JSON.parse(renewals.out)).toMatchObject({ today: '2027-03-01', issued: 0, lapsed: 0 });
    expect(renewals.err).toContain('Renewals for 2027-03-01: started');
    expect(renewals.err).toContain('Renewals for 2027-03-01: finished');
    expect(renewals.out).not.toContain('Renewals for');
    // Without --today: today in the association's time zone, one chosen so that its day is not UTC's now.
    // Pago Pago (UTC−11) is a day behind UTC until 11:00 UTC, Kiritimati (UTC+14) a day ahead from
    // 10:00 UTC: the switch at 10:30 leaves half an hour either side for the command to run.
    const now = new Date();
    const zone = now.getUTCHours() * 60 + now.getUTCMinutes() < 10 * 60 + 30 ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati';
    const pglite = await openPGlite({ dataDir: data.dir });
    await pglite.query(
      `insert into association (id, name, short_name, contact_email, phone, address, website, founded_year, membership_year_start_month, updated_at, time_zone)
       values (1, 'CLI Association', 'CLI', 'cli@example.org', '', '', '', 1991, 1, now(), $1)`,
      [zone],
    );
    await pglite.close();
    const before = dayIn(new Date(), zone);
    const byDefault = await cliWith(env, 'renewals', 'run', '--json');
    expect(byDefault.code, byDefault.err).toBe(0);
    expect([before, dayIn(new Date(), zone)]).toContain(JSON.parse(byDefault.out).today);
    expect(JSON.parse(byDefault.out).today).not.toBe(new Date().toISOString().slice(0, 10));

    const file = join(dir, 'civnet.backup');
    const backup = await cliWith(env, 'backup', file, '--json', '--progress');
    expect(backup.code, backup.err).toBe(0);
    expect(JSON.parse(backup.out)).toMatchObject({ format: 'civnet-backup', engine: 'pglite' });
    expect(backup.err).toMatch(/Counting rows: table \d+ of \d+/);
    expect(backup.err).toContain(`Writing ${file}`);
    expect(backup.err).toContain('Backup written');

    const restore = await cliWith({ ...env, DATA_DIR: join(dir, 'restored') }, 'restore', file, '--json', '--progress');
    expect(restore.code, restore.err).toBe(0);
    expect(JSON.parse(restore.out)).toMatchObject({ problems: [] });
    expect(restore.err).toContain('Checking the restored database against the backup');
    expect(restore.err).toContain('Restore finished');

    // stderr is a pipe here, not a terminal: without --progress, no progress
    const quiet = await cliWith(env, 'backup', join(dir, 'quiet.backup'), '--json');
    expect(quiet.code, quiet.err).toBe(0);
    expect(JSON.parse(quiet.out)).toMatchObject({ format: 'civnet-backup' });
    expect(quiet.err).not.toContain('Counting rows');
  }, 240_000);
});
