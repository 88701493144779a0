// `civnet seed --scale national`: every US local government and a million people. 90,837
// organizations in the Census of Governments 2022 mix by state (census.ts, governments.ts); about
// 16% of them members (the larger ones likelier), each with its history, contacts, invoices and
// payments (history.ts, invoices.ts, as `--scale N`); the others prospects; and 1,000,000 people
// named after the Census frequency tables, each an individual member working at one of the
// organizations, most with a directory profile (people.ts). Deterministic from the seed number
// (and day); smaller sizes (`organizations`, `people`) keep the same proportions, for tests.
// Orchestration only: each module loads its own tables with multi-row unnest inserts. Fast enough
// for a million people because the loaded tables' secondary indexes and foreign keys are made
// after the load (db/bulk.ts), the rows load in lanes while the next are generated (lanes.ts), and
// the derived tables are rebuilt once, beside the indexes (rebuildAndAnalyze).

import { type Deferred, deferIndexesAndForeignKeys } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import { bulkInsertUsers, bumpSignedInPrivileges, PRIVILEGE_TRIGGERS } from '../../modules/accounts/index.js';
import { bulkInsertInvoiceLines, bulkInsertInvoices, bulkInsertPayments } from '../../modules/billing/index.js';
import { directoryRebuildSteps } from '../../modules/directory/index.js';
import { seedScaleLevel } from '../../modules/individuals/index.js';
import { rebuildNetworkSummary } from '../../modules/network/index.js';
import { type BulkOrganization, bulkInsertContacts, bulkInsertMemberships, bulkInsertOrganizations, bulkUnlistOrganizations } from '../../modules/organizations/index.js';
import { type BulkOrganizationPathway, bulkLinkOrganizationPathways } from '../../modules/pathways/index.js';
import { rebuildOrganizationNameWords } from '../../modules/records/index.js';
import { isSeeded, seedDemo } from '../demo.js';
import { NATIONAL_ORGANIZATIONS, NATIONAL_PEOPLE } from './census.js';
import { plusDays as addDays } from './days.js';
import { type Government, governments } from './governments.js';
import { at, generateHistories } from './history.js';
import { exists, hasOrganizationNameRebuild, hasScaleData, nonDemoData } from './index.js';
import { numberInvoices } from './invoices.js';
import { lanes, type QueuedJob, queue } from './lanes.js';
import { SCALE_EMAIL_DOMAIN, STREETS } from './names.js';
import { type PeopleResult, seedPeople } from './people.js';
import { slugify } from './places.js';
import { type Rng, rng, uuidFactory } from './random.js';

/** Changes when the generated rows change, or how they are left (3: the derived tables vacuumed once
 * nothing else runs; 4: Who's Who's kept counts, 0087; 5: ids in the order they are made, random.ts):
 * a kept copy of an older version is loaded again (bench). */
export const NATIONAL_DATA_VERSION = 5;

/** The share of organizations that are (or were) members. */
export const MEMBER_SHARE = 0.16;

export interface NationalSeedOptions {
  seed: number;
  /** 'YYYY-MM-DD'; default today (UTC) */
  today?: string;
  /** rows per statement; default 10,000 on PostgreSQL, 1,000 on PGlite */
  batchSize?: number;
  /** default 90,837 (the Census count); fewer keeps the mix */
  organizations?: number;
  /** default 1,000,000 (contacts included) */
  people?: number;
}

export interface NationalSeedResult {
  organizations: number;
  byType: Record<string, number>;
  members: number;
  people: number;
  individualMembers: number;
  profiles: number;
  invoices: number;
  payments: number;
  seconds: number;
  /** CPU time of this (the loader's) process, user and system */
  cpuSeconds: number;
  /** wall seconds of each phase, in order (generate, organizations, histories, people, rebuilds, vacuum) */
  phases: Array<[phase: string, seconds: number]>;
}

