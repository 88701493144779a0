// The network's summaries, kept instead of recomputed (issue 15): the impact figures and the
// current members by state are maintained by statement-level triggers on memberships and
// organizations, in the transaction of the change, so a page reads a few rows at any scale.
//
// - network_member_status: one row per organization that counts (a current member, or served
//   once): its state, whether it is a current member, listed, and ever served. The triggers
//   recompute these rows for the organizations a statement touched and apply the difference
//   to the two tables below, so each change costs what it touched.
// - network_member_counts: per state, current members (listed or not) and listed ones.
// - network_figures: one row, communities served and current members.
//
// Bulk loaders set `civnet.bulk_load = 'on'` for their session (the triggers then do nothing) and
// call network_summary_rebuild() after the load. Every change also sends
// pg_notify('civnet_network_summary', '') at commit, so other processes can drop their caches.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table network_member_status (
      organization_id uuid primary key,
      state text not null,
      is_current boolean not null,
      listed boolean not null,
      served boolean not null
    )`.execute(db);
  // (no check that counts stay >= 0: an upsert's proposed row, a difference, is checked too)
  await sql`
    create table network_member_counts (
      state text primary key,
      members integer not null default 0,
      listed integer not null default 0
    )`.execute(db);
  await sql`
    create table network_figures (
      id integer primary key default 1 check (id = 1),
      communities_served integer not null default 0,
      current_members integer not null default 0
    )`.execute(db);
  await sql`insert into network_figures (id) values (1)`.execute(db);

  // Recomputes the status of these organizations from the source tables and applies the change.
  await sql`
    create function network_summary_refresh(ids uuid[]) returns void language plpgsql as $$
    begin
      if ids is null or cardinality(ids) = 0 then return; end if;
      -- One change of an organization at a time: a second transaction waits here, then reads
      -- what the first committed (each statement of a function takes a new snapshot). A statement
      -- that touched many organizations takes one lock for all instead (the lock table is finite).
      if cardinality(ids) > 1000 then
        perform pg_advisory_xact_lock(1039, 0);
      else
        perform pg_advisory_xact_lock_shared(1039, 0);
        perform pg_advisory_xact_lock(1040, hashtext(x::text)) from (select distinct unnest(ids) as x order by 1) s;
      end if;
      with fresh as (
        select * from (
          select o.id as organization_id, o.state,
            exists (select 1 from memberships m where m.organization_id = o.id and m.status = 'active') as is_current,
            o.listed,
            exists (select 1 from memberships m where m.organization_id = o.id
                    and (m.activated_at is not null or m.status in ('active', 'lapsed', 'ended'))) as served
          from organizations o where o.id = any(ids)
        ) f where is_current or served
      ),
      old as (select * from network_member_status where organization_id = any(ids)),
      d as (
        select state, sum(dm)::int as dm, sum(dl)::int as dl from (
          select state, 1 as dm, case when listed then 1 else 0 end as dl from fresh where is_current
          union all
          select state, -1, case when listed then -1 else 0 end from old where is_current
        ) x group by state
      ),
      counts as (
        insert into network_member_counts as c (state, members, listed)
          select state, dm, dl from d where dm <> 0 or dl <> 0
        on conflict (state) do update set members = c.members + excluded.members, listed = c.listed + excluded.listed
        returning 1
      ),
      delta as (
        select (select count(*) from fresh where served) - (select count(*) from old where served) as served,
               (select count(*) from fresh where is_current) - (select count(*) from old where is_current) as cur
      ),
      figures as (
        update network_figures set communities_served = communities_served + delta.served, current_members = current_members + delta.cur
        from delta where id = 1 and (delta.served <> 0 or delta.cur <> 0)
        returning 1
      ),
      gone as (
        delete from network_member_status s where s.organization_id = any(ids)
          and not exists (select 1 from fresh f where f.organization_id = s.organization_id)
        returning 1
      )
      -- (data-modifying CTEs run whether or not they are read)
      insert into network_member_status (organization_id, state, is_current, listed, served)
        select organization_id, state, is_current, listed, served from fresh
      on conflict (organization_id) do update set state = excluded.state, is_current = excluded.is_current, listed = excluded.listed, served = excluded.served;
      perform pg_notify('civnet_network_summary', '');
    end $$`.execute(db);

  // The triggers: skipped while a bulk loader holds civnet.bulk_load = 'on'.
  await sql`
    create function network_summary_memberships() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;
      if tg_op = 'INSERT' then
        perform network_summary_refresh(array(select distinct organization_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform network_summary_refresh(array(select distinct organization_id from old_rows));
      else
        perform network_summary_refresh(array(
          select organization_id from new_rows union select organization_id from old_rows));
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create function network_summary_organizations() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('civnet.bulk_load', true), '') = 'on' then return null; end if;
      if tg_op = 'DELETE' then
        perform network_summary_refresh(array(select id from old_rows));
      else
        -- only a change of state or listing matters to the summaries
        perform network_summary_refresh(array(
          select n.id from new_rows n join old_rows o on o.id = n.id
          where n.state is distinct from o.state or n.listed is distinct from o.listed
          union select o.id from old_rows o where not exists (select 1 from new_rows n where n.id = o.id)
          union select n.id from new_rows n where not exists (select 1 from old_rows o where o.id = n.id)));
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger memberships_network_insert after insert on memberships referencing new table as new_rows for each statement execute function network_summary_memberships()`.execute(
    db,
  );
  await sql`create trigger memberships_network_update after update on memberships referencing old table as old_rows new table as new_rows for each statement execute function network_summary_memberships()`.execute(
    db,
  );
  await sql`create trigger memberships_network_delete after delete on memberships referencing old table as old_rows for each statement execute function network_summary_memberships()`.execute(
    db,
  );
  await sql`create trigger organizations_network_update after update on organizations referencing old table as old_rows new table as new_rows for each statement execute function network_summary_organizations()`.execute(
    db,
  );
  await sql`create trigger organizations_network_delete after delete on organizations referencing old table as old_rows for each statement execute function network_summary_organizations()`.execute(
    db,
  );

  // From scratch: after a bulk load, or to check the kept figures.
  await sql`
    create function network_summary_rebuild() returns void language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(1039, 0);
      lock table network_member_status, network_member_counts, network_figures in exclusive mode;
      delete from network_member_status;
      insert into network_member_status (organization_id, state, is_current, listed, served)
        select o.id, o.state, coalesce(a.is_current, false), o.listed, coalesce(a.served, false)
        from organizations o
        join (
          select organization_id,
            bool_or(status = 'active') as is_current,
            bool_or(activated_at is not null or status in ('active', 'lapsed', 'ended')) as served
          from memberships group by organization_id
        ) a on a.organization_id = o.id
        where a.is_current or a.served;
      delete from network_member_counts;
      insert into network_member_counts (state, members, listed)
        select state, count(*), count(*) filter (where listed) from network_member_status where is_current group by state;
      update network_figures set
        communities_served = (select count(*) from network_member_status where served),
        current_members = (select count(*) from network_member_status where is_current)
      where id = 1;
      perform pg_notify('civnet_network_summary', '');
    end $$`.execute(db);
  await sql`select network_summary_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['memberships_network_insert', 'memberships_network_update', 'memberships_network_delete'])
    await sql`drop trigger if exists ${sql.id(t)} on memberships`.execute(db);
  for (const t of ['organizations_network_update', 'organizations_network_delete']) await sql`drop trigger if exists ${sql.id(t)} on organizations`.execute(db);
  await sql`drop function if exists network_summary_memberships()`.execute(db);
  await sql`drop function if exists network_summary_organizations()`.execute(db);
  await sql`drop function if exists network_summary_rebuild()`.execute(db);
  await sql`drop function if exists network_summary_refresh(uuid[])`.execute(db);
  for (const t of ['network_member_status', 'network_member_counts', 'network_figures']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
