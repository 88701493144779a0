// Slots across a daylight-saving change: the advisor's 09:00 in Chicago stays 09:00 local, so its
// UTC instant moves from 14:00Z to 15:00Z after November 1, 2026; an organization elsewhere sees
// the same instants in its own local time (Los Angeles shifts with it, Phoenix does not).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anAssignedMember, staffClient } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { slotValues, textsOf } from '../../../test/html.js';
import { computeSlots } from './slots.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-10-23T15:00:00Z'); // Friday, before the change on Sunday 1 November
  staff = await staffClient(ctx, 'membership');
});
afterAll(() => ctx?.close());

describe('daylight saving time', () => {
  it('Monday 09:00 in Chicago is 14:00Z the week before the change and 15:00Z after it; each organization sees its own local time', async () => {
    const advisor = await anAdvisor(ctx, staff, { name: 'Dee Dst', states: ['IL'], zone: 'America/Chicago', minutes: 60, windows: [[1, '09:00', '10:00']] });
    const la = await anAssignedMember(ctx, staff, advisor.id, { zone: 'America/Los_Angeles' });
    const phoenix = await anAssignedMember(ctx, staff, advisor.id, { zone: 'America/Phoenix' });

    const laPage = await la.contacts[0]?.client.get(`/org/meetings/new?org=${la.organizationId}`);
    expect(slotValues(laPage?.body ?? '')).toEqual(['2026-10-26T14:00:00.000Z', '2026-11-02T15:00:00.000Z', '2026-11-09T15:00:00.000Z']);
    expect(textsOf(laPage?.body ?? '', 'legend')).toContain('Monday, October 26, 2026');
    expect(laPage?.body).toContain('7:00 AM to 8:00 AM PDT');
    expect(laPage?.body).toContain('7:00 AM to 8:00 AM PST');
    expect(laPage?.body).toContain('Times are in your organization’s time zone: Pacific (Los Angeles).');

    const phoenixPage = await phoenix.contacts[0]?.client.get(`/org/meetings/new?org=${phoenix.organizationId}`);
    expect(slotValues(phoenixPage?.body ?? '')).toEqual(['2026-10-26T14:00:00.000Z', '2026-11-02T15:00:00.000Z', '2026-11-09T15:00:00.000Z']);
    expect(phoenixPage?.body).toContain('7:00 AM to 8:00 AM MST');
    expect(phoenixPage?.body).toContain('8:00 AM to 9:00 AM MST');

    // Booked after the change, the invitation carries the right UTC instant.
    const booked = await la.contacts[0]?.client.postForm('/org/meetings', { org: la.organizationId, slot: '2026-11-02T15:00:00.000Z' });
    expect(booked?.statusCode).toBe(303);
    const m = await ctx.deps.db.selectFrom('meetings').select(['starts_at', 'ends_at']).where('organization_id', '=', la.organizationId).executeTakeFirstOrThrow();
    expect([m.starts_at.toISOString(), m.ends_at.toISOString()]).toEqual(['2026-11-02T15:00:00.000Z', '2026-11-02T16:00:00.000Z']);
  });
});

describe('computeSlots', () => {
  const base = { zone: 'America/Chicago', meetingMinutes: 30, exceptions: [], busy: [] };

  it('on the spring-forward day a window from 02:30 to 04:00 offers only the local times that exist', () => {
    // Sunday, March 14, 2027: 02:00 to 03:00 does not exist in Chicago; 03:00 CDT is 08:00Z.
    const slots = computeSlots({ ...base, windows: [{ weekday: 7, startMinute: 150, endMinute: 240 }], now: new Date('2027-03-10T12:00:00Z'), horizonDays: 7 });
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2027-03-14T08:00:00.000Z', '2027-03-14T08:30:00.000Z']);
  });

  it('a meeting already booked removes every slot it overlaps, and slots fit whole in the window', () => {
    const slots = computeSlots({
      ...base,
      meetingMinutes: 45,
      windows: [{ weekday: 3, startMinute: 9 * 60, endMinute: 11 * 60 }],
      busy: [{ start: new Date('2026-12-02T16:00:00Z'), end: new Date('2026-12-02T16:30:00Z') }],
      now: new Date('2026-11-30T12:00:00Z'),
      horizonDays: 3,
    });
    // 09:00; 09:45 overlaps the meeting at 10:00 (gone); 10:30 would end after 11:00 (not offered).
    expect(slots.map((s) => s.start.toISOString())).toEqual(['2026-12-02T15:00:00.000Z']);
  });

  it('offers nothing on a federal holiday as observed: Christmas Day, and Independence Day 2026 on Friday 3 July', () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 9 * 60 + 30 }));
    const days = (now: string) => computeSlots({ ...base, windows: weekdays, now: new Date(now), horizonDays: 10 }).map((s) => s.start.toISOString().slice(0, 10));
    // Monday 21 to Wednesday, December 30, 2026: the 24th is offered, the 25th (a Friday) is not
    expect(days('2026-12-20T12:00:00Z')).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-28', '2026-12-29']);
    expect(days('2026-06-29T12:00:00Z')).toEqual(['2026-06-30', '2026-07-01', '2026-07-02', '2026-07-06', '2026-07-07', '2026-07-08']);
  });
});
