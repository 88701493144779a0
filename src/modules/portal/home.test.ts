// The organization home (/org) through HTTP: its sections in order, each labelled by its heading;
// membership status, term and dues; recent invoices; contacts; profile; pending login requests;
// and a contact of two organizations switching between them with ?org=.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, aLoginRequest, aMember, aMembership, anActiveMembership, anInvoice, anOrganization, aPayment } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { byId, dom, rowsOf, termsOf, termValue, textOf } from '../../../test/html.js';
import type { Invoice } from '../../db/types.js';
import { formatDay } from '../billing/index.js';

let ctx: TestContext;
let orgA: string;
let orgB: string;
let admin: TestClient;
let invoiceNumber: string;
let renewal: Invoice;

const issue = (organizationId: string, membershipId: string, cents: number, period?: { start: string; end: string }) =>
  anInvoice(ctx, { organizationId, membershipId, cents, purpose: period ? 'renewal' : 'membership', period, poNumber: null, billToEmail: 'ap@example.test' });

beforeAll(async () => {
  ctx = await createTestContext();
  orgA = (await anOrganization(ctx, { name: 'City of Alder', website: 'https://www.alder.gov', listed: false })).id;
  orgB = await createOrganization(ctx, { name: 'Town of Birch' });
  const membership = await anActiveMembership(ctx, orgA, { start: '2026-01-01', end: '2026-12-31' });
  const first = await issue(orgA, membership, 120_000);
  invoiceNumber = first.number ?? '';
  await aPayment(ctx, { invoiceId: first.id, amountCents: 50_000, method: 'check', reference: '77' });
  // A renewal issued ahead for the next term is not this term's dues.
  renewal = await issue(orgA, membership, 130_000, { start: '2027-01-01', end: '2027-12-31' });
  const a = await createAccount(ctx, { name: 'Avery Admin' });
  await aContact(ctx, { organizationId: orgA, userId: a.id, role: 'admin', title: 'Sustainability Director', duties: ['staff', 'billing'] });
  await aContact(ctx, { organizationId: orgB, userId: a.id, role: 'contact' });
  await aLoginRequest(ctx, orgA, { email: 'riley@alder.gov', name: 'Riley Asker', domainMatches: true });
  await aLoginRequest(ctx, orgB, { email: 'quinn@birch.gov', name: 'Quinn Other' });
  admin = ctx.client();
  await admin.signIn(a.email, PASSWORD);
});
afterAll(() => ctx?.close());

/** A section of the page by its id, nested sections (the tables' scrollers) and all. */
const sectionOf = (html: string, id: string) => byId(html, id).innerHTML;

