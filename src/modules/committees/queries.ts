// Read SQL of committees: the public roster (current holders and vacancies, open nomination
// windows), the staff page of a committee (terms with holders and offers, elections with their
// nominations), and a person's own nominations and appointments. Nominations are never read for
// the public pages.
import type { Db } from '../../db/client.js';
import type { HolderStatus, NominationStatus } from '../../db/types.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';

export interface CommitteeSummary {
  id: string;
  slug: string;
  name: string;
  description: string;
  region: string | null;
  reminderDays: number;
}

const committeeColumns = ['id', 'slug', 'name', 'description', 'region', 'reminder_days'] as const;
const summary = (r: { id: string; slug: string; name: string; description: string; region: string | null; reminder_days: number }): CommitteeSummary => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  region: r.region,
  reminderDays: r.reminder_days,
});

export async function listCommittees(db: Db): Promise<CommitteeSummary[]> {
  const rows = await db.selectFrom('committees').select(committeeColumns).orderBy('name').limit(200).execute();
  return rows.map(summary);
}

/** The committees whose nomination window is open today (their ids). */
export async function committeesTakingNominations(db: Db, today: string): Promise<Set<string>> {
  const rows = await db.selectFrom('committee_elections').select('committee_id').distinct().where('opens_on', '<=', today).where('closes_on', '>=', today).execute();
  return new Set(rows.map((r) => r.committee_id));
}

export async function committeeBySlug(db: Db, slug: string): Promise<CommitteeSummary | undefined> {
  const r = await db.selectFrom('committees').select(committeeColumns).where('slug', '=', slug).executeTakeFirst();
  return r && summary(r);
}

export async function committeeById(db: Db, id: string): Promise<CommitteeSummary | undefined> {
  const r = await db.selectFrom('committees').select(committeeColumns).where('id', '=', id).executeTakeFirst();
  return r && summary(r);
}

export interface RosterHolder {
  name: string;
  organization: string | null;
  termEnd: string;
}

export interface RosterSeat {
  seatId: string;
  title: string;
  count: number;
  term: { startsOn: string; endsOn: string } | null;
  holders: RosterHolder[];
  vacancies: number;
}

/** Each seat's current term (today within its dates), its holders who accepted, and its vacancies
 * (an offer not yet accepted is a vacancy here). */
export async function roster(db: Db, committeeId: string, today: string): Promise<RosterSeat[]> {
  const seats = await db.selectFrom('committee_seats').select(['id', 'title', 'seat_count']).where('committee_id', '=', committeeId).orderBy('position').orderBy('title').execute();
  const terms = await db
    .selectFrom('committee_terms as t')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .select(['t.id', 't.seat_id', 't.starts_on', 't.ends_on'])
    .where('s.committee_id', '=', committeeId)
    .where('t.starts_on', '<=', today)
    .where('t.ends_on', '>=', today)
    .execute();
  const holders = terms.length
    ? await db
        .selectFrom('committee_holders as h')
        .innerJoin('users as u', 'u.id', 'h.user_id')
        .leftJoin('organizations as o', 'o.id', 'h.organization_id')
        .select(['h.term_id', 'h.place', 'u.name', 'o.name as organization'])
        .where(
          'h.term_id',
          'in',
          terms.map((t) => t.id),
        )
        .where('h.status', '=', 'holding')
        .orderBy('h.place')
        .execute()
    : [];
  return seats.map((s) => {
    const term = terms.find((t) => t.seat_id === s.id);
    const held = term ? holders.filter((h) => h.term_id === term.id).map((h) => ({ name: h.name, organization: h.organization, termEnd: term.ends_on })) : [];
    return {
      seatId: s.id,
      title: s.title,
      count: s.seat_count,
      term: term ? { startsOn: term.starts_on, endsOn: term.ends_on } : null,
      holders: held,
      vacancies: s.seat_count - held.length,
    };
  });
}

export interface ElectionSummary {
  id: string;
  title: string;
  opensOn: string;
  closesOn: string;
}

/** Elections whose nomination window is open today. */
export async function openElections(db: Db, committeeId: string, today: string): Promise<ElectionSummary[]> {
  const rows = await db
    .selectFrom('committee_elections')
    .select(['id', 'title', 'opens_on', 'closes_on'])
    .where('committee_id', '=', committeeId)
    .where('opens_on', '<=', today)
    .where('closes_on', '>=', today)
    .orderBy('closes_on')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, opensOn: r.opens_on, closesOn: r.closes_on }));
}

