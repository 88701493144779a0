// What every group route starts from: `loadGroup` answers 404 for a group the viewer may not see
// (a private group they are not in, a requested one) — the same as a group that does not exist —
// and `loadThread` for a thread of a group they may not read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { groupBySlug, membershipOf, threadById } from './queries.js';
import { groupNotFound, standingIn } from './shared.js';

/** A refusal a form shows again, or null for the error handler. */
export function refusal(err: unknown): { status: number; errors: Record<string, string>; message?: string } | null {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 401) return null;
  return { status: err.status, errors: err.fields ?? {}, message: err.fields ? undefined : err.message };
}

export async function loadGroup(app: FastifyInstance, req: FastifyRequest, slug: string) {
  const group = await groupBySlug(app.deps.db, slug);
  if (!group) throw groupNotFound();
  const membership = await membershipOf(app.deps.db, group.id, req.principal?.userId);
  const standing = standingIn(group, req.principal, membership);
  if (!standing.visible || group.status !== 'active') throw groupNotFound();
  return { group, standing };
}

export async function loadThread(app: FastifyInstance, req: FastifyRequest, slug: string, id: string) {
  const g = await loadGroup(app, req, slug);
  if (!g.standing.canRead) throw groupNotFound();
  const thread = isUuid(id) ? await threadById(app.deps.db, g.group.id, id) : undefined;
  if (!thread) throw new AppError('not_found', { message: 'There is no such thread in this group.' });
  return { ...g, thread };
}
