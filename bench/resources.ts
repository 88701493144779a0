// `npm run bench` (after the event registration bench), or `npx tsx bench/resources.ts`: resource
// search on PostgreSQL over BENCH_RESOURCES resources (20,000). It creates a scratch database
// (through the admin connection BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
// starts Civnet on it in a child process (migrations and demo data), loads the generated catalogue
// (realistic titles, summaries and texts; a quarter members-only; pathways, topics, seven types and
// ten years), then sends GET /api/v1/resources — full-text words, a misspelled title, facet filters,
// date sort, later pages, browsing with no words — from BENCH_RESOURCE_CONNECTIONS (10) connections
// at once, half as a visitor and half as a signed-in member, BENCH_RESOURCE_REQUESTS (2,000) in all
// after a warm-up, and as many GET /healthz (one database round trip: the machine's floor, right
// now) just before. Reports the latency quantiles of every sample against the goal (p95 < 20 ms),
// each search's own, and the plan of one search (the GIN index must be used). Drops the database,
// unless BENCH_RESOURCES_KEEP names one to load once and reuse (drop it yourself afterwards).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type Database, openPostgres } from '../src/db/client.js';
import type { ResourceType } from '../src/db/types.js';
import { type BulkResource, bulkLoadResources } from '../src/modules/resources/index.js';
import { admin, adminUrl, createLoadedDatabase, positiveInt, prepareLoadedTemplate, runAsScript, shown, signIn, startCivnet, withDatabase } from './lib.js';

const COUNT = positiveInt('BENCH_RESOURCES', 20_000);
const CONNECTIONS = positiveInt('BENCH_RESOURCE_CONNECTIONS', 10);
const REQUESTS = positiveInt('BENCH_RESOURCE_REQUESTS', 2_000);
const GOAL_P95_MS = 20;
const n = (x: number) => x.toLocaleString('en-US');

const SUBJECTS = [
  'Flood Resilience',
  'Extreme Heat',
  'Wildfire Evacuation',
  'Stormwater',
  'Urban Forestry',
  'Fleet Electrification',
  'Building Energy',
  'Zero Waste',
  'Affordable Housing',
  'Public Engagement',
  'Hazard Mitigation',
  'Emergency Operations',
  'Capital Budgeting',
  'Transit Planning',
  'Broadband Access',
  'Water Conservation',
  'Drought Response',
  'Coastal Adaptation',
  'Community Solar',
  'Climate Action',
];
const AUDIENCES_OF = ['Small Towns', 'Counties', 'Mid-Sized Cities', 'Tribal Nations', 'Regional Councils', 'City Managers', 'Public Works'];
const KINDS: Array<[ResourceType, string]> = [
  ['guide', 'Planning Guide'],
  ['toolkit', 'Toolkit'],
  ['case_study', 'Case Study'],
  ['recording', 'Webinar Recording'],
  ['template', 'Template'],
  ['data_set', 'Data Set'],
  ['external_tool', 'Calculator'],
];
const SENTENCES = [
  'Staff in public works, finance and planning share the work.',
  'Start with the data you already collect and the plans you already have.',
  'Residents who rent, work shifts or speak another language need other ways to take part.',
  'The budget covers staff time, contracts and maintenance for ten years.',
  'Federal and state grants pay for most of the capital cost.',
  'Council adopted the plan after two public hearings.',
  'Maintenance crews were trained before the first installation.',
  'The checklist lists who is called, in what order, and what they do.',
  'Measure the results every year and report them to council.',
  'Partners included the county, the school district and the utility.',
  'Planning took nine months from the first meeting to adoption.',
  'Costs fell by a third once the program reached every neighborhood.',
];

function pick<T>(xs: readonly T[], i: number): T {
  return xs[i % xs.length] as T;
}

function catalogue(pathwayIds: string[], topicIds: string[], now: Date): BulkResource[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const subject = pick(SUBJECTS, i * 7 + (i >> 5));
    const [type, kind] = pick(KINDS, i * 3 + (i >> 3));
    const who = pick(AUDIENCES_OF, i * 5 + (i >> 7));
    const body = Array.from({ length: 8 + (i % 9) }, (_, j) => pick(SENTENCES, i * 11 + j * 5)).join(' ');
    return {
      slug: `bench-resource-${i}`,
      title: `${subject} ${kind} for ${who} ${i % 97 === 0 ? '' : `(${1 + (i % 40)})`}`.trim(),
      summary: `How ${who.toLowerCase()} approach ${subject.toLowerCase()}: ${pick(SENTENCES, i).toLowerCase()}`,
      body: `## Overview\n\n${body}\n\n## Lessons\n\n${pick(SENTENCES, i + 3)}`,
      type,
      audience: i % 4 === 0 ? 'members' : 'everyone',
      year: 2016 + (i % 10),
      pathway_ids: [pick(pathwayIds, i), ...(i % 3 === 0 ? [pick(pathwayIds, i + 2)] : [])],
      topic_ids: i % 5 === 0 ? [pick(topicIds, i)] : [],
      published_at: new Date(now.getTime() - (i % 3650) * 86_400_000 - i * 1000),
    };
  });
}

