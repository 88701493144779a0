// `civnet seed --scale N`: a national data set for benchmarks and demos, deterministic from a
// seed number. N organizations over every state, named after real places and counties (the
// places module's data) with their coordinates and populations, five people each as contacts,
// a membership per organization with up to ten years of history, and an invoice per term with
// its line and, for the paid ones, payments. Orchestration only: the rows are generated here
// (history.ts, invoices.ts) and each module loads its own tables with its bulk functions,
// multi-row `insert … select from unnest(…)` statements, each its own transaction: thousands of
// rows per round trip.
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { bulkInsertUsers, bumpSignedInPrivileges, PRIVILEGE_TRIGGERS } from '../../modules/accounts/index.js';
import { bulkInsertInvoiceLines, bulkInsertInvoices, bulkInsertPayments } from '../../modules/billing/index.js';
import { rebuildDirectoryNameIndex, type ScalePerson } from '../../modules/directory/index.js';
import { rebuildNetworkSummary } from '../../modules/network/index.js';
import { bulkInsertContacts, bulkInsertMemberships, bulkInsertOrganizations, bulkUnlistOrganizations } from '../../modules/organizations/index.js';
import { type BulkOrganizationPathway, bulkLinkOrganizationPathways } from '../../modules/pathways/index.js';
import { rebuildOrganizationNameWords } from '../../modules/records/index.js';
import { DEMO_DOMAIN, isSeeded, seedDemo } from '../demo.js';
import { generateHistories } from './history.js';
import { numberInvoices } from './invoices.js';
import { seedScaleMembers } from './members.js';
import { SCALE_EMAIL_DOMAIN } from './names.js';
import { candidates, choose, slugify } from './places.js';
import { rng, uuidFactory } from './random.js';

export { SCALE_EMAIL_DOMAIN } from './names.js';
export { scaleCapacity, slugify } from './places.js';
export { mulberry32 } from './random.js';

export interface ScaleSeedOptions {
  organizations: number;
  /** the seed number: the same seed (and day) gives the same rows */
  seed: number;
  /** 'YYYY-MM-DD', the day the histories lead up to; default today (UTC) */
  today?: string;
  /** rows per statement; default 5,000 on PostgreSQL, 1,000 on PGlite */
  batchSize?: number;
}

export interface ScaleSeedResult {
  organizations: number;
  people: number;
  memberships: number;
  invoices: number;
  payments: number;
  /** organization–pathway links (0 when the pathways tables do not exist) */
  pathwayLinks: number;
  /** organizations that opted out of the public listing */
  unlisted: number;
  /** people made individual members with a directory profile (0 without the 0010/0011 tables) */
  individualMembers: number;
  seconds: number;
}

/** The organization name search's index stands aside during bulk loads and has its rebuild (0045). */
export async function hasOrganizationNameRebuild(database: Database): Promise<boolean> {
  const { rows } = await database.executor.executeSql(`select to_regproc('organization_name_words_rebuild') is not null as ok`);
  return rows[0]?.ok === true;
}

export async function exists(database: Database, table: string, column?: string): Promise<boolean> {
  const { rows } = column
    ? await database.executor.executeSql(`select 1 from information_schema.columns where table_schema = current_schema() and table_name = $1 and column_name = $2`, [table, column])
    : await database.executor.executeSql(`select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1`, [table]);
  return rows.length > 0;
}

/** Whether a generated data set is already loaded (its organizations' email domain). */
export async function hasScaleData(database: Database): Promise<boolean> {
  const { rows } = await database.executor.executeSql(`select 1 from organizations where email_domain like $1 limit 1`, [`%.${SCALE_EMAIL_DOMAIN}`]);
  return rows.length > 0;
}

