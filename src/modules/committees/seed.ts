// Demo data of committees: the Northeast Executive Committee with a Chair, a Vice chair and three
// members at large, current two-year terms, an election whose nomination window is open, and two
// elected officials of member organizations (their accounts through accounts, their seats through
// organizations): Maria Santos (Town of Brookline) holds the Chair; Leon Tran (King County) is
// eligible and has not been nominated, for the demo's nomination journey.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { isoDay } from '../../lib/format.js';
import { seedUsers } from '../accounts/index.js';
import { seedContactDetails, seedContacts } from '../organizations/index.js';

export const DEMO_CHAIR_EMAIL = 'selectboard@example.org';
export const DEMO_ELIGIBLE_EMAIL = 'council.kingcounty@example.org';
export const DEMO_COMMITTEE_SLUG = 'northeast-executive';

const OFFICIALS = [
  { email: DEMO_CHAIR_EMAIL, name: 'Maria Santos', org: 'town-of-brookline-ma', title: 'Select Board Member', phone: '(617) 555-0119' },
  { email: DEMO_ELIGIBLE_EMAIL, name: 'Leon Tran', org: 'king-county-wa', title: 'County Council Member', phone: '(206) 555-0164' },
];

const SEATS = [
  { title: 'Chair', count: 1 },
  { title: 'Vice chair', count: 1 },
  { title: 'Member at large', count: 3 },
];

const shift = (now: Date, days: number) => isoDay(new Date(now.getTime() + days * 86_400_000));

export async function seedCommitteesDemo(trx: Transaction<DB>, now: Date, passwordHash: string): Promise<void> {
  const ids = await seedUsers(
    trx,
    OFFICIALS.map((o) => ({ email: o.email, name: o.name, roles: [] })),
    passwordHash,
  );
  const orgs = await trx
    .selectFrom('organizations')
    .select(['id', 'slug'])
    .where(
      'slug',
      'in',
      OFFICIALS.map((o) => o.org),
    )
    .execute();
  for (const o of OFFICIALS) {
    const organizationId = orgs.find((x) => x.slug === o.org)?.id;
    const userId = ids.get(o.email);
    if (!organizationId || !userId) continue;
    await seedContacts(trx, [{ organizationId, userId, role: 'contact' }]);
    await seedContactDetails(trx, organizationId, userId, { title: o.title, phone: o.phone, duties: ['elected'] });
  }

  const committee = await trx
    .insertInto('committees')
    .values({
      slug: DEMO_COMMITTEE_SLUG,
      name: 'Northeast Executive Committee',
      description: 'Sets the priorities of the network’s work in the northeastern states and speaks for its members there.',
      region: 'Northeast',
      reminder_days: 30,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const startsOn = shift(now, -365);
  const endsOn = shift(now, 365);
  for (const [i, s] of SEATS.entries()) {
    const seat = await trx
      .insertInto('committee_seats')
      .values({ committee_id: committee.id, title: s.title, seat_count: s.count, position: i + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const term = await trx.insertInto('committee_terms').values({ seat_id: seat.id, starts_on: startsOn, ends_on: endsOn }).returning('id').executeTakeFirstOrThrow();
    const chair = ids.get(DEMO_CHAIR_EMAIL);
    const brookline = orgs.find((x) => x.slug === 'town-of-brookline-ma')?.id ?? null;
    if (s.title === 'Chair' && chair) {
      await trx
        .insertInto('committee_holders')
        .values({ term_id: term.id, place: 1, user_id: chair, organization_id: brookline, method: 'appointed', status: 'holding', recorded_at: now, accepted_at: now })
        .execute();
    }
  }
  await trx
    .insertInto('committee_elections')
    .values({ committee_id: committee.id, title: `${now.getUTCFullYear()} by-election`, opens_on: shift(now, -7), closes_on: shift(now, 21) })
    .execute();
}
