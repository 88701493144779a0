// Dues use cases (O2): quote the dues of a government; list, create, replace and delete
// schedule versions. Versions that have taken effect are never changed. Knows nothing of HTTP.
import type { Kysely } from 'kysely';
import { type DB, ENTITY_TYPES, type EntityType } from '../../db/types.js';
import { associationThrough, type Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { todayIfKnown, today as todayIn } from '../../lib/today.js';
import { isUuid } from '../../lib/validators.js';
import { cachedSchedules, DUES_CHANNEL } from './cache.js';
import { formatDate } from './format.js';
import * as q from './queries.js';
import { type DuesSchedule, findBand, hasTakenEffect, publishedOnly, rulesProblems, type ScheduleStatus, scheduleOn, statusOf } from './rules.js';
import { isCalendarDate, MAX_POPULATION, type ScheduleInput } from './schemas.js';

export interface DuesQuote {
  amountCents: number;
  currency: 'USD';
  entityType: EntityType;
  population: number;
  band: { min: number; max: number | null };
  scheduleEffectiveFrom: string;
  scheduleId: string;
}
export interface DuesContactRequired {
  contactRequired: true;
  contactEmail: string;
}
export type DuesQuoteResult = DuesQuote | DuesContactRequired;

export const isContactRequired = (r: DuesQuoteResult): r is DuesContactRequired => 'contactRequired' in r;

type QuoteDeps = Pick<Deps, 'db' | 'clock' | 'association'>;

/**
 * The annual dues of a government of this type and population under the published schedule in
 * force on `on` (default: today), or "contact us" when its type has no self-serve price. Drafts
 * are never quoted: a day covered only by a draft is quoted from the published version in force
 * then (staff preview a draft on its own page).
 * Reads schedules from memory. Inside a transaction, pass `{ ...deps, db: trx }`: the contact
 * address of a type that says "contact us" is then read through it too (the cached row, cold after
 * a change of the settings, would read the root handle: on PGlite it waits for the connection the
 * transaction holds).
 * Errors: validation_failed (fields entityType, population, on); dues.no_schedule (404).
 */
export async function quoteDues(deps: QuoteDeps, input: QuoteInput): Promise<DuesQuoteResult> {
  checkQuoteInput(input);
  const day = input.on ?? (await todayIn(deps));
  const priced = priceOn(publishedOn(await cachedSchedules(deps.db, deps.clock), day), day, input);
  if (priced !== CONTACT) return priced;
  const association = deps.db.isTransaction ? associationThrough(deps.db) : deps.association;
  return { contactRequired: true, contactEmail: (await association.get()).contact_email };
}

/**
 * The same quote without waiting, when all it needs is in memory (the schedules, the association's
 * time zone): a public call answered from memory then takes no turn of the event loop. Undefined
 * when something must be read first (the first quote, after a change, a type that says "contact
 * us"): quoteDues then answers. Throws as quoteDues does.
 */
export function quoteDuesFromMemory(deps: QuoteDeps, input: QuoteInput): DuesQuote | undefined {
  checkQuoteInput(input);
  const day = input.on ?? todayIfKnown(deps);
  const schedules = cachedSchedules(deps.db, deps.clock);
  if (day === null || !Array.isArray(schedules)) return undefined;
  const priced = priceOn(publishedOn(schedules, day), day, input);
  return priced === CONTACT ? undefined : priced;
}

/** A population written plainly ("75000"): the quote's common case, read without the schema. */
const PLAIN_POPULATION = /^[1-9][0-9]{0,8}$/;

/**
 * The quote's JSON for a query as fastify parsed it, answered from memory without the route's
 * schema, when the query is plain: `entityType` one of ours, `population` in plain digits, `on`
 * absent or a calendar day (other fields are ignored, as the schema ignores them). Undefined for
 * anything else (a thousands separator, a bad, missing or repeated field, a day with no schedule,
 * "contact us", schedules not yet read): the route's schema and quoteDues then answer, and speak.
 * The properties are quoteResponse's, in its order, as the route's serializer writes them; every
 * value is a whole number, one of our entity types or a calendar day, none needs escaping.
 */
export function quoteJsonFromMemory(deps: QuoteDeps, query: unknown): string | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  const { entityType, population, on } = query as Record<string, unknown>;
  if (typeof entityType !== 'string' || typeof population !== 'string' || !PLAIN_POPULATION.test(population)) return undefined;
  if (on !== undefined && (typeof on !== 'string' || !isCalendarDate(on))) return undefined;
  const people = Number(population);
  if (people > MAX_POPULATION || !(ENTITY_TYPES as readonly string[]).includes(entityType)) return undefined;
  let q: DuesQuote | undefined;
  try {
    q = quoteDuesFromMemory(deps, { entityType, population: people, on });
  } catch {
    return undefined;
  }
  if (q === undefined) return undefined;
  return `{"amountCents":${q.amountCents},"currency":"USD","entityType":"${q.entityType}","population":${q.population},"band":{"min":${q.band.min},"max":${q.band.max}},"scheduleEffectiveFrom":"${q.scheduleEffectiveFrom}"}`;
}

