// Association profile (P8): read by every page, changed by staff admins, audited.
import { z } from 'zod';
import type { Association } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { US_TIME_ZONE_IDS } from '../../lib/us-states.js';

export const associationProfile = z
  .object({
    name: z.string().trim().min(2, 'Enter the association’s name.').max(200, 'Use at most 200 characters.'),
    short_name: z.string().trim().min(1, 'Enter a short name.').max(40, 'Use at most 40 characters.'),
    contact_email: z.string().trim().email('Enter an email address like info@example.org.').max(254),
    phone: z.string().trim().max(40, 'Use at most 40 characters.').default(''),
    address: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
    website: z.union([z.literal(''), z.url('Enter a full address starting with https://.').max(300)]).default(''),
    founded_year: z.coerce.number({ error: 'Enter a year.' }).int('Enter a whole year.').min(1800, 'Enter a year after 1800.').max(2200, 'Enter a year before 2200.'),
    membership_year_start_month: z.coerce.number({ error: 'Choose a month.' }).int().min(1, 'Choose a month.').max(12, 'Choose a month.'),
    // Left out, the terms keep running as they do (the API's clients before 0024 do not send it).
    term_model: z.enum(['anniversary', 'calendar'], { error: 'Choose how membership terms run.' }).optional(),
    // Left out, the time zone stays as it is (clients before 0028).
    time_zone: z.enum(US_TIME_ZONE_IDS, { error: 'Choose a time zone from the list.' }).optional(),
  })
  .strict();

const PROFILE_FIELDS = [
  'name',
  'short_name',
  'contact_email',
  'phone',
  'address',
  'website',
  'founded_year',
  'membership_year_start_month',
  'term_model',
  'time_zone',
] as const satisfies ReadonlyArray<keyof Association>;

export type AssociationProfile = z.output<typeof associationProfile>;

/** Whether the association's profile was saved (a fresh deployment has none until its first save). */
export async function associationSaved(db: Pick<Deps, 'db'>['db']): Promise<boolean> {
  return !!(await db.selectFrom('association').select('id').where('id', '=', 1).executeTakeFirst());
}

export async function getAssociation(deps: Pick<Deps, 'association'>): Promise<Association> {
  return deps.association.get();
}

export async function updateAssociationProfile(
  deps: Pick<Deps, 'db' | 'clock' | 'association' | 'jobs'>,
  input: { actorUserId: string; profile: AssociationProfile; requestId?: string },
): Promise<Association> {
  const now = deps.clock.now();
  let zoneBefore: string | undefined;
  const updated = await deps.db.transaction().execute(async (trx) => {
    // A production deployment starts without demo data: its first save creates the profile.
    const before = await trx.selectFrom('association').selectAll().where('id', '=', 1).forUpdate().executeTakeFirst();
    zoneBefore = before?.time_zone;
    const after = before
      ? await trx
          .updateTable('association')
          .set({ ...input.profile, updated_at: now })
          .where('id', '=', 1)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('association')
          .values({ id: 1, ...input.profile, updated_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
    // The profile's fields only: the remittance details are audited by their own form, masked.
    const profileOf = (r: Association | undefined) => (r ? Object.fromEntries(PROFILE_FIELDS.map((f) => [f, r[f]])) : {});
    const beforeFields = profileOf(before);
    const afterFields = profileOf(after);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'settings.association_updated',
      entityType: 'association',
      entityId: '1',
      before: beforeFields,
      after: afterFields,
      requestId: input.requestId,
    });
    return after;
  });
  deps.association.invalidate();
  // The daily work (renewal runs, reminders, digests) keeps its hour in the new zone. After the
  // commit: the schedules are written on a connection of their own (PGlite has one).
  if (updated.time_zone !== zoneBefore) await deps.jobs.rezone(updated.time_zone);
  return updated;
}
