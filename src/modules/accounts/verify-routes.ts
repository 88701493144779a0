// Routes for confirming an address (verification.ts): the link's page with a button (mail
// scanners that follow links must not use them up), its use, and asking for a new link.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access } from '../../lib/access.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm, safeNext } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { emailForm, verifyForm, verifyQuery } from './schemas.js';
import { setSessionCookie } from './sessions.js';
import { checkVerificationToken, requestVerificationLink, VERIFY_HOURS, verifyEmail } from './verification.js';
import { VerifyConfirmPage, VerifyInvalidPage, VerifyRequestPage } from './verify-views.js';

const BROWSER_COOKIE = 'civnet_confirm';

/**
 * The random value that marks this browser as the one that chose a password for an account whose
 * address is not yet confirmed (kept in an HttpOnly cookie for as long as a link lasts). A
 * confirmation link created with it keeps that password only when used in this browser.
 */
export function verificationBrowser(req: FastifyRequest, reply: FastifyReply): string {
  const existing = req.cookies[BROWSER_COOKIE];
  if (existing && /^[\w-]{40,60}$/.test(existing)) return existing;
  const value = randomToken();
  reply.setCookie(BROWSER_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.server.deps.config.production, maxAge: VERIFY_HOURS * 3600 });
  return value;
}

export async function verificationRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const limit = { rateLimit: { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' } };
  const page = (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply);

  app.get('/account/verify', { config: { access: access.public() } }, async (req, reply) => {
    const q = verifyQuery.safeParse(req.query);
    const token = q.success ? (q.data.token ?? '') : '';
    try {
      await checkVerificationToken(deps, token);
    } catch {
      return sendPage(reply, VerifyInvalidPage({ ctx: await page(req, reply) }), 400);
    }
    return sendPage(reply, VerifyConfirmPage({ ctx: await page(req, reply), token, next: safeNext(q.success ? q.data.next : undefined) }));
  });

  app.post('/account/verify', { config: { access: access.public(), ...limit } }, async (req, reply) => {
    const form = parseForm(verifyForm, req.body);
    try {
      if (!form.ok) throw new AppError('token_invalid');
      const next = safeNext(form.data.next);
      const result = await verifyEmail(deps, {
        token: form.data.token,
        browser: req.cookies[BROWSER_COOKIE],
        userAgent: req.headers['user-agent'],
        previousSessionHash: req.sessionHash,
      });
      req.log.info({ userId: result.userId }, 'email address confirmed');
      setSessionCookie(req, reply, result.token);
      if (result.mfaRequired) return reply.redirect(`/login/2fa?next=${encodeURIComponent(next)}`, 303);
      setFlash(
        reply,
        result.passwordKept
          ? 'Thank you: your email address is confirmed and you are signed in.'
          : 'Your email address is confirmed and you are signed in. The link was opened in another browser than the one you joined in, so the password chosen then was set aside (nobody who typed your address can know it). To sign in with a password next time, choose a new one: sign out, then use "Choose a password, or reset a forgotten one" on the sign-in page.',
      );
      return reply.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'token_invalid') return sendPage(reply, VerifyInvalidPage({ ctx: await page(req, reply) }), 400);
      throw err;
    }
  });

  app.get('/account/verify/new', { config: { access: access.public() } }, async (req, reply) => {
    return sendPage(reply, VerifyRequestPage({ ctx: await page(req, reply), sent: false, hours: VERIFY_HOURS }));
  });

  app.post('/account/verify/new', { config: { access: access.public(), ...limit } }, async (req, reply) => {
    const form = parseForm(emailForm, req.body);
    if (!form.ok) return sendPage(reply, VerifyRequestPage({ ctx: await page(req, reply), sent: false, hours: VERIFY_HOURS, ...form }), 400);
    await requestVerificationLink(deps, form.data.email);
    return sendPage(reply, VerifyRequestPage({ ctx: await page(req, reply), sent: true, hours: VERIFY_HOURS }));
  });
}
