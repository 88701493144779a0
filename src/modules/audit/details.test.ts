// An entry's details on /staff/audit read as a list of fields, not raw JSON: values before and
// after ("pending → accepted"), days and times in words in the association's time zone, amounts in
// dollars, an invoice named by its number with a link, long texts folded; the API keeps the raw
// values; the date filters are the association's days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, anOrganization, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';
import { writeAudit } from '../../lib/audit.js';

let ctx: TestContext;
let admin: TestClient;
let invoice: { id: string; number: string | null };
const ENTITY = '5b0c3d1e-7a2f-4c11-9d0e-2f6a8b4c1d33';
const REASON = `The company asked us to hold the place while its board meets; ${'it will confirm by the end of the month. '.repeat(5)}`;
const AT = new Date('2026-12-06T03:30:00Z'); // Dec 5, 10:30 PM in New York, the association's zone
const AFTER = {
  status: 'accepted',
  invoiceId: '',
  price_cents: 125_050,
  dueOn: '2027-03-05',
  sentAt: '2026-12-06T03:30:00.000Z',
  listed: true,
  reason: REASON,
  benefits: ['Logo', 'Two passes'],
  requestId: 'req-1',
  address_line1: '77 Wharf Road',
  zip: '04101',
};

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
  const org = await anOrganization(ctx, { name: 'City of Detailton' });
  invoice = await anInvoice(ctx, { organizationId: org.id, cents: 125_050 });
  AFTER.invoiceId = invoice.id;
  await writeAudit(ctx.deps.db, {
    at: AT,
    actorUserId: null,
    action: 'sponsorship.application_accepted',
    entityType: 'sponsorship_application',
    entityId: ENTITY,
    before: { status: 'pending', listed: false, password: 'hunter2-hunter2' },
    after: AFTER,
  });
});
afterAll(() => ctx?.close());

const detailsOf = (html: string) => {
  const cell = dom(html).querySelector('table tbody tr td:last-child');
  if (!cell) throw new Error('no entry on the page');
  const terms = cell.querySelectorAll('dt').map((d) => d.text.trim());
  const values = cell.querySelectorAll('dd').map((d) => d.text.replace(/\s+/g, ' ').trim());
  return { cell, fields: Object.fromEntries(terms.map((t, i) => [t, values[i] ?? ''])) };
};

