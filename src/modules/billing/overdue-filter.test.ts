// The invoice list's one "Overdue" control: any, overdue, or more than 30, 60 or 90 days overdue
// (`overdue=yes|30|60|90`), on the page, its CSV and the API. Old addresses keep working:
// `overdue=true` and `pastDue=30|60|90` (the staff desk's links) read as the same choices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, signedInAs } from '../../../test/factories/index.js';
import { createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom as root, textsOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;
const ids: Record<string, string> = {};
const ORG = 'Overdue Filter Township';

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2030-06-15T15:00:00Z');
  finance = await signedInAs(ctx, ['finance']);
  const org = await createOrganization(ctx, { name: ORG });
  // invoices are due 30 days after they are issued
  const issued: Record<string, string> = { notDue: '2030-06-01', late1: '2030-05-15', late30: '2030-04-16', late31: '2030-04-15', late61: '2030-03-16', late91: '2030-02-14' };
  for (const [key, issuedOn] of Object.entries(issued)) ids[key] = (await anInvoice(ctx, { organizationId: org, issuedOn, cents: 10_000 })).id;
});
afterAll(() => ctx?.close());

const keysOf = (found: string[]) =>
  Object.entries(ids)
    .filter(([, id]) => found.includes(id))
    .map(([k]) => k)
    .sort();
const apiKeys = async (query: string) => {
  const res = await finance.getJson(`/api/v1/invoices?organization=${encodeURIComponent(ORG)}&${query}`);
  expect(res.statusCode, query).toBe(200);
  return keysOf(res.json().invoices.map((i: { id: string }) => i.id));
};
const pageOf = (query: string) => finance.get(`/staff/invoices?organization=${encodeURIComponent(ORG)}&${query}`);
const pageKeys = (body: string) =>
  keysOf(
    root(body)
      .querySelectorAll('a[href^="/staff/invoices/"]')
      .map((a) => (a.getAttribute('href') ?? '').split('/').pop() ?? ''),
  );
const selected = (body: string) => root(body).querySelector('select[name="overdue"] option[selected]')?.getAttribute('value') ?? '';

describe('the invoice list’s Overdue filter', () => {
  it('is one select, Overdue, with any, overdue and more than 30, 60 or 90 days', async () => {
    const page = await pageOf('');
    expect(page.statusCode).toBe(200);
    const form = root(page.body).querySelector('form.filters');
    expect(form?.querySelectorAll('[name="pastDue"]')).toHaveLength(0);
    expect(form?.querySelectorAll('input[name="overdue"]')).toHaveLength(0);
    expect(textsOf(page.body, 'label[for="f-overdue"]')).toEqual(['Overdue']);
    expect(textsOf(page.body, 'select[name="overdue"] option')).toEqual(['Any', 'Overdue', 'More than 30 days overdue', 'More than 60 days overdue', 'More than 90 days overdue']);
  });

  it('filters the page, its CSV link and the API alike', async () => {
    expect(await apiKeys('overdue=yes')).toEqual(['late1', 'late30', 'late31', 'late61', 'late91']);
    expect(await apiKeys('overdue=30')).toEqual(['late31', 'late61', 'late91']);
    expect(await apiKeys('overdue=90')).toEqual(['late91']);
    const page = await pageOf('overdue=60');
    expect(pageKeys(page.body)).toEqual(['late61', 'late91']);
    expect(selected(page.body)).toBe('60');
    expect(page.body).toContain(`href="/staff/invoices.csv?organization=${encodeURIComponent(ORG).replaceAll('%20', '+')}&amp;overdue=60"`);
  });

  it('old addresses read as the same choices: overdue=true, and pastDue (the narrower wins)', async () => {
    expect(await apiKeys('overdue=true')).toEqual(['late1', 'late30', 'late31', 'late61', 'late91']);
    expect(await apiKeys('pastDue=60')).toEqual(['late61', 'late91']);
    expect(await apiKeys('overdue=yes&pastDue=90')).toEqual(['late91']);
    const old = await pageOf('pastDue=30');
    expect(old.statusCode).toBe(200);
    expect(pageKeys(old.body)).toEqual(['late31', 'late61', 'late91']);
    expect(selected(old.body)).toBe('30');
    const checkbox = await pageOf('overdue=true');
    expect(selected(checkbox.body)).toBe('yes');
  });

  it('a value not in the list is an error beside the field, not a 500', async () => {
    const bad = await pageOf('overdue=45');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-overdue-error"');
    expect((await finance.getJson('/api/v1/invoices?overdue=%3Cscript%3E')).statusCode).toBe(400);
  });
});
