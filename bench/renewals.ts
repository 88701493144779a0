// `npm run bench` (after the HTTP table), or `npx tsx bench/renewals.ts`: one renewal run over
// 20,000 member organizations on PostgreSQL, timed. It creates a fresh database (through the
// admin connection BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
// migrates it, loads organizations whose terms end within the renewal lead window, each with a
// billing contact, plus the demo dues schedules; times `runRenewals`; checks the result (one
// invoice per membership, numbers without a gap); and drops the database. Without a reachable
// PostgreSQL it prints a skip line and exits 0. See bench/README.md. Timings never go into tests.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { type Database, openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { systemClock } from '../src/lib/clock.js';
import { runRenewals } from '../src/modules/billing/index.js';
import { seedDuesDemo } from '../src/modules/dues/index.js';
import { wireModules } from '../src/modules/index.js';
import { admin, adminUrl, createLoadedDatabase, positiveInt, prepareLoadedTemplate, runAsScript, shown, withDatabase } from './lib.js';

const ORGANIZATIONS = positiveInt('BENCH_RENEWALS', 20_000);
/** one organization in this many is a region: priced "contact us", so skipped by the run */
const REGION_EVERY = 100;
const LEAD_DAYS = 60;

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const n = (x: number) => x.toLocaleString('en-US');

/** Organizations, their billing contacts (admin users) and active memberships, set-based in SQL:
 * terms end on every day of the lead window, populations spread over every band. */
async function load(database: Database, today: string): Promise<void> {
  const db = database.db;
  await db
    .insertInto('association')
    .values({
      id: 1,
      name: 'Bench Association',
      short_name: 'Bench',
      contact_email: 'dues@bench.example',
      phone: '',
      address: '1 Bench Way',
      website: '',
      founded_year: 1990,
      membership_year_start_month: 1,
      updated_at: new Date(),
      renewal_lead_days: LEAD_DAYS,
    })
    .execute();
  await db.transaction().execute((trx) => seedDuesDemo(trx));
  await sql`
    insert into organizations (slug, name, entity_type, state, population, status, billing_address, po_required, po_number)
    select 'bench-' || g, 'Bench Place ' || g,
           case when g % ${REGION_EVERY} = 0 then 'region' when g % 7 = 0 then 'county' when g % 5 = 0 then 'town' else 'city' end,
           'CO', 1 + (g::bigint * 7919) % 5000000, 'active', g || ' Main Street, Denver, CO 80202',
           g % 4 = 0, case when g % 4 = 0 then 'PO-' || g end
    from generate_series(1, ${ORGANIZATIONS}) g`.execute(db);
  await sql`
    insert into users (email, name)
    select 'finance-' || g || '@bench.example', 'Finance Officer ' || g from generate_series(1, ${ORGANIZATIONS}) g`.execute(db);
  await sql`
    insert into organization_contacts (organization_id, user_id, role)
    select o.id, u.id, 'admin' from organizations o join users u on u.email = 'finance-' || substr(o.slug, 7) || '@bench.example'`.execute(db);
  await sql`
    insert into memberships (organization_id, status, term_start, term_end, activated_at)
    select o.id, 'active', e.term_end - 364, e.term_end, now()
    from organizations o
    cross join lateral (select ${today}::date + (substr(o.slug, 7)::int % ${LEAD_DAYS + 1}) as term_end) e`.execute(db);
  // Statistics for what was loaded; the tables the run fills are left unanalysed, as on a new
  // database, so the planner does not take "empty" for a fact while 20,000 invoices go in.
  await sql`analyze organizations, users, organization_contacts, memberships`.execute(db);
}

/** Adds individual members until there are `target` active ones: users and memberships of a
 * salary-based level, terms ending on every day of the year after the lead window (so a day's
 * worth, those ending on its last day, is due: a daily run in the steady state), one in
 * `NO_SALARY_EVERY` without a salary (the run flags those once). Set-based SQL. */
