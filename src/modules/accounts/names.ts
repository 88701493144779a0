// People's names by id, in one query (the audit log names the people its rows are about).
import type { Db } from '../../db/client.js';
import { foldedContains, likeEscape } from '../../lib/search-text.js';
import { isUuid } from '../../lib/validators.js';

/** id → name and email, for the ids that exist. */
export async function namesOfUsers(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
  const unique = [...new Set(ids)].filter((id) => isUuid(id));
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** Ids of people whose name or email contains the text (at most 200). */
export async function userIdsNamed(db: Db, text: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([foldedContains('name', text), eb('email', 'ilike', `%${likeEscape(text)}%`)]))
    .limit(200)
    .execute();
  return rows.map((r) => r.id);
}