export async function seatsOf(db: Db, committeeId: string): Promise<Array<{ id: string; title: string; count: number }>> {
  const rows = await db.selectFrom('committee_seats').select(['id', 'title', 'seat_count']).where('committee_id', '=', committeeId).orderBy('position').orderBy('title').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, count: r.seat_count }));
}

// ---- staff

export interface StaffHolder {
  id: string;
  place: number;
  name: string;
  email: string;
  organization: string | null;
  method: 'elected' | 'appointed';
  status: HolderStatus;
}

export interface StaffTerm {
  id: string;
  seatId: string;
  seat: string;
  count: number;
  startsOn: string;
  endsOn: string;
  holders: StaffHolder[];
}

export interface StaffNomination {
  id: string;
  electionId: string;
  seatId: string;
  seat: string;
  nominee: string;
  nomineeEmail: string;
  nominatedBy: string | null;
  self: boolean;
  organization: string;
  statement: string;
  status: NominationStatus;
}

export interface StaffElection extends ElectionSummary {
  nominations: StaffNomination[];
}

export async function staffTerms(db: Db, committeeId: string): Promise<StaffTerm[]> {
  const terms = await db
    .selectFrom('committee_terms as t')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .select(['t.id', 't.seat_id', 's.title', 's.seat_count', 't.starts_on', 't.ends_on'])
    .where('s.committee_id', '=', committeeId)
    .orderBy('t.starts_on', 'desc')
    .orderBy('s.position')
    .limit(200)
    .execute();
  const holders = terms.length
    ? await db
        .selectFrom('committee_holders as h')
        .innerJoin('users as u', 'u.id', 'h.user_id')
        .leftJoin('organizations as o', 'o.id', 'h.organization_id')
        .select(['h.id', 'h.term_id', 'h.place', 'u.name', 'u.email', 'o.name as organization', 'h.method', 'h.status'])
        .where(
          'h.term_id',
          'in',
          terms.map((t) => t.id),
        )
        .where('h.status', '<>', 'declined')
        .orderBy('h.place')
        .execute()
    : [];
  return terms.map((t) => ({
    id: t.id,
    seatId: t.seat_id,
    seat: t.title,
    count: t.seat_count,
    startsOn: t.starts_on,
    endsOn: t.ends_on,
    holders: holders
      .filter((h) => h.term_id === t.id)
      .map((h) => ({ id: h.id, place: h.place, name: h.name, email: h.email, organization: h.organization, method: h.method, status: h.status })),
  }));
}

/** Elections of the committee, newest window first, with every nomination (staff only). */
export async function staffElections(db: Db, committeeId: string): Promise<StaffElection[]> {
  const elections = await db
    .selectFrom('committee_elections')
    .select(['id', 'title', 'opens_on', 'closes_on'])
    .where('committee_id', '=', committeeId)
    .orderBy('opens_on', 'desc')
    .limit(50)
    .execute();
  const nominations = elections.length
    ? await db
        .selectFrom('committee_nominations as n')
        .innerJoin('committee_seats as s', 's.id', 'n.seat_id')
        .innerJoin('users as u', 'u.id', 'n.nominee_user_id')
        .leftJoin('users as by', 'by.id', 'n.nominated_by')
        .innerJoin('organizations as o', 'o.id', 'n.organization_id')
        .select([
          'n.id',
          'n.election_id',
          'n.seat_id',
          's.title as seat',
          'u.name',
          'u.email',
          'by.name as by_name',
          'n.nominated_by',
          'n.nominee_user_id',
          'o.name as organization',
          'n.statement',
          'n.status',
        ])
        .where(
          'n.election_id',
          'in',
          elections.map((e) => e.id),
        )
        .orderBy('s.position')
        .orderBy('n.created_at')
        .execute()
    : [];
  return elections.map((e) => ({
    id: e.id,
    title: e.title,
    opensOn: e.opens_on,
    closesOn: e.closes_on,
    nominations: nominations
      .filter((n) => n.election_id === e.id)
      .map((n) => ({
        id: n.id,
        electionId: n.election_id,
        seatId: n.seat_id,
        seat: n.seat,
        nominee: n.name,
        nomineeEmail: n.email,
        nominatedBy: n.by_name,
        self: n.nominated_by === n.nominee_user_id,
        organization: n.organization,
        statement: n.statement,
        status: n.status,
      })),
  }));
}

// ---- a person's own

