// The public login request form (O8). Whatever was asked — a member or not, an email with an
// account or not, the same request twice — the answer is the same page with the same words, so
// the form cannot be used to learn who is a member or who has an account. Rate limited per client,
// with a honeypot field, and the mail it causes is limited per recipient (login-requests.ts).
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import { pageContext } from '../../web/context.js';
import { honeypotFilled, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { requestLoginAccess } from './login-requests.js';
import { RequestAccessPage, RequestReceivedPage } from './request-access-views.js';
import { loginRequestInput } from './schemas.js';

export async function requestAccessRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const rateLimit = { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' };

  app.get('/request-access', { config: { access: access.public() } }, async (req, reply) => {
    return sendPage(reply, RequestAccessPage({ ctx: await pageContext(req, reply) }));
  });

  app.post('/request-access', { config: { access: access.public(), rateLimit } }, async (req, reply) => {
    // A robot filled the honeypot: the same answer as any request, and nothing stored or sent.
    if (honeypotFilled(req.body)) return sendPage(reply, RequestReceivedPage({ ctx: await pageContext(req, reply) }));
    const form = parseForm(loginRequestInput, req.body);
    if (!form.ok) return sendPage(reply, RequestAccessPage({ ctx: await pageContext(req, reply), values: form.values, errors: form.errors }), 400);
    await requestLoginAccess(deps, { ...form.data, actorUserId: req.principal?.userId ?? null });
    return sendPage(reply, RequestReceivedPage({ ctx: await pageContext(req, reply) }));
  });
}
