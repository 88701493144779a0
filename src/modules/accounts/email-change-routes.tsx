// The link staff's change of address sends to the new address (person-admin.ts): a page with a
// button (mail scanners must not use it up), then the change. Public: the token is the proof.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { PostForm } from '../../web/components.js';
import { type PageContext, pageContext } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { checkEmailChangeToken, confirmEmailChange, EMAIL_CHANGE_PATH } from './person-admin.js';

const tokenQuery = z.object({ token: z.string().max(200).optional() });

function ConfirmPage(p: { ctx: PageContext; token: string }) {
  return (
    <Layout ctx={p.ctx} title="Confirm your new email address">
      <h1>Confirm your new email address</h1>
      <p>Select the button to make this address the one you sign in with and receive our messages at. Until you do, your account keeps its old address.</p>
      <PostForm action={EMAIL_CHANGE_PATH} csrf={p.ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <button type="submit">Confirm my new email address</button>
      </PostForm>
    </Layout>
  );
}

function DonePage(p: { ctx: PageContext; email?: string; problem?: string }) {
  const title = p.email ? 'Email address changed' : 'This link is not valid any more';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p>
        {p.email
          ? `Your account’s email address is now ${p.email}. Sign in with it from now on.`
          : (p.problem ?? 'Links to confirm a new address work once and expire after a day. Ask staff to send a new one.')}
      </p>
      <p>
        <a href="/login">Sign in</a>
      </p>
    </Layout>
  );
}

export async function emailChangeRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const limit = { rateLimit: { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' } };
  app.get(EMAIL_CHANGE_PATH, { config: { access: access.public() } }, async (req, reply) => {
    const q = tokenQuery.safeParse(req.query);
    const token = q.success ? (q.data.token ?? '') : '';
    const ctx = await pageContext(req, reply);
    try {
      await checkEmailChangeToken(deps, token);
    } catch {
      return sendPage(reply, DonePage({ ctx }), 400);
    }
    return sendPage(reply, ConfirmPage({ ctx, token }));
  });
  app.post(EMAIL_CHANGE_PATH, { config: { access: access.public(), ...limit } }, async (req, reply) => {
    const body = parseForm(z.object({ token: z.string().min(10).max(200) }), req.body);
    const ctx = await pageContext(req, reply);
    if (!body.ok) return sendPage(reply, DonePage({ ctx }), 400);
    try {
      const { email } = await confirmEmailChange(deps, body.data.token);
      return sendPage(reply, DonePage({ ctx, email }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return sendPage(reply, DonePage({ ctx, problem: err.code === 'token_invalid' ? undefined : err.message }), err.code === 'token_invalid' ? 400 : 409);
    }
  });
}