/** The members: a weighted sample (log of population), in the governments' order. */
function chooseMembers(govs: Government[], share: number, r: Rng): Set<Government> {
  const keyed = govs.map((g) => ({ g, key: Math.log(r.next() || Number.MIN_VALUE) / Math.log10(g.population + 10) }));
  keyed.sort((a, b) => b.key - a.key);
  return new Set(keyed.slice(0, Math.round(govs.length * share)).map((k) => k.g));
}

function prospects(govs: Government[], opts: { r: Rng; uuid: () => string; taken: Set<string>; today: string }): BulkOrganization[] {
  const { r, uuid, taken, today } = opts;
  return govs.map((g) => {
    const base = slugify(`${g.name} ${g.state}`);
    let slug = base;
    for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
    taken.add(slug);
    const domain = `${slug}.${SCALE_EMAIL_DOMAIN}`;
    return {
      id: uuid(),
      slug,
      name: g.name,
      entity_type: g.type,
      state: g.state,
      population: g.population,
      status: 'prospect',
      created_at: at(addDays(today, -r.int(30, 3_650)), 12),
      website: `https://www.${domain}`,
      latitude: g.latitude,
      longitude: g.longitude,
      place_source: g.placeSource,
      population_source: g.populationSource,
      population_year: g.populationSource === 'GeoNames' ? null : 2022,
      billing_address: `${r.int(1, 999)} ${r.pick(STREETS)}\n${g.locality}, ${g.state}`,
      po_required: false,
      po_number: null,
      email_domain: domain,
    };
  });
}

/** Loads at a time: PostgreSQL works on each on a core of its own while this process generates
 * the next rows (two cores: the loads of the largest tables overlap with each other and with it). */
const LANES = 3;

/** The tables the load fills, whose secondary indexes and foreign keys wait until it is done; largest first. */
const DEFERRED_TABLES = [
  'users',
  'member_profiles',
  'individual_memberships',
  'user_roles',
  'organizations',
  'organization_contacts',
  'invoices',
  'payments',
  'invoice_lines',
  'memberships',
] as const;

/** The users' email constraint, deferred too: its index took random insertions (the emails come in
 * no order), 101 MB of them, larger than PostgreSQL's default buffer cache. */
const DEFERRED_UNIQUE = ['users_email_key'];

/** The order the tables' indexes and foreign keys are made again: largest first, but users after the
 * profiles and memberships, since adding its email constraint locks the table whole for a moment
 * and waits for the directory's rows, which read it, to be in (the other steps only read it, or
 * lock it against writes). */
const RESTORE_ORDER = ['member_profiles', 'individual_memberships', 'users', ...DEFERRED_TABLES.filter((t) => !['users', 'member_profiles', 'individual_memberships'].includes(t))];

/**
 * After the load, two at a time (two cores), largest first: the directory's rebuild, in parts
 * (its rows, then side by side its kept counts, its two search orders and its lexicon: 0088);
 * each loaded table's indexes and foreign keys made again, then VACUUM as well as ANALYZE of it
 * (the visibility map for index-only scans; statistics, autovacuum or not); the network summary.
 * The directory's parts after its rows go before the rest of the queue: they are the longest
 * path. The phases add up the time of their steps.
 */
