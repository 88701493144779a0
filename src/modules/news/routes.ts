// The routes of news: the public pages, feed and API, and communications staff's authoring.
import type { FastifyInstance } from 'fastify';
import { newsPublicRoutes } from './public-routes.js';
import { newsStaffRoutes } from './staff-routes.js';

export async function newsRoutes(app: FastifyInstance) {
  await newsPublicRoutes(app);
  await newsStaffRoutes(app);
}
