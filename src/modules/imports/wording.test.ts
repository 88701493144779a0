// How the import pages speak to staff: organization types by their names (never the stored
// 'tribal_nation'), counts in proper singular and plural ("1 problem", "3 rows"), and what an
// organizations file makes: prospects, not members, and how a prospect becomes a member.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textOf } from '../../../test/html.js';
import { IMPORT_QUEUE } from './index.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = (await signedInStaff(ctx, 'membership')).client;
});
afterAll(() => ctx?.close());

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const MAPPING = { external_id: 'ID', name: 'Name', entity_type: 'Type', state: 'State' };

async function uploaded(content: Buffer, source: string): Promise<string> {
  const res = await staff.postMultipart('/staff/import', { source, kind: 'organizations' }, [{ field: 'file', filename: 'orgs.csv', type: 'text/csv', content }]);
  expect(res.statusCode, res.body).toBe(303);
  return String(res.headers.location);
}

const mainText = (html: string) => textOf(html, 'main').replace(/\s+/g, ' ');
/** The hint under a field of the mapping form. */
const hintOf = (html: string, field: string) => {
  const select = dom(html).querySelector(`select[name="${field}"]`);
  const ids = (select?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => dom(html).querySelector(`#${id}`)?.text.trim() ?? '').join(' ');
};

describe('the import pages', () => {
  it('say that an organizations file makes prospects, and how a prospect becomes a member', async () => {
    const page = mainText((await staff.get('/staff/import')).body);
    expect(page).toContain('New organizations from a file are prospects');
    expect(page).toMatch(/not members/);
    expect(page).toMatch(/terms file/);
    expect(page).toMatch(/applies to join/);
  });

  it('name organization types by their labels, in the mapping hint and in a row’s problem', async () => {
    const page = await uploaded(csv(['ID,Name,Type,State', 'W1,Wording Borough,borough,OH']), 'Wording one');
    const form = (await staff.get(page)).body;
    expect(hintOf(form, 'entity_type')).toContain('City, County, Town, Region, Tribal nation');
    expect(hintOf(form, 'entity_type')).not.toContain('tribal_nation');
    const checked = await staff.postForm(`${page}/check`, MAPPING);
    expect(checked.statusCode).toBe(422);
    const [problem] = rowsOf(checked.body, 'Problems');
    expect(problem?.[3]).toContain('Tribal nation');
    expect(checked.body).not.toContain('tribal_nation');
    expect((await staff.get(`${page}/report.csv`)).body).not.toContain('tribal_nation');
  });

  it('count in the singular for one and the plural for more', async () => {
    const one = await uploaded(csv(['ID,Name,Type,State', 'W2,Wording Bad Type,borough,OH']), 'Wording two');
    const bad = mainText((await staff.postForm(`${one}/check`, MAPPING)).body);
    expect(bad).toContain('1 problem in 1 row;');
    expect(bad).not.toContain('(s)');

    const three = await uploaded(csv(['ID,Name,Type,State', 'W3,,borough,ZZ', 'W4,Wording Fine,Tribal nation,WA', 'W5,Wording Too,city,OH']), 'Wording three');
    const problems = mainText((await staff.postForm(`${three}/check`, MAPPING)).body);
    expect(problems).toContain('3 problems in 3 rows;');

    const single = await uploaded(csv(['ID,Name,Type,State', 'W6,Wording Tribe,Tribal nation,WA']), 'Wording four');
    const ready = await staff.postForm(`${single}/check`, MAPPING);
    expect(ready.statusCode).toBe(200);
    const readyText = mainText(ready.body);
    expect(readyText).toContain('The 1 row is ready to import.');
    expect(readyText).toContain('Import 1 row');
    expect(readyText).not.toContain('(s)');
    // the dry run says what the import will make
    expect(readyText).toContain('New organizations from a file are prospects');
    expect((await staff.postForm(`${single}/run`, {})).statusCode).toBe(303);
    await ctx.deps.jobs.drain(IMPORT_QUEUE);
    const done = mainText((await staff.get(single)).body);
    expect(done).toContain('1 row: 1 organization created, 0 updated, 0 unchanged.');
    expect(done).toContain('New organizations from a file are prospects');
    expect(done).not.toContain('(s)');
    const org = await ctx.deps.db.selectFrom('organizations').select(['entity_type', 'status']).where('name', '=', 'Wording Tribe').executeTakeFirstOrThrow();
    expect(org).toEqual({ entity_type: 'tribal_nation', status: 'prospect' });
  });
});
