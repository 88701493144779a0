// Compression (@fastify/compress): HTML pages, JSON and streamed CSV exports are compressed when
// the client accepts it (brotli, else gzip) and sent as they are otherwise; what arrives after
// decompression is the same document.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anActiveMembership, anOrganization } from './factories/index.js';
import { createAccount, createTestContext, type TestContext } from './helpers.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  for (let i = 0; i < 30; i++) {
    const org = await anOrganization(ctx, { name: `Compressville ${String(i).padStart(2, '0')}`, entity_type: 'city', population: 20_000 + i });
    await anActiveMembership(ctx, org.id);
  }
});
afterAll(() => ctx?.close());

describe('compressed answers', () => {
  it('an HTML page: brotli when accepted, gzip when only gzip is, plain otherwise, the same page each time', async () => {
    const c = ctx.client();
    const plain = await c.request('GET', '/network', { headers: { accept: 'text/html' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await c.request('GET', '/network', { headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    const fromBr = brotliDecompressSync(br.rawPayload).toString('utf8');
    expect(fromBr).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gz = await c.request('GET', '/network', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('JSON from the API and a streamed CSV export are compressed too', async () => {
    const c = ctx.client();
    const json = await c.request('GET', '/api/v1/network/members?limit=50', { headers: { accept: 'application/json', 'accept-encoding': 'gzip' } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-encoding']).toBe('gzip');
    const members = JSON.parse(gunzipSync(json.rawPayload).toString('utf8'));
    expect(JSON.stringify(members)).toContain('Compressville 29');

    const staff = ctx.client();
    const account = await createAccount(ctx, { roles: ['membership'] });
    await staff.signIn(account.email);
    const csv = await staff.request('GET', '/staff/organizations.csv?q=Compressville', { headers: { accept: 'text/csv', 'accept-encoding': 'gzip' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-encoding']).toBe('gzip');
    const lines = gunzipSync(csv.rawPayload).toString('utf8').trim().split('\n');
    expect(lines.filter((l) => l.includes('Compressville'))).toHaveLength(30);
  });
});
