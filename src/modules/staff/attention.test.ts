// "Needs attention" on /staff: each count, seeded situation by situation, equals the rows of the
// list its link opens; each role sees its part (membership, finance, advisor; an admin all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, aLoginRequest, aMember, aMembership, anAdvisorAssignment, anInvoice, anOrganization, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textsOf } from '../../../test/html.js';
import { formatDay } from '../../lib/format.js';
import { seedApplicationsDemo } from '../applications/index.js';
import { addDays, dayOf } from '../billing/index.js';

let ctx: TestContext;
let admin: TestClient;
let today: string;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
  today = dayOf(ctx.clock.now());
});
afterAll(() => ctx?.close());

const decode = (s: string) => s.replace(/&amp;/g, '&');
/** The desk's items as the page shows them: label → count and link. */
async function desk(c: TestClient): Promise<Map<string, { count: number; href: string }>> {
  const res = await c.get('/staff');
  expect(res.statusCode).toBe(200);
  const items = new Map<string, { count: number; href: string }>();
  for (const m of res.body.matchAll(/<a href="([^"]+)">([^<]+): <strong>([\d,]+)<\/strong><\/a>/g))
    items.set(m[2] ?? '', { href: decode(m[1] ?? ''), count: Number((m[3] ?? '').replace(/,/g, '')) });
  return items;
}
async function listed(c: TestClient, href: string, caption?: string): Promise<string[][]> {
  const res = await c.get(href);
  expect(res.statusCode, href).toBe(200);
  return rowsOf(res.body, caption).filter((r) => r.length > 1);
}
const item = (items: Map<string, { count: number; href: string }>, label: string) => {
  const found = items.get(label);
  if (!found) throw new Error(`no “${label}” on the desk; it has ${[...items.keys()].join(' | ')}`);
  return found;
};

