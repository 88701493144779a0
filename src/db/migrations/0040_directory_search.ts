// Who's Who search that does not grow with the data (issue 15): a derived index of the people
// Who's Who may list, one row per listed current member per word of the name (and one row with
// the word '' for the person), in name order, with the employer's state and areas of expertise. A search reads at most
// 1,001 rows of it in (tier, name, id) order and stops: the count is bounded ("1,000+"), and
// ranking and facets work on those rows only. See src/modules/directory/README.md.
//
// The index holds only what a search may match or filter on (name words, the state of the
// employer): never a contact field. A person is in it only when the directory lists them: not
// disabled, `member_profiles.listed` (or no profile) and an active individual membership. It is
// kept by statement triggers on users, member_profiles and individual_memberships; a bulk loader
// sets `civnet.bulk_load = 'on'` (the triggers then do nothing) and calls
// `directory_name_index_rebuild()` at the end. Also indexes for the staff organization search's
// filters in name order.
import { type Kysely, sql } from 'kysely';

/** The rows of the derived index for the people chosen by `where` (a condition on u). */
const INDEX_ROWS = (where: string) => `
  select w.word, u.name, u.id, p.employer_state, x.words, coalesce(p.expertise, '{}')
  from users u
  left join member_profiles p on p.user_id = u.id
  cross join lateral (select array(select distinct t from unnest(directory_name_words(u.name)) t where t <> '' order by 1) as words) x
  cross join lateral unnest(array_append(x.words, '')) as w(word)
  where ${where} and u.disabled_at is null and coalesce(p.listed, true)
    and exists (select 1 from individual_memberships im where im.user_id = u.id and im.status = 'active')`;

/** The index's two orders (built again after a rebuild's insert, faster than kept row by row). */
const INDEXES = [
  'create index directory_name_index_order on directory_name_index (word, name, user_id) include (state, words, expertise)',
  'create index directory_name_index_state on directory_name_index (word, state, name, user_id) include (words, expertise)',
];

