// Recognizing database errors the code expects and handles (both engines report PostgreSQL's
// SQLSTATE codes and constraint names the same way).

/** A unique index refused a row (SQLSTATE 23505); with `constraint`, only that index's refusal. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== '23505') return false;
  if (constraint === undefined) return true;
  const e = err as { constraint?: unknown; message?: unknown };
  return e.constraint === constraint || String(e.message ?? '').includes(constraint);
}