describe('needs attention', () => {
  it('reads calmly when nothing waits, and shows roles in words', async () => {
    const res = await admin.get('/staff');
    expect(res.body).toContain('Nothing waiting.');
    expect(textsOf(res.body, 'p').join(' ')).toContain('Your roles: Staff admin.');
  });

  it('counts each situation and links to a list of exactly those rows', async () => {
    // applications: three submitted, one declined (not waiting)
    await ctx.deps.db.transaction().execute((trx) => seedApplicationsDemo(trx, ctx.clock.now()));
    await ctx.deps.db.updateTable('applications').set({ status: 'declined' }).where('legal_name', '=', 'Dane County').execute();

    // organizations: one without advisor or meeting, one with both, one with an advisor only
    const advisor = await createAccount(ctx, { roles: ['advisor'], name: 'Avery Advisor' });
    const lonely = await anOrganization(ctx, { name: 'City of Lonelyville' });
    const served = await anOrganization(ctx, { name: 'City of Servedton' });
    const unbooked = await anOrganization(ctx, { name: 'City of Unbookedburg' });
    await anOrganization(ctx, { name: 'Town of Prospectia', status: 'prospect' });
    await anAdvisorAssignment(ctx, served.id, advisor.id);
    await anAdvisorAssignment(ctx, unbooked.id, advisor.id);
    const start = new Date(ctx.clock.now().getTime() + 3 * 86_400_000);
    await ctx.deps.db
      .insertInto('meetings')
      .values({ organization_id: served.id, advisor_user_id: advisor.id, starts_at: start, ends_at: new Date(start.getTime() + 3_600_000), uid: `m-${served.id}` })
      .execute();

    // login requests: one for an organization without an admin, one matching none, one for an
    // organization whose admin decides it (not staff's)
    await aLoginRequest(ctx, unbooked.id, { email: 'asker1@unbooked.example.gov', name: 'Asker One' });
    await aLoginRequest(ctx, null, { email: 'asker2@nowhere.example', name: 'Asker Two' });
    const orgAdmin = await createAccount(ctx, { name: 'Org Admin' });
    await aContact(ctx, { organizationId: served.id, userId: orgAdmin.id, role: 'admin' });
    await aLoginRequest(ctx, served.id, { email: 'asker3@served.example.gov', name: 'Asker Three' });

    // invoices: 10, 45, 75 and 120 days overdue
    for (const days of [10, 45, 75, 120]) {
      const inv = await anInvoice(ctx, { organizationId: lonely.id, cents: 1000 });
      await ctx.deps.db
        .updateTable('invoices')
        .set({ due_on: addDays(today, -days) })
        .where('id', '=', inv.id)
        .execute();
    }

    // memberships: one ending in 20 days, one in 40 days
    await aMembership(ctx, lonely.id, { status: 'active', term_start: addDays(today, -345), term_end: addDays(today, 20) });
    await aMembership(ctx, served.id, { status: 'active', term_start: addDays(today, -325), term_end: addDays(today, 40) });

    // individual memberships: one awaiting a check, one active
    const waiting = await aMember(ctx, { status: 'pending', name: 'Wendy Waiting' });
    await ctx.deps.db.updateTable('individual_memberships').set({ verification: 'awaiting' }).where('user_id', '=', waiting.id).execute();
    await aMember(ctx, { name: 'Annie Active' });

    // assistance: one past its day, one resolved past its day, one not yet due, one with no day
    const req = (subject: string, desired: string | null, status: 'open' | 'resolved') =>
      ctx.deps.db
        .insertInto('assistance_requests')
        .values({ organization_id: lonely.id, subject, description: 'Help', desired_on: desired, status, created_by: orgAdmin.id })
        .execute();
    await req('Late heat plan', addDays(today, -2), 'open');
    await req('Resolved late', addDays(today, -2), 'resolved');
    await req('Future plan', addDays(today, 5), 'open');
    await req('Whenever', null, 'open');

    const items = await desk(admin);
    const check = async (label: string, count: number, caption?: string) => {
      const it = item(items, label);
      expect(it.count, label).toBe(count);
      const rows = await listed(admin, it.href, caption);
      expect(rows.length, `${label}: ${it.href}`).toBe(count);
      return rows.map((r) => r.join(' ')).join('\n');
    };

    const apps = await check('Applications waiting for review', 2);
    expect(apps).toContain('City of Boulder');
    expect(apps).not.toContain('Dane County');

    const noAdvisor = await check('Active organizations without an advisor', 1, 'Organizations');
    expect(noAdvisor).toContain('Lonelyville');
    const noMeeting = await check('Active organizations without a booked first meeting', 2, 'Organizations');
    expect(noMeeting).toContain('Unbookedburg');
    expect(noMeeting).not.toContain('Servedton');
    expect(noMeeting).not.toContain('Prospectia');

    const logins = item(items, 'Login requests with no organization administrator to decide them');
    expect(logins.count).toBe(2);
    const page = (await admin.get(logins.href)).body;
    expect(page).toContain('Asker One');
    expect(page).toContain('Asker Two');
    expect(page).not.toContain('Asker Three');

    // (the list shows each invoice's due day, written 'Sep 17, 2026')
    const due = (days: number) => formatDay(addDays(today, days));
    expect(await check('Invoices more than 30 days overdue', 3, 'Invoices')).not.toContain(due(-10));
    const over60 = await check('Invoices more than 60 days overdue', 2, 'Invoices');
    expect(over60).toContain(due(-75));
    expect(over60).not.toContain(due(-45));
    expect(await check('Invoices more than 90 days overdue', 1, 'Invoices')).toContain(due(-120));

    expect(await check('Memberships ending within 30 days', 1, 'Organizations')).toContain('Lonelyville');
    expect(await check('Individual memberships awaiting an eligibility check', 1, 'Memberships waiting for a check')).toContain('Wendy Waiting');
    expect(await check('Assistance requests past their wanted-by day', 1, 'Assistance requests, oldest first')).toContain('Late heat plan');
  });

  it('shows each role its part', async () => {
    const labels = async (c: TestClient) => [...(await desk(c)).keys()];
    const finance = await labels(await signedInAs(ctx, ['finance']));
    expect(finance.some((l) => l.startsWith('Invoices more than'))).toBe(true);
    expect(finance).not.toContain('Applications waiting for review');
    expect(finance).not.toContain('Login requests with no organization administrator to decide them');

    const membership = await labels(await signedInAs(ctx, ['membership']));
    expect(membership).toContain('Applications waiting for review');
    expect(membership.some((l) => l.startsWith('Invoices'))).toBe(false);

    // an advisor sees their own organizations without a first meeting, and late requests
    const advisorAccount = await createAccount(ctx, { roles: ['advisor'], name: 'Bo Advisor' });
    const mine = await anOrganization(ctx, { name: 'City of Mineford' });
    await anAdvisorAssignment(ctx, mine.id, advisorAccount.id);
    const advisor = ctx.client();
    await advisor.signIn(advisorAccount.email);
    const items = await desk(advisor);
    expect([...items.keys()].sort()).toEqual(['Assistance requests past their wanted-by day', 'Your organizations without a booked first meeting']);
    const own = item(items, 'Your organizations without a booked first meeting');
    expect(own.count).toBe(1);
    expect((await listed(advisor, own.href, 'Organizations')).map((r) => r[0])).toEqual(['City of Mineford']);

    // communications staff have no part: no section at all
    const comms = await signedInAs(ctx, ['communications']);
    expect((await comms.get('/staff')).body).not.toContain('Needs attention');
  });
});

