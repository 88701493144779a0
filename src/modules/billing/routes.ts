// Every route of billing, in the order they are registered: the invoice's public link, the
// member side, card payment, then finance staff's pages and JSON API, and the renewals console.
import type { FastifyInstance } from 'fastify';
import { billingPaymentApiRoutes } from './api-payment-routes.js';
import { billingApiRoutes } from './api-routes.js';
import { cardRoutes } from './card-routes.js';
import { billingMemberRoutes } from './member-routes.js';
import { billingPublicRoutes } from './public-routes.js';
import { renewalsRoutes } from './renewals-routes.js';
import { billingLedgerRoutes } from './staff-ledger-routes.js';
import { billingStaffRoutes } from './staff-routes.js';

export async function billingRoutes(app: FastifyInstance) {
  await app.register(billingPublicRoutes);
  await app.register(billingMemberRoutes);
  await app.register(cardRoutes);
  // Finance staff's pages and API share one scope, as they always have.
  await app.register(async (finance) => {
    await billingStaffRoutes(finance);
    await billingLedgerRoutes(finance);
    await billingApiRoutes(finance);
    await billingPaymentApiRoutes(finance);
  });
  // The renewals console: membership and finance staff.
  await app.register(renewalsRoutes);
}
