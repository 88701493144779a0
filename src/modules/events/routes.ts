// Events' routes: one plugin per part (public pages and API, registration, staff, check-in), each
// in its own *-routes file; the composition root registers `eventsRoutes`.
import type { FastifyInstance } from 'fastify';

export async function eventsRoutes(_app: FastifyInstance): Promise<void> {
  // each part registers itself here: await publicEventRoutes(app); …
}
