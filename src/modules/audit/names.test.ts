// The audit log names every kind of record its entries are about, as the organizations, people and
// invoices already were: an event, a sponsorship package, a resource… by its title with a link to
// its staff page, on the page, in the API and in the CSV download; and by id inside an entry's
// values. A record gone since is its kind in words; hostile titles stay text.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCommittee, aGroup, aLoginRequest, aNewsletterList, anEvent, aRegistration, aResource, aSponsorshipPackage, aThread, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { writeAudit } from '../../lib/audit.js';

let ctx: TestContext;
let admin: TestClient;
let event: { id: string };
let pkg: { id: string };
let resource: { id: string };
const TITLE = 'Heat <b>summit</b> & “friends”';
const GONE = '7a0c9d1e-2b3f-4c5d-8e9f-0a1b2c3d4e5f';

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
  event = await anEvent(ctx, { title: TITLE, actorUserId: null });
  pkg = await aSponsorshipPackage(ctx, { name: '=Gold package', eventId: event.id });
  resource = await aResource(ctx, { title: 'Cool roofs guide' });
  // an entry whose values name the event by id, and one about an event deleted since
  await writeAudit(ctx.deps.db, {
    at: ctx.deps.clock.now(),
    actorUserId: null,
    action: 'sponsorship.package_updated',
    entityType: 'sponsorship_package',
    entityId: pkg.id,
    after: { eventId: event.id },
  });
  await writeAudit(ctx.deps.db, { at: ctx.deps.clock.now(), actorUserId: null, action: 'events.updated', entityType: 'event', entityId: GONE, after: { title: 'x' } });
});
afterAll(() => ctx?.close());

describe('records by name in the audit log', () => {
  it('shows an event, a sponsorship package and a resource by name with a link to its staff page', async () => {
    for (const [id, name, href] of [
      [event.id, `Event “${TITLE}”`, `/staff/events/${event.id}`],
      [pkg.id, 'Sponsorship package “=Gold package”', `/staff/sponsorship/packages/${pkg.id}`],
      [resource.id, 'Resource “Cool roofs guide”', `/staff/resources/${resource.id}`],
    ] as const) {
      const page = await admin.get(`/staff/audit?entityId=${id}`);
      expect(page.statusCode).toBe(200);
      const cells = dom(page.body).querySelectorAll('main table tbody tr');
      expect(cells.length).toBeGreaterThan(0);
      for (const row of cells) {
        const about = row.querySelectorAll('td')[3];
        expect(about?.querySelector('a')?.getAttribute('href')).toBe(href);
        expect(about?.text.trim()).toBe(name);
      }
      expect(page.body).not.toContain('<b>summit</b>');

      const api = await admin.get(`/api/v1/audit?entityId=${id}`);
      const entries = api.json().entries as Array<{ entityName: string; entityUrl: string | null }>;
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.entityName === name && e.entityUrl === href)).toBe(true);

      const csv = await admin.get(`/staff/audit.csv?entityId=${id}`);
      const [header, ...rows] = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
      const about = header?.indexOf('About') ?? -1;
      expect(rows.length).toBe(entries.length);
      expect(rows.every((r) => r[about] === name)).toBe(true);
    }
  });

  it('names an event an entry’s values point at, and a record deleted since by its kind', async () => {
    const page = dom((await admin.get(`/staff/audit?entityId=${pkg.id}&action=sponsorship.package_updated`)).body);
    const link = page.querySelector(`main table tbody a[href="/staff/events/${event.id}"]`);
    expect(link?.text).toBe(`Event “${TITLE}”`);
    const gone = dom((await admin.get(`/staff/audit?entityId=${GONE}`)).body);
    expect(gone.querySelectorAll('main table tbody tr')[0]?.querySelectorAll('td')[3]?.text.trim()).toBe('Event');
    // a download by what it holds, in words, not its code
    expect((await admin.get(`/staff/audit.csv?entityId=${GONE}`)).statusCode).toBe(200);
    const downloads = (await admin.get('/api/v1/audit?action=export.audit_log')).json().entries as Array<{ entityName: string }>;
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.every((e) => e.entityName === 'Download of the audit log')).toBe(true);
    const kinds = gone.querySelectorAll('select[name=entityType] option').map((o) => o.text);
    expect(kinds).toEqual(expect.arrayContaining(['Event', 'Sponsorship package', 'Resource', 'Job posting', 'API token', 'Newsletter list', 'Renewal run']));
    // confidential kinds are never offered: their entries are never listed
    expect(kinds.join(' ')).not.toMatch(/ethics case|transition|bar/i);
  });
});