/**
 * Why this database holds more than demo data, or null when it holds only demo data (or nothing).
 * Demo data, precisely: accounts whose address is at the demo domain (`@example.org`) or at a
 * generated organization's (`@<slug>.example.gov`), both reserved names no real person has; and
 * organizations made by the demo seed (`place_source = 'demo'`) or generated (`email_domain` under
 * `example.gov`). Anything else (an admin made with `civnet admin create`, a person who signed up,
 * an organization staff added) is real data.
 */
export async function nonDemoData(database: Database): Promise<string | null> {
  const count = async (text: string, values: unknown[]) => Number((await database.executor.executeSql(text, values)).rows[0]?.n ?? 0);
  const people = await count(`select count(*)::int as n from users where not (lower(email) like $1 or lower(email) like $2)`, [`%@${DEMO_DOMAIN}`, `%.${SCALE_EMAIL_DOMAIN}`]);
  const orgs = await count(`select count(*)::int as n from organizations where place_source is distinct from 'demo' and coalesce(email_domain, '') not like $1`, [
    `%.${SCALE_EMAIL_DOMAIN}`,
  ]);
  const found = [
    people ? `${people.toLocaleString('en-US')} account(s) outside ${DEMO_DOMAIN} and ${SCALE_EMAIL_DOMAIN}` : '',
    orgs ? `${orgs.toLocaleString('en-US')} organization(s) not made by the demo seed` : '',
  ].filter(Boolean);
  return found.length ? found.join(' and ') : null;
}

/**
 * Loads the data set; returns null, loading nothing, when one is already there. Seeds the demo
 * data first when the database has no association profile. Refuses, loading nothing, when the
 * database holds anything but demo data (`nonDemoData`).
 */
