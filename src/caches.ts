// The caches every app keeps of rows many requests read alike: the association's settings, the
// network's summaries and kept searches. A change in any process (deps.changes) drops them.
import type { Transaction } from 'kysely';
import { assertOutsideTransaction, type Db, detachedFromTransaction } from './db/client.js';
import type { Association, DB } from './db/types.js';
import type { Changes } from './lib/changes.js';
import type { Clock } from './lib/clock.js';

export interface AssociationCache {
  get(): Promise<Association>;
  /** The association's time zone as last read (`get`, or a change heard): waits for the database
   * only before the first read, so that it may be asked inside a transaction (PGlite has one
   * connection, which the transaction holds). */
  timeZone(): Promise<string>;
  /** The same zone without waiting: null until the first read (and always through a transaction). */
  knownTimeZone(): string | null;
  invalidate(): void;
}

/** Values computed from kept summaries (the network's figures, counts by state, its rendered map),
 * kept in this process for `SUMMARY_CACHE_MS`; `invalidate()` forgets them all (a change made by
 * this process, or a `network_summary` notification from another). */
export interface SummaryCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  invalidate(): void;
}

export const ASSOCIATION_CHANNEL = 'association';

const FALLBACK_ASSOCIATION: Association = {
  id: 1,
  name: 'Civnet',
  short_name: 'Civnet',
  contact_email: 'hello@civnet.local',
  phone: '',
  address: '',
  website: '',
  founded_year: 2000,
  membership_year_start_month: 1,
  updated_at: new Date(0),
  invoice_terms_days: 30,
  activation_rule: 'full',
  term_model: 'anniversary',
  renewal_lead_days: 60,
  reminder_days: [0, 14, 30],
  grace_days: 30,
  brand_colour: null,
  logo_file_id: null,
  w9_file_id: null,
  w9_attach_to_invoices: false,
  remit_check_payee: '',
  remit_check_address: '',
  remit_ach_bank: '',
  remit_ach_routing: '',
  remit_ach_account: '',
  default_advisor_user_id: null,
  email_signature: '',
  time_zone: 'America/New_York',
  membership_terms: '',
};

/** The association row; a change in any process (the `association` channel) drops it. Past
 * `ttlMs` the copy kept is still answered at once and read again in the background: a read that
 * waited for the database could be asked inside a transaction, and on PGlite (one connection, which
 * the transaction holds) it would wait forever (an application sent 30 s after the page was read
 * held the whole server). */
export function associationCache(db: Db, ttlMs: number, clock: Clock, changes: Changes): AssociationCache {
  // get() inside a transaction is a mistake even while the copy is kept: in the moment after a
  // change (or before the first read) it reads the root handle. The test databases refuse it at once.
  let cached: { value: Association; at: number } | null = null;
  let zone: string | null = null;
  let refreshing: Promise<Association> | null = null;
  const read = async (): Promise<Association> => {
    const now = clock.now().getTime();
    const row = await db.selectFrom('association').selectAll().where('id', '=', 1).executeTakeFirst();
    cached = { value: row ?? FALLBACK_ASSOCIATION, at: now };
    zone = cached.value.time_zone;
    return cached.value;
  };
  const refresh = () => {
    refreshing ??= detachedFromTransaction(read).finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  changes.on(ASSOCIATION_CHANNEL, () => {
    cached = null;
    // the zone is read again at once, in the background: timeZone() does not wait for it
    if (zone !== null) void detachedFromTransaction(read).catch(() => {});
  });
  return {
    async get() {
      // even when kept: cold (a change, a fresh process), it would read through the root handle
      assertOutsideTransaction(db, "The association's settings (deps.association.get()) were read");
      if (!cached) return read();
      if (clock.now().getTime() - cached.at >= ttlMs) void refresh().catch(() => {});
      return cached.value;
    },
    async timeZone() {
      return zone ?? (await read()).time_zone;
    },
    knownTimeZone: () => zone,
    invalidate() {
      void changes.notify(ASSOCIATION_CHANNEL); // drops this process's copy at once, then the others'
    },
  };
}

/** The association row read through an executor (a transaction), uncached: for code that runs
 * inside a transaction and reads the settings (the cached one may read the root handle, which
 * waits forever inside a transaction on PGlite), and for seeds. */
export function associationThrough(executor: Db | Transaction<DB>): AssociationCache {
  const get = () => executor.selectFrom('association').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { get, timeZone: async () => (await get()).time_zone, knownTimeZone: () => null, invalidate: () => {} };
}

/** At most this many keys are kept (filters make keys); past it, the oldest goes. */
const SUMMARY_CACHE_KEYS = 500;

/** The channel (deps.changes, prefixed civnet_) the network summary triggers notify (0039). */
export const NETWORK_SUMMARY_CHANNEL = 'network_summary';

/** The channel to notify (`deps.changes.notify`) after a change that may alter a kept search's
 * results (a resource, a topic or a job posting saved): every process forgets its kept searches. */
export const SEARCHES_CHANNEL = 'searches';

export function summaryCache(ttlMs: number, now: () => number): SummaryCache {
  const entries = new Map<string, { value: Promise<unknown>; at: number }>();
  let generation = 0;
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return load();
      const t = now();
      const hit = entries.get(key);
      if (hit && t >= hit.at && t - hit.at < ttlMs) return hit.value as Promise<T>;
      const started = generation;
      const value = load();
      entries.delete(key);
      entries.set(key, { value, at: t });
      if (entries.size > SUMMARY_CACHE_KEYS) entries.delete(entries.keys().next().value as string);
      // A failed load is not kept; nor is one that started before an invalidation.
      value.then(
        () => {
          if (generation !== started && entries.get(key)?.value === value) entries.delete(key);
        },
        () => {
          if (entries.get(key)?.value === value) entries.delete(key);
        },
      );
      return value;
    },
    invalidate() {
      generation++;
      entries.clear();
    },
  };
}