describe('the records that had only their kind as a name', () => {
  it('an API token by its label, a committee’s seat, term and election, a newsletter list, a login request, a group’s thread, an event registration: named, linked, the secret never shown', async () => {
    // an API token made through its page: its entry is about it
    const form = new URLSearchParams({ _csrf: await admin.csrf(), name: 'Nightly <i>export</i>', expiresInDays: '30' });
    form.append('scopes', 'audit:read');
    const made = await admin.request('POST', '/staff/api-tokens', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: form.toString(),
    });
    expect(made.statusCode).toBe(200);
    const token = await ctx.deps.db.selectFrom('api_tokens').select(['id', 'token_prefix']).where('name', '=', 'Nightly <i>export</i>').executeTakeFirstOrThrow();
    const committee = await aCommittee(ctx, { name: 'Resilience Committee', seats: [{ title: 'Chair', count: 1 }] });
    const list = await aNewsletterList(ctx, { name: 'Heat Alerts' });
    const request = await aLoginRequest(ctx, null, { email: 'pat@elsewhere.example.gov', name: 'Pat Asker', organizationName: 'Town of Elsewhere' });
    const slug = await aGroup(ctx, admin, 'Climate Planners');
    const thread = await aThread(admin, slug, 'Cooling centers', 'Where do you put them?');
    const person = await createAccount(ctx, { name: 'Rosa Registrant' });
    const ev = await anEvent(ctx, { title: 'Floodplain 101' });
    const reg = await aRegistration(ctx, { eventId: ev.id, userId: person.id, ticketTypeId: ev.ticketTypeIds[0] ?? '' });
    const cases: Array<[string, string, string, string | null]> = [
      ['api_token', token.id, 'API token “Nightly <i>export</i>”', '/staff/api-tokens'],
      ['committee_seat', committee.seats.Chair ?? '', 'Seat “Chair” on committee “Resilience Committee”', `/staff/committees/${committee.id}`],
      ['committee_election', committee.electionId ?? '', 'Election “Test election” of committee “Resilience Committee”', `/staff/committees/${committee.id}`],
      ['newsletter_list', list.id, 'Newsletter list “Heat Alerts”', '/staff/newsletters'],
      ['login_request', request, 'Login request of Pat Asker (Town of Elsewhere)', '/staff/login-requests'],
      ['group_thread', thread, 'Thread “Cooling centers” in group “Climate Planners”', `/groups/${slug}`],
      ['event_registration', reg.id, 'Registration of Rosa Registrant for event “Floodplain 101”', `/staff/events/${ev.id}/registrations`],
    ];
    for (const [entityType, entityId] of cases)
      await writeAudit(ctx.deps.db, { at: ctx.deps.clock.now(), actorUserId: null, action: 'audit.test_named', entityType, entityId, after: {} });
    for (const [entityType, id, name, href] of cases) {
      const page = await admin.get(`/staff/audit?entityId=${id}&action=audit.test_named`);
      const about = dom(page.body).querySelectorAll('main table tbody tr')[0]?.querySelectorAll('td')[3];
      expect(about?.text.trim(), entityType).toBe(name);
      expect(about?.querySelector('a')?.getAttribute('href') ?? null, entityType).toBe(href);
      expect(page.body).not.toContain('<i>export</i>');
      expect(page.body).not.toContain(token.token_prefix);
      const api = (await admin.get(`/api/v1/audit?entityId=${id}&action=audit.test_named`)).json().entries as Array<{ entityName: string }>;
      expect(api.map((e) => e.entityName)).toEqual([name]);
    }

    // the "About" search finds an event by its title and a group by its name, and says what it covers
    await writeAudit(ctx.deps.db, { at: ctx.deps.clock.now(), actorUserId: null, action: 'audit.test_found', entityType: 'event', entityId: ev.id, after: {} });
    const found = await admin.get('/staff/audit?entity=FLOODPLAIN&action=audit.test_found');
    expect(
      dom(found.body)
        .querySelectorAll('main table tbody tr')
        .map((tr) => tr.querySelectorAll('td')[3]?.text.trim()),
    ).toEqual(['Event “Floodplain 101”']);
    expect(dom(found.body).querySelector('label[for=f-entity]')?.text).toContain('event, job posting or group');
    const group = await ctx.deps.db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await writeAudit(ctx.deps.db, { at: ctx.deps.clock.now(), actorUserId: null, action: 'audit.test_found', entityType: 'group', entityId: group.id, after: {} });
    const api = (await admin.get('/api/v1/audit?entity=climate%20planners&action=audit.test_found')).json().entries as Array<{ entityName: string }>;
    expect(api.map((e) => e.entityName)).toEqual(['Group “Climate Planners”']);
  });
});