async function rebuildAndAnalyze(database: Database, deferred: Deferred, analysed: string[], phases: Array<[string, number]>, opts: { organizationNames: boolean }): Promise<void> {
  const timed = async (phase: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    const seen = phases.find((x) => x[0] === phase);
    if (seen) seen[1] += (performance.now() - t) / 1000;
    else phases.push([phase, (performance.now() - t) / 1000]);
  };
  const vacuum = (tables: string[]) => timed('vacuum', () => database.executor.executeSql(`vacuum (analyze) ${tables.join(', ')}`));
  const directory = directoryRebuildSteps(database.db);
  const steps: QueuedJob[] = [
    async () => {
      await timed('directory index', directory.rows);
      return directory.after.map((part) => () => timed('directory index', part));
    },
    ...RESTORE_ORDER.map((table) => async () => {
      await timed('indexes and foreign keys', () => deferred.restore(table));
      await vacuum([table]);
    }),
    () => timed('network summary', () => rebuildNetworkSummary(database.db)),
    // the organization name search's word index, which the load's batches left alone (0045)
    async () => {
      if (opts.organizationNames) await timed('organization names', () => rebuildOrganizationNameWords(database.db));
    },
    () => vacuum(analysed.filter((t) => !(DEFERRED_TABLES as readonly string[]).includes(t))),
  ];
  await queue(2, steps);
  // The tables made in this phase, vacuumed again once nothing else runs: a VACUUM marks a page
  // all-visible (what an index-only scan needs to skip the table) only when no open transaction
  // is older than its rows, and the other lane's long statements were. The organization names,
  // vacuumed beside the directory's rebuild, had no page marked, and every search read the table.
  await vacuum([...(opts.organizationNames ? ['organization_name_words', 'organization_name_lexicon'] : []), 'directory_name_index', 'directory_facets', 'person_name_words']);
}