describe('finding a record from the staff area', () => {
  /** The hub's "Find a record" form: its field and, for each button, its words and where it sends the search. */
  async function finder(c: TestClient) {
    const page = dom((await c.get('/staff')).body);
    const form = page.querySelector('search form');
    if (!form) return null;
    const input = form.querySelector('input');
    const label = input ? page.querySelector(`label[for="${input.getAttribute('id')}"]`)?.text.trim() : undefined;
    const buttons = form.querySelectorAll('button').map((b) => ({ words: b.text.trim(), to: b.getAttribute('formaction') ?? form.getAttribute('action') ?? '' }));
    return { name: input?.getAttribute('name'), label, buttons };
  }

  it('membership staff search organizations or people by name from the staff area in one step', async () => {
    await anOrganization(ctx, { name: 'City of Findmeville' });
    await createAccount(ctx, { name: 'Quincy Findme', roles: [] });
    const membership = await signedInAs(ctx, ['membership']);
    const f = await finder(membership);
    expect(f).toEqual({
      name: 'q',
      label: 'Name, or a person’s email',
      buttons: [
        { words: 'Find organizations', to: '/staff/organizations' },
        { words: 'Find people', to: '/staff/people' },
      ],
    });
    const orgs = await listed(membership, '/staff/organizations?q=findme', 'Organizations');
    expect(orgs.map((r) => r[0])).toContain('City of Findmeville');
    expect(rowsOf((await membership.get('/staff/people?q=findme')).body).map((r) => r[0])).toContain('Quincy Findme');
  });

  it('finance staff and advisors find organizations (the records they may open); staff without records have no search', async () => {
    for (const role of ['finance', 'advisor'] as const) {
      const f = await finder(await signedInAs(ctx, [role]));
      expect(f, role).toEqual({ name: 'q', label: 'Organization’s name', buttons: [{ words: 'Find organizations', to: '/staff/organizations' }] });
    }
    expect(await finder(await signedInAs(ctx, ['communications']))).toBeNull();
    const programs = ctx.client();
    await programs.signIn((await createAccount(ctx, { roles: ['programs'] })).email);
    expect(await finder(programs)).toBeNull();
  });
});
