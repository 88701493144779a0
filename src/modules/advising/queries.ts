// Reads of the advising pages that are not about advising's own tables' rules: the organization a
// page is about (organizations' shared, read-only table) and an advisor's own settings.
import type { Executor } from './service.js';

/** The organization an advising page is about, with its time zone; undefined when there is none. */
export function organizationForAdvising(db: Executor, organizationId: string) {
  return db.selectFrom('organizations').select(['id', 'name', 'state', 'time_zone']).where('id', '=', organizationId).executeTakeFirst();
}

/** The association's contact address (settings' `association`, read-only), for members waiting for an advisor. */
export async function associationContactEmail(db: Executor): Promise<string> {
  return (await db.selectFrom('association').select('contact_email').where('id', '=', 1).executeTakeFirst())?.contact_email ?? '';
}

/** An advisor's own settings: time zone, meeting length, and whether they take new meetings. */
export function advisorSettings(db: Executor, userId: string) {
  return db.selectFrom('advisor_profiles').select(['time_zone as timeZone', 'meeting_minutes as meetingMinutes', 'active']).where('user_id', '=', userId).executeTakeFirst();
}
