// The generated national data set (`civnet seed --scale N`): counts, every state, the same rows
// from the same seed, invoices numbered without gaps and consistent with their payments, and
// the command's summary line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, migratedDataDir, testDbKind } from '../../../test/db.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { type Database, openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { US_STATES } from '../../lib/us-states.js';
import { digest, type ScaleSeedResult, seedScale } from './index.js';

const N = 200;
const SEED = 42;
const TODAY = '2026-03-15';
const PATHWAYS = [
  ['00000000-0000-4000-8000-000000000001', 'zero-emission', 'Zero emission'],
  ['00000000-0000-4000-8000-000000000002', 'nature-based', 'Nature-based'],
  ['00000000-0000-4000-8000-000000000003', 'equitable', 'Equitable'],
  ['00000000-0000-4000-8000-000000000004', 'resilient', 'Resilient'],
  ['00000000-0000-4000-8000-000000000005', 'circular', 'Circular development'],
];

const rows = async (database: Database, text: string, values: unknown[] = []) => (await database.executor.executeSql(text, values)).rows;
const hasTable = async (database: Database, table: string) =>
  (await rows(database, 'select 1 from information_schema.tables where table_schema = current_schema() and table_name = $1', [table])).length > 0;

/** Pathways to choose from, when the network tables exist (0006_network). */
async function addPathways(database: Database): Promise<void> {
  if (!(await hasTable(database, 'pathways'))) return;
  for (const [id, slug, name] of PATHWAYS) await rows(database, 'insert into pathways (id, slug, name) values ($1, $2, $3)', [id, slug, name]);
}

/** Everything generated, in a fixed order, as one digest. */
async function fingerprint(database: Database): Promise<string> {
  const parts = [
    await rows(
      database,
      `select id, slug, name, entity_type, state, population, status, latitude, longitude from organizations where email_domain like '%.example.gov' order by id`,
    ),
    await rows(database, `select id, email::text, name from users where email like '%.example.gov' order by id`),
    await rows(database, 'select id, organization_id, status, term_start, term_end from memberships order by id'),
    // Not the public tokens: they are secrets, drawn from node:crypto (compared below).
    await rows(database, 'select id, number, status, total_cents, paid_cents, issued_on from invoices order by id'),
    await rows(database, 'select id, invoice_id, amount_cents, method, reference, received_on from payments order by id'),
  ];
  if (await hasTable(database, 'organization_pathways')) parts.push(await rows(database, 'select organization_id, pathway_id from organization_pathways order by 1, 2'));
  if (await hasTable(database, 'member_profiles'))
    parts.push(
      await rows(
        database,
        `select p.user_id, p.title, p.expertise, p.phone, p.phone_visibility, p.listed from member_profiles p join users u on u.id = p.user_id
         where u.email like '%.example.gov' order by p.user_id`,
      ),
    );
  return digest(parts);
}

let ctx: TestContext;
let result: ScaleSeedResult | null;

beforeAll(async () => {
  ctx = await createTestContext();
  await addPathways(ctx.deps.database);
  result = await seedScale(ctx.deps.database, { organizations: N, seed: SEED, today: TODAY });
}, 120_000);
afterAll(() => ctx?.close());

