// The renewals console (/staff/renewals and its API): the preview lists exactly what the following
// run then does, row by row (on a data set with due, reminded, lapsing and reinstated members, an
// individual member among them, and one that cannot be priced); every run is recorded with its
// failures; two "Run now" requests at once issue each invoice once, and the same form posted twice
// runs once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { headingsOf, hiddenValue, rowsOf, tableOf } from '../../../test/html.js';
import { renewalHelpers, resetRenewals } from '../../../test/renewals.js';
import { quoteDues, seedDuesDemo } from '../dues/index.js';
import { addDays, blockedRenewals, listRenewalRuns, nextTerm, previewRenewals, runRenewals } from './index.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

const { runOn, createMember, consoleDataSet, whatTheRunDid, renewalInvoices, expectOneRenewalEach, expectGaplessNumbers } = renewalHelpers(() => ctx);
/** The rows of the run history, each as heading → cell text. */
const historyRows = (html: string) => {
  const headings = headingsOf(html, 'Runs, newest first');
  return rowsOf(html, 'Runs, newest first').map((cells) => Object.fromEntries(headings.map((h, i) => [h, cells[i] ?? ''])));
};
const byId = <T extends { membershipId: string }>(rows: T[]) => [...rows].sort((a, b) => a.membershipId.localeCompare(b.membershipId));

async function staffClient(role: 'finance' | 'membership') {
  const account = await createAccount(ctx, { roles: [role], name: `Renewals ${role}` });
  const client = ctx.client();
  await client.signIn(account.email);
  return { client, userId: account.id };
}

describe('the preview is what the run does', () => {
  const DAY = '2032-06-15';

  it('lists exactly the invoices, reminders, lapses and skipped rows of the following run, and nothing is left after it', async () => {
    await resetRenewals(ctx);
    const set = await consoleDataSet(DAY, levels);
    ctx.clock.set(`${DAY}T12:00:00Z`);
    const preview = await previewRenewals(ctx.deps);
    expect(preview.today).toBe(DAY);

    // What the data set says the day holds.
    const price = await quoteDues(ctx.deps, { entityType: 'city', population: 40_000, on: addDays(DAY, 59) });
    expect(preview.issue).toContainEqual({
      kind: 'organization',
      membershipId: set.due.membershipId,
      subject: expect.stringMatching(/^Renewal Town/),
      termStart: nextTerm(addDays(DAY, 58)).start,
      termEnd: nextTerm(addDays(DAY, 58)).end,
      amountCents: 'amountCents' in price ? price.amountCents : -1,
      href: `/staff/organizations/${set.due.organizationId}`,
    });
    expect(preview.issue.filter((i) => i.kind === 'person').map((i) => i.membershipId)).toEqual([set.individual.membershipId]);
    expect(preview.issue.map((i) => i.membershipId)).not.toContain(set.unpriced.membershipId);
    expect(preview.failures).toEqual([
      expect.objectContaining({ stage: 'issue', kind: 'organization', id: set.unpriced.membershipId, reason: expect.stringContaining('no population') }),
    ]);
    expect(preview.remind).toEqual([expect.objectContaining({ invoiceId: set.remindedInvoiceId, offsets: [14], dueOn: addDays(DAY, -14) })]);
    expect(preview.lapse.map((l) => l.membershipId)).toEqual([set.lapsing.membershipId]);
    const everyRow = [...preview.issue.map((r) => r.membershipId), ...preview.lapse.map((r) => r.membershipId), ...preview.failures.map((r) => r.id)];
    expect(everyRow).not.toContain(set.reinstated.membershipId);
    expect((await ctx.deps.db.selectFrom('memberships').select('status').where('id', '=', set.reinstated.membershipId).executeTakeFirstOrThrow()).status).toBe('active');

    // Individual members' dues follow from private inputs: finance staff see them, membership staff do not.
    const asFinance = (await (await staffClient('finance')).client.getJson('/api/v1/renewals/preview')).json();
    const asMembership = (await (await staffClient('membership')).client.getJson('/api/v1/renewals/preview')).json();
    const skippedHref = `/staff/organizations/${set.unpriced.organizationId}`;
    expect(asFinance).toEqual({ ...preview, reinstate: [], failures: preview.failures.map((f) => ({ ...f, href: skippedHref })) });
    const personIn = (p: { issue: Array<{ kind: string; amountCents: number | null }> }) => p.issue.find((i) => i.kind === 'person');
    expect(personIn(asFinance)?.amountCents).toBeGreaterThan(0);
    expect(personIn(asMembership)).toMatchObject({ amountCents: null });
    expect(asMembership.issue.filter((i: { kind: string }) => i.kind === 'organization')).toEqual(preview.issue.filter((i) => i.kind === 'organization'));

    // The run, then what it did, row by row.
    const counts = await runOn(DAY);
    const did = await whatTheRunDid(DAY);
    expect(byId(did.issue)).toEqual(byId(preview.issue));
    expect(did.remind).toEqual(preview.remind.map((r) => ({ invoiceId: r.invoiceId, offsets: r.offsets })));
    expect(did.lapse.sort()).toEqual(preview.lapse.map((l) => l.membershipId).sort());
    expect(counts).toEqual({ issued: preview.issue.length, reminded: preview.remind.length, lapsed: preview.lapse.length, skipped: preview.failures.length });
    const [run] = (await listRenewalRuns(ctx.deps.db)).runs;
    expect(run).toMatchObject({ runFor: DAY, trigger: 'job', error: null, failures: preview.failures, ...counts });

    // Nothing is left for a second run that day: the row it could not do is flagged (0038), not
    // read again, and waits in the console's blocked list.
    const after = await previewRenewals(ctx.deps);
    expect(after).toEqual({ today: DAY, issue: [], remind: [], lapse: [], failures: [] });
    const blocked = await blockedRenewals(ctx.deps, { limit: 100 });
    expect(blocked.rows.map((b) => b.membershipId).sort()).toEqual(
      preview.failures
        .filter((f) => f.stage === 'issue')
        .map((f) => f.id)
        .sort(),
    );
  });
});

