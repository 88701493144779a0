// The API document makes a working client (issue 21): TypeScript types are generated from the
// served /api/openapi.json with openapi-typescript, a small client written against them is
// type-checked with tsc (a call to a path that does not exist must not compile), and the same
// client calls a listening app through openapi-fetch with a bearer token.
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, PASSWORD, type TestContext } from '../helpers.js';

const run = promisify(execFile);

/** The client: typed by the generated `paths`; what it returns is checked by the test below. */
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './civnet-api.js';

export async function callApi(baseUrl: string, token: string, invoiceId: string) {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: \`Bearer \${token}\` } });
  const me = await api.GET('/api/v1/me');
  const email: string | undefined = me.data?.email;
  const organizations = await api.GET('/api/v1/organizations', { params: { query: { state: 'CO' } } });
  const count: number | undefined = organizations.data?.organizations.length;
  const invoices = await api.GET('/api/v1/invoices', { params: { query: { status: 'open' } } });
  const numbers: Array<string | null> | undefined = invoices.data?.invoices.map((i) => i.number);
  const invoice = await api.GET('/api/v1/invoices/{id}', { params: { path: { id: invoiceId } } });
  // a scope the token does not hold: the answer is the documented error shape
  const payment = await api.POST('/api/v1/invoices/{id}/payments', {
    params: { path: { id: invoiceId }, header: { 'idempotency-key': 'generated-client-1' } },
    body: { amountCents: 100, method: 'check', reference: 'CHK 1' },
  });
  const refusal: string | undefined = payment.error?.error.code;
  // @ts-expect-error: no such path in the document, so this must not compile
  await api.GET('/api/v1/no-such-thing');
  return {
    me: { status: me.response.status, email },
    organizations: { status: organizations.response.status, count },
    invoices: { status: invoices.response.status, numbers },
    invoice: { status: invoice.response.status, id: invoice.data?.id },
    payment: { status: payment.response.status, refusal },
  };
}
`;

const TSCONFIG = {
  compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
  files: ['client.ts'],
};

let ctx: TestContext;
let dir: string;
let baseUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  dir = mkdtempSync(join(tmpdir(), 'civnet-client-'));
  symlinkSync(realpathSync(resolve('node_modules')), join(dir, 'node_modules'), 'dir');
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

describe('a client generated from the API document', () => {
  it('type-checks against the generated types and calls the API with a token', async () => {
    const res = await fetch(`${baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    const types = astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]));
    expect(types).toContain('"/api/v1/invoices/{id}"');
    writeFileSync(join(dir, 'civnet-api.ts'), types);
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = await run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, maxBuffer: 10_000_000 }).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: `${err.stdout ?? ''}${err.stderr ?? ''}`, stderr: 'failed' }),
    );
    expect(tsc.stdout.trim()).toBe('');
    expect(tsc.stderr).not.toBe('failed');

    // A finance staff member's token with read scopes only, made through the page.
    const account = await createAccount(ctx, { roles: ['finance'] });
    const web = ctx.client();
    await web.signIn(account.email, PASSWORD);
    const form = new URLSearchParams({ _csrf: await web.csrf(), name: 'Generated client', expiresInDays: '30' });
    for (const s of ['account:read', 'invoices:read', 'organizations:read']) form.append('scopes', s);
    const made = await web.request('POST', '/account/tokens', { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
    const token = /id="new-token-value">\s*(civnet_[A-Za-z0-9_-]+)/.exec(made.body)?.[1];
    expect(token).toBeTruthy();

    const { callApi } = (await import(join(dir, 'client.ts'))) as {
      callApi: (baseUrl: string, token: string, invoiceId: string) => Promise<Record<string, Record<string, unknown>>>;
    };
    const result = await callApi(baseUrl, token as string, '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f');
    expect(result).toEqual({
      me: { status: 200, email: account.email },
      organizations: { status: 200, count: 0 },
      invoices: { status: 200, numbers: [] },
      invoice: { status: 404, id: undefined },
      payment: { status: 403, refusal: 'forbidden' },
    });
  }, 120_000);
});
