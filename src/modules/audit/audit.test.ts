// The audit log as staff admins read it: actors and entities by name with links to their records,
// actions in words, filters by who and what by name (raw ids still accepted), dates by date picker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, anOrganization, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { optionsOf, rowsOf, textOf } from '../../../test/html.js';
import { writeAudit } from '../../lib/audit.js';

let ctx: TestContext;
let admin: TestClient;
let fran: { id: string; email: string };
let mo: { id: string; email: string };
let org: { id: string; name: string };
let invoice: { id: string; number: string | null };

interface Entry {
  actorName: string | null;
  actorEmail: string | null;
  actorId: string | null;
  action: string;
  actionWords: string;
  entityType: string;
  entityId: string | null;
  entityName: string;
  entityUrl: string | null;
}
const entries = async (query: string) => {
  const res = await admin.getJson(`/api/v1/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { entries: Entry[] }).entries;
};

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
  fran = await createAccount(ctx, { roles: ['finance'], name: 'Fran Finance' });
  mo = await createAccount(ctx, { roles: ['membership'], name: 'Mo Membership' });
  org = await anOrganization(ctx, { name: 'City of Auditville' });
  invoice = await anInvoice(ctx, { organizationId: org.id, cents: 50_000, actorUserId: fran.id });
  await writeAudit(ctx.deps.db, {
    at: ctx.clock.now(),
    actorUserId: mo.id,
    action: 'organizations.profile_updated',
    entityType: 'organization',
    entityId: org.id,
    before: { population: 1 },
    after: { population: 2 },
  });
  await writeAudit(ctx.deps.db, { at: ctx.clock.now(), actorUserId: mo.id, action: 'account.deactivated', entityType: 'user', entityId: fran.id });
});
afterAll(() => ctx?.close());

describe('audit log by name', () => {
  it('answers actors and entities by name, with links, and actions in words (API)', async () => {
    const all = await entries('');
    const issued = all.find((e) => e.action === 'billing.invoice_issued');
    expect(issued).toMatchObject({
      actorName: 'Fran Finance',
      actorEmail: fran.email,
      actorId: fran.id,
      actionWords: 'issued an invoice',
      entityName: `Invoice ${invoice.number}`,
      entityUrl: `/staff/invoices/${invoice.id}`,
    });
    expect(all.find((e) => e.action === 'organizations.profile_updated')).toMatchObject({
      actorName: 'Mo Membership',
      entityName: 'City of Auditville',
      entityUrl: `/staff/organizations/${org.id}`,
      actionWords: 'changed an organization’s profile',
    });
    expect(all.find((e) => e.action === 'account.deactivated')).toMatchObject({ entityName: `Fran Finance (${fran.email})`, entityUrl: `/staff/people/${fran.id}` });
  });

  it('filters by who: part of a name, an exact email, or an id', async () => {
    const byName = await entries('actor=fran');
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e) => e.actorId === fran.id)).toBe(true);
    expect((await entries(`actor=${encodeURIComponent(fran.email)}`)).map((e) => e.action)).toEqual(byName.map((e) => e.action));
    expect((await entries(`actor=${mo.id}`)).map((e) => e.action).sort()).toEqual(['account.deactivated', 'organizations.profile_updated']);
    expect(await entries('actor=nobody-by-that-name')).toEqual([]);
  });

  it('filters by what: an organization’s or person’s name, an invoice number, or an id', async () => {
    expect((await entries('entity=auditville')).map((e) => e.action)).toEqual(['organizations.profile_updated']);
    expect((await entries(`entity=${invoice.number}`)).map((e) => e.action)).toEqual(['billing.invoice_issued']);
    expect((await entries('entity=Fran%20Fin')).map((e) => e.action)).toContain('account.deactivated');
    expect((await entries(`entityId=${org.id}`)).map((e) => e.action)).toEqual(['organizations.profile_updated']);
    expect(await entries('entity=no-such-thing')).toEqual([]);
  });

  it('shows the page in words, with links and date pickers', async () => {
    const res = await admin.get('/staff/audit?entity=Auditville');
    expect(res.statusCode).toBe(200);
    expect(rowsOf(res.body, 'Audit entries').map((r) => r.slice(1, 4))).toEqual([['Mo Membership', 'Changed an organization’s profile', 'City of Auditville']]);
    expect(res.body).toContain(`<a href="/staff/organizations/${org.id}">City of Auditville</a>`);
    expect(res.body).toContain(`href="/staff/audit?actor=${mo.id}"`);
    expect(res.body).toMatch(/<input id="f-from" name="from" type="date"/);
    expect(res.body).toMatch(/<input id="f-to" name="to" type="date"/);
    expect(res.body).not.toContain('organizations.profile_updated');
  });

  it('lists the kinds of record in alphabetical order of their words, so staff can find one', async () => {
    const labels = optionsOf((await admin.get('/staff/audit')).body, 'entityType')
      .filter((o) => o.value !== '')
      .map((o) => o.label);
    expect(labels.length).toBeGreaterThan(50);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'en')));
    expect(labels[0]).toBe('Advisor availability');
  });

  it('says who makes its entries: not only staff, but visitors’ forms and the system too', async () => {
    const intro = textOf((await admin.get('/staff/audit')).body, 'main h1 + p');
    expect(intro).not.toContain('Every change made by staff');
    expect(intro).toMatch(/visitors/);
    expect(intro).toMatch(/the system/);
    expect(textOf((await admin.get('/staff')).body, 'main')).not.toContain('Every change made by staff');
  });

  it('refuses a bad page, sort, order or overlong filter in words, naming the field as the form does (page, download, API)', async () => {
    const cases: Array<[string, string]> = [
      ['page=abc', 'Page: Use a page number from 1 to 10,000.'],
      ['page=0', 'Page: Use a page number from 1 to 10,000.'],
      ['page=10001', 'Page: Use a page number from 1 to 10,000.'],
      ['sort=evil', 'Sort: Sort by when, what was done or what it is about.'],
      ['dir=sideways', 'Order: Choose ascending or descending order.'],
      [`action=${'x'.repeat(101)}`, 'Area: Use at most 100 characters.'],
      [`entity=${'x'.repeat(201)}`, 'About: Use at most 200 characters.'],
    ];
    for (const [query, message] of cases) {
      const page = await admin.get(`/staff/audit?${query}`);
      expect(page.statusCode, query).toBe(400);
      expect(textOf(page.body, '.error-summary li'), query).toBe(message);
      const csv = await admin.get(`/staff/audit.csv?${query}`);
      expect(csv.statusCode, query).toBe(400);
      expect(textOf(csv.body, 'main p'), query).toBe(`The filters of this download need attention: ${message}`);
      const api = await admin.getJson(`/api/v1/audit?${query}`);
      expect(api.statusCode, query).toBe(400);
      expect(api.body, query).toContain(message.slice(message.indexOf(': ') + 2));
    }
  });

  it('refuses a start after the end, with the field named', async () => {
    const res = await admin.get('/staff/audit?from=2026-05-02&to=2026-05-01');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Must be on or after the start date.');
  });
});
