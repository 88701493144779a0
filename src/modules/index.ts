// Every module's routes, in the order they are registered.
import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './accounts/index.js';
import { auditRoutes } from './audit/routes.js';
import { homeRoutes } from './home/routes.js';
import { settingsRoutes } from './settings/routes.js';
import { staffRoutes } from './staff/routes.js';
import { systemRoutes } from './system/routes.js';

export const modules: Array<(app: FastifyInstance) => Promise<void>> = [systemRoutes, homeRoutes, accountRoutes, staffRoutes, settingsRoutes, auditRoutes];
