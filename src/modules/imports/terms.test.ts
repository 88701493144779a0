// Importing organizations' past memberships (terms) over HTTP: planted problems (dates, a term
// ending before it starts, an organization not imported from the source, two current terms, an
// organization that is a member in Civnet already) yield exactly those rows and import nothing;
// the fixed file imports every term and the organizations' status follows (active with a current
// term, lapsed with only past ones); the same file again changes nothing; an edited row updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anActiveMembership, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { formatDay } from '../../lib/format.js';
import { IMPORT_QUEUE } from './index.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = (await signedInStaff(ctx, 'membership')).client;
});
afterAll(() => ctx?.close());

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const SOURCE = 'Terms CRM';

async function importing(kind: string, content: Buffer, mapping: Record<string, string>) {
  const res = await staff.postMultipart('/staff/import', { source: SOURCE, kind }, [{ field: 'file', filename: `${kind}.csv`, type: 'text/csv', content }]);
  expect(res.statusCode, res.body).toBe(303);
  const page = String(res.headers.location);
  const checked = await staff.postForm(`${page}/check`, mapping);
  if (checked.statusCode !== 200) return { page, checked };
  expect((await staff.postForm(`${page}/run`, {})).statusCode).toBe(303);
  await ctx.deps.jobs.drain(IMPORT_QUEUE);
  return { page, checked, after: await staff.get(page) };
}

const HEADER = 'Term ID,Org,From,To';
const MAPPING = { external_id: 'Term ID', organization_external_id: 'Org', term_start: 'From', term_end: 'To' };
const terms = (o: { lastEnd?: string } = {}) => ['T1,TO1,2023-01-01,2023-12-31', 'T2,TO1,2024-01-01,2099-12-31', `T3,TO2,2020-01-01,${o.lastEnd ?? '2020-12-31'}`];

const state = () =>
  ctx.deps.db
    .selectFrom('organizations as o')
    .leftJoin('memberships as m', 'm.organization_id', 'o.id')
    .select(['o.name', 'o.status as organization', 'm.status', 'm.term_start', 'm.term_end'])
    .where('o.name', 'like', 'Termed %')
    .orderBy('o.name')
    .orderBy('m.term_start')
    .execute();

describe('importing terms', () => {
  beforeAll(async () => {
    const orgs = await importing('organizations', csv(['external_id,name,entity_type,state', 'TO1,Termed One,city,OH', 'TO2,Termed Two,county,TX', 'TO3,Termed Three,town,WA']), {
      external_id: 'external_id',
      name: 'name',
      entity_type: 'entity_type',
      state: 'state',
    });
    expect(orgs.after?.body).toContain('3 organizations created');
    const three = await ctx.deps.db.selectFrom('organizations').select('id').where('name', '=', 'Termed Three').executeTakeFirstOrThrow();
    await anActiveMembership(ctx, three.id, { start: '2026-01-01', end: '2099-12-31' });
  });

  it('reports exactly the planted problems and imports nothing', async () => {
    const before = await state();
    const { page, checked } = await importing(
      'terms',
      csv([
        HEADER,
        ...terms(),
        'T4,TO1,2025-13-01,2025-12-31',
        'T5,TO2,2021-06-01,2021-01-01',
        'T6,NOPE,2021-01-01,2021-12-31',
        'T7,TO1,2025-01-01,2099-06-30',
        'T8,TO3,2026-02-01,2099-01-31',
      ]),
      MAPPING,
    );
    expect(checked.statusCode).toBe(422);
    expect(checked.body).toContain('5 problems in 8 rows');
    const report = await staff.get(`${page}/report.csv`);
    const rows = report.body
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join(','));
    expect(rows).toEqual(['5,From', '6,To', '8,From', '7,Org', '9,To']);
    expect(await state()).toEqual(before);
  });

  it('imports every term, the organizations follow; again changes nothing; an edited row updates', async () => {
    const first = await importing('terms', csv([HEADER, ...terms()]), MAPPING);
    expect(first.after?.body).toContain('3 rows: 3 terms created, 0 updated, 0 unchanged');
    // each term created, linked to its organization's record
    const made = dom(first.after?.body ?? '').querySelectorAll('#made-heading + ul a');
    expect(made.map((a) => a.text)).toEqual([
      `Organization TO1: ${formatDay('2023-01-01')} to ${formatDay('2023-12-31')}`,
      `Organization TO1: ${formatDay('2024-01-01')} to ${formatDay('2099-12-31')}`,
      `Organization TO2: ${formatDay('2020-01-01')} to ${formatDay('2020-12-31')}`,
    ]);
    const termedOne = await ctx.deps.db.selectFrom('organizations').select('id').where('name', '=', 'Termed One').executeTakeFirstOrThrow();
    expect(made[0]?.getAttribute('href')).toBe(`/staff/organizations/${termedOne.id}`);
    const after = await state();
    expect(after.filter((r) => r.name !== 'Termed Three')).toEqual([
      { name: 'Termed One', organization: 'active', status: 'ended', term_start: '2023-01-01', term_end: '2023-12-31' },
      { name: 'Termed One', organization: 'active', status: 'active', term_start: '2024-01-01', term_end: '2099-12-31' },
      { name: 'Termed Two', organization: 'lapsed', status: 'ended', term_start: '2020-01-01', term_end: '2020-12-31' },
    ]);
    const again = await importing('terms', csv([HEADER, ...terms()]), MAPPING);
    expect(again.after?.body).toContain('0 terms created, 0 updated, 3 unchanged');
    expect(await state()).toEqual(after);

    const edited = await importing('terms', csv([HEADER, ...terms({ lastEnd: '2099-12-31' })]), MAPPING);
    expect(edited.after?.body).toContain('0 terms created, 1 updated, 2 unchanged');
    expect((await state()).filter((r) => r.name === 'Termed Two')).toEqual([
      { name: 'Termed Two', organization: 'active', status: 'active', term_start: '2020-01-01', term_end: '2099-12-31' },
    ]);
  });

  it('a term that ends today in the association’s time zone is current, in the evening there too', async () => {
    const was = ctx.clock.now();
    try {
      // 21:00 on March 3 in New York is March 4 in UTC
      ctx.clock.set('2027-03-04T02:00:00Z');
      staff = (await signedInStaff(ctx, 'membership')).client; // the earlier session has expired by then
      const org = await importing('organizations', csv(['external_id,name,entity_type,state', 'TO5,Termed Five,city,NY']), {
        external_id: 'external_id',
        name: 'name',
        entity_type: 'entity_type',
        state: 'state',
      });
      expect(org.after?.body).toContain('1 organization created');
      const run = await importing('terms', csv([HEADER, 'T10,TO5,2026-03-04,2027-03-03']), MAPPING);
      expect(run.after?.body).toContain('1 term created');
      expect((await state()).filter((r) => r.name === 'Termed Five')).toEqual([
        { name: 'Termed Five', organization: 'active', status: 'active', term_start: '2026-03-04', term_end: '2027-03-03' },
      ]);
    } finally {
      ctx.clock.set(was);
    }
  });
});
