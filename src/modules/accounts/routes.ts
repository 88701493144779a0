// Routes of the accounts module: thin — parse, authorize (declared in config.access), call, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { access, requiresTotp } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, parseForm, safeNext } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { emailChangeRoutes } from './email-change-routes.js';
import * as links from './links.js';
import { placesOf } from './places.js';
import { codeForm, emailForm, loginForm, meResponse, resetForm, tokenForm, tokenQuery } from './schemas.js';
import * as accounts from './service.js';
import { clearSessionCookie, setSessionCookie } from './sessions.js';
import { ADMIN_SETUP_PATH, checkAdminSetupToken, completeAdminSetup } from './setup.js';
import { redirectAfterSignIn } from './sign-in.js';
import { staffAccountRoutes } from './staff-routes.js';
import { verificationBrowser, verificationRoutes } from './verify-routes.js';
import * as views from './views.js';

export async function accountRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const limit = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
  const signInLimit = limit(deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE);
  const page = async (req: FastifyRequest, reply: FastifyReply) => pageContext(req, reply);
  /** Why the visitor is asked to sign in, from the module that knows the page they are going to. */
  const reasonFor = async (next: string): Promise<string | null> => {
    if (next === '/') return null;
    for (const reason of deps.slots.signInReasons ?? []) {
      const words = await reason(deps, next);
      if (words) return words;
    }
    return null;
  };

  app.get('/login', { config: { access: access.public() } }, async (req, reply) => {
    const q = req.query as { next?: unknown; for?: unknown };
    const next = safeNext(q.next);
    return sendPage(reply, views.LoginPage({ ctx: await page(req, reply), next, reason: await reasonFor(next), forMembers: q.for === 'members' }));
  });

  app.post('/login', { config: { access: access.public(), ...signInLimit } }, async (req, reply) => {
    const form = parseForm(loginForm, req.body);
    const next = safeNext((req.body as { next?: unknown } | undefined)?.next);
    if (!form.ok) return sendPage(reply, views.LoginPage({ ctx: await page(req, reply), next, reason: await reasonFor(next), ...form }), 400);
    try {
      const browser = () => verificationBrowser(req, reply);
      const result = await accounts.signIn(deps, { ...form.data, next, browser, userAgent: req.headers['user-agent'], previousSessionHash: req.sessionHash });
      req.log.info({ userId: result.userId }, 'sign-in succeeded');
      return redirectAfterSignIn(req, reply, result, next);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'accounts.invalid_credentials' || err.code === 'accounts.sign_in_paused' || err.code === 'accounts.email_unverified')) {
        req.log.info({ code: err.code }, 'sign-in failed');
        const ctx = await page(req, reply);
        return sendPage(reply, views.LoginPage({ ctx, next, reason: await reasonFor(next), values: { email: form.data.email }, message: err.message }), err.status);
      }
      throw err;
    }
  });

  app.get('/login/2fa', { config: { access: access.mfaPending() } }, async (req, reply) => {
    return sendPage(reply, views.SecondFactorPage({ ctx: await page(req, reply), next: safeNext((req.query as { next?: unknown }).next) }));
  });

  app.post('/login/2fa', { config: { access: access.mfaPending(), ...signInLimit } }, async (req, reply) => {
    const form = parseForm(codeForm, req.body);
    const next = safeNext((req.query as { next?: unknown }).next);
    if (!form.ok) return sendPage(reply, views.SecondFactorPage({ ctx: await page(req, reply), next, ...form }), 400);
    try {
      const token = await accounts.verifySecondFactor(deps, {
        userId: req.mfaPendingUserId ?? '',
        pendingSessionHash: req.sessionHash ?? '',
        code: form.data.code,
        userAgent: req.headers['user-agent'],
      });
      setSessionCookie(req, reply, token);
      return reply.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'accounts.second_factor_restart') {
        req.log.info({ code: err.code }, 'second factor failed too often');
        clearSessionCookie(req, reply);
        setFlash(reply, err.message);
        return reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
      }
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      req.log.info('second factor failed');
      return sendPage(reply, views.SecondFactorPage({ ctx: await page(req, reply), next, errors }), 400);
    }
  });

  app.post('/logout', { config: { access: access.signedIn(), allowWithoutTotp: true } }, async (req, reply) => {
    if (req.sessionHash) await accounts.signOut(deps, req.sessionHash);
    clearSessionCookie(req, reply);
    setFlash(reply, 'You have signed out.');
    return reply.redirect('/', 303);
  });

  for (const kind of ['reset', 'magic'] as const) {
    const path = kind === 'reset' ? '/password/forgot' : '/login/magic';
    // A sign-in link keeps where the person was going (`next`, a same-site path only).
    app.get(path, { config: { access: access.public() } }, async (req, reply) => {
      const next = kind === 'magic' ? safeNext((req.query as { next?: unknown }).next) : '/';
      return sendPage(reply, views.EmailRequestPage({ ctx: await page(req, reply), kind, sent: false, next }));
    });
    app.post(path, { config: { access: access.public(), ...signInLimit } }, async (req, reply) => {
      const form = parseForm(emailForm, req.body);
      const next = kind === 'magic' ? safeNext((req.body as { next?: unknown } | undefined)?.next) : '/';
      if (!form.ok) return sendPage(reply, views.EmailRequestPage({ ctx: await page(req, reply), kind, sent: false, next, ...form }), 400);
      if (kind === 'reset') await links.requestPasswordReset(deps, form.data.email);
      else await links.requestMagicLink(deps, form.data.email, next);
      return sendPage(reply, views.EmailRequestPage({ ctx: await page(req, reply), kind, sent: true, next }));
    });
  }

  app.get('/password/reset', { config: { access: access.public() } }, async (req, reply) => {
    const { token } = tokenQuery.parse(req.query);
    try {
      await links.checkToken(deps, 'password_reset', token ?? '');
    } catch {
      return sendPage(reply, views.InvalidLinkPage({ ctx: await page(req, reply), kind: 'reset' }), 400);
    }
    return sendPage(reply, views.ResetPasswordPage({ ctx: await page(req, reply), token: token ?? '' }));
  });

  app.post('/password/reset', { config: { access: access.public(), ...signInLimit } }, async (req, reply) => {
    const form = parseForm(resetForm, req.body);
    const token = form.ok ? form.data.token : (form.values.token ?? '');
    if (!form.ok) return sendPage(reply, views.ResetPasswordPage({ ctx: await page(req, reply), token, ...form }), 400);
    try {
      await accounts.resetPassword(deps, form.data);
    } catch (err) {
      if (err instanceof AppError && err.code === 'token_invalid') {
        return sendPage(reply, views.InvalidLinkPage({ ctx: await page(req, reply), kind: 'reset' }), 400);
      }
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, views.ResetPasswordPage({ ctx: await page(req, reply), token, errors }), 400);
    }
    clearSessionCookie(req, reply);
    setFlash(reply, 'Your password has been changed. Sign in with your new password.');
    return reply.redirect('/login', 303);
  });

  app.get(ADMIN_SETUP_PATH, { config: { access: access.public() } }, async (req, reply) => {
    const { token } = tokenQuery.parse(req.query);
    try {
      await checkAdminSetupToken(deps, token ?? '');
    } catch {
      return sendPage(reply, views.InvalidLinkPage({ ctx: await page(req, reply), kind: 'setup' }), 400);
    }
    return sendPage(reply, views.AdminSetupPage({ ctx: await page(req, reply), token: token ?? '' }));
  });

  app.post(ADMIN_SETUP_PATH, { config: { access: access.public(), ...signInLimit } }, async (req, reply) => {
    const form = parseForm(resetForm, req.body);
    const token = form.ok ? form.data.token : (form.values.token ?? '');
    if (!form.ok) return sendPage(reply, views.AdminSetupPage({ ctx: await page(req, reply), token, ...form }), 400);
    try {
      const session = await completeAdminSetup(deps, { ...form.data, userAgent: req.headers['user-agent'], previousSessionHash: req.sessionHash });
      setSessionCookie(req, reply, session);
    } catch (err) {
      if (err instanceof AppError && err.code === 'token_invalid') return sendPage(reply, views.InvalidLinkPage({ ctx: await page(req, reply), kind: 'setup' }), 400);
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, views.AdminSetupPage({ ctx: await page(req, reply), token, errors }), 400);
    }
    setFlash(reply, 'Your password is saved. Now turn on two-factor sign-in.');
    return reply.redirect('/account/2fa', 303);
  });

  app.get('/login/magic/verify', { config: { access: access.public() } }, async (req, reply) => {
    const { token } = tokenQuery.parse(req.query);
    try {
      await links.checkToken(deps, 'magic_link', token ?? '');
    } catch {
      return sendPage(reply, views.InvalidLinkPage({ ctx: await page(req, reply), kind: 'magic' }), 400);
    }
    // A page with a button, not an immediate sign-in: mail scanners that follow links must not use them up.
    const next = safeNext((req.query as { next?: unknown }).next);
    return sendPage(reply, views.MagicConfirmPage({ ctx: await page(req, reply), token: token ?? '', next }));
  });

  app.post('/login/magic/verify', { config: { access: access.public(), ...signInLimit } }, async (req, reply) => {
    const form = parseForm(tokenForm, req.body);
    try {
      if (!form.ok) throw new AppError('token_invalid');
      const result = await accounts.signInWithMagicLink(deps, { token: form.data.token, userAgent: req.headers['user-agent'], previousSessionHash: req.sessionHash });
      return redirectAfterSignIn(req, reply, result, safeNext((req.body as { next?: unknown } | undefined)?.next));
    } catch (err) {
      if (err instanceof AppError && err.code === 'token_invalid') {
        return sendPage(reply, views.InvalidLinkPage({ ctx: await page(req, reply), kind: 'magic' }), 400);
      }
      throw err;
    }
  });

  app.get('/account', { config: { access: access.signedIn(), allowWithoutTotp: true } }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    return sendPage(reply, views.AccountPage({ ctx: await page(req, reply), places: await placesOf(deps, p), twoFactor: p.totpEnabled }));
  });

  const setupPage = async (req: FastifyRequest, reply: FastifyReply, errors?: Record<string, string>) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    const enrollment = await accounts.startTotpEnrollment(deps, p.userId);
    const ctx = await page(req, reply);
    if (!enrollment) return sendPage(reply, views.TotpEnabledPage({ ctx, canDisable: !requiresTotp(p.roles, deps.config.production) }));
    const qrSvg = await QRCode.toString(enrollment.uri, { type: 'svg', margin: 1 });
    return sendPage(reply, views.TotpSetupPage({ ctx, secret: enrollment.secret, qrSvg, required: requiresTotp(p.roles, deps.config.production), errors }), errors ? 400 : 200);
  };

  app.get('/account/2fa', { config: { access: access.signedIn(), allowWithoutTotp: true } }, setupPage);

  app.post('/account/2fa', { config: { access: access.signedIn(), allowWithoutTotp: true, ...signInLimit } }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return setupPage(req, reply, form.errors);
    try {
      const codes = await accounts.confirmTotpEnrollment(deps, { userId: p.userId, code: form.data.code, requestId: req.id });
      return sendPage(reply, views.TotpEnabledPage({ ctx: await page(req, reply), recoveryCodes: codes, canDisable: !requiresTotp(p.roles, deps.config.production) }));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return setupPage(req, reply, errors);
    }
  });

  app.post('/account/2fa/disable', { config: { access: access.signedIn(), ...signInLimit } }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthenticated');
    const form = parseForm(codeForm, req.body);
    try {
      await accounts.disableTotp(deps, { userId: p.userId, required: requiresTotp(p.roles, deps.config.production), code: form.ok ? form.data.code : '', requestId: req.id });
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, views.TotpEnabledPage({ ctx: await page(req, reply), canDisable: true, errors }), 400);
    }
    setFlash(reply, 'Two-factor sign-in is off. We have emailed you about it.');
    return reply.redirect('/account', 303);
  });

  await verificationRoutes(app);
  await staffAccountRoutes(app);
  await emailChangeRoutes(app);

  app.get(
    '/api/v1/me',
    {
      config: { access: access.signedIn() },
      schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: meResponse } },
    },
    async (req) => {
      const p = req.principal;
      if (!p) throw new AppError('unauthenticated');
      return {
        id: p.userId,
        email: p.email,
        name: p.name,
        roles: [...p.roles],
        organizations: [...p.orgs].map(([id, role]) => ({ id, role })),
        twoFactor: p.totpEnabled,
      };
    },
  );
}
