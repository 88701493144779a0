// Reads of the Code of Ethics for its editor (ethics staff): every version with its status, and a
// version (draft or published) with its tenets.
import type { Db } from '../../db/client.js';
import type { Tenet } from './code.js';

export interface StaffVersionSummary {
  id: string;
  version: number;
  title: string;
  publishedAt: Date | null;
  inForce: boolean;
  tenetCount: number;
}

export interface StaffCodeVersion {
  id: string;
  version: number;
  title: string;
  preamble: string;
  rulesOfProcedure: string;
  publishedAt: Date | null;
  publishedByName: string | null;
  tenets: Tenet[];
}

/** Every version, newest first, the draft among them; the one published last is in force. */
export async function staffCodeVersions(db: Db): Promise<StaffVersionSummary[]> {
  const rows = await db
    .selectFrom('ethics_code_versions as v')
    .select(['v.id', 'v.version', 'v.title', 'v.published_at'])
    .select((eb) =>
      eb
        .selectFrom('ethics_tenets as t')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('t.version_id', '=', 'v.id')
        .as('tenets'),
    )
    .orderBy('v.version', 'desc')
    .execute();
  const inForce = rows.filter((r) => r.published_at).sort((a, b) => (b.published_at?.getTime() ?? 0) - (a.published_at?.getTime() ?? 0) || b.version - a.version)[0];
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    title: r.title,
    publishedAt: r.published_at,
    inForce: r.id === inForce?.id,
    tenetCount: Number(r.tenets ?? 0),
  }));
}

/** A version by id, with its tenets; undefined when there is none. */
export async function staffCodeVersion(db: Db, id: string): Promise<StaffCodeVersion | undefined> {
  const v = await db
    .selectFrom('ethics_code_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.id', 'v.version', 'v.title', 'v.preamble', 'v.rules_of_procedure', 'v.published_at', 'u.name as published_by_name'])
    .where('v.id', '=', id)
    .executeTakeFirst();
  if (!v) return undefined;
  const tenets = await db.selectFrom('ethics_tenets').select(['number', 'title', 'body', 'guidelines']).where('version_id', '=', v.id).orderBy('number').execute();
  return {
    id: v.id,
    version: v.version,
    title: v.title,
    preamble: v.preamble,
    rulesOfProcedure: v.rules_of_procedure,
    publishedAt: v.published_at,
    publishedByName: v.published_by_name,
    tenets,
  };
}
