// Use cases of committees (O14 leadership roles). Programs staff keep committees, their seats, the
// terms of each seat and elections with a nomination window; members nominate (themselves or
// another member, who must accept); staff record the election of an accepted nominee, or appoint an
// eligible person who must accept. Nobody holds a seat without having accepted it. Every change
// writes its audit row and queues its emails in its transaction.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatDay, isoDay } from '../../lib/format.js';
import { ineligibility, notListed, requireEligible } from './eligibility.js';
import { appointmentAcceptedEmail, appointmentOfferedEmail, electedEmail, nominationAcceptedEmail, nominationReceivedEmail } from './emails.js';

export type CommitteeDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>;
export interface Actor {
  userId: string;
  requestId?: string;
}
type Trx = Transaction<DB>;

export const todayOf = (deps: Pick<Deps, 'clock'>): string => isoDay(deps.clock.now());

const notFound = (what: string) => new AppError('not_found', { message: `There is no such ${what}.` });

/** Programs staff, who hear of accepted nominations, appointments and ending terms. */
export async function programsStaffEmails(db: Trx | Deps['db']): Promise<string[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'programs'))
    .select('u.email')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .limit(50)
    .execute();
  return rows.map((r) => r.email);
}

// ---- committees, seats, terms, elections (programs staff)

export interface NewCommittee {
  name: string;
  slug: string;
  description: string;
  region: string | null;
  reminderDays: number;
}

/** Addresses under /committees that are pages, not committees. */
const RESERVED_SLUGS = new Set(['mine']);

export async function createCommittee(deps: CommitteeDeps, actor: Actor, input: NewCommittee): Promise<{ id: string; slug: string }> {
  if (RESERVED_SLUGS.has(input.slug)) throw fieldError({ slug: 'This web address is taken by a page. Choose another.' });
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('committees')
        .values({ name: input.name, slug: input.slug, description: input.description, region: input.region, reminder_days: input.reminderDays })
        .returning(['id', 'slug'])
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        at: deps.clock.now(),
        actorUserId: actor.userId,
        action: 'committees.created',
        entityType: 'committee',
        entityId: row.id,
        after: input,
        requestId: actor.requestId,
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError({ slug: 'Another committee has this web address. Choose another.' });
    throw err;
  }
}

/** The committee's details (its web address stays: emails and bookmarks link to it). */
export async function updateCommittee(
  deps: CommitteeDeps,
  actor: Actor,
  input: { committeeId: string; name: string; description: string; region: string | null; reminderDays: number },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('committees').select(['name', 'description', 'region', 'reminder_days']).where('id', '=', input.committeeId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('committee');
    await trx
      .updateTable('committees')
      .set({ name: input.name, description: input.description, region: input.region, reminder_days: input.reminderDays })
      .where('id', '=', input.committeeId)
      .execute();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'committees.updated',
      entityType: 'committee',
      entityId: input.committeeId,
      before: { name: before.name, description: before.description, region: before.region, reminderDays: before.reminder_days },
      after: { name: input.name, description: input.description, region: input.region, reminderDays: input.reminderDays },
      requestId: actor.requestId,
    });
  });
}

export async function addSeat(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; title: string; count: number }): Promise<string> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('committee_seats')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('committee_id', '=', input.committeeId)
        .executeTakeFirst();
      const row = await trx
        .insertInto('committee_seats')
        .values({ committee_id: input.committeeId, title: input.title, seat_count: input.count, position: Number(last?.p ?? 0) + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        at: deps.clock.now(),
        actorUserId: actor.userId,
        action: 'committees.seat_added',
        entityType: 'committee_seat',
        entityId: row.id,
        after: input,
        requestId: actor.requestId,
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError({ title: 'This committee already has a seat of that name.' });
    throw err;
  }
}

