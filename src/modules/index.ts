// Every module's routes, in the order they are registered.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { accountRoutes, registerAccountJobs } from './accounts/index.js';
import { advisingRoutes } from './advising/index.js';
import { applicationRoutes } from './applications/routes.js';
import { assistanceRoutes } from './assistance/index.js';
import { auditRoutes } from './audit/routes.js';
import { billingRoutes } from './billing/index.js';
import { directoryRoutes, memberProfileRoutes } from './directory/index.js';
import { duesRoutes } from './dues/index.js';
import { homeRoutes } from './home/routes.js';
import { individualsRoutes } from './individuals/index.js';
import { joinRoutes } from './join/index.js';
import { networkRoutes, profileRoutes } from './network/index.js';
import { pathwayRoutes } from './pathways/index.js';
import { placesRoutes } from './places/index.js';
import { portalRoutes, registerLoginRequestJobs } from './portal/index.js';
import { settingsRoutes } from './settings/routes.js';
import { staffRoutes } from './staff/routes.js';
import { systemRoutes } from './system/routes.js';

export const modules: Array<(app: FastifyInstance) => Promise<void>> = [
  systemRoutes,
  homeRoutes,
  accountRoutes,
  staffRoutes,
  settingsRoutes,
  auditRoutes,
  applicationRoutes,
  duesRoutes,
  joinRoutes,
  placesRoutes,
  billingRoutes,
  networkRoutes,
  profileRoutes,
  portalRoutes,
  pathwayRoutes,
  individualsRoutes,
  memberProfileRoutes,
  directoryRoutes,
  advisingRoutes,
  assistanceRoutes,
];

/** Queues that requests fill, so that every process (and every test's app) can work them:
 * registered when the dependencies are built, before the job runner starts. */
export function registerRequestJobs(deps: Deps): void {
  registerAccountJobs(deps);
  registerLoginRequestJobs(deps);
}
