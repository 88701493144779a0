// Programs staff author events through the forms: a new event with its times read in its own
// zone, errors tied to fields, the agenda and ticket types (dollars to cents), edits, archiving,
// publishing (a ticket type and, online, a join link first), and an audit row for each change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPathway } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, formValuesOf, optionsOf, termValue } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  const a = await createAccount(ctx, { roles: ['programs'] });
  staff = ctx.client();
  await staff.signIn(a.email);
});
afterAll(() => ctx?.close());

const form = (o: Record<string, string> = {}) => ({
  title: 'Budget Basics for New Managers',
  slug: '',
  kind: 'training',
  format: 'in_person',
  audience: 'everyone',
  summary: 'Read a municipal budget in a day.',
  description: 'First paragraph.\n\nSecond paragraph.',
  timeZone: 'America/Chicago',
  startsAt: '2027-03-16 09:00',
  endsAt: '2027-03-16 16:30',
  venueName: 'Springfield Civic Center',
  venueAddress: '1 Civic Plaza, Springfield, IL',
  joinUrl: '',
  capacity: '40',
  cancelHoursBefore: '72',
  offerHours: '48',
  transfersAllowed: 'yes',
  ...o,
});

const idFrom = (location: unknown) => /\/staff\/events\/([0-9a-f-]{36})/.exec(String(location))?.[1] ?? '';
const audits = (id: string) => ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('at').execute();

