// Resources' routes: the public pages, the API and communications staff's pages; the composition
// root registers `resourcesRoutes`.
import type { FastifyInstance } from 'fastify';
import { resourceApiRoutes } from './api-routes.js';
import { resourcePublicRoutes } from './public-routes.js';
import { resourceStaffRoutes } from './staff-routes.js';

export async function resourcesRoutes(app: FastifyInstance): Promise<void> {
  await app.register(resourcePublicRoutes);
  await app.register(resourceApiRoutes);
  await app.register(resourceStaffRoutes);
}
