// Platform surface: OpenAPI from the zod schemas, API docs, security headers, and the CLI.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../src/lib/security-headers.js';
import { adminQuery, adminUrl, testDbKind, withDatabase } from './db.js';
import { createTestContext, type TestContext } from './helpers.js';
import { dom } from './html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('API description', () => {
  it('/api/openapi.json is OpenAPI 3.1 generated from the route schemas, without page routes', async () => {
    const res = await ctx.client().getJson('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/me', '/api/v1/association', '/api/v1/audit']));
    expect(Object.keys(doc.paths).some((p: string) => p === '/login' || p.startsWith('/staff'))).toBe(false);
    const put = doc.paths['/api/v1/association'].put;
    expect(put.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['name', 'contact_email', 'founded_year']));
  });

  it('every JSON route under /api/v1 is in the OpenAPI document, with its method', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const api = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(20);
    const missing = api
      .map((r) => ({ method: r.method.toLowerCase(), path: r.url.replace(/:([A-Za-z_]+)/g, '{$1}') }))
      .filter((r) => !doc.paths[r.path]?.[r.method])
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('/api/docs serves the human-readable documentation', async () => {
    const res = await ctx.client().get('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="swagger-ui">');
  });
});

describe('security headers', () => {
  it('pages carry a strict Content-Security-Policy and no-framing', async () => {
    const res = await ctx.client().get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it("every page, error pages too, carries helmet's whole set of headers; production adds HSTS; JSON answers carry none of them", async () => {
    const expected = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const path of ['/', '/login', '/no-such-page']) {
      const res = await ctx.client().get(path);
      expect(res.headers, path).toMatchObject(expected);
      expect(String(res.headers['content-security-policy']), path).toContain("default-src 'self'");
      expect(res.headers['strict-transport-security'], path).toBeUndefined();
    }
    const api = await ctx.client().getJson('/healthz');
    expect(api.statusCode).toBe(200);
    for (const name of [...Object.keys(expected), 'content-security-policy']) expect(api.headers[name], name).toBeUndefined();
    const production = securityHeaders({ hsts: { maxAge: 31_536_000, includeSubDomains: true } });
    expect(production['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(securityHeaders({ hsts: false })['strict-transport-security']).toBeUndefined();
  });

  it('the layout has a skip link, landmarks and one h1', async () => {
    const body = (await ctx.client().get('/')).body;
    expect(dom(body).querySelector('a.skip-link[href="#main"]')).not.toBeNull();
    for (const tag of ['<header', '<nav aria-label="Main"', '<main id="main"', '<footer']) expect(body).toContain(tag);
    expect(body.match(/<h1[ >]/g)?.length).toBe(1);
  });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/civnet.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('civnet command', () => {
  it('migrates, seeds once, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'civnet-cli-'));
    let env: Record<string, string> = { DATA_DIR: dir, DATABASE_URL: '' };
    let dbName: string | null = null;
    if (testDbKind() === 'pg') {
      dbName = `civnet_cli_${randomBytes(4).toString('hex')}`;
      await adminQuery(`create database ${dbName}`);
      env = { DATABASE_URL: withDatabase(adminUrl(), dbName) };
    }
    try {
      const migrate = await run(['migrate'], env);
      expect(migrate.code).toBe(0);
      expect(migrate.out).toMatch(/Applied \d+ migration\(s\): 0001_foundation, 0002_dues/);
      expect((await run(['migrate'], env)).out).toContain('The database is up to date.');
      const seed = await run(['seed'], env);
      expect(seed.code).toBe(0);
      expect(seed.out).toContain('Demo data loaded.');
      expect((await run(['seed'], env)).out).toContain('nothing was loaded');
      const bad = await run(['explode'], env);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('Unknown command "explode"');
    } finally {
      await rm(dir, { recursive: true, force: true });
      if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`);
    }
  }, 120_000);
});
