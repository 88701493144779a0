// Import (issue 21, P5): past memberships (terms) of imported organizations, a fourth kind.
import { type Kysely, sql } from 'kysely';

const set = async (db: Kysely<unknown>, kinds: string) => {
  for (const t of ['import_mappings', 'import_uploads', 'import_keys']) {
    await sql.raw(`alter table ${t} drop constraint ${t}_kind_check`).execute(db);
    await sql.raw(`alter table ${t} add constraint ${t}_kind_check check (kind in (${kinds}))`).execute(db);
  }
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await set(db, `'organizations', 'contacts', 'individuals', 'terms'`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await set(db, `'organizations', 'contacts', 'individuals'`);
}
