// Importing organizations over HTTP as membership staff: a file with planted problems of several
// kinds yields exactly those rows in the dry run's report (on the page and in its CSV) and imports
// nothing, even when the import is asked for; fixed, it imports every row; the same file again
// changes nothing; an edited row updates its organization. Bad files get clear messages, and
// people who are not import staff are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { IMPORT_QUEUE } from './index.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = (await signedInStaff(ctx, 'membership')).client;
});
afterAll(() => ctx?.close());

const HEADER = 'Record ID,Org Name,Type,ST,Pop,Web,Email';
const ROWS = 1200;
const goodRow = (i: number, suffix = '') =>
  `X${i},Imported Place ${i}${suffix},${['city', 'county', 'town'][i % 3]},${['OH', 'TX', 'WA'][i % 3]},${1000 + i},https://place${i}.gov,clerk@place${i}.gov`;

/** The planted problems: data row i (1-based) → its line, and the [row, column] it must report (the header is row 1). */
const PLANTED: Record<number, { line: string; column: string }> = {
  5: { line: 'X5,,city,OH,100,,', column: 'Org Name' },
  40: { line: 'X40,Bad State,city,ZZ,100,,', column: 'ST' },
  77: { line: 'X77,Bad Type,borough,OH,100,,', column: 'Type' },
  300: { line: 'X300,Bad Pop,city,OH,lots,,', column: 'Pop' },
  512: { line: 'X512,Bad Email,city,OH,,,clerk-at-place.gov', column: 'Email' },
  640: { line: 'X7,Duplicate Id,city,OH,,,', column: 'Record ID' },
  999: { line: ',No Id,county,TX,,,', column: 'Record ID' },
  1100: { line: 'X1100,Bad Site,city,OH,,javascript:alert(1),', column: 'Web' },
};

