// A service refusal a page shows again (a field's error, or a message at the top), with its status.
import { AppError, type FieldErrors } from '../../lib/errors.js';

/** Anything but a 404, a 401 or our fault (those go to the error handler); else null. */
export function formRefusal(err: unknown): { status: number; errors: FieldErrors; message?: string } | null {
  if (!(err instanceof AppError) || err.status >= 500 || err.status === 404 || err.status === 401) return null;
  return { status: err.status, errors: err.fields ?? {}, message: err.fields ? undefined : err.message };
}
