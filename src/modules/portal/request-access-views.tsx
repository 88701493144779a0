// The public login request form (O8) and the page that answers every request the same way.
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, Field, Honeypot, PostForm } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';

const LABELS = { name: 'Your full name', email: 'Your work email', title: 'Your job title', organization: 'Your organization' };

export function RequestAccessPage(p: { ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
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
          hint="Use your address at your organization: it helps the reviewer recognize you."
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

export function RequestReceivedPage(p: { ctx: PageContext }) {
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
