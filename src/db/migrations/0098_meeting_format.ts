// How first meetings happen. Each advisor says it once (advisor_profiles): a video call at a
// meeting link, a phone call (the advisor calls the member at the number given when booking, or
// the member calls the advisor's number), or in person at an address; null is "not set", when the
// advisor sends the details themselves. A meeting keeps a copy of it as it was when booked
// (meetings), with the number the member gave, so an invitation already sent stays true when the
// advisor changes their settings later. `reminder_sent_at`: the reminder sent to both sides a day
// or two before (once; a move clears it).
import { type Kysely, sql } from 'kysely';

const FORMATS = sql`('video', 'advisor_calls', 'member_calls', 'in_person')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table advisor_profiles
    add column meeting_format text check (meeting_format in ${FORMATS}),
    add column meeting_link text not null default '',
    add column meeting_phone text not null default '',
    add column meeting_address text not null default ''`.execute(db);
  await sql`alter table meetings
    add column format text check (format in ${FORMATS}),
    add column link text not null default '',
    add column phone text not null default '',
    add column address text not null default '',
    add column member_phone text not null default '',
    add column reminder_sent_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table meetings drop column format, drop column link, drop column phone, drop column address, drop column member_phone, drop column reminder_sent_at`.execute(db);
  await sql`alter table advisor_profiles drop column meeting_format, drop column meeting_link, drop column meeting_phone, drop column meeting_address`.execute(db);
}
