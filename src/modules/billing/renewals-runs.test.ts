// Renewal runs (O9) that crash, overlap or are killed (PostgreSQL: a real `civnet renewals run`
// child process, SIGKILLed) still issue each renewal invoice exactly once, with invoice numbers
// that have no gap; the daily job and the command. (What a run does: renewals.test.ts.)
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manyMembers } from '../../../test/factories/index.js';
import { createTestContext, TEST_TIME_ZONE, type TestContext } from '../../../test/helpers.js';
import { renewalHelpers, resetRenewals } from '../../../test/renewals.js';
import { seedDuesDemo } from '../dues/index.js';
import { addDays, addYears, issueInvoice, RENEWALS_QUEUE, registerRenewalsJob, runRenewals, scheduleRenewals } from './index.js';

let ctx: TestContext;
const realToday = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
});
afterAll(() => ctx?.close());

// Each test starts from no open memberships and no unpaid invoices, so that counts are its own.
afterEach(() => resetRenewals(ctx));

const { runOn, createMember, renewalInvoices, expectGaplessNumbers, expectOneRenewalEach } = renewalHelpers(() => ctx);

describe('exactly once', () => {
  it('a run that fails part-way and is run again issues each renewal invoice once, with no gap in the numbers', async () => {
    const termEnd = addDays(realToday, 75);
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await createMember({ termEnd }));
    const day = addDays(termEnd, -30);
    let calls = 0;
    // Two per transaction: the first two commit; the 3rd and 4th share one, which the 4th's
    // crash rolls back whole, invoice numbers included.
    const crashing = runOn(day, {
      batchSize: 2,
      onIssued: () => {
        calls++;
        if (calls === 4) throw new Error('crash in the middle of the 4th');
      },
    });
    await expect(crashing).rejects.toThrow('crash in the middle of the 4th');
    const afterCrash = await ctx.deps.db
      .selectFrom('invoices')
      .select('id')
      .where(
        'membership_id',
        'in',
        members.map((m) => m.membershipId),
      )
      .execute();
    expect(afterCrash).toHaveLength(2);
    await expectGaplessNumbers();

    expect(await runOn(day, { batchSize: 5 })).toEqual({ issued: 10, reminded: 0, lapsed: 0, skipped: 0 });
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    await expectGaplessNumbers();
    expect(await runOn(day, { batchSize: 5 })).toMatchObject({ issued: 0, skipped: 0 });
  });

  it('two runs at the same time issue each renewal invoice once between them', async () => {
    const termEnd = addDays(realToday, 80);
    const members = [];
    for (let i = 0; i < 20; i++) members.push(await createMember({ termEnd }));
    const day = addDays(termEnd, -20);
    ctx.clock.set(`${day}T12:00:00Z`);
    const [a, b] = await Promise.all([runRenewals(ctx.deps, { today: day, batchSize: 7 }), runRenewals(ctx.deps, { today: day, batchSize: 3 })]);
    expect(a.issued + b.issued).toBe(20);
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    await expectGaplessNumbers();
  });

  it.runIf(process.env.TEST_DB === 'pg')('a renewal invoiced by someone else while a run is at it is kept, and the run issues the rest', async () => {
    const termEnd = addDays(realToday, 85);
    const members = [];
    for (let i = 0; i < 5; i++) members.push(await createMember({ termEnd }));
    const contested = members[2];
    if (!contested) throw new Error('no member');
    const day = addDays(termEnd, -30);
    const term = { start: addDays(termEnd, 1), end: addDays(addYears(addDays(termEnd, 1), 1), -1) };
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let issuedByHand = () => {};
    const handIssued = new Promise<void>((r) => {
      issuedByHand = r;
    });
    // Staff issue that renewal by hand in a transaction still open when the run starts: the run
    // waits for its invoice counter, then meets its invoice (a unique violation, or the re-check).
    const byHand = ctx.deps.db.transaction().execute(async (trx) => {
      await issueInvoice(trx, ctx.deps, {
        organizationId: contested.organizationId,
        membershipId: contested.membershipId,
        purpose: 'renewal',
        periodStart: term.start,
        periodEnd: term.end,
        lines: [{ description: 'Renewal, by hand', quantity: 1, unitCents: 12_345 }],
        billTo: { name: 'By hand', email: '', address: '' },
        issuedOn: day,
      });
      issuedByHand();
      await released;
    });
    await handIssued;
    ctx.clock.set(`${day}T12:00:00Z`);
    const run = runRenewals(ctx.deps, { today: day });
    await new Promise((r) => setTimeout(r, 300));
    release();
    await byHand;
    expect(await run).toMatchObject({ issued: 4, skipped: 1 });
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    const [kept] = await renewalInvoices(contested.membershipId);
    expect(kept?.total_cents).toBe(12_345);
    await expectGaplessNumbers();
  });

  it.runIf(process.env.TEST_DB === 'pg')(
    'a `civnet renewals run` killed with SIGKILL mid-way and run again issues each renewal invoice once, with no gap in the numbers',
    async () => {
      const connectionString = ctx.deps.database.connectionString;
      if (!connectionString) throw new Error('no connection string on PostgreSQL');
      const termEnd = addDays(realToday, 100);
      const n = 1_000; // ten transactions of 100: the kill lands between the first commit and the last
      const ids = await createMembersInBulk(n, termEnd);
      const day = addDays(termEnd, -30);
      const countIssued = async () =>
        Number(
          (
            await ctx.deps.db
              .selectFrom('invoices')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('membership_id', 'in', ids)
              .where('purpose', '=', 'renewal')
              .executeTakeFirstOrThrow()
          ).n,
        );

      const first = runCli(connectionString, day);
      let killedAt: number | null = null;
      while (first.exitCode() === null) {
        const issued = await countIssued();
        if (issued >= 20) {
          first.kill();
          killedAt = issued;
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const firstExit = await first.done;
      if (killedAt !== null) {
        expect(firstExit.signal).toBe('SIGKILL');
        const afterKill = await countIssued();
        expect(afterKill).toBeLessThan(n); // the kill landed mid-way
        await expectGaplessNumbers();
      } else {
        expect(firstExit.code).toBe(0); // it finished before it could be killed
      }

      const second = runCli(connectionString, day);
      const secondExit = await second.done;
      expect(secondExit.code, secondExit.output).toBe(0);
      expect(secondExit.output).toMatch(/Renewals for \d{4}-\d{2}-\d{2}: \d+ invoice\(s\) issued/);
      expect(await countIssued()).toBe(n);
      await expectOneRenewalEach(ids);
      await expectGaplessNumbers();
      // Both are in the history as the command's, who ran it named; a killed one never finished.
      const runs = await ctx.deps.db.selectFrom('renewal_runs').selectAll().where('run_for', '=', day).orderBy('started_at').execute();
      expect(runs.map((r) => r.trigger)).toEqual(['cli', 'cli']);
      expect(runs.every((r) => r.actor_label !== '')).toBe(true);
      expect(runs[1]).toMatchObject({ error: null, finished_at: expect.any(Date) });
      if (killedAt !== null) expect(runs[0]?.finished_at).toBeNull();
    },
    120_000,
  );
});

describe('the daily job', () => {
  it('is scheduled at 06:00 in the association’s time zone and runs renewals for the clock’s day', async () => {
    const termEnd = addDays(realToday, 20);
    const m = await createMember({ termEnd });
    registerRenewalsJob(ctx.deps);
    await ctx.deps.jobs.start({ work: false }); // creates the queue
    await scheduleRenewals(ctx.deps);
    const schedules = await sql<{ name: string; cron: string; timezone: string }>`select name, cron, timezone from pgboss.schedule`.execute(ctx.deps.db);
    expect(schedules.rows).toContainEqual({ name: RENEWALS_QUEUE, cron: '0 6 * * *', timezone: TEST_TIME_ZONE });

    ctx.clock.set(`${addDays(termEnd, -59)}T06:00:00Z`);
    await ctx.deps.jobs.send(ctx.deps.db, RENEWALS_QUEUE, {});
    expect(await ctx.deps.jobs.drain(RENEWALS_QUEUE)).toBe(1);
    expect(await renewalInvoices(m.membershipId)).toHaveLength(1);
    // Recorded as the daily job's run, for the clock's day.
    const runs = await ctx.deps.db.selectFrom('renewal_runs').selectAll().where('run_for', '=', addDays(termEnd, -59)).execute();
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({ trigger: 'job', actor_user_id: null, error: null });
    expect(run?.issued).toBeGreaterThanOrEqual(1);
  });
});

describe('the command', () => {
  it('refuses a day that does not exist, or a missing subcommand, with exit code 2 and a clear line, touching no database', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/civnet.js', 'renewals', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const badDay = cli('run', '--today', '2027-02-30');
    expect(badDay.status).toBe(2);
    expect(badDay.stderr).toContain('--today must be a day as YYYY-MM-DD, like 2027-03-01.');
    const noRun = cli();
    expect(noRun.status).toBe(2);
    expect(noRun.stderr).toContain('Usage: civnet renewals run [--today YYYY-MM-DD]');
  });
});

/** Many members at once (multi-row inserts), for the kill test. */
const createMembersInBulk = (n: number, termEnd: string) => manyMembers(ctx, n, termEnd, addDays(addYears(termEnd, -1), 1));

/** `civnet renewals run --today <day>` in a child process on the test's database. */
function runCli(databaseUrl: string, day: string) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/civnet.js', 'renewals', 'run', '--today', day], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL: 'http://civnet.test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString('utf8');
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, output }));
  });
  return { done, exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null), kill: () => child.kill('SIGKILL') };
}