describe('seed --scale', () => {
  it('loads N organizations with five contacts each, one of them the admin, signing in by email link', async () => {
    const db = ctx.deps.database;
    expect(result).toMatchObject({ organizations: N, people: 5 * N, memberships: N });
    const [orgs] = await rows(db, `select count(*)::int as n from organizations where email_domain like '%.example.gov'`);
    expect(orgs?.n).toBe(N);
    const [people] = await rows(
      db,
      `select count(*)::int as n, count(*) filter (where c.role = 'admin')::int as admins,
              count(*) filter (where u.password_hash is not null)::int as with_password,
              count(*) filter (where u.email not like '%@' || o.slug || '.example.gov')::int as bad_email
       from organization_contacts c join users u on u.id = c.user_id join organizations o on o.id = c.organization_id`,
    );
    expect(people).toEqual({ n: 5 * N, admins: N, with_password: 0, bad_email: 0 });
    const [perOrg] = await rows(db, 'select min(n)::int as min, max(n)::int as max from (select count(*) as n from organization_contacts group by organization_id) x');
    expect(perOrg).toEqual({ min: 5, max: 5 });
  });

  it('has an organization in every state and DC, named after real places with coordinates and populations', async () => {
    const db = ctx.deps.database;
    const states = new Set((await rows(db, 'select distinct state from organizations')).map((r) => String(r.state)));
    const expected = US_STATES.filter(([, , fips]) => Number(fips) <= 56).map(([code]) => code);
    expect(expected).toHaveLength(51);
    expect(expected.filter((s) => !states.has(s))).toEqual([]);
    const [bad] = await rows(
      db,
      `select count(*)::int as n from organizations where email_domain like '%.example.gov' and (latitude is null or longitude is null or population is null)`,
    );
    expect(bad?.n).toBe(0);
    const types = (await rows(db, 'select distinct entity_type from organizations order by 1')).map((r) => r.entity_type);
    expect(types).toEqual(expect.arrayContaining(['city', 'county', 'town']));
  });

  it('gives each organization one membership, about 80% active, with its term and activation', async () => {
    const db = ctx.deps.database;
    const [m] = await rows(
      db,
      `select count(*)::int as n, count(distinct organization_id)::int as orgs,
              count(*) filter (where status = 'active')::int as active,
              count(*) filter (where status = 'active' and not ($1::date between term_start and term_end))::int as active_off_term,
              count(*) filter (where activated_at is null or term_start is null)::int as unactivated,
              count(*) filter (where status = 'lapsed' and lapsed_at is null)::int as lapsed_without_date
       from memberships`,
      [TODAY],
    );
    expect(m).toMatchObject({ n: N, orgs: N, active_off_term: 0, unactivated: 0, lapsed_without_date: 0 });
    expect(Number(m?.active)).toBeGreaterThan(N * 0.7);
    expect(Number(m?.active)).toBeLessThan(N * 0.9);
    const [mismatch] = await rows(db, 'select count(*)::int as n from memberships m join organizations o on o.id = m.organization_id where o.status <> m.status');
    expect(mismatch?.n).toBe(0);
  });

  it('numbers invoices without gaps per year and keeps the counters at the last number', async () => {
    const db = ctx.deps.database;
    const years = await rows(db, 'select year, count(*)::int as n, min(seq) as min, max(seq) as max from invoices group by year order by year');
    expect(years.length).toBeGreaterThanOrEqual(10);
    const counters = new Map((await rows(db, 'select year, last_number from invoice_counters')).map((r) => [Number(r.year), Number(r.last_number)]));
    for (const y of years) {
      expect(y).toMatchObject({ min: 1, max: y.n });
      expect(counters.get(Number(y.year))).toBe(y.n);
    }
    const [badNumber] = await rows(db, `select count(*)::int as n from invoices where number <> year || '-' || lpad(seq::text, 6, '0') or year <> extract(year from issued_on)`);
    expect(badNumber?.n).toBe(0);
  });

  it('keeps paid amounts equal to the payments and statuses that match them, one live invoice per period', async () => {
    const db = ctx.deps.database;
    const [c] = await rows(
      db,
      `select count(*)::int as n,
         count(*) filter (where i.paid_cents <> coalesce(p.sum, 0))::int as paid_mismatch,
         count(*) filter (where i.total_cents <> l.sum)::int as line_mismatch,
         count(*) filter (where not case i.status
           when 'paid' then i.paid_cents = i.total_cents
           when 'partially_paid' then i.paid_cents > 0 and i.paid_cents < i.total_cents
           when 'issued' then i.paid_cents = 0
           when 'void' then i.paid_cents = 0 and i.void_reason is not null
           else false end)::int as status_mismatch,
         count(*) filter (where i.status = 'paid')::int as paid,
         count(*) filter (where i.status in ('issued', 'partially_paid'))::int as open
       from invoices i
       left join (select invoice_id, sum(amount_cents) as sum from payments group by invoice_id) p on p.invoice_id = i.id
       join (select invoice_id, sum(amount_cents) as sum from invoice_lines group by invoice_id) l on l.invoice_id = i.id`,
    );
    expect(c).toMatchObject({ n: result?.invoices, paid_mismatch: 0, line_mismatch: 0, status_mismatch: 0 });
    expect(Number(c?.paid)).toBeGreaterThan(Number(c?.n) * 0.8);
    const [dup] = await rows(db, `select count(*)::int as n from (select 1 from invoices where status <> 'void' group by membership_id, period_start having count(*) > 1) d`);
    expect(dup?.n).toBe(0);
    const [future] = await rows(db, 'select count(*)::int as n from payments where received_on > $1::date', [TODAY]);
    expect(future?.n).toBe(0);
    const methods = (await rows(db, 'select distinct method from payments order by 1')).map((r) => r.method);
    expect(methods).toEqual(['ach', 'check', 'wire']);
  });

  it('gives 0–3 pathways each and leaves about 5% unlisted, when the network tables exist', async () => {
    const db = ctx.deps.database;
    if (!(await hasTable(db, 'organization_pathways'))) return;
    const [p] = await rows(db, `select max(n)::int as max, count(*)::int as with_some from (select count(*) as n from organization_pathways group by organization_id) x`);
    expect(Number(p?.max)).toBeLessThanOrEqual(3);
    expect(Number(p?.with_some)).toBeGreaterThan(0);
    const [u] = await rows(db, 'select count(*) filter (where not listed)::int as unlisted from organizations');
    expect(Number(u?.unlisted)).toBe(result?.unlisted);
    expect(Number(u?.unlisted)).toBeGreaterThan(0);
    expect(Number(u?.unlisted)).toBeLessThan(N * 0.15);
  });

  it('makes every person an individual member with a profile at their organization, about 5% unlisted', async () => {
    const db = ctx.deps.database;
    const [m] = await rows(
      db,
      `select count(*)::int as people,
              count(im.id) filter (where im.status = 'active')::int as active,
              count(r.user_id)::int as with_role,
              count(p.user_id) filter (where p.employer_organization_id = c.organization_id)::int as profiles,
              count(*) filter (where not p.listed)::int as unlisted
       from users u join organization_contacts c on c.user_id = u.id
       left join individual_memberships im on im.user_id = u.id
       left join user_roles r on r.user_id = u.id and r.role = 'member'
       left join member_profiles p on p.user_id = u.id
       where u.email like '%.example.gov'`,
    );
    expect(m).toMatchObject({ people: 5 * N, active: 5 * N, with_role: 5 * N, profiles: 5 * N });
    expect(Number(m?.unlisted)).toBeGreaterThan(0);
    expect(Number(m?.unlisted)).toBeLessThan(N * 5 * 0.15);
    expect(result?.individualMembers).toBe(5 * N);
  });

  it('loads nothing the second time', async () => {
    expect(await seedScale(ctx.deps.database, { organizations: N, seed: SEED, today: TODAY })).toBeNull();
  });

  it('produces the same rows from the same seed in a fresh database, and others from another seed', async () => {
    const second = await createTestContext();
    const third = await createTestContext();
    try {
      await addPathways(second.deps.database);
      await addPathways(third.deps.database);
      await seedScale(second.deps.database, { organizations: N, seed: SEED, today: TODAY });
      await seedScale(third.deps.database, { organizations: N, seed: SEED + 1, today: TODAY });
      const first = await fingerprint(ctx.deps.database);
      expect(await fingerprint(second.deps.database)).toBe(first);
      expect(await fingerprint(third.deps.database)).not.toBe(first);
      // The same seed gives the same invoices with other secret tokens.
      const tokens = async (database: Database) => (await rows(database, 'select id, public_token from invoices order by id')).map((r) => [r.id, r.public_token]);
      const [a, b] = [await tokens(ctx.deps.database), await tokens(second.deps.database)];
      expect(a.map(([id]) => id)).toEqual(b.map(([id]) => id));
      expect(a.filter(([, t], i) => t === b[i]?.[1])).toEqual([]);
    } finally {
      await second.close();
      await third.close();
    }
  }, 120_000);
});

