// The public routes of news: /news (live posts, newest first, by pathway, a page at a time),
// /news/feed.atom, /news/<slug> (a teaser of a members-only post for anyone who is not a member or
// staff; a post that is not live only through its preview link, else 404), and the API
// (`GET /api/v1/news`, `GET /api/v1/news/{slug}`) with the same rules.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, isStaff } from '../../lib/access.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { parseFilterQuery } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { countsAsMember } from '../events/index.js';
import { listPathways } from '../pathways/index.js';
import { IMAGE_PATH, imageIdsIn, isLive, previewMatches, renderMarkdown } from '../publishing/index.js';
import { articleJsonLd, atomFeed, openGraph } from './format.js';
import { NewsListPage, NewsPostPage } from './public-views.js';
import { type ListedPost, listLivePosts, type NewsPost, postBySlug } from './queries.js';
import { apiListQuery, apiListResponse, type apiPost, apiPostDetail, isSlug, listingQuery } from './schemas.js';

export const PAGE_SIZE = 10;
export const FEED_SIZE = 30;

/** Whether the viewer reads members-only posts in full: a member (individually or through their
 * organization), or staff. */
export async function readsMembersOnly(req: FastifyRequest): Promise<boolean> {
  const p = req.principal;
  if (!p) return false;
  return isStaff(p) || (await countsAsMember(req.server.deps.db, p.userId));
}

const notFound = () => new AppError('not_found', { message: 'There is no story at this address.' });

function presentPost(p: ListedPost, publicUrl: string): z.output<typeof apiPost> {
  return {
    slug: p.slug,
    title: p.title,
    summary: p.summary,
    author: p.author_name,
    publishedAt: (p.publish_at ?? p.updated_at).toISOString(),
    membersOnly: p.audience === 'members',
    pathways: p.pathways.map((w) => ({ slug: w.slug, name: w.name })),
    featuredOrganization: p.featured?.listed ? { name: p.featured.name, url: `${publicUrl}/network/${p.featured.slug}` } : null,
    url: `${publicUrl}/news/${p.slug}`,
  };
}

export async function newsPublicRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const pub = { access: access.public() };

  app.get('/news', { config: pub }, async (req, reply) => {
    const pathways = await listPathways(deps.db);
    // A bad field is said beside itself (400), what was typed kept in the form.
    const { data, errors, values } = parseFilterQuery(listingQuery, req.query);
    if (data.pathway && !pathways.some((w) => w.slug === data.pathway)) {
      errors.pathway = 'Choose a pathway from the list.';
      data.pathway = undefined;
    }
    const ok = Object.keys(errors).length === 0;
    const page = data.page;
    // only a bad page number lists the stories of the pathway; a refused pathway lists none
    const onlyPage = Object.keys(errors).every((k) => k === 'page');
    const { posts, total } = onlyPage ? await listLivePosts(deps.db, { now: deps.clock.now(), pathway: data.pathway, page, limit: PAGE_SIZE }) : { posts: [], total: 0 };
    const ctx = await pageContext(req, reply);
    const view = { ctx, posts, pathways, query: { pathway: data.pathway }, typed: values, page, pages: Math.ceil(total / PAGE_SIZE), errors };
    return sendPage(reply, NewsListPage(view), ok ? 200 : 400);
  });

  app.get('/news/feed.atom', { config: pub }, async (_req, reply) => {
    const now = deps.clock.now();
    const association = await deps.association.get();
    const { posts } = await listLivePosts(deps.db, { now, page: 1, limit: FEED_SIZE });
    const body = atomFeed(posts, { publicUrl: deps.config.publicUrl, title: `${association.name}: news and stories`, now });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  });

  app.get(
    '/news/:slug',
    { config: pub, schema: { params: z.object({ slug: z.string().max(200) }), querystring: z.object({ preview: z.string().max(200).optional() }) } },
    async (req, reply) => {
      const slug = req.params.slug;
      const post = isSlug(slug) ? await postBySlug(deps.db, slug) : null;
      if (!post) throw notFound();
      const now = deps.clock.now();
      const live = isLive(post, now);
      const preview = !live && previewMatches(post.preview_hash, req.query.preview);
      if (!live && !preview) throw notFound();
      // A preview shows the whole draft to whoever has the link; otherwise the audience decides.
      const teaser = !preview && post.audience === 'members' && !(await readsMembersOnly(req));
      const ctx = await pageContext(req, reply);
      const source = { ...post, image: post.audience === 'everyone' ? firstImage(post) : null };
      return sendPage(
        reply,
        NewsPostPage({
          ctx,
          post,
          teaser,
          html: teaser ? null : renderMarkdown(post.body),
          preview,
          openGraph: openGraph(source, { publicUrl: deps.config.publicUrl, siteName: ctx.associationName }),
          jsonLd: articleJsonLd(source, { publicUrl: deps.config.publicUrl, publisher: ctx.associationName }),
        }),
      );
    },
  );

  app.get(
    '/api/v1/news',
    {
      config: pub,
      schema: {
        tags: ['news'],
        summary: 'Published news and stories, newest first, a page at a time (members-only posts are listed with their summary)',
        querystring: apiListQuery,
        response: { 200: apiListResponse },
      },
    },
    async (req) => {
      const q = req.query;
      if (q.pathway) {
        const pathways = await listPathways(deps.db);
        if (!pathways.some((w) => w.slug === q.pathway)) throw fieldError({ pathway: `Choose one of: ${pathways.map((w) => w.slug).join(', ')}.` });
      }
      const { posts, total } = await listLivePosts(deps.db, { now: deps.clock.now(), pathway: q.pathway, page: q.page, limit: q.limit });
      return {
        posts: posts.map((p) => presentPost(p, deps.config.publicUrl)),
        page: q.page,
        total,
        next: q.page * q.limit < total ? q.page + 1 : null,
      };
    },
  );

  app.get(
    '/api/v1/news/:slug',
    {
      config: pub,
      schema: {
        tags: ['news'],
        summary: 'One published story with its text (a teaser, without it, of a members-only story for anyone who is not a member)',
        params: z.object({ slug: z.string().max(200) }),
        response: { 200: apiPostDetail },
      },
    },
    async (req) => {
      const slug = req.params.slug;
      const post = isSlug(slug) ? await postBySlug(deps.db, slug) : null;
      if (!post || !isLive(post, deps.clock.now())) throw new AppError('not_found', { message: 'There is no such story.' });
      const teaser = post.audience === 'members' && !(await readsMembersOnly(req));
      return { ...presentPost(post, deps.config.publicUrl), teaser, body: teaser ? null : post.body, bodyHtml: teaser ? null : renderMarkdown(post.body) };
    },
  );
}

/** The first image of a post's text, for its Open Graph and Schema.org image. */
function firstImage(post: NewsPost): string | null {
  const id = imageIdsIn(post.body)[0];
  return id ? `${IMAGE_PATH}${id}` : null;
}
