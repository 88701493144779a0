// Renewals at national scale (issue 15), as behaviour rather than timings: the batch runner reads
// only due rows, so a run with nothing to do reads none and no run reads a row twice; a renewal
// that cannot be priced is flagged once, shown to staff, and renewed after its input is entered;
// two workers (two processes' database pools) running at once issue each invoice once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, withDatabase } from '../../../test/db.js';
import { joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { renewalHelpers, resetRenewals } from '../../../test/renewals.js';
import { openPostgres } from '../../db/client.js';
import { createDeps } from '../../deps.js';
import type { Visit } from '../../lib/batch-runner.js';
import { seedDuesDemo } from '../dues/index.js';
import { wireModules } from '../index.js';
import { updateOrganizationProfile } from '../organizations/index.js';
import { addDays, applyPayment, blockedRenewals, runRenewals } from './index.js';

let ctx: TestContext;
let levels: Record<string, string>;
const { runOn, createMember, renewalInvoices, expectOneRenewalEach, expectGaplessNumbers } = renewalHelpers(() => ctx);

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

/** A Manager (salary-based level) who joined and paid on `day`: term `day` to a year later. */
async function activeManager(day: string, opts: { salary?: boolean } = {}) {
  ctx.clock.set(`${day}T10:00:00Z`);
  const j = await joinAsManager(ctx, levels);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const inv = await trx.selectFrom('invoices').select(['total_cents']).where('id', '=', j.invoiceId).executeTakeFirstOrThrow();
    await applyPayment(trx, ctx.deps, { invoiceId: j.invoiceId, amountCents: inv.total_cents, method: 'check', reference: 'joined' });
  });
  // A member who never gave a salary (as members loaded from an older system, or the scale seed).
  if (opts.salary === false) await ctx.deps.db.updateTable('individual_memberships').set({ salary_cents: null }).where('id', '=', j.membershipId).execute();
  const m = await ctx.deps.db.selectFrom('individual_memberships').select(['term_end']).where('id', '=', j.membershipId).executeTakeFirstOrThrow();
  return { ...j, termEnd: m.term_end ?? '' };
}

const individualRenewals = (membershipId: string) =>
  ctx.deps.db.selectFrom('invoices').select(['id', 'status']).where('individual_membership_id', '=', membershipId).where('purpose', '=', 'renewal').execute();

function visits() {
  const seen: Visit[] = [];
  return { seen, onVisit: (v: Visit) => seen.push(v), key: (v: Visit) => `${v.stage}/${v.kind}/${v.id}` };
}

describe('the batch runner reads only due rows', () => {
  it('the no-op renewal run reads no row twice', async () => {
    await resetRenewals(ctx);
    const day = '2040-03-01';
    const members = [];
    for (let i = 0; i < 7; i++) members.push(await createMember({ termEnd: addDays(day, 10 + i) }));
    const unpriced = await createMember({ termEnd: addDays(day, 20), population: null });
    const priced = await activeManager(addDays(day, -330));
    const noSalary = await activeManager(addDays(day, -331), { salary: false });

    const first = visits();
    const counts = await runOn(day, { batchSize: 3, onVisit: first.onVisit });
    expect(counts.issued).toBeGreaterThanOrEqual(8);
    // Within the run, every row read once, in pages of 3.
    const firstKeys = first.seen.map(first.key);
    expect(new Set(firstKeys).size).toBe(firstKeys.length);
    for (const id of [...members.map((m) => m.membershipId), unpriced.membershipId]) expect(firstKeys).toContain(`issue/organization/${id}`);
    for (const id of [priced.membershipId, noSalary.membershipId]) expect(firstKeys).toContain(`issue/person/${id}`);

    // The same day again, and the next: nothing to do, and not one row read (the invoiced rows no
    // longer match, the unpriceable ones are flagged), however many pages the first run took.
    for (const again of [day, addDays(day, 1)]) {
      const next = visits();
      const nothing = await runOn(again, { batchSize: 3, onVisit: next.onVisit });
      expect(nothing).toEqual({ issued: 0, reminded: 0, lapsed: 0, skipped: 0 });
      expect(next.seen).toEqual([]);
    }
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    expect(await renewalInvoices(unpriced.membershipId)).toEqual([]);

    // Staff enter the organization's population: the flag is cleared, and the next run reads that
    // one row and invoices it.
    await ctx.deps.db.transaction().execute((trx) =>
      updateOrganizationProfile(trx, {
        organizationId: unpriced.organizationId,
        population: 12_000,
        populationSource: 'Census',
        populationYear: 2040,
        website: '',
        billingAddress: '1 Main Street',
      }),
    );
    const fixed = visits();
    expect(await runOn(addDays(day, 2), { batchSize: 3, onVisit: fixed.onVisit })).toMatchObject({ issued: 1, skipped: 0 });
    expect(fixed.seen.map(fixed.key)).toEqual([`issue/organization/${unpriced.membershipId}`]);
    expect(await renewalInvoices(unpriced.membershipId)).toHaveLength(1);
  });
});

