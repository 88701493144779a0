// Events' routes: one plugin per part (public pages and API, registration, staff, check-in), each
// in its own *-routes file; the composition root registers `eventsRoutes`.
import type { FastifyInstance } from 'fastify';
import { eventApiRoutes } from './api-routes.js';
import { eventPublicRoutes } from './public-routes.js';
import { eventStaffRoutes } from './staff-routes.js';

export async function eventsRoutes(app: FastifyInstance): Promise<void> {
  // each part registers itself here: await publicEventRoutes(app); …
  await app.register(eventPublicRoutes);
  await app.register(eventApiRoutes);
  await app.register(eventStaffRoutes);
}
