// The served API document passes Redocly CLI's recommended rules with no error and no warning
// (issue 21): every operation has an operationId, a security requirement (the API token's scope,
// or the session; none for public routes) and its 4xx answers; the document has a license.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';

const run = promisify(execFile);
const REDOCLY = resolve('node_modules/.bin/redocly');

let ctx: TestContext;
let doc: {
  info: { license?: unknown };
  paths: Record<string, Record<string, { operationId?: string; security?: Array<Record<string, string[]>>; responses: Record<string, unknown> }>>;
  components: { securitySchemes?: Record<string, unknown> };
};
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const res = await ctx.client().getJson('/api/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
  dir = mkdtempSync(join(tmpdir(), 'civnet-openapi-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

describe('the API document', () => {
  it('passes `redocly lint` with the recommended rules: 0 errors, 0 warnings', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    // In a folder of its own, so that no redocly.yaml or ignore file can soften the rules.
    const out = await run(REDOCLY, ['lint', file, '--extends', 'recommended', '--format', 'json', '--max-problems', '1000'], { cwd: dir, maxBuffer: 20_000_000 }).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
    );
    const report = JSON.parse(out.stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.location[0]?.pointer} ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('declares the bearer token with each operation’s scope, the session cookie, and public operations as open', () => {
    expect(doc.info.license).toBeTruthy();
    expect(Object.keys(doc.components.securitySchemes ?? {})).toEqual(expect.arrayContaining(['bearerToken', 'sessionCookie']));
    expect(doc.paths['/api/v1/invoices']?.get?.security).toEqual([{ bearerToken: ['invoices:read'] }, { sessionCookie: [] }]);
    expect(doc.paths['/api/v1/invoices/{id}/payments']?.post?.security).toEqual([{ bearerToken: ['payments:write'] }, { sessionCookie: [] }]);
    expect(doc.paths['/api/v1/organizations']?.get?.security?.[0]).toEqual({ bearerToken: ['organizations:read'] });
    expect(doc.paths['/api/v1/dues/quote']?.get?.security).toEqual([]);
    const invoice = doc.paths['/api/v1/invoices/{id}']?.get;
    expect(Object.keys(invoice?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '404', '429']));
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