/** Loads the national data set; null (nothing loaded) when a generated data set is already there. */
export async function seedNational(database: Database, opts: NationalSeedOptions): Promise<NationalSeedResult | null> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const n = opts.organizations ?? NATIONAL_ORGANIZATIONS;
  const peopleWanted = opts.people ?? NATIONAL_PEOPLE;
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const batch = opts.batchSize ?? (database.kind === 'pg' ? 10_000 : 1_000);
  const real = await nonDemoData(database);
  if (real) throw new Error(`seed --scale runs only on an empty database or one with demo data, and this one has ${real}: nothing was loaded.`);
  if (!(await isSeeded(database.db))) await seedDemo(database.db);
  if (await hasScaleData(database)) return null;
  const phases: Array<[string, number]> = [];
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    const seen = phases.find((x) => x[0] === phase);
    if (seen) seen[1] += (now - mark) / 1000;
    else phases.push([phase, (now - mark) / 1000]);
    mark = now;
  };

  const r = rng(opts.seed);
  const uuid = uuidFactory(opts.seed);
  const taken = new Set((await database.executor.executeSql('select slug from organizations')).rows.map((row) => String(row.slug)));
  const govs = await governments(r, n);
  const memberSet = chooseMembers(govs, MEMBER_SHARE, r);
  const finance = await database.executor.executeSql(`select user_id from user_roles where role = 'finance' order by user_id limit 1`);
  const recordedBy = finance.rows[0] ? String(finance.rows[0].user_id) : null;
  const h = generateHistories(
    govs.filter((g) => memberSet.has(g)),
    { r, uuid, taken, today, recordedBy },
  );
  const others = prospects(
    govs.filter((g) => !memberSet.has(g)),
    { r, uuid, taken, today },
  );
  const { invoices, lines } = await numberInvoices(database, h.drafts);
  const organizations = [...h.organizations, ...others];

  const links: BulkOrganizationPathway[] = [];
  if ((await exists(database, 'organization_pathways')) && (await exists(database, 'pathways'))) {
    const pathwayIds = (await database.executor.executeSql('select id from pathways order by slug')).rows.map((row) => String(row.id));
    for (const org of h.organizations) {
      const chosen = new Set<string>();
      const count = Math.min(pathwayIds.length, r.int(0, 3));
      while (chosen.size < count) chosen.add(r.pick(pathwayIds));
      for (const p of chosen) links.push({ organization_id: org.id, pathway_id: p });
    }
  }
  const unlisted = (await exists(database, 'organizations', 'listed')) ? organizations.filter(() => r.chance(0.05)).map((o) => o.id) : [];

  lap('generate');
  // The secondary indexes and foreign keys of the tables loaded are made once the rows are in
  // (db/bulk.ts), beside the directory's rebuild; a failed load makes them again on its way out.
  const deferred = await deferIndexesAndForeignKeys(database, DEFERRED_TABLES, { unique: DEFERRED_UNIQUE });
  const load = lanes(LANES);
  let people: PeopleResult;
  let rebuilt = false;
  try {
    await load.add(async () => {
      await bulkInsertOrganizations(database, organizations, batch);
      await bulkUnlistOrganizations(database, unlisted, batch);
    });
    // The contacts are new accounts with no session: the privilege trigger is left out (accounts),
    // and bumping the privileges of those with a session changes none.
    await load.add(async () => {
      await bulkInsertUsers(database, h.users, batch);
      await bumpSignedInPrivileges(
        database,
        h.users.map((u) => u.id),
      );
    });
    await load.add(() => bulkInsertContacts(database, h.contacts, batch, { withoutTriggers: [PRIVILEGE_TRIGGERS.organization_contacts] }));
    await load.add(async () => {
      await bulkInsertMemberships(database, h.memberships, batch);
      await bulkInsertInvoices(database, invoices, batch);
      await bulkInsertInvoiceLines(database, lines, batch);
      await bulkInsertPayments(database, h.payments, batch);
      if (links.length) await bulkLinkOrganizationPathways(database, links, batch);
    });

    const byId = new Map(organizations.map((o) => [o.id, o]));
    const contacts = h.users.map((user, i) => {
      const c = h.contacts[i];
      return { user, org: byId.get(String(c?.organization_id)) as BulkOrganization, rank: c?.role === 'admin' ? 0 : 1 };
    });
    const levelId = await seedScaleLevel(database);
    const emails = new Set(h.users.map((u) => u.email));
    people = await seedPeople(
      database,
      { r, uuid, today, seed: opts.seed, batch, levelId, organizations, emails, lanes: load },
      contacts,
      Math.max(0, peopleWanted - contacts.length),
    );
    await load.drain();
    lap('load (organizations, histories and people side by side)');
    // the bulk loads skipped the derived tables' triggers (db/bulk.ts): rebuild them once
    const analysed = [...DEFERRED_TABLES, 'invoice_counters', 'member_levels'];
    if (links.length) analysed.push('organization_pathways');
    await rebuildAndAnalyze(database, deferred, analysed, phases, { organizationNames: await hasOrganizationNameRebuild(database) });
    lap('rebuilds and vacuum (side by side)');
    rebuilt = true;
  } finally {
    await load.drain().catch(() => {}); // a failed load's other jobs end before the indexes come back
    await deferred.restore();
    // a failure after the directory's rows leaves its search orders to make
    if (!rebuilt) await directoryRebuildSteps(database.db).indexes();
  }

  const byType: Record<string, number> = {};
  for (const o of organizations) byType[o.entity_type] = (byType[o.entity_type] ?? 0) + 1;
  const used = process.cpuUsage(cpu);
  return {
    organizations: organizations.length,
    byType,
    members: h.organizations.length,
    people: people.people,
    individualMembers: people.people,
    profiles: people.profiles,
    invoices: invoices.length,
    payments: h.payments.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    phases,
  };
}

/** The line the command prints. */
export function nationalSummary(x: NationalSeedResult, seed: number): string {
  const f = (v: number) => v.toLocaleString('en-US');
  const types = Object.entries(x.byType)
    .sort()
    .map(([t, v]) => `${f(v)} ${t}`)
    .join(', ');
  return (
    `Loaded ${f(x.organizations)} organizations (${types}; ${f(x.members)} members), ${f(x.people)} people ` +
    `(${f(x.profiles)} directory profiles), ${f(x.invoices)} invoices and ${f(x.payments)} payments (seed ${seed}) ` +
    `in ${x.seconds.toFixed(1)} s (loader CPU ${x.cpuSeconds.toFixed(1)} s; ` +
    `${x.phases.map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(', ')}).`
  );
}
