// Membership staff's queue of login requests: one card per request, with the member to choose
// when the organization matched none, and approve and decline buttons.
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { ErrorSummary, FieldError, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { LoginRequest } from './login-requests.js';

export type Candidate = { id: string; name: string; state: string };

/** A select per request card; ids carry the request's id, since a page holds several. */
function OrganizationChoice(p: { id: string; candidates: Candidate[]; error?: string }) {
  const id = `f-organization-${p.id}`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>Member organization</label>
      <FieldError id={`${id}-error`} error={p.error} />
      <select id={id} name="organization" required aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.candidates.map((c) => (
          <option key={c.id} value={c.id}>{`${c.name}, ${c.state}`}</option>
        ))}
      </select>
    </div>
  );
}

export function StaffRequestsPage(p: { ctx: PageContext; requests: Array<LoginRequest & { candidates: Candidate[] }>; errors?: FieldErrors; failedId?: string }) {
  return (
    <Layout ctx={p.ctx} title="Login requests">
      <p>
        <a href="/staff">Staff area</a>
      </p>
      <h1>Login requests to decide</h1>
      <p class="lead">
        Requests for a member with no administrator, and requests whose organization matched no member. Approving emails the person an invitation: they become a contact of the
        organization when they accept it, which shows the address is theirs. Declining emails them a polite note.
      </p>
      <ErrorSummary errors={p.errors && p.failedId ? Object.fromEntries(Object.entries(p.errors).map(([k, v]) => [`${k}-${p.failedId}`, v])) : undefined} />
      {p.requests.length === 0 ? <p>Nothing is waiting.</p> : null}
      <ul class="cards">
        {p.requests.map((r) => (
          <li class="card" key={r.id}>
            <h2>{r.name}</h2>
            <SummaryList
              rows={[
                ['Email', r.email],
                ['Title', r.title || 'Not given'],
                ['Organization as typed', r.organizationName],
                ['Matched member', r.matchedName ? `${r.matchedName} (no administrator)` : 'None'],
                ['Email domain', r.domainMatches ? 'Matches the organization’s website or email domain' : 'Does not match the organization’s domain'],
                ['Asked on', formatZonedDay(r.createdAt, p.ctx.timeZone)],
              ]}
            />
            <div class="button-row">
              {r.matchedName || r.candidates.length > 0 ? (
                <PostForm action={`/staff/login-requests/${r.id}/approve`} csrf={p.ctx.csrf} label={`Approve ${r.name}`}>
                  {r.matchedName ? null : <OrganizationChoice id={r.id} candidates={r.candidates} error={p.failedId === r.id ? p.errors?.organization : undefined} />}
                  <div class="field checkbox">
                    <input id={`f-admin-${r.id}`} type="checkbox" name="admin" value="yes" />
                    <label for={`f-admin-${r.id}`}>Make them the organization’s administrator</label>
                  </div>
                  <button type="submit">
                    Approve<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>
              ) : (
                <p>No member has a similar name, so this request can only be declined.</p>
              )}
              <PostForm action={`/staff/login-requests/${r.id}/decline`} csrf={p.ctx.csrf} label={`Decline ${r.name}`}>
                <button type="submit" class="button-secondary">
                  Decline<span class="visually-hidden"> {r.name}</span>
                </button>
              </PostForm>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