describe('a renewal that cannot be priced', () => {
  it('is flagged once, not read again, shown to staff, cleared when the salary is entered, then renewed', async () => {
    await resetRenewals(ctx);
    const day = '2042-05-01';
    const member = await activeManager(addDays(day, -320), { salary: false });
    const runDay = addDays(member.termEnd, -30);

    const first = visits();
    const counts = await runOn(runDay, { onVisit: first.onVisit });
    expect(first.seen.map(first.key)).toContain(`issue/person/${member.membershipId}`);
    expect(counts.skipped).toBe(1);
    expect(await individualRenewals(member.membershipId)).toEqual([]);
    const flagged = await ctx.deps.db
      .selectFrom('individual_memberships')
      .select(['renewal_blocked_reason', 'renewal_blocked_at'])
      .where('id', '=', member.membershipId)
      .executeTakeFirstOrThrow();
    expect(flagged.renewal_blocked_reason).toMatch(/salary/);
    expect(flagged.renewal_blocked_at).toBeInstanceOf(Date);
    // The run recorded it as a failure once; the next runs do not read it, nor record it again.
    const second = visits();
    expect(await runOn(addDays(runDay, 1), { onVisit: second.onVisit })).toMatchObject({ issued: 0, skipped: 0 });
    expect(second.seen).toEqual([]);
    const failures = await ctx.deps.db
      .selectFrom('renewal_runs')
      .select(['failures'])
      .where('run_for', 'in', [runDay, addDays(runDay, 1)])
      .orderBy('started_at')
      .execute();
    expect(failures.map((r) => r.failures.filter((f) => f.id === member.membershipId).length)).toEqual([1, 0]);

    // Staff see it: the console's blocked section, and "Needs attention".
    expect((await blockedRenewals(ctx.deps, { limit: 100 })).rows).toEqual([
      expect.objectContaining({ kind: 'person', membershipId: member.membershipId, href: `/staff/individuals/${member.membershipId}#salary` }),
    ]);
    const finance = await createAccount(ctx, { roles: ['finance'], name: 'Blocked Finance' });
    const client = ctx.client();
    await client.signIn(finance.email);
    const console = await client.get('/staff/renewals');
    expect(console.statusCode).toBe(200);
    expect(console.body).toContain('id="blocked"');
    expect(console.body).toContain(`/staff/individuals/${member.membershipId}#salary`);
    const home = await client.get('/staff');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Renewals blocked for a missing detail');
    expect(home.body).toContain('/staff/renewals#blocked');

    // Finance staff enter the salary: a bad one is refused (400), a good one clears the flag.
    const bad = await client.postForm(`/staff/individuals/${member.membershipId}/salary`, { salary: 'lots' });
    expect(bad.statusCode).toBe(400);
    const ok = await client.postForm(`/staff/individuals/${member.membershipId}/salary`, { salary: '95,000' });
    expect(ok.statusCode).toBe(303);
    const cleared = await ctx.deps.db
      .selectFrom('individual_memberships')
      .select(['salary_cents', 'renewal_blocked_at'])
      .where('id', '=', member.membershipId)
      .executeTakeFirstOrThrow();
    expect(cleared).toEqual({ salary_cents: 9_500_000, renewal_blocked_at: null });
    expect((await blockedRenewals(ctx.deps, { limit: 100 })).total).toBe(0);

    // The next run renews it: one invoice, priced from the salary (0.65% of $95,000 = $617.50).
    expect(await runOn(addDays(runDay, 2))).toMatchObject({ issued: 1, skipped: 0 });
    const [renewal, ...more] = await ctx.deps.db
      .selectFrom('invoices')
      .select(['total_cents'])
      .where('individual_membership_id', '=', member.membershipId)
      .where('purpose', '=', 'renewal')
      .execute();
    expect(more).toEqual([]);
    expect(renewal?.total_cents).toBe(61_750);
  });
});

describe('more than one process', () => {
  it.runIf(process.env.TEST_DB === 'pg')('two workers run a renewal once', async () => {
    await resetRenewals(ctx);
    const day = '2044-07-01';
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await createMember({ termEnd: addDays(day, 5 + (i % 4)) }));
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await activeManager(addDays(day, -340 + i)));
    // A second worker: its own deps and its own pool of connections to the same database, as a
    // second web process has.
    const name = (await sql<{ name: string }>`select current_database() as name`.execute(ctx.deps.db)).rows[0]?.name ?? '';
    const other = openPostgres(withDatabase(adminUrl(), name), 5);
    try {
      const second = createDeps(ctx.deps.config, other, ctx.clock, { wire: wireModules });
      ctx.clock.set(`${day}T12:00:00Z`);
      const [a, b] = await Promise.all([runRenewals(ctx.deps, { today: day, batchSize: 2 }), runRenewals(second, { today: day, batchSize: 3 })]);
      // Between them, every renewal invoice of the day once: these sixteen, and any other
      // membership left due by the tests before (resetRenewals voids unpaid invoices).
      const issuedThatDay = await ctx.deps.db.selectFrom('invoices').select('id').where('purpose', '=', 'renewal').where('issued_on', '=', day).execute();
      expect(issuedThatDay.length).toBeGreaterThanOrEqual(16);
      expect(a.issued + b.issued).toBe(issuedThatDay.length);
      await expectOneRenewalEach(members.map((m) => m.membershipId));
      for (const p of people) expect(await individualRenewals(p.membershipId)).toHaveLength(1);
      await expectGaplessNumbers();
    } finally {
      await other.close();
    }
  });
});
