// Committees (O14 leadership roles): eligibility at nomination, acceptance and election time, the
// nomination window, acceptance before a nomination stands, one holder per place of a term,
// term-end reminders sent once, and nominations kept from everyone but staff and the nominee. The
// pages and the JSON API are committees-pages.test.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCommittee, anElectedOfficial, anOrganization, changeOrganization, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, dayFromToday, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';
import { AppError } from '../../lib/errors.js';
import { mergeAccounts } from '../accounts/index.js';
import { addSeat, addTerm, answerAppointment, answerNomination, appoint, nominate, recordElection, sendTermReminders, TERM_REMINDERS_QUEUE } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, status: err.status, message: err.message, fields: err.fields };
    throw err;
  }
  throw new Error('expected a refusal');
};

const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();

const selfNomination = (c: { id: string; electionId: string | null; seats: Record<string, string> }, seat = 'Chair') => ({
  committeeId: c.id,
  electionId: c.electionId ?? '',
  seatId: c.seats[seat] ?? '',
  nomineeEmail: '',
  statement: '',
});

describe('eligibility', () => {
  it('an elected official of an active member organization may stand; the self-nomination stands at once', async () => {
    const c = await aCommittee(ctx);
    const official = await anElectedOfficial(ctx);
    const r = await nominate(ctx.deps, { userId: official.id }, selfNomination(c));
    expect(r.self).toBe(true);
    const row = await ctx.deps.db.selectFrom('committee_nominations').select(['status', 'organization_id']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'accepted', organization_id: official.organizationId });
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['committees.nominated']);
    expect(await mailTo(c.staffEmail, 'committees.nomination_accepted')).toHaveLength(1);
  });

  for (const status of ['lapsed', 'suspended', 'pending'] as const) {
    it(`an elected official of a ${status} organization is refused with the reason`, async () => {
      const c = await aCommittee(ctx);
      const official = await anElectedOfficial(ctx, { status });
      const r = await refusal(nominate(ctx.deps, { userId: official.id }, selfNomination(c)));
      expect(r.status).toBe(422);
      expect(r.code).toBe('committees.not_eligible');
      expect(r.message).toContain('not a member in good standing');
      expect(r.message).toContain(official.organizationName);
      expect(await ctx.deps.db.selectFrom('committee_nominations').select('id').where('nominee_user_id', '=', official.id).execute()).toEqual([]);
    });
  }

  it('a staff contact (no elected duty) of an active member is refused', async () => {
    const c = await aCommittee(ctx);
    const clerk = await anElectedOfficial(ctx, { duties: ['staff', 'billing'] });
    const r = await refusal(nominate(ctx.deps, { userId: clerk.id }, selfNomination(c)));
    expect(r.status).toBe(422);
    expect(r.message).toContain('not listed as an elected official');
  });

  it('a nomination of an unknown address reads like one of an ineligible account (no account is revealed)', async () => {
    const c = await aCommittee(ctx);
    const nominator = await anElectedOfficial(ctx);
    const clerk = await anElectedOfficial(ctx, { duties: ['staff'] });
    const unknown = await refusal(nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: 'nobody-here@test.example' }));
    const known = await refusal(nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: clerk.email }));
    expect(unknown.status).toBe(422);
    expect(known.status).toBe(422);
    expect(unknown.message.replace('nobody-here@test.example', 'X')).toBe(known.message.replace(clerk.email, 'X'));
    // Nor are another person's organizations or their standing told.
    const lapsed = await anElectedOfficial(ctx, { status: 'lapsed' });
    const other = await refusal(nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: lapsed.email }));
    expect(other.message.replace(lapsed.email, 'X')).toBe(known.message.replace(clerk.email, 'X'));
    expect(other.message).not.toContain(lapsed.organizationName);
  });

  it('eligibility lost after the nomination is checked again when staff record the election', async () => {
    const c = await aCommittee(ctx);
    const official = await anElectedOfficial(ctx);
    const { id } = await nominate(ctx.deps, { userId: official.id }, selfNomination(c));
    await changeOrganization(ctx, official.organizationId, { status: 'lapsed' });
    const r = await refusal(recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: id }));
    expect(r.status).toBe(422);
    expect(r.message).toContain('lapsed');
    expect(await ctx.deps.db.selectFrom('committee_holders').select('id').where('user_id', '=', official.id).execute()).toEqual([]);
    const n = await ctx.deps.db.selectFrom('committee_nominations').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(n.status).toBe('accepted');
  });

  it('an appointee who lost standing cannot accept the appointment', async () => {
    const c = await aCommittee(ctx);
    const official = await anElectedOfficial(ctx);
    const holderId = await appoint(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', email: official.email });
    await changeOrganization(ctx, official.organizationId, { status: 'suspended' });
    const r = await refusal(answerAppointment(ctx.deps, { userId: official.id }, { holderId, accept: true }));
    expect(r.status).toBe(422);
    // through the site: the page says why, with the offer still there to decline
    const page = await (await signedIn(ctx, official.email)).postForm(`/committees/appointments/${holderId}/accept`, {});
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('We could not record your answer');
    expect(page.body).toContain('suspended');
    const h = await ctx.deps.db.selectFrom('committee_holders').select('status').where('id', '=', holderId).executeTakeFirstOrThrow();
    expect(h.status).toBe('offered');
  });
});