describe('GET /org', () => {
  it('shows the sections in order, each labelled by its heading, with a table of contents', async () => {
    const res = await admin.get(`/org?org=${orgA}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body, 'h1')).toBe('City of Alder');
    const ids = [...res.body.matchAll(/<section id="([a-z-]+)" aria-labelledby="\1-heading">/g)].map((m) => m[1]);
    const mine = ids.filter((id) => ['membership', 'invoices', 'contacts', 'profile', 'login-requests'].includes(id ?? ''));
    expect(mine).toEqual(['membership', 'invoices', 'contacts', 'profile', 'login-requests']);
    const links = dom(res.body)
      .querySelectorAll('a')
      .map((a) => a.getAttribute('href'));
    for (const id of ids) expect(links).toContain(`#${id}`);
  });

  it('shows the membership status, term and this term’s dues paid and due, and the next term’s renewal invoice still owing', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'membership');
    expect(termsOf(s)).toEqual([
      ['Membership', 'Active'],
      ['Member since', 'Jan 1, 2026'],
      ['Current term ends', 'Dec 31, 2026'],
      ['Dues paid this term', '$500.00'],
      ['Dues still due this term', '$700.00'],
      // issued ahead: not this term's dues, but owing all the same (said, with the way to pay it)
      ['Next term', `Jan 1, 2027 to Dec 31, 2027: $1,300.00 due by ${formatDay(renewal.due_on ?? '')}. Open renewal invoice ${renewal.number}`],
      ['Your role', 'Administrator'],
    ]);
    expect(s).toContain(`href="/invoices/${renewal.public_token}"`);
  });

  it('says nothing of a next term once its renewal invoice is paid', async () => {
    const oak = (await anOrganization(ctx, { name: 'Village of Elm' })).id;
    const membership = await anActiveMembership(ctx, oak, { start: '2026-01-01', end: '2026-12-31' });
    const ahead = await issue(oak, membership, 90_000, { start: '2027-01-01', end: '2027-12-31' });
    await aPayment(ctx, { invoiceId: ahead.id, amountCents: 90_000, method: 'check', reference: '78' });
    const c = await createAccount(ctx, { name: 'Elm Contact' });
    await aContact(ctx, { organizationId: oak, userId: c.id, role: 'contact' });
    const client = ctx.client();
    await client.signIn(c.email, PASSWORD);
    const s = sectionOf((await client.get(`/org?org=${oak}`)).body, 'membership');
    expect(termsOf(s).map(([t]) => t)).not.toContain('Next term');
  });

  it('shows the current term of an organization whose terms were imported together (one moment for all)', async () => {
    // The terms import writes an organization's past and current terms in one statement, so they
    // share one created_at (the test clock stands still here): the newest row is no answer.
    const oak = (await anOrganization(ctx, { name: 'Village of Oak' })).id;
    const at = ctx.clock.now();
    for (const year of [2023, 2022, 2021]) await aMembership(ctx, oak, { status: 'ended', term_start: `${year}-01-01`, term_end: `${year}-12-31`, created_at: at });
    await aMembership(ctx, oak, { status: 'active', term_start: '2024-01-01', term_end: '2099-12-31', created_at: at });
    const c = await createAccount(ctx, { name: 'Olive Oak' });
    await aContact(ctx, { organizationId: oak, userId: c.id, role: 'contact' });
    const client = ctx.client();
    await client.signIn(c.email, PASSWORD);
    const s = sectionOf((await client.get(`/org?org=${oak}`)).body, 'membership');
    expect(termValue(s, 'Membership')).toBe('Active');
    expect(termValue(s, 'Current term ends')).toBe('Dec 31, 2099');
  });

  it('lists recent invoices with their balance and links to pay and to all invoices', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'invoices');
    expect(s).toContain('Balance due: $2,000.00 on 2 invoices.');
    expect(s).toContain(`Pay or view invoice ${invoiceNumber}`);
    expect(s).toMatch(/href="\/invoices\/[^"]+"/);
    expect(rowsOf(s).flat()).toContain('$700.00');
    expect(s).toContain(`href="/org/invoices?org=${orgA}"`);
  });

  it('lists contacts with title, roles and access, and the admin’s links to change them', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'contacts');
    const avery = rowsOf(s, 'Contacts of City of Alder').find((row) => row[0] === 'Avery Admin');
    expect(avery?.slice(0, 4)).toEqual(['Avery Admin', 'Sustainability Director', 'Staff, Billing', 'Administrator']);
    expect(s).toContain(`href="/org/contacts/new?org=${orgA}"`);
  });

  it('says a listed organization is shown on the network map only once its membership is active', async () => {
    const pine = (await anOrganization(ctx, { name: 'Town of Pine', listed: true })).id;
    const c = await createAccount(ctx, { name: 'Parker Pine' });
    await aContact(ctx, { organizationId: pine, userId: c.id, role: 'contact' });
    const client = ctx.client();
    await client.signIn(c.email, PASSWORD);
    const mapLine = async () => termValue(sectionOf((await client.get(`/org?org=${pine}`)).body, 'profile'), 'Network map');
    expect(await mapLine()).toBe('To be shown on the public network map and list once the membership is active');
    expect((await client.get(`/org/profile?org=${pine}`)).body).toContain('To be shown on the public network map and list once the membership is active');
    await anActiveMembership(ctx, pine, { start: '2026-01-01', end: '2026-12-31' });
    expect(await mapLine()).toBe('Shown on the public network map and list');
  });

  it('summarises the network profile with a link to change it', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'profile');
    expect(termValue(s, 'Public website')).toBe('https://www.alder.gov');
    expect(s).toContain('Counted, but not shown by name (opted out)');
    expect(s).toContain(`href="/org/profile?org=${orgA}"`);
  });

  it('shows this organization’s pending login requests, with approve and decline for the admin', async () => {
    const s = sectionOf((await admin.get(`/org?org=${orgA}`)).body, 'login-requests');
    expect(s).toContain('Riley Asker');
    expect(s).toContain('Matches your organization’s website or email domain');
    expect(s).toMatch(/action="\/org\/login-requests\/[0-9a-f-]+\/approve\?org=/);
    expect(s).not.toContain('Quinn Other');
  });

  it('a contact of two organizations sees the first by default and switches with ?org=', async () => {
    const first = await admin.get('/org');
    expect(textOf(first.body, 'h1')).toBe('City of Alder');
    expect(first.body).toContain(`href="/org?org=${orgB}"`);
    const other = await admin.get(`/org?org=${orgB}`);
    expect(other.statusCode).toBe(200);
    expect(textOf(other.body, 'h1')).toBe('Town of Birch');
    expect(sectionOf(other.body, 'login-requests')).toContain('Quinn Other');
    expect(sectionOf(other.body, 'login-requests')).not.toContain('action="/org/login-requests');
    expect(termValue(sectionOf(other.body, 'membership'), 'Your role')).toBe('Contact');
    expect(sectionOf(other.body, 'contacts')).not.toContain('/org/contacts/new');
    expect(other.body).not.toContain('Riley Asker');
  });

  it('answers 404 for an organization the person is not a contact of, or a malformed id', async () => {
    const stranger = await createOrganization(ctx, { name: 'Village of Cedar' });
    for (const id of [stranger, 'not-a-uuid']) {
      const res = await admin.get(`/org?org=${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Village of Cedar');
    }
  });
});

describe('GET /org for someone who is not a contact of any organization', () => {
  it('an individual member is told what the page is for, pointed to their own membership, and how their organization adds them (403, nothing of any organization)', async () => {
    const m = await aMember(ctx);
    const member = ctx.client();
    await member.signIn(m.email, PASSWORD);
    const res = await member.get(`/org?org=${orgA}`);
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body, 'h1')).toBe('Organization pages are for contacts of member organizations');
    const text = textOf(res.body, 'main');
    expect(text).toContain(`Your account (${m.email}) is not a contact of any member organization.`);
    expect(text).toContain('My membership: your individual membership, its dues and invoices.');
    expect(text).toContain(`Ask one of its administrators to add you as a contact, with your address ${m.email}`);
    const links = dom(res.body)
      .querySelectorAll('main a')
      .map((a) => a.getAttribute('href'));
    expect(links).toEqual(expect.arrayContaining(['/me/membership', '/me', '/request-access']));
    expect(links).not.toContain('/staff');
    expect(res.body).not.toContain('City of Alder');
  });

  it('staff without a seat get the same page, with the staff area; a visitor is sent to sign in', async () => {
    const s = await createAccount(ctx, { roles: ['advisor'] });
    const staff = ctx.client();
    await staff.signIn(s.email, PASSWORD);
    const res = await staff.get('/org');
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body, 'h1')).toBe('Organization pages are for contacts of member organizations');
    expect(dom(res.body).querySelector('main a[href="/staff"]')).not.toBeNull();
    const visitor = await ctx.client().get('/org');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Forg');
  });
});
