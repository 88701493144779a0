// `npm run bench` (after the resources bench), or `npx tsx bench/newsletters.ts`: campaign
// throughput on PostgreSQL. It creates a scratch database (through BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres), migrates it, makes BENCH_NEWSLETTER_SEGMENT (50,000)
// members in one state — contacts of member organizations — each a confirmed subscriber of a list,
// plus 1% suppressed and 1% outside the segment, then sends a campaign to that state's members
// unthrottled (the configured rate set out of the way) in batches of 1,000, as `civnet newsletters
// send` does: each batch one transaction that inserts the recipients' rows and queues their
// messages (rendered, with their own links and RFC 8058 headers) and delivery jobs. Reports
// messages queued per second. Drops the database. Without PostgreSQL it prints a skip line.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { systemClock } from '../src/lib/clock.js';
import { wireModules } from '../src/modules/index.js';
import { createList, releaseCampaign, runCampaign, saveCampaign, updateNewsletterSettings } from '../src/modules/newsletters/index.js';
import { admin, adminUrl, createLoadedDatabase, positiveInt, prepareLoadedTemplate, runAsScript, shown, withDatabase } from './lib.js';

const SEGMENT = positiveInt('BENCH_NEWSLETTER_SEGMENT', 50_000);
const BATCH = positiveInt('BENCH_NEWSLETTER_BATCH', 1_000);
const n = (x: number) => x.toLocaleString('en-US');

const extra = Math.ceil(SEGMENT / 100);

/** The association, the list and the members, subscribers and suppressions, into the database at `url`. */
async function load(url: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  const deps = createDeps(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL: 'https://civnet.example' }), database, systemClock, {
    wire: wireModules,
  });
  try {
    await deps.db
      .insertInto('association')
      .values({
        id: 1,
        name: 'Bench Association',
        short_name: 'BA',
        contact_email: 'info@bench.example',
        phone: '',
        address: '1 Main Street\nSpringfield, IL 62701',
        website: '',
        founded_year: 1990,
        membership_year_start_month: 1,
        updated_at: new Date(),
      })
      .execute();
    const listId = await createList(deps, { name: 'Network news', slug: 'network-news', description: '', audience: 'public' }, { userId: null });
    // Members: one organization per 100 people; the segment in VT, the others in OR.
    await database.db.executeQuery(
      sql`
    with orgs as (
      insert into organizations (slug, name, entity_type, state, population, status, billing_address)
      select 'bench-' || g, 'Bench City ' || g, 'city', case when g < ${Math.ceil(SEGMENT / 100) + 1} then 'VT' else 'OR' end, 20000, 'active', '1 Main St'
      from generate_series(1, ${Math.ceil(SEGMENT / 100) + 2}::int) g returning id, slug
    ), m as (
      insert into memberships (organization_id, status, term_start, term_end) select id, 'active', current_date, current_date + 365 from orgs returning organization_id
    )
    select count(*) from m`.compile(database.db),
    );
    await database.db.executeQuery(
      sql`
    with people as (
      select g, case when g <= ${SEGMENT + extra} then 'vt-' || g else 'or-' || g end || '@bench.example' as email from generate_series(1, ${SEGMENT + 2 * extra}::int) g
    ), u as (
      insert into users (email, name) select email, 'Reader ' || g from people returning id, email
    ), c as (
      insert into organization_contacts (organization_id, user_id, role)
      select o.id, u.id, 'contact' from u join people p on p.email = u.email
      join organizations o on o.slug = 'bench-' || case when p.g <= ${SEGMENT + extra} then 1 + (p.g - 1) / 100 else ${Math.ceil(SEGMENT / 100) + 2} end
      returning user_id
    ), s as (
      insert into newsletter_subscribers (email, link_key) select email, md5(random()::text) from people returning id
    )
    insert into newsletter_subscriptions (subscriber_id, list_id, status, requested_at, confirmed_at)
    select id, ${listId}, 'subscribed', now(), now() from s`.compile(database.db),
    );
    await database.db.executeQuery(
      sql`insert into newsletter_suppressions (email, reason) select 'vt-' || g || '@bench.example', 'bounced' from generate_series(${SEGMENT + 1}::int, ${SEGMENT + extra}::int) g`.compile(
        database.db,
      ),
    );
    await database.db.executeQuery(sql`analyze`.compile(database.db));
  } finally {
    await database.close();
  }
}

/** The members' kept template: its part, its version and its loader. */
const kept = (): [part: string, version: string, load: (url: string) => Promise<void>] => ['newsletters', `${SEGMENT} ${load.toString()}`, load];

/** Makes the kept template now if there is none (`npm run bench` makes the parts' side by side first). */
export const prepare = () => prepareLoadedTemplate(...kept());

export async function main(): Promise<void> {
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Newsletter bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return;
  }
  const name = `civnet_bench_newsletters_${randomBytes(4).toString('hex')}`;
  const loadStarted = Date.now();
  // The members are kept as a template between runs: later runs copy them in about a second.
  const { loaded } = await createLoadedDatabase(name, ...kept());
  const url = withDatabase(adminUrl, name);
  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  const deps = createDeps(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL: 'https://civnet.example' }), database, systemClock, {
    wire: wireModules,
  });
  try {
    await migrate(database);
    await deps.jobs.start({ work: false });
    const listId = (await deps.db.selectFrom('newsletter_lists').select('id').where('slug', '=', 'network-news').executeTakeFirstOrThrow()).id;
    console.log(
      `Newsletter bench: ${n(SEGMENT)} members in the segment, ${n(extra)} suppressed, ${n(extra)} outside it, ${loaded ? 'loaded' : 'copied from the kept template'} in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`,
    );
    await updateNewsletterSettings(deps, { ratePerMinute: 1_000_000, batchSize: BATCH }, { userId: null });
    const id = await saveCampaign(
      deps,
      { listId, subject: 'Network news', body: '## This month\n\nThe conference programme is out. **Register** by the end of the month.', segment: { states: ['VT'] } },
      { userId: null },
    );
    await releaseCampaign(deps, id, null, { userId: null });
    const started = process.hrtime.bigint();
    const queued = await runCampaign(deps, id, { pace: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `Campaign throughput: ${n(queued)} messages queued in ${seconds.toFixed(1)} s = ${n(Math.round(queued / seconds))} messages/s (batches of ${n(BATCH)}, PostgreSQL)`,
    );
    if (queued !== SEGMENT) console.log(`  NOT met: expected ${n(SEGMENT)} messages, queued ${n(queued)}`);
  } finally {
    await deps.jobs.stop().catch(() => {});
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

runAsScript(import.meta.url, main);
