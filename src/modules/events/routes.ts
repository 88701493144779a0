// Events' routes: one plugin per part (public pages and API, registration, staff, check-in), each
// in its own *-routes file; the composition root registers `eventsRoutes`.
import type { FastifyInstance } from 'fastify';
import { eventApiRoutes } from './api-routes.js';
import { checkinRoutes } from './checkin-routes.js';
import { meEventRoutes } from './me-routes.js';
import { opsRoutes } from './ops-routes.js';
import { pdRoutes } from './pd-routes.js';
import { eventPublicRoutes } from './public-routes.js';
import { registerRoutes } from './register-routes.js';
import { registrationApiRoutes } from './registration-api-routes.js';
import { eventAgendaRoutes } from './staff-agenda-routes.js';
import { eventStaffRoutes } from './staff-routes.js';

export async function eventsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(eventPublicRoutes);
  await app.register(eventApiRoutes);
  await app.register(eventStaffRoutes);
  await app.register(eventAgendaRoutes);
  await registerRoutes(app);
  await meEventRoutes(app);
  await registrationApiRoutes(app);
  await opsRoutes(app);
  await checkinRoutes(app);
  await pdRoutes(app);
}
