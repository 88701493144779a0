// Demo data of advising: the demo advisor (Aisha Rahman, advisor@example.org) with a region over
// the Midwest, the Pacific states and New England, weekday availability in Chicago time, and the
// active demo members in her region assigned to her (Texas and North Carolina stay unassigned, so
// the staff list of organizations without an advisor has something in it). Demo organizations
// get the time zone of their state.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { timeZoneOfState } from '../../lib/us-states.js';
import { seedOrganizationDetails } from '../organizations/index.js';

export { timeZoneOfState };

export const DEMO_ADVISOR_EMAIL = 'advisor@example.org';
const REGION = ['IL', 'IN', 'IA', 'MI', 'MN', 'MO', 'OH', 'WI', 'WA', 'OR', 'CA', 'AK', 'HI', 'MA', 'CT', 'ME', 'NH', 'RI', 'VT', 'NY'];

/** Days before now each demo member was assigned (Fairbanks long enough ago to need a reminder). */
const ASSIGNED_DAYS_AGO: Record<string, number> = { 'city-of-fairbanks-ak': 20 };

export async function seedAdvisingDemo(trx: Transaction<DB>, now = new Date()): Promise<void> {
  const orgs = await trx.selectFrom('organizations').select(['id', 'slug', 'state']).execute();
  for (const o of orgs) await seedOrganizationDetails(trx, o.id, { time_zone: timeZoneOfState(o.state) });

  const advisor = await trx.selectFrom('users').select('id').where('email', '=', DEMO_ADVISOR_EMAIL).executeTakeFirst();
  if (!advisor) return;
  await trx
    .insertInto('advisor_profiles')
    .values({ user_id: advisor.id, states: REGION, time_zone: 'America/Chicago', phone: '(312) 555-0187', meeting_minutes: 45, active: true, updated_at: now })
    .execute();
  const windows = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { advisor_user_id: advisor.id, weekday, start_minute: 9 * 60, end_minute: 12 * 60 },
    { advisor_user_id: advisor.id, weekday, start_minute: 13 * 60, end_minute: 16 * 60 },
  ]);
  await trx.insertInto('advisor_availability').values(windows).execute();

  const members = await trx
    .selectFrom('organizations as o')
    .innerJoin('memberships as m', 'm.organization_id', 'o.id')
    .select(['o.id', 'o.slug', 'o.state', 'm.id as membership_id'])
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .execute();
  const rows = members
    .filter((m) => REGION.includes(m.state))
    .map((m) => ({
      organization_id: m.id,
      advisor_user_id: advisor.id,
      membership_id: m.membership_id,
      assigned_at: new Date(now.getTime() - (ASSIGNED_DAYS_AGO[m.slug] ?? 2) * 86_400_000),
      method: 'automatic' as const,
    }));
  if (rows.length) await trx.insertInto('advisor_assignments').values(rows).execute();
}
