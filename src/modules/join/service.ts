// Join page sections (O1): read by everyone, edited by communications staff, every edit audited.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { type JoinSectionInput, joinSectionInput } from './schemas.js';
import { SECTIONS, type SectionDefinition, type SectionKey, sectionDefinition, sectionPosition } from './sections.js';

export interface JoinSection {
  key: SectionKey;
  definition: SectionDefinition;
  title: string;
  body: string;
  /** null until staff (or the demo data) first wrote it */
  updatedAt: Date | null;
}

/** Every section of the page in order; one not yet written has its default title and no text. */
export async function listJoinSections(deps: Pick<Deps, 'db'>): Promise<JoinSection[]> {
  const rows = await deps.db.selectFrom('join_sections').select(['key', 'title', 'body', 'updated_at']).execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return SECTIONS.map((definition) => {
    const row = byKey.get(definition.key);
    return { key: definition.key, definition, title: row?.title ?? definition.defaultTitle, body: row?.body ?? '', updatedAt: row?.updated_at ?? null };
  });
}

export async function getJoinSection(deps: Pick<Deps, 'db'>, key: string): Promise<JoinSection> {
  const found = (await listJoinSections(deps)).find((s) => s.key === key);
  if (!found) throw new AppError('not_found', { message: 'There is no such section of the join page.' });
  return found;
}

/**
 * Replaces a section's title and text, with an audit row (before and after) in the same
 * transaction. An edit that changes nothing writes nothing. Returns whether anything changed.
 */
export async function updateJoinSection(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { actorUserId: string; key: string; values: JoinSectionInput; requestId?: string },
): Promise<{ changed: boolean }> {
  const definition = sectionDefinition(input.key);
  if (!definition) throw new AppError('not_found', { message: 'There is no such section of the join page.' });
  const parsed = joinSectionInput.safeParse(input.values);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
    throw fieldError(fields);
  }
  const { title, body } = parsed.data;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('join_sections').select(['title', 'body']).where('key', '=', definition.key).forUpdate().executeTakeFirst();
    if (before && before.title === title && before.body === body) return { changed: false };
    await trx
      .insertInto('join_sections')
      .values({ key: definition.key, position: sectionPosition(definition.key), title, body, updated_at: now, updated_by: input.actorUserId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ title, body, updated_at: now, updated_by: input.actorUserId }))
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'join.section_updated',
      entityType: 'join_section',
      entityId: definition.key,
      before: before ?? null,
      after: { title, body },
      requestId: input.requestId,
    });
    return { changed: true };
  });
}

/** Writes sections without an actor or audit row: for demo data and first installs only. */
export async function writeJoinSections(trx: Transaction<DB>, sections: ReadonlyArray<{ key: SectionKey; title: string; body: string }>, at: Date): Promise<void> {
  for (const s of sections) {
    await trx
      .insertInto('join_sections')
      .values({ key: s.key, position: sectionPosition(s.key), title: s.title, body: s.body, updated_at: at, updated_by: null })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}
