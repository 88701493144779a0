// The credentialing program's routes: the member's pages and the public check, the PD log (its
// own plugin scope, where multipart bodies are accepted), and the review (staff and panel).
import type { FastifyInstance } from 'fastify';
import { credentialLogRoutes } from './log-routes.js';
import { credentialMemberRoutes } from './member-routes.js';
import { credentialReviewRoutes } from './review-routes.js';

export async function credentialingRoutes(app: FastifyInstance) {
  await app.register(credentialMemberRoutes);
  await app.register(credentialLogRoutes);
  await app.register(credentialReviewRoutes);
}
