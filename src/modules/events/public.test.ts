// The public face of events: drafts never show (page, listing, API), filters and keyset paging,
// the past archive, Schema.org JSON-LD, who sees the join link (a registrant holding a seat and
// programs staff only), the members-only teaser, and hostile input.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPathway } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** A seat at the event, written directly (registration is another part's use case). */
async function aRegistration(eventId: string, ticketTypeId: string, userId: string, status: 'registered' | 'waitlisted' | 'cancelled' = 'registered') {
  await ctx.deps.db
    .insertInto('event_registrations')
    .values({
      event_id: eventId,
      ticket_type_id: ticketTypeId,
      user_id: userId,
      status,
      ticket_code: randomUUID(),
      registered_at: status === 'registered' ? ctx.clock.now() : null,
      waitlisted_at: status === 'waitlisted' ? ctx.clock.now() : null,
    })
    .execute();
}

async function signedIn(roles: Array<'member' | 'programs' | 'communications'> = []): Promise<{ client: TestClient; id: string }> {
  const a = await createAccount(ctx, { roles });
  const client = ctx.client();
  await client.signIn(a.email);
  return { client, id: a.id };
}

const jsonLdOf = (html: string): Record<string, unknown> => {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no JSON-LD');
  return JSON.parse(m[1]) as Record<string, unknown>;
};

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
    await aRegistration(e.id, e.ticketTypeIds[0] ?? '', registrant.id);
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