function file(opts: { planted?: boolean; edit?: number } = {}): Buffer {
  const lines = [HEADER];
  for (let i = 1; i <= ROWS; i++) lines.push(opts.planted && PLANTED[i] ? (PLANTED[i]?.line as string) : goodRow(i, opts.edit === i ? ' (renamed)' : ''));
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const MAPPING = { external_id: 'Record ID', name: 'Org Name', entity_type: 'Type', state: 'ST', population: 'Pop', website: 'Web', email: 'Email' };

/** Starts the import of an uploaded file and works its background job. */
async function run(page: string) {
  const res = await staff.postForm(`${page}/run`, {});
  expect(res.statusCode, res.body).toBe(303);
  await ctx.deps.jobs.drain(IMPORT_QUEUE);
  return res;
}

async function upload(client: TestClient, content: Buffer, filename = 'orgs.csv', source = 'Old CRM') {
  return client.postMultipart('/staff/import', { source }, [{ field: 'file', filename, type: 'text/csv', content }]);
}

async function uploaded(content: Buffer, source = 'Old CRM'): Promise<string> {
  const res = await upload(staff, content, 'orgs.csv', source);
  expect(res.statusCode, res.body).toBe(303);
  return String(res.headers.location);
}

async function counts() {
  const db = ctx.deps.db;
  const [orgs, keys] = await Promise.all([
    db.selectFrom('organizations').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('import_keys').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { orgs: Number(orgs.n), keys: Number(keys.n) };
}

const imported = () => ctx.deps.db.selectFrom('organizations').selectAll().where('name', 'like', 'Imported Place %').orderBy('name').execute();

describe('importing organizations', () => {
  it('reports exactly the planted problems, and imports nothing', async () => {
    const before = await counts();
    const page = await uploaded(file({ planted: true }));
    const checked = await staff.postForm(`${page}/check`, MAPPING);
    expect(checked.statusCode).toBe(422);
    expect(checked.body).toContain(`${Object.keys(PLANTED).length} problems in ${ROWS} rows`);
    // the way on: the upload form, from the report (this page has none)
    const onward = dom(checked.body)
      .querySelectorAll('#report-heading ~ p a')
      .find((a) => a.text.trim() === 'upload the corrected file');
    expect(onward?.getAttribute('href')).toBe('/staff/import');
    const report = await staff.get(`${page}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/text\/csv/);
    const lines = report.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,column,value,problem');
    const found = lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','));
    const expected = Object.entries(PLANTED).map(([i, p]) => `${Number(i) + 1},${p.column}`);
    expect(found).toEqual(expected);
    expect(report.body).toContain('The external id is also on row 8');
    // Asked to import anyway: refused with the report, nothing written.
    const refused = await staff.postForm(`${page}/run`, {});
    expect(refused.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('imports every row of the fixed file, then a second run changes nothing, and an edited row updates', async () => {
    const before = await counts();
    const page = await uploaded(file());
    // the mapping chosen for this source before is remembered
    expect((await staff.get(page)).body).toMatch(/<option value="Org Name" selected/);
    const checked = await staff.postForm(`${page}/check`, MAPPING);
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain(`All ${ROWS} rows are ready to import`);
    await run(page);
    expect(await counts()).toEqual({ orgs: before.orgs + ROWS, keys: before.keys + ROWS });
    const first = await imported();
    expect(first).toHaveLength(ROWS);
    const place9 = first.find((o) => o.name === 'Imported Place 9');
    expect(place9).toMatchObject({ entity_type: 'city', state: 'OH', population: 1009, website: 'https://place9.gov', email_domain: 'place9.gov', status: 'prospect' });
    const audits = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'imports.organizations_imported').execute();
    expect(audits).toHaveLength(1);

    // The finished file's page says what was imported, links the first organizations created to
    // their records, and offers neither the column mapping nor the import again.
    const done = dom((await staff.get(page)).body);
    expect(textOf(done, '#result-heading + p')).toBe(`${ROWS} rows: ${ROWS} organizations created, 0 updated, 0 unchanged.`);
    expect(textOf(done, '#made-heading')).toBe(`The first 20 of the ${ROWS} organizations created:`);
    const links = done.querySelectorAll('#made-heading + ul a');
    expect(links.map((a) => a.text)).toEqual(Array.from({ length: 20 }, (_, i) => `Imported Place ${i + 1}`));
    expect(links[8]?.getAttribute('href')).toBe(`/staff/organizations/${place9?.id}`);
    expect(done.querySelectorAll('main form').map((f) => f.getAttribute('action'))).toEqual([]);
    expect(done.querySelectorAll('h2').map((h) => h.text)).not.toContain('Match the columns');
    expect(done.querySelector('main a[href="/staff/import"]')?.text).toBe('All imports');
    // A tab left open on the mapping or the dry run: checking or importing again changes nothing
    // and says why.
    const upload = () =>
      ctx.deps.db
        .selectFrom('import_uploads')
        .selectAll()
        .where('id', '=', page.split('/').pop() as string)
        .executeTakeFirstOrThrow();
    const stored = await upload();
    for (const action of ['check', 'run']) {
      const res = await staff.postForm(`${page}/${action}`, { ...MAPPING, state: 'Pop' });
      expect(res.statusCode, action).toBe(303);
      expect(res.headers.location).toBe(page);
      expect(textOf((await staff.get(page)).body, 'main'), action).toContain('This file has been imported already');
    }
    expect(await upload()).toEqual(stored);
    await ctx.deps.jobs.drain(IMPORT_QUEUE);
    expect(await counts()).toEqual({ orgs: before.orgs + ROWS, keys: before.keys + ROWS });

    // The same file again: nothing changes, not even a key's time.
    const keysBefore = await ctx.deps.db.selectFrom('import_keys').selectAll().orderBy('external_id').execute();
    ctx.clock.advance(60_000);
    const again = await uploaded(file());
    expect((await staff.postForm(`${again}/check`, MAPPING)).statusCode).toBe(200);
    await run(again);
    const unchanged = dom((await staff.get(again)).body);
    expect(textOf(unchanged, '#result-heading + p')).toBe(`${ROWS} rows: 0 organizations created, 0 updated, ${ROWS} unchanged.`);
    expect(unchanged.querySelector('#made-heading')).toBeNull();
    expect(await counts()).toEqual({ orgs: before.orgs + ROWS, keys: before.keys + ROWS });
    expect(await imported()).toEqual(first);
    expect(await ctx.deps.db.selectFrom('import_keys').selectAll().orderBy('external_id').execute()).toEqual(keysBefore);

    // One row edited: that organization only is updated.
    const edited = await uploaded(file({ edit: 42 }));
    expect((await staff.postForm(`${edited}/check`, MAPPING)).statusCode).toBe(200);
    await run(edited);
    expect((await staff.get(edited)).body).toContain(`0 organizations created, 1 updated, ${ROWS - 1} unchanged`);
    expect(await counts()).toEqual({ orgs: before.orgs + ROWS, keys: before.keys + ROWS });
    const after = await imported();
    const renamed = after.find((o) => o.name === 'Imported Place 42 (renamed)');
    expect(renamed?.id).toBe(first.find((o) => o.name === 'Imported Place 42')?.id);
    expect(after.filter((o) => o.name !== 'Imported Place 42 (renamed)')).toEqual(first.filter((o) => o.name !== 'Imported Place 42'));
  });

  it('after starting, the message says the import has started while it runs, and that it has finished when it ended before the page showed', async () => {
    const small = (ids: number[]) => Buffer.from(`${[HEADER, ...ids.map((i) => `F${i},Flash Place ${i},city,OH,100,,`)].join('\r\n')}\r\n`);
    const started = 'The import has started. This page shows how far it has got; you can leave it and come back.';
    // Still running when its page shows: the start's message, above the progress.
    const running = await uploaded(small([1, 2]), 'Flash CRM');
    expect((await staff.postForm(`${running}/check`, MAPPING)).statusCode).toBe(200);
    expect((await staff.postForm(`${running}/run`, {})).statusCode).toBe(303);
    const during = await staff.get(running);
    expect(textOf(during.body, '.flash')).toBe(started);
    expect(textOf(during.body, '#progress-heading')).toBe('Importing');
    await ctx.deps.jobs.drain(IMPORT_QUEUE);
    // Ended before its page shows (a small file): not "started" above the result, but finished.
    const quick = await uploaded(small([3, 4]), 'Flash CRM');
    expect((await staff.postForm(`${quick}/check`, MAPPING)).statusCode).toBe(200);
    await run(quick);
    const done = await staff.get(quick);
    expect(textOf(done.body, '.flash')).toBe('The import has finished: the result is below.');
    expect(textOf(done.body, '#result-heading')).toBe('Imported');
    expect(textOf(done.body, 'main')).not.toContain('has started');
    // The message shows once.
    expect(dom((await staff.get(quick)).body).querySelector('.flash')).toBeNull();
  });

  it('says clearly what is wrong with a file that is not CSV, not UTF-8, or empty, and keeps nothing', async () => {
    const before = await ctx.deps.db.selectFrom('import_uploads').select(ctx.deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const cases: Array<[Buffer, string, RegExp]> = [
      [png, 'logo.csv', /binary content/],
      [png, 'logo.png', /not a CSV file/],
      [Buffer.concat([Buffer.from('external_id,name,entity_type,state\r\nX1,Montr'), Buffer.from([0xe9]), Buffer.from('al,city,OH\r\n')]), 'latin1.csv', /not UTF-8/],
      [Buffer.from(''), 'empty.csv', /empty/],
      [Buffer.from('a,b\r\n"unclosed,c\r\n'), 'broken.csv', /not valid CSV/],
    ];
    for (const [content, name, message] of cases) {
      const res = await upload(staff, content, name);
      expect(res.statusCode, name).toBe(400);
      expect(res.body, name).toMatch(message);
    }
    expect((await upload(staff, file(), 'orgs.csv', '')).statusCode).toBe(400);
    expect(await ctx.deps.db.selectFrom('import_uploads').select(ctx.deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);

    // A header row and nothing else; a mapping without a required column.
    const headerOnly = await uploaded(Buffer.from('external_id,name,entity_type,state\r\n'), 'Header only');
    const none = await staff.postForm(`${headerOnly}/check`, { external_id: 'external_id', name: 'name', entity_type: 'entity_type', state: 'state' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('no rows to import');
    const page = await uploaded(file(), 'Another system');
    const unmapped = await staff.postForm(`${page}/check`, { ...MAPPING, state: '' });
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.body).toContain('Choose the column that holds the state');
    const wrong = await staff.postForm(`${page}/check`, { ...MAPPING, state: 'No such column' });
    expect(wrong.statusCode).toBe(400);
  });

  it('is for membership staff and staff admins only', async () => {
    const page = await uploaded(file());
    for (const roles of [['finance'], ['communications']] as const) {
      const other = await signedInAs(ctx, [...roles]);
      expect((await other.get('/staff/import')).statusCode).toBe(403);
      expect((await other.get(page)).statusCode).toBe(403);
      expect((await other.get(`${page}/report.csv`)).statusCode).toBe(403);
      expect((await other.postForm(`${page}/run`, {})).statusCode).toBe(403);
    }
    expect((await ctx.client().get('/staff/import')).statusCode).not.toBe(200);
    const admin = await signedInAs(ctx, ['admin']);
    const home = await admin.get('/staff');
    expect(home.body).toContain('href="/staff/import"');
    expect((await admin.get(page)).statusCode).toBe(200);
  });
});
