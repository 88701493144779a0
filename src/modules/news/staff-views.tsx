// Communications staff's pages of news: every post by state, and the editor of one post (its
// fields, the publish fields, a preview link, the image upload form and the revision history).
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { BackLink, Checkbox, ErrorSummary, Field, FilterPageInput, FilterSelect, PageLinks, PostForm, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import { AUDIENCE_LABELS, ImageUploadForm, MarkdownField, MOVES, PublishFields, type PublishState, type Revision, RevisionHistory, STATE_LABELS } from '../publishing/index.js';
import { formatPostDate } from './format.js';
import type { ListedPost, NewsPost } from './queries.js';

type Values = Record<string, string>;

export const POST_LABELS: Record<string, string> = {
  title: 'Title',
  slug: 'Web address',
  summary: 'Summary',
  body: 'Story',
  author_name: 'Author',
  featured: 'Featured member organization',
  state: 'State',
  publish_at: 'Publish at',
  audience: 'Who may read it',
};

export function StaffNewsPage(p: {
  ctx: PageContext;
  posts: Array<ListedPost & { shownState: PublishState }>;
  /** the state the list is filtered by (kept in its links) */
  state?: string;
  page: number;
  pages: number;
  /** what was typed in the filter form, shown again beside its errors */
  typed?: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={p.ctx} title="News and stories">
      <h1>News and stories</h1>
      <p class="lead">Stories are drafts until you publish or schedule them; drafts are shown only here and through their preview link.</p>
      <p>
        <a class="button" href="/staff/news/new">
          Write a story
        </a>
      </p>
      <ErrorSummary errors={p.errors} labels={{ state: 'State', page: 'Page' }} />
      <form method="get" action="/staff/news" class="filters" aria-label="Filter stories">
        <FilterSelect
          name="state"
          label="State"
          value={p.typed?.state ?? p.state}
          error={p.errors?.state}
          options={Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <FilterPageInput value={p.typed?.page} error={p.errors?.page} />
        <button type="submit">Filter</button>
      </form>
      <SimpleTable
        caption="Stories, latest change first"
        empty="No stories match."
        rows={p.posts}
        rowKey={(r) => r.id}
        columns={[
          { label: 'Story', cell: (r) => <a href={`/staff/news/${r.id}`}>{r.title}</a> },
          { label: 'State', cell: (r) => STATE_LABELS[r.shownState] },
          { label: 'Publish date', cell: (r) => (r.publish_at ? formatPostDate(r.publish_at, p.ctx.timeZone) : '—') },
          { label: 'Audience', cell: (r) => AUDIENCE_LABELS[r.audience] },
          { label: 'Last changed', cell: (r) => formatTime(r.updated_at, p.ctx.timeZone) },
        ]}
      />
      <PageLinks
        label="Pages of stories"
        page={p.page}
        pages={p.pages}
        href={(n) => `/staff/news?${new URLSearchParams({ ...(p.state ? { state: p.state } : {}), page: String(n) }).toString()}`}
      />
    </Layout>
  );
}

export function PostEditorPage(p: {
  ctx: PageContext;
  post?: NewsPost;
  /** the state the post is in for its authors (a scheduled post whose time came is published) */
  shownState: PublishState;
  values: Values;
  pathways: Pathway[];
  chosen: string[];
  errors?: FieldErrors;
  revisions?: Revision[];
  live?: boolean;
}) {
  const e = p.errors ?? {};
  const v = p.values;
  const post = p.post;
  const title = post ? `Edit ${post.title}` : 'Write a story';
  const chosen = new Set(p.chosen);
  return (
    <Layout ctx={p.ctx} title={title}>
      <BackLink href="/staff/news">News and stories</BackLink>
      <h1>{title}</h1>
      {post ? (
        <p class="lead">
          {STATE_LABELS[p.shownState]}.{' '}
          {p.live ? (
            <>
              Readers see it at <a href={`/news/${post.slug}`}>/news/{post.slug}</a>; changes show at once.
            </>
          ) : (
            'Readers do not see it; make a preview link below to show it to someone before it is published.'
          )}
        </p>
      ) : (
        <p class="lead">Save it as a draft to see it through a preview link, schedule it for later, or publish it now.</p>
      )}
      <ErrorSummary errors={p.errors} labels={POST_LABELS} />
      <PostForm action={post ? `/staff/news/${post.id}` : '/staff/news'} csrf={p.ctx.csrf} label={title}>
        <Field name="title" label={POST_LABELS.title ?? ''} value={v.title} error={e.title} required maxLength={200} />
        <Field
          name="slug"
          label={POST_LABELS.slug ?? ''}
          value={v.slug}
          error={e.slug}
          maxLength={100}
          hint="The end of /news/…: lowercase letters, digits and hyphens. Left empty, it is made from the title."
        />
        <TextArea
          name="summary"
          label={POST_LABELS.summary ?? ''}
          value={v.summary}
          error={e.summary}
          required
          rows={3}
          maxLength={500}
          hint="One or two sentences: shown in the list, the feed, search results and to visitors of a members-only story."
        />
        <MarkdownField name="body" label={POST_LABELS.body ?? ''} value={v.body} error={e.body} images />
        <Field
          name="author_name"
          label={POST_LABELS.author_name ?? ''}
          value={v.author_name}
          error={e.author_name}
          required
          maxLength={120}
          hint="The name shown as the story’s author."
        />
        <Field
          name="featured"
          label={POST_LABELS.featured ?? ''}
          value={v.featured}
          error={e.featured}
          maxLength={200}
          hint="A listed member the story is about: the end of its network page’s address, like city-of-springfield-il. Its network page links the story."
        />
        {p.pathways.length ? (
          <fieldset class="group">
            <legend>Pathways</legend>
            {p.pathways.map((w) => (
              <Checkbox key={w.id} name={`pathway_${w.id}`} label={w.name} value="yes" checked={chosen.has(w.id)} />
            ))}
          </fieldset>
        ) : null}
        <PublishFields
          state={(v.state as PublishState | undefined) ?? p.shownState}
          publishAt={v.publish_at}
          audience={v.audience}
          timeZone={p.ctx.timeZone}
          errors={e}
          states={[p.shownState, ...MOVES[p.shownState]]}
        />
        <button type="submit">Save the story</button>
      </PostForm>
      <ImageUploadForm csrf={p.ctx.csrf} returnTo={post ? `/staff/news/${post.id}` : '/staff/news/new'} markdownField="f-body" />
      {post ? (
        <>
          <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">Preview link</h2>
            <p>Anyone with the link sees the story as it is now, even unpublished. Making a new link stops the old one.</p>
            <PostForm action={`/staff/news/${post.id}/preview`} csrf={p.ctx.csrf} label="Make a preview link">
              <button type="submit" class="button-secondary">
                Make a preview link
              </button>
            </PostForm>
          </section>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">History</h2>
            <RevisionHistory
              revisions={p.revisions ?? []}
              timeZone={p.ctx.timeZone}
              fieldLabels={{ ...POST_LABELS, featured_organization: POST_LABELS.featured ?? '', pathways: 'Pathways' }}
            />
          </section>
        </>
      ) : null}
    </Layout>
  );
}
