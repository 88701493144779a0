// The renewals and retention report: on memberships renewed, lapsed and reinstated through the
// modules' own use cases (billing's invoices and payments, organizations' lapse), every figure of
// the JSON and the CSV equals the known answer and an independent SQL count; bad ranges get a 400
// that says what is wrong; members get a 403.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anIndividualMembership, anIndividualRenewalInvoice, anInvoice, anOrganization, aPayment, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { lapseMembership } from '../organizations/index.js';

let ctx: TestContext;
let membership: TestClient;
const RANGE = 'from=2024-01-01&to=2025-12-31';

beforeAll(async () => {
  ctx = await createTestContext();
  const org = async () => (await anOrganization(ctx)).id;
  const renew = async (organizationId: string, membershipId: string, year: number, paidOn: string | null) => {
    const inv = await anInvoice(ctx, {
      organizationId,
      membershipId,
      purpose: 'renewal',
      cents: 50_000,
      issuedOn: `${year - 1}-11-01`,
      period: { start: `${year}-01-01`, end: `${year}-12-31` },
    });
    if (paidOn) await aPayment(ctx, { invoiceId: inv.id, amountCents: 50_000, receivedOn: paidOn });
  };
  // A joined 2024, renewed for 2025 and for 2026 in time
  const a = await org();
  const am = await aMembership(ctx, a, { term_start: '2024-01-01', term_end: '2024-12-31' });
  await renew(a, am, 2025, '2024-12-15');
  await renew(a, am, 2026, '2025-12-20');
  // B joined 2024, invoiced for 2025, never paid: lapsed
  const b = await org();
  const bm = await aMembership(ctx, b, { term_start: '2024-01-01', term_end: '2024-12-31' });
  await renew(b, bm, 2025, null);
  await ctx.deps.db.transaction().execute((trx) => lapseMembership(trx, { membershipId: bm, termEnd: '2024-12-31', at: new Date('2025-02-01T06:00:00Z') }));
  // C joined 2024, lapsed, then paid for 2025 in March: reinstated; its 2025 term not renewed yet
  const c = await org();
  const cm = await aMembership(ctx, c, { term_start: '2024-01-01', term_end: '2024-12-31' });
  await ctx.deps.db.transaction().execute((trx) => lapseMembership(trx, { membershipId: cm, termEnd: '2024-12-31', at: new Date('2025-02-01T06:00:00Z') }));
  await renew(c, cm, 2025, '2025-03-01');
  // D joined 2025, cancelled in June; G joined July 2025 (its term ends after the range)
  await aMembership(ctx, await org(), { status: 'cancelled', term_start: '2025-01-01', term_end: '2025-12-31', status_changed_at: new Date('2025-06-15T12:00:00Z') });
  await aMembership(ctx, await org(), { term_start: '2025-07-01', term_end: '2026-06-30' });
  // left out: pending, and a term of 2023 (before the range)
  await aMembership(ctx, await org(), { status: 'pending', term_start: null, term_end: null });
  await aMembership(ctx, await org(), { status: 'ended', term_start: '2023-01-01', term_end: '2023-12-31' });

  // Individuals: P renewed 2024 in time (2025 not yet), Q lapsed, R's 2025 term lapsed then reinstated
  const levels = await seedLevels(ctx);
  const level = levels.manager as string;
  const person = async () => (await createAccount(ctx, { roles: ['member'] })).id;
  const p = await person();
  const pm = await anIndividualMembership(ctx, p, level, { term_start: '2024-01-01', term_end: '2024-12-31' });
  const pInv = await anIndividualRenewalInvoice(ctx, { userId: p, individualMembershipId: pm, period: { start: '2025-01-01', end: '2025-12-31' } });
  await aPayment(ctx, { invoiceId: pInv.id, amountCents: pInv.total_cents, receivedOn: '2024-12-20' });
  await anIndividualMembership(ctx, await person(), level, { status: 'lapsed', term_start: '2024-01-01', term_end: '2024-12-31' });
  const r = await person();
  const rm = await anIndividualMembership(ctx, r, level, { status: 'lapsed', term_start: '2025-01-01', term_end: '2025-12-31' });
  const rInv = await anIndividualRenewalInvoice(ctx, { userId: r, individualMembershipId: rm, period: { start: '2026-01-01', end: '2026-12-31' } });
  await aPayment(ctx, { invoiceId: rInv.id, amountCents: rInv.total_cents, receivedOn: '2026-03-01' });
  await anIndividualMembership(ctx, await person(), level, { status: 'pending', term_start: null, term_end: null });

  membership = ctx.client();
  await membership.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
});
afterAll(async () => {
  await ctx?.close();
});

