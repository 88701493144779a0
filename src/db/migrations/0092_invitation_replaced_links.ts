// An invitation's earlier links: sending an invitation again (or inviting the same address again)
// gives it a new link and the old one stops working, as before; but whoever opened an older email
// was told "We could not find this invitation. The link may be incomplete", which sent them looking
// for a fault that was not there. Each invitation now keeps the digests of its last ten replaced
// links (a trigger, whatever path replaces the link), so that page can say the link was replaced by
// a newer email and when that was sent. The replaced links still accept nothing.
import { type Kysely, sql } from 'kysely';

const TABLES = ['seat_invitations', 'staff_invitations'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function invitation_keep_replaced_link() returns trigger language plpgsql as $$
    begin
      if new.token_hash is distinct from old.token_hash then
        new.replaced_token_hashes := (old.replaced_token_hashes || old.token_hash)[greatest(1, cardinality(old.replaced_token_hashes) - 8):];
      end if;
      return new;
    end $$`.execute(db);
  for (const t of TABLES) {
    await sql.raw(`alter table ${t} add column replaced_token_hashes text[] not null default '{}' check (cardinality(replaced_token_hashes) <= 10)`).execute(db);
    await sql.raw(`create index ${t}_replaced_links on ${t} using gin (replaced_token_hashes)`).execute(db);
    await sql.raw(`create trigger ${t}_replaced_link before update of token_hash on ${t} for each row execute function invitation_keep_replaced_link()`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    await sql.raw(`drop trigger ${t}_replaced_link on ${t}`).execute(db);
    await sql.raw(`alter table ${t} drop column replaced_token_hashes`).execute(db);
  }
  await sql`drop function invitation_keep_replaced_link()`.execute(db);
}
