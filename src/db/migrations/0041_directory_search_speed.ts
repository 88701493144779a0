// Who's Who search within issue 15's budget at national scale (p95 < 10 ms one request at a time).
//
// 1. The lexicon's trigram index (`person_name_words_trgm`, GIN) kept the words a rebuild added in
//    its pending list (GIN's fastupdate) until a VACUUM, and every `%` lookup then read the whole
//    list: 40 ms per query word on the national data set, on a server without autovacuum, where
//    the index was not used at all for lack of statistics. Now the index takes each new word at
//    once (the lexicon only grows by a few words at a time; a rebuild adds its words and then
//    vacuums), its pending list is emptied and the table analyzed: under 1 ms per word.
// 2. `directory_candidates` (a PL/pgSQL loop, 0040_directory_search) is replaced by one plain
//    statement that search.ts writes (the planner sees it whole; people are read once, without
//    duplicates to sort away), so it is dropped; `down` creates it again.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter index person_name_words_trgm set (fastupdate = off)`.execute(db);
  await sql`select gin_clean_pending_list('person_name_words_trgm'::regclass)`.execute(db);
  await sql`analyze person_name_words`.execute(db);
  await sql`drop function if exists directory_candidates(text[], text, text, text, text, int)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter index person_name_words_trgm reset (fastupdate)`.execute(db);
  await sql.raw(PREVIOUS_CANDIDATES).execute(db);
}

/** 0040_directory_search's candidates function, as it was. */
const PREVIOUS_CANDIDATES = `
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
    end $$`;
