// Partners (issue 20, R1–R2): the association's relationships with other organizations (strategic
// alliances, partnerships, branches, professionals' chapters) through their lifecycle, their
// agreement and its file, a partnership's deliverables, contacts, notes and timeline; and the
// inquiries of outside organizations waiting for their email to be confirmed.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table partner_relationships (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('alliance', 'partnership', 'branch', 'chapter')),
    organization_id uuid references organizations(id),
    partner_name text not null check (length(btrim(partner_name)) between 1 and 200),
    purpose text not null default '' check (length(purpose) <= 4000),
    status text not null default 'inquiry' check (status in ('inquiry', 'discussion', 'drafted', 'active', 'renewal_due', 'ended')),
    status_changed_at timestamptz not null,
    city text not null default '' check (length(city) <= 100),
    state text check (state is null or state ~ '^[A-Z]{2}$'),
    latitude double precision check (latitude is null or latitude between -90 and 90),
    longitude double precision check (longitude is null or longitude between -180 and 180),
    check ((latitude is null) = (longitude is null)),
    listed boolean not null default true,
    agreement_start date,
    agreement_end date check (agreement_end is null or agreement_start is null or agreement_end >= agreement_start),
    agreement_scope text not null default '' check (length(agreement_scope) <= 4000),
    project text not null default '' check (length(project) <= 300),
    amount_cents bigint check (amount_cents is null or amount_cents between 0 and 100000000000),
    inquirer_name text,
    inquirer_email text,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index partner_relationships_status on partner_relationships (status, kind)`.execute(db);
  await sql`create table partner_agreement_files (
    relationship_id uuid primary key references partner_relationships(id) on delete cascade,
    filename text not null,
    content_type text not null,
    size_bytes integer not null check (size_bytes > 0),
    content bytea not null,
    uploaded_at timestamptz not null,
    uploaded_by uuid references users(id)
  )`.execute(db);
  await sql`create table partner_contacts (
    id uuid primary key default gen_random_uuid(),
    relationship_id uuid not null references partner_relationships(id) on delete cascade,
    name text not null check (length(btrim(name)) between 1 and 200),
    email text not null default '' check (length(email) <= 254),
    phone text not null default '' check (length(phone) <= 50),
    role text not null default '' check (length(role) <= 200),
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index partner_contacts_relationship on partner_contacts (relationship_id)`.execute(db);
  await sql`create table partner_deliverables (
    id uuid primary key default gen_random_uuid(),
    relationship_id uuid not null references partner_relationships(id) on delete cascade,
    title text not null check (length(btrim(title)) between 1 and 300),
    due_on date not null,
    done_at timestamptz,
    reminded_at timestamptz,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index partner_deliverables_due on partner_deliverables (due_on) where done_at is null and reminded_at is null`.execute(db);
  // The timeline: each status change (with its reason), note, agreement change, deliverable and reminder.
  await sql`create table partner_events (
    id uuid primary key default gen_random_uuid(),
    relationship_id uuid not null references partner_relationships(id) on delete cascade,
    at timestamptz not null,
    kind text not null check (kind in ('created', 'status', 'note', 'agreement', 'deliverable', 'contact', 'reminder', 'details')),
    from_status text,
    to_status text,
    text text not null default '' check (length(text) <= 4000),
    actor_user_id uuid references users(id)
  )`.execute(db);
  await sql`create index partner_events_relationship on partner_events (relationship_id, at)`.execute(db);
  // An inquiry waits here until its email address is confirmed (the link's token, kept hashed).
  await sql`create table partner_inquiries_pending (
    id uuid primary key default gen_random_uuid(),
    token_hash text not null unique,
    organization text not null,
    kind text not null check (kind in ('alliance', 'partnership', 'branch', 'chapter')),
    purpose text not null,
    contact_name text not null,
    email text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    relationship_id uuid references partner_relationships(id) on delete set null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['partner_inquiries_pending', 'partner_events', 'partner_deliverables', 'partner_contacts', 'partner_agreement_files', 'partner_relationships'])
    await sql.raw(`drop table if exists ${t}`).execute(db);
}
