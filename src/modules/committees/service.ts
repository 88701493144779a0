// Use cases of committees (O14 leadership roles) that keep them: a committee, its seats, the terms
// of each seat and elections with a nomination window (programs staff), each audited; and what the
// module's other use cases share (nominations.ts, holders.ts, reminders.ts). Nobody holds a seat
// without having accepted it.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';

/** Today in the association's time zone (src/lib/today.ts). */
export { today as todayOf } from '../../lib/today.js';

export type CommitteeDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;
export interface Actor {
  userId: string;
  requestId?: string;
}
export type Trx = Transaction<DB>;

export const notFound = (what: string) => new AppError('not_found', { message: `There is no such ${what}.` });

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
