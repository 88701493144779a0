// Routes of the "Get started" checklist: hide it (a form, with its CSRF token), and the tracked
// link that ticks "Open Who's Who" (or "Look through the network") and goes there.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, isStaff } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { setFlash } from '../../web/context.js';
import { markGetStarted } from './checklist.js';

const dismissBody = z.object({ scope: z.union([z.literal('me'), z.uuid()]) });
const openQuery = z.object({ to: z.enum(['directory', 'network']) });

export async function onboardingRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.post('/get-started/dismiss', { config: { access: access.signedIn() } }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    const parsed = dismissBody.safeParse(req.body ?? {});
    // Only the person's own list, or one of their own organizations' lists.
    if (!parsed.success || (parsed.data.scope !== 'me' && !p.orgs.has(parsed.data.scope))) {
      throw new AppError('not_found', { message: 'There is no such list to hide.' });
    }
    const scope = parsed.data.scope;
    await markGetStarted(deps, { userId: p.userId, scope, item: 'dismissed' });
    setFlash(reply, 'We hid the “Get started” list. Everything on it is still on this page.');
    return reply.redirect(scope === 'me' ? '/me' : `/org?org=${scope}`, 303);
  });

  app.get('/get-started/open', { config: { access: access.signedIn() } }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    const parsed = openQuery.safeParse(req.query ?? {});
    if (!parsed.success) throw new AppError('not_found', { message: 'There is no such page to open.' });
    const directory = parsed.data.to === 'directory' && (p.roles.has('member') || isStaff(p));
    await markGetStarted(deps, { userId: p.userId, scope: 'person', item: directory ? 'whos_who' : 'network' });
    return reply.redirect(directory ? '/directory' : '/network', 303);
  });
}
