// Individual members from another system's file (issue 21, P5): the imports module checks the rows
// and finds or makes each person's account; this writes their memberships, one statement a batch.
// A membership whose term has not ended is active (the person gets the member role, as when dues
// are paid), one whose term ended is lapsed. Eligibility counts as checked by the old system
// (`not_needed`); the dues given are kept as the quoted amount.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

export interface ImportedIndividualMembership {
  userId: string;
  levelId: string;
  termStart: string;
  termEnd: string;
  status: 'active' | 'lapsed';
  quotedCents: number;
}

/** The levels by slug and by name (lower-cased), archived ones too: a file may name either. */
export async function levelsForImport(db: Pick<Transaction<DB>, 'selectFrom'>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('member_levels').select(['id', 'slug', 'name']).execute();
  const out = new Map<string, string>();
  for (const l of rows) {
    out.set(l.slug.toLowerCase(), l.id);
    out.set(l.name.toLowerCase(), l.id);
  }
  return out;
}

/** People among these accounts with an open membership (pending, active or lapsed) other than the ones given. */
export async function accountsWithOpenMembership(db: Pick<Transaction<DB>, 'selectFrom'>, userIds: string[], except: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  let q = db.selectFrom('individual_memberships').select('user_id').where('user_id', 'in', userIds).where('status', 'in', ['pending', 'active', 'lapsed']);
  if (except.length) q = q.where('id', 'not in', except);
  return new Set((await q.execute()).map((r) => r.user_id));
}

/** Inserts the memberships; gives their ids in the same order. */
export async function insertImportedIndividualMemberships(trx: Transaction<DB>, rows: ImportedIndividualMembership[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('individual_memberships')
    .values(
      rows.map((m) => ({
        user_id: m.userId,
        level_id: m.levelId,
        status: m.status,
        term_start: m.termStart,
        term_end: m.termEnd,
        quoted_cents: m.quotedCents,
        answers: '{}',
        verification: 'not_needed' as const,
        activated_at: now,
        lapsed_at: m.status === 'lapsed' ? now : null,
      })),
    )
    .returning(['id', 'user_id'])
    .execute();
  const byUser = new Map(inserted.map((r) => [r.user_id, r.id]));
  return rows.map((m) => byUser.get(m.userId) as string);
}

/** Sets the file's values on memberships imported before (by id), one statement for the batch. */
export async function updateImportedIndividualMemberships(trx: Transaction<DB>, rows: Array<ImportedIndividualMembership & { id: string }>, now: Date): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map((m) => sql`(${m.id}::uuid, ${m.userId}::uuid, ${m.levelId}::uuid, ${m.status}, ${m.termStart}::date, ${m.termEnd}::date, ${m.quotedCents}::int8)`),
  );
  await sql`update individual_memberships m set user_id = v.user_id, level_id = v.level_id, status = v.status, term_start = v.term_start,
      term_end = v.term_end, quoted_cents = v.quoted_cents,
      lapsed_at = case when v.status = 'lapsed' then coalesce(m.lapsed_at, ${now}::timestamptz) else null end
    from (values ${values}) as v(id, user_id, level_id, status, term_start, term_end, quoted_cents)
    where m.id = v.id`.execute(trx);
}
