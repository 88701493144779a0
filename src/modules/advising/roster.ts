// The advisors' roster: every staff member with the advisor role, their profile (states covered,
// time zone, phone, meeting length, active) and current load, the member organizations nobody
// advises, and saving a profile (membership staff), audited.
import { sql } from 'kysely';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import type { Executor } from './service.js';

export interface AdvisorSummary {
  userId: string;
  name: string;
  email: string;
  hasProfile: boolean;
  states: string[];
  timeZone: string;
  phone: string;
  meetingMinutes: number;
  active: boolean;
  load: number;
}

/** Every staff member with the advisor role, with their profile (if any) and current load. */
export async function listAdvisors(db: Executor): Promise<AdvisorSummary[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'advisor'))
    .leftJoin('advisor_profiles as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'p.user_id as profile_id',
      'p.states',
      'p.time_zone',
      'p.phone',
      'p.meeting_minutes',
      'p.active',
      sql<number>`(select count(*)::int from advisor_assignments a where a.advisor_user_id = u.id and a.ended_at is null)`.as('load'),
    ])
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    hasProfile: r.profile_id !== null,
    states: (r.states ?? []).map((s) => s.trim()).sort(),
    timeZone: r.time_zone ?? 'America/New_York',
    phone: r.phone ?? '',
    meetingMinutes: r.meeting_minutes ?? 45,
    active: r.active ?? false,
    load: r.load,
  }));
}

/** Member organizations (an active membership) with no current advisor. */
export async function unassignedOrganizations(db: Executor): Promise<Array<{ id: string; name: string; state: string }>> {
  return db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.state'])
    .where((eb) => eb.exists(eb.selectFrom('memberships as m').select(sql`1`.as('one')).whereRef('m.organization_id', '=', 'o.id').where('m.status', '=', 'active')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('advisor_assignments as a').select(sql`1`.as('one')).whereRef('a.organization_id', '=', 'o.id').where('a.ended_at', 'is', null))))
    .orderBy('o.state')
    .orderBy('o.name')
    .limit(500)
    .execute();
}

export interface ProfileInput {
  states: string[];
  timeZone: string;
  phone: string;
  meetingMinutes: number;
  active: boolean;
}

/** Creates or updates an advisor's profile (membership staff), audited. */
export async function saveAdvisorProfile(deps: Pick<Deps, 'db' | 'clock'>, input: ProfileInput & { userId: string; actorUserId: string; requestId?: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const isAdvisor = await trx.selectFrom('user_roles').select('user_id').where('user_id', '=', input.userId).where('role', '=', 'advisor').executeTakeFirst();
    if (!isAdvisor) throw new AppError('not_found', { message: 'There is no such advisor.' });
    const before = await trx
      .selectFrom('advisor_profiles')
      .select(['states', 'time_zone', 'phone', 'meeting_minutes', 'active'])
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    const values = { states: input.states, time_zone: input.timeZone, phone: input.phone, meeting_minutes: input.meetingMinutes, active: input.active, updated_at: now };
    await trx
      .insertInto('advisor_profiles')
      .values({ user_id: input.userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'advising.profile_saved',
      entityType: 'user',
      entityId: input.userId,
      before: before ?? null,
      after: { states: input.states, time_zone: input.timeZone, phone: input.phone, meeting_minutes: input.meetingMinutes, active: input.active },
      requestId: input.requestId,
    });
  });
}