export interface MyNomination {
  id: string;
  committee: string;
  slug: string;
  seat: string;
  election: string;
  closesOn: string;
  nominatedBy: string | null;
  self: boolean;
  status: NominationStatus;
}

/** The nominations of this person (as nominee): only they and staff see them. */
export async function myNominations(db: Db, userId: string): Promise<MyNomination[]> {
  const rows = await db
    .selectFrom('committee_nominations as n')
    .innerJoin('committee_elections as e', 'e.id', 'n.election_id')
    .innerJoin('committees as c', 'c.id', 'e.committee_id')
    .innerJoin('committee_seats as s', 's.id', 'n.seat_id')
    .leftJoin('users as by', 'by.id', 'n.nominated_by')
    .select(['n.id', 'c.name', 'c.slug', 's.title', 'e.title as election', 'e.closes_on', 'by.name as by_name', 'n.nominated_by', 'n.status'])
    .where('n.nominee_user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    committee: r.name,
    slug: r.slug,
    seat: r.title,
    election: r.election,
    closesOn: r.closes_on,
    nominatedBy: r.by_name,
    self: r.nominated_by === userId,
    status: r.status,
  }));
}

export interface MyPlace {
  id: string;
  committee: string;
  slug: string;
  seat: string;
  startsOn: string;
  endsOn: string;
  method: 'elected' | 'appointed';
  status: HolderStatus;
}

/** The person's places on committees: held, and appointments offered to them. */
export async function myPlaces(db: Db, userId: string): Promise<MyPlace[]> {
  const rows = await db
    .selectFrom('committee_holders as h')
    .innerJoin('committee_terms as t', 't.id', 'h.term_id')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['h.id', 'c.name', 'c.slug', 's.title', 't.starts_on', 't.ends_on', 'h.method', 'h.status'])
    .where('h.user_id', '=', userId)
    .where('h.status', '<>', 'declined')
    .orderBy('t.ends_on', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, committee: r.name, slug: r.slug, seat: r.title, startsOn: r.starts_on, endsOn: r.ends_on, method: r.method, status: r.status }));
}

/** committees by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const committeeNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('committees').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Committee', r.name), href: `/staff/committees/${r.id}` }]));
};

/** committee seats by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const committeeSeatNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('committee_seats as s')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['s.id', 's.title', 'c.id as committee_id', 'c.name'])
    .where('s.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Seat', r.title)} on ${titled('committee', r.name)}`, href: `/staff/committees/${r.committee_id}` }]));
};

/** committee terms by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const committeeTermNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('committee_terms as t')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['t.id', 't.starts_on', 't.ends_on', 's.title', 'c.id as committee_id', 'c.name'])
    .where('t.id', 'in', list)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { name: `Term ${r.starts_on} – ${r.ends_on} of ${titled('seat', r.title)} on ${titled('committee', r.name)}`, href: `/staff/committees/${r.committee_id}` },
    ]),
  );
};

/** committee seat holders by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const committeeHolderNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('committee_holders as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .innerJoin('committee_terms as t', 't.id', 'h.term_id')
    .innerJoin('committee_seats as s', 's.id', 't.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['h.id', 'u.name as person', 's.title', 'c.id as committee_id', 'c.name'])
    .where('h.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${r.person} in ${titled('seat', r.title)} on ${titled('committee', r.name)}`, href: `/staff/committees/${r.committee_id}` }]));
};

/** committee elections by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const committeeElectionNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('committee_elections as e')
    .innerJoin('committees as c', 'c.id', 'e.committee_id')
    .select(['e.id', 'e.title', 'c.id as committee_id', 'c.name'])
    .where('e.id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: `${titled('Election', r.title)} of ${titled('committee', r.name)}`, href: `/staff/committees/${r.committee_id}` }]));
};

/** committee nominations by name, with a staff page to go to (the audit log's names: deps.slots.recordNames). */
export const committeeNominationNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db
    .selectFrom('committee_nominations as n')
    .innerJoin('users as u', 'u.id', 'n.nominee_user_id')
    .innerJoin('committee_seats as s', 's.id', 'n.seat_id')
    .innerJoin('committees as c', 'c.id', 's.committee_id')
    .select(['n.id', 'u.name as person', 's.title', 'c.id as committee_id', 'c.name'])
    .where('n.id', 'in', list)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { name: `Nomination of ${r.person} for ${titled('seat', r.title)} on ${titled('committee', r.name)}`, href: `/staff/committees/${r.committee_id}` }]),
  );
};