/** A term of a seat; terms of one seat never overlap. */
export async function addTerm(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; seatId: string; startsOn: string; endsOn: string }): Promise<string> {
  if (input.endsOn <= input.startsOn) throw fieldError({ endsOn: 'The term must end after it starts.' });
  return deps.db.transaction().execute(async (trx) => {
    const seat = await trx.selectFrom('committee_seats').select('id').where('id', '=', input.seatId).where('committee_id', '=', input.committeeId).forUpdate().executeTakeFirst();
    if (!seat) throw fieldError({ seatId: 'Choose a seat of this committee.' });
    const overlap = await trx
      .selectFrom('committee_terms')
      .select(['starts_on', 'ends_on'])
      .where('seat_id', '=', seat.id)
      .where('starts_on', '<=', input.endsOn)
      .where('ends_on', '>=', input.startsOn)
      .executeTakeFirst();
    if (overlap)
      throw fieldError({ startsOn: `This seat already has a term from ${formatDay(overlap.starts_on)} to ${formatDay(overlap.ends_on)}; terms of a seat cannot overlap.` });
    const row = await trx.insertInto('committee_terms').values({ seat_id: seat.id, starts_on: input.startsOn, ends_on: input.endsOn }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'committees.term_added',
      entityType: 'committee_term',
      entityId: row.id,
      after: input,
      requestId: actor.requestId,
    });
    return row.id;
  });
}

export async function createElection(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; title: string; opensOn: string; closesOn: string }): Promise<string> {
  if (input.closesOn < input.opensOn) throw fieldError({ closesOn: 'Nominations must close on or after the day they open.' });
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('committee_elections')
      .values({ committee_id: input.committeeId, title: input.title, opens_on: input.opensOn, closes_on: input.closesOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: actor.userId,
      action: 'committees.election_added',
      entityType: 'committee_election',
      entityId: row.id,
      after: input,
      requestId: actor.requestId,
    });
    return row.id;
  });
}

// ---- nominations (members)

async function electionContext(db: Trx, electionId: string, seatId: string) {
  const row = await db
    .selectFrom('committee_elections as e')
    .innerJoin('committees as c', 'c.id', 'e.committee_id')
    .innerJoin('committee_seats as s', (j) => j.onRef('s.committee_id', '=', 'c.id').on('s.id', '=', seatId))
    .select(['e.id', 'e.title', 'e.opens_on', 'e.closes_on', 'c.id as committee_id', 'c.name as committee', 'c.slug', 's.title as seat'])
    .where('e.id', '=', electionId)
    .executeTakeFirst();
  return row;
}

const windowClosed = (e: { opens_on: string; closes_on: string }, today: string) =>
  new AppError('committees.nominations_closed', {
    status: 409,
    message:
      today < e.opens_on
        ? `Nominations are not open yet: they open on ${formatDay(e.opens_on)} and close on ${formatDay(e.closes_on)}.`
        : `Nominations are closed: they were open from ${formatDay(e.opens_on)} to ${formatDay(e.closes_on)}.`,
  });

