// Advising's routes. Its hooks into the rest of the app (billing's activation hook, which assigns
// an advisor in the payment's transaction; the invitation attachment renderer; the `advisor`
// section of the organization home) are put on each app's deps by the composition root
// (src/modules/index.ts), from what index.ts exports.
import type { FastifyInstance } from 'fastify';
import { advisorMeetingRoutes } from './advisor-meeting-routes.js';
import { advisingOrgRoutes } from './org-routes.js';
import { advisingStaffRoutes } from './staff-routes.js';

export async function advisingRoutes(app: FastifyInstance) {
  await app.register(advisingOrgRoutes);
  await app.register(advisingStaffRoutes);
  await app.register(advisorMeetingRoutes);
}