describe('the event page', () => {
  it('JSON-LD names the event with offsets, attendance mode, the place, offers in USD and the association; never the join link', async () => {
    const e = await anEvent(ctx, {
      title: 'Hybrid Budget Forum',
      format: 'hybrid',
      timeZone: 'America/New_York',
      joinUrl: 'https://meet.example.org/j/secret-forum',
      tickets: [{ name: 'Full day', memberCents: 12_000, nonmemberCents: 18_050 }],
    });
    const visitor = ctx.client();
    const res = await visitor.get(`/events/${e.slug}`);
    expect(res.statusCode).toBe(200);
    const ld = jsonLdOf(res.body);
    expect(ld['@type']).toBe('Event');
    expect(ld.name).toBe('Hybrid Budget Forum');
    expect(String(ld.startDate)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
    expect(String(ld.endDate)).toMatch(/-0[45]:00$/);
    expect(ld.eventStatus).toBe('https://schema.org/EventScheduled');
    expect(ld.eventAttendanceMode).toBe('https://schema.org/MixedEventAttendanceMode');
    expect(ld.location).toEqual([
      { '@type': 'Place', name: 'City Hall, Council Chambers', address: '100 Main St, Springfield, IL 62701' },
      { '@type': 'VirtualLocation', url: `http://civnet.test/events/${e.slug}` },
    ]);
    expect(ld.offers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ '@type': 'Offer', price: '180.50', priceCurrency: 'USD' }),
        expect.objectContaining({ '@type': 'Offer', price: '120.00', priceCurrency: 'USD' }),
      ]),
    );
    expect(ld.organizer).toEqual({ '@type': 'Organization', name: 'Test Association', url: 'http://civnet.test' });
    expect(res.body).not.toContain('secret-forum');
    expect(res.body).toContain(`/events/${e.slug}/register`);
    expect(res.body).toContain('$180.50');
  });

  it('the join link is shown to a registrant and to programs staff only; never in the API', async () => {
    const e = await anEvent(ctx, { title: 'Online Permits Webinar', format: 'online', kind: 'webinar', joinUrl: 'https://meet.example.org/j/permits-777' });
    const secret = 'permits-777';
    const registrant = await signedIn(['member']);
    const waitlisted = await signedIn(['member']);
    const other = await signedIn(['member']);
    const programs = await signedIn(['programs']);
    const comms = await signedIn(['communications']);
    const ticket = e.ticketTypeIds[0] ?? '';
    await aRegistration(e.id, ticket, registrant.id);
    await aRegistration(e.id, ticket, waitlisted.id, 'waitlisted');
    expect((await ctx.client().get(`/events/${e.slug}`)).body).not.toContain(secret);
    expect((await other.client.get(`/events/${e.slug}`)).body).not.toContain(secret);
    expect((await waitlisted.client.get(`/events/${e.slug}`)).body).not.toContain(secret);
    expect((await comms.client.get(`/events/${e.slug}`)).body).not.toContain(secret);
    const mine = await registrant.client.get(`/events/${e.slug}`);
    expect(mine.body).toContain(`https://meet.example.org/j/${secret}`);
    const ld = jsonLdOf(mine.body);
    expect(JSON.stringify(ld)).not.toContain(secret);
    expect(ld.location).toEqual({ '@type': 'VirtualLocation', url: `http://civnet.test/events/${e.slug}` });
    expect(ld.eventAttendanceMode).toBe('https://schema.org/OnlineEventAttendanceMode');
    expect((await programs.client.get(`/events/${e.slug}`)).body).toContain(secret);
    for (const c of [registrant.client, programs.client, ctx.client()]) {
      expect((await c.getJson(`/api/v1/events/${e.slug}`)).body).not.toContain(secret);
      expect((await c.getJson('/api/v1/events?kind=webinar&limit=100')).body).not.toContain(secret);
    }
  });

  it('the promise that registrants get the link is for those without it: a registrant or programs staff see the link alone', async () => {
    const online = await anEvent(ctx, { title: 'Online Zoning Webinar', format: 'online', kind: 'webinar', joinUrl: 'https://meet.example.org/j/zoning-1' });
    const hybrid = await anEvent(ctx, { title: 'Hybrid Parks Forum', format: 'hybrid', joinUrl: 'https://meet.example.org/j/parks-2' });
    const registrant = await signedIn(['member']);
    const other = await signedIn(['member']);
    const programs = await signedIn(['programs']);
    await aRegistration(online.id, online.ticketTypeIds[0] ?? '', registrant.id);
    await aRegistration(hybrid.id, hybrid.ticketTypeIds[0] ?? '', registrant.id);
    for (const c of [ctx.client(), other.client]) {
      expect(textOf((await c.get(`/events/${online.slug}`)).body, 'main')).toContain('Registrants get the link to join.');
      expect(textOf((await c.get(`/events/${hybrid.slug}`)).body, 'main')).toContain('registrants get the link.');
    }
    for (const c of [registrant.client, programs.client]) {
      const onlinePage = textOf((await c.get(`/events/${online.slug}`)).body, 'main');
      expect(onlinePage).toContain('https://meet.example.org/j/zoning-1');
      expect(onlinePage).not.toMatch(/registrants get the link/i);
      const hybridPage = textOf((await c.get(`/events/${hybrid.slug}`)).body, 'main');
      expect(hybridPage).toContain('https://meet.example.org/j/parks-2');
      expect(hybridPage).not.toMatch(/registrants get the link/i);
    }
  });

  it('a visitor who presses Register is told at sign-in why they are there, and lands back on the registration; an off-site next gets no such word', async () => {
    const e = await anEvent(ctx, { title: 'Budget Basics Workshop' });
    const visitor = ctx.client();
    const gate = await visitor.get(`/events/${e.slug}/register`);
    expect(gate.statusCode).toBe(303);
    const login = await visitor.get(gate.headers.location as string);
    expect(textOf(login.body, 'main')).toContain('Sign in to register for Budget Basics Workshop.');
    expect(dom(login.body).querySelector('input[name="next"]')?.getAttribute('value')).toBe(`/events/${e.slug}/register`);
    const a = await createAccount(ctx, { roles: ['member'] });
    const res = await visitor.postForm('/login', { email: a.email, password: PASSWORD, next: `/events/${e.slug}/register` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/events/${e.slug}/register`);
    for (const next of ['//evil.example/events/x/register', 'https://evil.example/events/x/register']) {
      const page = await ctx.client().get(`/login?next=${encodeURIComponent(next)}`);
      expect(textOf(page.body, 'main')).not.toContain('Sign in to');
      expect(dom(page.body).querySelector('input[name="next"]')?.getAttribute('value')).toBe('/');
    }
    // any other page: a plain word that they will come back to it
    expect(textOf((await ctx.client().get('/login?next=%2Fme%2Fpd')).body, 'main')).toContain('Sign in to continue to the page you asked for.');
    // an email's links: one's ticket, one's events
    const ticket = await ctx.client().get('/tickets/any-code-at-all');
    expect(textOf((await ctx.client().get(ticket.headers.location as string)).body, 'main')).toContain('Sign in to see your ticket. You will come back to it.');
    const mine = await ctx.client().get('/me/events');
    expect(textOf((await ctx.client().get(mine.headers.location as string)).body, 'main')).toContain('Sign in to see your events and registrations. You will come back to them.');
  });

  it('a past event links back to the past events, where it is listed; an upcoming or under-way one to all events', async () => {
    const past = await anEvent(ctx, { title: 'Last Month’s Culvert Clinic', startsInHours: -24 * 30 });
    const started = await anEvent(ctx, { title: 'Under Way Culvert Lab', startsInHours: -1, hours: 4 });
    const coming = await anEvent(ctx, { title: 'Next Month’s Culvert Clinic', startsInHours: 24 * 30 });
    const backOf = async (slug: string) => {
      const a = dom((await ctx.client().get(`/events/${slug}`)).body).querySelector('main p a');
      return { href: a?.getAttribute('href'), text: a?.text.trim() };
    };
    expect(await backOf(past.slug)).toEqual({ href: '/events/past', text: 'All past events' });
    expect((await ctx.client().get('/events/past')).body).toContain('Last Month’s Culvert Clinic');
    expect(await backOf(started.slug)).toEqual({ href: '/events', text: 'All events' });
    expect(await backOf(coming.slug)).toEqual({ href: '/events', text: 'All events' });
  });

  it('a started or past event offers nothing for sale in its JSON-LD; an upcoming one does', async () => {
    const tickets = [{ name: 'Standard', memberCents: 2_500, nonmemberCents: 4_000 }];
    const past = await anEvent(ctx, { title: 'Last Week’s Finance Clinic', startsInHours: -24 * 7, tickets });
    const started = await anEvent(ctx, { title: 'Under Way Budget Lab', startsInHours: -1, hours: 4, tickets });
    const coming = await anEvent(ctx, { title: 'Next Week’s Finance Clinic', tickets });
    for (const e of [past, started]) {
      const page = await ctx.client().get(`/events/${e.slug}`);
      expect(page.statusCode).toBe(200);
      expect(jsonLdOf(page.body).offers).toBeUndefined();
    }
    expect(jsonLdOf((await ctx.client().get(`/events/${coming.slug}`)).body).offers).toEqual(
      expect.arrayContaining([expect.objectContaining({ '@type': 'Offer', price: '40.00', priceCurrency: 'USD' })]),
    );
  });

  it('the sign-in page names the event a visitor was registering for; a draft’s, a never-published cancelled one’s or an unknown address’s title never shows', async () => {
    const e = await anEvent(ctx, { title: 'Spring Managers’ Forum <b>2027</b>' });
    const gate = await ctx.client().get(`/events/${e.slug}/register`);
    const login = await ctx.client().get(gate.headers.location as string);
    expect(textOf(login.body, 'main')).toContain('Sign in to register for Spring Managers’ Forum <b>2027</b>. You will come back to its registration form.');
    expect(dom(login.body).querySelector('main b')).toBeNull();
    // the group registration names it too, and so does the page after a failed sign-in
    expect(textOf((await ctx.client().get(`/login?next=${encodeURIComponent(`/events/${e.slug}/register/group`)}`)).body, 'main')).toContain(
      'Sign in to register for Spring Managers’ Forum <b>2027</b>.',
    );
    const failed = await ctx.client().postForm('/login', { email: 'nobody@example.org', password: 'not-the-password-1', next: `/events/${e.slug}/register` });
    expect(textOf(failed.body, 'main')).toContain('Sign in to register for Spring Managers’ Forum <b>2027</b>.');
    const draft = await anEvent(ctx, { title: 'Secret Draft Summit', published: false });
    const dropped = await anEvent(ctx, { title: 'Quietly Dropped Draft', published: false });
    await ctx.deps.db.updateTable('events').set({ status: 'cancelled', cancelled_at: ctx.clock.now() }).where('id', '=', dropped.id).execute();
    // a members-only event's teaser sends visitors to sign in to see the rest: the page names it too
    const lab = await anEvent(ctx, { title: 'Members Budget Lab', audience: 'members' });
    const teaser = await ctx.client().get(`/events/${lab.slug}`);
    const signInLink = dom(teaser.body).querySelector(`main a[href^="/login"]`)?.getAttribute('href') ?? '';
    expect(textOf((await ctx.client().get(signInLink)).body, 'main')).toContain('Sign in to see all of Members Budget Lab. You will come back to its page.');
    expect(textOf((await ctx.client().get(`/login?next=${encodeURIComponent(`/events/${draft.slug}`)}`)).body, 'main')).toContain('Sign in to continue to the page you asked for.');
    for (const slug of [draft.slug, dropped.slug, 'no-such-event-here', 'Not_A_Slug']) {
      const page = textOf((await ctx.client().get(`/login?next=${encodeURIComponent(`/events/${slug}/register`)}`)).body, 'main');
      expect(page).toContain('Sign in to register for this event. You will come back to its registration form.');
      expect(page).not.toMatch(/Secret Draft Summit|Quietly Dropped Draft/);
    }
  });

  it('a members-only event shows visitors and non-members a teaser; members see it all', async () => {
    const e = await anEvent(ctx, { title: 'Members Leadership Lab', audience: 'members', sessions: [{ title: 'Secret Agenda Item', startsInHours: 0, hours: 2 }] });
    await ctx.deps.db.updateTable('events').set({ description: 'Deep dive for members.' }).where('id', '=', e.id).execute();
    const visitor = await ctx.client().get(`/events/${e.slug}`);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).toContain('Members Leadership Lab');
    expect(visitor.body).toContain('A hands-on workshop for local government staff.');
    expect(visitor.body).toContain('Sign in');
    expect(visitor.body).not.toContain('Secret Agenda Item');
    expect(visitor.body).not.toContain('Deep dive for members.');
    expect(jsonLdOf(visitor.body).offers).toBeUndefined();
    const nonMember = await signedIn([]);
    const nm = await nonMember.client.get(`/events/${e.slug}`);
    expect(nm.body).not.toContain('Secret Agenda Item');
    expect(nm.body).toContain('Join as a professional');
    const member = await signedIn(['member']);
    const full = await member.client.get(`/events/${e.slug}`);
    expect(full.body).toContain('Secret Agenda Item');
    expect(full.body).toContain('Deep dive for members.');
    const teaserApi = (await ctx.client().getJson(`/api/v1/events/${e.slug}`)).json();
    expect(teaserApi).toMatchObject({ teaser: true, description: null, sessions: [], ticketTypes: [], membersOnly: true });
    const memberApi = (await member.client.getJson(`/api/v1/events/${e.slug}`)).json();
    expect(memberApi).toMatchObject({ teaser: false, description: 'Deep dive for members.' });
    expect(memberApi.sessions).toHaveLength(1);
    // A registrant whose membership lapsed since registering still sees the event they hold a seat at.
    const lapsed = await signedIn([]);
    await aRegistration(e.id, e.ticketTypeIds[0] ?? '', lapsed.id);
    expect((await lapsed.client.get(`/events/${e.slug}`)).body).toContain('Secret Agenda Item');
  });

  it('hostile input: a bad slug is a 404, HTML in a title is text', async () => {
    const visitor = ctx.client();
    for (const slug of ['%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'UPPER', 'a--b', 'x'.repeat(99), 'x'.repeat(130), '..%2F..%2Fetc']) {
      // a path parameter past the router's limit is refused before routing (414)
      expect([404, 414], slug).toContain((await visitor.get(`/events/${slug}`)).statusCode);
      expect([404, 414], slug).toContain((await visitor.getJson(`/api/v1/events/${slug}`)).statusCode);
    }
    const e = await anEvent(ctx, { title: '<script>alert("x")</script> & </script><b>Bold</b>' });
    const page = await visitor.get(`/events/${e.slug}`);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<b>Bold</b>');
    expect(page.body).toContain('&lt;script>alert');
    expect(jsonLdOf(page.body).name).toBe('<script>alert("x")</script> & </script><b>Bold</b>');
    const listing = await visitor.get('/events');
    expect(listing.body).not.toContain('<script>alert');
  });
});