const NO_SALARY_EVERY = 10;
async function topUpPeople(db: Database['db'], target: number, today: string): Promise<number> {
  const have = Number((await sql<{ n: number }>`select count(*)::int as n from individual_memberships where status = 'active'`.execute(db)).rows[0]?.n ?? 0);
  const add = target - have;
  if (add <= 0) return 0;
  await sql`insert into member_levels (slug, name, rule, rate_bp, cap_cents, instalments_allowed)
    values ('bench-manager', 'Bench Manager', 'salary_share', 65, 120000, false) on conflict (slug) do nothing`.execute(db);
  const start = have + 1;
  // Users of an earlier, interrupted top-up are there already: add only the rest.
  const made = Number((await sql<{ n: number }>`select count(*)::int as n from users where email like 'bench-person-%@people.bench.example'`.execute(db)).rows[0]?.n ?? 0);
  await sql`insert into users (email, name)
    select 'bench-person-' || g || '@people.bench.example', 'Bench Person ' || g from generate_series(${start + made}::int, ${target}::int) g
    on conflict do nothing`.execute(db);
  await sql`insert into individual_memberships (user_id, level_id, status, term_start, term_end, salary_cents, quoted_cents, activated_at)
    select u.id, l.id, 'active', e.term_end - 364, e.term_end,
           case when g % ${NO_SALARY_EVERY} = 0 then null else 5000000 + (g % 100) * 100000 end, 50000, now()
    from generate_series(${start}::int, ${target}::int) g
    join users u on u.email = 'bench-person-' || g || '@people.bench.example'
    cross join (select id from member_levels where slug = 'bench-manager') l
    cross join lateral (select ${today}::date + ${LEAD_DAYS}::int + (g % 365) as term_end) e
    where not exists (select 1 from individual_memberships m where m.user_id = u.id and m.status in ('pending', 'active', 'lapsed'))`.execute(db);
  await sql`analyze users, individual_memberships`.execute(db);
  return add;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** BENCH_RENEWALS_DATABASE_URL: a database loaded by `civnet seed --scale N` (changed by the run:
 * use one of your own). Tops individual members up to BENCH_RENEWALS_PEOPLE, then times one full
 * run and one run right after it with nothing to do. */
async function onSeeded(url: string): Promise<number> {
  const today = process.env.BENCH_TODAY || new Date().toISOString().slice(0, 10);
  const db = openPostgres(url, 10);
  try {
    await migrate(db);
    const target = positiveInt('BENCH_RENEWALS_PEOPLE', 1);
    const t = performance.now();
    const added = await topUpPeople(db.db, target, today);
    if (added > 0) console.log(`Added ${n(added)} individual members in ${seconds(performance.now() - t)} s.`);
    const count = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(db.db)).rows[0]?.n ?? 0);
    const orgs = await count(`select count(*)::int as n from organizations`);
    const people = await count(`select count(*)::int as n from individual_memberships where status = 'active'`);
    console.log(`\nRenewal bench on a seeded database: ${n(orgs)} organizations, ${n(people)} active individual members, run for ${today}, ${os.cpus().length} CPUs`);
    const deps = createDeps(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.example' }), db, systemClock, { wire: wireModules });
    await deps.jobs.start({ work: false });
    try {
      console.log('\nrun      issued   skipped  lapsed  rows read  seconds  load average');
      console.log('-------  -------  -------  ------  ---------  -------  ------------');
      for (const label of ['full', 'no-op']) {
        let read = 0;
        const t0 = performance.now();
        const c = await runRenewals(deps, { today, onVisit: () => read++ });
        const ms = performance.now() - t0;
        console.log(
          `${label.padEnd(7)}  ${n(c.issued).padStart(7)}  ${n(c.skipped).padStart(7)}  ${n(c.lapsed).padStart(6)}  ${n(read).padStart(9)}  ${seconds(ms).padStart(7)}  ${loadAverage()}`,
        );
      }
      const blocked = await count(
        `select (select count(*) from memberships where renewal_blocked_at is not null and status = 'active') + (select count(*) from individual_memberships where renewal_blocked_at is not null and status = 'active') as n`,
      );
      console.log(`\n${n(blocked)} memberships flagged as impossible to price (shown on /staff/renewals).`);
    } finally {
      await deps.jobs.stop();
    }
    return 0;
  } finally {
    await db.close();
  }
}