describe('Run now', () => {
  it('two requests at once issue each invoice once, each recorded with who ran it', async () => {
    await resetRenewals(ctx);
    const day = '2033-04-10';
    const members = [];
    for (let i = 0; i < 8; i++) members.push(await createMember({ termEnd: addDays(day, 30) }));
    ctx.clock.set(`${day}T12:00:00Z`);
    const a = await staffClient('finance');
    const b = await staffClient('membership');
    const keyOf = async (client: typeof a.client) => hiddenValue((await client.get('/staff/renewals')).body, 'key');
    const [keyA, keyB] = [await keyOf(a.client), await keyOf(b.client)];
    expect(keyA).toBeTruthy();
    expect(keyA).not.toBe(keyB);
    const [resA, resB] = await Promise.all([
      a.client.postForm('/staff/renewals/run', { key: keyA, confirm: 'yes' }),
      b.client.postForm('/staff/renewals/run', { key: keyB, confirm: 'yes' }),
    ]);
    expect([resA.statusCode, resB.statusCode]).toEqual([303, 303]);
    expect(resA.headers.location).toBe('/staff/renewals#history');
    await expectOneRenewalEach(members.map((m) => m.membershipId));
    await expectGaplessNumbers();
    const runs = (await ctx.deps.db.selectFrom('renewal_runs').selectAll().where('request_key', 'in', [keyA, keyB]).execute()).sort((x, y) =>
      String(x.actor_user_id).localeCompare(String(y.actor_user_id)),
    );
    expect(runs.map((r) => r.trigger)).toEqual(['console', 'console']);
    expect(runs.map((r) => r.actor_user_id).sort()).toEqual([a.userId, b.userId].sort());
    // Between them, the two runs issued every renewal invoice of the day once (the members' eight,
    // and any other membership due that day).
    const issuedThatDay = await ctx.deps.db.selectFrom('invoices').select('id').where('purpose', '=', 'renewal').where('issued_on', '=', day).execute();
    expect(issuedThatDay.length).toBeGreaterThanOrEqual(8);
    expect(runs.reduce((sum, r) => sum + r.issued, 0)).toBe(issuedThatDay.length);
    expect(runs.every((r) => r.finished_at !== null && r.error === null)).toBe(true);
    // Each is audited as the staff member's action.
    const audits = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'entity_id'])
      .where('action', '=', 'billing.renewals_run')
      .where(
        'entity_id',
        'in',
        runs.map((r) => r.id),
      )
      .execute();
    expect(audits).toHaveLength(2);

    // The page shows the run in its history, newest first, with who ran it.
    const page = await a.client.get('/staff/renewals');
    const history = historyRows(page.body);
    expect(history[0]?.Run).toMatch(/(AM|PM) E[DS]T ?for Apr 10, 2033 ?Renewals (finance|membership), with Run now$/);
    const issuedIn = (r: Record<string, string> | undefined) =>
      Number(/^(\d+) issued, \d+ reminded, \d+ lapsed, \d+ skipped, in (under a second|\d+ seconds?)$/.exec(r?.['What it did'] ?? '')?.[1]);
    expect(issuedIn(history[0]) + issuedIn(history[1])).toBe(issuedThatDay.length);
  });

  it('the same form posted twice, at once or again later, runs once', async () => {
    await resetRenewals(ctx);
    const day = '2033-05-20';
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await createMember({ termEnd: addDays(day, 40) }));
    ctx.clock.set(`${day}T12:00:00Z`);
    const { client } = await staffClient('finance');
    const key = hiddenValue((await client.get('/staff/renewals')).body, 'key');
    const posts = await Promise.all([client.postForm('/staff/renewals/run', { key, confirm: 'yes' }), client.postForm('/staff/renewals/run', { key, confirm: 'yes' })]);
    expect(posts.map((r) => r.statusCode)).toEqual([303, 303]);
    const again = await client.postForm('/staff/renewals/run', { key, confirm: 'yes' });
    expect(again.statusCode).toBe(303);
    const page = await client.get('/staff/renewals');
    expect(page.body).toContain('This form already started a run, so it was not run again.');
    expect(await ctx.deps.db.selectFrom('renewal_runs').select('id').where('request_key', '=', key).execute()).toHaveLength(1);
    await expectOneRenewalEach(members.map((m) => m.membershipId));
  });

  it('without the confirmation ticked, or with a broken form, nothing runs and the page says why', async () => {
    ctx.clock.set('2033-06-01T12:00:00Z');
    const { client } = await staffClient('membership');
    const before = (await ctx.deps.db.selectFrom('renewal_runs').select('id').execute()).length;
    const unticked = await client.postForm('/staff/renewals/run', { key: '3f0a8b53-6a55-4a4e-9d1c-2f2f6d3c0b11' });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('Tick the box to confirm');
    expect(unticked.body).toContain('href="#f-confirm"');
    const broken = await client.postForm('/staff/renewals/run', { key: 'not-a-key', confirm: 'yes' });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('This form is out of date');
    expect((await ctx.deps.db.selectFrom('renewal_runs').select('id').execute()).length).toBe(before);
  });
});

