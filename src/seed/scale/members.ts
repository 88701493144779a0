// Every generated person an individual member with a directory profile: the `member` role
// (accounts), an active membership at the 'manager' level for the current calendar year
// (individuals) and a profile at their organization (directory, with its own random stream).
import type { Database } from '../../db/client.js';
import { bulkGrantRole } from '../../modules/accounts/index.js';
import { type ScalePerson, seedScaleDirectory } from '../../modules/directory/index.js';
import { bulkInsertIndividualMemberships, seedScaleLevel } from '../../modules/individuals/index.js';

/** Loads the members' roles, memberships and profiles; returns how many people became members. */
export async function seedScaleMembers(database: Database, people: ScalePerson[], opts: { seed: number; today: string; batch: number }): Promise<number> {
  const levelId = await seedScaleLevel(database);
  const termStart = `${opts.today.slice(0, 4)}-01-01`;
  const termEnd = `${opts.today.slice(0, 4)}-12-31`;
  const userIds = people.map((p) => p.userId);
  await bulkGrantRole(database, userIds, 'member', opts.batch);
  await bulkInsertIndividualMemberships(
    database,
    userIds.map((user_id) => ({
      user_id,
      level_id: levelId,
      status: 'active',
      term_start: termStart,
      term_end: termEnd,
      quoted_cents: 120_000,
      activated_at: `${termStart}T12:00:00Z`,
    })),
    opts.batch,
  );
  const n = await seedScaleDirectory(database, people, { seed: opts.seed, batch: opts.batch });
  await database.executor.executeSql('vacuum (analyze) user_roles, individual_memberships, member_levels');
  return n;
}
