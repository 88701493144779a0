// Who counts as a member for an event's prices and members-only events: a person with an active
// individual membership (the `member` role, which individuals grants and revokes), or a contact of
// an organization whose membership is active. Read-only (user_roles, organization_contacts,
// organizations are shared reads).
import type { Db } from '../../db/client.js';
import type { Trx } from './service.js';

export async function countsAsMember(db: Db | Trx, userId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('user_roles').select('user_id').where('user_id', '=', userId).where('role', '=', 'member')).as('individual'),
      eb
        .exists(
          eb
            .selectFrom('organization_contacts as c')
            .innerJoin('organizations as o', 'o.id', 'c.organization_id')
            .select('c.user_id')
            .where('c.user_id', '=', userId)
            .where('o.status', '=', 'active')
            .where('o.merged_into_id', 'is', null),
        )
        .as('organization'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.individual) || Boolean(row.organization);
}

/** Whether the organization's membership is active (an admin's group registration at member prices). */
export async function organizationIsMember(db: Db | Trx, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .where('status', '=', 'active')
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
  return !!row;
}
