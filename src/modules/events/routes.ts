// Events' routes: one plugin per part (public pages and API, registration, staff, check-in), each
// in its own *-routes file; the composition root registers `eventsRoutes`.
import type { FastifyInstance } from 'fastify';
import { checkinRoutes } from './checkin-routes.js';
import { opsRoutes } from './ops-routes.js';
import { pdRoutes } from './pd-routes.js';

export async function eventsRoutes(app: FastifyInstance): Promise<void> {
  // each part registers itself here: await publicEventRoutes(app); …
  await opsRoutes(app);
  await checkinRoutes(app);
  await pdRoutes(app);
}
