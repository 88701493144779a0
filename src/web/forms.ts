// Form bodies parsed with zod: either the data, or a message per field to show beside it.
import type { z } from 'zod';
import { AppError, type FieldErrors } from '../lib/errors.js';

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (k === '_csrf') continue;
      if (typeof v === 'string') values[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') values[k] = v[0];
    }
  }
  return values;
}

/** The name of the honeypot field (`Honeypot` in components.tsx): people leave it empty. */
export const HONEYPOT_FIELD = 'referral_code';

/** Whether a form post filled in the honeypot: a robot. Answer as if accepted, and do nothing. */
export function honeypotFilled(body: unknown): boolean {
  const v = formValues(body)[HONEYPOT_FIELD];
  return typeof v === 'string' && v.trim() !== '';
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'form');
    errors[name] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/**
 * A list's GET filter form (its query string): each field that parses is applied, and one that
 * does not is reported beside itself and falls back to its default, so a bad page number keeps
 * the search and the status (in the form, the list and its links) instead of dropping them.
 * `values` is what was typed, to show again. Every field of `schema` has a default or is optional.
 */
export function parseFilterQuery<S extends z.ZodType>(schema: S, query: unknown): { data: z.output<S>; errors: FieldErrors; values: Record<string, string> } {
  const values = formValues(query);
  const parsed = parseForm(schema, query);
  if (parsed.ok) return { data: parsed.data, errors: {}, values };
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !(name in parsed.errors)));
  const again = schema.safeParse(kept);
  return { data: again.success ? again.data : schema.parse({}), errors: parsed.errors, values };
}

/** Field errors from a service's validation failure, or null when it was another error. */
export function fieldErrorsOf(err: unknown): FieldErrors | null {
  return err instanceof AppError && err.fields ? err.fields : null;
}

const OWN_ORIGIN = 'http://civnet.invalid';
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const UNSAFE_IN_NEXT = /[\u0000-\u001f\u007f\\]/;

/**
 * A local path to go to after sign-in; anything else becomes the home page. `next` is resolved
 * as a URL the way a browser resolves a Location header, and kept only when it stays on our
 * origin: control characters (which browsers strip, turning `/\t/evil.example` into
 * `//evil.example`) and backslashes are refused outright, and a result that would start with `//`
 * (a scheme-relative address) is refused too.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2000 || UNSAFE_IN_NEXT.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== OWN_ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? '/' : path;
}
