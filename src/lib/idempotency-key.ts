// The Idempotency-Key header the API's money- and seat-taking writes require (payments, refunds,
// event registrations, job postings): checked before the body, with the route's own words for
// why it is needed. The key itself is read by the handler.
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

const INVALID = { message: 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.', field: 'Invalid.' };

/** A `preValidation` hook: a missing or blank key is refused with `missing`; one that is longer
 * than 200 characters or holds anything but visible ASCII with `invalid`. */
export function requireIdempotencyKey(missing: string, invalid: { message: string; field: string } = INVALID) {
  return async (req: FastifyRequest): Promise<void> => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.trim() === '') throw new AppError('validation_failed', { message: missing, fields: { 'Idempotency-Key': 'Required.' } });
    if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) throw new AppError('validation_failed', { message: invalid.message, fields: { 'Idempotency-Key': invalid.field } });
  };
}
