// Actions on an organization's record, through HTTP: advisor, contacts (through invitations),
// an ad-hoc invoice, suspend/cancel/reinstate, merging a duplicate (every kind of row moves, the
// old links redirect); each audited, each refusing bad input with a message and changing nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aContact,
  acceptInvitation,
  aLoginRequest,
  aMembership,
  anAccount,
  anActiveMembership,
  anAdvisor,
  anAdvisorAssignment,
  anInvoice,
  anOrganization,
  aPathway,
  apiPay,
  signedIn,
  signedInAs,
  withPathways,
} from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { errorOf, rowsOf, textOf } from '../../../test/html.js';
import { auditOf, mailTo } from '../../../test/readers.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  membership = await signedInAs(ctx, ['membership']);
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const db = () => ctx.deps.db;
const timelineOf = async (id: string) => rowsOf((await membership.get(`/staff/organizations/${id}`)).body, 'Activity, newest first').map((r) => r[1] ?? '');

describe('assigning the advisor', () => {
  it('membership staff assign and change the advisor: audited, emailed, refused for someone not an advisor', async () => {
    const org = await anOrganization(ctx, { name: 'Advisorton', state: 'IL' });
    await anActiveMembership(ctx, org.id);
    const admin = await anAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
    const first = await anAdvisor(ctx, membership, { name: 'Ann First', states: ['IL'] });
    const second = await anAdvisor(ctx, membership, { name: 'Bob Second', states: ['WI'] });
    expect((await membership.get(`/staff/organizations/${org.id}/advisor`)).statusCode).toBe(200);
    const bad = await membership.postForm(`/staff/organizations/${org.id}/advisor`, { advisor: randomUUID() });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'advisor').message).toContain('active advisor');
    expect(await db().selectFrom('advisor_assignments').select('id').where('organization_id', '=', org.id).execute()).toEqual([]);
    expect((await membership.postForm(`/staff/organizations/${org.id}/advisor`, { advisor: first.id })).statusCode).toBe(303);
    expect((await membership.postForm(`/staff/organizations/${org.id}/advisor`, { advisor: second.id, reason: 'Closer' })).statusCode).toBe(303);
    const page = await membership.get(`/staff/organizations/${org.id}`);
    expect(rowsOf(page.body, 'Activity, newest first').filter((r) => r[1]?.includes('assigned the advisor'))).toHaveLength(2);
    expect((await mailTo(ctx, second.email)).some((m) => m.template === 'advising.assigned_advisor')).toBe(true);
    expect((await mailTo(ctx, admin.email)).length).toBeGreaterThan(0);
    expect((await finance.postForm(`/staff/organizations/${org.id}/advisor`, { advisor: first.id })).statusCode).toBe(403);
  });
});