describe('the nomination window', () => {
  it('nominating before the window opens or after it closes is refused', async () => {
    const official = await anElectedOfficial(ctx);
    const early = await aCommittee(ctx, { window: { opens: 1, closes: 10 } });
    const late = await aCommittee(ctx, { window: { opens: -10, closes: -1 } });
    const a = await refusal(nominate(ctx.deps, { userId: official.id }, selfNomination(early)));
    const b = await refusal(nominate(ctx.deps, { userId: official.id }, selfNomination(late)));
    expect([a.status, a.code]).toEqual([409, 'committees.nominations_closed']);
    expect(a.message).toContain('not open yet');
    expect([b.status, b.code]).toEqual([409, 'committees.nominations_closed']);
    expect(b.message).toContain('closed');
    // the last day of the window is still open
    const lastDay = await aCommittee(ctx, { window: { opens: -3, closes: 0 } });
    await expect(nominate(ctx.deps, { userId: official.id }, selfNomination(lastDay))).resolves.toMatchObject({ self: true });
  });

  it('the form refuses a nomination after the window closed, saying when it was open', async () => {
    const official = await anElectedOfficial(ctx);
    const c = await aCommittee(ctx, { window: { opens: -10, closes: -1 } });
    const client = await signedIn(ctx, official.email);
    const res = await client.postForm(`/committees/${c.slug}/nominate`, { electionId: c.electionId ?? '', seatId: c.seats.Chair, who: 'self', statement: 'Ready to serve' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Nominations are closed: they were open from');
  });
});

describe('acceptance', () => {
  it('a nomination of another member stands only once they accept; then staff can record the election', async () => {
    const c = await aCommittee(ctx);
    const nominator = await anElectedOfficial(ctx, { name: 'Nora Nominator' });
    const nominee = await anElectedOfficial(ctx, { name: 'Ned Nominee' });
    const { id, self } = await nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: nominee.email.toUpperCase() });
    expect(self).toBe(false);
    const received = await mailTo(nominee.email, 'committees.nomination_received');
    expect(received).toHaveLength(1);
    expect(received[0]?.body_text).toContain('Nora Nominator nominated you');
    expect(received[0]?.body_text).toContain('/committees/mine');

    const early = await refusal(recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: id }));
    expect([early.status, early.code]).toEqual([409, 'committees.not_accepted']);

    // nobody else can answer it: the nominator, another member
    for (const who of [nominator.id, (await createAccount(ctx, { roles: ['member'] })).id]) {
      const r = await refusal(answerNomination(ctx.deps, { userId: who }, { nominationId: id, accept: true }));
      expect(r.status).toBe(404);
    }
    await answerNomination(ctx.deps, { userId: nominee.id }, { nominationId: id, accept: true });
    expect(await mailTo(c.staffEmail, 'committees.nomination_accepted')).toHaveLength(1);
    const again = await refusal(answerNomination(ctx.deps, { userId: nominee.id }, { nominationId: id, accept: false }));
    expect(again.status).toBe(409);

    const holderId = await recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: id });
    const holder = await ctx.deps.db.selectFrom('committee_holders').select(['status', 'method', 'user_id', 'place']).where('id', '=', holderId).executeTakeFirstOrThrow();
    expect(holder).toEqual({ status: 'holding', method: 'elected', user_id: nominee.id, place: 1 });
    expect(await mailTo(nominee.email, 'committees.elected')).toHaveLength(1);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [id, holderId]).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['committees.nominated', 'committees.nomination_accepted', 'committees.elected']);
  });

  it('a declined nomination cannot be elected, and the same person can be nominated again', async () => {
    const c = await aCommittee(ctx);
    const nominator = await anElectedOfficial(ctx);
    const nominee = await anElectedOfficial(ctx);
    const first = await nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: nominee.email });
    const dup = await refusal(nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: nominee.email }));
    expect(dup.status).toBe(409);
    await answerNomination(ctx.deps, { userId: nominee.id }, { nominationId: first.id, accept: false });
    const r = await refusal(recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: first.id }));
    expect(r.status).toBe(409);
    await expect(nominate(ctx.deps, { userId: nominee.id }, selfNomination(c))).resolves.toMatchObject({ self: true });
  });

  it('an appointee is on the roster only once they accept; declining frees the place', async () => {
    const c = await aCommittee(ctx);
    const a = await anElectedOfficial(ctx, { name: 'Alma Appointee' });
    const b = await anElectedOfficial(ctx, { name: 'Bo Appointee' });
    const visitor = ctx.client();
    const offer = await appoint(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', email: a.email });
    expect(await mailTo(a.email, 'committees.appointment_offered')).toHaveLength(1);
    expect((await visitor.get(`/committees/${c.slug}`)).body).not.toContain('Alma Appointee');
    // the one Chair place is offered: nobody else can be appointed to it meanwhile
    expect((await refusal(appoint(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', email: b.email }))).code).toBe('committees.term_full');
    await answerAppointment(ctx.deps, { userId: a.id }, { holderId: offer, accept: false });
    const second = await appoint(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', email: b.email });
    await answerAppointment(ctx.deps, { userId: b.id }, { holderId: second, accept: true });
    const page = await visitor.get(`/committees/${c.slug}`);
    expect(rowsOf(page.body, 'Current members')).toEqual([['Bo Appointee', 'Chair', b.organizationName, expect.any(String)]]);
    expect(page.body).not.toContain('Alma Appointee');
  });
});

describe('one holder per place of a term', () => {
  it('a seat of one place takes one holder per term; a second election is refused', async () => {
    const c = await aCommittee(ctx);
    const x = await anElectedOfficial(ctx);
    const y = await anElectedOfficial(ctx);
    const nx = await nominate(ctx.deps, { userId: x.id }, selfNomination(c));
    const ny = await nominate(ctx.deps, { userId: y.id }, selfNomination(c));
    await recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: nx.id });
    const r = await refusal(recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: ny.id }));
    expect([r.status, r.code]).toEqual([409, 'committees.term_full']);
    const holders = await ctx.deps.db
      .selectFrom('committee_holders')
      .select('user_id')
      .where('term_id', '=', c.terms.Chair ?? '')
      .execute();
    expect(holders.map((h) => h.user_id)).toEqual([x.id]);
  });

  it('two places take two people, never one person twice; a nomination for another seat does not fit', async () => {
    const c = await aCommittee(ctx);
    const x = await anElectedOfficial(ctx);
    const nx = await nominate(ctx.deps, { userId: x.id }, selfNomination(c, 'Member at large'));
    const chairNomination = await nominate(ctx.deps, { userId: x.id }, selfNomination(c, 'Chair'));
    await recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms['Member at large'] ?? '', nominationId: nx.id });
    const twice = await refusal(appoint(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms['Member at large'] ?? '', email: x.email }));
    expect(twice.status).toBe(400);
    expect(twice.fields?.email).toContain('already has a place');
    const wrongSeat = await refusal(
      recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms['Member at large'] ?? '', nominationId: chairNomination.id }),
    );
    expect(wrongSeat.fields?.nominationId).toContain('Member at large');
  });

  it('two recordings of the same place at the same time: one holder', async () => {
    const c = await aCommittee(ctx);
    const x = await anElectedOfficial(ctx);
    const y = await anElectedOfficial(ctx);
    const nx = await nominate(ctx.deps, { userId: x.id }, selfNomination(c));
    const ny = await nominate(ctx.deps, { userId: y.id }, selfNomination(c));
    const results = await Promise.allSettled([
      recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: nx.id }),
      recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: ny.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const holders = await ctx.deps.db
      .selectFrom('committee_holders')
      .select('user_id')
      .where('term_id', '=', c.terms.Chair ?? '')
      .execute();
    expect(holders).toHaveLength(1);
  });
});