/** The loaded organizations' kept template: its part, its version (for the day: terms end from today) and its loader. */
const kept = (today: string): [part: string, version: string, load: (url: string) => Promise<void>] => [
  'renewals',
  `${today} ${ORGANIZATIONS} ${LEAD_DAYS} ${REGION_EVERY} ${load.toString()}`,
  async (making) => {
    const loading = openPostgres(making, 4);
    try {
      await load(loading, today);
    } finally {
      await loading.close();
    }
  },
];

/** Makes the kept template now if there is none (`npm run bench` makes the parts' side by side first). */
export const prepare = () => prepareLoadedTemplate(...kept(new Date().toISOString().slice(0, 10)));

export async function main(): Promise<number> {
  const seeded = process.env.BENCH_RENEWALS_DATABASE_URL;
  if (seeded) return onSeeded(seeded);
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Renewal bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return 0;
  }
  const name = `civnet_bench_renewals_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  const today = new Date().toISOString().slice(0, 10);
  let database: Database | null = null;
  const drop = async () => {
    await database?.close().catch(() => {});
    database = null;
    await admin(`drop database if exists ${name} with (force)`);
  };
  process.once('SIGINT', () => {
    void drop().finally(() => process.exit(130));
  });
  try {
    const started = Date.now();
    // The loaded organizations are kept as a template between runs (for the day: terms end from today).
    await createLoadedDatabase(name, ...kept(today));
    const db = openPostgres(url, 10);
    database = db;
    await migrate(db);
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db.db);
    console.log(
      `\nRenewal bench: ${n(ORGANIZATIONS)} organizations with terms ending in the next ${LEAD_DAYS} days, PostgreSQL ${version.rows[0]?.v ?? '?'}, ${os.cpus().length} CPUs (set up in ${seconds(Date.now() - started)} s)`,
    );

    const deps = createDeps(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.example' }), db, systemClock, { wire: wireModules });
    await deps.jobs.start({ work: false }); // the queues the invoice emails go to
    try {
      const t0 = performance.now();
      const counts = await runRenewals(deps, { today });
      const ms = performance.now() - t0;
      const check = await sql<{ invoices: number; memberships: number; seqs: number; max_seq: number; emails: number }>`
        select count(*)::int as invoices, count(distinct membership_id)::int as memberships,
               count(distinct seq)::int as seqs, coalesce(max(seq), 0)::int as max_seq,
               (select count(*)::int from outbox where template = 'billing.invoice_issued') as emails
        from invoices where purpose = 'renewal'`.execute(db.db);
      const c = check.rows[0];
      const expectedSkips = Math.floor(ORGANIZATIONS / REGION_EVERY);
      console.log('');
      console.log('phase     invoices  skipped  seconds  invoices/s');
      console.log('--------  --------  -------  -------  ----------');
      console.log(
        `renewals  ${n(counts.issued).padStart(8)}  ${n(counts.skipped).padStart(7)}  ${seconds(ms).padStart(7)}  ${n(Math.round(counts.issued / (ms / 1000))).padStart(10)}`,
      );
      console.log(
        `\nChecked: ${n(c?.invoices ?? 0)} renewal invoices for ${n(c?.memberships ?? 0)} memberships, numbered 1–${n(c?.max_seq ?? 0)} without a gap, ${n(c?.emails ?? 0)} emails queued.`,
      );
      const ok =
        c !== undefined &&
        counts.issued === ORGANIZATIONS - expectedSkips &&
        counts.skipped === expectedSkips &&
        c.invoices === counts.issued &&
        c.memberships === counts.issued &&
        c.seqs === counts.issued &&
        c.max_seq === counts.issued;
      if (!ok) {
        console.error(`Renewal bench: FAILED, the result is wrong: ${JSON.stringify({ counts, check: c })}`);
        return 1;
      }
      console.log(`Total ${seconds(Date.now() - started)} s.`);
    } finally {
      await deps.jobs.stop();
    }
    return 0;
  } finally {
    await drop();
  }
}

runAsScript(import.meta.url, main);
