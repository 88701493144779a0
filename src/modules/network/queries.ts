// What the network profile reads of organizations' tables (organizations: shared, read-only) and
// of pathways (through its index).
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { pathwaysOfOrganizations } from '../pathways/index.js';
import { isCurrentMember } from './service.js';

export interface Profile {
  id: string;
  name: string;
  listed: boolean;
  /** a current member (an active membership): only then is a listed organization shown by name */
  member: boolean;
  website: string;
  timeZone: string;
  pathwayIds: string[];
}

/** The organization's network profile: listing, website, time zone and chosen pathways. */
export async function loadProfile(deps: { db: Db }, organizationId: string): Promise<Profile> {
  const org = await deps.db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.listed', 'o.website', 'o.time_zone'])
    .select((eb) => isCurrentMember(eb).as('member'))
    .where('o.id', '=', organizationId)
    .executeTakeFirst();
  if (!org) throw new AppError('not_found');
  const chosen = await pathwaysOfOrganizations(deps.db, [org.id]);
  const { time_zone, member, ...rest } = org;
  return { ...rest, member: Boolean(member), timeZone: time_zone, pathwayIds: (chosen.get(org.id) ?? []).map((p) => p.id) };
}

/** These organizations' ids and names, by name (none when fewer than two: nothing to switch between). */
export async function organizationsToSwitch(db: Db, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length < 2) return [];
  return db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}
