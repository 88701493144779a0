// Changes the staff workspace makes: staff notes (its own table) and profile edits (through
// organizations' index.ts), each with its audit row in the same transaction. The audit row says a note was added, never what it says: audit rows
// reach other pages (the audit log) and notes are for the record page only.
import { sql } from 'kysely';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { isContactRequired, quoteDues } from '../dues/index.js';
import { updateOrganizationProfile } from '../organizations/index.js';

export async function addStaffNote(deps: Pick<Deps, 'db' | 'clock'>, input: { organizationId: string; body: string; actorUserId: string; requestId?: string }): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organizations').select('id').where('id', '=', input.organizationId).executeTakeFirst();
    if (!org) throw new AppError('not_found');
    const at = deps.clock.now();
    const note = await trx
      .insertInto('staff_notes')
      .values({ organization_id: org.id, author_user_id: input.actorUserId, body: input.body, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at,
      actorUserId: input.actorUserId,
      action: 'records.note_added',
      entityType: 'organization',
      entityId: org.id,
      after: { noteId: note.id, length: input.body.length },
      requestId: input.requestId,
    });
    return note.id;
  });
}

export interface ProfileInput {
  population: number;
  populationSource: string;
  populationYear: number;
  website: string;
  billingAddress: string;
}

/** What a population change does to the next term's dues: the quotes before and after, on the
 * day the next term starts (null when either cannot be quoted: a region, no schedule). */
export interface DuesChange {
  on: string;
  beforeCents: number;
  afterCents: number;
}

/** Staff edit an organization's profile, through organizations' `updateOrganizationProfile`,
 * audited in the same transaction with the values before and after. */
export async function editOrganizationProfile(
  deps: Pick<Deps, 'db' | 'clock' | 'association'>,
  input: ProfileInput & { organizationId: string; actorUserId: string; requestId?: string },
): Promise<{ populationBefore: number | null; dues: DuesChange | null }> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const { before, after } = await updateOrganizationProfile(trx, input);
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => before[k] !== after[k]);
    if (changed.length)
      await writeAudit(trx, {
        at: deps.clock.now(),
        actorUserId: input.actorUserId,
        action: 'organizations.profile_updated',
        entityType: 'organization',
        entityId: input.organizationId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
        requestId: input.requestId,
      });
    return before;
  });
  return { populationBefore: result.population, dues: await duesChange(deps, input.organizationId, result.population, input.population) };
}

async function duesChange(deps: Pick<Deps, 'db' | 'clock' | 'association'>, organizationId: string, from: number | null, to: number): Promise<DuesChange | null> {
  if (from === null || from === to) return null;
  const org = await deps.db.selectFrom('organizations').select('entity_type').where('id', '=', organizationId).executeTakeFirstOrThrow();
  const term = await deps.db
    .selectFrom('memberships')
    .select(sql<string>`(term_end + 1)::text`.as('next'))
    .where('organization_id', '=', organizationId)
    .where('status', 'in', ['active', 'lapsed'])
    .where('term_end', 'is not', null)
    .orderBy('term_end', 'desc')
    .executeTakeFirst();
  const on = term?.next ?? (await todayIn(deps));
  try {
    const [a, b] = await Promise.all([
      quoteDues(deps, { entityType: org.entity_type, population: from, on }),
      quoteDues(deps, { entityType: org.entity_type, population: to, on }),
    ]);
    if (isContactRequired(a) || isContactRequired(b)) return null;
    return { on, beforeCents: a.amountCents, afterCents: b.amountCents };
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}