describe('term-end reminders', () => {
  it('the holder and programs staff are reminded once, within the lead time', async () => {
    const today = ctx.deps.clock.now();
    const inDays = (d: number) => dayFromToday(ctx, d);
    const c = await aCommittee(ctx, { term: { startsOn: inDays(-300), endsOn: inDays(40) }, reminderDays: 30 });
    const holder = await anElectedOfficial(ctx, { name: 'Rita Reminded' });
    const { id } = await nominate(ctx.deps, { userId: holder.id }, selfNomination(c));
    await recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: id });

    // 40 days before the end: not yet
    await sendTermReminders(ctx.deps);
    expect(await mailTo(holder.email, 'committees.term_ending')).toHaveLength(0);
    ctx.clock.advance(11 * 86_400_000); // 29 days before
    try {
      await Promise.all([sendTermReminders(ctx.deps), sendTermReminders(ctx.deps)]);
      await sendTermReminders(ctx.deps);
      const toHolder = await mailTo(holder.email, 'committees.term_ending');
      expect(toHolder).toHaveLength(1);
      expect(toHolder[0]?.subject).toContain('Rita Reminded');
      expect(toHolder[0]?.body_text).toContain('in 29 days');
      expect(await mailTo(c.staffEmail, 'committees.term_ending')).toHaveLength(1);
      ctx.clock.advance(5 * 86_400_000);
      await sendTermReminders(ctx.deps);
      // the daily job runs the same function: nothing more to send
      await ctx.deps.jobs.send(ctx.deps.db, TERM_REMINDERS_QUEUE, {});
      expect(await ctx.deps.jobs.drain(TERM_REMINDERS_QUEUE)).toBe(1);
      expect(await mailTo(holder.email, 'committees.term_ending')).toHaveLength(1);
    } finally {
      ctx.clock.set(today);
    }
  });
});

