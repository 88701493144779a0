// The groups API: GET /api/v1/groups, the groups the caller may see (open and ask-to-join groups,
// and the private groups they are in or invited to), with the caller's standing in each.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GROUP_KINDS } from '../../db/types.js';
import { access } from '../../lib/access.js';
import { errorShape } from '../../lib/http-errors.js';
import { visibleGroups } from './queries.js';

const apiGroup = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(GROUP_KINDS).describe('open: any member joins; request: a moderator approves; private: by invitation'),
  members: z.number().int(),
  you: z.enum(['member', 'moderator', 'pending', 'invited', 'suspended']).nullable().describe('your standing in the group, or null'),
  url: z.string(),
});

export async function apiGroupRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  app.get(
    '/api/v1/groups',
    {
      config: { access: access.memberOrStaff() },
      schema: {
        tags: ['groups'],
        summary: 'The member groups you may see, by name',
        response: { 200: z.object({ groups: z.array(apiGroup) }), 401: errorShape, 403: errorShape },
      },
    },
    async (req) => {
      const groups = await visibleGroups(deps.db, req.principal);
      return {
        groups: groups.map((g) => ({
          slug: g.slug,
          name: g.name,
          description: g.description,
          kind: g.kind,
          members: g.members,
          you:
            g.my_status === 'active'
              ? g.my_role === 'moderator'
                ? ('moderator' as const)
                : ('member' as const)
              : ((g.my_status as 'pending' | 'invited' | 'suspended' | null) ?? null),
          url: `${deps.config.publicUrl}/groups/${g.slug}`,
        })),
      };
    },
  );
}
