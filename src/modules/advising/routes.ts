// Advising's routes and its hooks into the rest of the app: the activation hook of billing (assign
// an advisor in the payment's transaction), the attachment renderer of invitations, and the
// organization home's `advisor` section (registered by the org routes).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { onMembershipActivated } from '../billing/index.js';
import { registerInvitationAttachment } from './ics.js';
import { advisingOrgRoutes } from './org-routes.js';
import { type AdvisingDeps, assignAdvisor } from './service.js';
import { advisingStaffRoutes } from './staff-routes.js';

// Billing's hooks are process-wide and receive only the transaction: register once, and use the
// dependencies of the app built last (tests build one app per file).
let hookDeps: AdvisingDeps | null = null;
function registerActivationHook(deps: Deps): void {
  if (!hookDeps) {
    onMembershipActivated(async (trx, event) => {
      if (!hookDeps) return;
      await assignAdvisor(trx, hookDeps, { organizationId: event.organizationId, membershipId: event.membershipId, at: event.at });
    });
  }
  hookDeps = deps;
}

export async function advisingRoutes(app: FastifyInstance) {
  registerActivationHook(app.deps);
  registerInvitationAttachment(app.deps.db);
  await app.register(advisingOrgRoutes);
  await app.register(advisingStaffRoutes);
}
