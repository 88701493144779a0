// An event's own page: Schema.org JSON-LD, who sees the join link (a registrant holding a seat and
// programs staff only), the way in through sign-in, the members-only teaser, and hostile input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aRegistration } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
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
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: registrant.id });
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: ticket, userId: waitlisted.id, status: 'waitlisted' });
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
    await aRegistration(ctx, { eventId: online.id, ticketTypeId: online.ticketTypeIds[0] ?? '', userId: registrant.id });
    await aRegistration(ctx, { eventId: hybrid.id, ticketTypeId: hybrid.ticketTypeIds[0] ?? '', userId: registrant.id });
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
    await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId: lapsed.id });
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
