// Where a person goes once signed in: the session cookie, then the second factor when it is on,
// two-factor set-up for a staff admin without it, or the page they were going to. Shared by the
// accounts routes and other modules' links that sign a person in (an accepted seat invitation).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInResult } from './sessions.js';
import { setSessionCookie } from './sessions.js';

/** `next` must already be a safe local path. */
export function redirectAfterSignIn(req: FastifyRequest, reply: FastifyReply, result: SignInResult, next: string) {
  setSessionCookie(req, reply, result.token);
  if (result.mfaRequired) return reply.redirect(`/login/2fa?next=${encodeURIComponent(next)}`, 303);
  if (result.mustEnrollTotp) return reply.redirect('/account/2fa', 303);
  return reply.redirect(next, 303);
}
