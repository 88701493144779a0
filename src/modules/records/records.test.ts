// The staff workspace's organization record, through HTTP: its parts, staff notes that no
// member-facing surface shows, editing the profile, and who may do what. The list is
// records-list.test.ts.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aContact,
  aLoginRequest,
  aMembership,
  anAccount,
  anActiveMembership,
  anAdvisor,
  anAdvisorAssignment,
  anAssignedMember,
  anInvoice,
  anOrganization,
  anOrgWithContact,
  aPathway,
  apiPay,
  fileThroughForm,
  signedIn,
  signedInAs,
} from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf, slotValues, termValue, textOf } from '../../../test/html.js';
import { formatDay } from '../../lib/format.js';
import { addDays } from '../billing/index.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;
let advisorClient: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  membership = await signedInAs(ctx, ['membership']);
  finance = await signedInAs(ctx, ['finance']);
  advisorClient = await signedInAs(ctx, ['advisor']);
});
afterAll(() => ctx?.close());

describe("an organization's record", () => {
  it('shows profile, membership history, invoices, payments, contacts, advisor and a readable timeline', async () => {
    const org = await anOrganization(ctx, {
      name: 'Recordville',
      state: 'OR',
      population: 75_000,
      population_source: 'Census',
      population_year: 2020,
      website: 'https://recordville.gov',
      time_zone: 'America/Los_Angeles',
    });
    await aMembership(ctx, org.id, { status: 'ended', term_start: '2024-01-01', term_end: '2024-12-31' });
    const term = { start: addDays(todayThere(ctx), -30), end: addDays(todayThere(ctx), 334) };
    const membershipId = await anActiveMembership(ctx, org.id, term);
    const contact = await anAccount(ctx, { name: 'Carla Clerk' });
    await aContact(ctx, { organizationId: org.id, userId: contact.id, role: 'admin', title: 'City Clerk' });
    const adv = await anAccount(ctx, { roles: ['advisor'], name: 'Rita Advisor' });
    await anAdvisorAssignment(ctx, org.id, adv.id);
    const inv = await anInvoice(ctx, { organizationId: org.id, membershipId, cents: 200_000, billToEmail: contact.email });
    const financeAccount = await anAccount(ctx, { roles: ['finance'], name: 'Fiona Finance' });
    const fiona = await signedIn(ctx, financeAccount.email);
    expect((await apiPay(fiona, inv.id, { amountCents: 120_000, method: 'check', reference: '#1042' }, randomUUID())).statusCode).toBe(201);

    const res = await advisorClient.get(`/staff/organizations/${org.id}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body, 'h1')).toBe('Recordville');
    expect(termValue(res.body, 'Population')).toBe('75,000');
    // the zone by the name people know, not its IANA id
    expect(termValue(res.body, 'Time zone')).toBe('Pacific (Los Angeles)');
    expect(termValue(res.body, 'Population source')).toBe('Census, 2020');
    expect(termValue(res.body, 'State')).toBe('Oregon');
    expect(termValue(res.body, 'Map location')).toBe('Not known: the network map cannot show it');
    expect(termValue(res.body, 'Website')).toBe('https://recordville.gov');
    expect(rowsOf(res.body, 'Membership terms').map((r) => [r[0], r[1], r[2], r[5]])).toEqual(
      expect.arrayContaining([
        ['Active', formatDay(term.start), formatDay(term.end), '$2,000.00'],
        ['Ended', 'Jan 1, 2024', 'Dec 31, 2024', '—'],
      ]),
    );
    const invoices = rowsOf(res.body, 'Invoices');
    expect(invoices[0]?.[0]).toBe(inv.number);
    expect(invoices[0]?.[4]).toBe('$2,000.00');
    expect(invoices[0]?.[5]).toBe('$800.00');
    expect(res.body).toContain('Balance due: $800.00');
    expect(rowsOf(res.body, 'Payments')[0]).toEqual(expect.arrayContaining(['Check', '#1042', '$1,200.00', `Fiona Finance — ${financeAccount.email}`]));
    expect(rowsOf(res.body, 'Contacts')[0]).toEqual(['Carla Clerk', 'City Clerk', 'Administrator', contact.email, '—']);
    expect(termValue(res.body, 'Advisor')).toBe('Rita Advisor');
    expect(termValue(res.body, 'First meeting')).toBe('Not booked yet');
    const timeline = rowsOf(res.body, 'Activity, newest first').map((r) => r[1]);
    expect(timeline).toContain(`Fiona Finance recorded check #1042 for $1,200.00 on invoice ${inv.number}.`);
    expect(timeline).toContain(`The system issued invoice ${inv.number}.`);
    expect(timeline.some((t) => t?.startsWith('Email “') && t.endsWith(`sent to ${contact.email}.`))).toBe(true);

    const api = await finance.getJson(`/api/v1/organizations/${org.id}`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({
      name: 'Recordville',
      population: 75_000,
      balanceCents: 80_000,
      advisor: { name: 'Rita Advisor' },
      contacts: [{ title: 'City Clerk', role: 'admin' }],
    });
    expect(api.json().memberships).toHaveLength(2);
    expect(api.json().memberships.find((m: { status: string }) => m.status === 'active')).toMatchObject({ termEnd: term.end, duesCents: 200_000 });
  });

  it('an active term that has ended is shown in its grace period, with the day it lapses unless renewed', async () => {
    const org = await anOrganization(ctx, { name: 'Graceville', state: 'OR', population: 12_000 });
    const ended = addDays(todayThere(ctx), -3);
    await anActiveMembership(ctx, org.id, { start: addDays(ended, -364), end: ended });
    const grace = (await ctx.deps.db.selectFrom('association').select('grace_days').executeTakeFirstOrThrow()).grace_days;
    const rows = rowsOf((await membership.get(`/staff/organizations/${org.id}`)).body, 'Membership terms');
    expect(rows[0]?.[0]).toBe(`Active, in its grace period: lapses after ${formatDay(addDays(ended, grace))} unless the renewal is paid`);
    // past the grace period and not yet lapsed by a run: it says the next run lapses it
    const late = await anOrganization(ctx, { name: 'Lateville', state: 'OR', population: 12_000 });
    const endedLong = addDays(todayThere(ctx), -grace - 2);
    await anActiveMembership(ctx, late.id, { start: addDays(endedLong, -364), end: endedLong });
    expect(rowsOf((await membership.get(`/staff/organizations/${late.id}`)).body, 'Membership terms')[0]?.[0]).toBe(
      `Active, past its grace period (it ended ${formatDay(addDays(endedLong, grace))}): the next renewal run lapses it unless the renewal is paid`,
    );
    // a term still running is just active
    const running = await anOrganization(ctx, { name: 'Runningville', state: 'OR', population: 12_000 });
    await anActiveMembership(ctx, running.id, { start: addDays(todayThere(ctx), -10), end: addDays(todayThere(ctx), 355) });
    expect(rowsOf((await membership.get(`/staff/organizations/${running.id}`)).body, 'Membership terms')[0]?.[0]).toBe('Active');
  });

  it('an unknown or malformed id is a 404', async () => {
    expect((await membership.get(`/staff/organizations/${randomUUID()}`)).statusCode).toBe(404);
    expect((await membership.get('/staff/organizations/not-an-id')).statusCode).toBe(404);
    expect((await membership.getJson(`/api/v1/organizations/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('assistance and login requests on the record', () => {
  it('lists its assistance requests (linked) and the people waiting to sign in for it', async () => {
    const pathway = await aPathway(ctx);
    const { organizationId, client } = await anOrgWithContact(ctx, { name: 'Helpington' });
    const requestId = await fileThroughForm(client, { org: organizationId, pathway, subject: 'Flood map question', desired_on: addDays(todayThere(ctx), 30) });
    await aLoginRequest(ctx, organizationId, { email: 'pat.asker@helpington.gov', name: 'Pat Asker' });
    const other = await anOrganization(ctx, { name: 'Elsewhere' });
    await aLoginRequest(ctx, other.id, { email: 'someone@elsewhere.gov', name: 'Not Here' });
    const res = await membership.get(`/staff/organizations/${organizationId}`);
    expect(res.statusCode).toBe(200);
    expect(rowsOf(res.body, 'Assistance requests, newest first').map((r) => [r[0], r[1]])).toEqual([['Flood map question', 'Open']]);
    expect(res.body).toContain(`<a href="/staff/assistance/${requestId}">Flood map question</a>`);
    expect(rowsOf(res.body, 'People asking to sign in for this organization').map((r) => [r[0], r[1]])).toEqual([['Pat Asker', 'pat.asker@helpington.gov']]);
    const empty = await membership.get(`/staff/organizations/${other.id}`);
    expect(rowsOf(empty.body, 'Assistance requests, newest first')).toEqual([['No assistance requests.']]);
  });
});

describe('staff notes', () => {
  const NOTE = 'Mayor prefers calls after 4pm; do not mention the 2019 dispute zq7Xnote';

  it('membership staff add a note, with author and time; it is audited without its text', async () => {
    const org = await anOrganization(ctx, { name: 'Noteham' });
    const empty = await membership.postForm(`/staff/organizations/${org.id}/notes`, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty.body, 'body').message).toContain('Write the note');
    const res = await membership.postForm(`/staff/organizations/${org.id}/notes`, { body: 'Called the clerk about renewal.' });
    expect(res.statusCode).toBe(303);
    const page = await finance.get(`/staff/organizations/${org.id}`);
    const row = rowsOf(page.body, 'Staff notes')[0];
    expect(row?.[2]).toBe('Called the clerk about renewal.');
    expect(row?.[1]).toMatch(/^Test Person — membership-/);
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'records.note_added').where('entity_id', '=', org.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toContain('Called the clerk');
    // Finance staff and advisors read; they do not write.
    expect((await finance.postForm(`/staff/organizations/${org.id}/notes`, { body: 'x' })).statusCode).toBe(403);
    expect((await advisorClient.postForm(`/staff/organizations/${org.id}/notes`, { body: 'x' })).statusCode).toBe(403);
    expect((await membership.postForm(`/staff/organizations/${randomUUID()}/notes`, { body: 'x' })).statusCode).toBe(404);
  });

  it('appear on no member-facing page, API answer or export', async () => {
    const org = await anOrganization(ctx, { name: 'Leakproof City', listed: true });
    const membershipId = await anActiveMembership(ctx, org.id);
    const admin = await anAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
    const inv = await anInvoice(ctx, { organizationId: org.id, membershipId, cents: 10_000 });
    expect((await membership.postForm(`/staff/organizations/${org.id}/notes`, { body: NOTE })).statusCode).toBe(303);
    // Staff see it on the record.
    expect((await membership.get(`/staff/organizations/${org.id}`)).body).toContain('zq7Xnote');

    const member = await signedIn(ctx, admin.email);
    const visitor = ctx.client();
    const surfaces: Array<[string, TestClient, string]> = [
      ['org home', member, '/org'],
      ['org profile', member, '/org/profile'],
      ['org contacts API', member, '/api/v1/org/contacts'],
      ['member invoices', member, '/org/invoices'],
      ['member invoices API', member, '/api/v1/org/invoices'],
      ['public invoice', visitor, `/invoices/${inv.public_token}`],
      ['me API', member, '/api/v1/me'],
      ['network profile', visitor, `/network/${org.slug}`],
      ['network API', visitor, '/api/v1/network/members'],
      ['staff API list', membership, '/api/v1/organizations?q=Leakproof'],
      ['staff API record', membership, `/api/v1/organizations/${org.id}`],
      ['CSV export', membership, '/staff/organizations.csv?q=Leakproof'],
      ['audit log API', await signedInAs(ctx, ['admin']), '/api/v1/audit'],
    ];
    for (const [where, client, url] of surfaces) {
      const res = url.startsWith('/api/') ? await client.getJson(url) : await client.get(url);
      expect(res.statusCode, `${where} ${url}`).toBe(200);
      expect(res.body, where).not.toContain('zq7Xnote');
      expect(res.body, where).not.toContain('Mayor prefers calls');
    }
    // And no email carries it.
    const mail = await ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).execute();
    expect(mail.filter((m) => `${m.subject}${m.body_text}`.includes('zq7Xnote'))).toEqual([]);
  });
});

describe('advisor and meeting', () => {
  it('shows the first meeting the organization booked with its advisor', async () => {
    const advisor = await anAdvisor(ctx, membership, { name: 'Mona Meeting', states: ['IL'], windows: [1, 2, 3, 4, 5].map((d) => [d, '09:00', '12:00']) });
    const member = await anAssignedMember(ctx, membership, advisor.id);
    const contact = member.contacts[0]?.client;
    if (!contact) throw new Error('no contact');
    const slot = slotValues((await contact.get(`/org/meetings?org=${member.organizationId}`)).body)[0] ?? '';
    expect((await contact.postForm('/org/meetings', { org: member.organizationId, slot })).statusCode).toBe(303);
    const page = await advisorClient.get(`/staff/organizations/${member.organizationId}`);
    expect(termValue(page.body, 'Advisor')).toBe('Mona Meeting');
    // The organization's zone (Chicago, as anAssignedMember makes it): "Tuesday, November 24, 2026, 9:00 AM to …".
    expect(termValue(page.body, 'First meeting')).toMatch(new RegExp(`^${DateTime.fromISO(slot, { zone: 'America/Chicago' }).toFormat('cccc, LLLL d, yyyy, h:mm a')} to `));
  });
});

describe('the timeline and confidential email', () => {
  it('leaves out a Members in Transition email for staff without that permission, and shows it to those with it', async () => {
    const org = await anOrganization(ctx, { name: 'Quietford' });
    const contact = await anAccount(ctx, { org: { role: 'contact', organizationId: org.id } });
    await ctx.deps.db
      .transaction()
      .execute((trx) => ctx.deps.mail.queueMany(trx, [{ to: contact.email, template: 'individuals.transition_received', data: { name: 'Pat', url: 'http://civnet.test/me' } }]));
    const seen = async (c: TestClient) => rowsOf((await c.get(`/staff/organizations/${org.id}`)).body, 'Activity, newest first').map((r) => r[1] ?? '');
    const withoutPermission = await seen(membership);
    expect(withoutPermission.filter((t) => t.includes(contact.email))).toEqual([]);
    const transition = await signedIn(ctx, (await anAccount(ctx, { roles: ['membership', 'transition'] })).email);
    expect(await seen(transition)).toContain(`Email “We received your request for support” sent to ${contact.email}.`);
  });
});

describe('editing the profile', () => {
  it('membership staff change the population with its source and year: audited, in the timeline, and told the dues change', async () => {
    // A published schedule in force on the next term's start: $700 up to 50,000 people, then $2,000.
    const today = todayThere(ctx);
    const termEnd = addDays(today, 60);
    const band = {
      mode: 'bands',
      bands: [
        { min: 1, max: 50_000, amountCents: 70_000 },
        { min: 50_001, max: null, amountCents: 200_000 },
      ],
    };
    const schedule = await membership.sendJson('POST', '/api/v1/dues/schedules', {
      effectiveFrom: addDays(today, 1),
      note: 'For the record test',
      rules: { city: band, county: band, town: band, tribal_nation: band, region: { mode: 'contact' } },
    });
    expect(schedule.statusCode, schedule.body).toBe(201);
    expect((await membership.sendJson('POST', `/api/v1/dues/schedules/${schedule.json().id}/publish`, {})).statusCode).toBe(200);
    const org = await anOrganization(ctx, { name: 'Growington', population: 40_000, population_source: 'Census', population_year: 2010 });
    await anActiveMembership(ctx, org.id, { start: addDays(termEnd, -364), end: termEnd });
    const form = await membership.get(`/staff/organizations/${org.id}/edit`);
    expect(form.statusCode).toBe(200);
    const bad = await membership.postForm(`/staff/organizations/${org.id}/edit`, {
      population: 'lots',
      populationSource: '',
      populationYear: '2020',
      website: 'ftp://x',
      billingAddress: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'population').message).toContain('number');
    expect(errorOf(bad.body, 'populationSource').message).toContain('where the figure comes from');
    expect(errorOf(bad.body, 'website').message).toContain('https://');
    expect((await ctx.deps.db.selectFrom('organizations').select('population').where('id', '=', org.id).executeTakeFirstOrThrow()).population).toBe(40_000);

    const saved = await membership.postForm(`/staff/organizations/${org.id}/edit`, {
      population: '75,000',
      populationSource: 'US Census Bureau',
      populationYear: '2020',
      website: 'https://growington.gov',
      billingAddress: '1 Main St',
    });
    expect(saved.statusCode).toBe(303);
    const page = await membership.get(String(saved.headers.location));
    const flash = textOf(page.body, '.flash');
    expect(flash).toContain('Population 40,000 → 75,000.');
    expect(flash).toContain(`Dues for the term starting ${formatDay(addDays(termEnd, 1))} change from $700.00 to $2,000.00.`);
    expect(termValue(page.body, 'Population')).toBe('75,000');
    expect(termValue(page.body, 'Population source')).toBe('US Census Bureau, 2020');
    const timeline = rowsOf(page.body, 'Activity, newest first').map((r) => r[1]);
    expect(timeline).toContain(
      'Test Person changed the profile: population 40,000 → 75,000, population source, population year 2010 → 2020, website none → https://growington.gov, billing address.',
    );
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'organizations.profile_updated')
      .where('entity_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ population: 40_000, population_year: 2010 });
    expect(audit.after).toMatchObject({ population: 75_000, population_year: 2020, population_source: 'US Census Bureau' });
    // Finance staff and advisors read the record but do not edit it.
    expect((await finance.get(`/staff/organizations/${org.id}/edit`)).statusCode).toBe(403);
    expect((await advisorClient.postForm(`/staff/organizations/${org.id}/edit`, { population: '1' })).statusCode).toBe(403);
    expect((await finance.get(`/staff/organizations/${org.id}`)).body).not.toContain('Edit the profile');
  });
});

describe('access', () => {
  it('members and staff without a reading role are refused', async () => {
    const org = await anOrganization(ctx, { name: 'Accessburg' });
    const member = await signedIn(ctx, (await anAccount(ctx, { org: { role: 'admin', organizationId: org.id } })).email);
    const comms = await signedInAs(ctx, ['communications']);
    for (const c of [member, comms]) {
      expect((await c.get('/staff/organizations')).statusCode).toBe(403);
      expect((await c.get(`/staff/organizations/${org.id}`)).statusCode).toBe(403);
      expect((await c.get('/staff/organizations.csv')).statusCode).toBe(403);
      expect((await c.getJson('/api/v1/organizations')).statusCode).toBe(403);
    }
    expect((await ctx.client().getJson('/api/v1/organizations')).statusCode).toBe(401);
    for (const c of [membership, finance, advisorClient]) expect((await c.get(`/staff/organizations/${org.id}`)).statusCode).toBe(200);
  });

  it('links an invoice, an assistance request and the login-request queue only for staff who may open them: an advisor reads the numbers, finance the subjects, no dead ends', async () => {
    const { organizationId, client } = await anOrgWithContact(ctx, { name: 'Linkton' });
    const org = { id: organizationId };
    const membershipId = await anActiveMembership(ctx, org.id, { start: addDays(todayThere(ctx), -10), end: addDays(todayThere(ctx), 355) });
    const inv = await anInvoice(ctx, { organizationId: org.id, membershipId, cents: 60_000 });
    await aLoginRequest(ctx, org.id, { email: 'lee.linker@linkton.gov', name: 'Lee Linker' });
    const requestId = await fileThroughForm(client, { org: org.id, pathway: await aPathway(ctx), subject: 'Tree canopy grant' });
    for (const [who, c, opens] of [
      ['membership', membership, true],
      ['finance', finance, true],
      ['advisor', advisorClient, false],
    ] as const) {
      const page = await c.get(`/staff/organizations/${org.id}`);
      expect(rowsOf(page.body, 'Invoices')[0]?.[0], who).toBe(inv.number);
      const invoiceLink = dom(page.body).querySelector(`main a[href="/staff/invoices/${inv.id}"]`);
      expect(!!invoiceLink, who).toBe(opens);
      // every link the record shows opens for whoever sees it
      if (invoiceLink) expect((await c.get(`/staff/invoices/${inv.id}`)).statusCode, who).toBe(200);
      else expect((await c.get(`/staff/invoices/${inv.id}`)).statusCode, who).toBe(403);
      const queue = dom(page.body).querySelector('main a[href="/staff/login-requests"]');
      expect((await c.get('/staff/login-requests')).statusCode, who).toBe(queue ? 200 : 403);
      expect(rowsOf(page.body, 'Assistance requests, newest first')[0]?.[0], who).toBe('Tree canopy grant');
      const request = dom(page.body).querySelector(`main a[href="/staff/assistance/${requestId}"]`);
      expect((await c.get(`/staff/assistance/${requestId}`)).statusCode, who).toBe(request ? 200 : 403);
      // and every other staff page the record links
      for (const a of dom(page.body).querySelectorAll('main a[href^="/staff/"]')) {
        const href = a.getAttribute('href') ?? '';
        expect((await c.get(href)).statusCode, `${who} ${href}`).toBe(200);
      }
    }
    const asAdvisor = textOf((await advisorClient.get(`/staff/organizations/${org.id}`)).body, 'main');
    expect(asAdvisor).toContain('The organization’s administrators decide these; when it has none, membership staff do.');
  });

  it('both JSON routes are in the OpenAPI document', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/organizations', '/api/v1/organizations/{id}']));
    expect(doc.paths['/api/v1/organizations'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'status', 'state', 'type', 'cursor']));
  });

  it('the staff front page links the organizations list for membership, finance and advisors', async () => {
    const page = await membership.get('/staff');
    expect(page.body).toContain('href="/staff/organizations"');
    const comms = await signedInAs(ctx, ['communications']);
    expect((await comms.get('/staff')).body).not.toContain('href="/staff/organizations"');
  });
});
