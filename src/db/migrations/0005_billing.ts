// billing: invoices numbered without gaps per year, their lines, payments (append-only; a
// reversal is a new row), credit notes, card-processor events, reminders sent; billing settings.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table association
      add column invoice_terms_days integer not null default 30 check (invoice_terms_days between 0 and 365),
      add column activation_rule text not null default 'full' check (activation_rule in ('full','first_payment')),
      add column term_model text not null default 'anniversary' check (term_model in ('anniversary','calendar')),
      add column renewal_lead_days integer not null default 60 check (renewal_lead_days between 1 and 365),
      add column reminder_days integer[] not null default '{0,14,30}',
      add column grace_days integer not null default 30 check (grace_days between 0 and 365)`.execute(db);

  await sql`
    alter table memberships
      add column activated_at timestamptz,
      add column lapsed_at timestamptz`.execute(db);

  // Attachments are rendered when the message is sent (an invoice PDF from the invoice), so the
  // outbox keeps references, not files.
  await sql`alter table outbox add column attachments jsonb not null default '[]'`.execute(db);

  await sql`create table invoice_counters (year integer primary key, last_number integer not null check (last_number >= 0))`.execute(db);

  await sql`
    create table invoices (
      id uuid primary key default gen_random_uuid(),
      number text unique,
      year integer,
      seq integer,
      organization_id uuid references organizations(id),
      user_id uuid references users(id),
      membership_id uuid references memberships(id),
      purpose text not null check (purpose in ('membership','renewal','event','sponsorship','other')),
      period_start date,
      period_end date,
      status text not null check (status in ('draft','issued','partially_paid','paid','void')),
      currency char(3) not null default 'USD',
      total_cents bigint not null check (total_cents >= 0),
      paid_cents bigint not null default 0,
      credited_cents bigint not null default 0 check (credited_cents >= 0),
      issued_on date,
      due_on date,
      po_number text,
      bill_to_name text not null default '',
      bill_to_email text not null default '',
      bill_to_address text not null default '',
      public_token text not null unique,
      void_reason text,
      voided_at timestamptz,
      created_at timestamptz not null default now(),
      created_by uuid references users(id),
      unique (year, seq),
      check ((number is null) = (status = 'draft')),
      check (organization_id is not null or user_id is not null),
      check (paid_cents <= total_cents - credited_cents or status = 'void')
    )`.execute(db);
  await sql`create index invoices_org_idx on invoices(organization_id, issued_on desc)`.execute(db);
  await sql`create index invoices_status_idx on invoices(status, due_on)`.execute(db);
  // One live invoice per membership period: the guard that makes renewal runs exactly-once.
  await sql`create unique index invoices_one_per_period on invoices(membership_id, period_start) where membership_id is not null and status <> 'void'`.execute(db);

  await sql`
    create table invoice_lines (
      invoice_id uuid not null references invoices(id) on delete cascade,
      position integer not null,
      description text not null check (length(description) between 1 and 300),
      quantity integer not null check (quantity > 0),
      unit_cents bigint not null check (unit_cents >= 0),
      amount_cents bigint not null check (amount_cents = quantity * unit_cents),
      primary key (invoice_id, position)
    )`.execute(db);

  await sql`
    create table payments (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references invoices(id),
      amount_cents bigint not null check (amount_cents <> 0),
      method text not null check (method in ('check','ach','wire','card')),
      reference text not null default '',
      received_on date not null,
      reverses_payment_id uuid unique references payments(id),
      reason text,
      idempotency_key text unique,
      stripe_event_id text unique,
      stripe_session_id text,
      recorded_by uuid references users(id),
      created_at timestamptz not null default now(),
      check ((amount_cents < 0) = (reverses_payment_id is not null))
    )`.execute(db);
  await sql`create index payments_invoice_idx on payments(invoice_id)`.execute(db);

  await sql`
    create table credit_notes (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references invoices(id),
      amount_cents bigint not null check (amount_cents > 0),
      reason text not null,
      created_at timestamptz not null default now(),
      created_by uuid references users(id)
    )`.execute(db);

  await sql`
    create table stripe_events (
      id text primary key,
      type text not null,
      received_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table invoice_reminders (
      invoice_id uuid not null references invoices(id) on delete cascade,
      offset_days integer not null,
      sent_at timestamptz not null default now(),
      primary key (invoice_id, offset_days)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['invoice_reminders', 'stripe_events', 'credit_notes', 'payments', 'invoice_lines', 'invoices', 'invoice_counters']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
  await sql`alter table memberships drop column activated_at, drop column lapsed_at`.execute(db);
  await sql`alter table outbox drop column attachments`.execute(db);
  await sql`
    alter table association drop column invoice_terms_days, drop column activation_rule, drop column term_model,
      drop column renewal_lead_days, drop column reminder_days, drop column grace_days`.execute(db);
}