describe('civnet seed --scale', () => {
  it('prints a summary line', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
    let cleanup: () => Promise<void>;
    if (testDbKind() === 'pg') {
      const { database, drop } = await createTestDatabase(inject('dbTemplate'));
      env.DATABASE_URL = database.connectionString;
      cleanup = drop;
    } else {
      const { dir, remove } = await migratedDataDir(inject('dbTemplate'), 'civnet-scale-');
      delete env.DATABASE_URL;
      env.DATA_DIR = dir;
      cleanup = remove;
    }
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['bin/civnet.js', 'seed', '--scale', '60', '--seed', '7', '--today', TODAY], { env });
      expect(stdout).toMatch(/^Loaded 60 organizations, 300 people, 60 memberships, [\d,]+ invoices and [\d,]+ payments \(seed 7\) in [\d.]+ s\.$/m);
    } finally {
      await cleanup();
    }
  }, 180_000);

  it('refuses a database with real data in one line, with a non-zero exit code, loading nothing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
    let cleanup: () => Promise<void>;
    let open: () => Promise<Database>;
    if (testDbKind() === 'pg') {
      const { database, drop } = await createTestDatabase(inject('dbTemplate'));
      env.DATABASE_URL = database.connectionString;
      open = () => openDatabase({ databaseUrl: database.connectionString, dataDir: '' });
      cleanup = drop;
    } else {
      const { dir, remove } = await migratedDataDir(inject('dbTemplate'), 'civnet-scale-');
      delete env.DATABASE_URL;
      env.DATA_DIR = dir;
      open = () => openDatabase({ dataDir: dir });
      cleanup = remove;
    }
    try {
      const setup = await open();
      await migrate(setup);
      await setup.db.insertInto('users').values({ email: 'clerk@springfield.gov', name: 'A Real Clerk' }).execute();
      await setup.close();
      const result = await promisify(execFile)(process.execPath, ['bin/civnet.js', 'seed', '--scale', '5'], { env }).catch(
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
      expect(result).toMatchObject({ code: 1, stdout: '' });
      const stderr = (result as { stderr: string }).stderr.trim();
      expect(stderr).toMatch(/^civnet: seed --scale runs only on an empty database or one with demo data, and this one has 1 account\(s\) outside example\.org/);
      expect(stderr.split('\n')).toHaveLength(1);
      const after = await open();
      const [orgs] = (await after.executor.executeSql('select count(*)::int as n from organizations', [])).rows;
      await after.close();
      expect(orgs?.n).toBe(0);
    } finally {
      await cleanup();
    }
  }, 180_000);

  it('explains a bad --scale', async () => {
    const result = await promisify(execFile)(process.execPath, ['bin/civnet.js', 'seed', '--scale', 'lots'], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    }).catch((err: { code: number; stderr: string }) => err);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('--scale must be a number of organizations') });
  }, 60_000);
});
