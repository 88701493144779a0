// Where a request comes from, as the browser says: used to refuse forms sent from another site
// (beside the CSRF token, in app.ts's guard).
import type { FastifyRequest } from 'fastify';

export const FROM_ANOTHER_SITE = 'This form was sent from another website, so nothing was done. Open the page on this site and send it again.';

/** True when the browser says the request comes from another site: its `Sec-Fetch-Site` (which
 * a page cannot set) is anything but same-origin, or, from a browser too old to send that, its
 * `Origin` is neither this site's public address nor the address the request was sent to. A
 * request that says neither (a script, an old browser) and an `Origin` of "null" (what a browser
 * sends from a page whose referrer policy is no-referrer, as ours is) are left to the token. The
 * same rule as Go's CrossOriginProtection. */
export function fromAnotherSite(req: FastifyRequest, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  return origin !== publicOrigin && origin !== `${req.protocol}://${req.host}`;
}
