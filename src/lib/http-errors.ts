// Maps whatever was thrown during a request to an AppError, so that every error reaches
// the client in one shape and nothing internal (stack, SQL) leaks.
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldErrors } from './errors.js';

/** The JSON body of every API error (the error handler sends it), for the response schemas of
 * API routes: `response: { 200: invoice, 404: errorShape }`. */
export const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) });

/** What a request holding U+0000 is told: PostgreSQL's text cannot hold it (the database refuses
 * it with "invalid byte sequence", which was a 500). The gate refuses such a URL or body before
 * any route runs (src/app.ts); the error handler maps the database's refusal the same way. */
export const NULL_CHARACTER_MESSAGE = 'The request holds a null character (U+0000), which no field can contain. Remove it and try again.';

/** Whether a parsed body (or any part of it: strings, keys, arrays, objects) holds U+0000. */
export function holdsNullCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32 || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) return value.some((v) => holdsNullCharacter(v, depth + 1));
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || holdsNullCharacter(v, depth + 1)) return true;
  return false;
}

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: FieldErrors = {};
    for (const issue of err.validation) {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const params = issue.params as { issue?: { path?: unknown[] } } | undefined;
      const name = path || String(params?.issue?.path?.[0] ?? err.validationContext ?? 'request');
      fields[name] ??= issue.message ?? 'is invalid';
    }
    const names = Object.keys(fields);
    return new AppError('validation_failed', { fields, message: `Invalid ${names.join(', ')}: ${Object.values(fields)[0] ?? 'invalid value'}` });
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return new AppError('payload_too_large', { message: 'The request body is too large (the limit is 1 MB).' });
  }
  if (
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (code.startsWith('FST_ERR_CTP') && status === 400) ||
    e.message === 'Unexpected end of JSON input' ||
    (status === 400 && /JSON/.test(String(e.message)))
  ) {
    return new AppError('bad_request', { message: 'The request body is not valid JSON.' });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return new AppError('bad_request', { status: 415, message: 'This content type is not supported; send JSON or a form.' });
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError('bad_request', { message: 'The request body is empty.' });
  }
  if (code.startsWith('FST_CSRF')) return new AppError('csrf_invalid');
  // PostgreSQL: "invalid byte sequence for encoding UTF8: 0x00" (a JavaScript string's other
  // characters always encode)
  if (code === '22021') return new AppError('bad_request', { message: NULL_CHARACTER_MESSAGE });
  if (status === 429) return new AppError('rate_limited');
  if (status === 404) return new AppError('not_found');
  if (status === 503) return new AppError('unavailable', { message: 'The service is not available right now.' });
  if (status >= 400 && status < 500) return new AppError('bad_request', { status, message: 'The request could not be understood.' });
  return new AppError('internal', { message: 'Something went wrong on our side. Please try again.' });
}

/** What the APIs' descriptions say of a repeated query parameter (the pages take its first value). */
export const ONCE_PER_PARAMETER = 'Each query parameter is given at most once: a repeated one (`?q=a&q=b`) is refused with 400, the parameter named in `error.fields`.';

/** A `preValidation` hook of a JSON API's GET: a query parameter given twice (`?q=a&q=b`, which the
 * query parser makes an array) is refused with a message naming it, before the schema's own wording
 * ("expected string, received array") could reach the caller. */
export async function refuseRepeatedQuery(req: { query: unknown }): Promise<void> {
  if (typeof req.query !== 'object' || req.query === null) return;
  const fields: FieldErrors = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (Array.isArray(value)) fields[name] = `Give ${name} once; it was given ${value.length} times.`;
  }
  const names = Object.keys(fields);
  if (names.length)
    throw new AppError('validation_failed', {
      fields,
      message: `Give each query parameter once: ${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} given more than once.`,
    });
}
