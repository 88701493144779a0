// The national data set (`civnet seed --scale national`) at 1% of its size: the Census mix of
// government types (exact at full size, proportional here), about 16% members, people named after
// the Census frequency tables (common surnames common, a long tail), individual members with
// profiles for most, and the same rows from the same seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import type { Database } from '../../db/client.js';
import { bulkGrantRole } from '../../modules/accounts/index.js';
import { apportion, GOVERNMENT_KINDS, NATIONAL_ORGANIZATIONS, NATIONAL_TOTALS, stateMix } from './census.js';
import { draw, surnameDistribution } from './frequencies.js';
import { digest } from './index.js';
import { MEMBER_SHARE, type NationalSeedResult, seedNational } from './national.js';
import { rng } from './random.js';

const ORGS = 908; // 1% of 90,837
const PEOPLE = 4_000;
const SEED = 7;
const TODAY = '2026-03-15';

const rows = async (database: Database, text: string, values: unknown[] = []) => (await database.executor.executeSql(text, values)).rows;

async function fingerprint(database: Database): Promise<string> {
  return digest([
    await rows(database, `select id, slug, name, entity_type, state, population, status from organizations where email_domain like '%.example.gov' order by id`),
    await rows(database, `select id, email::text, name from users where email like '%.example.gov' order by id`),
    await rows(database, 'select user_id, status, term_start, term_end, salary_cents from individual_memberships order by user_id, term_start'),
    await rows(database, 'select user_id, title, employer_organization_id, listed from member_profiles order by user_id'),
    await rows(database, 'select id, number, status, total_cents from invoices order by id'),
  ]);
}

/** Every index and constraint of the tables, as PostgreSQL describes them. */
async function structure(database: Database) {
  return rows(
    database,
    `select t.relname as "table", i.relname as name, 'i' as kind, pg_get_indexdef(i.oid) as definition
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid where t.relnamespace = current_schema()::regnamespace
     union all
     select t.relname, c.conname, c.contype::text, pg_get_constraintdef(c.oid) from pg_constraint c join pg_class t on t.oid = c.conrelid
     where t.relnamespace = current_schema()::regnamespace
     order by 1, 2, 3`,
  );
}

let ctx: TestContext;
let result: NationalSeedResult | null;
let notAllVisible: unknown[];

beforeAll(async () => {
  ctx = await createTestContext();
  result = await seedNational(ctx.deps.database, { organizations: ORGS, people: PEOPLE, seed: SEED, today: TODAY });
  // as the load left them (a test below rebuilds the directory's index)
  notAllVisible = await rows(
    ctx.deps.database,
    `select relname, relpages, relallvisible from pg_class
     where relname in ('organization_name_words', 'organization_name_lexicon', 'directory_name_index', 'person_name_words') and relallvisible < relpages`,
  );
}, 300_000);
afterAll(() => ctx?.close());

describe('the Census mix', () => {
  it('gives the published national totals exactly at full size, state by state', () => {
    const mix = stateMix();
    expect(mix).toHaveLength(51);
    for (const kind of GOVERNMENT_KINDS) expect(mix.reduce((a, s) => a + s.counts[kind], 0)).toBe(NATIONAL_TOTALS[kind]);
    expect(NATIONAL_ORGANIZATIONS).toBe(90_837);
    const il = mix.find((s) => s.state === 'IL');
    const hi = mix.find((s) => s.state === 'HI');
    // Illinois has the most governments, Hawaii almost none; Hawaii has no townships.
    expect(Number(il?.counts.township)).toBeGreaterThan(1_000);
    expect(hi?.counts.township).toBe(0);
    expect(apportion([1, 1, 1], 10)).toEqual([4, 3, 3]);
  });
});

