// Pages of the accounts module: sign in, second factor, reset, magic link, account, 2FA setup.
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, ErrorSummary, Field, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { type Place, rolesOfPlaces, YourPlaces } from './places.js';

interface FormState {
  errors?: FieldErrors;
  values?: Record<string, string>;
  message?: string;
}

/** `reason`: the sign-in page's word on why, for one sent there on the way to `next` (from
 * deps.slots.signInReasons: "Sign in to register for …"), else a plain word that they will come
 * back to the page. */
export function LoginPage(p: { ctx: PageContext; next: string; forMembers?: boolean; reason?: string | null } & FormState) {
  return (
    <Layout ctx={p.ctx} title="Sign in">
      <h1>Sign in</h1>
      {p.forMembers ? (
        <p class="notice">
          The page you asked for is for individual members of {p.ctx.associationName} and its staff. Sign in, or <a href="/join/individual">become an individual member</a>.
        </p>
      ) : p.next !== '/' ? (
        // why they are here, from the (already site-relative) return path they will be sent back to
        <p class="notice">{p.reason ?? 'Sign in to continue to the page you asked for. You will come back to it.'}</p>
      ) : null}
      <ErrorSummary errors={p.errors} message={p.message} labels={{ email: 'Email', password: 'Password' }} />
      <PostForm action="/login" csrf={p.ctx.csrf}>
        <input type="hidden" name="next" value={p.next} />
        <Field name="email" label="Email" type="email" autocomplete="username" required value={p.values?.email} error={p.errors?.email} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required error={p.errors?.password} />
        <button type="submit">Sign in</button>
      </PostForm>
      <ul>
        <li>
          <a href="/password/forgot">Choose a password, or reset a forgotten one</a>
        </li>
        <li>
          <a href={p.next === '/' ? '/login/magic' : `/login/magic?next=${encodeURIComponent(p.next)}`}>Email me a sign-in link instead</a>
        </li>
      </ul>
      <h2>No account yet?</h2>
      <ul>
        <li>
          <a href="/join/individual">Join as a professional</a>: an individual membership of your own, whoever you work for. You choose your password as you join.
        </li>
        <li>
          Work for a member government? <a href="/request-access">Ask for an account</a> to act for it: its administrator or our membership staff review your request.
        </li>
        <li>
          Your government is not a member yet? <a href="/join">Join as a government</a>: whoever fills in the application needs no account, and the people it names are invited once
          it is approved.
        </li>
        <li>
          Joined already, but the address is not confirmed? <a href="/account/verify/new">Ask for a new confirmation link</a>.
        </li>
      </ul>
    </Layout>
  );
}

export function SecondFactorPage(p: { ctx: PageContext; next: string } & FormState) {
  return (
    <Layout ctx={p.ctx} title="Two-factor sign-in">
      <h1>Enter your sign-in code</h1>
      <p>Open your authenticator app and enter the 6-digit code for this account. If you lost your device, enter one of your recovery codes.</p>
      <ErrorSummary errors={p.errors} labels={{ code: 'Code' }} />
      <PostForm action={p.next === '/' ? '/login/2fa' : `/login/2fa?next=${encodeURIComponent(p.next)}`} csrf={p.ctx.csrf}>
        <Field name="code" label="Code" autocomplete="one-time-code" inputMode="numeric" required error={p.errors?.code} />
        <button type="submit">Continue</button>
      </PostForm>
    </Layout>
  );
}

