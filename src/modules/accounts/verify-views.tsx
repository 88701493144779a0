// Pages for confirming an address: the link's page with its button, a link that no longer works,
// and asking for a new link (the same answer for any address).
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, ErrorSummary, Field, PostForm } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';

export function VerifyConfirmPage(p: { ctx: PageContext; token: string; next: string }) {
  return (
    <Layout ctx={p.ctx} title="Confirm your email address">
      <h1>Confirm your email address</h1>
      <p>Select the button to confirm that this email address is yours. You will be signed in and can carry on where you left off.</p>
      <p>If you did not create an account with us, do not confirm: close this page, and nobody will be able to use the address.</p>
      <PostForm action="/account/verify" csrf={p.ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <input type="hidden" name="next" value={p.next} />
        <button type="submit">Confirm my email address</button>
      </PostForm>
    </Layout>
  );
}

export function VerifyInvalidPage(p: { ctx: PageContext }) {
  // Someone signed in has a confirmed address (an unconfirmed account's sessions give nothing):
  // most likely they opened the link they used already.
  const you = p.ctx.principal;
  return (
    <Layout ctx={p.ctx} title="Link not valid">
      <h1>This link is not valid any more</h1>
      <p>Confirmation links work once, expire after a day, and stop working once the address is confirmed.</p>
      {you ? (
        <>
          <p>You are signed in as {you.email}, and that address is confirmed: there is nothing more to do for it.</p>
          <ul>
            <li>
              <a href="/account">Go to your account</a>
            </li>
            <li>
              If the link was for another address, <a href="/account/verify/new">ask for a new confirmation link</a> for it.
            </li>
          </ul>
        </>
      ) : (
        <>
          <p>If your address is confirmed already, sign in.</p>
          <ul>
            <li>
              <a href="/login">Sign in</a>
            </li>
            <li>
              <a href="/account/verify/new">Ask for a new confirmation link</a>
            </li>
          </ul>
        </>
      )}
    </Layout>
  );
}

export function VerifyRequestPage(p: { ctx: PageContext; sent: boolean; hours: number; errors?: FieldErrors; values?: Record<string, string> }) {
  return (
    <Layout ctx={p.ctx} title="Confirm your email address">
      <h1>Get a new confirmation link</h1>
      {p.sent ? (
        <div role="status">
          <p>
            If an account with that address is waiting to be confirmed, we have sent it a new link. It works once and expires in {p.hours} hours. Check your inbox (and your spam
            folder).
          </p>
          <BackLink href="/login">Back to sign in</BackLink>
        </div>
      ) : (
        <>
          <p>Enter the email address you signed up with. If it is waiting to be confirmed, we will send it a new link that confirms it and signs you in.</p>
          <ErrorSummary errors={p.errors} labels={{ email: 'Email' }} />
          <PostForm action="/account/verify/new" csrf={p.ctx.csrf}>
            <Field name="email" label="Email" type="email" autocomplete="email" required value={p.values?.email} error={p.errors?.email} />
            <button type="submit">Send a new link</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}
