// A thread's pages: its posts (held ones only to their author and moderators, hidden and removed
// ones as a moderator's note), the reply form, each post's report and moderation forms, the
// thread's pin, lock and move controls; starting a thread; editing a post with its history.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { ErrorSummary, Field, FileField, PostForm, Select, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { MARKDOWN_HINT, RenderedMarkdown, renderMarkdown } from '../publishing/index.js';
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENTS } from './posting.js';
import type { PostRow, ThreadRow } from './queries.js';
import type { GroupRow, Standing } from './shared.js';

type Attachment = { id: string; filename: string; size_bytes: number };

const ATTACHMENT_HINT = `Up to ${MAX_ATTACHMENTS} files, 10 MB each: PDF, Word, Excel or PowerPoint (.docx, .xlsx, .pptx), PNG or JPEG. Members of the group can download them.`;

function AttachmentsField(p: { error?: string }) {
  return <FileField name="attachments" label="Attachments" hint={ATTACHMENT_HINT} accept={ATTACHMENT_ACCEPT} optional multiple error={p.error} />;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

function Attachments(p: { base: string; files: readonly Attachment[] | undefined }) {
  if (!p.files?.length) return null;
  return (
    <ul class="attachments" aria-label="Attachments">
      {p.files.map((f) => (
        <li key={f.id}>
          <a href={`${p.base}/attachments/${f.id}`} download>
            {f.filename}
          </a>{' '}
          ({size(f.size_bytes)})
        </li>
      ))}
    </ul>
  );
}

const BODY_HINT = `${MARKDOWN_HINT} Mention a member with @ and their name without spaces, like @DanaMorales.`;

export function NewThreadPage(p: { ctx: PageContext; group: GroupRow; values: Record<string, string>; errors?: FieldErrors; message?: string }) {
  return (
    <Layout ctx={p.ctx} title={`Start a thread in ${p.group.name}`}>
      <h1>Start a thread in {p.group.name}</h1>
      <ErrorSummary errors={p.errors} message={p.message} labels={{ title: 'Title', body: 'Your post', attachments: 'Attachments' }} />
      <PostForm action={`/groups/${p.group.slug}/threads/new`} csrf={p.ctx.csrf} enctype="multipart/form-data">
        <Field name="title" label="Title" value={p.values.title} error={p.errors?.title} required maxLength={200} />
        <TextArea name="body" label="Your post" value={p.values.body} error={p.errors?.body} required rows={10} hint={BODY_HINT} maxLength={20_000} />
        <AttachmentsField error={p.errors?.attachments} />
        <button type="submit">Post the thread</button>
      </PostForm>
    </Layout>
  );
}

function PostBody(p: { post: PostRow; standing: Standing; viewer: string | undefined }) {
  const { post } = p;
  const mine = post.author_id === p.viewer;
  if (post.status === 'removed') return <p class="notice">Removed by a moderator{p.standing.moderates && post.moderation_reason ? `: ${post.moderation_reason}` : '.'}</p>;
  if (post.status === 'hidden' && !p.standing.moderates) return <p class="notice">Hidden by a moderator.</p>;
  return (
    <>
      {post.status === 'held' ? (
        <p class="notice">{mine ? 'Waiting for a moderator’s approval: only you and the moderators see this post.' : 'Held for review (a first post).'}</p>
      ) : null}
      {post.status === 'hidden' ? <p class="notice">Hidden from members: {post.moderation_reason}</p> : null}
      <RenderedMarkdown html={renderMarkdown(post.body)} />
    </>
  );
}

export function ThreadPage(p: {
  ctx: PageContext;
  group: GroupRow;
  thread: ThreadRow;
  posts: PostRow[];
  /** each post's attachments, by post */
  attachments: ReadonlyMap<string, readonly Attachment[]>;
  standing: Standing;
  editableIds: Set<string>;
  moveTargets: Array<{ slug: string; name: string }>;
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}) {
  const { group: g, thread: t, standing: s } = p;
  const viewer = p.ctx.principal?.userId;
  const base = `/groups/${g.slug}`;
  const shown = p.posts.filter((post) => post.status !== 'held' || s.moderates || post.author_id === viewer);
  return (
    <Layout ctx={p.ctx} title={`${t.title} — ${g.name}`}>
      <p>
        <a href={base}>{g.name}</a>
      </p>
      <h1>{t.title}</h1>
      {t.pinned || t.locked ? <p class="notice">{[t.pinned ? 'Pinned by a moderator.' : '', t.locked ? 'Locked: no more replies.' : ''].filter(Boolean).join(' ')}</p> : null}
      {shown.map((post) => (
        <article key={post.id} id={`post-${post.id}`} class="card" aria-labelledby={`post-${post.id}-by`}>
          <h2 id={`post-${post.id}-by`} class="post-byline">
            {post.author}, {formatTime(post.created_at, p.ctx.timeZone)}
          </h2>
          <PostBody post={post} standing={s} viewer={viewer} />
          {post.status === 'removed' || (post.status === 'hidden' && !s.moderates) ? null : <Attachments base={base} files={p.attachments.get(post.id)} />}
          {post.edited_at && Number(post.edits ?? 0) > 0 ? (
            <p class="hint">
              Edited {formatTime(post.edited_at, p.ctx.timeZone)}.{' '}
              <a href={`${base}/posts/${post.id}/edit`}>{p.editableIds.has(post.id) ? 'Edit again or see' : 'See'} the earlier versions</a>
            </p>
          ) : p.editableIds.has(post.id) ? (
            <p>
              <a href={`${base}/posts/${post.id}/edit`}>Edit your post</a>
            </p>
          ) : null}
          {post.status === 'visible' && post.author_id !== viewer && s.canPost ? (
            <details>
              <summary>Report this post</summary>
              <PostForm action={`${base}/posts/${post.id}/report`} csrf={p.ctx.csrf} label="Report this post">
                <TextArea name="reason" label="What is wrong with it" required maxLength={1000} rows={3} />
                <button type="submit">Send the report to the moderators</button>
              </PostForm>
            </details>
          ) : null}
          {s.moderates && post.status !== 'removed' ? (
            <details>
              <summary>Moderate this post</summary>
              <PostForm action={`${base}/posts/${post.id}/moderate`} csrf={p.ctx.csrf} label="Moderate this post">
                <Select
                  name="action"
                  label="Action"
                  options={[
                    ...(post.status === 'held' ? [{ value: 'approve', label: 'Approve (publish it)' }] : []),
                    ...(post.status === 'hidden' ? [{ value: 'restore', label: 'Show it again' }] : [{ value: 'hide', label: 'Hide it' }]),
                    { value: 'remove', label: 'Remove it' },
                  ]}
                />
                <Field name="reason" label="Reason (required to hide or remove)" />
                <button type="submit">Apply</button>
              </PostForm>
            </details>
          ) : null}
        </article>
      ))}
      {s.canPost && (!t.locked || s.moderates) ? (
        <section aria-labelledby="reply">
          <h2 id="reply">Reply</h2>
          <ErrorSummary errors={p.errors} message={p.message} labels={{ body: 'Your reply', attachments: 'Attachments' }} />
          <PostForm action={`${base}/threads/${t.id}/reply`} csrf={p.ctx.csrf} enctype="multipart/form-data">
            <TextArea name="body" label="Your reply" value={p.values?.body} error={p.errors?.body} required rows={6} hint={BODY_HINT} maxLength={20_000} />
            <AttachmentsField error={p.errors?.attachments} />
            <button type="submit">Post the reply</button>
          </PostForm>
        </section>
      ) : null}
      {s.moderates ? (
        <section aria-labelledby="thread-moderation">
          <h2 id="thread-moderation">Moderate this thread</h2>
          <PostForm action={`${base}/threads/${t.id}/moderate`} csrf={p.ctx.csrf} label="Moderate this thread">
            <Select
              name="action"
              label="Thread action"
              options={[
                t.pinned ? { value: 'unpin', label: 'Unpin' } : { value: 'pin', label: 'Pin to the top' },
                t.locked ? { value: 'unlock', label: 'Unlock' } : { value: 'lock', label: 'Lock (no more replies)' },
                ...(p.moveTargets.length ? [{ value: 'move', label: 'Move to another group' }] : []),
              ]}
            />
            {p.moveTargets.length ? <Select name="to" label="Group to move it to" includeBlank="—" options={p.moveTargets.map((m) => ({ value: m.slug, label: m.name }))} /> : null}
            <Field name="reason" label="Reason (kept in the audit log)" />
            <button type="submit">Apply to the thread</button>
          </PostForm>
        </section>
      ) : null}
    </Layout>
  );
}

export function EditPostPage(p: {
  ctx: PageContext;
  group: GroupRow;
  threadId: string;
  postId: string;
  body: string;
  canEdit: boolean;
  edits: Array<{ id: string; body: string; replaced_at: Date }>;
  errors?: FieldErrors;
  message?: string;
}) {
  const base = `/groups/${p.group.slug}`;
  return (
    <Layout ctx={p.ctx} title="Edit a post">
      <h1>{p.canEdit ? 'Edit your post' : 'A post’s earlier versions'}</h1>
      <p>
        <a href={`${base}/threads/${p.threadId}#post-${p.postId}`}>Back to the thread</a>
      </p>
      {p.canEdit ? (
        <>
          <p>You can edit a post for 15 minutes after posting it; its earlier versions stay visible below.</p>
          <ErrorSummary errors={p.errors} message={p.message} labels={{ body: 'Your post' }} />
          <PostForm action={`${base}/posts/${p.postId}/edit`} csrf={p.ctx.csrf}>
            <TextArea name="body" label="Your post" value={p.body} error={p.errors?.body} required rows={10} hint={BODY_HINT} maxLength={20_000} />
            <button type="submit">Save the post</button>
          </PostForm>
        </>
      ) : (
        <p>The time to edit this post has passed.</p>
      )}
      <section aria-labelledby="history">
        <h2 id="history">Earlier versions</h2>
        {p.edits.length === 0 ? <p>None: the post has not been edited.</p> : null}
        {p.edits.map((e) => (
          <article key={e.id} class="card" aria-label={`Until ${formatTime(e.replaced_at, p.ctx.timeZone)}`}>
            <h3>Until {formatTime(e.replaced_at, p.ctx.timeZone)}</h3>
            <RenderedMarkdown html={renderMarkdown(e.body)} />
          </article>
        ))}
      </section>
    </Layout>
  );
}
