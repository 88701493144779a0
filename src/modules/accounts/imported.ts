// People from another system's file (issue 21, P5): the imports module checks the rows; this finds
// each person's account by email or makes one (unverified, no password: they sign in by a link
// sent to the address), many rows a statement, inside the import's transaction. An account that
// exists keeps its name.
import { sql, type Transaction } from 'kysely';
import type { DB, GlobalRole } from '../../db/types.js';

export interface ImportedPerson {
  email: string;
  name: string;
}

/** The account of each person (by email, as citext compares it), made when there is none; ids in the same order. */
export async function findOrCreateImportedAccounts(trx: Transaction<DB>, people: ImportedPerson[], now: Date): Promise<string[]> {
  if (people.length === 0) return [];
  const byEmail = new Map<string, ImportedPerson>();
  for (const p of people) if (!byEmail.has(p.email.toLowerCase())) byEmail.set(p.email.toLowerCase(), p);
  const unique = [...byEmail.values()];
  await trx
    .insertInto('users')
    .values(
      unique.map((p) => ({
        email: p.email,
        name: p.name || p.email,
        password_hash: null,
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_counter: null,
        password_changed_at: now,
        disabled_at: null,
        email_verified_at: null,
      })),
    )
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const found = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      'email',
      'in',
      unique.map((p) => p.email),
    )
    .execute();
  const ids = new Map(found.map((u) => [u.email.toLowerCase(), u.id]));
  return people.map((p) => {
    const id = ids.get(p.email.toLowerCase());
    if (!id) throw new Error(`no account for ${p.email} after the insert`);
    return id;
  });
}

/** The accounts of these email addresses that exist (lower-cased email → id). */
export async function accountsByEmail(db: Pick<Transaction<DB>, 'selectFrom'>, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
  return new Map(rows.map((u) => [u.email.toLowerCase(), u.id]));
}

/** Gives many people a global role in one statement; nothing changes for those who hold it. */
export async function grantRoleToMany(trx: Transaction<DB>, userIds: string[], role: GlobalRole): Promise<void> {
  if (userIds.length === 0) return;
  await sql`insert into user_roles (user_id, role) select u, ${role} from unnest(${userIds}::uuid[]) as u on conflict (user_id, role) do nothing`.execute(trx);
}
