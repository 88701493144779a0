// The security headers of every page (CSP, framing, referrer, HSTS in production…), worked out
// once by helmet from its options and then set on each answer as they are. helmet's headers
// depend only on its options (no nonces here), so building its middleware and running it for every
// request, as @fastify/helmet does, only repeated the same work: about 30 µs a request, more than
// a whole bare Fastify request (docs/benchmarks.md, 2026-12-03).
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet sets with `options`, by lower-case name. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown = null;
  // helmet's middleware is synchronous: next has been called when it returns.
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) failure = err;
  });
  if (failure) throw failure;
  return headers;
}