type QuoteInput = { entityType: string; population: number; on?: string };

function checkQuoteInput({ entityType, population, on }: QuoteInput): void {
  if (!(ENTITY_TYPES as readonly string[]).includes(entityType)) throw fieldError({ entityType: `Choose one of: ${ENTITY_TYPES.join(', ')}.` });
  if (!Number.isInteger(population) || population < 1 || population > MAX_POPULATION) {
    throw fieldError({ population: 'The population must be a whole number from 1 to 100,000,000.' });
  }
  if (on !== undefined && !isCalendarDate(on)) throw fieldError({ on: 'Enter the date as YYYY-MM-DD, like 2026-01-01.' });
}

const CONTACT = Symbol('contact us');

/** The price under `schedule` (the one in force on `day`), or CONTACT when the type has no self-serve price. */
function priceOn(schedule: DuesSchedule | null, day: string, { entityType, population }: QuoteInput): DuesQuote | typeof CONTACT {
  if (!schedule) throw noSchedule(day);
  const rule = schedule.rules[entityType as EntityType];
  if (rule?.mode === 'contact') return CONTACT;
  const band = rule ? findBand(rule.bands, population) : null;
  if (!band) throw noSchedule(day);
  return {
    amountCents: band.amountCents,
    currency: 'USD',
    entityType: entityType as EntityType,
    population,
    band: { min: band.min, max: band.max },
    scheduleEffectiveFrom: schedule.effectiveFrom,
    scheduleId: schedule.id,
  };
}

/** the last answer of publishedOn: the same cached list and day give the same schedule */
let lastInForce: { all: readonly DuesSchedule[]; day: string; schedule: DuesSchedule | null } | null = null;

/** The published schedule in force on `day` among `all` (the cached list: a quote asks the same
 * question of the same list until the day or the schedules change). */
function publishedOn(all: readonly DuesSchedule[], day: string): DuesSchedule | null {
  if (lastInForce?.all === all && lastInForce.day === day) return lastInForce.schedule;
  const schedule = scheduleOn(publishedOnly(all), day);
  lastInForce = { all, day, schedule };
  return schedule;
}

const noSchedule = (day: string) =>
  new AppError('dues.no_schedule', { status: 404, message: `No dues schedule is in force on ${formatDate(day)}. Please contact us for a price.` });

/** The published schedule in force on `on` (default today), from memory; null when there is none. */
export async function scheduleInForce(deps: Pick<Deps, 'db' | 'clock' | 'association'>, on?: string): Promise<DuesSchedule | null> {
  return scheduleOn(publishedOnly(await cachedSchedules(deps.db, deps.clock)), on ?? (await todayIn(deps)));
}

/** The next published version, the first that starts after `on` (default today), or null: visitors
 * are told of it before it takes effect. */
export async function nextPublishedSchedule(deps: Pick<Deps, 'db' | 'clock' | 'association'>, on?: string): Promise<DuesSchedule | null> {
  const day = on ?? (await todayIn(deps));
  const later = publishedOnly(await cachedSchedules(deps.db, deps.clock)).filter((s) => s.effectiveFrom > day);
  return later[later.length - 1] ?? null; // newest first: the last is the soonest
}

export interface ListedSchedule extends DuesSchedule {
  status: ScheduleStatus;
  /** a draft whose start day is before today: it cannot be published until it is replaced with
   * a start day of today or later */
  startPassed: boolean;
}

