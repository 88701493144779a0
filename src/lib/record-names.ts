// Records named for staff: an id of a module's record as the words a person reads ("Event
// “Climate summit”") and its staff page, looked up in one batch per kind. The audit log names the
// records its entries are about through the lookups modules register (deps.slots.recordNames).
import type { Db } from '../db/client.js';

export interface RecordName {
  /** "Event “Climate summit”", "Sponsorship package “Gold”" */
  name: string;
  /** its record's staff page, when it has one */
  href: string | null;
}

/** The names of a kind's records by id (ids that are not its records are left out). */
export type RecordNamer = (db: Db, ids: readonly string[]) => Promise<Map<string, RecordName>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids worth looking up: well-formed and each once (an audit row's id is text). */
export const lookupIds = (ids: readonly string[]): string[] => [...new Set(ids.filter((id) => UUID.test(id)))];

/** A record's title in a sentence: `Event “Climate summit”`. */
export const titled = (kind: string, title: string) => `${kind} “${title}”`;
