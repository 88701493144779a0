// The public face of events: drafts never show (page, listing, API), a cancelled or started event's
// page and listing, filters and keyset paging (the event's own page: event-page.test.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPathway, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, jsonLdOf, textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

async function signedIn(roles: Array<'member' | 'programs' | 'communications'> = []): Promise<{ client: TestClient; id: string }> {
  const a = await createAccount(ctx, { roles });
  const client = ctx.client();
  await client.signIn(a.email);
  return { client, id: a.id };
}

const titlesOf = (body: { events: Array<{ title: string }> }) => body.events.map((e) => e.title);

describe('drafts and the listing', () => {
  it('a draft is on no page, listing or API answer; publishing shows it', async () => {
    const pathway = await aPathway(ctx);
    const slug = (await ctx.deps.db.selectFrom('pathways').select('slug').where('id', '=', pathway).executeTakeFirstOrThrow()).slug;
    const draft = await anEvent(ctx, { title: 'Draft Only Workshop', published: false, pathwayIds: [pathway] });
    const visitor = ctx.client();
    expect((await visitor.get(`/events/${draft.slug}`)).statusCode).toBe(404);
    expect((await visitor.getJson(`/api/v1/events/${draft.slug}`)).statusCode).toBe(404);
    expect((await visitor.get(`/events?pathway=${slug}`)).body).not.toContain('Draft Only Workshop');
    expect(titlesOf((await visitor.getJson(`/api/v1/events?pathway=${slug}`)).json())).toEqual([]);
    // programs staff do not see it on the public page either: they have the staff page
    const staff = await signedIn(['programs']);
    expect((await staff.client.get(`/events/${draft.slug}`)).statusCode).toBe(404);

    await anEvent(ctx, { title: 'Published Workshop', pathwayIds: [pathway] });
    expect(titlesOf((await visitor.getJson(`/api/v1/events?pathway=${slug}`)).json())).toEqual(['Published Workshop']);
    const page = await visitor.get(`/events?pathway=${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Published Workshop');
  });

  it('a cancelled event stays listed, marked cancelled; a past one moves to the archive', async () => {
    const pathway = await aPathway(ctx);
    const slug = (await ctx.deps.db.selectFrom('pathways').select('slug').where('id', '=', pathway).executeTakeFirstOrThrow()).slug;
    const cancelled = await anEvent(ctx, { title: 'Called Off Training', pathwayIds: [pathway] });
    // cancelling is the operations part's use case; its outcome is all this needs
    await ctx.deps.db.updateTable('events').set({ status: 'cancelled', cancelled_at: ctx.clock.now() }).where('id', '=', cancelled.id).execute();
    await anEvent(ctx, { title: 'Last Month Workshop', startsInHours: -24 * 30, pathwayIds: [pathway] });
    const visitor = ctx.client();
    const upcoming = await visitor.get(`/events?pathway=${slug}`);
    expect(upcoming.body).toContain('Called Off Training');
    expect(upcoming.body).toMatch(/Cancelled/);
    expect(upcoming.body).not.toContain('Last Month Workshop');
    const api = (await visitor.getJson(`/api/v1/events?pathway=${slug}`)).json();
    expect(api.events).toEqual([expect.objectContaining({ title: 'Called Off Training', status: 'cancelled' })]);
    const past = await visitor.get(`/events/past?pathway=${slug}`);
    expect(past.body).toContain('Last Month Workshop');
    expect(past.body).not.toContain('Called Off Training');
    const page = await visitor.get(`/events/${cancelled.slug}`);
    expect(page.body).toContain('This event has been cancelled.');
    expect(page.body).not.toContain(`/events/${cancelled.slug}/register`);
    expect(jsonLdOf(page.body).eventStatus).toBe('https://schema.org/EventCancelled');
  });

  it('a cancelled event’s page says so with the day, offers no tickets, prices or join link; registering for it is refused, saying why', async () => {
    const e = await anEvent(ctx, {
      title: 'Called Off Budget Webinar',
      format: 'online',
      kind: 'webinar',
      joinUrl: 'https://meet.example.org/j/budget-555',
      tickets: [{ name: 'Standard', memberCents: 4_500, nonmemberCents: 7_700 }],
    });
    const registrant = await signedIn(['member']);
    const member = await signedIn(['member']);
    const programs = await signedIn(['programs']);
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: registrant.id });
    const cancelledOn = ctx.clock.now();
    const cancel = await programs.client.postForm(`/staff/events/${e.id}/cancel`, { reason: 'The speaker is ill.' });
    expect(cancel.statusCode).toBe(303);
    const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'America/Chicago' }).format(cancelledOn);
    for (const c of [ctx.client(), member.client, registrant.client, programs.client]) {
      const page = await c.get(`/events/${e.slug}`);
      expect(page.statusCode).toBe(200);
      const banner = textOf(page.body, '.warning');
      expect(banner).toContain('This event has been cancelled.');
      expect(banner).toContain(`It was cancelled on ${day} and will not take place. Registration is closed.`);
      const main = textOf(page.body, 'main');
      expect(main).not.toContain('$45.00');
      expect(main).not.toContain('$77.00');
      expect(main).not.toContain('Tickets');
      expect(main).not.toContain('Registrants get the link');
      expect(page.body).not.toContain('budget-555');
      expect(page.body).not.toContain(`/events/${e.slug}/register`);
      expect(jsonLdOf(page.body).offers).toBeUndefined();
    }
    // the reason staff gave goes to the people it was cancelled on, not to everyone
    expect(textOf((await registrant.client.get(`/events/${e.slug}`)).body, '.warning')).toContain('Why: The speaker is ill.');
    expect((await member.client.get(`/events/${e.slug}`)).body).not.toContain('The speaker is ill.');
    // listed as cancelled, without a price as if on sale
    const listing = await ctx.client().get('/events?kind=webinar');
    const card = dom(listing.body)
      .querySelectorAll('article.card')
      .find((a) => a.text.includes('Called Off Budget Webinar'));
    expect(card?.text).toContain('Cancelled: will not take place');
    expect(card?.text).not.toContain('$45');
    expect(card?.text).not.toContain('Price');

    // registering: the page, the form and the API each say it is cancelled (409), and nothing is written
    const before = await ctx.deps.db.selectFrom('event_registrations').select('id').where('event_id', '=', e.id).execute();
    const form = await member.client.get(`/events/${e.slug}/register`);
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain('This event has been cancelled: nobody can register for it.');
    // the refusal leads back to the event, not only to the home page
    expect(
      dom(form.body)
        .querySelectorAll('main a')
        .map((a) => [a.text, a.getAttribute('href')]),
    ).toContainEqual(['Back to the event', `/events/${e.slug}`]);
    const post = await member.client.postForm(`/events/${e.slug}/register`, { ticket_type_id: e.ticketTypeIds[0] ?? '', idempotency_key: randomUUID() });
    expect(post.statusCode).toBe(409);
    expect(post.body).toContain('This event has been cancelled: nobody can register for it.');
    expect(dom(post.body).querySelector(`main a[href="/events/${e.slug}"]`)?.text).toBe('Back to the event');
    const api = await member.client.request('POST', `/api/v1/events/${e.slug}/registrations`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await member.client.csrf(), 'idempotency-key': randomUUID() },
      payload: JSON.stringify({ ticketTypeId: e.ticketTypeIds[0] }),
    });
    expect(api.statusCode).toBe(409);
    expect(api.json().error.code).toBe('events.cancelled');
    expect(await ctx.deps.db.selectFrom('event_registrations').select('id').where('event_id', '=', e.id).execute()).toEqual(before);
  });

  it('once an event has started, its page offers no Register button nor tickets on sale; once over, no join line; the past listing shows no price', async () => {
    const pathway = await aPathway(ctx);
    const pslug = (await ctx.deps.db.selectFrom('pathways').select('slug').where('id', '=', pathway).executeTakeFirstOrThrow()).slug;
    const started = await anEvent(ctx, { title: 'Under Way Forum', format: 'hybrid', joinUrl: 'https://meet.example.org/j/underway', startsInHours: -1, hours: 3 });
    const over = await anEvent(ctx, {
      title: 'Finished Forum',
      format: 'hybrid',
      joinUrl: 'https://meet.example.org/j/finished',
      startsInHours: -48,
      hours: 3,
      pathwayIds: [pathway],
    });
    const visitor = ctx.client();
    const now = await visitor.get(`/events/${started.slug}`);
    expect(now.body).not.toContain(`/events/${started.slug}/register`);
    expect(textOf(now.body, 'main')).not.toContain('Ticket types and prices');
    expect(textOf(now.body, 'main')).toContain('You may also join online; registrants get the link.');
    const past = await visitor.get(`/events/${over.slug}`);
    expect(textOf(past.body, 'main')).not.toContain('Ticket types and prices');
    expect(textOf(past.body, 'main')).not.toContain('registrants get the link');
    const card = dom((await visitor.get(`/events/past?pathway=${pslug}`)).body).querySelector('article.card');
    expect(card?.text).toContain('Finished Forum');
    expect(card?.text).not.toContain('Price');
  });

  it('filters by kind, format, pathway and month combine, on the page and in the API', async () => {
    const pathway = await aPathway(ctx);
    const p = (await ctx.deps.db.selectFrom('pathways').select('slug').where('id', '=', pathway).executeTakeFirstOrThrow()).slug;
    // 40 and 80 days ahead: two different months
    await anEvent(ctx, { title: 'Webinar Soon', kind: 'webinar', format: 'online', startsInHours: 24 * 40, pathwayIds: [pathway] });
    await anEvent(ctx, { title: 'Training Soon', kind: 'training', format: 'in_person', startsInHours: 24 * 40, pathwayIds: [pathway] });
    await anEvent(ctx, { title: 'Webinar Later', kind: 'webinar', format: 'online', startsInHours: 24 * 80, pathwayIds: [pathway] });
    const visitor = ctx.client();
    const get = async (q: string) => titlesOf((await visitor.getJson(`/api/v1/events?pathway=${p}&${q}`)).json());
    expect(await get('kind=webinar')).toEqual(['Webinar Soon', 'Webinar Later']);
    expect(await get('format=in_person')).toEqual(['Training Soon']);
    const { DateTime } = await import('luxon');
    const month = DateTime.fromJSDate(ctx.clock.now(), { zone: 'America/Chicago' }).plus({ days: 40 }).toFormat('yyyy-LL');
    const later = DateTime.fromJSDate(ctx.clock.now(), { zone: 'America/Chicago' }).plus({ days: 80 }).toFormat('yyyy-LL');
    expect(await get(`kind=webinar&from=${month}&to=${month}`)).toEqual(['Webinar Soon']);
    expect(await get(`from=${later}`)).toEqual(['Webinar Later']);
    const page = await visitor.get(`/events?pathway=${p}&kind=webinar&month=${later}`);
    expect(page.body).toContain('Webinar Later');
    expect(page.body).not.toContain('Webinar Soon');
    // an unknown pathway, kind or month is a 400 naming the field
    expect((await visitor.getJson('/api/v1/events?pathway=no-such-pathway')).json().error.fields).toHaveProperty('pathway');
    expect((await visitor.getJson('/api/v1/events?kind=party')).statusCode).toBe(400);
    const bad = await visitor.get('/events?month=2027-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose a month like 2027-03.');
  });
});

describe('paging', () => {
  it('the cursor visits every event once, in order, ties on the start broken by id; the last page has no next', async () => {
    const pathway = await aPathway(ctx);
    const p = (await ctx.deps.db.selectFrom('pathways').select('slug').where('id', '=', pathway).executeTakeFirstOrThrow()).slug;
    for (const i of [1, 2, 3, 4]) await anEvent(ctx, { title: `Paged ${i}`, startsInHours: 24 * i, pathwayIds: [pathway] });
    await anEvent(ctx, { title: 'Paged 4 twin', startsInHours: 24 * 4, pathwayIds: [pathway] });
    const visitor = ctx.client();
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const res = await visitor.getJson(`/api/v1/events?pathway=${p}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...titlesOf(body));
      pages++;
      if (!body.next) break;
      cursor = body.next;
    }
    expect(pages).toBe(3);
    expect(seen.slice(0, 3)).toEqual(['Paged 1', 'Paged 2', 'Paged 3']);
    expect([...seen.slice(3)].sort()).toEqual(['Paged 4', 'Paged 4 twin']);
    // exactly a page: no next
    const five = (await visitor.getJson(`/api/v1/events?pathway=${p}&limit=5`)).json();
    expect(five.events).toHaveLength(5);
    expect(five.next).toBeNull();
    // the page's pager follows the same cursor
    const first = await visitor.get(`/events?pathway=${p}`);
    expect(first.body).not.toContain('Next page');
  });

  it('a bad cursor or limit is a 400, never a 500', async () => {
    const visitor = ctx.client();
    for (const q of [
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      'cursor=%3Cscript%3E',
      'limit=0',
      'limit=101',
      'limit=abc',
      'from=2027-05&to=2027-01',
    ]) {
      const res = await visitor.getJson(`/api/v1/events?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const page = await visitor.get('/events?cursor=nonsense');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('This page link is not valid');
  });
});
