// The renewals console's skipped rows and past runs' failures link to where staff fix them: an
// organization's membership to the organization's staff record, an individual membership to the
// individual member's, an invoice to its staff page; on the page and as `href` in the JSON. A
// stored failure whose membership is gone is shown as text, with a null `href`.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, tableOf } from '../../../test/html.js';
import { renewalHelpers, resetRenewals } from '../../../test/renewals.js';
import { seedDuesDemo } from '../dues/index.js';
import { addDays } from './index.js';
import { finishRenewalRun, startRenewalRun } from './renewals-history.js';
import { PREVIEW_ROWS_SHOWN } from './renewals-views.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

const { createMember } = renewalHelpers(() => ctx);

/** Each row of a table as [its first cell's text, that cell's link or null]. */
const subjects = (table: ReturnType<typeof tableOf>) =>
  table
    .querySelectorAll('tbody tr')
    .map((tr) => tr.querySelector('td, th'))
    .map((cell) => [cell?.text.trim() ?? '', cell?.querySelector('a')?.getAttribute('href') ?? null]);

describe('skipped rows and failures link to where staff fix them', () => {
  it('on the page and in the JSON, for an organization, a person and an invoice; a membership gone since is text', async () => {
    const DAY = '2036-03-10';
    await resetRenewals(ctx);
    ctx.clock.set(`${addDays(DAY, -20)}T10:00:00Z`);
    const person = await joinAsManager(ctx, levels);
    // Due for renewal with no population: the preview skips it.
    const unpriced = await createMember({ termEnd: addDays(DAY, 30), population: null });
    const recorded = await createMember({ termEnd: addDays(DAY, 200) });
    const gone = randomUUID();
    // A past run's record, with a failure of each kind and one whose membership no longer exists.
    const startedAt = new Date(`${addDays(DAY, -1)}T11:00:00Z`);
    const runId = await startRenewalRun(ctx.deps.db, { today: addDays(DAY, -1), trigger: 'job', actorUserId: null, actorLabel: '', requestKey: null, startedAt });
    const failures = [
      { stage: 'issue' as const, kind: 'organization' as const, id: recorded.membershipId, subject: 'Recorded Town', reason: 'It has no population on record.' },
      { stage: 'issue' as const, kind: 'person' as const, id: person.membershipId, subject: 'A Manager', reason: 'No salary on record.' },
      { stage: 'remind' as const, kind: 'invoice' as const, id: person.invoiceId, subject: 'Invoice 2036-000001', reason: 'No address to send the reminder to.' },
      { stage: 'issue' as const, kind: 'organization' as const, id: gone, subject: 'Gone Town', reason: 'It has no population on record.' },
    ];
    await finishRenewalRun(ctx.deps.db, {
      id: runId,
      finishedAt: new Date(startedAt.getTime() + 1000),
      outcome: { issued: 0, reminded: 0, lapsed: 0, skipped: 4, failures },
      error: null,
      actorUserId: null,
    });
    ctx.clock.set(`${DAY}T12:00:00Z`);

    const account = await createAccount(ctx, { roles: ['membership'], name: 'Renewals links' });
    const client = ctx.client();
    await client.signIn(account.email);
    const page = await client.get('/staff/renewals');
    expect(page.statusCode).toBe(200);
    const unpricedHref = `/staff/organizations/${unpriced.organizationId}`;
    expect(subjects(tableOf(page.body, 'Rows the run will skip'))).toEqual([[expect.stringMatching(/^Renewal Town/), unpricedHref]]);
    const history = dom(page.body)
      .querySelectorAll('table')
      .find((t) => t.querySelector('caption')?.text.startsWith('What the run of'));
    if (!history) throw new Error('no table of the past run’s failures');
    const hrefs = [`/staff/organizations/${recorded.organizationId}`, `/staff/individuals/${person.membershipId}`, `/staff/invoices/${person.invoiceId}`, null];
    expect(subjects(history)).toEqual([
      ['Recorded Town', hrefs[0]],
      ['A Manager', hrefs[1]],
      ['Invoice 2036-000001', hrefs[2]],
      ['Gone Town', null],
    ]);
    // Each link opens for the console's staff.
    for (const href of [unpricedHref, ...hrefs]) if (href) expect((await client.get(href)).statusCode, href).toBe(200);

    // The JSON says the same.
    const preview = (await client.getJson('/api/v1/renewals/preview')).json();
    expect(preview.failures).toEqual([expect.objectContaining({ kind: 'organization', id: unpriced.membershipId, href: unpricedHref })]);
    const runs = (await client.getJson('/api/v1/renewals/runs')).json();
    expect(runs.runs.find((r: { id: string }) => r.id === runId)?.failures).toEqual(failures.map((f, i) => ({ ...f, href: hrefs[i] })));
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    const failureSchema = doc.paths['/api/v1/renewals/runs'].get.responses['200'].content['application/json'].schema.properties.runs.items.properties.failures.items;
    expect(failureSchema.properties.href.description).toContain('staff page where it is fixed');
  });

  it('past the rows the page shows, the page links only those it shows and says how many there are; the JSON links them all', async () => {
    const DAY = '2036-09-10';
    await resetRenewals(ctx);
    ctx.clock.set(`${addDays(DAY, -20)}T10:00:00Z`);
    // one more due row with no population than the page shows: every one is skipped
    const unpriced = [];
    for (let i = 0; i < PREVIEW_ROWS_SHOWN + 1; i++) unpriced.push(await createMember({ termEnd: addDays(DAY, 30), population: null }));
    ctx.clock.set(`${DAY}T12:00:00Z`);
    const account = await createAccount(ctx, { roles: ['membership'], name: 'Renewals many' });
    const client = ctx.client();
    await client.signIn(account.email);
    const page = await client.get('/staff/renewals');
    expect(page.statusCode).toBe(200);
    const hrefOf = new Map(unpriced.map((m) => [m.membershipId, `/staff/organizations/${m.organizationId}`]));
    const rows = subjects(tableOf(page.body, 'Rows the run will skip'));
    expect(rows).toHaveLength(PREVIEW_ROWS_SHOWN);
    // each row shown links to its own organization's record
    const known = new Set(hrefOf.values());
    for (const [subject, href] of rows) expect(known.has(href ?? ''), `${subject} → ${href}`).toBe(true);
    expect(new Set(rows.map(([, href]) => href)).size).toBe(PREVIEW_ROWS_SHOWN);
    expect(dom(page.body).querySelector('main')?.text).toContain(`The first ${PREVIEW_ROWS_SHOWN} of ${PREVIEW_ROWS_SHOWN + 1} are shown.`);
    const preview = (await client.getJson('/api/v1/renewals/preview')).json() as { failures: Array<{ id: string; href: string | null }> };
    expect(preview.failures).toHaveLength(PREVIEW_ROWS_SHOWN + 1);
    for (const f of preview.failures) expect(f.href).toBe(hrefOf.get(f.id));
  }, 120_000);

  it('a past run with more failures than the page shows: the first of them, linked, and how many it had; the API lists every one', async () => {
    const DAY = '2037-03-10';
    await resetRenewals(ctx);
    ctx.clock.set(`${DAY}T12:00:00Z`);
    const org = await createMember({ termEnd: addDays(DAY, 300) });
    const startedAt = new Date(`${addDays(DAY, -1)}T11:00:00Z`);
    const runId = await startRenewalRun(ctx.deps.db, { today: addDays(DAY, -1), trigger: 'job', actorUserId: null, actorLabel: '', requestKey: null, startedAt });
    const failures = Array.from({ length: PREVIEW_ROWS_SHOWN + 1 }, (_, i) => ({
      stage: 'issue' as const,
      kind: 'organization' as const,
      id: org.membershipId,
      subject: `Many Town ${String(i).padStart(3, '0')}`,
      reason: 'It has no population on record.',
    }));
    const many = PREVIEW_ROWS_SHOWN + 1;
    await finishRenewalRun(ctx.deps.db, {
      id: runId,
      finishedAt: new Date(startedAt.getTime() + 1000),
      outcome: { issued: 0, reminded: 0, lapsed: 0, skipped: many, failures },
      error: null,
      actorUserId: null,
    });
    const account = await createAccount(ctx, { roles: ['membership'], name: 'Renewals many failures' });
    const client = ctx.client();
    await client.signIn(account.email);
    const page = await client.get('/staff/renewals');
    expect(page.statusCode).toBe(200);
    const table = dom(page.body)
      .querySelectorAll('table')
      .find((t) => t.querySelector('caption')?.text.startsWith('What the run of'));
    if (!table) throw new Error('no table of the past run’s failures');
    const rows = subjects(table);
    expect(rows).toHaveLength(PREVIEW_ROWS_SHOWN);
    expect(rows[0]).toEqual(['Many Town 000', `/staff/organizations/${org.organizationId}`]);
    const text = dom(page.body).querySelector('main')?.text ?? '';
    expect(text).toContain(`Finished; ${many} rows could not be done (listed below).`);
    expect(text).toContain(`The first ${PREVIEW_ROWS_SHOWN} of ${many} are shown. The renewals API (/api/v1/renewals/runs) lists them all.`);
    const runs = (await client.getJson('/api/v1/renewals/runs')).json();
    expect(runs.runs.find((r: { id: string }) => r.id === runId)?.failures).toHaveLength(many);
  });
});
