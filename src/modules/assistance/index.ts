// What other modules may use of technical assistance.
import type { FastifyInstance } from 'fastify';
import { registerUploads } from '../../lib/uploads.js';
import { MAX_FILE_BYTES, MAX_FILES } from './files.js';
import { memberAssistanceRoutes } from './member-routes.js';
import { staffAssistanceRoutes } from './staff-routes.js';

export { countLateRequests, listOrganizationRequests, type RequestSummary, requestSubjects } from './queries.js';
export { assistanceSection } from './section.js';
export { seedAssistanceDemo } from './seed.js';
// the demo's requests (the seed, beside the composition root) go through the same use cases
export { addMessage, changeStatus, fileRequest } from './service.js';
export { STAFF_STATUS_LABELS as ASSISTANCE_STATUS_LABELS } from './states.js';

/** Every assistance route, in one plugin scope: multipart parsing is registered here only. */
export async function assistanceRoutes(app: FastifyInstance): Promise<void> {
  await registerUploads(app, { maxFileBytes: MAX_FILE_BYTES, maxFiles: MAX_FILES });
  await app.register(memberAssistanceRoutes);
  await app.register(staffAssistanceRoutes);
}
export * as emails from './emails.js';
export { assistanceMover } from './merge.js';