describe('privacy of nominations', () => {
  it('visitors and other members never see nominations, by page or API; the nominee and programs staff do', async () => {
    const c = await aCommittee(ctx);
    const nominator = await anElectedOfficial(ctx, { name: 'Quentin Quietnominator' });
    const nominee = await anElectedOfficial(ctx, { name: 'Zelda Secretnominee' });
    await nominate(ctx.deps, { userId: nominator.id }, { ...selfNomination(c), nomineeEmail: nominee.email, statement: 'Confidential reasons' });
    const secret = /Secretnominee|Quietnominator|Confidential reasons/;

    const visitor = ctx.client();
    const member = await signedIn(ctx, (await createAccount(ctx, { roles: ['member'] })).email);
    for (const client of [visitor, member]) {
      for (const url of ['/committees', `/committees/${c.slug}`, '/api/v1/committees', `/api/v1/committees/${c.slug}`]) {
        const res = url.startsWith('/api/') ? await client.getJson(url) : await client.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toMatch(secret);
      }
      const api = await client.getJson(`/api/v1/committees/${c.slug}/nominations`);
      expect([401, 403]).toContain(api.statusCode);
      expect(api.body).not.toMatch(secret);
      const staffPage = await client.get(`/staff/committees/${c.id}`);
      expect(staffPage.body).not.toMatch(secret);
    }
    const mine = await member.get('/committees/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).not.toMatch(secret);
    expect((await member.getJson('/api/v1/committees/mine')).json()).toEqual({ nominations: [], places: [] });
    // even the nominator does not follow the nominee's answer
    expect((await (await signedIn(ctx, nominator.email)).get('/committees/mine')).body).not.toContain('Secretnominee');

    const own = await signedIn(ctx, nominee.email);
    const ownPage = await own.get('/committees/mine');
    expect(rowsOf(ownPage.body, 'Nominations of you')[0]?.[3]).toBe('Quentin Quietnominator');
    const staff = await signedIn(ctx, c.staffEmail);
    const listed = (await staff.getJson(`/api/v1/committees/${c.slug}/nominations`)).json() as {
      elections: Array<{ nominations: Array<{ nominee: string; nominatedBy: string }> }>;
    };
    expect(listed.elections[0]?.nominations).toEqual([expect.objectContaining({ nominee: 'Zelda Secretnominee', nominatedBy: 'Quentin Quietnominator' })]);
    expect((await staff.get(`/staff/committees/${c.id}`)).body).toContain('Confidential reasons');
  });

  it('answering someone else’s nomination or appointment through the site is a 404', async () => {
    const c = await aCommittee(ctx);
    const nominee = await anElectedOfficial(ctx);
    const other = await anElectedOfficial(ctx);
    const { id } = await nominate(ctx.deps, { userId: other.id }, { ...selfNomination(c), nomineeEmail: nominee.email });
    const offer = await appoint(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms['Member at large'] ?? '', email: nominee.email });
    const intruder = await signedIn(ctx, other.email);
    expect((await intruder.postForm(`/committees/nominations/${id}/accept`, {})).statusCode).toBe(404);
    expect((await intruder.postForm(`/committees/appointments/${offer}/accept`, {})).statusCode).toBe(404);
    expect((await intruder.postForm('/committees/nominations/not-an-id/accept', {})).statusCode).toBe(404);
    const own = await signedIn(ctx, nominee.email);
    expect((await own.postForm(`/committees/nominations/${id}/accept`, {})).statusCode).toBe(303);
    expect((await own.postForm(`/committees/appointments/${offer}/accept`, {})).statusCode).toBe(303);
  });
});