const QUERIES = [
  'q=planning',
  'q=flood+resilience',
  'q=stormwatr',
  'q=heat&type=guide',
  'type=toolkit',
  'q=budget&sort=date',
  'pathway=resilient',
  'q=emergency+operations&year=2023',
  '',
  'q=wildfire&page=2',
  'q=residents+rent',
  'topic=emergency-and-disaster',
  'q=grants&pathway=zero-emission&type=case_study',
  'q=hazard+mitigation+plans',
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

/** The catalogue of COUNT resources (any bench resources there before are replaced), vacuumed and analyzed. */
async function loadCatalogue(db: Database): Promise<void> {
  await sql`delete from resources where slug like 'bench-resource-%'`.execute(db.db);
  const pathwayIds = (await db.db.selectFrom('pathways').select('id').orderBy('position').execute()).map((p) => p.id);
  const topicIds = (await db.db.selectFrom('resource_topics').select('id').orderBy('name').execute()).map((t) => t.id);
  const rows = catalogue(pathwayIds, topicIds, new Date());
  // A thousand a transaction, on both of the pool's connections: the words' vectors (three a
  // resource, computed by PostgreSQL) are nearly all of the load's CPU, and one connection used one core.
  let next = 0;
  const loader = async () => {
    for (let i = next; i < rows.length; i = next) {
      next += 1000;
      await db.db.transaction().execute((trx) => bulkLoadResources(trx, rows.slice(i, i + 1000)));
    }
  };
  await Promise.all([loader(), loader()]);
  // As a live database's autovacuum would: the GIN indexes' pending lists merged, statistics taken.
  await sql`vacuum (analyze) resources, resource_search`.execute(db.db);
}

/** The demo data and catalogue's kept template: its part, its version (for the day: the
 * catalogue's dates count back from today), its loader (the catalogue) and its base (the demo data,
 * createDemoDatabase in bench/lib.ts). */
const kept = (): [part: string, version: string, load: (url: string) => Promise<void>, base: 'demo'] => [
  'resources',
  `${new Date().toISOString().slice(0, 10)} ${COUNT} ${catalogue.toString()} ${loadCatalogue.toString()}`,
  async (making) => {
    const loading = openPostgres(making, 2);
    try {
      await loadCatalogue(loading);
    } finally {
      await loading.close();
    }
  },
  'demo',
];

/** Makes the kept template now if there is none (`npm run bench` makes the parts' side by side first). */
export const prepare = () => prepareLoadedTemplate(...kept());

export async function main(): Promise<number> {
  try {
    await admin('select 1');
  } catch (err) {
    console.log(`Resource search bench: skipped, PostgreSQL is not reachable at ${shown(adminUrl)} (${err instanceof Error ? err.message : String(err)}).`);
    return 0;
  }
  const keep = process.env.BENCH_RESOURCES_KEEP;
  if (keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error('BENCH_RESOURCES_KEEP must be a database name (lower case letters, digits, _)');
  const name = keep || `civnet_bench_resources_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'civnet-bench-resources-'));
  if (keep) await admin(`create database ${name}`).catch(() => {});
  else {
    // The demo data and the catalogue are kept as a template between runs (for the day: the
    // catalogue's dates count back from today); later runs copy them in about a second.
    await createLoadedDatabase(name, ...kept());
  }
  let database: Database | null = null;
  let child: { stop(): Promise<void> } | null = null;
  let coldChild: { stop(): Promise<void> } | null = null;
  const drop = async () => {
    await child?.stop().catch(() => {});
    await coldChild?.stop().catch(() => {});
    child = null;
    coldChild = null;
    await database?.close().catch(() => {});
    database = null;
    if (!keep) await admin(`drop database if exists ${name} with (force)`);
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void drop().finally(() => process.exit(130));
  });
  try {
    const started = Date.now();
    const server = await startCivnet({ ...process.env, BENCH_DATA_DIR: dataDir, BENCH_DATABASE_URL: url, NODE_ENV: 'development' });
    child = server;
    const base = `http://127.0.0.1:${server.port}`;
    const db = openPostgres(url, 2);
    database = db;
    const loaded = await sql<{ n: number }>`select count(*)::int as n from resources where slug like 'bench-resource-%'`.execute(db.db);
    if ((loaded.rows[0]?.n ?? 0) !== COUNT) await loadCatalogue(db);
    const total = await sql<{ n: number }>`select count(*)::int as n from resources`.execute(db.db);
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db.db);
    console.log(
      `\nResource search bench: ${n(total.rows[0]?.n ?? 0)} resources, ${CONNECTIONS} connections, ${n(REQUESTS)} searches; PostgreSQL ${version.rows[0]?.v ?? '?'}, ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} (set up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    const plan = await sql<{
      'QUERY PLAN': string;
    }>`explain select resource_id from resource_search where open_terms @@ websearch_to_tsquery('english', 'flood resilience')`.execute(db.db);
    const usesIndex = plan.rows.some((r) => /resource_search_open/.test(r['QUERY PLAN']));
    console.log(`Plan of a visitor's full-text match: ${usesIndex ? 'uses the GIN index resource_search_open' : 'does NOT use the GIN index'}.`);

    const member = await signIn(base, 'member@example.org');
    // One request: the i-th search (half of them as the member), or /healthz (one database round
    // trip: the floor of this machine right now, measured in the same run).
    const one = async (path: string, i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { accept: 'application/json', ...(i % 2 ? { cookie: member } : {}) } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      return performance.now() - t0;
    };
    const search = (i: number) => `/api/v1/resources?${pick(QUERIES, i)}`;
    const run = async (count: number, path: (i: number) => string, samples: Array<[number, number]> | null) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          for (;;) {
            const i = next++;
            if (i >= count) return;
            const ms = await one(path(i), i);
            samples?.push([i, ms]);
          }
        }),
      );
    };
    const measure = async (path: (i: number) => string) => {
      const samples: Array<[number, number]> = [];
      const t0 = performance.now();
      await run(REQUESTS, path, samples);
      return { samples, wall: performance.now() - t0 };
    };
    await run(Math.min(300, REQUESTS), search, null);
    await run(Math.min(300, REQUESTS), () => '/healthz', null);
    const health = await measure(() => '/healthz');
    const api = await measure(search);
    // The same searches from a second server on the same database that keeps no answer
    // (SEARCH_CACHE_MS=0): what a search never asked before costs.
    const cold = await startCivnet({ ...process.env, BENCH_DATA_DIR: dataDir, BENCH_DATABASE_URL: url, NODE_ENV: 'development', SEARCH_CACHE_MS: '0' });
    coldChild = cold;
    const coldBase = `http://127.0.0.1:${cold.port}`;
    const coldMember = await signIn(coldBase, 'member@example.org');
    const coldOne = async (path: string, i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${coldBase}${path}`, { headers: { accept: 'application/json', ...(i % 2 ? { cookie: coldMember } : {}) } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      return performance.now() - t0;
    };
    const coldSamples: number[] = [];
    let coldNext = 0;
    const coldCount = Math.max(QUERIES.length, Math.round(REQUESTS / 4));
    const coldT0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (;;) {
          const i = coldNext++;
          if (i >= coldCount) return;
          coldSamples.push(await coldOne(search(i), i));
        }
      }),
    );
    const coldWall = performance.now() - coldT0;
    const row = (label: string, samples: number[], wall: number | null) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return `${label.padEnd(42)}  ${n(samples.length).padStart(8)}  ${(wall === null ? '' : (samples.length / (wall / 1000)).toFixed(0)).padStart(6)}  ${quantile(sorted, 0.5).toFixed(1).padStart(6)}  ${quantile(sorted, 0.95).toFixed(1).padStart(6)}  ${quantile(sorted, 0.99).toFixed(1).padStart(6)}  ${(sorted[sorted.length - 1] ?? 0).toFixed(1).padStart(6)}`;
    };
    const p95 = quantile(
      api.samples.map(([, ms]) => ms).sort((a, b) => a - b),
      0.95,
    );
    console.log('');
    console.log(`${'route'.padEnd(42)}  requests  req/s   p50 ms  p95 ms  p99 ms  max ms`);
    console.log(`${'-'.repeat(42)}  --------  ------  ------  ------  ------  ------`);
    console.log(
      row(
        'GET /healthz (the floor, same run)',
        health.samples.map(([, ms]) => ms),
        health.wall,
      ),
    );
    console.log(
      row(
        'GET /api/v1/resources (every search)',
        api.samples.map(([, ms]) => ms),
        api.wall,
      ),
    );
    console.log(row('GET /api/v1/resources, nothing kept', coldSamples, coldWall));
    // Each search's own figures (from the same samples), to see which ones hold the p95.
    for (const [k, query] of QUERIES.entries()) {
      const mine = api.samples.filter(([i]) => i % QUERIES.length === k).map(([, ms]) => ms);
      console.log(row(`  ?${query || '(no words)'}`, mine, null));
    }
    const coldP95 = quantile(
      [...coldSamples].sort((a, b) => a - b),
      0.95,
    );
    console.log(
      `\nGoal: p95 < ${GOAL_P95_MS} ms: ${p95 < GOAL_P95_MS ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms, every sample counted; searches kept for SEARCH_CACHE_MS, 10 s). Nothing kept: p95 ${coldP95.toFixed(1)} ms.`,
    );
    console.log(`Total ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await drop();
  }
}

runAsScript(import.meta.url, main);
