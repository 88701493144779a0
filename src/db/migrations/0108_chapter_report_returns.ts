// Student chapters: membership staff send a yearly report back to the officers with a note (what
// to change) instead of only accepting it; the officers file it again, which clears the return.
// And a dormant chapter's officers ask membership staff to reactivate it from its page: the ask is
// kept on the chapter (when and by whom) until staff reactivate it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table chapter_reports
    add column returned_at timestamptz,
    add column returned_by uuid references users(id) on delete set null,
    add column return_note text not null default '' check (length(return_note) <= 2000)`.execute(db);
  await sql`alter table chapters
    add column reactivation_asked_at timestamptz,
    add column reactivation_asked_by uuid references users(id) on delete set null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table chapters drop column reactivation_asked_at, drop column reactivation_asked_by`.execute(db);
  await sql`alter table chapter_reports drop column returned_at, drop column returned_by, drop column return_note`.execute(db);
}
