// individual membership: see src/modules/individuals/README.md. Levels with eligibility and a
// dues rule (I1), a person's memberships (I2) billed through invoices, instalment schedules,
// and Members in Transition requests and dues waivers (I6).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table member_levels (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 1 and 100),
      description text not null default '',
      position integer not null default 0,
      -- which answers to the eligibility questions make a person eligible: {"question": true|false}
      eligibility jsonb not null default '{}',
      rule text not null check (rule in ('flat','salary_share','free')),
      flat_cents bigint check (flat_cents >= 0),
      -- salary share in hundredths of a percent (0.65% = 65)
      rate_bp integer check (rate_bp between 0 and 10000),
      cap_cents bigint check (cap_cents >= 0),
      discount_percent integer check (discount_percent between 0 and 100),
      discount_max_population integer check (discount_max_population >= 0),
      discount_max_general_fund_cents bigint check (discount_max_general_fund_cents >= 0),
      instalments_allowed boolean not null default false,
      archived_at timestamptz,
      check (rule <> 'flat' or flat_cents is not null),
      check (rule <> 'salary_share' or rate_bp is not null)
    )`.execute(db);
  await sql`
    create table individual_memberships (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      level_id uuid not null references member_levels(id),
      status text not null default 'pending' check (status in ('pending','active','lapsed','ended')),
      term_start date,
      term_end date,
      -- private dues inputs: seen only by the member and finance staff
      salary_cents bigint check (salary_cents >= 0),
      employer_population integer check (employer_population >= 0),
      employer_general_fund_cents bigint check (employer_general_fund_cents >= 0),
      answers jsonb not null default '{}',
      quoted_cents bigint not null check (quoted_cents >= 0),
      created_at timestamptz not null default now(),
      activated_at timestamptz,
      lapsed_at timestamptz
    )`.execute(db);
  await sql`create unique index individual_memberships_one_open on individual_memberships(user_id) where status in ('pending','active','lapsed')`.execute(db);
  await sql`create index individual_memberships_status_idx on individual_memberships(status, term_end)`.execute(db);
  await sql`alter table invoices add column individual_membership_id uuid references individual_memberships(id)`.execute(db);
  await sql`create index invoices_individual_idx on invoices(individual_membership_id) where individual_membership_id is not null`.execute(db);
  await sql`create index invoices_user_idx on invoices(user_id, issued_on desc) where user_id is not null`.execute(db);
  // One live renewal invoice per individual membership and term, as invoices_one_per_period does
  // for organizations: a crashed or overlapping renewal run can never issue twice.
  await sql`create unique index invoices_individual_one_per_period on invoices(individual_membership_id, period_start) where individual_membership_id is not null and status <> 'void'`.execute(
    db,
  );
  await sql`
    create table invoice_instalments (
      invoice_id uuid not null references invoices(id) on delete cascade,
      position smallint not null check (position between 1 and 4),
      due_on date not null,
      amount_cents bigint not null check (amount_cents > 0),
      primary key (invoice_id, position)
    )`.execute(db);
  await sql`
    create table transition_requests (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      separation_on date,
      circumstances text not null check (length(circumstances) between 1 and 5000),
      status text not null default 'pending' check (status in ('pending','approved','declined','ended')),
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      decided_by uuid references users(id),
      decision_note text
    )`.execute(db);
  await sql`create unique index transition_requests_one_pending on transition_requests(user_id) where status = 'pending'`.execute(db);
  await sql`
    create table dues_waivers (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      individual_membership_id uuid not null references individual_memberships(id),
      transition_request_id uuid references transition_requests(id),
      months integer not null check (months = 6),
      from_date date not null,
      to_date date not null,
      reason text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index dues_waivers_user_idx on dues_waivers(user_id)`.execute(db);
  // Members in Transition are reviewed by staff who hold the `transition` permission in addition
  // to their membership role (access.sensitive('transition'): not even admins without it).
  await sql`alter table user_roles drop constraint user_roles_role_check`.execute(db);
  await sql`alter table user_roles add constraint user_roles_role_check check (role in ('member','membership','finance','advisor','programs',
    'communications','ethics','partnerships','admin','transition'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from user_roles where role = 'transition'`.execute(db);
  await sql`alter table user_roles drop constraint user_roles_role_check`.execute(db);
  await sql`alter table user_roles add constraint user_roles_role_check check (role in ('member','membership','finance','advisor','programs',
    'communications','ethics','partnerships','admin'))`.execute(db);
  for (const t of ['dues_waivers', 'transition_requests', 'invoice_instalments']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
  await sql`alter table invoices drop column individual_membership_id`.execute(db);
  for (const t of ['individual_memberships', 'member_levels']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
