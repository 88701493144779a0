// The public login request form (O8). Whatever was asked — a member or not, an email with an
// account or not, the same request twice — the answer is the same page with the same words, so
// the form cannot be used to learn who is a member or who has an account. Rate limited per client,
// with a honeypot field, and the mail it causes is limited per recipient (login-requests.ts).
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, Field, Honeypot, PostForm } from '../../web/components.js';
import { type PageContext, pageContext } from '../../web/context.js';
import { honeypotFilled, parseForm } from '../../web/forms.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { loginRequestInput, requestLoginAccess } from './login-requests.js';

const LABELS = { name: 'Your full name', email: 'Your work email', title: 'Your job title', organization: 'Your organization' };

function RequestAccessPage(p: { ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Ask for an account">
      <h1>Ask for an account</h1>
      <p class="lead">
        If you work for a member government of {p.ctx.associationName}, ask here for an account. Your organization’s administrator, or our membership staff, will review your
        request.
      </p>
      <p>
        Already have an account? <a href="/login">Sign in</a>, or get a <a href="/login/magic">sign-in link by email</a>.
      </p>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action="/request-access" csrf={p.ctx.csrf}>
        <Field name="name" label={LABELS.name} required maxLength={200} autocomplete="name" value={v.name} error={e.name} />
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          required
          maxLength={254}
          autocomplete="email"
          value={v.email}
          error={e.email}
          hint="Use your address at your organization: it helps the reviewer recognise you."
        />
        <Field name="title" label={LABELS.title} maxLength={200} autocomplete="organization-title" value={v.title} error={e.title} />
        <Field
          name="organization"
          label={LABELS.organization}
          required
          maxLength={200}
          autocomplete="organization"
          value={v.organization}
          error={e.organization}
          hint="Its full name, as in “City of Springfield”."
        />
        <Honeypot />
        <button type="submit">Ask for an account</button>
      </PostForm>
    </Layout>
  );
}

function RequestReceivedPage(p: { ctx: PageContext }) {
  return (
    <Layout ctx={p.ctx} title="Request received">
      <h1>Thank you: we have your request</h1>
      <p class="lead">If your organization is a member, its administrator or our membership staff will review your request.</p>
      <p>
        If it is approved, you will receive an invitation by email: accepting it signs you in and opens your organization’s page. If you do not hear from us within a week, ask a
        colleague who already has access to add you, or contact our membership team.
      </p>
      <p>
        <a href="/">Back to the home page</a>
      </p>
    </Layout>
  );
}

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
    await requestLoginAccess(deps, form.data);
    return sendPage(reply, RequestReceivedPage({ ctx: await pageContext(req, reply) }));
  });
}
