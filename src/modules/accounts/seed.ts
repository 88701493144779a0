// Demo and generated data of accounts: the only place seeds write users and their roles. The
// demo seed calls the transactional functions inside its one transaction; `civnet seed --scale`
// loads its rows with the bulk ones.
import type { Transaction } from 'kysely';
import { type BulkColumn, type InsertOptions, insertRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';
import type { DB, GlobalRole } from '../../db/types.js';

export interface DemoUser {
  email: string;
  name: string;
  roles: GlobalRole[];
}

/** Verified accounts with the given password hash and roles; returns their ids by email. */
export async function seedUsers(trx: Transaction<DB>, users: DemoUser[], passwordHash: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const u of users) {
    const row = await trx
      .insertInto('users')
      .values({
        email: u.email,
        name: u.name,
        password_hash: passwordHash,
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_counter: null,
        password_changed_at: new Date(),
        disabled_at: null,
        email_verified_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(u.email, row.id);
    if (u.roles.length)
      await trx
        .insertInto('user_roles')
        .values(u.roles.map((role) => ({ user_id: row.id, role })))
        .execute();
  }
  return ids;
}

/** Gives the account the role unless it has it already. */
export async function seedRole(trx: Transaction<DB>, userId: string, role: GlobalRole): Promise<void> {
  await trx
    .insertInto('user_roles')
    .values({ user_id: userId, role })
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Bulk loading (`civnet seed --scale`): accounts without a password, signing in by email link.
// Timestamps are ISO strings.

export interface BulkUser {
  id: string;
  email: string;
  name: string;
  password_changed_at: string;
  created_at: string;
}

/** `opts.withoutTriggers`: row triggers of users the caller does the work of (db/bulk.ts). The
 * directory's lexicon trigger stands aside by itself under `civnet.bulk_load` (0044). */
export async function bulkInsertUsers(database: Database, rows: BulkUser[], batch: number, opts: InsertOptions = {}): Promise<void> {
  const columns: Array<BulkColumn<BulkUser>> = [
    ['id', 'uuid'],
    ['email', 'text'],
    ['name', 'text'],
    ['password_changed_at', 'timestamptz'],
    ['created_at', 'timestamptz'],
  ];
  await insertRows(database, 'users', columns, rows, batch, opts);
}

/** Gives every one of the accounts the role (none of them may have it yet). */
export async function bulkGrantRole(database: Database, userIds: string[], role: GlobalRole, batch: number): Promise<void> {
  const columns: Array<BulkColumn<{ user_id: string; role: GlobalRole }>> = [
    ['user_id', 'uuid'],
    ['role', 'text'],
  ];
  await insertRows(
    database,
    'user_roles',
    columns,
    userIds.map((user_id) => ({ user_id, role })),
    batch,
    { withoutTriggers: [PRIVILEGE_TRIGGERS.user_roles] },
  );
  await bumpSignedInPrivileges(database, userIds);
}

/** The insert triggers (0018, once per statement since 0084) that bump `users.privileges_version`
 * when a person gets a role or a seat, so that their sessions re-read them. A bulk load leaves them
 * out (an update of every loaded account would double the load of a million accounts) and calls
 * `bumpSignedInPrivileges` instead. */
export const PRIVILEGE_TRIGGERS = { user_roles: 'user_roles_privileges_insert', organization_contacts: 'organization_contacts_privileges_insert' } as const;

/** What the privilege triggers do, set-based, for the accounts that have a session (an account
 * without one has nothing to re-read: its next session reads its roles then). */
export async function bumpSignedInPrivileges(database: Database, userIds: readonly string[]): Promise<void> {
  await database.executor.executeSql('update users set privileges_version = privileges_version + 1 where id = any($1::uuid[]) and id in (select user_id from sessions)', [userIds]);
}