describe('staff authoring', () => {
  it('a new event is a draft whose times are read in its zone, its slug made from the title, its pathways kept', async () => {
    const pathway = await aPathway(ctx, { name: 'Finance' });
    const res = await staff.postForm('/staff/events', { ...form(), [`pathway_${pathway}`]: 'yes' });
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    const row = await ctx.deps.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ slug: 'budget-basics-for-new-managers', status: 'draft', capacity: 40, time_zone: 'America/Chicago', join_url: null });
    // 9:00 in Chicago in March (CDT, UTC−5)
    expect(row.starts_at.toISOString()).toBe('2027-03-16T14:00:00.000Z');
    expect(row.ends_at.toISOString()).toBe('2027-03-16T21:30:00.000Z');
    expect(await ctx.deps.db.selectFrom('event_pathways').select('pathway_id').where('event_id', '=', id).execute()).toEqual([{ pathway_id: pathway }]);
    expect((await audits(id)).map((a) => a.action)).toContain('events.created');
    const page = await staff.get(`/staff/events/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tue, Mar 16, 2027, 9:00 AM – 4:30 PM CDT');
    // its zone by name (the stored value stays the IANA id)
    expect(termValue(page.body, 'Time zone')).toBe('Central (Chicago)');
    expect(page.body).not.toContain('America/Chicago');
    expect(page.body).toContain(`/staff/events/${id}/registrations`);
    // the same title again: the slug is taken, said beside the field
    const again = await staff.postForm('/staff/events', form());
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Another event already has this web address');
    expect(again.body).toContain('aria-describedby="f-slug-hint f-slug-error"');
  });

  it('bad fields are each named beside the field and in the summary; nothing is saved', async () => {
    const before = await ctx.deps.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await staff.postForm(
      '/staff/events',
      form({
        title: '',
        slug: 'Bad Slug!',
        timeZone: 'Mars/Olympus',
        format: 'hybrid',
        venueName: '',
        joinUrl: 'http://insecure.example.org',
        capacity: '-3',
      }),
    );
    expect(res.statusCode).toBe(400);
    for (const f of ['title', 'slug', 'timeZone', 'venueName', 'joinUrl', 'capacity']) expect(res.body, f).toContain(`id="f-${f}-error"`);
    expect(res.body).toContain('<title>Error: ');
    expect(res.body).toContain('href="#f-timeZone"');
    // the end before the start; a time the clocks skip (Mar 14, 2027, 2:30 AM in Chicago)
    const times = await staff.postForm('/staff/events', form({ title: 'Times', startsAt: '2027-03-14 02:30', endsAt: '2027-03-13 10:00' }));
    expect(times.statusCode).toBe(400);
    expect(times.body).toContain('id="f-startsAt-error"');
    const order = await staff.postForm('/staff/events', form({ title: 'Order', startsAt: '2027-03-16 10:00', endsAt: '2027-03-16 09:00' }));
    expect(order.body).toContain('The end must be after the start.');
    const reserved = await staff.postForm('/staff/events', form({ title: 'Past', slug: 'past' }));
    expect(reserved.statusCode).toBe(400);
    const after = await ctx.deps.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('the venue says when it is needed (in person or both), and an event held in person without one is refused beside the field; nothing is saved', async () => {
    const blank = await staff.get('/staff/events/new');
    const label = (id: string) => dom(blank.body).querySelector(`label[for="${id}"]`)?.text.replace(/\s+/g, ' ').trim();
    expect(label('f-venueName')).toBe('Venue name (needed when it is held in person or both)');
    expect(label('f-venueAddress')).toBe('Venue address (needed when it is held in person or both)');
    expect(label('f-joinUrl')).toBe('Join link (needed when it is online or both, to publish it)');

    const count = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const missing = await staff.postForm('/staff/events', form({ title: 'No Venue Yet', venueName: '  ', venueAddress: '' }));
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing.body, 'venueName').message).toBe('Enter the venue’s name: the event is held in person.');
    expect(errorOf(missing.body, 'venueAddress').message).toBe('Enter the venue’s address: the event is held in person.');
    expect(await count()).toBe(before);
    // online: no venue needed
    expect((await staff.postForm('/staff/events', form({ title: 'Online Venue', format: 'online', venueName: '', venueAddress: '', joinUrl: '' }))).statusCode).toBe(303);

    // an online event turned hybrid on edit without an address: refused, and it stays online
    const online = await anEvent(ctx, { title: 'Hybrid Later', format: 'online' });
    const sent = formValuesOf((await staff.get(`/staff/events/${online.id}/edit`)).body);
    const hybrid = await staff.postForm(`/staff/events/${online.id}/edit`, { ...sent, format: 'hybrid', venueName: 'Town Hall', venueAddress: '' });
    expect(hybrid.statusCode).toBe(400);
    expect(errorOf(hybrid.body, 'venueAddress').message).toBe('Enter the venue’s address: the event is held both in person and online.');
    const row = await ctx.deps.db.selectFrom('events').select(['format', 'venue_name']).where('id', '=', online.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ format: 'online', venue_name: '' });
  });

  it('the time zone is chosen by name: the association’s for a new event, the event’s own kept on edit, even one the list lacks', async () => {
    // A new event: zones by name (values the ids), the association's (New York in tests) selected.
    const blank = await staff.get('/staff/events/new');
    const zones = optionsOf(blank.body, 'timeZone');
    expect(zones.filter((z) => z.selected).map((z) => z.value)).toEqual(['America/New_York']);
    expect(zones.find((z) => z.value === 'America/New_York')?.label).toBe('Eastern (New York)');
    expect(zones.find((z) => z.value === 'Europe/Berlin')?.label).toBe('Central European Time (Berlin)');
    expect(zones.map((z) => z.label).filter((label) => label.includes('/'))).toEqual([]);
    // the same list as a cohort meeting's (MEETING_TIME_ZONES), and every choice is accepted by the form
    expect(zones.map((z) => z.value)).toContain('America/Chicago');
    expect(zones.map((z) => z.value)).toContain('Etc/UTC');
    const made = await staff.postForm('/staff/events', form({ title: 'Zones', timeZone: 'Etc/UTC' }));
    expect(made.statusCode).toBe(303);

    // An event in a zone the list lacks: on edit it is still offered and selected, under its name,
    // and saving the form unchanged keeps it.
    const toronto = await anEvent(ctx, { title: 'Toronto Exchange', timeZone: 'America/Toronto' });
    const edit = await staff.get(`/staff/events/${toronto.id}/edit`);
    const offered = optionsOf(edit.body, 'timeZone');
    expect(offered.filter((z) => z.selected)).toEqual([{ value: 'America/Toronto', label: 'Eastern Time (Toronto)', selected: true }]);
    const sent = formValuesOf(edit.body);
    expect(sent.timeZone).toBe('America/Toronto');
    expect((await staff.postForm(`/staff/events/${toronto.id}/edit`, sent)).statusCode).toBe(303);
    const zoneOf = async (id: string) => (await ctx.deps.db.selectFrom('events').select('time_zone').where('id', '=', id).executeTakeFirstOrThrow()).time_zone;
    expect(await zoneOf(toronto.id)).toBe('America/Toronto');
    // An event in a listed zone has that one selected, not the association's.
    const chicago = await anEvent(ctx, { title: 'Chicago Exchange', timeZone: 'America/Chicago' });
    expect(
      optionsOf((await staff.get(`/staff/events/${chicago.id}/edit`)).body, 'timeZone')
        .filter((z) => z.selected)
        .map((z) => z.value),
    ).toEqual(['America/Chicago']);

    // The server still checks the id: an unknown zone is refused beside the field, and nothing changes.
    const bad = await staff.postForm(`/staff/events/${toronto.id}/edit`, { ...sent, timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'timeZone').message).toBe('Choose the time zone where the event happens from the list.');
    expect(await zoneOf(toronto.id)).toBe('America/Toronto');
  });

  it('the agenda and ticket types are added, edited, removed and archived; prices in dollars become cents', async () => {
    const created = await staff.postForm('/staff/events', form({ title: 'Agenda Day', format: 'online', venueName: '', venueAddress: '' }));
    const id = idFrom(created.headers.location);
    // no ticket type yet: publishing is refused, said on the page
    const early = await staff.postForm(`/staff/events/${id}/publish`, {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Add at least one ticket type');

    expect((await staff.postForm(`/staff/events/${id}/sessions`, { title: 'Opening', startsAt: '2027-03-16 09:00', endsAt: '2027-03-16 10:00', pdMinutes: '60' })).statusCode).toBe(
      303,
    );
    const badSession = await staff.postForm(`/staff/events/${id}/sessions`, { title: 'Bad', startsAt: '2027-03-16 11:00', endsAt: '2027-03-16 10:00', pdMinutes: '2000' });
    expect(badSession.statusCode).toBe(400);
    expect(badSession.body).toContain('id="f-endsAt-error"');
    expect(badSession.body).toContain('id="f-pdMinutes-error"');
    const [session] = await ctx.deps.db.selectFrom('event_sessions').selectAll().where('event_id', '=', id).execute();
    expect(session?.starts_at.toISOString()).toBe('2027-03-16T14:00:00.000Z');
    expect(session?.pd_minutes).toBe(60);
    expect((await staff.get(`/staff/events/${id}/sessions/${session?.id}`)).body).toContain('value="2027-03-16 09:00"');
    await staff.postForm(`/staff/events/${id}/sessions/${session?.id}`, { title: 'Opening plenary', startsAt: '2027-03-16 09:00', endsAt: '2027-03-16 10:30', pdMinutes: '90' });
    expect(
      await ctx.deps.db
        .selectFrom('event_sessions')
        .select(['title', 'pd_minutes'])
        .where('id', '=', session?.id ?? '')
        .executeTakeFirst(),
    ).toEqual({ title: 'Opening plenary', pd_minutes: 90 });

    const badTicket = await staff.postForm(`/staff/events/${id}/tickets`, { name: 'Early', memberPrice: '1.234', nonmemberPrice: 'lots', earlyMemberPrice: '50' });
    expect(badTicket.statusCode).toBe(400);
    for (const f of ['memberPrice', 'nonmemberPrice', 'earlyUntil']) expect(badTicket.body, f).toContain(`id="f-${f}-error"`);
    const ok = await staff.postForm(`/staff/events/${id}/tickets`, {
      name: 'General admission',
      memberPrice: '$1,200.50',
      nonmemberPrice: '1500',
      earlyMemberPrice: '999',
      earlyNonmemberPrice: '',
      earlyUntil: '2027-02-01 23:59',
      capacity: '',
      position: '0',
    });
    expect(ok.statusCode).toBe(303);
    const [ticket] = await ctx.deps.db.selectFrom('event_ticket_types').selectAll().where('event_id', '=', id).execute();
    expect(ticket).toMatchObject({ name: 'General admission', members_only: false, capacity: null });
    expect(Number(ticket?.member_cents)).toBe(120_050);
    expect(Number(ticket?.nonmember_cents)).toBe(150_000);
    expect(Number(ticket?.early_member_cents)).toBe(99_900);
    expect(ticket?.early_until?.toISOString()).toBe('2027-02-02T05:59:00.000Z');
    expect((await staff.get(`/staff/events/${id}/tickets/${ticket?.id}`)).body).toContain('value="1200.50"');
    await staff.postForm(`/staff/events/${id}/tickets/${ticket?.id}`, { name: 'Standard', memberPrice: '100', nonmemberPrice: '150', position: '1', membersOnly: 'yes' });
    expect(
      await ctx.deps.db
        .selectFrom('event_ticket_types')
        .select(['name', 'members_only', 'early_until'])
        .where('id', '=', ticket?.id ?? '')
        .executeTakeFirst(),
    ).toEqual({
      name: 'Standard',
      members_only: true,
      early_until: null,
    });

    // online without a join link: not yet
    const noLink = await staff.postForm(`/staff/events/${id}/publish`, {});
    expect(noLink.statusCode).toBe(409);
    expect(noLink.body).toContain('join link');
    await staff.postForm(
      `/staff/events/${id}/edit`,
      form({ title: 'Agenda Day', slug: 'agenda-day', format: 'online', venueName: '', venueAddress: '', joinUrl: 'https://meet.example.org/j/42' }),
    );
    expect((await staff.postForm(`/staff/events/${id}/publish`, {})).statusCode).toBe(303);
    expect((await ctx.client().get('/events/agenda-day')).statusCode).toBe(200);
    // the last ticket type on offer of a published event stays
    const last = await staff.postForm(`/staff/events/${id}/tickets/${ticket?.id}/archive`, {});
    expect(last.statusCode).toBe(409);
    // the join link may not be taken away from a published online event
    const gone = await staff.postForm(
      `/staff/events/${id}/edit`,
      form({ title: 'Agenda Day', slug: 'agenda-day', format: 'online', venueName: '', venueAddress: '', joinUrl: '' }),
    );
    expect(gone.statusCode).toBe(400);
    expect(gone.body).toContain('id="f-joinUrl-error"');

    const confirm = await staff.get(`/staff/events/${id}/sessions/${session?.id}/remove`);
    expect(confirm.body).toContain('Remove the session Opening plenary?');
    expect((await staff.postForm(`/staff/events/${id}/sessions/${session?.id}/remove`, {})).statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('event_sessions').select('id').where('event_id', '=', id).execute()).toEqual([]);
    const actions = (await audits(id)).map((a) => a.action);
    for (const a of [
      'events.created',
      'events.session_added',
      'events.session_updated',
      'events.ticket_type_added',
      'events.ticket_type_updated',
      'events.updated',
      'events.published',
      'events.session_removed',
    ])
      expect(actions, a).toContain(a);
    // the audit row says the join link changed, never what it is
    const rows = await ctx.deps.db.selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', id).execute();
    expect(JSON.stringify(rows)).not.toContain('meet.example.org');
  });

  it('a ticket type is archived (not shown publicly); a cancelled event can no longer be edited', async () => {
    const e = await anEvent(ctx, {
      title: 'Two Ticket Event',
      tickets: [
        { name: 'Keep', memberCents: 0, nonmemberCents: 0 },
        { name: 'Drop Me', memberCents: 100, nonmemberCents: 200 },
      ],
    });
    expect((await staff.postForm(`/staff/events/${e.id}/tickets/${e.ticketTypeIds[1]}/archive`, {})).statusCode).toBe(303);
    const page = await ctx.client().get(`/events/${e.slug}`);
    expect(page.body).not.toContain('Drop Me');
    expect(page.body).toContain('Free');
    await ctx.deps.db.updateTable('events').set({ status: 'cancelled' }).where('id', '=', e.id).execute();
    const res = await staff.postForm(`/staff/events/${e.id}/sessions`, { title: 'Late', startsAt: '2027-03-16 09:00', endsAt: '2027-03-16 10:00', pdMinutes: '0' });
    expect(res.statusCode).toBe(409);
  });

  it('the list filters by status and pages; unknown ids are 404', async () => {
    await anEvent(ctx, { title: 'Listed Draft', published: false });
    const drafts = await staff.get('/staff/events?status=draft');
    expect(drafts.statusCode).toBe(200);
    expect(drafts.body).toContain('Listed Draft');
    expect((await staff.get('/staff/events?status=published')).body).not.toContain('Listed Draft');
    expect((await staff.get('/staff/events?page=99')).statusCode).toBe(200);
    expect((await staff.get('/staff/events/not-an-id')).statusCode).toBe(404);
    expect((await staff.get('/staff/events/00000000-0000-4000-8000-000000000000/edit')).statusCode).toBe(404);
    const e = await anEvent(ctx);
    expect((await staff.get(`/staff/events/${e.id}/sessions/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });
});
