// Serves a stored attachment as a download: never rendered by the browser in our origin.
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { sendDownload } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { getAttachment } from './queries.js';

/** The caller has checked that the viewer may see the request. */
export async function sendAttachment(db: Deps['db'], reply: FastifyReply, requestId: string, attachmentId: string) {
  const f = isUuid(attachmentId) ? await getAttachment(db, requestId, attachmentId) : undefined;
  if (!f) throw new AppError('not_found', { message: 'There is no such file.' });
  return sendDownload(reply, f);
}