describe('seed --scale national (1% of the size)', () => {
  it('loads the organizations in the Census mix of types, scaled', async () => {
    const db = ctx.deps.database;
    const [c1, c2, c3, c4, c5] = apportion(
      GOVERNMENT_KINDS.map((k) => NATIONAL_TOTALS[k]),
      ORGS,
    );
    const counts = Object.fromEntries(
      (await rows(db, `select entity_type, count(*)::int as n from organizations where email_domain like '%.example.gov' group by 1`)).map((r) => [r.entity_type, r.n]),
    );
    expect(counts).toEqual({ county: c1, city: c2, town: c3, region: Number(c4) + Number(c5) });
    expect(result?.organizations).toBe(ORGS);
    const [states] = await rows(db, `select count(distinct state)::int as n from organizations where email_domain like '%.example.gov'`);
    expect(Number(states?.n)).toBeGreaterThan(40);
  });

  it('makes about 16% of them members with histories, the rest prospects', async () => {
    const db = ctx.deps.database;
    const [m] = await rows(
      db,
      `select count(*) filter (where o.status = 'prospect')::int as prospects, count(m.id)::int as members, count(distinct i.organization_id)::int as invoiced
       from organizations o left join memberships m on m.organization_id = o.id
       left join (select distinct organization_id from invoices) i on i.organization_id = o.id
       where o.email_domain like '%.example.gov'`,
    );
    const members = Math.round(ORGS * MEMBER_SHARE);
    expect(m).toEqual({ prospects: ORGS - members, members, invoiced: members });
  });

  it('loads the people, every one an individual member, most with a directory profile', async () => {
    const db = ctx.deps.database;
    const [p] = await rows(
      db,
      `select count(*)::int as people, count(im.user_id)::int as members, count(mp.user_id)::int as profiles,
              count(*) filter (where im.status = 'active')::int as active, count(*) filter (where im.salary_cents is null)::int as unpriced
       from users u left join individual_memberships im on im.user_id = u.id left join member_profiles mp on mp.user_id = u.id
       where u.email like '%.example.gov'`,
    );
    expect(p?.people).toBe(PEOPLE);
    expect(p?.members).toBe(PEOPLE);
    expect(Number(p?.profiles)).toBeGreaterThan(PEOPLE * 0.85);
    expect(Number(p?.profiles)).toBeLessThan(PEOPLE * 0.95);
    expect(Number(p?.active)).toBeGreaterThan(PEOPLE * 0.8);
    expect(Number(p?.active)).toBeLessThan(PEOPLE);
    expect(Number(p?.unpriced)).toBeGreaterThan(0);
    // The others can be priced: the employer's figures come both or not at all (the discount needs both).
    const [half] = await rows(db, 'select count(*)::int as n from individual_memberships where (employer_population is null) <> (employer_general_fund_cents is null)');
    expect(half?.n).toBe(0);
    expect(result).toMatchObject({ people: PEOPLE, organizations: ORGS });
  });

  it("lists the loaded members in Who's Who: the name index its triggers skipped is rebuilt after the load", async () => {
    const db = ctx.deps.database;
    const count = async () => Number((await rows(db, `select count(*)::int as n from directory_name_index where word = ''`))[0]?.n);
    const loaded = await count();
    expect(loaded).toBeGreaterThan(PEOPLE * 0.5);
    await db.executor.executeSql('select directory_name_index_rebuild()');
    expect(await count()).toBe(loaded);
  });

  it('finds the loaded organizations by name: the word index its triggers skipped is rebuilt after the load', async () => {
    const db = ctx.deps.database;
    const [r] = await rows(
      db,
      `select (select count(distinct organization_id)::int from organization_name_words) as indexed,
              (select count(*)::int from organizations where merged_into_id is null) as organizations,
              (select count(*)::int from organization_name_lexicon) as words`,
    );
    expect(r?.indexed).toBe(r?.organizations);
    expect(Number(r?.words)).toBeGreaterThan(10);
    // and the search reads it: an organization's own name finds it
    const [one] = await rows(db, `select id, name from organizations where merged_into_id is null order by name limit 1`);
    const [hit] = await rows(
      db,
      `select count(*)::int as n from organization_search_page($1, $2, false, null, '', '00000000-0000-0000-0000-000000000000'::uuid, 50) where organization_id = $3`,
      [
        String(one?.name),
        String(one?.name)
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter(Boolean)
          .reduce((a, b) => (b.length > a.length ? b : a), ''),
        String(one?.id),
      ],
    );
    expect(hit?.n).toBe(1);
  });

  it("leaves the searches' word tables all-visible, so that their index-only scans never read the table", () => {
    expect(notAllVisible).toEqual([]);
  });

  it('names people after the Census frequencies: Smith and Johnson lead, with a long tail', async () => {
    const db = ctx.deps.database;
    const top = await rows(db, `select split_part(name, ' ', 2) as surname, count(*)::int as n from users where email like '%.example.gov' group by 1 order by 2 desc, 1 limit 10`);
    const surnames = top.map((r) => String(r.surname));
    expect(surnames.slice(0, 5)).toEqual(expect.arrayContaining(['Smith', 'Johnson']));
    // Smith is 0.83% of people in the Census table: between 0.5% and 1.2% of 4,000.
    const smith = Number(top.find((r) => r.surname === 'Smith')?.n);
    expect(smith).toBeGreaterThan(PEOPLE * 0.005);
    expect(smith).toBeLessThan(PEOPLE * 0.012);
    const [distinct] = await rows(db, `select count(distinct split_part(name, ' ', 2))::int as n from users where email like '%.example.gov'`);
    expect(Number(distinct?.n)).toBeGreaterThan(PEOPLE * 0.4);
  });

  it('draws from the surname table in proportion to its frequencies', () => {
    const d = surnameDistribution();
    expect(d.names.length).toBeGreaterThan(20_000);
    expect(d.cumulative[d.cumulative.length - 1]).toBeGreaterThan(99_000);
    const r = rng(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const n = draw(d, r);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    // 828.19 and 655.24 per 100,000 in the table.
    expect(Number(counts.get('Smith'))).toBeGreaterThan(740);
    expect(Number(counts.get('Smith'))).toBeLessThan(920);
    expect(Number(counts.get('Johnson'))).toBeGreaterThan(580);
    expect(Number(counts.get('Johnson'))).toBeLessThan(730);
  });

  it('leaves the privilege triggers it left out during the load enabled again', async () => {
    const enabled = await rows(
      ctx.deps.database,
      `select tgname, tgenabled from pg_trigger where tgname in ('user_roles_privileges_insert', 'organization_contacts_privileges_insert') order by 1`,
    );
    expect(enabled).toEqual([
      { tgname: 'organization_contacts_privileges_insert', tgenabled: 'O' },
      { tgname: 'user_roles_privileges_insert', tgenabled: 'O' },
    ]);
  });

  it('bumps the privileges of the accounts with a session when a bulk grant leaves the triggers out, and only theirs', async () => {
    const db = ctx.deps.database;
    const [a, b] = await rows(db, `select id, privileges_version as v from users where email like '%.example.gov' order by id limit 2`);
    await rows(db, `insert into sessions (id_hash, user_id, expires_at) values ('bench-test-session', $1, now() + interval '1 day')`, [a?.id]);
    await bulkGrantRole(db, [String(a?.id), String(b?.id)], 'transition', 1_000);
    const after = await rows(db, 'select id, privileges_version as v from users where id = any($1::uuid[]) order by id', [[a?.id, b?.id]]);
    expect(after).toEqual([
      { id: a?.id, v: Number(a?.v) + 1 },
      { id: b?.id, v: b?.v },
    ]);
    const [granted] = await rows(db, `select count(*)::int as n from user_roles where role = 'transition' and user_id = any($1::uuid[])`, [[a?.id, b?.id]]);
    expect(granted?.n).toBe(2);
  });

  it('loads nothing the second time, and the same rows from the same seed elsewhere', async () => {
    expect(await seedNational(ctx.deps.database, { organizations: ORGS, people: PEOPLE, seed: SEED, today: TODAY })).toBeNull();
    const second = await createTestContext();
    try {
      const migrated = await structure(second.deps.database);
      await seedNational(second.deps.database, { organizations: ORGS, people: PEOPLE, seed: SEED, today: TODAY });
      expect(await fingerprint(second.deps.database)).toBe(await fingerprint(ctx.deps.database));
      // the indexes and foreign keys the load left out until the end are all back, as they were
      expect(migrated.filter((d) => String(d.kind) === 'f').length).toBeGreaterThan(10);
      expect(await structure(second.deps.database)).toEqual(migrated);
      expect(await structure(ctx.deps.database)).toEqual(migrated);
    } finally {
      await second.close();
    }
  }, 300_000);
});