/** Every schedule, newest first, with its status today. `fresh` reads the database (staff pages). */
export async function listSchedules(deps: Pick<Deps, 'db' | 'clock' | 'association'>, opts: { fresh?: boolean } = {}): Promise<ListedSchedule[]> {
  const all = opts.fresh ? await q.loadSchedules(deps.db) : await cachedSchedules(deps.db, deps.clock);
  const today = await todayIn(deps);
  return all.map((s) => ({ ...s, status: statusOf(s, all, today), startPassed: s.publishedAt === null && s.effectiveFrom < today }));
}

const notFound = () => new AppError('not_found', { message: 'There is no dues schedule with that id.' });

export async function getSchedule(deps: Pick<Deps, 'db' | 'clock' | 'association'>, id: string): Promise<ListedSchedule> {
  if (!isUuid(id)) throw notFound();
  const found = (await listSchedules(deps, { fresh: true })).find((s) => s.id === id);
  if (!found) throw notFound();
  return found;
}

export interface PublishOutlook {
  schedule: ListedSchedule;
  today: string;
  before: DuesSchedule | null;
  after: DuesSchedule | null;
}

/** What publishing a draft would change, for its confirmation page: the published versions in
 * force just before it starts and starting after it. null when it is no draft (already published).
 * A draft whose start day has passed comes back too, with `schedule.startPassed`: publishing it
 * would be refused (`dues.schedule_start_passed`), and its page says so. */
export async function publishOutlook(deps: Pick<Deps, 'db' | 'clock' | 'association'>, id: string): Promise<PublishOutlook | null> {
  const schedule = await getSchedule(deps, id);
  return schedule.status === 'draft' ? outlookOf(deps, schedule) : null;
}

/** The same, for any version: after publishing, what its publication changed (the message then says it). */
export async function outlookOf(deps: Pick<Deps, 'db' | 'clock' | 'association'>, schedule: ListedSchedule): Promise<PublishOutlook> {
  const today = await todayIn(deps);
  const published = publishedOnly(await q.loadSchedules(deps.db)); // newest first
  const before = published.find((s) => s.effectiveFrom < schedule.effectiveFrom) ?? null;
  const after = published.filter((s) => s.effectiveFrom > schedule.effectiveFrom).pop() ?? null;
  return { schedule, today, before, after };
}

const startPassedError = (effectiveFrom: string) =>
  new AppError('dues.schedule_start_passed', {
    status: 409,
    message: `This draft starts on ${formatDate(effectiveFrom)}, which has passed. Replace it with a start date of today or later, then publish it.`,
  });

/** What the API and the audit log show of a schedule. */
export function presentSchedule(s: DuesSchedule, status: ScheduleStatus) {
  return { id: s.id, effectiveFrom: s.effectiveFrom, status, note: s.note, publishedAt: s.publishedAt?.toISOString() ?? null, rules: s.rules };
}

type ChangeDeps = Pick<Deps, 'db' | 'clock' | 'changes' | 'association'>;
interface Actor {
  actorUserId: string;
  requestId?: string;
}

/** 409: a version that has taken effect is never changed. */
export const inEffectError = (effectiveFrom: string) =>
  new AppError('dues.schedule_in_effect', {
    message: `The schedule that starts on ${formatDate(effectiveFrom)} has already taken effect, so it cannot be changed. Create a new version with a later start date instead.`,
  });

function checkInput(input: ScheduleInput, today: string) {
  const errors = rulesProblems(input.rules);
  if (input.effectiveFrom < today) errors.effectiveFrom = `Choose today (${formatDate(today)}) or a later date: dues cannot start on a day that has passed.`;
  if (Object.keys(errors).length) throw fieldError(errors);
}

async function guardUnique<T>(effectiveFrom: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('dues.schedule_exists', { message: `A schedule starting on ${formatDate(effectiveFrom)} already exists. Choose another date, or replace that version.` });
    }
    throw err;
  }
}

async function auditedSchedule(trx: Kysely<DB>, id: string, today: string) {
  const all = await q.loadSchedules(trx);
  const s = all.find((x) => x.id === id);
  return s ? presentSchedule(s, statusOf(s, all, today)) : null;
}

