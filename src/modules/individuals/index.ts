// What other modules may use of individual membership.
import type { FastifyInstance } from 'fastify';
import { joinRoutes } from './join-routes.js';
import { meRoutes } from './me.js';
import { staffRoutes } from './staff.js';

/** Every route of the module: /join/individual, the quote API, /me/membership, /me/transition
 * and the staff pages (levels, individuals, transition). */
export async function individualsRoutes(app: FastifyInstance) {
  await joinRoutes(app);
  await meRoutes(app);
  await staffRoutes(app);
}

export { QUESTIONS, quoteIndividualDues } from './dues.js';
export { InstalmentTable } from './parts.js';
export { seedIndividualsDemo } from './seed.js';
export { listInstalments } from './service.js';
export { settleIndividualMembership } from './settle.js';