/** Whether the person is a member: an individual member, or a contact of a member organization. */
async function isMember(db: Trx, userId: string): Promise<boolean> {
  const role = await db.selectFrom('user_roles').select('user_id').where('user_id', '=', userId).where('role', '=', 'member').executeTakeFirst();
  if (role) return true;
  const seat = await db
    .selectFrom('organization_contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select('c.user_id')
    .where('c.user_id', '=', userId)
    .where('o.status', '=', 'active')
    .executeTakeFirst();
  return !!seat;
}

export interface NominationInput {
  /** the committee whose page the nomination comes from */
  committeeId: string;
  electionId: string;
  seatId: string;
  /** the nominee's email; empty: the nominator themself */
  nomineeEmail: string;
  statement: string;
}

/**
 * A member nominates themself (the nomination stands at once) or another member by the email of
 * their account (it stands when they accept). Refused outside the nomination window, and when the
 * nominee is not an elected official of a member organization in good standing.
 */
export async function nominate(deps: CommitteeDeps, actor: Actor, input: NominationInput): Promise<{ id: string; self: boolean }> {
  const now = deps.clock.now();
  const today = todayOf(deps);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const e = await electionContext(trx, input.electionId, input.seatId);
      if (!e || e.committee_id !== input.committeeId) throw fieldError({ seatId: 'Choose a seat of this committee.' });
      if (today < e.opens_on || today > e.closes_on) throw windowClosed(e, today);
      const nominator = await trx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const email = input.nomineeEmail.trim().toLowerCase();
      const self = email === '' || email === nominator.email.toLowerCase();
      // An eligible person is a member; someone else's nominator must be one (checked first, so
      // that a stranger learns nothing of the person they name).
      if (!self && !(await isMember(trx, actor.userId))) {
        throw new AppError('forbidden', { message: 'Only members can nominate: individual members and contacts of member organizations.' });
      }
      const nominee = self
        ? nominator
        : await trx
            .selectFrom('users')
            .select(['id', 'name', 'email'])
            .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
            .where('disabled_at', 'is', null)
            .executeTakeFirst();
      if (!nominee) {
        // the same words as for an account that is not eligible: whether an address has an account is not told
        const reason = notListed(`${email} is`);
        throw new AppError('committees.not_eligible', { status: 422, message: reason, fields: { nominee: reason } });
      }
      const seats = await requireEligible(trx, nominee.id, { self, name: self ? nominee.name : email, field: 'nominee' });
      const qualifying = seats[0];
      if (!qualifying) throw new AppError('internal');
      const row = await trx
        .insertInto('committee_nominations')
        .values({
          election_id: e.id,
          seat_id: input.seatId,
          nominee_user_id: nominee.id,
          nominated_by: actor.userId,
          organization_id: qualifying.organizationId,
          statement: input.statement,
          status: self ? 'accepted' : 'awaiting',
          created_at: now,
          answered_at: self ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'committees.nominated',
        entityType: 'committee_nomination',
        entityId: row.id,
        after: { electionId: e.id, seatId: input.seatId, nomineeUserId: nominee.id, self, organizationId: qualifying.organizationId },
        requestId: actor.requestId,
      });
      const base = deps.config.publicUrl;
      if (self) {
        for (const to of await programsStaffEmails(trx)) {
          await deps.mail.queue(trx, {
            to,
            template: nominationAcceptedEmail.name,
            data: { committee: e.committee, seat: e.seat, election: e.title, nominee: nominee.name, url: `${base}/staff/committees/${e.committee_id}` },
          });
        }
      } else {
        await deps.mail.queue(trx, {
          to: nominee.email,
          template: nominationReceivedEmail.name,
          data: { committee: e.committee, seat: e.seat, election: e.title, nominatedBy: nominator.name, closesOn: formatDay(e.closes_on), url: `${base}/committees/mine` },
        });
      }
      return { id: row.id, self };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'committee_nominations_one')) {
      throw new AppError('conflict', {
        message: 'This person is already nominated for this seat in this election.',
        fields: { nominee: 'Already nominated for this seat in this election.' },
      });
    }
    throw err;
  }
}

/** The nominee accepts (the nomination stands) or declines (it is set aside), while nominations are open. */
export async function answerNomination(deps: CommitteeDeps, actor: Actor, input: { nominationId: string; accept: boolean }): Promise<void> {
  const now = deps.clock.now();
  const today = todayOf(deps);
  await deps.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('committee_nominations as n')
      .innerJoin('committee_elections as e', 'e.id', 'n.election_id')
      .innerJoin('committees as c', 'c.id', 'e.committee_id')
      .innerJoin('committee_seats as s', 's.id', 'n.seat_id')
      .innerJoin('users as u', 'u.id', 'n.nominee_user_id')
      .select(['n.id', 'n.status', 'e.title as election', 'e.opens_on', 'e.closes_on', 'c.id as committee_id', 'c.name as committee', 's.title as seat', 'u.name as nominee'])
      .where('n.id', '=', input.nominationId)
      .where('n.nominee_user_id', '=', actor.userId)
      .forUpdate('n')
      .executeTakeFirst();
    if (!n) throw notFound('nomination');
    if (n.status !== 'awaiting') throw new AppError('conflict', { message: 'You have already answered this nomination.' });
    if (input.accept) {
      if (today > n.closes_on) throw windowClosed(n, today);
      await requireEligible(trx, actor.userId, { self: true, name: n.nominee, field: 'nomination' });
    }
    await trx
      .updateTable('committee_nominations')
      .set({ status: input.accept ? 'accepted' : 'declined', answered_at: now })
      .where('id', '=', n.id)
      .where('status', '=', 'awaiting')
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: input.accept ? 'committees.nomination_accepted' : 'committees.nomination_declined',
      entityType: 'committee_nomination',
      entityId: n.id,
      before: { status: 'awaiting' },
      after: { status: input.accept ? 'accepted' : 'declined' },
      requestId: actor.requestId,
    });
    if (input.accept) {
      for (const to of await programsStaffEmails(trx)) {
        await deps.mail.queue(trx, {
          to,
          template: nominationAcceptedEmail.name,
          data: { committee: n.committee, seat: n.seat, election: n.election, nominee: n.nominee, url: `${deps.config.publicUrl}/staff/committees/${n.committee_id}` },
        });
      }
    }
  });
}

