// Committees' pages and JSON API, through HTTP: programs staff set a committee up and record an
// election through the forms, members nominate and accept, bad input is a 400 naming the field,
// and the API is in the OpenAPI document. The rules themselves are committees.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCommittee, anElectedOfficial, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, dayFromToday, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();

describe('pages and API', () => {
  let staff: TestClient;
  beforeAll(async () => {
    staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email);
  });

  it('programs staff set up a committee through the forms; a member nominates themself; staff record the election; the roster shows them', async () => {
    const made = await staff.postForm('/staff/committees', {
      name: 'Great Lakes Executive Committee',
      slug: '',
      description: 'Speaks for the region.',
      region: 'Great Lakes',
      reminderDays: '45',
    });
    expect(made.statusCode).toBe(303);
    const id = String(made.headers.location).split('/').pop() ?? '';
    expect((await staff.postForm(`/staff/committees/${id}/seats`, { title: 'Chair', count: '1' })).statusCode).toBe(303);
    const seat = await ctx.deps.db.selectFrom('committee_seats').select('id').where('committee_id', '=', id).executeTakeFirstOrThrow();
    const day = (d: number) => dayFromToday(ctx, d);
    expect((await staff.postForm(`/staff/committees/${id}/terms`, { seatId: seat.id, startsOn: day(-1), endsOn: day(700) })).statusCode).toBe(303);
    const overlapping = await staff.postForm(`/staff/committees/${id}/terms`, { seatId: seat.id, startsOn: day(300), endsOn: day(900) });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.body).toContain('cannot overlap');
    expect((await staff.postForm(`/staff/committees/${id}/elections`, { name: 'Spring election', opensOn: day(0), closesOn: day(14) })).statusCode).toBe(303);

    const list = await ctx.client().get('/committees');
    const item = dom(list.body)
      .querySelectorAll('main li')
      .find((li) => li.text.includes('Great Lakes Executive Committee'));
    expect(item?.text).toContain('Nominations open.');
    const roster = await ctx.client().get('/committees/great-lakes-executive-committee');
    expect(roster.statusCode).toBe(200);
    expect(roster.body).toContain('Nominations for the Spring election are open until');
    expect(roster.body).toContain('Chair: 1 seat vacant of 1');

    const official = await anElectedOfficial(ctx, { name: 'Gwen Greatlakes' });
    const member = await signedIn(ctx, official.email);
    const form = await member.get('/committees/great-lakes-executive-committee/nominate');
    expect(form.statusCode).toBe(200);
    const election = await ctx.deps.db.selectFrom('committee_elections').select('id').where('committee_id', '=', id).executeTakeFirstOrThrow();
    const sent = await member.postForm('/committees/great-lakes-executive-committee/nominate', {
      electionId: election.id,
      seatId: seat.id,
      who: 'self',
      nominee: '',
      statement: '',
    });
    expect(sent.statusCode).toBe(303);
    const nomination = await ctx.deps.db.selectFrom('committee_nominations').select('id').where('nominee_user_id', '=', official.id).executeTakeFirstOrThrow();
    const term = await ctx.deps.db.selectFrom('committee_terms').select('id').where('seat_id', '=', seat.id).executeTakeFirstOrThrow();
    expect((await staff.postForm(`/staff/committees/${id}/elect`, { termId: term.id, nominationId: nomination.id })).statusCode).toBe(303);

    const after = await ctx.client().get('/committees/great-lakes-executive-committee');
    expect(rowsOf(after.body, 'Current members')).toEqual([['Gwen Greatlakes', 'Chair', official.organizationName, expect.any(String)]]);
    const api = (await ctx.client().getJson('/api/v1/committees/great-lakes-executive-committee')).json();
    expect(api.seats).toEqual([
      {
        seat: 'Chair',
        seats: 1,
        term: { startsOn: day(-1), endsOn: day(700) },
        holders: [{ name: 'Gwen Greatlakes', organization: official.organizationName, termEnd: day(700) }],
        vacancies: 0,
      },
    ]);
  });

  it('staff change a committee’s details; its address stays; bad input is a 400', async () => {
    const c = await aCommittee(ctx);
    const form = await staff.get(`/staff/committees/${c.id}/edit`);
    expect(form.statusCode).toBe(200);
    const bad = await staff.postForm(`/staff/committees/${c.id}/edit`, { name: '', description: '', region: '', reminderDays: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('At least 1 day.');
    const saved = await staff.postForm(`/staff/committees/${c.id}/edit`, { name: 'Renamed Committee', description: 'New words.', region: '', reminderDays: '60', slug: 'ignored' });
    expect(saved.statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom('committees').select(['name', 'slug', 'region', 'reminder_days']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Renamed Committee', slug: c.slug, region: null, reminder_days: 60 });
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'committees.updated')
      .where('entity_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ name: 'Renamed Committee', reminderDays: 60 });
    expect((await staff.get('/staff/committees/00000000-0000-4000-8000-000000000000/edit')).statusCode).toBe(404);
  });

  it('bad input is a 400 naming the field; an ineligible nomination is a 422 that says why', async () => {
    const bad = await staff.postForm('/staff/committees', { name: '', slug: 'Not A Slug', reminderDays: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the committee’s name.');
    expect(bad.body).toContain('Use lowercase letters');
    const c = await aCommittee(ctx);
    const taken = await staff.postForm('/staff/committees', { name: 'Another', slug: c.slug, reminderDays: '30' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Another committee has this web address');

    const clerk = await anElectedOfficial(ctx, { duties: ['staff'] });
    const client = await signedIn(ctx, clerk.email);
    const refused = await client.postForm(`/committees/${c.slug}/nominate`, { electionId: c.electionId ?? '', seatId: c.seats.Chair, who: 'self' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('not listed as an elected official');
    const noEmail = await client.postForm(`/committees/${c.slug}/nominate`, { electionId: c.electionId ?? '', seatId: c.seats.Chair, who: 'other', nominee: 'not an email' });
    expect(noEmail.statusCode).toBe(400);
    const api = await client.sendJson('POST', `/api/v1/committees/${c.slug}/nominations`, { electionId: c.electionId, seatId: c.seats.Chair });
    expect(api.statusCode).toBe(422);
    expect(api.json().error.code).toBe('committees.not_eligible');
    const junk = await client.sendJson('POST', `/api/v1/committees/${c.slug}/nominations`, { electionId: 'x', seatId: c.seats.Chair, role: 'admin' });
    expect(junk.statusCode).toBe(400);
    expect((await ctx.client().get('/committees/no-such-committee')).statusCode).toBe(404);
    expect((await staff.get('/staff/committees/not-a-uuid')).statusCode).toBe(404);
  });

  it('staff appoint through the form; the appointee accepts on their page and is on the roster', async () => {
    const c = await aCommittee(ctx);
    const official = await anElectedOfficial(ctx, { name: 'Ada Appointed' });
    const unknown = await staff.postForm(`/staff/committees/${c.id}/appoint`, { term: c.terms.Chair, email: 'nobody-at-all@test.example' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('no active account with this email');
    const noTerm = await staff.postForm(`/staff/committees/${c.id}/appoint`, { term: 'x', email: official.email });
    expect(noTerm.statusCode).toBe(400);
    expect((await staff.postForm(`/staff/committees/${c.id}/appoint`, { term: c.terms.Chair, email: official.email })).statusCode).toBe(303);
    expect((await ctx.client().get(`/committees/${c.slug}`)).body).not.toContain('Ada Appointed');
    const own = await signedIn(ctx, official.email);
    const mine = await own.get('/committees/mine');
    const offered = rowsOf(mine.body, 'Your seats and appointments')[0];
    expect(offered?.[1]).toBe('Chair');
    expect(offered?.[4]).toContain('Accept');
    const offer = await ctx.deps.db.selectFrom('committee_holders').select('id').where('user_id', '=', official.id).executeTakeFirstOrThrow();
    expect((await own.postForm(`/committees/appointments/${offer.id}/accept`, {})).statusCode).toBe(303);
    expect(rowsOf((await ctx.client().get(`/committees/${c.slug}`)).body, 'Current members').map((r) => r[0])).toEqual(['Ada Appointed']);
    expect((await own.getJson('/api/v1/committees/mine')).json().places).toEqual([expect.objectContaining({ seat: 'Chair', method: 'appointed', status: 'holding' })]);
    expect(await mailTo(c.staffEmail, 'committees.appointment_accepted')).toHaveLength(1);
  });

  it('the API is described in the OpenAPI document', async () => {
    const res = await ctx.client().getJson('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/committees', '/api/v1/committees/{slug}', '/api/v1/committees/mine', '/api/v1/committees/{slug}/nominations']));
  });

  it('a member who is not an elected official can nominate one through the API; a signed-in non-member cannot', async () => {
    const c = await aCommittee(ctx);
    const nominee = await anElectedOfficial(ctx);
    const member = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    const res = await member.sendJson('POST', `/api/v1/committees/${c.slug}/nominations`, { electionId: c.electionId, seatId: c.seats.Chair, nominee: nominee.email });
    expect(res.statusCode).toBe(201);
    expect(res.json().stands).toBe(false);
    const stranger = await signedIn(ctx, (await createAccount(ctx, {})).email);
    const no = await stranger.sendJson('POST', `/api/v1/committees/${c.slug}/nominations`, {
      electionId: c.electionId,
      seatId: c.seats['Member at large'],
      nominee: nominee.email,
    });
    expect(no.statusCode).toBe(403);
  });
});
