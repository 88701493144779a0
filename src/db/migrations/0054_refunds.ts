// Refunds (issue 16: a cancelled seat's money): a refund is a negative payment, like a reversal,
// but it stands on its own (money paid back to the payer, by check, transfer or through the card
// processor) instead of pointing at the payment it undoes. What was refunded is first credited on
// the invoice (a credit note), so the invoice never owes more than it did: see
// src/modules/billing/refunds.ts.
//
// An invoice may now be **in credit**: a credit note for a paid event seat that was cancelled
// credits beyond what was owed, and the money paid for it is owed back until its refund is
// recorded. The old guard (paid ≤ total − credited) becomes: never more paid than the total,
// never more credited than the total. Payments themselves still stop at the balance due (billing).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments add column refund boolean not null default false`.execute(db);
  await sql`
    do $$ declare c text; begin
      select conname into c from pg_constraint
        where conrelid = 'invoices'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%paid_cents <= (total_cents - credited_cents)%';
      if c is not null then execute format('alter table invoices drop constraint %I', c); end if;
    end $$`.execute(db);
  await sql`alter table invoices add constraint invoices_paid_check check ((paid_cents >= 0 and paid_cents <= total_cents) or status = 'void')`.execute(db);
  await sql`alter table invoices add constraint invoices_credited_check check (credited_cents <= total_cents)`.execute(db);
  await sql`alter table payments drop constraint payments_check`.execute(db);
  await sql`alter table payments add constraint payments_negative_check check (
    (amount_cents < 0) = (reverses_payment_id is not null or refund) and not (refund and reverses_payment_id is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from payments where refund`.execute(db);
  await sql`alter table invoices drop constraint invoices_paid_check`.execute(db);
  await sql`alter table invoices drop constraint invoices_credited_check`.execute(db);
  await sql`alter table invoices add check (paid_cents <= total_cents - credited_cents or status = 'void')`.execute(db);
  await sql`alter table payments drop constraint payments_negative_check`.execute(db);
  await sql`alter table payments add constraint payments_check check ((amount_cents < 0) = (reverses_payment_id is not null))`.execute(db);
  await sql`alter table payments drop column refund`.execute(db);
}
