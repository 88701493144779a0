// The GIN index of each account's name words (`users_name_words`, 0011) served Who's Who before it
// read its own index (`directory_name_index`, 0040); no statement uses it since. Every insert and
// rename of an account still paid for it, and the national data set built it again after loading a
// million accounts (issue 15: the seed's index phase).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_name_words`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_name_words on users using gin (directory_name_words(name))`.execute(db);
}