describe('merges', () => {
  it('a merged account’s place and nominations move to the kept account; one place per person in a term', async () => {
    const c = await aCommittee(ctx);
    const kept = await anElectedOfficial(ctx, { name: 'Mae Kept' });
    const merged = await anElectedOfficial(ctx, { name: 'Mae Merged' });
    const held = await nominate(ctx.deps, { userId: merged.id }, selfNomination(c, 'Member at large'));
    await recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms['Member at large'] ?? '', nominationId: held.id });
    await nominate(ctx.deps, { userId: merged.id }, selfNomination(c, 'Chair'));
    const keptChair = await nominate(ctx.deps, { userId: kept.id }, selfNomination(c, 'Chair'));
    const staff = await createAccount(ctx, { roles: ['membership'], name: 'Merging Staff' });
    await mergeAccounts(ctx.deps, { fromUserId: merged.id, intoUserId: kept.id, actor: { userId: staff.id, name: 'Merging Staff', admin: false } });
    const places = await ctx.deps.db
      .selectFrom('committee_holders')
      .select(['user_id', 'status'])
      .where('term_id', '=', c.terms['Member at large'] ?? '')
      .execute();
    expect(places).toEqual([{ user_id: kept.id, status: 'holding' }]);
    const chair = await ctx.deps.db
      .selectFrom('committee_nominations')
      .select(['id', 'status'])
      .where('seat_id', '=', c.seats.Chair ?? '')
      .orderBy('created_at')
      .execute();
    expect(chair.map((n) => n.status).sort()).toEqual(['accepted', 'declined']);
    expect(chair.find((n) => n.status === 'accepted')?.id).toBe(keptChair.id);
    expect(rowsOf((await ctx.client().get(`/committees/${c.slug}`)).body, 'Current members').map((r) => r[0])).toEqual(['Mae Kept']);
  });

  it('a duplicate organization merged into another: the roster names the survivor', async () => {
    const c = await aCommittee(ctx);
    const official = await anElectedOfficial(ctx, { name: 'Otto Official' });
    const survivor = await anOrganization(ctx, { name: 'Survivor City' });
    const { id } = await nominate(ctx.deps, { userId: official.id }, selfNomination(c));
    await recordElection(ctx.deps, { userId: c.staffId }, { committeeId: c.id, termId: c.terms.Chair ?? '', nominationId: id });
    const membership = await signedIn(ctx, (await createAccount(ctx, { roles: ['membership'] })).email);
    const confirm = await membership.get(`/staff/organizations/${survivor.id}/merge/${official.organizationId}`);
    expect(Object.fromEntries(rowsOf(confirm.body, 'What moves').map((r) => [r[0], r[1]]))).toMatchObject({ 'committee nominations': '1', 'committee seats held': '1' });
    expect((await membership.postForm(`/staff/organizations/${survivor.id}/merge/${official.organizationId}`, { confirm: 'yes' })).statusCode).toBe(303);
    expect(rowsOf((await ctx.client().get(`/committees/${c.slug}`)).body, 'Current members')[0]?.[2]).toBe('Survivor City');
  });
});

describe('terms of a seat', () => {
  it('a term is added exactly when it overlaps none of the seat’s terms (property)', async () => {
    const c = await aCommittee(ctx, { seats: [{ title: 'Chair', count: 1 }], window: null });
    const base = Date.parse('2030-01-01T00:00:00Z');
    const dayAt = (d: number) => new Date(base + d * 86_400_000).toISOString().slice(0, 10);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 5 }), async (ranges) => {
        const seatId = await addSeat(ctx.deps, { userId: c.staffId }, { committeeId: c.id, title: `Seat ${++run}`, count: 1 });
        const kept: Array<[number, number]> = [];
        for (const [start, length] of ranges) {
          const end = start + length;
          const overlaps = kept.some(([s, e]) => s <= end && e >= start);
          const added = await addTerm(ctx.deps, { userId: c.staffId }, { committeeId: c.id, seatId, startsOn: dayAt(start), endsOn: dayAt(end) }).then(
            () => true,
            (err: unknown) => {
              if (err instanceof AppError && err.fields?.startsOn) return false;
              throw err;
            },
          );
          expect(added).toBe(!overlaps);
          if (added) kept.push([start, end]);
        }
      }),
      { numRuns: 15 },
    );
  });
});
