// The pages of API tokens: a person's own (account settings) and the service tokens (staff admins),
// each a list with a revoke button and the form to make one; and the page that shows a new token once.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { ErrorSummary, Field, FieldError, PostForm, Select, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { EXPIRY_DAYS, type TokenKind, type TokenRow } from './service.js';

export interface TokenForm {
  values?: { name?: string; expiresInDays?: string; scopes?: string[] };
  errors?: FieldErrors;
}

interface Place {
  kind: TokenKind;
  title: string;
  base: string;
}

const PLACES: Record<TokenKind, Place> = {
  personal: { kind: 'personal', title: 'Your API tokens', base: '/account/tokens' },
  service: { kind: 'service', title: 'Service API tokens', base: '/staff/api-tokens' },
};

const status = (t: TokenRow, now: Date) => (t.revoked_at ? 'Revoked' : t.expires_at.getTime() <= now.getTime() ? 'Expired' : 'Active');

/** A scope in words beside its code: `events:read` → "Read events", `events:write` → "Create,
 * change and delete events". */
function scopeWords(scope: string): string {
  const [resource = '', verb = ''] = scope.split(':');
  const what = resource === 'account' ? 'your account' : resource.replace(/-/g, ' ');
  return verb === 'read' ? `Read ${what}` : verb === 'write' ? `Create, change and delete ${what}` : scope;
}

/** A token's scopes in words, as the form names them; a semicolon between them, since the words of
 * one may hold commas. */
const scopesInWords = (scopes: readonly string[]) => scopes.map(scopeWords).join('; ');

export function TokensPage(p: { ctx: PageContext; kind: TokenKind; rows: TokenRow[]; grantable: string[]; now: Date } & TokenForm) {
  const place = PLACES[p.kind];
  const zone = p.ctx.timeZone;
  const chosen = new Set(p.values?.scopes ?? []);
  return (
    <Layout ctx={p.ctx} title={place.title}>
      <h1>{place.title}</h1>
      {p.kind === 'personal' ? (
        <p class="lead">
          A token lets a program call the <a href="/api/docs">JSON API</a> as you, with only the scopes you give it, and never more than your own roles allow today. Send it as{' '}
          <code>Authorization: Bearer …</code>.
        </p>
      ) : (
        <p class="lead">
          Service tokens connect other systems (accounting, email) to the <a href="/api/docs">JSON API</a>. Each carries the rights of the staff admin who made it, limited to its
          scopes: if that person loses a role, the token loses it too. Any staff admin can revoke one.
        </p>
      )}
      <SimpleTable
        caption={p.kind === 'personal' ? 'Your tokens' : 'Service tokens'}
        rows={p.rows}
        rowKey={(t) => t.id}
        empty="No token yet."
        columns={[
          { label: 'Name', cell: (t) => t.name },
          { label: 'Starts with', cell: (t) => <code>{t.token_prefix}…</code> },
          ...(p.kind === 'service' ? [{ label: 'Made by', cell: (t: TokenRow) => t.owner_name }] : []),
          { label: 'Scopes', cell: (t) => scopesInWords(t.scopes) },
          { label: 'Made', cell: (t) => formatTime(t.created_at, zone) },
          { label: 'Expires', cell: (t) => formatTime(t.expires_at, zone) },
          { label: 'Last used', cell: (t) => (t.last_used_at ? formatTime(t.last_used_at, zone) : 'Never') },
          { label: 'Status', cell: (t) => status(t, p.now) },
          {
            label: 'Action',
            cell: (t) =>
              t.revoked_at ? (
                '—'
              ) : (
                <PostForm action={`${place.base}/${t.id}/revoke`} csrf={p.ctx.csrf} label={`Revoke ${t.name}`}>
                  <button type="submit" class="button-secondary">
                    Revoke <span class="visually-hidden">{t.name}</span>
                  </button>
                </PostForm>
              ),
          },
        ]}
      />
      <h2 id="new-token">Make a token</h2>
      <ErrorSummary errors={p.errors} labels={{ name: 'Name', scopes: 'Scopes', expiresInDays: 'Expires after' }} />
      <PostForm action={place.base} csrf={p.ctx.csrf} label="Make a token">
        <Field name="name" label="Name" required maxLength={100} value={p.values?.name} error={p.errors?.name} hint="What uses it, for example “Accounting sync”." />
        <fieldset class={p.errors?.scopes ? 'field field-error checkboxes' : 'field checkboxes'} aria-describedby={p.errors?.scopes ? 'f-scopes-error' : 'f-scopes-hint'}>
          <legend>Scopes</legend>
          <p class="hint" id="f-scopes-hint">
            What the token may do. Only the scopes your roles allow are offered. Reading and changing are separate: a token that should look things up and also change them needs
            both (for example “Read events” and “Create, change and delete events”).
          </p>
          <FieldError id="f-scopes-error" error={p.errors?.scopes} />
          {p.grantable.map((s, i) => (
            <div class="checkbox" key={s}>
              <input id={i === 0 ? 'f-scopes' : `f-scopes-${s.replace(':', '-')}`} name="scopes" type="checkbox" value={s} checked={chosen.has(s)} />
              <label for={i === 0 ? 'f-scopes' : `f-scopes-${s.replace(':', '-')}`}>
                {scopeWords(s)} (<code>{s}</code>)
              </label>
            </div>
          ))}
        </fieldset>
        <Select
          name="expiresInDays"
          label="Expires after"
          required
          value={p.values?.expiresInDays ?? '90'}
          error={p.errors?.expiresInDays}
          options={EXPIRY_DAYS.map((d) => ({ value: String(d), label: d === 365 ? 'a year' : `${d} days` }))}
        />
        <button type="submit">Make the token</button>
      </PostForm>
    </Layout>
  );
}

/** The new token, shown this once: it is kept only as a hash. */
export function TokenCreatedPage(p: { ctx: PageContext; kind: TokenKind; name: string; token: string; scopes: string[]; expiresAt: Date; publicUrl: string }) {
  const place = PLACES[p.kind];
  return (
    <Layout ctx={p.ctx} title="Your new API token">
      <h1>Your new API token</h1>
      <p class="lead">Copy it now: it is shown only this once. Civnet keeps only a fingerprint of it and cannot show it again.</p>
      <dl>
        <dt>Name</dt>
        <dd>{p.name}</dd>
        <dt>Token</dt>
        <dd>
          <code class="secret" id="new-token-value">
            {p.token}
          </code>
        </dd>
        <dt>Scopes</dt>
        <dd>{scopesInWords(p.scopes)}</dd>
        <dt>Expires</dt>
        <dd>{formatTime(p.expiresAt, p.ctx.timeZone)}</dd>
      </dl>
      <p>Call the API with it like this:</p>
      <pre class="command">
        <code>{`curl -H "Authorization: Bearer ${p.token.slice(0, 12)}…" ${p.publicUrl}/api/v1/me`}</code>
      </pre>
      <p>
        <a href={place.base}>Back to the tokens</a>
      </p>
    </Layout>
  );
}
