// The directory profiles' indexes, as the statements use them since Who's Who reads its own index
// (`directory_name_index`, 0040): nothing filters profiles by the employer's state or by expertise
// any more (the search reads both from its index), so those two indexes (0011) only cost every
// profile write and the national seed's index phase. What did lack one is the employer: an
// organization merge counts and moves the profiles naming it (`directory/merge.ts`), and deleting
// an organization sets theirs to null (the foreign key's `on delete set null`); each read every
// profile, 900,000 at national scale (issue 15).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists member_profiles_state_idx`.execute(db);
  await sql`drop index if exists member_profiles_expertise_idx`.execute(db);
  await sql`create index member_profiles_employer on member_profiles (employer_organization_id) where employer_organization_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists member_profiles_employer`.execute(db);
  await sql`create index member_profiles_expertise_idx on member_profiles using gin (expertise)`.execute(db);
  await sql`create index member_profiles_state_idx on member_profiles (employer_state)`.execute(db);
}