export async function seedScale(database: Database, opts: ScaleSeedOptions): Promise<ScaleSeedResult | null> {
  const started = performance.now();
  const n = opts.organizations;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('The number of organizations must be a whole number of at least 1.');
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const batch = opts.batchSize ?? (database.kind === 'pg' ? 5_000 : 1_000);
  const real = await nonDemoData(database);
  if (real) throw new Error(`seed --scale runs only on an empty database or one with demo data, and this one has ${real}: nothing was loaded.`);
  if (!(await isSeeded(database.db))) await seedDemo(database.db);
  if (await hasScaleData(database)) return null;

  const r = rng(opts.seed);
  const uuid = uuidFactory(opts.seed);
  const taken = new Set((await database.executor.executeSql('select slug from organizations')).rows.map((row) => String(row.slug)));
  // Places that are already organizations (the demo's) are left out rather than doubled.
  const pool = (await candidates(r)).filter((c) => !taken.has(slugify(`${c.name} ${c.state}`)));
  if (n > pool.length)
    throw new Error(`At most ${pool.length.toLocaleString('en-US')} organizations can be generated (one per place, county, region and tribal nation in the data).`);
  const chosen = choose(pool, n, r);

  const finance = await database.executor.executeSql(`select user_id from user_roles where role = 'finance' order by user_id limit 1`);
  const recordedBy = finance.rows[0] ? String(finance.rows[0].user_id) : null;
  const h = generateHistories(chosen, { r, uuid, taken, today, recordedBy });
  const { invoices, lines } = await numberInvoices(database, h.drafts);

  // The network tables (0006_network), when they exist: 0–3 pathways each, 5% unlisted.
  const pathwayLinks: BulkOrganizationPathway[] = [];
  const unlistedIds: string[] = [];
  const orgIds = h.organizations.map((o) => o.id);
  if ((await exists(database, 'organization_pathways')) && (await exists(database, 'pathways'))) {
    const pathwayIds = (await database.executor.executeSql('select id from pathways order by slug')).rows.map((row) => String(row.id));
    for (const orgId of orgIds) {
      const count = Math.min(pathwayIds.length, r.int(0, 3));
      const chosenIds = new Set<string>();
      while (chosenIds.size < count) chosenIds.add(r.pick(pathwayIds));
      for (const p of chosenIds) pathwayLinks.push({ organization_id: orgId, pathway_id: p });
    }
  }
  const hasListed = await exists(database, 'organizations', 'listed');
  if (hasListed) for (const orgId of orgIds) if (r.chance(0.05)) unlistedIds.push(orgId);

  await bulkInsertOrganizations(database, h.organizations, batch);
  await bulkInsertUsers(database, h.users, batch);
  // The contacts are new accounts with no session: the privilege trigger is left out (accounts).
  await bulkInsertContacts(database, h.contacts, batch, { withoutTriggers: [PRIVILEGE_TRIGGERS.organization_contacts] });
  await bumpSignedInPrivileges(
    database,
    h.users.map((u) => u.id),
  );
  await bulkInsertMemberships(database, h.memberships, batch);
  await bulkInsertInvoices(database, invoices, batch);
  await bulkInsertInvoiceLines(database, lines, batch);
  await bulkInsertPayments(database, h.payments, batch);
  if (pathwayLinks.length) await bulkLinkOrganizationPathways(database, pathwayLinks, batch);
  await bulkUnlistOrganizations(database, unlistedIds, batch);
  // Every person an individual member with a directory profile, when those tables exist.
  let individualMembers = 0;
  if ((await exists(database, 'individual_memberships')) && (await exists(database, 'member_profiles'))) {
    const orgById = new Map(h.organizations.map((o) => [o.id, o]));
    const people: ScalePerson[] = h.users.map((user, i) => {
      const contact = h.contacts[i];
      const org = contact && orgById.get(contact.organization_id);
      return {
        userId: user.id,
        email: user.email,
        organizationId: String(contact?.organization_id),
        organizationName: org?.name ?? '',
        state: org?.state ?? '',
        entityType: org?.entity_type ?? 'city',
        rank: contact?.role === 'admin' ? 0 : 1,
      };
    });
    individualMembers = await seedScaleMembers(database, people, { seed: opts.seed, today, batch });
  }
  // the bulk loads skipped the derived tables' triggers (db/bulk.ts): rebuild them once
  if (await exists(database, 'directory_name_index')) await rebuildDirectoryNameIndex(database.db);
  if (await exists(database, 'network_figures')) await rebuildNetworkSummary(database.db);
  if (await hasOrganizationNameRebuild(database)) await rebuildOrganizationNameWords(database.db);
  const analysed = ['organizations', 'users', 'organization_contacts', 'memberships', 'invoices', 'invoice_lines', 'payments', 'invoice_counters'];
  if (pathwayLinks.length) analysed.push('organization_pathways');
  // the organization name search's word index and lexicon (0042)
  if (await exists(database, 'organization_name_words')) analysed.push('organization_name_words', 'organization_name_lexicon');
  // VACUUM as well as ANALYZE: rows loaded in seconds sit in the GIN indexes' pending lists (the
  // name trigrams), which a live database's autovacuum would long have merged; searched before
  // that, every query reads the whole list (152 pages at 23,000 organizations: a 3-letter name
  // search cost 25 ms in the index instead of 0.4 ms).
  await database.executor.executeSql(`vacuum (analyze) ${analysed.join(', ')}`);

  return {
    organizations: h.organizations.length,
    people: h.users.length,
    memberships: h.memberships.length,
    invoices: invoices.length,
    payments: h.payments.length,
    pathwayLinks: pathwayLinks.length,
    unlisted: unlistedIds.length,
    individualMembers,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The line the command prints. */
export function scaleSummary(result: ScaleSeedResult, seed: number): string {
  const f = (x: number) => x.toLocaleString('en-US');
  return (
    `Loaded ${f(result.organizations)} organizations, ${f(result.people)} people, ${f(result.memberships)} memberships, ` +
    `${f(result.invoices)} invoices and ${f(result.payments)} payments (seed ${seed}) in ${result.seconds.toFixed(1)} s.`
  );
}

/** A digest of what a seed produced, for comparing two loads. */
export function digest(rows: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}
