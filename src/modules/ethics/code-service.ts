// Writing the Code of Ethics (issue 17, I5): ethics staff start a draft (a copy of the version in
// force), change its title, preamble and rules of procedure, add, change, move and remove tenets,
// and publish it, which makes it the version in force. One draft at a time; a published version
// is never changed. Every change writes its audit row in its transaction.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { MAX_TENETS } from './code-schemas.js';

type Trx = Transaction<DB>;
export type CodeDeps = Pick<Deps, 'db' | 'clock'>;
export interface CodeActor {
  userId: string;
  requestId?: string;
}

export interface TenetInput {
  /** where the tenet goes (1 = first); null: at the end (adding) or where it is (changing) */
  number: number | null;
  title: string;
  body: string;
  guidelines: string;
}

interface TenetRow {
  number: number;
  title: string;
  body: string;
  guidelines: string;
}

const noVersion = () => new AppError('not_found', { message: 'There is no such version of the code.' });
const noTenet = () => new AppError('not_found', { message: 'This draft has no tenet with that number.' });

/** The draft, locked for the change; a published version is refused (409), an unknown one is a 404. */
async function lockDraft(trx: Trx, versionId: string) {
  const v = await trx
    .selectFrom('ethics_code_versions')
    .select(['id', 'version', 'title', 'preamble', 'rules_of_procedure', 'published_at'])
    .where('id', '=', versionId)
    .forUpdate()
    .executeTakeFirst();
  if (!v) throw noVersion();
  if (v.published_at)
    throw new AppError('ethics.code_published', { status: 409, message: `Version ${v.version} is published and cannot be changed: start a new draft to change the code.` });
  return v;
}

const tenetsOf = (trx: Trx, versionId: string): Promise<TenetRow[]> =>
  trx.selectFrom('ethics_tenets').select(['number', 'title', 'body', 'guidelines']).where('version_id', '=', versionId).orderBy('number').execute();

/** Writes the tenets numbered 1, 2, 3 … in the order given (the draft's numbers never have gaps). */
async function rewriteTenets(trx: Trx, versionId: string, tenets: Array<Omit<TenetRow, 'number'>>): Promise<void> {
  await trx.deleteFrom('ethics_tenets').where('version_id', '=', versionId).execute();
  if (tenets.length === 0) return;
  await trx
    .insertInto('ethics_tenets')
    .values(tenets.map((t, i) => ({ version_id: versionId, number: i + 1, title: t.title, body: t.body, guidelines: t.guidelines })))
    .execute();
}

const audit = (trx: Trx, deps: CodeDeps, actor: CodeActor, action: string, entityId: string, before: unknown, after: unknown) =>
  writeAudit(trx, { at: deps.clock.now(), actorUserId: actor.userId, action, entityType: 'ethics_code_version', entityId, before, after, requestId: actor.requestId });

/** Starts a draft: a copy of the version in force (or an empty code before any is published).
 * Refused (409) while another draft exists. */
export async function createCodeDraft(deps: CodeDeps, actor: CodeActor): Promise<{ id: string; version: number }> {
  return deps.db.transaction().execute(async (trx) => {
    // One draft at a time: the newest version row is locked, so two "start a draft" wait for each other.
    const versions = await trx.selectFrom('ethics_code_versions').select(['id', 'version', 'published_at']).orderBy('version', 'desc').forUpdate().execute();
    const draft = versions.find((v) => !v.published_at);
    if (draft) throw new AppError('ethics.code_draft_exists', { status: 409, message: `Version ${draft.version} is a draft already: change it, publish it or discard it first.` });
    const inForce = await trx
      .selectFrom('ethics_code_versions')
      .select(['id', 'version', 'title', 'preamble', 'rules_of_procedure'])
      .where('published_at', 'is not', null)
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .executeTakeFirst();
    const version = (versions[0]?.version ?? 0) + 1;
    const created = await trx
      .insertInto('ethics_code_versions')
      .values({
        version,
        title: inForce?.title ?? 'Code of Ethics',
        preamble: inForce?.preamble ?? '',
        rules_of_procedure: inForce?.rules_of_procedure ?? '',
        created_by: actor.userId,
        created_at: deps.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (inForce) await rewriteTenets(trx, created.id, await tenetsOf(trx, inForce.id));
    await audit(trx, deps, actor, 'ethics.code_draft_created', created.id, null, { version, copiedFrom: inForce?.version ?? null });
    return { id: created.id, version };
  });
}

export async function updateCodeDraft(deps: CodeDeps, actor: CodeActor, input: { versionId: string; title: string; preamble: string; rulesOfProcedure: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const v = await lockDraft(trx, input.versionId);
    await trx
      .updateTable('ethics_code_versions')
      .set({ title: input.title, preamble: input.preamble, rules_of_procedure: input.rulesOfProcedure })
      .where('id', '=', v.id)
      .execute();
    await audit(
      trx,
      deps,
      actor,
      'ethics.code_draft_updated',
      v.id,
      { title: v.title, preambleChars: v.preamble.length, rulesChars: v.rules_of_procedure.length },
      { title: input.title, preambleChars: input.preamble.length, rulesChars: input.rulesOfProcedure.length },
    );
  });
}

const placeAt = (n: number | null, length: number) => Math.min(Math.max((n ?? length + 1) - 1, 0), length);

/** Adds a tenet at its number (the ones from there on move down one), or at the end. */
export async function addCodeTenet(deps: CodeDeps, actor: CodeActor, input: TenetInput & { versionId: string }): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const v = await lockDraft(trx, input.versionId);
    const tenets = await tenetsOf(trx, v.id);
    if (tenets.length >= MAX_TENETS) throw new AppError('validation_failed', { fields: { name: `A version has at most ${MAX_TENETS} tenets.` } });
    const at = placeAt(input.number, tenets.length);
    tenets.splice(at, 0, { number: 0, title: input.title, body: input.body, guidelines: input.guidelines });
    await rewriteTenets(trx, v.id, tenets);
    await audit(trx, deps, actor, 'ethics.code_tenet_added', v.id, null, { version: v.version, number: at + 1, title: input.title });
    return at + 1;
  });
}

