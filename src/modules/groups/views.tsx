// Group pages: the list of groups the viewer may see (with invitations and, for community staff,
// requested groups), the form to create or request a group, a group's page (joining, the email
// choice, its threads), the search of one's groups, and the unsubscribe confirmation.
import type { GroupNotify } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { ErrorSummary, Field, FieldError, PostForm, RadioGroup, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { ListedGroup } from './queries.js';
import { type GroupRow, KIND_LABELS, KIND_SHORT, NOTIFY_LABELS, type Standing } from './shared.js';

/** A staff decision on a requested group sent back to be fixed (a decline without its reason). */
export interface Decision {
  groupId: string;
  errors: FieldErrors;
  reason: string;
}

const STANDING_WORDS: Record<string, string> = { active: 'Member', pending: 'Asked to join', invited: 'Invited', suspended: 'Suspended' };

export function GroupsPage(p: {
  ctx: PageContext;
  groups: ListedGroup[];
  requested: Array<{ id: string; name: string; description: string; kind: GroupRow['kind']; requester: string }>;
  mine: Array<GroupRow & { decision_reason: string | null }>;
  staff: boolean;
  decision?: Decision;
}) {
  const invitations = p.groups.filter((g) => g.my_status === 'invited');
  return (
    <Layout ctx={p.ctx} title="Groups">
      <h1>Groups</h1>
      <p>
        Groups are where members talk: topic, regional and role-based communities. Join an open group, ask to join one a moderator approves, or accept an invitation to a private
        one.
      </p>
      <form method="get" action="/groups/search" aria-label="Search your groups">
        <Field name="q" label="Search the groups you belong to" type="text" />
        <button type="submit">Search</button>
      </form>
      {invitations.length ? (
        <section aria-labelledby="invitations">
          <h2 id="invitations">Your invitations</h2>
          <ul>
            {invitations.map((g) => (
              <li key={g.id}>
                <a href={`/groups/${g.slug}`}>{g.name}</a>: open the group to accept or decline.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <SimpleTable
        caption="Groups you can see"
        rows={p.groups}
        rowKey={(g) => g.id}
        empty="There are no groups yet."
        columns={[
          { label: 'Group', cell: (g) => <a href={`/groups/${g.slug}`}>{g.name}</a> },
          { label: 'Who may join', cell: (g) => KIND_SHORT[g.kind] },
          { label: 'Members', cell: (g) => String(g.members) },
          { label: 'You', cell: (g) => (g.my_status ? `${STANDING_WORDS[g.my_status] ?? ''}${g.my_role === 'moderator' ? ' (moderator)' : ''}` : 'Not a member') },
        ]}
      />
      <p>
        <a href="/groups/new">{p.staff ? 'Create a group' : 'Request a new group'}</a>
      </p>
      {p.mine.length ? (
        <section aria-labelledby="mine">
          <h2 id="mine">Groups you asked for</h2>
          <ul>
            {p.mine.map((g) => (
              <li key={g.id}>
                <strong>{g.name}</strong>:{' '}
                {g.status === 'requested'
                  ? 'waiting for our community staff; you get an email when they decide.'
                  : `declined. ${g.decision_reason ? `The reason: ${g.decision_reason}` : 'No reason was given.'}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.staff ? (
        <section aria-labelledby="requested">
          <h2 id="requested">Groups members asked for</h2>
          {p.requested.length === 0 ? <p>No requests are waiting.</p> : null}
          {p.requested.map((g) => {
            const failed = p.decision?.groupId === g.id ? p.decision : undefined;
            return (
              <article key={g.id} class="card">
                <h3>{g.name}</h3>
                <p>
                  Asked for by {g.requester}. {KIND_LABELS[g.kind]}.
                </p>
                {g.description ? <p>{g.description}</p> : null}
                {failed ? <ErrorSummary errors={prefixed(failed.errors, g.id)} labels={{ [`reason-${g.id}`]: `Reason for ${g.name}` }} /> : null}
                <PostForm action={`/groups/requests/${g.id}`} csrf={p.ctx.csrf} label={`Decide on ${g.name}`}>
                  <ReasonField id={`f-reason-${g.id}`} value={failed?.reason} error={failed?.errors.reason} />
                  <button type="submit" name="decision" value="approve">
                    Approve {g.name}
                  </button>{' '}
                  <button type="submit" name="decision" value="decline">
                    Decline {g.name}
                  </button>
                </PostForm>
              </article>
            );
          })}
        </section>
      ) : null}
    </Layout>
  );
}

/** Error keys of one requested group's form (its field ids are `f-reason-<group id>`). */
const prefixed = (errors: FieldErrors, id: string): FieldErrors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${id}`, v]));

/** The reason of a decision on a requested group: one per card, so its id carries the group's. */
function ReasonField(p: { id: string; value?: string; error?: string }) {
  const hint = `${p.id}-hint`;
  const error = `${p.id}-error`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={p.id}>
        Reason or note for the requester <span class="optional">(needed to decline)</span>
      </label>
      <p class="hint" id={hint}>
        Emailed to the member who asked. A decline needs its reason; with an approval it is a note.
      </p>
      <FieldError id={error} error={p.error} />
      <input id={p.id} name="reason" value={p.value} maxLength={500} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${hint} ${error}` : hint} />
    </div>
  );
}

const GROUP_LABELS = { name: 'Name', description: 'What the group is for', kind: 'Who may join' };

export function NewGroupPage(p: { ctx: PageContext; staff: boolean; values: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title={p.staff ? 'Create a group' : 'Request a group'}>
      <h1>{p.staff ? 'Create a group' : 'Request a group'}</h1>
      <p>
        {p.staff
          ? 'The group opens at once, and you are its moderator.'
          : 'Our community staff look at your request; if they approve it, the group opens and you are its moderator.'}
      </p>
      <ErrorSummary errors={p.errors} labels={GROUP_LABELS} />
      <PostForm action="/groups/new" csrf={p.ctx.csrf}>
        <Field name="name" label="Name" value={p.values.name} error={p.errors?.name} required maxLength={120} />
        <TextArea name="description" label="What the group is for" value={p.values.description} error={p.errors?.description} maxLength={2000} />
        <RadioGroup
          name="kind"
          legend="Who may join"
          value={p.values.kind}
          error={p.errors?.kind}
          options={(['open', 'request', 'private'] as const).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        />
        <button type="submit">{p.staff ? 'Create the group' : 'Send the request'}</button>
      </PostForm>
    </Layout>
  );
}

export function GroupPage(p: {
  ctx: PageContext;
  group: GroupRow;
  standing: Standing;
  members: number;
  threads: Array<{ id: string; title: string; pinned: boolean; locked: boolean; last_post_at: Date; author: string; posts: number | string | null }>;
}) {
  const { group: g, standing: s } = p;
  const m = s.membership;
  const base = `/groups/${g.slug}`;
  return (
    <Layout ctx={p.ctx} title={g.name}>
      <h1>{g.name}</h1>
      {g.description ? <p>{g.description}</p> : null}
      <p>
        {KIND_LABELS[g.kind]}. {p.members === 1 ? '1 member' : `${p.members} members`}.
      </p>
      {m?.status === 'suspended' ? (
        <p class="notice">
          You are suspended from this group: you can read it but not post until a moderator reinstates you.
          {m.suspended_reason ? ` The reason: ${m.suspended_reason}` : ''}
        </p>
      ) : null}
      {m?.status === 'pending' ? <p class="notice">You asked to join; a moderator will decide, and you get an email when they do.</p> : null}
      <div class="actions">
        {!m || m.status === 'invited' ? (
          <PostForm action={`${base}/join`} csrf={p.ctx.csrf} label="Join">
            <button type="submit">{m?.status === 'invited' ? 'Accept the invitation' : g.kind === 'open' || s.staff ? 'Join this group' : 'Ask to join'}</button>
          </PostForm>
        ) : null}
        {m && m.status !== 'suspended' ? (
          <PostForm action={`${base}/leave`} csrf={p.ctx.csrf} label="Leave">
            <button type="submit" class="button-secondary">
              {m.status === 'invited' ? 'Decline the invitation' : m.status === 'pending' ? 'Withdraw the request' : 'Leave this group'}
            </button>
          </PostForm>
        ) : null}
        {s.moderates ? <a href={`${base}/manage`}>Moderate this group</a> : null}
      </div>
      {m && (m.status === 'active' || m.status === 'suspended') ? <NotifyForm ctx={p.ctx} action={`${base}/notifications`} value={m.notify} /> : null}
      {s.canRead ? (
        <section aria-labelledby="threads">
          <h2 id="threads">Threads</h2>
          {s.canPost ? (
            <p>
              <a href={`${base}/threads/new`}>Start a thread</a>
            </p>
          ) : null}
          <SimpleTable
            caption={`Threads in ${g.name}`}
            rows={p.threads}
            rowKey={(t) => t.id}
            empty="No threads yet."
            columns={[
              {
                label: 'Thread',
                cell: (t) => (
                  <>
                    <a href={`${base}/threads/${t.id}`}>{t.title}</a>
                    {t.pinned ? ' (pinned)' : ''}
                    {t.locked ? ' (locked)' : ''}
                  </>
                ),
              },
              { label: 'Started by', cell: (t) => t.author },
              { label: 'Posts', cell: (t) => String(Number(t.posts ?? 0)) },
              { label: 'Last post', cell: (t) => formatTime(t.last_post_at, p.ctx.timeZone) },
            ]}
          />
        </section>
      ) : (
        <p>
          {m?.status === 'pending'
            ? 'Once a moderator approves your request, you can read its threads and post.'
            : m?.status === 'invited'
              ? 'Accept the invitation to read its threads and post.'
              : 'Ask to join to read its threads; a moderator approves each request.'}
        </p>
      )}
    </Layout>
  );
}

function NotifyForm(p: { ctx: PageContext; action: string; value: GroupNotify }) {
  return (
    <PostForm action={p.action} csrf={p.ctx.csrf} label="Email from this group">
      <RadioGroup
        name="notify"
        legend="Email from this group"
        value={p.value}
        options={(['every', 'digest', 'none'] as const).map((k) => ({ value: k, label: NOTIFY_LABELS[k] }))}
      />
      <p class="hint">Whatever you choose here, you hear when someone mentions you or replies to your thread, unless you choose no emails.</p>
      <button type="submit">Save email choice</button>
    </PostForm>
  );
}

export function SearchPage(p: {
  ctx: PageContext;
  q: string;
  error?: string;
  hits: Array<{ id: string; thread_id: string; title: string; slug: string; group_name: string; author: string; excerpt: string; created_at: Date }>;
}) {
  return (
    <Layout ctx={p.ctx} title="Search your groups">
      <h1>Search your groups</h1>
      <p>Searches the posts and thread titles of the groups you belong to.</p>
      <form method="get" action="/groups/search" aria-label="Search your groups">
        <Field name="q" label="Words to find" value={p.q} error={p.error} />
        <button type="submit">Search</button>
      </form>
      {p.q && !p.error ? (
        <section aria-labelledby="results">
          <h2 id="results">{p.hits.length === 1 ? '1 post found' : `${p.hits.length} posts found`}</h2>
          <ol class="results">
            {p.hits.map((h) => (
              <li key={h.id}>
                <a href={`/groups/${h.slug}/threads/${h.thread_id}#post-${h.id}`}>{h.title}</a> in {h.group_name}, by {h.author}: {h.excerpt}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Layout>
  );
}

export function UnsubscribePage(p: { ctx: PageContext; m: string; token: string; group: string | null; done: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Emails from a group">
      <h1>Emails from a group</h1>
      {p.group === null ? (
        <p>This link is not valid. Sign in and choose your emails on the group’s page instead.</p>
      ) : p.done ? (
        <p>You will get no more emails from “{p.group}”. You can choose emails again on the group’s page.</p>
      ) : (
        <PostForm action="/groups/unsubscribe" csrf={p.ctx.csrf} label="Unsubscribe">
          <input type="hidden" name="m" value={p.m} />
          <input type="hidden" name="token" value={p.token} />
          <p>Stop all emails from “{p.group}”?</p>
          <button type="submit">Unsubscribe</button>
        </PostForm>
      )}
    </Layout>
  );
}