describe('history and JSON', () => {
  it('records every run, pages the history newest first, and answers the same in JSON', async () => {
    await resetRenewals(ctx);
    const day = '2034-02-01';
    await createMember({ termEnd: addDays(day, 20), population: null });
    for (let i = 0; i < 3; i++) await runOn(addDays(day, i));
    const { client } = await staffClient('finance');
    const first = await listRenewalRuns(ctx.deps.db, { limit: 2 });
    expect(first.runs.map((r) => r.runFor)).toEqual([addDays(day, 2), addDays(day, 1)]);
    const second = await listRenewalRuns(ctx.deps.db, { limit: 2, after: first.nextCursor ?? undefined });
    expect(second.runs[0]?.runFor).toBe(day);
    // The unpriceable membership is a failure of the first run, which goes on past it and flags
    // it: later runs do not read it again (it waits in the console's blocked list).
    expect(second.runs[0]?.failures).toEqual([expect.objectContaining({ stage: 'issue', reason: expect.stringContaining('no population') })]);
    expect(first.runs[0]?.failures).toEqual([]);

    const runs = await client.getJson('/api/v1/renewals/runs');
    expect(runs.statusCode).toBe(200);
    const body = runs.json();
    expect(body.runs[0]).toMatchObject({ runFor: addDays(day, 2), trigger: 'job', skipped: 0, error: null, durationMs: expect.any(Number) });
    expect((await client.getJson('/api/v1/renewals/runs?cursor=nonsense')).statusCode).toBe(400);

    ctx.clock.set(`${addDays(day, 2)}T13:00:00Z`);
    const preview = await client.getJson('/api/v1/renewals/preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({ ...(await previewRenewals(ctx.deps)), reinstate: [] });

    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/renewals/preview']?.get).toBeTruthy();
    expect(doc.paths['/api/v1/renewals/runs']?.get).toBeTruthy();
  });

  it('a run that stops part-way is recorded with why, and the next run does what it left', async () => {
    await resetRenewals(ctx);
    const day = '2034-03-01';
    const members = [];
    for (let i = 0; i < 2; i++) members.push(await createMember({ termEnd: addDays(day, 10) }));
    ctx.clock.set(`${day}T12:00:00Z`);
    await expect(
      runRenewals(ctx.deps, {
        today: day,
        onIssued: () => {
          throw new Error('the database went away');
        },
      }),
    ).rejects.toThrow('the database went away');
    const [run] = (await listRenewalRuns(ctx.deps.db)).runs;
    expect(run).toMatchObject({ runFor: day, error: 'the database went away', issued: 0 });
    expect(run?.finishedAt).not.toBeNull();
    const page = await (await staffClient('membership')).client.get('/staff/renewals');
    expect(historyRows(page.body)[0]?.Result).toContain('Stopped part-way: the database went away');
    // The batch in flight rolled back, numbers included; the next run issues it.
    for (const m of members) expect(await renewalInvoices(m.membershipId)).toHaveLength(0);
    expect((await runOn(day)).issued).toBeGreaterThanOrEqual(2);
    await expectOneRenewalEach(members.map((m) => m.membershipId));
  });
});

describe('the preview on the page', () => {
  it('links each invoice to remind to its page, which membership and finance staff can open', async () => {
    const DAY = '2033-06-15';
    await resetRenewals(ctx);
    const set = await consoleDataSet(DAY, levels);
    ctx.clock.set(`${DAY}T12:00:00Z`);
    for (const role of ['membership', 'finance'] as const) {
      const { client } = await staffClient(role);
      const page = await client.get('/staff/renewals');
      expect(page.statusCode).toBe(200);
      const link = `href="/staff/invoices/${set.remindedInvoiceId}"`;
      expect(page.body, role).toContain(link);
      expect((await client.get(`/staff/invoices/${set.remindedInvoiceId}`)).statusCode, role).toBe(200);
    }
  });

  it('links each member it would invoice or lapse to their staff record page, which membership staff can open', async () => {
    const DAY = '2034-06-15';
    await resetRenewals(ctx);
    const set = await consoleDataSet(DAY, levels);
    ctx.clock.set(`${DAY}T12:00:00Z`);
    const { client } = await staffClient('membership');
    const page = await client.get('/staff/renewals');
    expect(page.statusCode).toBe(200);
    const links = (caption: string) =>
      tableOf(page.body, caption)
        .querySelectorAll('a')
        .map((a) => a.getAttribute('href'));
    const due = `/staff/organizations/${set.due.organizationId}`;
    const person = `/staff/individuals/${set.individual.membershipId}`;
    const lapsing = `/staff/organizations/${set.lapsing.organizationId}`;
    expect(links('Invoices to issue').sort()).toEqual([due, person].sort());
    expect(links('Memberships to lapse')).toEqual([lapsing]);
    for (const href of [due, person, lapsing]) expect((await client.get(href)).statusCode, href).toBe(200);
    // The JSON API names the same pages.
    const json = (await client.getJson('/api/v1/renewals/preview')).json();
    expect(json.lapse).toEqual([expect.objectContaining({ membershipId: set.lapsing.membershipId, href: lapsing })]);
    expect(json.issue).toContainEqual(expect.objectContaining({ membershipId: set.individual.membershipId, href: person }));
  });
});