/** Changes a tenet; a new number moves it there, and the others close up around it. */
export async function updateCodeTenet(deps: CodeDeps, actor: CodeActor, input: TenetInput & { versionId: string; currentNumber: number }): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const v = await lockDraft(trx, input.versionId);
    const tenets = await tenetsOf(trx, v.id);
    const from = tenets.findIndex((t) => t.number === input.currentNumber);
    const old = tenets[from];
    if (from < 0 || !old) throw noTenet();
    if (input.number !== null && input.number > tenets.length)
      throw new AppError('validation_failed', { fields: { number: `Use a number from 1 to ${tenets.length}: this draft has ${tenets.length} tenets.` } });
    tenets.splice(from, 1);
    const at = input.number === null ? from : input.number - 1;
    tenets.splice(at, 0, { number: 0, title: input.title, body: input.body, guidelines: input.guidelines });
    await rewriteTenets(trx, v.id, tenets);
    await audit(
      trx,
      deps,
      actor,
      'ethics.code_tenet_updated',
      v.id,
      { version: v.version, number: old.number, title: old.title, bodyChars: old.body.length, guidelinesChars: old.guidelines.length },
      { version: v.version, number: at + 1, title: input.title, bodyChars: input.body.length, guidelinesChars: input.guidelines.length },
    );
    return at + 1;
  });
}

/** Removes a tenet; the ones after it move up one. */
export async function removeCodeTenet(deps: CodeDeps, actor: CodeActor, input: { versionId: string; number: number }): Promise<{ title: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const v = await lockDraft(trx, input.versionId);
    const tenets = await tenetsOf(trx, v.id);
    const old = tenets.find((t) => t.number === input.number);
    if (!old) throw noTenet();
    await rewriteTenets(
      trx,
      v.id,
      tenets.filter((t) => t.number !== input.number),
    );
    await audit(trx, deps, actor, 'ethics.code_tenet_removed', v.id, { version: v.version, number: old.number, title: old.title }, null);
    return { title: old.title };
  });
}

/** What stops a draft being published, by field; empty when it may be. */
export function publicationProblems(v: { title: string; preamble: string; rulesOfProcedure: string; tenetCount: number }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!v.title.trim()) problems.title = 'Give the code a title before publishing it.';
  if (!v.preamble.trim()) problems.preamble = 'Write the preamble before publishing: it introduces the code on /ethics.';
  if (!v.rulesOfProcedure.trim()) problems.rulesOfProcedure = 'Write the rules of procedure before publishing: complainants and members rely on them.';
  if (v.tenetCount === 0) problems.tenets = 'Add at least one tenet before publishing.';
  return problems;
}

/** Publishes the draft: it becomes the version in force, read-only from now on. */
export async function publishCodeDraft(deps: CodeDeps, actor: CodeActor, input: { versionId: string }): Promise<{ version: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const v = await lockDraft(trx, input.versionId);
    const tenets = await tenetsOf(trx, v.id);
    const problems = publicationProblems({ title: v.title, preamble: v.preamble, rulesOfProcedure: v.rules_of_procedure, tenetCount: tenets.length });
    if (Object.keys(problems).length > 0) throw new AppError('validation_failed', { status: 422, message: 'This draft cannot be published yet.', fields: problems });
    const now = deps.clock.now();
    await trx.updateTable('ethics_code_versions').set({ published_at: now, published_by: actor.userId }).where('id', '=', v.id).where('published_at', 'is', null).execute();
    await audit(trx, deps, actor, 'ethics.code_published', v.id, { version: v.version, published: false }, { version: v.version, published: true, tenets: tenets.length });
    return { version: v.version };
  });
}

/** Discards the draft (its tenets with it). */
export async function discardCodeDraft(deps: CodeDeps, actor: CodeActor, input: { versionId: string }): Promise<{ version: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const v = await lockDraft(trx, input.versionId);
    await trx.deleteFrom('ethics_code_versions').where('id', '=', v.id).execute();
    await audit(trx, deps, actor, 'ethics.code_draft_discarded', v.id, { version: v.version, title: v.title }, null);
    return { version: v.version };
  });
}