// ---- elections and appointments recorded (programs staff)

/** The term, locked (one recording at a time per term), with its seat and committee. */
async function lockedTerm(trx: Trx, committeeId: string, termId: string) {
  return trx
    .selectFrom('committee_terms as t')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['t.id', 't.seat_id', 't.starts_on', 't.ends_on', 's.title as seat', 's.seat_count', 'c.id as committee_id', 'c.name as committee', 'c.slug'])
    .where('t.id', '=', termId)
    .where('c.id', '=', committeeId)
    .forUpdate('t')
    .executeTakeFirst();
}

/** The first place of the term nobody holds or is offered; a 409 when all are taken. */
async function freePlace(trx: Trx, term: { id: string; seat_count: number }): Promise<number> {
  const taken = await trx.selectFrom('committee_holders').select('place').where('term_id', '=', term.id).where('status', '<>', 'declined').execute();
  const used = new Set(taken.map((t) => t.place));
  for (let p = 1; p <= term.seat_count; p++) if (!used.has(p)) return p;
  throw new AppError('committees.term_full', { status: 409, message: `Every place of this term is already held or offered (${term.seat_count} of ${term.seat_count}).` });
}

/** Staff record that an accepted nominee won the seat for the term: eligibility is checked again. */
export async function recordElection(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; termId: string; nominationId: string }): Promise<string> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const term = await lockedTerm(trx, input.committeeId, input.termId);
      if (!term) throw fieldError({ termId: 'Choose a term of this committee.' });
      const n = await trx
        .selectFrom('committee_nominations as n')
        .innerJoin('users as u', 'u.id', 'n.nominee_user_id')
        .select(['n.id', 'n.status', 'n.seat_id', 'n.nominee_user_id', 'n.organization_id', 'u.name', 'u.email'])
        .where('n.id', '=', input.nominationId)
        .forUpdate('n')
        .executeTakeFirst();
      if (!n || n.seat_id !== term.seat_id) throw fieldError({ nominationId: `Choose a nomination for ${term.seat}.` });
      if (n.status === 'awaiting') throw new AppError('committees.not_accepted', { status: 409, message: `${n.name} has not accepted the nomination: it does not stand yet.` });
      if (n.status !== 'accepted') throw new AppError('conflict', { message: `This nomination is ${n.status === 'elected' ? 'already elected' : 'declined'}.` });
      const seats = await requireEligible(trx, n.nominee_user_id, { self: false, name: n.name, field: 'nominationId' });
      const place = await freePlace(trx, term);
      const organizationId = (seats.find((s) => s.organizationId === n.organization_id) ?? seats[0])?.organizationId ?? null;
      const row = await trx
        .insertInto('committee_holders')
        .values({
          term_id: term.id,
          place,
          user_id: n.nominee_user_id,
          organization_id: organizationId,
          method: 'elected',
          nomination_id: n.id,
          status: 'holding',
          recorded_by: actor.userId,
          recorded_at: now,
          accepted_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('committee_nominations').set({ status: 'elected' }).where('id', '=', n.id).execute();
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'committees.elected',
        entityType: 'committee_holder',
        entityId: row.id,
        after: { termId: term.id, place, userId: n.nominee_user_id, nominationId: n.id, organizationId },
        requestId: actor.requestId,
      });
      await deps.mail.queue(trx, {
        to: n.email,
        template: electedEmail.name,
        data: {
          committee: term.committee,
          seat: term.seat,
          termStart: formatDay(term.starts_on),
          termEnd: formatDay(term.ends_on),
          url: `${deps.config.publicUrl}/committees/${term.slug}`,
        },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'committee_holders_person')) throw new AppError('conflict', { message: 'This person already has a place in this term.' });
    if (isUniqueViolation(err, 'committee_holders_place')) throw new AppError('committees.term_full', { status: 409, message: 'That place was just filled. Reload the page.' });
    throw err;
  }
}

