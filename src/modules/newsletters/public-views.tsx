// The public pages of newsletters: sign-up, "check your inbox", confirmation, preferences, the
// one-click unsubscribe page, and the archive of past issues of public lists.
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { Checkbox, ErrorSummary, Field, FieldError, Honeypot, PostForm } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { RenderedMarkdown } from '../publishing/index.js';
import type { ListRow } from './queries.js';
import type { Preferences } from './subscribe.js';

export function SignUpPage(p: { ctx: PageContext; lists: ListRow[]; values: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Newsletters">
      <h1>Newsletters</h1>
      <p>Choose the newsletters you want and enter your email address. We send you a link to confirm; nothing else arrives until you follow it.</p>
      <ErrorSummary errors={p.errors} labels={{ email: 'Email address', lists: 'Newsletters' }} />
      <PostForm action="/newsletters" csrf={p.ctx.csrf} label="Subscribe">
        <fieldset>
          <legend>Newsletters</legend>
          <FieldError id="lists-error" error={p.errors?.lists} />
          {p.lists.map((l) => (
            <Checkbox
              name={`list_${l.id}`}
              label={l.audience === 'members' ? `${l.name} (members only)` : l.name}
              hint={l.description || undefined}
              checked={p.values[`list_${l.id}`] === 'yes'}
            />
          ))}
        </fieldset>
        <Field name="email" label="Email address" type="email" autocomplete="email" value={p.values.email} error={p.errors?.email} required />
        <Honeypot />
        <button type="submit">Subscribe</button>
      </PostForm>
      <p>
        <a href="/newsletters/archive">Read past issues</a>
      </p>
    </Layout>
  );
}

export function CheckInboxPage(p: { ctx: PageContext; email: string }) {
  return (
    <Layout ctx={p.ctx} title="Check your inbox">
      <h1>Check your inbox</h1>
      <p>
        If {p.email} can get these newsletters, a message with a confirmation link is on its way. Follow the link within 48 hours to start receiving them; if you do not, you will
        get nothing more from us.
      </p>
    </Layout>
  );
}

export function ConfirmPage(p: { ctx: PageContext; state: 'pending' | 'expired' | 'invalid' | 'confirmed'; token?: string; lists?: string[]; preferencesPath?: string }) {
  const title =
    p.state === 'confirmed'
      ? 'Subscription confirmed'
      : p.state === 'expired'
        ? 'This link has expired'
        : p.state === 'invalid'
          ? 'This link is not valid'
          : 'Confirm your subscription';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.state === 'pending' ? (
        <PostForm action="/newsletters/confirm" csrf={p.ctx.csrf} label="Confirm your subscription">
          <input type="hidden" name="token" value={p.token} />
          <p>Press the button to start receiving the newsletters you chose.</p>
          <button type="submit">Confirm my subscription</button>
        </PostForm>
      ) : p.state === 'confirmed' ? (
        <>
          <p>You now get: {(p.lists ?? []).join(', ')}. Every message has a link to change your choices or unsubscribe.</p>
          <p>
            <a href={p.preferencesPath}>Manage your subscriptions</a>
          </p>
        </>
      ) : p.state === 'expired' ? (
        <p>
          Confirmation links work for 48 hours, and this one is older. <a href="/newsletters">Sign up again</a> to get a new link.
        </p>
      ) : (
        <p>
          The link may have been used already or copied incompletely. <a href="/newsletters">Sign up again</a> if you still want the newsletters.
        </p>
      )}
    </Layout>
  );
}

export function PreferencesPage(p: { ctx: PageContext; prefs: Preferences; token: string; saved?: boolean }) {
  const action = `/newsletters/preferences/${p.prefs.subscriberId}`;
  return (
    <Layout ctx={p.ctx} title="Your newsletters">
      <h1>Your newsletters</h1>
      {p.saved ? <p role="status">Your choices are saved.</p> : null}
      <p>Newsletters sent to {p.prefs.email}. Untick a newsletter to stop it; emails about your membership (invoices, reminders, meetings) are not affected.</p>
      {p.prefs.suppressed === 'unsubscribed' ? <p>You have stopped all our newsletters. Tick one to get it again.</p> : null}
      <PostForm action={action} csrf={p.ctx.csrf} label="Your newsletters">
        <input type="hidden" name="t" value={p.token} />
        <fieldset>
          <legend>Send me</legend>
          {p.prefs.lists.map((l) => (
            <Checkbox name={`list_${l.id}`} label={l.name} hint={l.status === 'pending' ? 'Waiting for you to confirm.' : undefined} checked={l.status === 'subscribed'} />
          ))}
        </fieldset>
        <button type="submit" name="action" value="save">
          Save my choices
        </button>{' '}
        <button type="submit" name="action" value="stop">
          Stop all newsletters
        </button>
      </PostForm>
    </Layout>
  );
}

export function UnsubscribePage(p: { ctx: PageContext; listName: string; done: boolean; formAction: string; preferencesPath: string }) {
  return (
    <Layout ctx={p.ctx} title={`Unsubscribe from ${p.listName}`}>
      <h1>{p.done ? `You are unsubscribed from ${p.listName}` : `Unsubscribe from ${p.listName}`}</h1>
      {p.done ? (
        <p>You will get no more {p.listName}. Other newsletters and emails about your membership are not affected.</p>
      ) : (
        <form method="post" action={p.formAction} aria-label="Unsubscribe">
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <p>Stop sending me {p.listName}?</p>
          <button type="submit">Unsubscribe</button>
        </form>
      )}
      <p>
        <a href={p.preferencesPath}>Manage all your subscriptions</a>
      </p>
    </Layout>
  );
}

export function NotValidPage(p: { ctx: PageContext; title: string }) {
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <h1>{p.title}</h1>
      <p>
        The link may have been copied incompletely. Use the link in your latest newsletter, or <a href="/newsletters">sign up</a> again.
      </p>
    </Layout>
  );
}

export function ArchivePage(p: { ctx: PageContext; issues: Array<{ id: string; subject: string; finished_at: Date | null; list_name: string }> }) {
  return (
    <Layout ctx={p.ctx} title="Past newsletters">
      <h1>Past newsletters</h1>
      {p.issues.length === 0 ? <p>No issue has been sent yet.</p> : null}
      <ul class="plain-list">
        {p.issues.map((i) => (
          <li>
            <a href={`/newsletters/archive/${i.id}`}>{i.subject}</a> — {i.list_name}
            {i.finished_at ? `, ${formatZonedDay(i.finished_at, p.ctx.timeZone)}` : ''}
          </li>
        ))}
      </ul>
      <p>
        <a href="/newsletters">Subscribe</a>
      </p>
    </Layout>
  );
}

export function IssuePage(p: { ctx: PageContext; issue: { subject: string; finished_at: Date | null; list_name: string }; html: string }) {
  return (
    <Layout ctx={p.ctx} title={p.issue.subject}>
      <article>
        <h1>{p.issue.subject}</h1>
        <p>
          {p.issue.list_name}
          {p.issue.finished_at ? `, ${formatZonedDay(p.issue.finished_at, p.ctx.timeZone)}` : ''}
        </p>
        <RenderedMarkdown html={p.html} />
      </article>
      <p>
        <a href="/newsletters/archive">All past issues</a> · <a href="/newsletters">Subscribe</a>
      </p>
    </Layout>
  );
}
