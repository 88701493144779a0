// The routes of newsletters: the public sign-up, links and archive, and communications staff's.
import type { FastifyInstance } from 'fastify';
import { newslettersPublicRoutes } from './public-routes.js';
import { newslettersStaffRoutes } from './staff-routes.js';

export async function newslettersRoutes(app: FastifyInstance) {
  await newslettersPublicRoutes(app);
  await newslettersStaffRoutes(app);
}
