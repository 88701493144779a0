// technical assistance (O12): see src/modules/assistance/README.md. Requests from member
// organizations to their advisor, a thread of messages, and attachments kept in the database.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assistance_requests (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations(id) on delete cascade,
      pathway_id uuid references pathways(id),
      subject text not null check (length(subject) between 1 and 200),
      description text not null check (length(description) between 1 and 10000),
      desired_on date,
      status text not null default 'open' check (status in ('open','in_progress','waiting_on_member','resolved','closed')),
      advisor_user_id uuid references users(id),
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      resolved_at timestamptz,
      closed_at timestamptz
    )`.execute(db);
  await sql`create index assistance_requests_org_idx on assistance_requests(organization_id, created_at desc)`.execute(db);
  await sql`create index assistance_requests_queue_idx on assistance_requests(advisor_user_id, status, created_at)`.execute(db);
  await sql`
    create table assistance_messages (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references assistance_requests(id) on delete cascade,
      -- insertion order: several rows can share a timestamp (one transaction, or a test clock)
      seq bigint generated always as identity,
      author_user_id uuid not null references users(id),
      body text not null check (length(body) between 1 and 10000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index assistance_messages_request_idx on assistance_messages(request_id, seq)`.execute(db);
  await sql`
    create table assistance_attachments (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references assistance_requests(id) on delete cascade,
      message_id uuid references assistance_messages(id) on delete cascade,
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes between 1 and 10485760),
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid not null references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index assistance_attachments_request_idx on assistance_attachments(request_id)`.execute(db);
  // The request's history, shown to both sides: every status change and (re)assignment.
  await sql`
    create table assistance_events (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references assistance_requests(id) on delete cascade,
      seq bigint generated always as identity,
      actor_user_id uuid references users(id),
      kind text not null check (kind in ('filed','status','assigned')),
      from_status text,
      to_status text,
      advisor_user_id uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index assistance_events_request_idx on assistance_events(request_id, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['assistance_events', 'assistance_attachments', 'assistance_messages', 'assistance_requests']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
