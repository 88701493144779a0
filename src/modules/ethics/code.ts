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
