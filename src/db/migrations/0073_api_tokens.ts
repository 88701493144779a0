// API tokens (issue 21, P7): personal tokens (any signed-in person) and service tokens (staff
// admins), each with scopes, an expiry, the last time it was used and its revocation. Only the
// SHA-256 of a token is kept; the token itself is shown once, when it is made.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table api_tokens (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('personal', 'service')),
    name text not null check (length(btrim(name)) between 1 and 100),
    user_id uuid not null references users(id) on delete cascade,
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    token_prefix text not null check (length(token_prefix) between 4 and 20),
    scopes text[] not null check (cardinality(scopes) between 1 and 200),
    created_at timestamptz not null,
    expires_at timestamptz not null check (expires_at > created_at),
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_by uuid references users(id) on delete set null
  )`.execute(db);
  await sql`create index api_tokens_user on api_tokens (user_id, created_at desc)`.execute(db);
  await sql`create index api_tokens_service on api_tokens (created_at desc) where kind = 'service'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists api_tokens`.execute(db);
}