describe('contacts', () => {
  it('adding a contact sends an invitation; the seat exists only once it is accepted', async () => {
    const org = await anOrganization(ctx, { name: 'Inviteville' });
    const bad = await membership.postForm(`/staff/organizations/${org.id}/contacts`, { name: '', email: 'nope', role: 'contact' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'email').message).toContain('email address');
    const email = `new-${randomUUID().slice(0, 8)}@example.gov`;
    expect((await membership.postForm(`/staff/organizations/${org.id}/contacts`, { name: 'Nia New', email, title: 'Planner', role: 'admin' })).statusCode).toBe(303);
    expect(await db().selectFrom('organization_contacts').select('user_id').where('organization_id', '=', org.id).execute()).toEqual([]);
    const page = await membership.get(`/staff/organizations/${org.id}`);
    expect(rowsOf(page.body, 'Invited, not yet accepted')[0]).toEqual(['Nia New', 'Planner', email, 'Administrator', 'Waiting']);
    expect((await acceptInvitation(ctx, ctx.client(), email)).statusCode).toBe(303);
    const seats = await db().selectFrom('organization_contacts').select('role').where('organization_id', '=', org.id).execute();
    expect(seats).toEqual([{ role: 'admin' }]);
    expect(await timelineOf(org.id)).toEqual(
      expect.arrayContaining([
        'Test Person invited a person to act for the organization, as its administrator.',
        'Nia New accepted an invitation to act for the organization, as its administrator.',
      ]),
    );
  });

  it('a stronger role goes through an invitation; the last administrator is neither demoted nor removed', async () => {
    const org = await anOrganization(ctx, { name: 'Roleburg' });
    const admin = await anAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
    const clerk = await anAccount(ctx, { org: { role: 'contact', organizationId: org.id } });
    const demote = await membership.postForm(`/staff/organizations/${org.id}/contacts/${admin.id}/role`, { role: 'contact' });
    expect(demote.statusCode).toBe(400);
    expect(errorOf(demote.body, 'role').message).toContain('only administrator');
    const remove = await membership.postForm(`/staff/organizations/${org.id}/contacts/${admin.id}/remove`, { confirm: 'yes' });
    expect(remove.statusCode).toBe(400);
    expect(errorOf(remove.body, 'confirm').message).toContain('only administrator');
    const unconfirmed = await membership.postForm(`/staff/organizations/${org.id}/contacts/${clerk.id}/remove`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(errorOf(unconfirmed.body, 'confirm').message).toContain('Tick the box');

    expect((await membership.postForm(`/staff/organizations/${org.id}/contacts/${clerk.id}/role`, { role: 'admin' })).statusCode).toBe(303);
    const roleOf = async (id: string) =>
      (await db().selectFrom('organization_contacts').select('role').where('organization_id', '=', org.id).where('user_id', '=', id).executeTakeFirst())?.role;
    expect(await roleOf(clerk.id)).toBe('contact');
    expect((await acceptInvitation(ctx, await signedIn(ctx, clerk.email), clerk.email)).statusCode).toBe(303);
    expect(await roleOf(clerk.id)).toBe('admin');
    // Now there are two: one can be demoted, then removed.
    expect((await membership.postForm(`/staff/organizations/${org.id}/contacts/${admin.id}/role`, { role: 'contact' })).statusCode).toBe(303);
    expect((await membership.postForm(`/staff/organizations/${org.id}/contacts/${admin.id}/remove`, { confirm: 'yes' })).statusCode).toBe(303);
    expect(await roleOf(admin.id)).toBeUndefined();
    expect((await auditOf(ctx, 'records.contact_removed')).some((a) => a.entity_id === org.id)).toBe(true);
    expect(await timelineOf(org.id)).toEqual(expect.arrayContaining([expect.stringContaining('removed a contact'), expect.stringContaining('made an administrator a contact')]));
  });
});

describe('an ad-hoc invoice', () => {
  it('is issued through billing in cents, numbered in sequence, purpose other; bad amounts change nothing', async () => {
    const org = await anOrganization(ctx, { name: 'Invoiceton' });
    await anAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
    const count = async () => (await db().selectFrom('invoices').select('id').where('organization_id', '=', org.id).execute()).length;
    const bad = await membership.postForm(`/staff/organizations/${org.id}/invoices`, {
      billToName: 'Finance office',
      billToEmail: 'finance@invoiceton.gov',
      description1: 'Workshop',
      amount1: '12.345',
      description2: '',
      amount2: '5',
      confirm: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'amount1').message).toContain('two digits');
    expect(errorOf(bad.body, 'description2').message).toContain('Describe');
    const unconfirmed = await membership.postForm(`/staff/organizations/${org.id}/invoices`, {
      billToName: 'F',
      billToEmail: 'f@invoiceton.gov',
      description1: 'Workshop',
      amount1: '10',
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(await count()).toBe(0);
    const before = await anInvoice(ctx, { organizationId: (await anOrganization(ctx)).id, cents: 100 });
    const res = await membership.postForm(`/staff/organizations/${org.id}/invoices`, {
      billToName: 'Finance office',
      billToEmail: 'finance@invoiceton.gov',
      description1: 'Annual conference, two seats',
      amount1: '1,250.50',
      description2: 'Printed guide',
      amount2: '$40',
      confirm: 'yes',
    });
    expect(res.statusCode).toBe(303);
    const inv = await db().selectFrom('invoices').selectAll().where('organization_id', '=', org.id).executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ purpose: 'other', total_cents: 129_050, status: 'issued', bill_to_email: 'finance@invoiceton.gov' });
    expect(inv.seq).toBe((before.seq ?? 0) + 1);
    const lines = await db().selectFrom('invoice_lines').select(['description', 'unit_cents']).where('invoice_id', '=', inv.id).orderBy('position').execute();
    expect(lines).toEqual([
      { description: 'Annual conference, two seats', unit_cents: 125_050 },
      { description: 'Printed guide', unit_cents: 4_000 },
    ]);
    expect(await timelineOf(org.id)).toContain(`Test Person issued invoice ${inv.number}.`);
  });
});

describe('suspend, cancel, reinstate', () => {
  it('need a reason, are audited, and cancelling voids the unpaid invoices (after a confirmation)', async () => {
    const org = await anOrganization(ctx, { name: 'Standingham', status: 'active' });
    const m = await anActiveMembership(ctx, org.id);
    const unpaid = await anInvoice(ctx, { organizationId: org.id, membershipId: m, cents: 50_000 });
    const url = `/staff/organizations/${org.id}/memberships/${m}`;
    expect((await membership.get(`${url}/suspend`)).statusCode).toBe(200);
    const noReason = await membership.postForm(`${url}/suspend`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason.body, 'reason').message).toContain('Say why');
    expect((await membership.postForm(`${url}/suspend`, { reason: 'Dues dispute under review' })).statusCode).toBe(303);
    const statusOf = async () => ({
      m: await db().selectFrom('memberships').select(['status', 'status_reason']).where('id', '=', m).executeTakeFirstOrThrow(),
      org: (await db().selectFrom('organizations').select('status').where('id', '=', org.id).executeTakeFirstOrThrow()).status,
      invoice: (await db().selectFrom('invoices').select('status').where('id', '=', unpaid.id).executeTakeFirstOrThrow()).status,
    });
    expect(await statusOf()).toEqual({ m: { status: 'suspended', status_reason: 'Dues dispute under review' }, org: 'suspended', invoice: 'issued' });
    // Suspending twice is refused with a message.
    const again = await membership.postForm(`${url}/suspend`, { reason: 'again' });
    expect(again.statusCode).toBe(400);
    expect(errorOf(again.body, 'reason').message).toContain('cannot be suspended');
    // Cancelling lists the invoices it voids and needs the box ticked.
    const confirm = await membership.get(`${url}/cancel`);
    expect(rowsOf(confirm.body, 'Invoices that will be voided').map((r) => r[0])).toEqual([unpaid.number]);
    expect((await membership.postForm(`${url}/cancel`, { reason: 'Left the association' })).statusCode).toBe(400);
    expect((await statusOf()).m.status).toBe('suspended');
    expect((await membership.postForm(`${url}/cancel`, { reason: 'Left the association', confirm: 'yes' })).statusCode).toBe(303);
    expect(await statusOf()).toMatchObject({ m: { status: 'cancelled' }, org: 'cancelled', invoice: 'void' });
    expect((await membership.postForm(`${url}/reinstate`, { reason: '' })).statusCode).toBe(303);
    expect(await statusOf()).toMatchObject({ m: { status: 'active' }, org: 'active', invoice: 'void' });
    expect(await timelineOf(org.id)).toEqual(
      expect.arrayContaining([
        'Test Person suspended the membership (Dues dispute under review).',
        'Test Person cancelled the membership (Left the association).',
        'Test Person reinstated the membership.',
      ]),
    );
  });

  it('reinstating a lapsed membership runs it to the end of its open renewal invoice, which stays open', async () => {
    const org = await anOrganization(ctx, { name: 'Lapseford', status: 'lapsed' });
    const m = await aMembership(ctx, org.id, { status: 'lapsed', term_start: '2025-01-01', term_end: '2025-12-31' });
    const renewal = await anInvoice(ctx, { organizationId: org.id, membershipId: m, cents: 10_000, purpose: 'renewal', period: { start: '2026-02-01', end: '2027-01-31' } });
    expect((await membership.postForm(`/staff/organizations/${org.id}/memberships/${m}/reinstate`, {})).statusCode).toBe(303);
    expect(await db().selectFrom('memberships').select(['status', 'term_end']).where('id', '=', m).executeTakeFirstOrThrow()).toEqual({ status: 'active', term_end: '2027-01-31' });
    expect((await db().selectFrom('invoices').select('status').where('id', '=', renewal.id).executeTakeFirstOrThrow()).status).toBe('issued');
  });
});

