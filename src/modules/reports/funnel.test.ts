// The application funnel: on applications at known times (started, submitted, decided) and
// memberships activated at known times, the counts and median days of the JSON and the CSV equal
// the known answers and independent SQL; the entity type filters; bad input gets a 400 that says
// what is wrong; members get a 403.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMembership, anApplication, anOrganization } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;
const DAY = 86_400_000;
const RANGE = 'from=2026-01-01&to=2026-03-31';

beforeAll(async () => {
  ctx = await createTestContext();
  const at = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * DAY);
  /** an application through its steps: days to submit, to approve, to pay (null: not reached) */
  const apply = async (entityType: 'city' | 'county' | 'town', started: string, toSubmit: number | null, toDecide: number | null, toPay: number | null, declined = false) => {
    const startedAt = at(started);
    const submittedAt = toSubmit === null ? undefined : at(started, toSubmit);
    const decidedAt = toDecide === null || toSubmit === null ? undefined : at(started, toSubmit + toDecide);
    const id = await anApplication(ctx, { entityType, startedAt, submittedAt, decidedAt, status: declined ? 'declined' : undefined });
    if (decidedAt && !declined) {
      const org = await anOrganization(ctx, { entity_type: entityType });
      const paid = toPay === null ? null : new Date(decidedAt.getTime() + toPay * DAY);
      await aMembership(ctx, org.id, paid ? { application_id: id, activated_at: paid } : { application_id: id, status: 'pending', term_start: null, term_end: null });
    }
  };
  await apply('city', '2026-01-01T10:00:00Z', 2, 5, 10);
  await apply('city', '2026-01-10T10:00:00Z', 4, 3, null);
  await apply('county', '2026-02-01T10:00:00Z', 6, 1, null, true);
  await apply('city', '2026-03-01T10:00:00Z', null, null, null);
  await apply('town', '2026-02-15T10:00:00Z', 1, 2, 4);
  await apply('city', '2025-12-20T10:00:00Z', 1, 1, 1); // before the range

  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
});
afterAll(async () => {
  await ctx?.close();
});

/** Independent counts and medians, written plainly here (medians computed in JavaScript). */
async function sqlFunnel(entityType: string | null) {
  const rows = await sql<{ created_at: Date; submitted_at: Date | null; decided_at: Date | null; status: string; activated_at: Date | null }>`
    select a.created_at, a.submitted_at, a.decided_at, a.status, m.activated_at from applications a left join memberships m on m.application_id = a.id
    where a.created_at >= '2026-01-01' and a.created_at < '2026-04-01' and (${entityType}::text is null or a.entity_type = ${entityType})`.execute(ctx.deps.db);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    if (s.length === 0) return null;
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  };
  const gap = (a: Date | null, b: Date | null) => (a && b ? [(b.getTime() - a.getTime()) / DAY] : []);
  const r = rows.rows;
  const approved = r.filter((x) => x.status === 'approved');
  return {
    started: r.length,
    submitted: r.filter((x) => x.submitted_at).length,
    approved: approved.length,
    paid: r.filter((x) => x.activated_at).length,
    medianDays: {
      startedToSubmitted: median(r.flatMap((x) => gap(x.created_at, x.submitted_at))),
      submittedToApproved: median(approved.flatMap((x) => gap(x.submitted_at, x.decided_at))),
      approvedToPaid: median(approved.flatMap((x) => gap(x.decided_at, x.activated_at))),
    },
  };
}

describe('application funnel', () => {
  it('counts started, submitted, approved and paid with the median days between, as known and as SQL counts them', async () => {
    const res = await finance.getJson(`/api/v1/reports/applications?${RANGE}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      entityType: null,
      started: 5,
      submitted: 4,
      approved: 3,
      paid: 2,
      medianDays: { startedToSubmitted: 3, submittedToApproved: 3, approvedToPaid: 7 },
    });
    const { from: _f, to: _t, entityType: _e, ...figures } = res.json();
    expect(figures).toEqual(await sqlFunnel(null));

    const cities = (await finance.getJson(`/api/v1/reports/applications?${RANGE}&entityType=city`)).json();
    expect(cities).toMatchObject({
      entityType: 'city',
      started: 3,
      submitted: 2,
      approved: 2,
      paid: 1,
      medianDays: { startedToSubmitted: 3, submittedToApproved: 4, approvedToPaid: 10 },
    });
    const { from: _f2, to: _t2, entityType: _e2, ...cityFigures } = cities;
    expect(cityFigures).toEqual(await sqlFunnel('city'));
  });

  it('shows the same figures on the page (a chart and its table) and in the CSV', async () => {
    const page = await finance.get(`/staff/reports/applications?${RANGE}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Application funnel</caption>');
    expect(page.body).toContain('Started: 5; Submitted: 4, median 3 days from the step before; Approved: 3, median 3 days from the step before; Paid (member): 2, median 7 days');
    expect(page.body).toContain('role="img"');
    // The type chosen, named inside the sentence as everywhere else ("Tribal" keeps its capital).
    const tribal = await finance.get(`/staff/reports/applications?${RANGE}&entityType=tribal_nation`);
    expect(textOf(tribal.body, 'main')).toContain('Tribal nation applications: 0 started, 0 paid.');
    const csv = await finance.get(`/staff/reports/applications.csv?${RANGE}&entityType=city`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe('\uFEFFStep,Applications,Median days from the step before\r\nStarted,3,\r\nSubmitted,2,3.0\r\nApproved,2,4.0\r\nPaid (member),1,10.0\r\n');
  });

  it('refuses bad input with a 400 that says what is wrong; a member gets a 403', async () => {
    const backwards = await finance.getJson('/api/v1/reports/applications?from=2026-03-01&to=2026-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('The end date must be on or after the start date.');
    expect((await finance.getJson('/api/v1/reports/applications?entityType=village')).statusCode).toBe(400);
    const page = await finance.get('/staff/reports/applications?entityType=village');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Choose one of the listed values.');
    const badDay = await finance.get('/staff/reports/applications?from=2026-02-31');
    expect(badDay.statusCode).toBe(400);
    expect(badDay.body).toContain('Enter a real date, such as 2026-03-15.');
    expect((await finance.get('/staff/reports/applications.csv?from=2026-03-01&to=2026-01-01')).statusCode).toBe(400);

    const member = ctx.client();
    await member.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    expect((await member.get('/staff/reports/applications')).statusCode).toBe(403);
    expect((await member.get('/staff/reports/applications.csv')).statusCode).toBe(403);
    expect((await member.getJson('/api/v1/reports/applications')).statusCode).toBe(403);
  });
});
