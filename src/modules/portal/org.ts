// Which organization a portal request is about. The id comes from the client (`?org=` or the
// form's `org` field); it is only ever checked against the signed-in person's own organizations,
// so another organization's id (or a malformed one) is a 404 that reveals nothing.
import type { FastifyRequest } from 'fastify';
import type { OrgRole } from '../../db/types.js';
import { AppError } from '../../lib/errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ChosenOrganization {
  id: string;
  role: OrgRole;
}

const notYours = () => new AppError('not_found', { message: 'We could not find that organization among yours.' });

function askedId(req: FastifyRequest): string | undefined {
  const fromQuery = (req.query as { org?: unknown } | undefined)?.org;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const body = req.body as { org?: unknown } | undefined;
  const fromBody = body && typeof body === 'object' ? body.org : undefined;
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : undefined;
}

/** The organization asked for (default: the person's first), with their role there. */
export function chosenOrganization(req: FastifyRequest, orderedIds?: string[]): ChosenOrganization {
  const orgs = req.principal?.orgs ?? new Map<string, OrgRole>();
  const id = askedId(req) ?? orderedIds?.[0] ?? [...orgs.keys()][0];
  const role = id && UUID.test(id) ? orgs.get(id) : undefined;
  if (!id || !role) throw notYours();
  return { id, role };
}

/** The same, and the person must be an administrator of it (a plain contact: 403). */
export function administeredOrganization(req: FastifyRequest): ChosenOrganization {
  const org = chosenOrganization(req);
  if (org.role !== 'admin') throw new AppError('forbidden', { message: 'Only an administrator of your organization can do that.' });
  return org;
}
