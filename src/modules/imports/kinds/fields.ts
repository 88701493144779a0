// What every kind of import shares: its fields and their mapping to a file's columns, how a row is
// read and its problems noted, and what a kind declares (the registry in kinds/index.ts). Pure
// except for a kind's `resolve` and `write`, which the service runs in its transaction.
import type { Transaction } from 'kysely';
import type { Db } from '../../../db/client.js';
import type { DB, ImportKind } from '../../../db/types.js';

export interface ImportField {
  key: string;
  label: string;
  required: boolean;
  hint: string;
  /** other header names this field is recognised by */
  aliases: string[];
}

export type Mapping = Record<string, string>;

export interface RowProblem {
  row: number;
  column: string;
  value: string;
  problem: string;
}

/** The external id: every kind has it, first. */
export const EXTERNAL_ID: ImportField = {
  key: 'external_id',
  label: 'External id',
  required: true,
  hint: 'The row’s id in the old system: re-importing a row with the same id updates what it became.',
  aliases: ['id', 'externalid', 'record_id', 'account_id'],
};

/** One row as a kind's check sees it: each field's trimmed text, and a way to note a problem. */
export interface RowReader {
  row: number;
  /** the import's day (YYYY-MM-DD, UTC): whether a term is current */
  today: string;
  get(key: string): string;
  fail(key: string, value: string, problem: string): void;
}

/** A row that passed its checks, with the database's answers (`resolve`) still to come. */
export interface Checked<T> {
  row: number;
  externalId: string;
  value: T;
  hash: string;
}

export interface WriteContext {
  source: string;
  at: Date;
  /** today in the association's time zone */
  today: string;
}

/** What a kind of import is: its words, fields, checks and writer. */
/** A record an import created, as its page links it. */
export interface MadeLink {
  label: string;
  href: string;
}

export interface KindSpec<T> {
  kind: ImportKind;
  /** "organization", "contact", "individual member" */
  noun: string;
  /** "organizations", "contacts", "individual members" */
  plural: string;
  fields: ImportField[];
  /** the row's value, or null when it noted problems */
  check(r: RowReader): T | null;
  /** a second row in the file that must not be there (beyond a repeated external id): its key and the problem */
  duplicate?: { key(value: T): string; problem(firstRow: number): string; field: string };
  /**
   * Checks that need the database (an organization imported before, a level, an open membership),
   * a batch at a time, in the dry run as in the import: the rows that pass, filled in, and the
   * problems of the others.
   */
  resolve?(db: Db | Transaction<DB>, ctx: WriteContext, rows: Array<Checked<T>>): Promise<{ ok: Array<Checked<T>>; problems: RowProblem[] }>;
  /** What a new row became, named and linked to a page membership staff can open (the finished
   * import's page lists the first ones); none when there is no such page (the page gives counts). */
  made?(value: T, id: string): MadeLink;
  /** Writes new rows (gives the id each became, in order) and edited ones (with the id they became before). */
  write(trx: Transaction<DB>, ctx: WriteContext, fresh: T[], edited: Array<{ id: string; value: T }>): Promise<string[]>;
}

export const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** A mapping guessed from the headers: a field goes to the header with its key, label or an alias. */
export function guessMapping(fields: ImportField[], headers: string[]): Mapping {
  const out: Mapping = {};
  for (const f of fields) {
    const names = new Set([f.key, norm(f.label), ...f.aliases]);
    const found = headers.find((h) => names.has(norm(h)));
    if (found !== undefined) out[f.key] = found;
  }
  return out;
}

/** Problems with a mapping against the file's headers (by field key); none when it is usable. */
export function mappingProblems(fields: ImportField[], mapping: Mapping, headers: string[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const used = new Map<string, string>();
  for (const f of fields) {
    const header = mapping[f.key] ?? '';
    if (!header) {
      if (f.required) problems[f.key] = `Choose the column that holds the ${f.label.toLowerCase()}: it is required.`;
      continue;
    }
    if (!headers.includes(header)) problems[f.key] = `The file has no column “${header}”.`;
    else if (used.has(header)) problems[f.key] = `The column “${header}” is already chosen for ${used.get(header)}.`;
    else used.set(header, f.label);
  }
  return problems;
}

/** A date in the file: YYYY-MM-DD, or M/D/YYYY as spreadsheets write it; null when it is not one. */
export function parseDate(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!match) return null;
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2200 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** An amount of money in the file ("1,250.00", "$125", "125.5") in integer cents; null when it is not one. */
export function parseCents(text: string): number | null {
  const t = text.replace(/[$,\s]/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Erases a kind's value type for the registry (each kind's functions only ever see its own values). */
export const defineKind = <T>(spec: KindSpec<T>): KindSpec<unknown> => spec as unknown as KindSpec<unknown>;
