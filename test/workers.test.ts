// `civnet serve --workers 2` as a real child process on PostgreSQL: two web processes answer on one
// port, a rate limit counts across them, a cache change made elsewhere reaches both through
// NOTIFY, and renewal jobs queued several times (as if every process's schedule fired) each run
// once and issue each invoice once. On PGlite the command refuses, in one clear line.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, RENEWALS_QUEUE } from '../src/modules/billing/index.js';
import { seedDuesDemo } from '../src/modules/dues/index.js';
import { createTestContext, type TestContext } from './helpers.js';
import { renewalHelpers } from './renewals.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('civnet serve --workers on PGlite', () => {
  it('refuses, saying that the embedded database is one process’s', () => {
    const r = spawnSync(process.execPath, ['bin/civnet.js', 'serve', '--workers', '2'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '/nonexistent/civnet', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('civnet serve --workers 2 needs PostgreSQL (DATABASE_URL)');
    const bad = spawnSync(process.execPath, ['bin/civnet.js', 'serve', '--workers', 'many'], { cwd: root, env: process.env, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--workers must be a number of web processes from 1 to 64');
  }, 120_000);
});

interface Answer {
  status: number;
  worker: string;
  body: string;
}

/** One request on a connection of its own (the primary hands connections to workers in turn). */
function request(port: number, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent: false, headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['civnet-worker'] ?? ''), body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Waits for `check` to hold, trying again every 100 ms, for at most `limitMs`. */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, limitMs: number): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(process.env.TEST_DB === 'pg')('civnet serve --workers 2 on PostgreSQL', () => {
  let ctx: TestContext;
  let child: ChildProcess;
  let port: number;
  const lines: Array<Record<string, unknown>> = [];
  const { createMember } = renewalHelpers(() => ctx);
  const today = new Date().toISOString().slice(0, 10);
  let member: { membershipId: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx)); // prices renewals
    // due for renewal today (60 days' lead), as the workers' own clock sees it
    member = await createMember({ termEnd: addDays(today, 20) });
    port = await freePort();
    child = spawn(process.execPath, ['bin/civnet.js', 'serve', '--workers', '2'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: ctx.deps.database.connectionString,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
        PUBLIC_URL: 'http://civnet.test',
        RATE_LIMIT_SIGNIN_PER_MINUTE: '4',
        MAX_EVENT_LOOP_DELAY_MS: '0',
        WEB_WORKERS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ msg: line });
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => lines.push({ stderr: chunk.toString() }));
    await until(async () => lines.some((l) => l.msg === `2 web processes listening on port ${port}`), `two workers listening (log: ${JSON.stringify(lines.slice(-5))})`, 150_000);
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await ctx?.close();
  }, 60_000);

  it('logs two web processes with two pids, and requests are answered by both', async () => {
    const started = lines.find((l) => l.msg === `2 web processes listening on port ${port}`);
    expect(started?.workers).toBe(2);
    const pids = started?.pids as number[];
    expect(new Set(pids).size).toBe(2);
    const seen = new Set<string>();
    for (let i = 0; i < 20 && seen.size < 2; i++) {
      const r = await request(port, 'GET', '/healthz');
      expect(r.status).toBe(200);
      seen.add(r.worker);
    }
    expect([...seen].sort()).toEqual(['1', '2']);
  });

  it('a rate limit holds across the workers: 4 sign-in attempts a minute in all, not 4 each', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await request(port, 'POST', '/login', JSON.stringify({ email: 'nobody@example.org', password: 'x' })));
    expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
    expect(answers.filter((a) => a.status !== 429)).toHaveLength(4);
    expect(answers.slice(4).every((a) => a.status === 429)).toBe(true);
  });

  it('a change of the association made in another process reaches both workers’ caches through NOTIFY (well before their 30 s expiry)', async () => {
    const read = async () => {
      const r = await request(port, 'GET', '/api/v1/association');
      return { worker: r.worker, shortName: (JSON.parse(r.body) as { shortName: string }).shortName };
    };
    // both workers have read (and cached) the association
    const before = new Map<string, string>();
    await until(
      async () => {
        const r = await read();
        before.set(r.worker, r.shortName);
        return before.size === 2;
      },
      'both workers answered',
      10_000,
    );
    expect([...before.values()]).toEqual(['TA', 'TA']);
    await ctx.deps.db.updateTable('association').set({ short_name: 'Renamed' }).execute();
    ctx.deps.association.invalidate(); // what the settings module does after its change commits
    const after = new Map<string, string>();
    await until(
      async () => {
        const r = await read();
        if (r.shortName === 'Renamed') after.set(r.worker, r.shortName);
        return after.size === 2;
      },
      'both workers read the new name',
      10_000,
    );
  });

  it('renewal jobs queued four times run four times in all, and issue the due invoice once', async () => {
    for (let i = 0; i < 4; i++) await ctx.deps.jobs.send(ctx.deps.db, RENEWALS_QUEUE, {});
    const runs = await until(
      async () => {
        const rows = await ctx.deps.db.selectFrom('renewal_runs').select(['id', 'issued', 'error', 'finished_at']).where('trigger', '=', 'job').execute();
        return rows.length >= 4 && rows.every((r) => r.finished_at !== null) ? rows : undefined;
      },
      'four renewal runs finished',
      60_000,
    );
    expect(runs).toHaveLength(4);
    expect(runs.map((r) => r.error)).toEqual([null, null, null, null]);
    expect(runs.reduce((n, r) => n + r.issued, 0)).toBe(1);
    const invoices = await ctx.deps.db.selectFrom('invoices').select('id').where('membership_id', '=', member.membershipId).where('purpose', '=', 'renewal').execute();
    expect(invoices).toHaveLength(1);
  }, 90_000);
});
