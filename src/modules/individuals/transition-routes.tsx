// The public page that explains Members in Transition (transition-views.tsx): anyone may read it,
// so that a manager between posts finds it before signing in.
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import { pageContext } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { TRANSITION_ABOUT_PATH, TransitionAboutPage } from './transition-views.js';

export async function transitionRoutes(app: FastifyInstance) {
  const deps = app.deps;
  app.get(TRANSITION_ABOUT_PATH, { config: { access: access.public() } }, async (req, reply) =>
    sendPage(reply, TransitionAboutPage({ ctx: await pageContext(req, reply), writeTo: (await deps.association.get()).contact_email })),
  );
}