/** Which rows of a statement change the listing, per table: (id column, columns that matter). */
const SOURCES = [
  { table: 'users', pk: 'id', id: 'id', columns: ['name', 'disabled_at'], events: ['update', 'delete'] },
  { table: 'member_profiles', pk: 'user_id', id: 'user_id', columns: ['listed', 'employer_state', 'expertise'], events: ['insert', 'update', 'delete'] },
  { table: 'individual_memberships', pk: 'id', id: 'user_id', columns: ['status', 'user_id'], events: ['insert', 'update', 'delete'] },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table directory_name_index (
      word text not null,
      name text not null,
      user_id uuid not null, -- no foreign key: a million checks would slow the rebuild; a deleted user's rows go by trigger
      state char(2),
      words text[] not null,
      expertise text[] not null,
      primary key (user_id, word)
    )`.execute(db);
  // A word's people in name order, and the same within a state; the other words of the name ride
  // along so a search of several words checks them without leaving the index.
  for (const index of INDEXES) await sql.raw(index).execute(db);
  await sql
    .raw(`
    create function directory_name_index_refresh(ids uuid[]) returns void language sql as $$
      delete from directory_name_index where user_id = any(ids);
      insert into directory_name_index (word, name, user_id, state, words, expertise) ${INDEX_ROWS('u.id = any(ids)')};
    $$`)
    .execute(db);
  // The whole index and the lexicon of name words, again: what a bulk loader calls at the end.
  await sql
    .raw(`
    create function directory_name_index_rebuild() returns void language plpgsql as $$
    begin
      perform set_config('maintenance_work_mem', '256MB', true); -- the two index builds, in memory
      truncate directory_name_index;
      drop index directory_name_index_order;
      drop index directory_name_index_state;
      insert into directory_name_index (word, name, user_id, state, words, expertise) ${INDEX_ROWS('true')};
      ${INDEXES.map((i) => `${i};`).join('\n      ')}
      insert into person_name_words (word, letters)
      select w, directory_word_letters(w) from (select distinct unnest(directory_name_words(name)) as w from users) x
      where w <> '' on conflict do nothing;
    end $$`)
    .execute(db);
  for (const s of SOURCES) {
    const changed = s.columns.map((c) => `n.${c} is distinct from o.${c}`).join(' or ');
    await sql
      .raw(`
      create function directory_name_index_${s.table}() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;
        if tg_op = 'INSERT' then
          perform directory_name_index_refresh(array(select distinct ${s.id} from new_rows));
        elsif tg_op = 'DELETE' then
          perform directory_name_index_refresh(array(select distinct ${s.id} from old_rows));
        else
          perform directory_name_index_refresh(array(
            select n.${s.id} from new_rows n join old_rows o on o.${s.pk} = n.${s.pk} where ${changed}
            union select o.${s.id} from new_rows n join old_rows o on o.${s.pk} = n.${s.pk} where ${changed}));
        end if;
        return null;
      end $$`)
      .execute(db);
    for (const event of s.events) {
      const ref = event === 'insert' ? 'new table as new_rows' : event === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
      await sql
        .raw(`create trigger directory_name_index_${event} after ${event} on ${s.table} referencing ${ref} for each statement execute function directory_name_index_${s.table}()`)
        .execute(db);
    }
  }
  await sql`select directory_name_index_rebuild()`.execute(db);

  // The search: at most `cap` rows of the index matching every word of the query (each word
  // expanded to the lexicon's words like it), the state and the profile filters. The words of the
  // most selective query word are read in tiers: the word itself, then words with the same letters
  // or starting with it, then the other similar words, most similar first; each in name order.
  // It stops as soon as it has `cap` rows, so a common surname reads 1,001 index entries, not all.
  await sql`
    create function directory_candidates(q text[], p_state text, p_title text, p_employer text, p_expertise text, cap int)
    returns table (user_id uuid, name text, state text, tier int, words text[], expertise text[]) language plpgsql stable as $$
    #variable_conflict use_column
    declare
      e text[]; o1 text[]; o2 text[]; o3 text[]; sims text[]; same text[];
      nq int := coalesce(array_length(q, 1), 0); drive int := 1; best int := null; n int; taken int := 0; got int; k int;
      w record;
      profile boolean := p_title is not null or p_employer is not null;
    begin
      if nq = 0 then return; end if;
      -- Several words: read the one with the fewest people (counted up to cap), check the others.
      if nq > 1 then
        for k in 1 .. nq loop
          e := directory_similar_words(q[k]) || directory_same_letter_words(q[k]);
          select count(*) into n from (select 1 from directory_name_index i where i.word = any(e) limit cap) x;
          if best is null or n < best then best := n; drive := k; end if;
        end loop;
        for k in 1 .. nq loop
          if k <> drive then
            e := directory_similar_words(q[k]) || directory_same_letter_words(q[k]);
            if o1 is null then o1 := e; elsif o2 is null then o2 := e; else o3 := e; end if;
          end if;
        end loop;
      end if;
      sims := directory_similar_words(q[drive]);
      same := directory_same_letter_words(q[drive]);
      for w in
        select x.word, min(case when x.word = q[drive] then 0 when x.word = any(same) or x.word like q[drive] || '%' then 1 else 2 end) as tier
        from unnest(sims || same) as x(word)
        group by x.word
        order by 2, similarity(x.word, q[drive]) desc, x.word
      loop
        if p_state is null then
          return query
            select i.user_id, i.name, i.state::text, w.tier, i.words, i.expertise from directory_name_index i
            where i.word = w.word
              and (o1 is null or i.words && o1) and (o2 is null or i.words && o2) and (o3 is null or i.words && o3)
              and (not profile or exists (select 1 from member_profiles p where p.user_id = i.user_id
                and (p_title is null or p.title ilike p_title) and (p_employer is null or p.employer_name ilike p_employer)))
              and (p_expertise is null or i.expertise @> array[p_expertise])
            order by i.name, i.user_id
            limit cap - taken;
        else
          return query
            select i.user_id, i.name, i.state::text, w.tier, i.words, i.expertise from directory_name_index i
            where i.word = w.word and i.state = p_state
              and (o1 is null or i.words && o1) and (o2 is null or i.words && o2) and (o3 is null or i.words && o3)
              and (not profile or exists (select 1 from member_profiles p where p.user_id = i.user_id
                and (p_title is null or p.title ilike p_title) and (p_employer is null or p.employer_name ilike p_employer)))
              and (p_expertise is null or i.expertise @> array[p_expertise])
            order by i.name, i.user_id
            limit cap - taken;
        end if;
        get diagnostics got = row_count;
        taken := taken + got;
        exit when taken >= cap;
      end loop;
    end $$`.execute(db);

  // The staff organization search's filters, in the list's name order.
  await sql`create index organizations_state_name on organizations (state, name, id)`.execute(db);
  await sql`create index organizations_type_name on organizations (entity_type, name, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists organizations_type_name`.execute(db);
  await sql`drop index if exists organizations_state_name`.execute(db);
  await sql`drop function if exists directory_candidates(text[], text, text, text, text, int)`.execute(db);
  for (const s of SOURCES) {
    for (const event of s.events) await sql.raw(`drop trigger if exists directory_name_index_${event} on ${s.table}`).execute(db);
    await sql.raw(`drop function if exists directory_name_index_${s.table}()`).execute(db);
  }
  await sql`drop function if exists directory_name_index_rebuild()`.execute(db);
  await sql`drop function if exists directory_name_index_refresh(uuid[])`.execute(db);
  await sql`drop table if exists directory_name_index`.execute(db);
}
