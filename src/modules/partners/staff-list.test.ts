// The staff list of relationships: sorted by a column's link (aria-sort says how), paged with the
// count shown (nothing cut off at 500 or anywhere), filters kept in every link, and a CSV of the
// same rows, streamed whatever their number, with only the list's columns.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPartnerRelationship, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textOf } from '../../../test/html.js';
import { eachRelationship } from './queries.js';

let ctx: TestContext;
let staff: TestClient;
const BRANCHES = 53;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-10T15:00:00Z');
  staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['partnerships'] })).email);
  // every branch changes status in the same instant: the order's ties are broken by id
  for (let i = 1; i <= BRANCHES; i++) await aPartnerRelationship(ctx, { kind: 'branch', name: `Branch ${String(i).padStart(2, '0')}` });
  await aPartnerRelationship(ctx, { kind: 'partnership', name: 'beta Works', status: 'active', amountCents: 99_000 });
  await aPartnerRelationship(ctx, { kind: 'partnership', name: 'Alpha Trust', status: 'discussion' });
  await aPartnerRelationship(ctx, { kind: 'partnership', name: '=Gamma Fund', status: 'ended' });
}, 300_000); // some 60 relationships, each with its timeline and audit rows, on a busy machine
afterAll(() => ctx?.close());

const names = (html: string) => rowsOf(html, 'Relationships').map((cells) => cells[0]);
const header = (html: string, label: string) => {
  const th = dom(html)
    .querySelectorAll('table thead th')
    .find((h) => h.textContent.trim().startsWith(label));
  if (!th) throw new Error(`no column ${label}`);
  return th;
};

describe('the staff list of relationships', () => {
  it('sorts by name, status and agreement end from the column headers, saying so with aria-sort', async () => {
    const byName = await staff.get('/staff/partners?kind=partnership&sort=name&dir=asc');
    expect(byName.statusCode).toBe(200);
    expect(names(byName.body)).toEqual(['=Gamma Fund', 'Alpha Trust', 'beta Works']);
    expect(header(byName.body, 'Partner').getAttribute('aria-sort')).toBe('ascending');
    expect(header(byName.body, 'Status').getAttribute('aria-sort')).toBeUndefined();
    // the header's link turns the order round and keeps the filter
    expect(header(byName.body, 'Partner').querySelector('a')?.getAttribute('href')).toBe('/staff/partners?kind=partnership&sort=name&dir=desc');

    const byStatus = await staff.get('/staff/partners?kind=partnership&sort=status&dir=asc');
    expect(names(byStatus.body)).toEqual(['Alpha Trust', 'beta Works', '=Gamma Fund']); // in discussion, active, ended: the lifecycle's order
    const byEnd = await staff.get('/staff/partners?kind=partnership&sort=agreement_end&dir=desc');
    expect(names(byEnd.body)[0]).toBe('beta Works'); // the one with an agreement; those without come last either way
    expect(header(byEnd.body, 'Agreement ends').getAttribute('aria-sort')).toBe('descending');
  });

  it('pages the list with the count shown, keeping the filters and the order in the pager', async () => {
    const first = await staff.get('/staff/partners?kind=branch&sort=name');
    expect(textOf(first.body, '.match-count')).toBe('53 relationships match; 1–50 shown.');
    expect(names(first.body)).toHaveLength(50);
    const next = dom(first.body).querySelector('nav.pager a');
    expect(next?.textContent).toBe('Next page');
    expect(next?.getAttribute('href')).toBe('/staff/partners?kind=branch&sort=name&page=2');
    const second = await staff.get('/staff/partners?kind=branch&sort=name&page=2');
    expect(names(second.body)).toEqual(['Branch 51', 'Branch 52', 'Branch 53']);
    expect(textOf(second.body, '.match-count')).toBe('53 relationships match; 51–53 shown.');
    // the filter form keeps the order
    expect(dom(second.body).querySelector('form.filters input[name=sort]')?.getAttribute('value')).toBe('name');
  });

  it('says what is wrong with a bad address and shows the list from the start', async () => {
    for (const q of ['sort=salary', 'page=0', 'page=two', 'dir=sideways']) {
      const res = await staff.get(`/staff/partners?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(textOf(res.body, '.error-summary h2')).toBe('This list’s address is not valid');
      expect(names(res.body).length).toBe(50);
    }
    const badStatus = await staff.get('/staff/partners?status=archived');
    expect(badStatus.statusCode).toBe(400);
    expect(textOf(badStatus.body, '#f-status-error')).toContain('Choose a status from the list.');
    expect((await staff.get('/staff/partners.csv?kind=bogus')).statusCode).toBe(400);
  });

  it('downloads the same rows as CSV, every one, with only the list’s columns', async () => {
    const page = await staff.get('/staff/partners?kind=partnership&sort=name');
    const link = dom(page.body)
      .querySelectorAll('main a')
      .find((a) => a.textContent.includes('as CSV'));
    expect(link?.textContent).toBe('Download these 3 relationships as CSV');
    expect(link?.getAttribute('href')).toBe('/staff/partners.csv?kind=partnership&sort=name');
    const res = await staff.get(link?.getAttribute('href') ?? '');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(res.body, { bom: true });
    expect(rows[0]).toEqual(['Partner', 'Kind', 'Status', 'Since', 'City or area', 'State', 'Agreement ends', 'Public']);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[7]])).toEqual([
      ["'=Gamma Fund", 'Ended', 'No longer (ended)'], // a formula is never run
      ['Alpha Trust', 'In discussion', 'Once active'],
      ['beta Works', 'Active', 'Listed'],
    ]);
    expect(res.body).not.toMatch(/Working together|Secret project|990/);

    const all: string[][] = parse((await staff.get('/staff/partners.csv')).body, { bom: true });
    expect(all).toHaveLength(1 + BRANCHES + 3);
  });

  it('reads the export in keyset batches that neither lose nor repeat a row where rows tie', async () => {
    const seen: string[] = [];
    for await (const batch of eachRelationship(ctx.deps.db, { kind: 'branch' }, 7)) seen.push(...batch.map((r) => r.partner_name));
    expect(seen).toHaveLength(BRANCHES);
    expect(new Set(seen).size).toBe(BRANCHES);
    const byName: string[] = [];
    for await (const batch of eachRelationship(ctx.deps.db, { kind: 'branch', sort: 'name', dir: 'desc' }, 10)) byName.push(...batch.map((r) => r.partner_name));
    expect(byName[0]).toBe('Branch 53');
    expect(byName).toHaveLength(BRANCHES);
  });
});
