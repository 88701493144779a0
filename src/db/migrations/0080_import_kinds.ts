// Import (issue 21, P5), more kinds: contacts and individual members besides organizations. The
// kind check of the three import tables widens; an upload also records its kind's progress while
// it imports in the background (rows done, and the failure when it ended in one).
import { type Kysely, sql } from 'kysely';

const KINDS = `'organizations', 'contacts', 'individuals'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of ['import_mappings', 'import_uploads', 'import_keys']) {
    await sql.raw(`alter table ${t} drop constraint ${t}_kind_check`).execute(db);
    await sql.raw(`alter table ${t} add constraint ${t}_kind_check check (kind in (${KINDS}))`).execute(db);
  }
  await sql`alter table import_uploads
    add column started_at timestamptz,
    add column rows_done integer,
    add column failure text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_uploads drop column failure, drop column rows_done, drop column started_at`.execute(db);
  for (const t of ['import_mappings', 'import_uploads', 'import_keys']) {
    await sql.raw(`alter table ${t} drop constraint ${t}_kind_check`).execute(db);
    await sql.raw(`alter table ${t} add constraint ${t}_kind_check check (kind in ('organizations'))`).execute(db);
  }
}
