// Demo data of advising: the demo advisor (Aisha Rahman, advisor@example.org) with a region over
// the Midwest, the Pacific states and New England, and a second advisor (Marcus Bell,
// advisor.south@example.org) covering every other state, the District of Columbia and the
// territories, so that every state has an advisor; weekday availability; and every active demo
// member assigned to the advisor of its state. Demo organizations get the time zone of their state.
// Aisha meets by video call at her meeting link; Marcus phones the member at the number it gives.
import type { Transaction } from 'kysely';
import type { DB, MeetingFormat } from '../../db/types.js';
import { STATE_CODES, timeZoneOfState } from '../../lib/us-states.js';
import { seedOrganizationDetails } from '../organizations/index.js';

export { timeZoneOfState };

export const DEMO_ADVISOR_EMAIL = 'advisor@example.org';
export const DEMO_SECOND_ADVISOR_EMAIL = 'advisor.south@example.org';
const REGION = ['IL', 'IN', 'IA', 'MI', 'MN', 'MO', 'OH', 'WI', 'WA', 'OR', 'CA', 'AK', 'HI', 'MA', 'CT', 'ME', 'NH', 'RI', 'VT', 'NY'];
/** Everything the first advisor does not cover (Arizona, Texas, North Carolina among them). */
const SECOND_REGION = STATE_CODES.filter((s) => !REGION.includes(s));

/** Days before now each demo member was assigned (Fairbanks long enough ago to need a reminder). */
const ASSIGNED_DAYS_AGO: Record<string, number> = { 'city-of-fairbanks-ak': 20 };

export async function seedAdvisingDemo(trx: Transaction<DB>, now = new Date()): Promise<void> {
  const orgs = await trx.selectFrom('organizations').select(['id', 'slug', 'state']).execute();
  for (const o of orgs) await seedOrganizationDetails(trx, o.id, { time_zone: timeZoneOfState(o.state) });

  const regions: Array<{ email: string; states: string[]; timeZone: string; phone: string; format: MeetingFormat; link: string }> = [
    {
      email: DEMO_ADVISOR_EMAIL,
      states: REGION,
      timeZone: 'America/Chicago',
      phone: '(312) 555-0187',
      format: 'video',
      link: 'https://meet.example.org/aisha-rahman',
    },
    { email: DEMO_SECOND_ADVISOR_EMAIL, states: SECOND_REGION, timeZone: 'America/New_York', phone: '(919) 555-0133', format: 'advisor_calls', link: '' },
  ];
  const advisorOf = new Map<string, string>();
  for (const r of regions) {
    const advisor = await trx.selectFrom('users').select('id').where('email', '=', r.email).executeTakeFirst();
    if (!advisor) continue;
    await trx
      .insertInto('advisor_profiles')
      .values({
        user_id: advisor.id,
        states: r.states,
        time_zone: r.timeZone,
        phone: r.phone,
        meeting_minutes: 45,
        active: true,
        updated_at: now,
        meeting_format: r.format,
        meeting_link: r.link,
      })
      .execute();
    const windows = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { advisor_user_id: advisor.id, weekday, start_minute: 9 * 60, end_minute: 12 * 60 },
      { advisor_user_id: advisor.id, weekday, start_minute: 13 * 60, end_minute: 16 * 60 },
    ]);
    await trx.insertInto('advisor_availability').values(windows).execute();
    for (const state of r.states) advisorOf.set(state, advisor.id);
  }

  const members = await trx
    .selectFrom('organizations as o')
    .innerJoin('memberships as m', 'm.organization_id', 'o.id')
    .select(['o.id', 'o.slug', 'o.state', 'm.id as membership_id'])
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .execute();
  const rows = members.flatMap((m) => {
    const advisorUserId = advisorOf.get(m.state);
    return advisorUserId
      ? [
          {
            organization_id: m.id,
            advisor_user_id: advisorUserId,
            membership_id: m.membership_id,
            assigned_at: new Date(now.getTime() - (ASSIGNED_DAYS_AGO[m.slug] ?? 2) * 86_400_000),
            method: 'automatic' as const,
          },
        ]
      : [];
  });
  if (rows.length) await trx.insertInto('advisor_assignments').values(rows).execute();
}
