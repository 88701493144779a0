// Pathways (O11): the network's taxonomy of priorities (zero emission, nature-based, …).
// Communications staff add, rename and archive them; organizations choose theirs; later
// modules tag resources and programs with them. Knows nothing of HTTP.
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import { lookupIds, type RecordNamer, titled } from '../../lib/record-names.js';
import { slugify } from '../organizations/index.js';

export interface Pathway {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  archivedAt: Date | null;
}

export const pathwayInput = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
    description: z.string().trim().max(1000, 'Use at most 1,000 characters.').default(''),
  })
  .strip();
export type PathwayInput = z.output<typeof pathwayInput>;

type Executor = Db | Transaction<DB>;

const toPathway = (r: { id: string; slug: string; name: string; description: string; position: number; archived_at: Date | null }): Pathway => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  position: r.position,
  archivedAt: r.archived_at,
});

/** Pathways in their order; archived ones only when asked. */
export async function listPathways(db: Executor, opts: { includeArchived?: boolean } = {}): Promise<Pathway[]> {
  let q = db.selectFrom('pathways').select(['id', 'slug', 'name', 'description', 'position', 'archived_at']);
  if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('position').orderBy('name').execute();
  return rows.map(toPathway);
}

export async function getPathway(db: Executor, id: string): Promise<Pathway> {
  const row = z.uuid().safeParse(id).success
    ? await db.selectFrom('pathways').select(['id', 'slug', 'name', 'description', 'position', 'archived_at']).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('not_found', { message: 'There is no such pathway.' });
  return toPathway(row);
}

/** The current (not archived) pathways of each organization, by organization id. */
export async function pathwaysOfOrganizations(db: Executor, organizationIds: string[]): Promise<Map<string, Pathway[]>> {
  const out = new Map<string, Pathway[]>();
  if (organizationIds.length === 0) return out;
  const rows = await db
    .selectFrom('organization_pathways as op')
    .innerJoin('pathways as p', 'p.id', 'op.pathway_id')
    .select(['op.organization_id', 'p.id', 'p.slug', 'p.name', 'p.description', 'p.position', 'p.archived_at'])
    .where('op.organization_id', 'in', organizationIds)
    .where('p.archived_at', 'is', null)
    .orderBy('p.position')
    .orderBy('p.name')
    .execute();
  for (const r of rows) {
    const list = out.get(r.organization_id) ?? [];
    list.push(toPathway(r));
    out.set(r.organization_id, list);
  }
  return out;
}

/** Replaces an organization's pathways with these (unknown or archived ids are refused). */
export async function setOrganizationPathways(trx: Transaction<DB>, organizationId: string, pathwayIds: string[]): Promise<void> {
  const ids = [...new Set(pathwayIds)];
  if (ids.length > 0) {
    const known = await trx.selectFrom('pathways').select('id').where('id', 'in', ids).where('archived_at', 'is', null).execute();
    if (known.length !== ids.length) throw new AppError('validation_failed', { fields: { pathways: 'Choose from the pathways listed.' } });
  }
  // Archived pathways an organization chose stay chosen (hidden), so un-archiving restores them.
  const current = await pathwaysOfOrganizations(trx, [organizationId]);
  const drop = (current.get(organizationId) ?? []).map((p) => p.id).filter((id) => !ids.includes(id));
  if (drop.length > 0) await trx.deleteFrom('organization_pathways').where('organization_id', '=', organizationId).where('pathway_id', 'in', drop).execute();
  if (ids.length > 0)
    await trx
      .insertInto('organization_pathways')
      .values(ids.map((pathway_id) => ({ organization_id: organizationId, pathway_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
}

interface Actor {
  actorUserId: string;
  requestId?: string;
}

export async function createPathway(deps: Pick<Deps, 'db' | 'clock'>, input: PathwayInput & Actor): Promise<Pathway> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const base = slugify(input.name, '').replace(/-$/, '') || 'pathway';
    const taken = new Set((await trx.selectFrom('pathways').select('slug').where('slug', 'like', `${base}%`).execute()).map((r) => r.slug));
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const last = await trx
      .selectFrom('pathways')
      .select((eb) => eb.fn.max('position').as('max'))
      .executeTakeFirst();
    const row = await trx
      .insertInto('pathways')
      .values({ slug, name: input.name, description: input.description, position: Number(last?.max ?? 0) + 1 })
      .returning(['id', 'slug', 'name', 'description', 'position', 'archived_at'])
      .executeTakeFirstOrThrow();
    const created = toPathway(row);
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'pathways.created',
      entityType: 'pathway',
      entityId: created.id,
      after: created,
      requestId: input.requestId,
    });
    return created;
  });
}

export async function updatePathway(deps: Pick<Deps, 'db' | 'clock'>, id: string, input: PathwayInput & Actor): Promise<Pathway> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await getPathway(trx, id);
    const row = await trx
      .updateTable('pathways')
      .set({ name: input.name, description: input.description })
      .where('id', '=', before.id)
      .returning(['id', 'slug', 'name', 'description', 'position', 'archived_at'])
      .executeTakeFirstOrThrow();
    const after = toPathway(row);
    await writeAudit(trx, { at: now, actorUserId: input.actorUserId, action: 'pathways.updated', entityType: 'pathway', entityId: id, before, after, requestId: input.requestId });
    return after;
  });
}

/** Archived pathways disappear from forms, filters and public pages; choices are kept. */
export async function archivePathway(deps: Pick<Deps, 'db' | 'clock'>, id: string, input: Actor): Promise<Pathway> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await getPathway(trx, id);
    if (before.archivedAt) throw new AppError('pathways.already_archived', { message: 'This pathway is already archived.' });
    const row = await trx
      .updateTable('pathways')
      .set({ archived_at: now })
      .where('id', '=', before.id)
      .returning(['id', 'slug', 'name', 'description', 'position', 'archived_at'])
      .executeTakeFirstOrThrow();
    const after = toPathway(row);
    await writeAudit(trx, { at: now, actorUserId: input.actorUserId, action: 'pathways.archived', entityType: 'pathway', entityId: id, before, after, requestId: input.requestId });
    return after;
  });
}

export const DEMO_PATHWAYS = [
  { slug: 'zero-emission', name: 'Zero emission', description: 'Cutting greenhouse gas emissions to zero: clean energy, buildings and transport.' },
  { slug: 'nature-based', name: 'Nature-based', description: 'Working with nature: urban forests, wetlands, green infrastructure and biodiversity.' },
  { slug: 'equitable', name: 'Equitable', description: 'Fair access to services and opportunity for every resident.' },
  { slug: 'resilient', name: 'Resilient', description: 'Preparing for heat, flood, fire and other shocks, and recovering well.' },
  { slug: 'circular', name: 'Circular development', description: 'Keeping materials in use: less waste, reuse, repair and recycling.' },
] as const;

/** The demo taxonomy; returns the pathway ids by slug. */
export async function seedPathwaysDemo(trx: Transaction<DB>): Promise<Map<string, string>> {
  const rows = await trx
    .insertInto('pathways')
    .values(DEMO_PATHWAYS.map((p, i) => ({ slug: p.slug, name: p.name, description: p.description, position: i + 1 })))
    .returning(['id', 'slug'])
    .execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** pathways by name, with their staff page (the audit log's names: deps.slots.recordNames). */
export const pathwayNames: RecordNamer = async (db, ids) => {
  const list = lookupIds(ids);
  if (!list.length) return new Map();
  const rows = await db.selectFrom('pathways').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { name: titled('Pathway', r.name), href: `/staff/pathways/${r.id}` }]));
};
