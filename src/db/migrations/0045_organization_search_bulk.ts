// The organization name search's word index (0042) stands aside during bulk loads, like Who's
// Who's name index (0040, 0044) and the network summaries (0039): its statement triggers return at
// once while the session holds `civnet.bulk_load = 'on'`, and the loader calls
// `organization_name_words_rebuild()` once at the end (records' `rebuildOrganizationNameWords`),
// which makes the index and its lexicon again from `organizations` in (word, name) order. At
// national scale the per-batch trigger work was ~20 s of the seed (about 220 µs per organization).
import { type Kysely, sql } from 'kysely';

const SYNC = (guard: string) => `
  create or replace function organization_name_words_sync() returns trigger language plpgsql as $$
  begin
    ${guard}
    if tg_op = 'INSERT' then
      perform organization_name_words_refresh(array(select id from new_rows));
    elsif tg_op = 'DELETE' then
      delete from organization_name_words where organization_id in (select id from old_rows);
    else
      perform organization_name_words_refresh(array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where n.name is distinct from o.name or n.state is distinct from o.state or n.merged_into_id is distinct from o.merged_into_id));
    end if;
    return null;
  end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SYNC(`if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;`)).execute(db);
  await sql`
    create function organization_name_words_rebuild() returns void language sql as $$
      truncate organization_name_words, organization_name_lexicon;
      insert into organization_name_words (word, name, organization_id, state)
        select w, o.name, o.id, o.state from organizations o cross join lateral unnest(organization_name_words(o.name)) as w
        where o.merged_into_id is null
        order by 1, 2, 3;
      insert into organization_name_lexicon select distinct word from organization_name_words;
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function organization_name_words_rebuild()`.execute(db);
  await sql.raw(SYNC('')).execute(db);
}
