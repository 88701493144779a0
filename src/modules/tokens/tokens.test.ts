// API tokens (issue 21, P7), through HTTP: made on their pages, used as `Authorization: Bearer` on
// the JSON API. Scopes limit a token; its creator's current roles limit it too; expired and
// revoked tokens are refused; the token is shown once and never logged; calls are rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf, termValue, textOf } from '../../../test/html.js';
import type { GlobalRole } from '../../db/types.js';
import { revokeRole } from '../accounts/index.js';

const RATE = 40;
let ctx: TestContext;
const logLines: string[] = [];
let admin: TestClient;
let adminId: string;
let finance: TestClient;
let financeId: string;
let member: TestClient;
const secrets: string[] = [];

async function signedIn(roles: GlobalRole[]) {
  const account = await createAccount(ctx, { roles });
  const c = ctx.client();
  await c.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return { c, id: account.id };
}

/** Posts the token form as a browser does (one `scopes` field per ticked box). */
async function postTokenForm(c: TestClient, base: string, input: { name?: string; scopes: string[]; expiresInDays?: number }) {
  const form = new URLSearchParams({ _csrf: await c.csrf(), name: input.name ?? 'Test token', expiresInDays: String(input.expiresInDays ?? 30) });
  for (const s of input.scopes) form.append('scopes', s);
  return c.request('POST', base, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
}

/** Makes a token through its page and returns it, read from the page that shows it once. */
async function makeToken(c: TestClient, base: string, input: { name?: string; scopes: string[]; expiresInDays?: number }) {
  const res = await postTokenForm(c, base, input);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  expect(res.headers['cache-control']).toContain('no-store');
  const token = /id="new-token-value">\s*(civnet_[A-Za-z0-9_-]+)/.exec(res.body)?.[1];
  if (!token) throw new Error('no token on the page');
  secrets.push(token);
  return token;
}

/** A JSON API call with a bearer token (and whatever cookies the client holds). */
function call(c: TestClient, method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return c.request(method, url, { headers, payload: body === undefined ? undefined : JSON.stringify(body) });
}

beforeAll(async () => {
  ctx = await createTestContext({
    env: { LOG_LEVEL: 'debug', RATE_LIMIT_API_TOKEN_PER_MINUTE: String(RATE) },
    logStream: { write: (line: string) => logLines.push(line) },
  });
  ({ c: admin, id: adminId } = await signedIn(['admin']));
  ({ c: finance, id: financeId } = await signedIn(['finance']));
  ({ c: member } = await signedIn(['member']));
});
afterAll(() => ctx?.close());

describe('scopes', () => {
  it('a token with organizations:read reads organizations, and cannot read or write invoices (403 naming the scope)', async () => {
    const token = await makeToken(admin, '/staff/api-tokens', { name: 'Directory sync', scopes: ['organizations:read'] });
    const visitor = ctx.client();
    expect((await call(visitor, 'GET', '/api/v1/organizations', token)).statusCode).toBe(200);
    const read = await call(visitor, 'GET', '/api/v1/invoices', token);
    expect(read.statusCode).toBe(403);
    expect(read.json().error.message).toContain('invoices:read');
    expect(read.headers['www-authenticate']).toContain('insufficient_scope');
    const write = await call(visitor, 'POST', '/api/v1/invoices', token, {});
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toContain('invoices:write');
  });

  it('a bearer call ignores the session cookie: the admin’s own cookie does not lend the token its rights', async () => {
    const token = await makeToken(admin, '/staff/api-tokens', { scopes: ['organizations:read'] });
    expect((await admin.getJson('/api/v1/invoices')).statusCode).toBe(200); // the cookie alone may
    expect((await call(admin, 'GET', '/api/v1/invoices', token)).statusCode).toBe(403);
    // a token that is not valid is a 401 even beside a valid cookie
    expect((await call(admin, 'GET', '/api/v1/invoices', 'civnet_not-a-real-token')).statusCode).toBe(401);
    expect((await admin.request('GET', '/api/v1/invoices', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=', accept: 'application/json' } })).statusCode).toBe(401);
  });

  it('a token call needs no CSRF token, even beside a session cookie', async () => {
    const token = await makeToken(admin, '/staff/api-tokens', { scopes: ['invoices:write'] });
    // an empty body reaches the route's validation (400), not the CSRF check (403)
    const res = await call(admin, 'POST', '/api/v1/invoices', token, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    // nor is it refused as coming from another website (a token is no cookie a browser adds itself)
    const fromAPage = await admin.request('POST', '/api/v1/invoices', {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://tool.example' },
      payload: '{}',
    });
    expect(fromAPage.statusCode).toBe(400);
    expect(fromAPage.json().error.code).toBe('validation_failed');
    // the same request on the cookie alone is refused for want of a CSRF token
    const cookieOnly = await admin.request('POST', '/api/v1/invoices', { headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{}' });
    expect(cookieOnly.statusCode).toBe(403);
    expect(cookieOnly.json().error.code).toBe('csrf_invalid');
  });

  it('the header is read on the JSON API only: pages keep to the session cookie', async () => {
    const res = await admin.request('GET', '/account', { headers: { authorization: 'Bearer civnet_not-a-real-token', accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
  });
});

describe('never more than the creator', () => {
  it('the page that shows a new token once gives a curl line with this deployment’s address, not a placeholder', async () => {
    const res = await postTokenForm(member, '/account/tokens', { name: 'Curl line', scopes: ['account:read'] });
    expect(res.statusCode).toBe(200);
    const token = /id="new-token-value">\s*(civnet_[A-Za-z0-9_-]+)/.exec(res.body)?.[1] ?? '';
    secrets.push(token);
    const line = (/<pre class="command"><code>([^<]*)<\/code><\/pre>/.exec(res.body)?.[1] ?? '').replaceAll('&quot;', '"');
    expect(line).toBe(`curl -H "Authorization: Bearer ${token.slice(0, 12)}…" ${ctx.deps.config.publicUrl}/api/v1/me`);
  });

  it('the form names each scope in words beside its code', async () => {
    const page = (await member.get('/account/tokens')).body;
    const labels = [...page.matchAll(/<label for="f-scopes[^"]*">([\s\S]*?)<\/label>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, '').trim());
    expect(labels).toContain('Read events (events:read)');
    expect(labels).toContain('Create, change and delete events (events:write)');
    expect(labels).toContain('Read your account (account:read)');
  });

  it('the tokens list and the page that shows a new token name its scopes in the form’s words, not codes', async () => {
    const made = await postTokenForm(member, '/account/tokens', { name: 'Scope words', scopes: ['account:read', 'events:read'] });
    expect(made.statusCode).toBe(200);
    secrets.push(/id="new-token-value">\s*(civnet_[A-Za-z0-9_-]+)/.exec(made.body)?.[1] ?? '');
    expect(termValue(made.body, 'Scopes')).toBe('Read your account; Read events');
    const rows = rowsOf((await member.get('/account/tokens')).body, 'Your tokens');
    const row = rows.find((cells) => cells[0] === 'Scope words');
    expect(row?.[2]).toBe('Read your account; Read events');
    expect(row?.[2]).not.toContain('events:read');
  });

  it('the scopes hint says in plain words that reading and changing are separate scopes, not HTTP methods', async () => {
    const hint = textOf((await member.get('/account/tokens')).body, '#f-scopes-hint');
    expect(hint).toBe(
      'What the token may do. Only the scopes your roles allow are offered. Reading and changing are separate: a token that should look things up and also change them needs both (for example “Read events” and “Create, change and delete events”).',
    );
    expect(hint).not.toContain('GET');
  });

  it('a member asking for a staff scope is refused at creation, and nothing is made', async () => {
    const before = await ctx.deps.db
      .selectFrom('api_tokens')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await postTokenForm(member, '/account/tokens', { scopes: ['invoices:read'] });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('your roles do not allow invoices:read');
    expect(res.body).not.toContain('new-token-value');
    const after = await ctx.deps.db
      .selectFrom('api_tokens')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // the form offers only what the member may grant
    const page = await member.get('/account/tokens');
    expect(page.body).toContain('value="account:read"');
    expect(page.body).not.toContain('value="invoices:read"');
  });

  it('only staff admins make service tokens; an unknown scope or lifetime is a 400', async () => {
    expect((await postTokenForm(finance, '/staff/api-tokens', { scopes: ['invoices:read'] })).statusCode).toBe(403);
    const unknown = await postTokenForm(admin, '/staff/api-tokens', { scopes: ['everything:write'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('There is no scope everything:write');
    const lifetime = await postTokenForm(admin, '/staff/api-tokens', { scopes: ['invoices:read'], expiresInDays: 5000 });
    expect(lifetime.statusCode).toBe(400);
    const none = await postTokenForm(admin, '/staff/api-tokens', { scopes: [] });
    expect(none.statusCode).toBe(400);
  });

  it('a staff token whose creator loses the staff role gets 403 at once', async () => {
    const token = await makeToken(finance, '/account/tokens', { scopes: ['invoices:read'] });
    expect((await call(ctx.client(), 'GET', '/api/v1/invoices', token)).statusCode).toBe(200);
    await ctx.deps.db.transaction().execute((trx) => revokeRole(trx, financeId, 'finance'));
    expect((await call(ctx.client(), 'GET', '/api/v1/invoices', token)).statusCode).toBe(403);
    await ctx.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('user_roles').values({ user_id: financeId, role: 'finance' }).execute();
    });
    expect((await call(ctx.client(), 'GET', '/api/v1/invoices', token)).statusCode).toBe(200);
  });

  it('a service token made by an admin who then loses the admin role stops working', async () => {
    const second = await signedIn(['admin']);
    const token = await makeToken(second.c, '/staff/api-tokens', { scopes: ['audit:read'] });
    expect((await call(ctx.client(), 'GET', '/api/v1/audit', token)).statusCode).toBe(200);
    await ctx.deps.db.transaction().execute((trx) => revokeRole(trx, second.id, 'admin'));
    expect((await call(ctx.client(), 'GET', '/api/v1/audit', token)).statusCode).toBe(403);
  });
});

describe('revocation, last use', () => {
  it('a revoked token gets 401; only its owner can revoke a personal token', async () => {
    const { c: owner } = await signedIn(['member']);
    const token = await makeToken(owner, '/account/tokens', { scopes: ['account:read'] });
    expect((await call(ctx.client(), 'GET', '/api/v1/me', token)).statusCode).toBe(200);
    const row = await ctx.deps.db.selectFrom('api_tokens').select('id').orderBy('created_at', 'desc').orderBy('id').where('kind', '=', 'personal').executeTakeFirstOrThrow();
    const { c: other } = await signedIn(['member']);
    expect((await other.postForm(`/account/tokens/${row.id}/revoke`, {})).statusCode).toBe(404);
    expect((await call(ctx.client(), 'GET', '/api/v1/me', token)).statusCode).toBe(200);
    const revoked = await owner.postForm(`/account/tokens/${row.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await call(ctx.client(), 'GET', '/api/v1/me', token)).statusCode).toBe(401);
    const page = await owner.get('/account/tokens');
    expect(page.body).toContain('Revoked');
  });

  it('last use is recorded, at most once a minute', async () => {
    const { c } = await signedIn(['member']);
    const token = await makeToken(c, '/account/tokens', { name: 'Last use', scopes: ['account:read'] });
    const lastUsed = () =>
      ctx.deps.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('name', '=', 'Last use')
        .executeTakeFirstOrThrow()
        .then((r) => r.last_used_at);
    expect(await lastUsed()).toBeNull();
    expect((await c.get('/account/tokens')).body).toContain('Never');
    await call(ctx.client(), 'GET', '/api/v1/me', token);
    const first = ctx.clock.now().getTime();
    expect((await lastUsed())?.getTime()).toBe(first);
    ctx.clock.advance(30_000);
    await call(ctx.client(), 'GET', '/api/v1/me', token);
    expect((await lastUsed())?.getTime()).toBe(first);
    ctx.clock.advance(60_000);
    await call(ctx.client(), 'GET', '/api/v1/me', token);
    expect((await lastUsed())?.getTime()).toBe(ctx.clock.now().getTime());
  });
});

describe('rate limit and secrecy', () => {
  it('calls are limited per token: past the limit a 429 with Retry-After; another token is unaffected', async () => {
    const { c } = await signedIn(['member']);
    const busy = await makeToken(c, '/account/tokens', { scopes: ['account:read'] });
    const calm = await makeToken(c, '/account/tokens', { scopes: ['account:read'] });
    for (let i = 0; i < RATE; i++) expect((await call(ctx.client(), 'GET', '/api/v1/me', busy)).statusCode).toBe(200);
    const limited = await call(ctx.client(), 'GET', '/api/v1/me', busy);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(ctx.client(), 'GET', '/api/v1/me', calm)).statusCode).toBe(200);
  });

  it('making and revoking is audited; the token never appears in logs, lists, the audit log or the database', async () => {
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'after']).where('action', 'like', 'tokens.%').execute();
    const actions = new Set(audit.map((a) => a.action));
    expect(actions).toEqual(new Set(['tokens.service_created', 'tokens.personal_created', 'tokens.personal_revoked']));
    expect(secrets.length).toBeGreaterThan(5);
    const pages = [
      (await admin.get('/staff/api-tokens')).body,
      (await admin.get('/staff/audit')).body,
      (await admin.getJson('/api/v1/audit')).body,
      (await finance.get('/account/tokens')).body,
    ];
    const rows = JSON.stringify(await ctx.deps.db.selectFrom('api_tokens').selectAll().execute());
    const auditRows = JSON.stringify(await ctx.deps.db.selectFrom('audit_log').selectAll().execute());
    const logs = logLines.join('\n');
    expect(logs).toContain('request'); // the log did record the calls
    for (const secret of secrets) {
      const body = secret.slice('civnet_'.length);
      for (const text of [...pages, rows, auditRows, logs]) expect(text).not.toContain(body);
    }
    expect(adminId).toBeTruthy();
  });
});

// Last: moving the clock a week on ends every session of this file.
describe('expiry', () => {
  it('an expired token gets 401', async () => {
    const token = await makeToken(member, '/account/tokens', { scopes: ['account:read'], expiresInDays: 7 });
    const ok = await call(ctx.client(), 'GET', '/api/v1/me', token);
    expect(ok.statusCode).toBe(200);
    ctx.clock.advance(7 * 86_400_000 + 1000);
    const res = await call(ctx.client(), 'GET', '/api/v1/me', token);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('invalid_token');
  });
});
