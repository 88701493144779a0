// Session ids are rotated when an account's privileges change (SECURITY.md): a change to its
// roles or seats, by anyone, gives its session a new id at its next request; the old id keeps
// working for a minute (a page's assets already on their way), then not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('session rotation at privilege change', () => {
  it('a contact made an organization admin gets a new session id at the next request; the old one lasts a minute', async () => {
    const admin = await createAccount(ctx, { org: { role: 'admin' } });
    const contact = await createAccount(ctx, { org: { role: 'contact', organizationId: admin.organizationId } });
    const org = admin.organizationId ?? '';
    const c = ctx.client();
    await c.signIn(contact.email);
    const before = c.cookies.get('civnet_sid') ?? '';
    await c.get(`/org?org=${org}`);
    expect(c.cookies.get('civnet_sid')).toBe(before);

    const a = ctx.client();
    await a.signIn(admin.email);
    expect((await a.postForm(`/org/contacts/${contact.id}?org=${org}`, { title: 'Clerk', admin: 'yes' })).statusCode).toBe(303);

    const next = await c.get(`/org?org=${org}`);
    expect(next.statusCode).toBe(200);
    const after = c.cookies.get('civnet_sid') ?? '';
    expect(after).not.toBe('');
    expect(after).not.toBe(before);
    // With the new id the contact acts as an admin; the admin's own session was not touched.
    expect((await c.get(`/org/contacts/new?org=${org}`)).statusCode).toBe(200);
    const adminSession = a.cookies.get('civnet_sid');
    await a.get(`/org?org=${org}`);
    expect(a.cookies.get('civnet_sid')).toBe(adminSession);

    // The old id: still good for a minute, and it does not rotate again; then gone.
    const old = ctx.client();
    old.cookies.set('civnet_sid', before);
    const late = await old.getJson('/api/v1/me');
    expect(late.statusCode).toBe(200);
    expect(old.cookies.get('civnet_sid')).toBe(before);
    ctx.clock.advance(61_000);
    expect((await old.getJson('/api/v1/me')).statusCode).toBe(401);
    expect((await c.getJson('/api/v1/me')).statusCode).toBe(200);
  });

  it('a session made in the same transaction as the change is not rotated again', async () => {
    const person = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(person.email);
    const first = c.cookies.get('civnet_sid');
    await c.getJson('/api/v1/me');
    await c.getJson('/api/v1/me');
    expect(c.cookies.get('civnet_sid')).toBe(first);
  });

  it('a role granted or a seat taken away, in one statement for several accounts, rotates each of their sessions once', async () => {
    const people = [await createAccount(ctx, { org: { role: 'contact' } }), await createAccount(ctx, { org: { role: 'contact' } })];
    const clients: TestClient[] = [];
    for (const p of people) {
      const c = ctx.client();
      await c.signIn(p.email);
      await c.getJson('/api/v1/me');
      clients.push(c);
    }
    const sid = () => clients.map((c) => c.cookies.get('civnet_sid') ?? '');
    const versions = async () =>
      (
        await ctx.deps.db
          .selectFrom('users')
          .select(['id', 'privileges_version'])
          .where(
            'id',
            'in',
            people.map((p) => p.id),
          )
          .orderBy('id')
          .execute()
      ).map((u) => u.privileges_version);

    const before = await versions();
    const first = sid();
    await ctx.deps.db
      .insertInto('user_roles')
      .values(people.map((p) => ({ user_id: p.id, role: 'member' as const })))
      .execute();
    expect(await versions()).toEqual(before.map((v) => v + 1));
    for (const c of clients) expect((await c.getJson('/api/v1/me')).statusCode).toBe(200);
    const second = sid();
    expect(second.filter((id, i) => id === first[i])).toEqual([]);

    await ctx.deps.db
      .deleteFrom('organization_contacts')
      .where(
        'user_id',
        'in',
        people.map((p) => p.id),
      )
      .execute();
    expect(await versions()).toEqual(before.map((v) => v + 2));
    for (const c of clients) expect((await c.getJson('/api/v1/me')).statusCode).toBe(200);
    expect(sid().filter((id, i) => id === second[i])).toEqual([]);
  });
});
