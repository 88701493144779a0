// The job center (issue 18, C6): job postings (moderated, paid for by non-members through a billing
// invoice, live until they expire), their fee setting, seekers' saved searches and the alerts each
// saved search has sent (one row per posting, so that a match is emailed once).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table job_settings (
    id integer primary key check (id = 1),
    posting_fee_cents integer not null default 15000 check (posting_fee_cents between 0 and 10000000),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`insert into job_settings (id) values (1)`.execute(db);
  await sql`create table job_postings (
    id uuid primary key default gen_random_uuid(),
    employer_user_id uuid not null references users(id),
    organization_id uuid references organizations(id),
    title text not null check (length(btrim(title)) between 1 and 150),
    employer_name text not null check (length(btrim(employer_name)) between 1 and 200),
    city text not null default '' check (length(city) <= 100),
    state text check (state is null or state ~ '^[A-Z]{2}$'),
    workplace text not null check (workplace in ('on_site', 'hybrid', 'remote')),
    salary_min integer not null check (salary_min > 0),
    salary_max integer not null check (salary_max >= salary_min and salary_max <= 10000000),
    employment_type text not null check (employment_type in ('full_time', 'part_time', 'contract', 'internship', 'temporary')),
    description text not null check (length(description) between 1 and 100000),
    apply_url text check (apply_url is null or apply_url ~ '^https://'),
    apply_email text check (apply_email is null or apply_email like '%@%'),
    closes_on date,
    status text not null check (status in ('awaiting_payment', 'in_review', 'changes_requested', 'published', 'rejected')),
    fee_cents integer not null default 0 check (fee_cents >= 0),
    invoice_id uuid references invoices(id),
    paid_at timestamptz,
    review_message text,
    submitted_at timestamptz,
    published_at timestamptz,
    expires_at timestamptz,
    views integer not null default 0,
    apply_clicks integer not null default 0,
    idempotency_key text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', employer_name), 'B') ||
      setweight(to_tsvector('english', left(description, 20000)), 'C')
    ) stored,
    check ((apply_url is null) <> (apply_email is null)),
    check (status <> 'published' or (published_at is not null and expires_at is not null)),
    unique (employer_user_id, idempotency_key)
  )`.execute(db);
  // Open postings are read by search: the live ones in order of publication, filtered.
  await sql`create index job_postings_live on job_postings (published_at desc, id) include (expires_at, state, salary_max, employment_type) where status = 'published'`.execute(db);
  await sql`create index job_postings_search on job_postings using gin (search) where status = 'published'`.execute(db);
  await sql`create index job_postings_employer on job_postings (employer_user_id, created_at desc)`.execute(db);
  await sql`create index job_postings_queue on job_postings (submitted_at) where status = 'in_review'`.execute(db);
  await sql`create index job_postings_invoice on job_postings (invoice_id) where invoice_id is not null`.execute(db);
  await sql`create table job_saved_searches (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users(id) on delete cascade,
    label text not null check (length(label) between 1 and 200),
    criteria jsonb not null,
    unsubscribe_key text not null,
    unsubscribed_at timestamptz,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index job_saved_searches_user on job_saved_searches (user_id, created_at)`.execute(db);
  await sql`create table job_alerts_sent (
    saved_search_id uuid not null references job_saved_searches(id) on delete cascade,
    posting_id uuid not null references job_postings(id) on delete cascade,
    sent_at timestamptz not null,
    primary key (saved_search_id, posting_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_alerts_sent`.execute(db);
  await sql`drop table job_saved_searches`.execute(db);
  await sql`drop table job_postings`.execute(db);
  await sql`drop table job_settings`.execute(db);
}
