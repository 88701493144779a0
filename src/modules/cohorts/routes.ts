// Cohorts' routes: public and applicant pages and API, the members-only space (its own plugin
// scope, where multipart bodies are accepted), and programs staff's pages.
import type { FastifyInstance } from 'fastify';
import { cohortPublicRoutes } from './public-routes.js';
import { cohortSpaceRoutes } from './space-routes.js';
import { cohortStaffRoutes } from './staff-routes.js';

export async function cohortsRoutes(app: FastifyInstance) {
  await app.register(cohortPublicRoutes);
  await app.register(cohortSpaceRoutes);
  await app.register(cohortStaffRoutes);
}
