// Bad input gets a clear, specific 4xx in one shape and changes nothing; internals never leak.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { access } from '../src/lib/access.js';
import { AppError } from '../src/lib/errors.js';
import { NULL_CHARACTER_MESSAGE } from '../src/lib/http-errors.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from './helpers.js';

let ctx: TestContext;
let admin: TestClient;
const associationName = async () => (await ctx.deps.db.selectFrom('association').select('name').executeTakeFirstOrThrow()).name;

beforeAll(async () => {
  ctx = await createTestContext({
    extraRoutes: (app) => {
      app.get('/api/v1/test/boom', { config: { access: access.public() } }, async () => {
        throw new Error('select * from secret_table where password = 1');
      });
      app.get('/api/v1/test/app-error', { config: { access: access.public() } }, async () => {
        throw new AppError('test.already_done', { message: 'That was already done.' });
      });
      // a value the database refuses (U+0000), though the request's URL and body are clean
      app.get('/api/v1/test/null-to-database', { config: { access: access.public() } }, async () => {
        await sql`select ${'a\u0000b'}::text as x`.execute(ctx.deps.db);
        return { ok: true };
      });
      app.get(
        '/api/v1/test/leaky',
        { config: { access: access.public() }, schema: { response: { 200: z.object({ name: z.string(), contacts: z.array(z.object({ email: z.string() })) }) } } },
        async () => ({ name: 'Springfield', salaryCents: 9_900_000, contacts: [{ email: 'a@b.gov', passwordHash: 'x' }] }),
      );
    },
  });
  const account = await createAccount(ctx, { roles: ['admin'] });
  admin = ctx.client();
  await admin.signIn(account.email, PASSWORD, { secret: account.totpSecret ?? '', clock: ctx.clock });
});
afterAll(() => ctx?.close());

const valid = {
  name: 'Renamed Association',
  short_name: 'RA',
  contact_email: 'hello@renamed.example',
  phone: '',
  address: '',
  website: '',
  founded_year: 1991,
  membership_year_start_month: 7,
};