/** A new version, as a draft. Its start date is today or later and not taken by another version. */
export async function createSchedule(deps: ChangeDeps, input: Actor & { schedule: ScheduleInput }): Promise<ListedSchedule> {
  const now = deps.clock.now();
  const today = await todayIn(deps);
  const { schedule } = input;
  const id = await guardUnique(schedule.effectiveFrom, () =>
    deps.db.transaction().execute(async (trx) => {
      const existing = await q.scheduleOnDate(trx, schedule.effectiveFrom);
      if (existing && hasTakenEffect({ effectiveFrom: schedule.effectiveFrom, published: existing.published }, today)) throw inEffectError(schedule.effectiveFrom);
      checkInput(schedule, today);
      if (existing) {
        throw new AppError('dues.schedule_exists', {
          message: `A version starting on ${formatDate(schedule.effectiveFrom)} already exists. Replace that version, or choose another date.`,
        });
      }
      const newId = await q.insertSchedule(trx, schedule, input.actorUserId, now);
      await writeAudit(trx, {
        at: now,
        actorUserId: input.actorUserId,
        action: 'dues.schedule_created',
        entityType: 'dues_schedule',
        entityId: newId,
        after: await auditedSchedule(trx, newId, today),
        requestId: input.requestId,
      });
      return newId;
    }),
  );
  await deps.changes.notify(DUES_CHANNEL); // every process forgets its schedules (this one at once)
  return getSchedule(deps, id);
}

/** Replaces a draft or a published future version (date, note, rules and bands); the result is
 * a draft. A version in effect: 409. */
export async function replaceSchedule(deps: ChangeDeps, input: Actor & { id: string; schedule: ScheduleInput }): Promise<ListedSchedule> {
  const now = deps.clock.now();
  const today = await todayIn(deps);
  await guardUnique(input.schedule.effectiveFrom, () =>
    deps.db.transaction().execute(async (trx) => {
      const current = isUuid(input.id) ? await q.lockSchedule(trx, input.id) : null;
      if (!current) throw notFound();
      if (hasTakenEffect(current, today)) throw inEffectError(current.effectiveFrom);
      checkInput(input.schedule, today);
      const before = await auditedSchedule(trx, input.id, today);
      await q.replaceSchedule(trx, input.id, input.schedule, now);
      await writeAudit(trx, {
        at: now,
        actorUserId: input.actorUserId,
        action: 'dues.schedule_replaced',
        entityType: 'dues_schedule',
        entityId: input.id,
        before,
        after: await auditedSchedule(trx, input.id, today),
        requestId: input.requestId,
      });
    }),
  );
  await deps.changes.notify(DUES_CHANNEL); // every process forgets its schedules (this one at once)
  return getSchedule(deps, input.id);
}

/** Deletes a draft or a published future version. A version in effect: 409. */
export async function deleteSchedule(deps: ChangeDeps, input: Actor & { id: string }): Promise<void> {
  const now = deps.clock.now();
  const today = await todayIn(deps);
  await deps.db.transaction().execute(async (trx) => {
    const current = isUuid(input.id) ? await q.lockSchedule(trx, input.id) : null;
    if (!current) throw notFound();
    if (hasTakenEffect(current, today)) throw inEffectError(current.effectiveFrom);
    const before = await auditedSchedule(trx, input.id, today);
    await q.deleteSchedule(trx, input.id);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'dues.schedule_deleted',
      entityType: 'dues_schedule',
      entityId: input.id,
      before,
      requestId: input.requestId,
    });
  });
  await deps.changes.notify(DUES_CHANNEL); // every process forgets its schedules (this one at once)
}

/**
 * Publishes a draft: from then on visitors see it and quotes use it from its start date. Its
 * start date must be today or later, so publishing never changes a price already quoted for a
 * day gone by. Errors: not_found; dues.schedule_published (409); dues.schedule_start_passed (409).
 */
export async function publishSchedule(deps: ChangeDeps, input: Actor & { id: string }): Promise<ListedSchedule> {
  const now = deps.clock.now();
  const today = await todayIn(deps);
  await deps.db.transaction().execute(async (trx) => {
    const current = isUuid(input.id) ? await q.lockSchedule(trx, input.id) : null;
    if (!current) throw notFound();
    if (current.published) throw new AppError('dues.schedule_published', { status: 409, message: 'This version is already published.' });
    if (current.effectiveFrom < today) throw startPassedError(current.effectiveFrom);
    const before = await auditedSchedule(trx, input.id, today);
    await q.publishSchedule(trx, input.id, now);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'dues.schedule_published',
      entityType: 'dues_schedule',
      entityId: input.id,
      before,
      after: await auditedSchedule(trx, input.id, today),
      requestId: input.requestId,
    });
  });
  await deps.changes.notify(DUES_CHANNEL); // every process forgets its schedules (this one at once)
  return getSchedule(deps, input.id);
}
