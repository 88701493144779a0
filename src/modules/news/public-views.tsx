// The public pages of news: the list (newest first, a pathway filter, page links, the feed's
// alternate link), a post's page (its Open Graph tags and Schema.org JSON-LD; a teaser of a
// members-only post for anyone who is not a member), and the stories part of an organization's
// network page.
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, FilterPageInput, FilterSelect, PageLinks } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import { RenderedMarkdown } from '../publishing/index.js';
import { formatPostDate } from './format.js';
import type { ListedPost, NewsPost } from './queries.js';

export const FEED_LINK = <link rel="alternate" type="application/atom+xml" title="News and stories (Atom)" href="/news/feed.atom" />;

const listHref = (q: { pathway?: string }, page: number) => {
  const params = new URLSearchParams();
  if (q.pathway) params.set('pathway', q.pathway);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/news?${s}` : '/news';
};

function PostMeta(p: { post: Pick<ListedPost, 'author_name' | 'publish_at' | 'audience'>; zone: string }) {
  return (
    <p class="meta">
      {p.post.audience === 'members' ? <strong>Members only · </strong> : null}
      By {p.post.author_name} · <time dateTime={p.post.publish_at?.toISOString()}>{formatPostDate(p.post.publish_at, p.zone)}</time>
    </p>
  );
}

export function NewsListPage(p: {
  ctx: PageContext;
  posts: ListedPost[];
  pathways: Pathway[];
  /** the filter applied to the list, kept in its links */
  query: { pathway?: string };
  /** what was typed in the filter form, shown again beside its errors */
  typed?: Record<string, string>;
  page: number;
  pages: number;
  errors?: FieldErrors;
}) {
  const e = p.errors ?? {};
  const typed: Record<string, string | undefined> = p.typed ?? p.query;
  return (
    <Layout ctx={p.ctx} title="News and stories" head={FEED_LINK}>
      <h1>News and stories</h1>
      <p class="lead">
        What members of {p.ctx.associationName} are achieving, and news of the association. Follow it in a feed reader: <a href="/news/feed.atom">Atom feed</a>.
      </p>
      <ErrorSummary errors={Object.keys(e).length ? e : undefined} labels={{ pathway: 'Pathway', page: 'Page' }} />
      {p.pathways.length || e.page ? (
        <form method="get" action="/news" class="filters" aria-label="Filter news">
          {p.pathways.length ? (
            <FilterSelect name="pathway" label="Pathway" value={typed.pathway} options={p.pathways.map((w) => ({ value: w.slug, label: w.name }))} error={e.pathway} />
          ) : null}
          <FilterPageInput value={typed.page} error={e.page} />
          <button type="submit">Show stories</button>
        </form>
      ) : null}
      <section aria-label="Stories, newest first">
        {p.posts.length === 0 ? (
          <p>{p.query.pathway ? 'No stories of this pathway yet.' : 'No stories yet. Check back soon.'}</p>
        ) : (
          <ul class="cards">
            {p.posts.map((post) => (
              <li key={post.id}>
                <article class="card">
                  <h2>
                    <a href={`/news/${post.slug}`}>{post.title}</a>
                  </h2>
                  <PostMeta post={post} zone={p.ctx.timeZone} />
                  <p>{post.summary}</p>
                  {post.featured?.listed ? (
                    <p>
                      Featuring <a href={`/network/${post.featured.slug}`}>{post.featured.name}</a>
                    </p>
                  ) : null}
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
      <PageLinks label="Pages of stories" page={p.page} pages={p.pages} href={(n) => listHref(p.query, n)} />
    </Layout>
  );
}

export function NewsPostPage(p: {
  ctx: PageContext;
  post: NewsPost;
  /** a members-only post seen by someone who is not a member: title, summary, author and date only */
  teaser: boolean;
  /** the rendered body; null in a teaser */
  html: string | null;
  /** seen through a preview link (not live yet) */
  preview: boolean;
  openGraph: Array<[string, string]>;
  jsonLd: string;
}) {
  const post = p.post;
  const head = (
    <>
      {p.preview ? <meta name="robots" content="noindex" /> : null}
      <meta name="description" content={post.summary} />
      {p.openGraph.map(([property, content]) => (
        <meta key={`${property}-${content}`} property={property} content={content} />
      ))}
      {FEED_LINK}
    </>
  );
  return (
    <Layout ctx={p.ctx} title={post.title} head={head}>
      <p>
        <a href="/news">All news and stories</a>
      </p>
      {p.preview ? (
        <div class="warning" role="status">
          <p>
            <strong>Preview.</strong> This story is not published: only people with this link see it.
          </p>
        </div>
      ) : null}
      <article aria-labelledby="post-title">
        <h1 id="post-title">{post.title}</h1>
        <PostMeta post={post} zone={p.ctx.timeZone} />
        <p class="lead">{post.summary}</p>
        {post.featured?.listed ? (
          <p>
            Featuring <a href={`/network/${post.featured.slug}`}>{post.featured.name}</a>, a member of our network.
          </p>
        ) : null}
        {post.pathways.length ? (
          <p>
            Pathways:{' '}
            {post.pathways.map((w, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={`/news?pathway=${w.slug}`}>{w.name}</a>
              </>
            ))}
          </p>
        ) : null}
        {p.teaser || p.html === null ? (
          <section aria-labelledby="members-only">
            <h2 id="members-only">Members only</h2>
            <p>
              The rest of this story is for members of {p.ctx.associationName}: people with an individual membership, and staff of member governments.{' '}
              {p.ctx.principal ? (
                <>
                  Your account is not a member’s. <a href="/join/individual">Join as a professional</a> or ask your government to <a href="/join">join</a>.
                </>
              ) : (
                <>
                  <a href={`/login?next=${encodeURIComponent(`/news/${post.slug}`)}`}>Sign in</a> to read it, or <a href="/join/individual">join</a>.
                </>
              )}
            </p>
          </section>
        ) : (
          <RenderedMarkdown html={p.html} />
        )}
      </article>
      {/* Schema.org data for search engines: JSON with <, > and & escaped, in a data block that is never run; never the body. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: p.jsonLd }} />
    </Layout>
  );
}

/** The stories featuring an organization, on its network page. */
export function StoriesPart(p: { stories: Array<{ slug: string; title: string; summary: string; audience: string; publish_at: Date | null }>; name: string; zone: string }) {
  return (
    <section aria-labelledby="stories">
      <h2 id="stories">Stories featuring {p.name}</h2>
      <ul>
        {p.stories.map((s) => (
          <li key={s.slug}>
            <a href={`/news/${s.slug}`}>{s.title}</a> <span class="hint">({formatPostDate(s.publish_at, p.zone)})</span>
            {s.audience === 'members' ? <strong> · Members only</strong> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
