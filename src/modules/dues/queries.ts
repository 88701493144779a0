// SQL of the dues module: it reads and writes only dues_schedules, dues_rules and dues_bands.
import type { Kysely } from 'kysely';
import { type DB, ENTITY_TYPES, type EntityType } from '../../db/types.js';
import { formatDay } from '../../lib/format.js';
import { lookupIds, type RecordNamer } from '../../lib/record-names.js';
import type { DuesRule, DuesSchedule } from './rules.js';
import type { ScheduleInput } from './schemas.js';

/** Every schedule with its rules and bands, newest first. Small: a few versions a decade. */
export async function loadSchedules(db: Kysely<DB>, opts: { id?: string } = {}): Promise<DuesSchedule[]> {
  let sq = db.selectFrom('dues_schedules').select(['id', 'effective_from', 'note', 'created_by', 'created_at', 'published_at']);
  let rq = db.selectFrom('dues_rules').select(['schedule_id', 'entity_type', 'mode']);
  let bq = db.selectFrom('dues_bands').select(['schedule_id', 'entity_type', 'position', 'min_population', 'max_population', 'amount_cents']);
  if (opts.id) {
    sq = sq.where('id', '=', opts.id);
    rq = rq.where('schedule_id', '=', opts.id);
    bq = bq.where('schedule_id', '=', opts.id);
  }
  const schedules = await sq.orderBy('effective_from', 'desc').execute();
  const rules = await rq.execute();
  const bands = await bq.orderBy('schedule_id').orderBy('entity_type').orderBy('position').execute();

  const byId = new Map<string, DuesSchedule>();
  for (const s of schedules) {
    byId.set(s.id, { id: s.id, effectiveFrom: s.effective_from, note: s.note, createdBy: s.created_by, createdAt: s.created_at, publishedAt: s.published_at, rules: {} });
  }
  for (const r of rules) {
    const s = byId.get(r.schedule_id);
    if (s) s.rules[r.entity_type] = r.mode === 'contact' ? { mode: 'contact' } : { mode: 'bands', bands: [] };
  }
  for (const b of bands) {
    const rule = byId.get(b.schedule_id)?.rules[b.entity_type];
    if (rule?.mode === 'bands') rule.bands.push({ min: b.min_population, max: b.max_population, amountCents: Number(b.amount_cents) });
  }
  return [...byId.values()];
}

/** Inserts the rules and bands of one schedule. */
export async function insertRules(db: Kysely<DB>, scheduleId: string, rules: Partial<Record<EntityType, DuesRule>>): Promise<void> {
  const ruleRows = ENTITY_TYPES.flatMap((t) => {
    const r = rules[t];
    return r ? [{ schedule_id: scheduleId, entity_type: t, mode: r.mode }] : [];
  });
  if (ruleRows.length) await db.insertInto('dues_rules').values(ruleRows).execute();
  const bandRows = ENTITY_TYPES.flatMap((t) => {
    const r = rules[t];
    if (r?.mode !== 'bands') return [];
    return r.bands.map((b, i) => ({
      schedule_id: scheduleId,
      entity_type: t,
      position: i + 1,
      min_population: b.min,
      max_population: b.max,
      amount_cents: b.amountCents,
    }));
  });
  if (bandRows.length) await db.insertInto('dues_bands').values(bandRows).execute();
}

/** A new version: a draft unless `publishedAt` is given (the demo data). */
export async function insertSchedule(db: Kysely<DB>, input: ScheduleInput, createdBy: string | null, now: Date, publishedAt: Date | null = null): Promise<string> {
  const row = await db
    .insertInto('dues_schedules')
    .values({ effective_from: input.effectiveFrom, note: input.note, created_by: createdBy, created_at: now, updated_at: now, published_at: publishedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertRules(db, row.id, input.rules);
  return row.id;
}

/** Replaces a schedule's date, note, rules and bands (bands go with their rules: on delete cascade).
 * The replacement is a draft again: what was published is not what is saved now. */
export async function replaceSchedule(db: Kysely<DB>, id: string, input: ScheduleInput, now: Date): Promise<void> {
  await db.deleteFrom('dues_rules').where('schedule_id', '=', id).execute();
  await db.updateTable('dues_schedules').set({ effective_from: input.effectiveFrom, note: input.note, updated_at: now, published_at: null }).where('id', '=', id).execute();
  await insertRules(db, id, input.rules);
}

export async function deleteSchedule(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('dues_schedules').where('id', '=', id).execute();
}

/** The schedule's start date and whether it is published, locked for the rest of the transaction; null when there is none. */
export async function lockSchedule(db: Kysely<DB>, id: string): Promise<{ effectiveFrom: string; published: boolean } | null> {
  const row = await db.selectFrom('dues_schedules').select(['effective_from', 'published_at']).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? { effectiveFrom: row.effective_from, published: row.published_at !== null } : null;
}

export async function scheduleOnDate(db: Kysely<DB>, effectiveFrom: string): Promise<{ id: string; published: boolean } | null> {
  const row = await db.selectFrom('dues_schedules').select(['id', 'published_at']).where('effective_from', '=', effectiveFrom).executeTakeFirst();
  return row ? { id: row.id, published: row.published_at !== null } : null;
}

export async function publishSchedule(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db.updateTable('dues_schedules').set({ published_at: now, updated_at: now }).where('id', '=', id).where('published_at', 'is', null).execute();
}

/** dues schedules by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const duesScheduleNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('dues_schedules').select(['id', 'effective_from']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: `Dues schedule from ${formatDay(r.effective_from)}`, href: `/staff/dues/${r.id}` }]));
};
