// Safe to deploy (issue 11), finding 8: dues schedule versions are drafts until staff publish them;
// a member profile has an audience of its own (who may open /people/:id at all); and a log of the
// mail the anonymous forms send, per recipient address, so that a limit per address holds across
// processes and client addresses.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // null: a draft, seen and quoted only by staff. Versions that exist now were public: published.
  await sql`alter table dues_schedules add column published_at timestamptz`.execute(db);
  await sql`update dues_schedules set published_at = created_at`.execute(db);

  // Who may see the profile page (photo, title, employer, education, expertise, bio, positions).
  // Until now the page said "what other members see": existing profiles keep to members.
  await sql`
    alter table member_profiles add column profile_visibility text not null default 'members'
      check (profile_visibility in ('everyone', 'members'))`.execute(db);

  // One row per message an anonymous form sent; the address only as a SHA-256 of its lowercase form.
  await sql`
    create table form_mail_log (
      id bigint generated always as identity primary key,
      form text not null,
      address_hash text not null,
      sent_at timestamptz not null
    )`.execute(db);
  await sql`create index form_mail_log_address on form_mail_log (address_hash, sent_at)`.execute(db);
  await sql`create index form_mail_log_sent_at on form_mail_log (sent_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table form_mail_log`.execute(db);
  await sql`alter table member_profiles drop column profile_visibility`.execute(db);
  await sql`alter table dues_schedules drop column published_at`.execute(db);
}
