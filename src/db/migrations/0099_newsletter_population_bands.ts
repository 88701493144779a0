// Newsletter segments move onto organizations' six population bands (under 10,000; 10,000 to
// 49,999; 50,000 to 99,999; 100,000 to 249,999; 250,000 to 999,999; 1,000,000 and over), which the
// network's filter and the members report use too. Segments had four bands of their own; two keep
// their keys ('under-10k', '10k-50k'), and each of the other two becomes the two bands that hold
// exactly the same populations, so every campaign, sent ones included, keeps its meaning:
// '50k-250k' → '50k-100k', '100k-250k'; '250k-up' → '250k-1m', 'over-1m'. Keys are written here,
// not imported, so that this migration means the same whatever the code does later. Running it
// again changes nothing.
import { type Kysely, sql } from 'kysely';

const SIX = ['under-10k', '10k-50k', '50k-100k', '100k-250k', '250k-1m', 'over-1m'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // each stored key becomes its bands, once each, in the bands' order
  await sql`update newsletter_campaigns
    set segment = jsonb_set(segment, '{populationBands}', (
      select coalesce(jsonb_agg(k order by coalesce(array_position(${SIX}::text[], k), 100), k), '[]'::jsonb)
      from (
        select distinct unnest(case e
          when '50k-250k' then array['50k-100k', '100k-250k']
          when '250k-up' then array['250k-1m', 'over-1m']
          else array[e] end) as k
        from jsonb_array_elements_text(segment -> 'populationBands') as e
      ) as bands))
    where jsonb_typeof(segment -> 'populationBands') = 'array'
      and segment -> 'populationBands' ?| array['50k-250k', '250k-up']`.execute(db);
}

// Back to the four: the pairs become their old band again. A segment saved since with one band of
// a pair gets the old band that holds it (wider: the four cannot say less).
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update newsletter_campaigns
    set segment = jsonb_set(segment, '{populationBands}', (
      select coalesce(jsonb_agg(k order by coalesce(array_position(array['under-10k', '10k-50k', '50k-250k', '250k-up'], k), 100), k), '[]'::jsonb)
      from (
        select distinct case e
          when '50k-100k' then '50k-250k'
          when '100k-250k' then '50k-250k'
          when '250k-1m' then '250k-up'
          when 'over-1m' then '250k-up'
          else e end as k
        from jsonb_array_elements_text(segment -> 'populationBands') as e
      ) as bands))
    where jsonb_typeof(segment -> 'populationBands') = 'array'
      and segment -> 'populationBands' ?| array['50k-100k', '100k-250k', '250k-1m', 'over-1m']`.execute(db);
}
