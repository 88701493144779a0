// Session ids are rotated when an account's privileges change (SECURITY.md): a change to its
// roles or seats, by anyone, gives its session a new id at its next request; the old id keeps
// working for a minute (a page's assets already on their way), then not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';

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
});
