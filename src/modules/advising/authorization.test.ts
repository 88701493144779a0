// Object-level checks: a contact of organization A reaches nothing of organization B's advising,
// by id guessing through pages and forms: B's slots, booking for B, B's meeting (reschedule page,
// reschedule, cancel) are all 404 and change nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anAssignedMember, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-11-23T15:00:00Z');
  staff = await staffClient(ctx, 'membership');
});
afterAll(() => ctx?.close());

describe('another organization’s advising', () => {
  it('is a 404 for a contact of a different organization, on every page and form', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Ida Iles', states: ['IL'], windows: [[2, '09:00', '12:00']] });
    const a = await anAssignedMember(ctx, staff, advisor.id);
    const b = await anAssignedMember(ctx, staff, advisor.id);
    const [ca, cb] = [a.contacts[0]?.client, b.contacts[0]?.client];
    if (!ca || !cb) throw new Error('no contacts');
    expect((await cb.postForm('/org/meetings', { org: b.organizationId, slot: '2026-11-24T15:00:00.000Z' })).statusCode).toBe(303);
    const meeting = await ctx.deps.db.selectFrom('meetings').selectAll().where('organization_id', '=', b.organizationId).executeTakeFirstOrThrow();

    const attempts = [
      await ca.get(`/org/meetings?org=${b.organizationId}`),
      await ca.get(`/org/meetings/new?org=${b.organizationId}`),
      await ca.postForm('/org/meetings', { org: b.organizationId, slot: '2026-11-24T16:00:00.000Z' }),
      await ca.get(`/org/meetings/${meeting.id}/reschedule`),
      await ca.postForm(`/org/meetings/${meeting.id}/reschedule`, { slot: '2026-11-24T16:00:00.000Z' }),
      await ca.postForm(`/org/meetings/${meeting.id}/reschedule`, { org: a.organizationId, slot: '2026-11-24T16:00:00.000Z' }),
      await ca.get(`/org/meetings/${meeting.id}/cancel`),
      await ca.postForm(`/org/meetings/${meeting.id}/cancel`, {}),
      await ca.postForm(`/org/meetings/${randomUUID()}/cancel`, {}),
      await ca.get('/org/meetings?org=not-a-uuid'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(meeting.id);
      expect(res.body).not.toContain('9:00 AM');
    }
    const after = await ctx.deps.db.selectFrom('meetings').selectAll().where('organization_id', '=', b.organizationId).execute();
    expect(after).toEqual([meeting]);
    expect(await ctx.deps.db.selectFrom('meetings').select('id').where('organization_id', '=', a.organizationId).execute()).toHaveLength(0);
    // Their own organization still works.
    expect((await ca.get(`/org/meetings?org=${a.organizationId}`)).statusCode).toBe(200);
  });

  it('staff without the membership role cannot assign advisors, and an advisor sees only their own page', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Jo Jensen', states: ['IL'] });
    const org = await anAssignedMember(ctx, staff, advisor.id);
    const other = await anAdvisor(ctx, staff, { name: 'Kit Kane', states: ['IL'] });
    const res = await advisor.client.postForm('/staff/advisors/assignments', { organizationId: org.organizationId, advisor: advisor.id, reason: '' });
    expect(res.statusCode).toBe(403);
    const page = await other.client.get('/staff/advising');
    expect(page.statusCode).toBe(200);
    const orgName = (await ctx.deps.db.selectFrom('organizations').select('name').where('id', '=', org.organizationId).executeTakeFirstOrThrow()).name;
    expect(page.body).not.toContain(orgName);
  });
});
