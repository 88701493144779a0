// People's names by id, in one query (the audit log names the people its rows are about).
import type { Db } from '../../db/client.js';

/** id → name and email, for the ids that exist. */
export async function namesOfUsers(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}
