// `npm run bench` (after the renewal run), or `npx tsx bench/events.ts`: registration under
// contention for one event on PostgreSQL. It creates a scratch database (through the admin
// connection BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), migrates
// it, makes BENCH_EVENT_PEOPLE accounts (200) and a published event of BENCH_EVENT_SEATS seats
// (100) with a priced ticket, then registers everyone BENCH_EVENT_CONCURRENCY at a time (10)
// through the registration use case: each seat taken under the lock on the event's row, with its
// invoice issued through billing. Reports registrations per second and the latency quantiles of
// every sample; checks the result (exactly the seats registered, the rest waitlisted, one invoice
// per seat numbered without a gap); drops the database. Without PostgreSQL it prints a skip line.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { type Database, openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { systemClock } from '../src/lib/clock.js';
import { addTicketType, createEvent, publishEvent } from '../src/modules/events/index.js';
import { registerForEvent } from '../src/modules/events/registration.js';
import { wireModules } from '../src/modules/index.js';
import { admin, adminUrl, createMigratedDatabase, positiveInt, runAsScript, shown, withDatabase } from './lib.js';

const PEOPLE = positiveInt('BENCH_EVENT_PEOPLE', 200);
const SEATS = positiveInt('BENCH_EVENT_SEATS', 100);
const CONCURRENCY = positiveInt('BENCH_EVENT_CONCURRENCY', 10);
const n = (x: number) => x.toLocaleString('en-US');
const ms = (x: number) => x.toFixed(1);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

export async function main(): Promise<number> {
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Event registration bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return 0;
  }
  const name = `civnet_bench_events_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  await createMigratedDatabase(name);
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
    const db = openPostgres(url, CONCURRENCY + 2);
    database = db;
    await migrate(db);
    await db.db
      .insertInto('association')
      .values({
        id: 1,
        name: 'Bench Association',
        short_name: 'Bench',
        contact_email: 'events@bench.example',
        phone: '',
        address: '',
        website: '',
        founded_year: 1990,
        membership_year_start_month: 1,
        updated_at: new Date(),
      })
      .execute();
    await sql`insert into users (email, name, email_verified_at)
      select 'attendee-' || g || '@bench.example', 'Attendee ' || g, now() from generate_series(1, ${PEOPLE}) g`.execute(db.db);
    const people = (await db.db.selectFrom('users').select('id').where('email', 'like', 'attendee-%@bench.example').orderBy('email').execute()).map((u) => u.id);
    const deps = createDeps(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.example' }), db, systemClock, { wire: wireModules });
    await deps.jobs.start({ work: false }); // the queues the emails go to
    try {
      const start = new Date(Date.now() + 30 * 86_400_000);
      const { eventId, ticketTypeId } = await db.db.transaction().execute(async (trx) => {
        const actor = { userId: null };
        const e = await createEvent(
          trx,
          deps,
          {
            slug: 'bench-conference',
            title: 'Bench Conference',
            kind: 'conference',
            format: 'in_person',
            timeZone: 'America/Denver',
            startsAt: start,
            endsAt: new Date(start.getTime() + 8 * 3_600_000),
            venueName: 'Convention Center',
            capacity: SEATS,
          },
          actor,
        );
        const t = await addTicketType(trx, deps, e.id, { name: 'Full conference', memberCents: 45_000, nonmemberCents: 60_000 }, actor);
        await publishEvent(trx, deps, e.id, actor);
        return { eventId: e.id, ticketTypeId: t };
      });
      const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db.db);
      console.log(
        `\nEvent registration bench: ${n(PEOPLE)} registrations, ${CONCURRENCY} at a time, for one event of ${n(SEATS)} seats; PostgreSQL ${version.rows[0]?.v ?? '?'}, ${os.cpus().length} CPUs (set up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );

      const samples: number[] = [];
      let next = 0;
      const worker = async () => {
        for (;;) {
          const i = next++;
          const userId = people[i];
          if (userId === undefined) return;
          const t0 = performance.now();
          await registerForEvent(deps, { eventId, userId, ticketTypeId, idempotencyKey: `bench:${i}` });
          samples.push(performance.now() - t0);
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const wall = performance.now() - t0;
      const sorted = [...samples].sort((a, b) => a - b);
      console.log('');
      console.log('phase          registrations  seconds  registrations/s  p50 ms  p95 ms  max ms');
      console.log('-------------  -------------  -------  ---------------  ------  ------  ------');
      console.log(
        `${'registration'.padEnd(13)}  ${n(samples.length).padStart(13)}  ${(wall / 1000).toFixed(2).padStart(7)}  ${(samples.length / (wall / 1000)).toFixed(1).padStart(15)}  ${ms(quantile(sorted, 0.5)).padStart(6)}  ${ms(quantile(sorted, 0.95)).padStart(6)}  ${ms(sorted[sorted.length - 1] ?? 0).padStart(6)}`,
      );
      const check = await sql<{ registered: number; waitlisted: number; invoices: number; max_seq: number }>`
        select (select count(*)::int from event_registrations where status = 'registered') as registered,
               (select count(*)::int from event_registrations where status = 'waitlisted') as waitlisted,
               (select count(*)::int from invoices where purpose = 'event') as invoices,
               (select coalesce(max(seq), 0)::int from invoices where purpose = 'event') as max_seq`.execute(db.db);
      const c = check.rows[0];
      const seats = Math.min(SEATS, PEOPLE);
      console.log(`\nChecked: ${n(c?.registered ?? 0)} registered, ${n(c?.waitlisted ?? 0)} waitlisted, ${n(c?.invoices ?? 0)} invoices numbered 1–${n(c?.max_seq ?? 0)}.`);
      if (!c || c.registered !== seats || c.waitlisted !== PEOPLE - seats || c.invoices !== seats || c.max_seq !== seats) {
        console.error(`Event registration bench: FAILED, the result is wrong: ${JSON.stringify(c)}`);
        return 1;
      }
    } finally {
      const t = performance.now();
      await deps.jobs.stop();
      if (process.env.BENCH_VERBOSE) console.log(`jobs stopped in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    console.log(`Total ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await drop();
  }
}

runAsScript(import.meta.url, main);