/** Staff appoint an eligible person (by the email of their account) to the term: an offer they accept. */
export async function appoint(deps: CommitteeDeps, actor: Actor, input: { committeeId: string; termId: string; email: string }): Promise<string> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const term = await lockedTerm(trx, input.committeeId, input.termId);
      if (!term) throw fieldError({ termId: 'Choose a term of this committee.' });
      const email = input.email.trim().toLowerCase();
      const person = await trx
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw fieldError({ email: 'There is no active account with this email. The person needs an account first.' });
      const seats = await requireEligible(trx, person.id, { self: false, name: person.name, field: 'email' });
      const place = await freePlace(trx, term);
      const row = await trx
        .insertInto('committee_holders')
        .values({
          term_id: term.id,
          place,
          user_id: person.id,
          organization_id: seats[0]?.organizationId ?? null,
          method: 'appointed',
          nomination_id: null,
          status: 'offered',
          recorded_by: actor.userId,
          recorded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        at: now,
        actorUserId: actor.userId,
        action: 'committees.appointed',
        entityType: 'committee_holder',
        entityId: row.id,
        after: { termId: term.id, place, userId: person.id },
        requestId: actor.requestId,
      });
      await deps.mail.queue(trx, {
        to: person.email,
        template: appointmentOfferedEmail.name,
        data: {
          committee: term.committee,
          seat: term.seat,
          termStart: formatDay(term.starts_on),
          termEnd: formatDay(term.ends_on),
          url: `${deps.config.publicUrl}/committees/mine`,
        },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'committee_holders_person')) throw fieldError({ email: 'This person already has a place in this term.' });
    if (isUniqueViolation(err, 'committee_holders_place')) throw new AppError('committees.term_full', { status: 409, message: 'That place was just filled. Reload the page.' });
    throw err;
  }
}

/** The appointee accepts (and holds the seat; eligibility checked again) or declines (the place is free again). */
export async function answerAppointment(deps: CommitteeDeps, actor: Actor, input: { holderId: string; accept: boolean }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const h = await trx
      .selectFrom('committee_holders as h')
      .innerJoin('committee_terms as t', 't.id', 'h.term_id')
      .innerJoin('committee_seats as s', 's.id', 't.seat_id')
      .innerJoin('committees as c', 'c.id', 's.committee_id')
      .innerJoin('users as u', 'u.id', 'h.user_id')
      .select(['h.id', 'h.status', 's.title as seat', 'c.id as committee_id', 'c.name as committee', 'u.name'])
      .where('h.id', '=', input.holderId)
      .where('h.user_id', '=', actor.userId)
      .forUpdate('h')
      .executeTakeFirst();
    if (!h) throw notFound('appointment');
    if (h.status !== 'offered') throw new AppError('conflict', { message: 'You have already answered this appointment.' });
    if (input.accept) {
      const reason = await ineligibility(trx, actor.userId, { self: true, name: h.name });
      if (reason) throw new AppError('committees.not_eligible', { status: 422, message: reason });
    }
    await trx
      .updateTable('committee_holders')
      .set(input.accept ? { status: 'holding', accepted_at: now } : { status: 'declined' })
      .where('id', '=', h.id)
      .where('status', '=', 'offered')
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: input.accept ? 'committees.appointment_accepted' : 'committees.appointment_declined',
      entityType: 'committee_holder',
      entityId: h.id,
      before: { status: 'offered' },
      after: { status: input.accept ? 'holding' : 'declined' },
      requestId: actor.requestId,
    });
    if (input.accept) {
      for (const to of await programsStaffEmails(trx)) {
        await deps.mail.queue(trx, {
          to,
          template: appointmentAcceptedEmail.name,
          data: { committee: h.committee, seat: h.seat, holder: h.name, url: `${deps.config.publicUrl}/staff/committees/${h.committee_id}` },
        });
      }
    }
  });
}