describe('JSON errors', () => {
  it('a field that fails validation is named, with a 400, and nothing changes', async () => {
    const res = await admin.sendJson('PUT', '/api/v1/association', { ...valid, contact_email: 'not-an-email', founded_year: 1200 });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['contact_email', 'founded_year']);
    expect(await associationName()).toBe('Test Association');
  });

  it('unknown fields are rejected on writes', async () => {
    const res = await admin.sendJson('PUT', '/api/v1/association', { ...valid, id: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(await associationName()).toBe('Test Association');
  });

  it('malformed JSON gets a 400 saying so', async () => {
    const res = await admin.request('PUT', '/api/v1/association', {
      headers: { 'content-type': 'application/json', 'x-csrf-token': await admin.csrf() },
      payload: '{"name": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
  });

  it('an oversized body gets a 413 and changes nothing', async () => {
    const res = await admin.request('PUT', '/api/v1/association', {
      headers: { 'content-type': 'application/json', 'x-csrf-token': await admin.csrf() },
      payload: JSON.stringify({ ...valid, address: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(await associationName()).toBe('Test Association');
  });

  it('an unsupported content type gets a 415', async () => {
    const res = await admin.request('PUT', '/api/v1/association', { headers: { 'content-type': 'application/xml', 'x-csrf-token': await admin.csrf() }, payload: '<a/>' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('a plain-text body where JSON is expected names the problem', async () => {
    const res = await admin.request('PUT', '/api/v1/association', { headers: { 'content-type': 'text/plain', 'x-csrf-token': await admin.csrf() }, payload: 'hello' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('a null character (U+0000) anywhere in a request gets a 400 saying so, and changes nothing', async () => {
    const refused = { error: { code: 'bad_request', message: NULL_CHARACTER_MESSAGE } };
    // in a query or a path, public or staff, JSON or a page
    const visitor = ctx.client();
    for (const url of ['/api/v1/network/members?q=%00', '/api/v1/organizations?q=a%00b', '/api/v1/organizations/%00', '/api/v1/people?q=%00']) {
      const res = await admin.getJson(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toEqual(refused);
    }
    for (const url of ['/jobs?q=%00', '/network?q=%00']) {
      const res = await visitor.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('which no field can contain');
    }
    for (const url of ['/staff/organizations?q=%00', '/staff/people?q=x%00', '/staff/applications?q=%00']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('which no field can contain');
    }
    // in a JSON body (a value or a key) and in a form
    const before = await associationName();
    const json = await admin.sendJson('PUT', '/api/v1/association', { ...valid, name: 'Null\u0000Association' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual(refused);
    expect((await admin.sendJson('PUT', '/api/v1/association', { ...valid, 'na\u0000me': 'x' })).json()).toEqual(refused);
    const form = await admin.postForm('/staff/settings', { ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, String(v)])), name: 'Null\u0000Association' });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('which no field can contain');
    expect(await associationName()).toBe(before);
    // and where the database is the first to see one
    const db = await visitor.getJson('/api/v1/test/null-to-database');
    expect(db.statusCode).toBe(400);
    expect(db.json()).toEqual(refused);
  });

  it('an unknown address gets a 404 in the same shape', async () => {
    const res = await ctx.client().getJson('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('a failure on our side is a 500 without stack, SQL or message details', async () => {
    const res = await ctx.client().getJson('/api/v1/test/boom');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
    expect(res.body).not.toContain('secret_table');
  });

  it('a response carries only the fields its schema declares', async () => {
    const res = await ctx.client().getJson('/api/v1/test/leaky');
    expect(res.json()).toEqual({ name: 'Springfield', contacts: [{ email: 'a@b.gov' }] });
    expect(res.body).not.toContain('salary');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('a domain error keeps its stable code', async () => {
    const res = await ctx.client().getJson('/api/v1/test/app-error');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: { code: 'test.already_done', message: 'That was already done.' } });
  });

  it('a valid change is applied, audited with before and after, and shown on pages', async () => {
    const res = await admin.sendJson('PUT', '/api/v1/association', valid);
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('Renamed Association');
    const entries = (await admin.getJson('/api/v1/audit?action=settings.')).json().entries;
    expect(entries[0]).toMatchObject({ action: 'settings.association_updated', entityType: 'association' });
    expect(entries[0].before.name).toBe('Test Association');
    expect(entries[0].after.name).toBe('Renamed Association');
    expect((await ctx.client().get('/')).body).toContain('Renamed Association');
  });
});

describe('form errors', () => {
  it('a bad settings form is re-shown with a summary and messages beside the fields, and nothing changes', async () => {
    const before = await associationName();
    const res = await admin.postForm('/staff/settings', { ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, String(v)])), name: '', founded_year: 'soon' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('href="#f-name"');
    expect(res.body).toMatch(/id="f-founded_year-error"/);
    expect(res.body).toContain('aria-describedby="f-founded_year-error"');
    expect(res.body).toContain('value="soon"');
    expect(await associationName()).toBe(before);
  });

  it('a good settings form saves, flashes, and writes one audit row', async () => {
    const count = async () => (await ctx.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'settings.association_updated').execute()).length;
    const n = await count();
    const res = await admin.postForm('/staff/settings', { ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, String(v)])), name: 'Form Association' });
    expect(res.statusCode).toBe(303);
    const page = await admin.get('/staff/settings');
    expect(page.body).toContain('Settings saved.');
    expect(page.body).toContain('value="Form Association"');
    expect(await count()).toBe(n + 1);
  });

  it('the audit log page filters and rejects a bad date with a message', async () => {
    const ok = await admin.get('/staff/audit?action=settings.');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Changed the association’s settings');
    const bad = await admin.get('/staff/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real date, such as 2026-03-15.');
    const none = await admin.get('/staff/audit?entityType=nothing');
    expect(none.body).toContain('No entries match these filters.');
  });
});
