// Events' routes: one plugin per part (public pages and API, registration, staff, check-in), each
// in its own *-routes file; the composition root registers `eventsRoutes`.
import type { FastifyInstance } from 'fastify';
import { meEventRoutes } from './me-routes.js';
import { registerRoutes } from './register-routes.js';
import { registrationApiRoutes } from './registration-api-routes.js';

export async function eventsRoutes(app: FastifyInstance): Promise<void> {
  // each part registers itself here: await publicEventRoutes(app); …
  await registerRoutes(app);
  await meEventRoutes(app);
  await registrationApiRoutes(app);
}