describe('merging a duplicate', () => {
  const count = async (
    table: 'organization_contacts' | 'memberships' | 'invoices' | 'advisor_assignments' | 'staff_notes' | 'organization_pathways' | 'login_requests' | 'seat_invitations',
    orgId: string,
  ) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organization_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const TABLES = ['organization_contacts', 'memberships', 'invoices', 'advisor_assignments', 'staff_notes', 'organization_pathways', 'login_requests', 'seat_invitations'] as const;

  it('moves every kind of row, deduplicates a contact of both, marks the duplicate merged and redirects its links', async () => {
    const survivor = await anOrganization(ctx, { name: 'Mergeton', status: 'active', listed: true });
    const dup = await anOrganization(ctx, { name: 'Mergeton (duplicate)', status: 'lapsed', listed: true });
    await anActiveMembership(ctx, survivor.id);
    const dupMembership = await aMembership(ctx, dup.id, { status: 'lapsed', term_start: '2024-01-01', term_end: '2024-12-31' });
    const both = await anAccount(ctx, { org: { role: 'contact', organizationId: survivor.id } });
    await aContact(ctx, { organizationId: dup.id, userId: both.id, role: 'admin' });
    await anAccount(ctx, { org: { role: 'contact', organizationId: dup.id } });
    const inv = await anInvoice(ctx, { organizationId: dup.id, membershipId: dupMembership, cents: 1_000 });
    expect((await apiPay(finance, inv.id, { amountCents: 1_000, method: 'check', reference: 'm1' }, randomUUID())).statusCode).toBe(201);
    const adv = await anAccount(ctx, { roles: ['advisor'] });
    await anAdvisorAssignment(ctx, dup.id, adv.id);
    expect((await membership.postForm(`/staff/organizations/${dup.id}/notes`, { body: 'Duplicate made by a second application.' })).statusCode).toBe(303);
    await withPathways(ctx, dup.id, [await aPathway(ctx)]);
    await aLoginRequest(ctx, dup.id, { email: `asker-${randomUUID().slice(0, 6)}@example.gov` });
    expect(
      (await membership.postForm(`/staff/organizations/${dup.id}/contacts`, { name: 'Ivy Invited', email: `ivy-${randomUUID().slice(0, 6)}@example.gov`, role: 'contact' }))
        .statusCode,
    ).toBe(303);

    const before = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, [await count(t, survivor.id), await count(t, dup.id)]] as const)));
    expect(before).toEqual({
      organization_contacts: [1, 2],
      memberships: [1, 1],
      invoices: [0, 1],
      advisor_assignments: [0, 1],
      staff_notes: [0, 1],
      organization_pathways: [0, 1],
      login_requests: [0, 1],
      seat_invitations: [0, 1],
    });

    // Search by name, then the confirmation lists what moves.
    const search = await membership.get(`/staff/organizations/${survivor.id}/merge?q=Mer`);
    expect(rowsOf(search.body, 'Organizations found').map((r) => r[0])).toEqual(['Mergeton (duplicate)']);
    // the state and status in words, as the record reads them
    expect(rowsOf(search.body, 'Organizations found')[0]?.slice(1)).toEqual(['Colorado', 'Lapsed']);
    const confirm = await membership.get(`/staff/organizations/${survivor.id}/merge/${dup.id}`);
    expect(confirm.statusCode).toBe(200);
    expect(Object.fromEntries(rowsOf(confirm.body, 'What moves').map((r) => [r[0], r[1]]))).toMatchObject({
      Contacts: '2',
      Invoices: '1',
      'Payments (with their invoices)': '1',
      'Staff notes': '1',
    });
    const unticked = await membership.postForm(`/staff/organizations/${survivor.id}/merge/${dup.id}`, {});
    expect(unticked.statusCode).toBe(400);
    expect(await count('invoices', dup.id)).toBe(1);

    expect((await membership.postForm(`/staff/organizations/${survivor.id}/merge/${dup.id}`, { confirm: 'yes' })).statusCode).toBe(303);
    const after = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, [await count(t, survivor.id), await count(t, dup.id)]] as const)));
    expect(after).toEqual({
      organization_contacts: [2, 0], // the person of both kept once, as administrator
      memberships: [2, 0],
      invoices: [1, 0],
      advisor_assignments: [1, 0],
      staff_notes: [1, 0],
      organization_pathways: [1, 0],
      login_requests: [1, 0],
      seat_invitations: [1, 0],
    });
    expect(
      (await db().selectFrom('organization_contacts').select('role').where('organization_id', '=', survivor.id).where('user_id', '=', both.id).executeTakeFirstOrThrow()).role,
    ).toBe('admin');
    // Payments follow their invoice: the survivor's record shows it.
    const page = await membership.get(`/staff/organizations/${survivor.id}`);
    expect(rowsOf(page.body, 'Payments').map((r) => r[3])).toContain('m1');
    const timeline = rowsOf(page.body, 'Activity, newest first').map((r) => r[1]);
    expect(timeline).toContain('Test Person merged a duplicate organization into this one: Mergeton (duplicate).');
    expect(timeline).toContain('Test Person added a staff note.'); // the duplicate's history reads here
    expect((await auditOf(ctx, 'records.organization_merged')).some((a) => a.entity_id === dup.id)).toBe(true);
    // The duplicate's links go to the survivor; it is gone from the list.
    const old = await membership.get(`/staff/organizations/${dup.id}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/staff/organizations/${survivor.id}`);
    const network = await ctx.client().get(`/network/${dup.slug}`);
    expect(network.statusCode).toBe(301);
    expect(network.headers.location).toBe(`/network/${survivor.slug}`);
    const list = await membership.getJson('/api/v1/organizations?q=Mergeton');
    expect(list.json().organizations.map((o: { name: string }) => o.name)).toEqual(['Mergeton']);
    expect(textOf((await membership.get(String((await membership.get(`/staff/organizations/${dup.id}`)).headers.location))).body, 'h1')).toBe('Mergeton');
  });

  it('takes the status of the latest term when both organizations’ terms were imported at one moment', async () => {
    const importedAt = new Date('2025-06-01T12:00:00Z');
    for (const [first, second] of [
      ['ended', 'lapsed'],
      ['lapsed', 'ended'],
    ] as const) {
      const survivor = await anOrganization(ctx, { name: `Termfold ${first}`, status: first });
      const dup = await anOrganization(ctx, { name: `Termfold ${second} (duplicate)`, status: second });
      const terms = { ended: { term_start: '2023-01-01', term_end: '2023-12-31' }, lapsed: { term_start: '2025-01-01', term_end: '2025-12-31' } };
      await aMembership(ctx, survivor.id, { status: first, ...terms[first], created_at: importedAt });
      await aMembership(ctx, dup.id, { status: second, ...terms[second], created_at: importedAt });
      expect((await membership.postForm(`/staff/organizations/${survivor.id}/merge/${dup.id}`, { confirm: 'yes' })).statusCode).toBe(303);
      // the 2025 term, lapsed, is the latest: the merged organization is lapsed, not ended
      expect((await db().selectFrom('organizations').select('status').where('id', '=', survivor.id).executeTakeFirstOrThrow()).status).toBe('lapsed');
    }
  });

  it('is refused with a clear message when both have an open membership, changing nothing', async () => {
    const a = await anOrganization(ctx, { name: 'Openham' });
    const b = await anOrganization(ctx, { name: 'Openham Two' });
    await anActiveMembership(ctx, a.id);
    await anActiveMembership(ctx, b.id);
    await anAccount(ctx, { org: { role: 'admin', organizationId: b.id } });
    const confirm = await membership.get(`/staff/organizations/${a.id}/merge/${b.id}`);
    expect(confirm.body).toContain('Both Openham and Openham Two have a membership that is active or pending');
    const res = await membership.postForm(`/staff/organizations/${a.id}/merge/${b.id}`, { confirm: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Cancel one of them first');
    expect(await count('organization_contacts', b.id)).toBe(1);
    expect((await db().selectFrom('organizations').select('merged_into_id').where('id', '=', b.id).executeTakeFirstOrThrow()).merged_into_id).toBeNull();
    // Nor into itself, nor by finance staff.
    expect((await membership.get(`/staff/organizations/${a.id}/merge/${a.id}`)).statusCode).toBe(404);
    expect((await finance.postForm(`/staff/organizations/${a.id}/merge/${b.id}`, { confirm: 'yes' })).statusCode).toBe(403);
  });
});