describe('an entry’s details', () => {
  it('read as fields in words: changes with an arrow, days and times in US order in the association’s zone, dollars, the invoice by number, long text folded', async () => {
    const res = await admin.get(`/staff/audit?entityId=${ENTITY}`);
    expect(res.statusCode).toBe(200);
    const { cell, fields } = detailsOf(res.body);
    expect(fields).toMatchObject({
      Status: 'pending → accepted',
      Listed: 'no → yes',
      Invoice: `Invoice ${invoice.number}`,
      Price: '$1,250.50',
      'Due on': 'Mar 5, 2027',
      'Sent at': 'Dec 5, 2026, 10:30 PM EST',
      Benefits: 'Logo, Two passes',
      Password: 'was [redacted]',
      'Address line 1': '77 Wharf Road',
      ZIP: '04101',
    });
    expect(cell.querySelector('dd a')?.getAttribute('href')).toBe(`/staff/invoices/${invoice.id}`);
    const folded = cell.querySelector('details.folded');
    expect(folded?.querySelector('summary')?.text.endsWith('…')).toBe(true);
    expect(folded?.text).toContain('by the end of the month');
    // no raw JSON, ISO day or id is shown
    expect(cell.text).not.toContain('2027-03-05');
    expect(cell.text).not.toContain('2026-12-06T');
    expect(cell.text).not.toContain(invoice.id);
    expect(cell.text).not.toContain('{');
    expect(cell.text).not.toContain('hunter2');
    // the time of the entry itself, in the same zone
    expect(rowsOf(res.body, 'Audit entries')[0]?.[0]).toBe('Dec 5, 2026, 10:30 PM EST');
  });

  it('an entry without values says so', async () => {
    await writeAudit(ctx.deps.db, {
      at: AT,
      actorUserId: null,
      action: 'sponsorship.package_closed',
      entityType: 'sponsorship_package',
      entityId: '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    });
    const res = await admin.get('/staff/audit?entityId=7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b');
    expect(rowsOf(res.body, 'Audit entries')[0]?.at(-1)).toBe('No details recorded.');
  });

  it('the API keeps the raw values', async () => {
    const res = await admin.getJson(`/api/v1/audit?entityId=${ENTITY}`);
    expect(res.statusCode).toBe(200);
    const [entry] = (res.json() as { entries: Array<{ at: string; before: unknown; after: unknown }> }).entries;
    expect(entry?.at).toBe('2026-12-06T03:30:00.000Z');
    expect(entry?.after).toEqual(AFTER);
    expect(entry?.before).toEqual({ status: 'pending', listed: false, password: '[redacted]' });
  });

  it('the date filters are the association’s days: an entry at 10:30 PM on Dec 5 in New York is on Dec 5', async () => {
    const listed = async (q: string) => rowsOf((await admin.get(`/staff/audit?entityId=${ENTITY}&${q}`)).body, 'Audit entries').map((r) => r[0]);
    expect(await listed('from=2026-12-05&to=2026-12-05')).toEqual(['Dec 5, 2026, 10:30 PM EST']);
    expect(await listed('from=2026-12-06')).toEqual(['No entries match these filters.']);
    const api = await admin.getJson(`/api/v1/audit?entityId=${ENTITY}&to=2026-12-05`);
    expect((api.json() as { entries: unknown[] }).entries).toHaveLength(1);
  });
});

describe('the pager', () => {
  it('is not shown when every entry fits on one page; with more, it pages', async () => {
    const one = await admin.get(`/staff/audit?entityId=${ENTITY}`);
    expect(dom(one.body).querySelector('nav.pager')).toBeNull();
    expect(one.body).not.toContain('Page 1');

    const many = '3c9e1f20-5d4b-4a6e-9f7c-1b2d3e4f5a6b';
    for (let i = 0; i < 51; i++)
      await writeAudit(ctx.deps.db, {
        at: AT,
        actorUserId: null,
        action: 'sponsorship.package_updated',
        entityType: 'sponsorship_package',
        entityId: many,
        after: { quantity: i },
      });
    const first = await admin.get(`/staff/audit?entityId=${many}`);
    expect(dom(first.body).querySelector('nav.pager')?.text.replace(/\s+/g, ' ').trim()).toBe('Page 1Next page');
    const second = await admin.get(`/staff/audit?entityId=${many}&page=2`);
    expect(rowsOf(second.body, 'Audit entries')).toHaveLength(1);
    expect(dom(second.body).querySelector('nav.pager a')?.text).toBe('Previous page');
  });
});

describe('the Area filter', () => {
  it('offers every module that writes to the log (sponsorship among them) and lists that area’s entries', async () => {
    const page = await admin.get('/staff/audit');
    const areas = dom(page.body)
      .querySelectorAll('select[name=action] option')
      .map((o) => [o.getAttribute('value'), o.text.trim()]);
    expect(areas).toContainEqual(['sponsorship.', 'Sponsorship']);
    expect(areas).toContainEqual(['events.', 'Events']);
    // an entry of another area, and the area's own: only the latter is listed
    const other = 'c1d2e3f4-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
    await writeAudit(ctx.deps.db, { at: AT, actorUserId: null, action: 'events.event_cancelled', entityType: 'event', entityId: other, after: { status: 'cancelled' } });
    const listed = await admin.get(`/staff/audit?action=sponsorship.&entityId=${ENTITY}`);
    expect(listed.statusCode).toBe(200);
    expect(rowsOf(listed.body, 'Audit entries').map((r) => r[2])).toEqual(['Accepted a sponsorship application']);
    const events = await admin.get(`/staff/audit?action=events.&entityId=${ENTITY}`);
    expect(rowsOf(events.body, 'Audit entries').map((r) => r[2])).not.toContain('Accepted a sponsorship application');
    expect(rowsOf((await admin.get(`/staff/audit?action=events.&entityId=${other}`)).body, 'Audit entries')).toHaveLength(1);
  });
});
