// The events API's contract: documented in OpenAPI with its query fields and shapes, public
// fields only (prices in cents, times with the event's offset), blank filters mean any.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('events API', () => {
  it('is documented in OpenAPI with its query fields, its path parameter and its answers', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    const list = doc.paths['/api/v1/events'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['kind', 'format', 'pathway', 'from', 'to', 'cursor', 'limit']));
    expect(list.responses['200']).toBeTruthy();
    const one = doc.paths['/api/v1/events/{slug}'].get;
    expect(one.parameters.map((p: { name: string }) => p.name)).toContain('slug');
    expect(JSON.stringify(doc.paths['/api/v1/events/{slug}'])).not.toMatch(/join/i);
  });

  it('answers an event with its public fields: times with the offset, prices in cents, early-bird with its deadline', async () => {
    const now = ctx.clock.now().getTime();
    const e = await anEvent(ctx, {
      title: 'Annual Conference',
      kind: 'conference',
      timeZone: 'America/Denver',
      tickets: [
        { name: 'Full conference', memberCents: 45_000, nonmemberCents: 60_000, earlyMemberCents: 39_500, earlyNonmemberCents: 52_500, earlyUntil: new Date(now + 86_400_000) },
      ],
      sessions: [
        { title: 'Keynote', startsInHours: 0, hours: 1, pdMinutes: 60 },
        { title: 'Breakouts', startsInHours: 1.5, hours: 1.5, pdMinutes: 90 },
      ],
    });
    const body = (await ctx.client().getJson(`/api/v1/events/${e.slug}`)).json();
    expect(body).toMatchObject({
      slug: e.slug,
      title: 'Annual Conference',
      kind: 'conference',
      status: 'published',
      membersOnly: false,
      teaser: false,
      timeZone: 'America/Denver',
      price: { minCents: 39_500, maxCents: 52_500 },
      url: `http://civnet.test/events/${e.slug}`,
    });
    expect(body.startsAt).toMatch(/-0[67]:00$/);
    expect(body.sessions.map((s: { title: string; pdMinutes: number }) => [s.title, s.pdMinutes])).toEqual([
      ['Keynote', 60],
      ['Breakouts', 90],
    ]);
    expect(body.ticketTypes).toEqual([
      expect.objectContaining({ name: 'Full conference', memberCents: 45_000, nonmemberCents: 60_000, earlyMemberCents: 39_500, currency: 'USD' }),
    ]);
    expect(Object.keys(body)).not.toContain('joinUrl');
    const page = await ctx.client().get(`/events/${e.slug}`);
    expect(page.body).toContain('$395 members, $525 others until');
  });

  it('blank filters mean any; a free event says Free', async () => {
    await anEvent(ctx, { title: 'Free Webinar', kind: 'webinar', format: 'online', tickets: [{ name: 'Free', memberCents: 0, nonmemberCents: 0 }] });
    const res = await ctx.client().getJson('/api/v1/events?kind=&format=&pathway=&from=&to=&cursor=&limit=');
    expect(res.statusCode).toBe(200);
    expect(res.json().events.find((e: { title: string }) => e.title === 'Free Webinar')).toMatchObject({ price: { minCents: 0, maxCents: 0 }, venue: null });
    const page = await ctx.client().get('/events?kind=webinar');
    expect(page.body).toContain('Free Webinar');
    expect(page.body).toMatch(/<dt>Price<\/dt><dd>Free<\/dd>/);
    expect(page.body).toMatch(/<dt>Where<\/dt><dd>Online<\/dd>/);
  });
});
