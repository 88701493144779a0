// Issue 11 ("Safe to deploy"), finding 3: Who's Who was open to anyone who declared themselves a
// student (a free, self-declared level activated at once and granted the `member` role), and the
// directory could be read page after page without limit. Each test reproduces the attack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalRole } from '../../src/db/types.js';
import { joinSignedIn, PDF, seedLevels } from '../factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../helpers.js';

let ctx: TestContext;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
});
afterAll(() => ctx?.close());

const rolesOf = async (userId: string) => (await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role);

async function signedIn(roles: GlobalRole[]): Promise<{ client: TestClient; id: string }> {
  const account = await createAccount(ctx, { roles });
  const client = ctx.client();
  await client.signIn(account.email);
  return { client, id: account.id };
}

describe('3. The members-only directory opens to anyone who says they are a student', () => {
  it('someone who joins at the free Student level, claiming to be a student, does not reach Who’s Who', async () => {
    const j = await joinSignedIn(ctx, levels, 'student');
    const api = await j.client.getJson('/api/v1/directory');
    expect(api.statusCode).toBe(403);
    expect((await j.client.get('/directory?q=Ada')).statusCode).toBe(403);
    expect(await rolesOf(j.userId)).not.toContain('member');
    const m = await ctx.deps.db.selectFrom('individual_memberships').select(['status', 'verification']).where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(m).toEqual({ status: 'pending', verification: 'awaiting' });
    // Their page says what happens next: proof, then staff.
    const page = await j.client.get('/me/membership');
    expect(page.body).toContain('Pending: waiting for our eligibility check');
    expect(page.body).toContain('An enrollment letter or student ID card for this academic year');
  });

  it('after membership staff confirm the uploaded proof, the student reaches Who’s Who', async () => {
    const j = await joinSignedIn(ctx, levels, 'student');
    const upload = await j.client.postMultipart('/me/membership/proof', {}, [{ field: 'proof', filename: 'enrolment.pdf', type: 'application/pdf', content: PDF }]);
    expect(upload.statusCode).toBe(303);
    const staff = await signedIn(['membership']);
    const queue = await staff.client.get('/staff/individuals/verification');
    expect(queue.body).toContain(`/staff/individuals/verification/${j.membershipId}`);
    const decided = await staff.client.postForm(`/staff/individuals/verification/${j.membershipId}`, { decision: 'confirm' });
    expect(decided.statusCode).toBe(303);
    expect(await rolesOf(j.userId)).toContain('member');
    expect((await j.client.getJson('/api/v1/directory')).statusCode).toBe(200);
  });

  it('searches are limited per account: changing address or X-Forwarded-For does not reset the count, and other accounts are not affected', async () => {
    const member = await signedIn(['member']);
    const other = await signedIn(['member']);
    const cookie = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const search = (c: TestClient, i: number, accept = 'application/json') =>
      ctx.app.inject({
        method: 'GET',
        url: i % 2 ? `/api/v1/directory?q=ada${i}` : `/directory?q=ada${i}`,
        remoteAddress: `198.51.100.${i % 250}`,
        headers: { cookie: cookie(c), accept, 'x-forwarded-for': `203.0.113.${i % 250}` },
      });
    const codes: number[] = [];
    for (let i = 1; i <= 60; i++) codes.push((await search(member.client, i)).statusCode);
    expect(codes.every((c) => c === 200)).toBe(true);
    const api = await search(member.client, 61);
    expect(api.statusCode).toBe(429);
    expect(api.json().error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('You have searched Who’s Who 60 times') });
    const page = await search(member.client, 62, 'text/html');
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('Please wait');
    expect((await search(other.client, 63)).statusCode).toBe(200);
  });

  it('paging stops at page 10 (the first 200 matches): deeper asks to narrow the search', async () => {
    const member = await signedIn(['member']);
    expect((await member.client.getJson('/api/v1/directory?page=10')).statusCode).toBe(200);
    const deep = await member.client.getJson('/api/v1/directory?page=11');
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.fields.page).toContain('narrow your search');
    const page = await member.client.get('/directory?state=CO&page=50');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Who’s Who shows the first 200 matches');
  });
});