export function EmailRequestPage(p: { ctx: PageContext; kind: 'reset' | 'magic'; sent: boolean; next?: string } & FormState) {
  const reset = p.kind === 'reset';
  const title = reset ? 'Choose a password' : 'Sign in with an email link';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.sent ? (
        <div role="status">
          <p>If an account uses that address, we have sent it a link. It works once and expires in {reset ? '30' : '15'} minutes. Check your inbox (and your spam folder).</p>
          <BackLink href="/login">Back to sign in</BackLink>
        </div>
      ) : (
        <>
          <p>Enter the email address of your account. We will send you a link {reset ? 'to choose a password (a new one, if you had one)' : 'that signs you in'}.</p>
          <ErrorSummary errors={p.errors} labels={{ email: 'Email' }} />
          <PostForm action={reset ? '/password/forgot' : '/login/magic'} csrf={p.ctx.csrf}>
            {p.next && p.next !== '/' ? <input type="hidden" name="next" value={p.next} /> : null}
            <Field name="email" label="Email" type="email" autocomplete="email" required value={p.values?.email} error={p.errors?.email} />
            <button type="submit">{reset ? 'Send reset link' : 'Send sign-in link'}</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

export function InvalidLinkPage(p: { ctx: PageContext; kind: 'reset' | 'magic' | 'setup' }) {
  return (
    <Layout ctx={p.ctx} title="Link not valid">
      <h1>This link is not valid any more</h1>
      <p>Links work once and expire after a short time. Ask for a new one.</p>
      {p.kind === 'setup' ? (
        <p>
          Ask the person who runs this server for a new set-up link: the command <code>civnet admin create</code> prints one.
        </p>
      ) : (
        <p>
          <a href={p.kind === 'reset' ? '/password/forgot' : '/login/magic'}>{p.kind === 'reset' ? 'Ask for a new reset link' : 'Ask for a new sign-in link'}</a>
        </p>
      )}
    </Layout>
  );
}

/** The one-time link of a staff admin created with `civnet admin create`. */
export function AdminSetupPage(p: { ctx: PageContext; token: string } & FormState) {
  return (
    <Layout ctx={p.ctx} title="Set up your staff admin account">
      <h1>Set up your staff admin account</h1>
      <p class="lead">Choose a password. Next you will turn on two-factor sign-in with an authenticator app on your phone; staff admins need both.</p>
      <NewPasswordForm action="/account/setup" ctx={p.ctx} token={p.token} label="Password" button="Save and continue" errors={p.errors} />
    </Layout>
  );
}

/** Choosing a password at a one-time link (a reset, a staff admin's set-up): the token rides along. */
function NewPasswordForm(p: { action: string; ctx: PageContext; token: string; label: string; button: string; errors?: FieldErrors }) {
  return (
    <>
      <ErrorSummary errors={p.errors} labels={{ password: p.label }} />
      <PostForm action={p.action} csrf={p.ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <Field
          name="password"
          label={p.label}
          type="password"
          autocomplete="new-password"
          required
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
          error={p.errors?.password}
        />
        <button type="submit">{p.button}</button>
      </PostForm>
    </>
  );
}

export function ResetPasswordPage(p: { ctx: PageContext; token: string } & FormState) {
  return (
    <Layout ctx={p.ctx} title="Choose a new password">
      <h1>Choose a new password</h1>
      <NewPasswordForm action="/password/reset" ctx={p.ctx} token={p.token} label="New password" button="Save new password" errors={p.errors} />
    </Layout>
  );
}

export function MagicConfirmPage(p: { ctx: PageContext; token: string; next: string }) {
  return (
    <Layout ctx={p.ctx} title="Sign in">
      <h1>Sign in</h1>
      <p>Select the button to finish signing in.</p>
      <PostForm action="/login/magic/verify" csrf={p.ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        {p.next !== '/' ? <input type="hidden" name="next" value={p.next} /> : null}
        <button type="submit">Sign in</button>
      </PostForm>
    </Layout>
  );
}

export function AccountPage(p: { ctx: PageContext; places: Place[]; twoFactor: boolean }) {
  const user = p.ctx.principal;
  const roles = rolesOfPlaces(p.places);
  return (
    <Layout ctx={p.ctx} title="My account">
      <h1>My account</h1>
      <SummaryList
        rows={[
          ['Name', user?.name],
          ['Email', user?.email],
          ['Roles', roles.length ? <RoleList roles={roles} /> : 'No role yet'],
          ['Two-factor sign-in', p.twoFactor ? 'On' : 'Off'],
        ]}
      />
      <p>
        <a href="/account/2fa">{p.twoFactor ? 'Manage two-factor sign-in' : 'Turn on two-factor sign-in'}</a>
      </p>
      <p>
        <a href="/account/tokens">API tokens</a>: let a program call the JSON API as you.
      </p>
      <h2>Where your things are</h2>
      <YourPlaces places={p.places} withRoles={false} />
    </Layout>
  );
}

function RoleList(p: { roles: string[] }) {
  if (p.roles.length === 1) return <>{p.roles[0]}</>;
  return (
    <ul>
      {p.roles.map((r) => (
        <li>{r}</li>
      ))}
    </ul>
  );
}

export function TotpSetupPage(p: { ctx: PageContext; secret: string; qrSvg: string; required: boolean } & FormState) {
  return (
    <Layout ctx={p.ctx} title="Turn on two-factor sign-in">
      <h1>Turn on two-factor sign-in</h1>
      {p.required ? <p class="lead">Your role requires two-factor sign-in. Set it up now to continue.</p> : null}
      <ol>
        <li>Open an authenticator app on your phone (any app that supports time-based codes).</li>
        <li>
          Scan this code, or enter the secret by hand.
          <div class="qr" role="img" aria-label="QR code containing your two-factor secret" dangerouslySetInnerHTML={{ __html: p.qrSvg }} />
          <p>
            Secret: <code class="secret">{p.secret}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <ErrorSummary errors={p.errors} labels={{ code: 'Code from your app' }} />
      <PostForm action="/account/2fa" csrf={p.ctx.csrf}>
        <Field name="code" label="Code from your app" autocomplete="one-time-code" inputMode="numeric" required error={p.errors?.code} />
        <button type="submit">Turn on</button>
      </PostForm>
    </Layout>
  );
}

export function TotpEnabledPage(p: { ctx: PageContext; recoveryCodes?: string[]; canDisable: boolean; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Two-factor sign-in">
      <h1>Two-factor sign-in is on</h1>
      {p.recoveryCodes ? (
        <>
          <p>Save these recovery codes somewhere safe. Each works once if you lose your device. We will not show them again.</p>
          <ul>
            {p.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>You will be asked for a code from your authenticator app each time you sign in.</p>
      )}
      {p.canDisable ? (
        <>
          <h2>Turn it off</h2>
          <ErrorSummary errors={p.errors} labels={{ code: 'Code from your app' }} />
          <PostForm action="/account/2fa/disable" csrf={p.ctx.csrf}>
            <Field
              name="code"
              label="Code from your app"
              autocomplete="one-time-code"
              inputMode="numeric"
              required
              hint="The current 6-digit code, or one of your recovery codes: we ask so that nobody else at your computer can turn it off."
              error={p.errors?.code}
            />
            <button type="submit" class="button-secondary">
              Turn off two-factor sign-in
            </button>
          </PostForm>
        </>
      ) : (
        <p>Two-factor sign-in is required for your role, so it cannot be turned off.</p>
      )}
      <p>
        <a href="/">Continue to the home page</a>
      </p>
    </Layout>
  );
}