type Period = { period: string; due: number; renewed: number; lapsed: number; reinstated: number; waiting: number; ended: number; renewalRate: number | null };

/** Independent counts per year of term end, written plainly: each (membership, term end) once. */
async function sqlOutcomes(memberships: 'memberships' | 'individual_memberships'): Promise<Record<string, Omit<Period, 'period' | 'renewalRate'>>> {
  const link = memberships === 'memberships' ? sql.ref('i.membership_id') : sql.ref('i.individual_membership_id');
  const table = sql.table(memberships);
  const res = await sql<{ y: string; id: string; term_end: string; status: string; now_end: string; first_paid: string | null }>`
    select distinct extract(year from t.term_end)::text as y, t.id, t.term_end::text, m.status, m.term_end::text as now_end,
      (select min(p.received_on)::text from payments p join invoices i on i.id = p.invoice_id
        where ${link} = t.id and i.purpose = 'renewal' and i.status <> 'void' and i.period_start = t.term_end + 1) as first_paid
    from (select ${link} as id, i.period_start - 1 as term_end from invoices i where ${link} is not null and i.purpose = 'renewal' and i.status <> 'void'
          union all select id, term_end from ${table} where status <> 'pending') t
    join ${table} m on m.id = t.id
    where t.term_end between '2024-01-01' and '2025-12-31'`.execute(ctx.deps.db);
  const out: Record<string, Omit<Period, 'period' | 'renewalRate'>> = {};
  for (const t of res.rows) {
    const o = out[t.y] ?? { due: 0, renewed: 0, lapsed: 0, reinstated: 0, waiting: 0, ended: 0 };
    out[t.y] = o;
    o.due += 1;
    const graceEnd = new Date(Date.parse(`${t.term_end}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    if (t.now_end > t.term_end) {
      if (t.first_paid && t.first_paid > graceEnd) {
        o.lapsed += 1;
        o.reinstated += 1;
      } else o.renewed += 1;
    } else if (t.status === 'lapsed') o.lapsed += 1;
    else if (t.status === 'active') o.waiting += 1;
    else o.ended += 1;
  }
  return out;
}

const counts = (rows: Period[]) => Object.fromEntries(rows.map(({ period, renewalRate: _, ...o }) => [period, o]));

describe('renewals and retention', () => {
  it('counts terms due, renewed, lapsed, reinstated and the renewal rate per year, as known and as SQL counts them', async () => {
    const res = await membership.getJson(`/api/v1/reports/renewals?${RANGE}`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.organizations.byPeriod).toEqual([
      { period: '2024', due: 3, renewed: 1, lapsed: 2, reinstated: 1, waiting: 0, ended: 0, renewalRate: 0.3333 },
      { period: '2025', due: 3, renewed: 1, lapsed: 0, reinstated: 0, waiting: 1, ended: 1, renewalRate: 0.5 },
    ]);
    expect(r.organizations.totals).toEqual({ period: 'All', due: 6, renewed: 2, lapsed: 2, reinstated: 1, waiting: 1, ended: 1, renewalRate: 0.4 });
    expect(r.individuals.byPeriod).toEqual([
      { period: '2024', due: 2, renewed: 1, lapsed: 1, reinstated: 0, waiting: 0, ended: 0, renewalRate: 0.5 },
      { period: '2025', due: 2, renewed: 0, lapsed: 1, reinstated: 1, waiting: 1, ended: 0, renewalRate: 0 },
    ]);
    expect(counts(r.organizations.byPeriod)).toEqual(await sqlOutcomes('memberships'));
    expect(counts(r.individuals.byPeriod)).toEqual(await sqlOutcomes('individual_memberships'));

    const months = await membership.getJson('/api/v1/reports/renewals?from=2024-12-01&to=2025-01-31&interval=month');
    expect(months.json().organizations.byPeriod.map((p: Period) => [p.period, p.due])).toEqual([
      ['2024-12', 3],
      ['2025-01', 0],
    ]);
  });

  it('follows each join year to every year-end: the cohorts, as known and as SQL counts them', async () => {
    const r = (await membership.getJson(`/api/v1/reports/renewals?${RANGE}`)).json();
    expect(r.organizations.cohorts).toEqual([
      {
        year: 2024,
        size: 3,
        retained: [
          { on: '2024-12-31', count: 3, share: 1 },
          { on: '2025-12-31', count: 2, share: 0.6667 },
        ],
      },
      { year: 2025, size: 2, retained: [{ on: '2025-12-31', count: 1, share: 0.5 }] },
    ]);
    expect(r.individuals.cohorts).toEqual([
      {
        year: 2024,
        size: 2,
        retained: [
          { on: '2024-12-31', count: 2, share: 1 },
          { on: '2025-12-31', count: 1, share: 0.5 },
        ],
      },
      { year: 2025, size: 1, retained: [{ on: '2025-12-31', count: 1, share: 1 }] },
    ]);
    // independently: who joined when, then who held a term covering the day (not cancelled by then)
    for (const [on, year] of [
      ['2024-12-31', 2024],
      ['2025-12-31', 2024],
      ['2025-12-31', 2025],
    ] as const) {
      const n = await sql<{ n: number }>`select count(*)::int as n from (select organization_id, min(term_start) as joined from memberships where status <> 'pending' group by 1) j
        where extract(year from j.joined) = ${year} and exists (select 1 from memberships m where m.organization_id = j.organization_id and m.status <> 'pending'
          and ${on}::date between m.term_start and m.term_end and not (m.status = 'cancelled' and m.status_changed_at < ${on}::date + 1))`.execute(ctx.deps.db);
      const cohort = r.organizations.cohorts.find((c: { year: number }) => c.year === year);
      expect(cohort.retained.find((x: { on: string }) => x.on === on).count, `${year} on ${on}`).toBe(n.rows[0]?.n);
    }
  });

  it('shows the same figures on the page (charts with tables) and in the CSV files', async () => {
    const page = await membership.get(`/staff/reports/renewals?${RANGE}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Renewals of organizations</caption>');
    expect(page.body).toContain('<caption>Retention of individual members by join year</caption>');
    expect(page.body).toContain('2024: 33.3% of 3 decided terms renewed');
    expect(page.body).toContain('joined 2024: 2 of 3 (66.7%)');
    expect(page.body).toContain('role="img"');
    // by month, the months are in words on the page (the CSV and the API keep ISO months)
    const months = await membership.get('/staff/reports/renewals?from=2024-12-01&to=2025-01-31&interval=month');
    expect(months.body).toContain('December 2024: 33.3% of 3 decided terms renewed');
    expect(months.body).toContain('>Dec 2024</text>');
    expect(months.body).toMatch(/<t[hd][^>]*>January 2025<\/t[hd]>/);
    expect(months.body).not.toContain('>2024-12<');

    const csv = await membership.get(`/staff/reports/renewals.csv?${RANGE}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(
      [
        '\uFEFFMembers,Term ended,Due,Renewed,Lapsed,Reinstated,Not renewed yet,Ended,Renewal rate (%)',
        'Organizations,2024,3,1,2,1,0,0,33.3',
        'Organizations,2025,3,1,0,0,1,1,50.0',
        'Individuals,2024,2,1,1,0,0,0,50.0',
        'Individuals,2025,2,0,1,1,1,0,0.0',
        '',
      ].join('\r\n'),
    );
    const retention = await membership.get(`/staff/reports/retention.csv?${RANGE}`);
    expect(retention.statusCode).toBe(200);
    expect(retention.body.split('\r\n').slice(0, 4)).toEqual([
      '\uFEFFMembers,Join year,Joined,On,Still members,Share (%)',
      'Organizations,2024,3,2024-12-31,3,100.0',
      'Organizations,2024,3,2025-12-31,2,66.7',
      'Organizations,2025,2,2025-12-31,1,50.0',
    ]);
  });

  it('refuses a bad range with a 400 that says what is wrong; a member gets a 403', async () => {
    const backwards = await membership.getJson('/api/v1/reports/renewals?from=2026-01-01&to=2025-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('The end date must be on or after the start date.');
    expect((await membership.getJson('/api/v1/reports/renewals?from=2025-02-30')).statusCode).toBe(400);
    const page = await membership.get('/staff/reports/renewals?from=2026-01-01&to=2025-01-01');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The end date must be on or after the start date.');
    const bad = await membership.get('/staff/reports/renewals?to=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real date, such as 2026-03-15.');
    expect((await membership.get('/staff/reports/renewals.csv?interval=week')).statusCode).toBe(400);
    expect((await membership.get('/staff/reports/retention.csv?from=2026-01-01&to=2025-01-01')).statusCode).toBe(400);

    const member = ctx.client();
    await member.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    for (const url of ['/staff/reports/renewals', '/staff/reports/renewals.csv', '/staff/reports/retention.csv']) expect((await member.get(url)).statusCode, url).toBe(403);
    expect((await member.getJson('/api/v1/reports/renewals')).statusCode).toBe(403);
  });
});
