// The audit log as a download (P5, P6): every entry the page's filters find, across the export's
// batches, once each, the latest recorded first; values before and after as JSON with secrets
// still redacted, cells neutralised against spreadsheet formulas; confidential kinds never in it;
// only staff admins; the download itself audited.
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { writeAudit } from '../../lib/audit.js';

let ctx: TestContext;
let admin: TestClient;
const ENTITY = '0d4e7c2a-1b3f-4a5e-8c9d-6e7f8a9b0c1d';
const MANY = 2_345; // more than two of the export's batches of 1,000
const AT = new Date('2026-12-06T03:30:00Z'); // Dec 5, 10:30 PM in New York

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
  // many entries written in one instant: the batches must neither lose nor repeat one
  await sql`insert into audit_log (at, actor_user_id, action, entity_type, entity_id, before, after)
    select ${AT}, null, 'settings.association_updated', 'association', ${ENTITY}, null, jsonb_build_object('n', g)
    from generate_series(1, ${MANY}) g`.execute(ctx.deps.db);
  await writeAudit(ctx.deps.db, {
    at: AT,
    actorUserId: null,
    action: 'sponsorship.application_declined',
    entityType: 'sponsorship_application',
    entityId: ENTITY,
    before: { status: 'pending', password: 'hunter2-hunter2' },
    after: { status: 'declined', reason: '=HYPERLINK("https://evil.example","Click")' },
  });
  // confidential: never listed, on the page or in a download
  await writeAudit(ctx.deps.db, {
    at: AT,
    actorUserId: null,
    action: 'ethics.case_opened',
    entityType: 'ethics_case',
    entityId: ENTITY,
    before: null,
    after: { subject: 'Secret' },
  });
});
afterAll(() => ctx?.close());

const rowsOf = (body: string): string[][] => parse(body.replace(/^\uFEFF/, ''), { relaxColumnCount: false });

describe('the audit log download', () => {
  it('has every entry the filters find, once each, the latest recorded first, and is audited with its count', async () => {
    const res = await admin.get(`/staff/audit.csv?entityId=${ENTITY}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit_log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = rowsOf(res.body);
    expect(header).toEqual([
      'Entry',
      'When (America/New_York)',
      'Who',
      'Who (email)',
      'What was done',
      'Action',
      'About',
      'Kind of record',
      'About (id)',
      'Before (JSON)',
      'After (JSON)',
      'Request',
    ]);
    expect(rows).toHaveLength(MANY + 1);
    const ids = rows.map((r) => Number(r[0]));
    expect(new Set(ids).size).toBe(MANY + 1);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const ns = rows.flatMap((r) => (r[5] === 'settings.association_updated' ? [JSON.parse(r[10] ?? '{}').n as number] : []));
    expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: MANY }, (_, i) => i + 1));
    expect(rows.every((r) => r[1] === '2026-12-05T22:30:00-05:00' && r[2] === 'The system')).toBe(true);
    expect(res.body).not.toContain('Secret');

    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'export.audit_log').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ rows: MANY + 1, filters: { entityId: ENTITY } });
  }, 120_000);

  it('writes secrets redacted and neutralises a formula, with the action in words', async () => {
    const res = await admin.get(`/staff/audit.csv?entityId=${ENTITY}&action=sponsorship.`);
    const [, ...rows] = rowsOf(res.body);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.[4]).toBe('declined a sponsorship application');
    expect(row?.[7]).toBe('Sponsorship application');
    expect(JSON.parse(row?.[9] ?? '')).toEqual({ status: 'pending', password: '[redacted]' });
    expect(res.body).not.toContain('hunter2');
    // a cell starting with "=" would run as a formula in a spreadsheet
    expect(row?.[10]?.startsWith('{')).toBe(true);
    expect(JSON.parse(row?.[10] ?? '').reason).toBe('=HYPERLINK("https://evil.example","Click")');
  });

  it('is offered on the page with its filters; bad filters are refused with the field named; only staff admins may download', async () => {
    const page = await admin.get(`/staff/audit?entityId=${ENTITY}&from=2026-12-01&sort=action&page=2`);
    const link = dom(page.body).querySelector('a[href^="/staff/audit.csv"]');
    expect(link?.text.trim()).toBe('Download these entries (CSV)');
    expect(link?.getAttribute('href')).toBe(`/staff/audit.csv?entityId=${ENTITY}&from=2026-12-01`);

    const bad = await admin.get('/staff/audit.csv?from=2026-13-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(dom(bad.body).querySelector('main p')?.text).toBe('The filters of this download need attention: From: Enter a real date, such as 2026-03-15.');
    const reversed = await admin.get('/staff/audit.csv?from=2026-12-05&to=2026-12-01');
    expect(reversed.statusCode).toBe(400);
    expect(dom(reversed.body).querySelector('main p')?.text).toBe('The filters of this download need attention: To: Must be on or after the start date.');

    const membership = await signedInAs(ctx, ['membership']);
    expect((await membership.get('/staff/audit.csv')).statusCode).toBe(403);
    expect((await ctx.client().get('/staff/audit.csv')).statusCode).toBe(303);
  });
});
