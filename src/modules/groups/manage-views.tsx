// The moderators' page of a group: posts held for review, open reports, members (requests to join,
// suspensions with reasons, moderators) and the invitation form.

import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { ErrorSummary, Field, PostForm, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { excerptOf } from './notify.js';
import type { membersOf, moderationQueue } from './queries.js';
import type { GroupRow } from './shared.js';

type Queue = Awaited<ReturnType<typeof moderationQueue>>;
type Member = Awaited<ReturnType<typeof membersOf>>[number];

const STATUS: Record<string, string> = { active: 'Member', pending: 'Asked to join', invited: 'Invited', suspended: 'Suspended' };

/** A decision about a member sent back to be fixed (a decline or suspension without its reason). */
export interface MemberDecision {
  memberId: string;
  errors: FieldErrors;
  reason: string;
}

function MemberActions(p: { ctx: PageContext; base: string; m: Member; self: boolean; failed?: MemberDecision }) {
  const { m } = p;
  if (p.self) return <>You</>;
  const actions: Array<[string, string]> =
    m.status === 'pending'
      ? [
          ['approve', 'Approve'],
          ['decline', 'Decline'],
        ]
      : m.status === 'active'
        ? [['suspend', 'Suspend'], m.role === 'moderator' ? ['member', 'Make plain member'] : ['moderator', 'Make moderator']]
        : m.status === 'suspended'
          ? [['reinstate', 'Reinstate']]
          : [];
  if (!actions.length) return <>—</>;
  return (
    <PostForm action={`${p.base}/members/${m.id}`} csrf={p.ctx.csrf} label={`Act on ${m.name}`}>
      <Field
        name="reason"
        idScope={m.id}
        label={`Reason for ${m.name}`}
        value={p.failed?.reason}
        error={p.failed?.errors.reason}
        maxLength={500}
        neededWhen={m.status === 'pending' ? 'needed to decline' : m.status === 'active' ? 'needed to suspend' : undefined}
        hint="Emailed to them with your decision."
      />
      {actions.map(([value, label]) => (
        <button key={value} type="submit" name="action" value={value}>
          {label}
          <span class="visually-hidden"> {m.name}</span>
        </button>
      ))}
    </PostForm>
  );
}

export function ManagePage(p: { ctx: PageContext; group: GroupRow; queue: Queue; members: Member[]; failed?: MemberDecision }) {
  const base = `/groups/${p.group.slug}`;
  const failedMember = p.failed ? p.members.find((m) => m.id === p.failed?.memberId) : undefined;
  return (
    <Layout ctx={p.ctx} title={`Moderate ${p.group.name}`}>
      <h1>Moderate {p.group.name}</h1>
      <p>
        <a href={base}>Back to the group</a>. Every decision is kept in the audit log with its reason.
      </p>
      {p.failed && failedMember ? <ErrorSummary errors={p.failed.errors} idScope={failedMember.id} labels={{ reason: `Reason for ${failedMember.name}` }} /> : null}
      <section aria-labelledby="held">
        <h2 id="held">Posts waiting for approval</h2>
        {p.queue.held.length === 0 ? <p>None.</p> : null}
        {p.queue.held.map((h) => (
          <article key={h.id} class="card" aria-label={`${h.author} in ${h.title}`}>
            <h3>
              {h.author} in <a href={`${base}/threads/${h.thread_id}#post-${h.id}`}>{h.title}</a>
            </h3>
            <p>{excerptOf(h.body)}</p>
            <PostForm action={`${base}/posts/${h.id}/moderate`} csrf={p.ctx.csrf} label={`Decide on ${h.author}’s post`}>
              <Field name="reason" label={`Reason (to hide or remove ${h.author}’s post)`} />
              <button type="submit" name="action" value="approve">
                Approve<span class="visually-hidden"> {h.author}’s post</span>
              </button>{' '}
              <button type="submit" name="action" value="remove">
                Remove<span class="visually-hidden"> {h.author}’s post</span>
              </button>
            </PostForm>
          </article>
        ))}
      </section>
      <section aria-labelledby="reports">
        <h2 id="reports">Reports</h2>
        {p.queue.reports.length === 0 ? <p>None open.</p> : null}
        {p.queue.reports.map((r) => (
          <article key={r.id} class="card" aria-label={`Report by ${r.reporter}`}>
            <h3>
              {r.reporter} reported a post in <a href={`${base}/threads/${r.thread_id}#post-${r.post_id}`}>{r.title}</a>
            </h3>
            <p>
              {formatTime(r.created_at, p.ctx.timeZone)}: {r.reason}
            </p>
            <PostForm action={`${base}/posts/${r.post_id}/moderate`} csrf={p.ctx.csrf} label={`Decide on the report by ${r.reporter}`}>
              <Field name="reason" label="Reason (to hide or remove the post)" />
              <button type="submit" name="action" value="hide">
                Hide the post
              </button>{' '}
              <button type="submit" name="action" value="remove">
                Remove the post
              </button>{' '}
              <button type="submit" name="action" value="dismiss">
                Dismiss the report
              </button>
            </PostForm>
          </article>
        ))}
      </section>
      <section aria-labelledby="members">
        <h2 id="members">Members</h2>
        <SimpleTable
          caption={`Members of ${p.group.name}`}
          rows={p.members}
          rowKey={(m) => m.id}
          empty="No members yet."
          columns={[
            { label: 'Name', cell: (m) => m.name },
            {
              label: 'Standing',
              cell: (m) => `${STATUS[m.status] ?? m.status}${m.role === 'moderator' ? ', moderator' : ''}${m.suspended_reason ? ` (${m.suspended_reason})` : ''}`,
            },
            {
              label: 'Actions',
              cell: (m) => <MemberActions ctx={p.ctx} base={base} m={m} self={m.user_id === p.ctx.principal?.userId} failed={p.failed?.memberId === m.id ? p.failed : undefined} />,
            },
          ]}
        />
      </section>
      <section aria-labelledby="invite">
        <h2 id="invite">Invite someone</h2>
        <PostForm action={`${base}/invite`} csrf={p.ctx.csrf} label="Invite someone">
          <Field name="email" label="Their email address" type="email" required hint="They see the invitation on the groups page once they sign in." />
          <button type="submit">Invite</button>
        </PostForm>
      </section>
    </Layout>
  );
}
