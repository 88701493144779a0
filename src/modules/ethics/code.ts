// The Code of Ethics in force and its versions (0049_ethics_code). Complaints name tenets of the
// version in force when they are filed.
import type { Db } from '../../db/client.js';

export interface Tenet {
  number: number;
  title: string;
  body: string;
  guidelines: string;
}

export interface CodeVersion {
  id: string;
  version: number;
  title: string;
  preamble: string;
  rulesOfProcedure: string;
  publishedAt: Date;
  tenets: Tenet[];
}

/** The version in force (the one published last), with its tenets in order; null before any is published. */
export async function codeInForce(db: Db): Promise<CodeVersion | null> {
  const v = await db
    .selectFrom('ethics_code_versions')
    .select(['id', 'version', 'title', 'preamble', 'rules_of_procedure', 'published_at'])
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!v?.published_at) return null;
  const tenets = await db.selectFrom('ethics_tenets').select(['number', 'title', 'body', 'guidelines']).where('version_id', '=', v.id).orderBy('number').execute();
  return { id: v.id, version: v.version, title: v.title, preamble: v.preamble, rulesOfProcedure: v.rules_of_procedure, publishedAt: v.published_at, tenets };
}

/** The tenets of the code in force, by number: what a complaint may name. Empty before any is published. */
export async function currentTenets(db: Db): Promise<Array<Pick<Tenet, 'number' | 'title'>>> {
  return (await codeInForce(db))?.tenets.map((t) => ({ number: t.number, title: t.title })) ?? [];
}

export interface PublishedVersionSummary {
  version: number;
  title: string;
  publishedAt: Date;
  /** the version in force (the one published last) */
  inForce: boolean;
}

/** Every published version, newest first; the first is in force. */
export async function publishedVersions(db: Db): Promise<PublishedVersionSummary[]> {
  const rows = await db
    .selectFrom('ethics_code_versions')
    .select(['version', 'title', 'published_at'])
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r, i) => ({ version: r.version, title: r.title, publishedAt: r.published_at ?? new Date(0), inForce: i === 0 }));
}

/** A published version by its number, with its tenets; null for a draft or an unknown number. */
export async function publishedVersion(db: Db, version: number): Promise<CodeVersion | null> {
  const v = await db
    .selectFrom('ethics_code_versions')
    .select(['id', 'version', 'title', 'preamble', 'rules_of_procedure', 'published_at'])
    .where('version', '=', version)
    .where('published_at', 'is not', null)
    .executeTakeFirst();
  if (!v?.published_at) return null;
  const tenets = await db.selectFrom('ethics_tenets').select(['number', 'title', 'body', 'guidelines']).where('version_id', '=', v.id).orderBy('number').execute();
  return { id: v.id, version: v.version, title: v.title, preamble: v.preamble, rulesOfProcedure: v.rules_of_procedure, publishedAt: v.published_at, tenets };
}
