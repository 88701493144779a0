// One error type with stable codes. The error handler maps codes to HTTP statuses;
// the message is safe to show to the person who made the request.
//
// Codes (stable, documented here):
//   validation_failed    400  input did not match the schema; `fields` names each field
//   bad_request          400  malformed request (bad JSON, wrong content type)
//   csrf_invalid         403  missing or wrong CSRF token on a form post
//   unauthenticated      401  signing in is required
//   forbidden            403  signed in, but the role does not allow it
//   not_found            404  no such thing, or not yours to see
//   conflict             409  the state changed under you (already done, taken, duplicate)
//   token_invalid        400  a reset or sign-in link that is unknown, used or expired
//   payload_too_large    413  body over the limit
//   rate_limited         429  too many attempts; try again later
//   unavailable          503  overloaded or not ready
//   internal             500  our fault; details only in the log
//
// A refusal may carry the `title` of its banner; a repeat (the thing is done already: a double
// press, a stale tab) is `alreadyDone(code, message)`, titled ALREADY_DONE rather than a failure.
export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'csrf_invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'token_invalid'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  | `${string}.${string}`;

export const STATUS_BY_CODE: Record<string, number> = {
  validation_failed: 400,
  bad_request: 400,
  csrf_invalid: 403,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  token_invalid: 400,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export type FieldErrors = Record<string, string>;

/** An error page's way on. With `organizationId` the app's error handler writes the label as
 * "Back to <the organization's name>" (the code that refuses seldom has the name at hand). */
export type WayOn = { href: string; label: string; organizationId?: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: FieldErrors;
  /** the heading of the banner that shows the message, when a page shows one (ALREADY_DONE for a repeat) */
  readonly title?: string;
  /** a way on for the error page, besides the home page (back to the thing refused); pages only, never in API answers */
  readonly wayOn?: WayOn;
  /** read by Fastify and its plugins */
  get statusCode(): number {
    return this.status;
  }

  constructor(code: ErrorCode, opts: { message?: string; fields?: FieldErrors; status?: number; title?: string; wayOn?: WayOn } = {}) {
    super(opts.message ?? defaultMessage(code));
    this.code = code;
    this.fields = opts.fields;
    this.title = opts.title;
    this.wayOn = opts.wayOn;
    this.status = opts.status ?? STATUS_BY_CODE[code] ?? (code.includes('.') ? 409 : 400);
  }
}

function defaultMessage(code: string): string {
  switch (code) {
    case 'validation_failed':
      return 'Some fields need attention.';
    case 'unauthenticated':
      return 'Please sign in to continue.';
    case 'forbidden':
      return 'You do not have permission to do that.';
    case 'not_found':
      return 'We could not find that.';
    case 'csrf_invalid':
      return 'This form has expired. Please reload the page and try again.';
    case 'rate_limited':
      return 'Too many attempts. Please wait a minute and try again.';
    default:
      return 'Something went wrong.';
  }
}

/** Validation failure for one or more named fields. */
export function fieldError(fields: FieldErrors, message?: string): AppError {
  return new AppError('validation_failed', { fields, message });
}

/** The banner's title when a refused request had been done already: nothing is wrong. */
export const ALREADY_DONE = 'Already done';

/** A 409 for a repeat: what was asked is done already, so nothing changed ("…is closed already"). */
export function alreadyDone(code: `${string}.${string}`, message: string): AppError {
  return new AppError(code, { status: 409, message, title: ALREADY_DONE });
}

/** How a page shows a refusal: its banner title (the error's own, else `fallback`) and its message. */
export const refusalOf = (err: AppError, fallback: string) => ({ title: err.title ?? fallback, message: err.message });
export type Refusal = ReturnType<typeof refusalOf>;

/** A page's tab title when it answers with a problem: "Error: <page>" after a failed form or a
 * refusal, but "Already done: <page>" for a repeat (nothing is wrong, nothing changed). */
export function titleOfAnswer(page: string, o: { failed?: boolean; refused?: Refusal }): string {
  if (o.failed) return `Error: ${page}`;
  if (!o.refused) return page;
  return o.refused.title === ALREADY_DONE ? `${ALREADY_DONE}: ${page}` : `Error: ${page}`;
}
