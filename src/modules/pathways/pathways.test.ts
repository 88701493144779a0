// Pathways through HTTP: communications staff add, rename and archive them (audited); an
// archived pathway leaves the forms and filters; other roles cannot manage them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { listPathways } from './index.js';

describe('pathways', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('communications staff add, rename and archive a pathway, each change audited', async () => {
    const staff = await createAccount(ctx, { roles: ['communications'] });
    const c = ctx.client();
    await c.signIn(staff.email);

    const empty = await c.postForm('/staff/pathways', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a name.');

    expect((await c.postForm('/staff/pathways', { name: 'Zero emission', description: 'Clean energy.' })).statusCode).toBe(303);
    expect((await c.postForm('/staff/pathways', { name: 'Zero emission', description: 'Again.' })).statusCode).toBe(303);
    const [first, second] = await listPathways(ctx.deps.db);
    expect(first?.slug).toBe('zero-emission');
    expect(second?.slug).toBe('zero-emission-2');
    if (!first || !second) throw new Error('missing');

    const list = await c.get('/staff/pathways');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Clean energy.');

    expect((await c.postForm(`/staff/pathways/${second.id}`, { name: 'Circular development', description: 'Less waste.' })).statusCode).toBe(303);
    expect((await listPathways(ctx.deps.db)).map((p) => p.name)).toEqual(['Zero emission', 'Circular development']);

    expect((await c.postForm(`/staff/pathways/${first.id}/archive`, {})).statusCode).toBe(303);
    expect((await listPathways(ctx.deps.db)).map((p) => p.name)).toEqual(['Circular development']);
    expect((await listPathways(ctx.deps.db, { includeArchived: true })).length).toBe(2);
    expect((await c.get('/staff/pathways')).body).toContain('Archived');

    // Archived: gone from the network filters.
    const network = await ctx.client().get('/network');
    expect(textOf(network.body, 'option[value="zero-emission-2"]')).toBe('Circular development');
    expect(dom(network.body).querySelector('option[value="zero-emission"]')).toBeNull();
    expect((await ctx.client().get('/network?pathway=zero-emission')).statusCode).toBe(400);

    const actions = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_type', '=', 'pathway').orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'pathways.created', actor_user_id: staff.id },
      { action: 'pathways.created', actor_user_id: staff.id },
      { action: 'pathways.updated', actor_user_id: staff.id },
      { action: 'pathways.archived', actor_user_id: staff.id },
    ]);
    expect((await c.postForm(`/staff/pathways/${first.id}/archive`, {})).statusCode).toBe(409);
    expect((await c.get('/staff/pathways/not-an-id')).statusCode).toBe(404);
  });

  it('other staff roles cannot manage pathways', async () => {
    const staff = await createAccount(ctx, { roles: ['membership'] });
    const c = ctx.client();
    await c.signIn(staff.email);
    expect((await c.get('/staff/pathways')).statusCode).toBe(403);
    expect((await c.postForm('/staff/pathways', { name: 'Sneaky' })).statusCode).toBe(403);
  });
});
