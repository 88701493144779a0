// The public pages of resources: /resources (search with facets), /resources/:slug (in full, or
// the teaser of a members-only resource), its download (a file, or the followed link; counted;
// a 404 to anyone who may not read it), and topic pages /resources/topics/:slug. Drafts show only
// through their preview link.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { sendDownload } from '../../lib/uploads.js';
import { pageContext } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { isLive, previewMatches, renderMarkdown } from '../publishing/index.js';
import { searchCatalogue, seesAllOf } from './catalogue.js';
import { ResourcePage, ResourcesSearchPage, TopicPage } from './public-views.js';
import { liveResourceBySlug, liveTopics, type ResourceRow, resourceBySlug, resourceFile, type TopicRow, topicBySlug } from './queries.js';
import { isSlug, searchQuery } from './schemas.js';
import { searchResources } from './search.js';
import { countDownload } from './service.js';

const notFound = (what = 'resource') => new AppError('not_found', { message: `There is no ${what} at this address.` });
const previewOf = (req: FastifyRequest) => {
  const v = (req.query as { preview?: unknown } | undefined)?.preview;
  return typeof v === 'string' ? v : undefined;
};

export async function resourcePublicRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const pub = { access: access.public() };

  app.get('/resources', { config: pub }, async (req, reply) => {
    const raw = formValues(req.query);
    const query = { q: raw.q, type: raw.type, topic: raw.topic, pathway: raw.pathway, year: raw.year, sort: raw.sort, page: raw.page };
    const parsed = searchQuery.safeParse(raw);
    const ctx = await pageContext(req, reply);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      const topics = await liveTopics(deps.db, deps.clock.now());
      return sendPage(reply, ResourcesSearchPage({ ctx, query, result: null, errors, topics }), 400);
    }
    const answer = await searchCatalogue(deps, parsed.data, { seesAll: await seesAllOf(req) });
    if (!answer.ok) return sendPage(reply, ResourcesSearchPage({ ctx, query, result: null, errors: answer.errors, topics: answer.topics }), 400);
    return sendPage(reply, ResourcesSearchPage({ ctx, query, result: answer.result, topics: answer.result.topics }));
  });

  app.get('/resources/topics/:slug', { config: pub }, async (req, reply) => {
    const slug = String((req.params as { slug?: unknown }).slug ?? '');
    const now = deps.clock.now();
    const topic = isSlug(slug) ? await topicBySlug(deps.db, slug) : null;
    const live = !!topic && isLive(topic, now);
    const preview = !!topic && !live && previewMatches(topic.preview_hash, previewOf(req));
    if (!topic || (!live && !preview)) throw notFound('topic page');
    const r = await searchResources(deps.db, { topicId: topic.id, sort: 'date', page: 1, limit: 50 }, { now, seesAll: await seesAllOf(req) });
    const result = {
      hits: r.hits,
      total: r.total,
      bounded: r.bounded,
      page: 1,
      hasNext: r.hasNext,
      pathways: [],
      topics: [],
      facets: { type: [], topic: [], pathway: [], year: [] },
    };
    return sendPage(reply, TopicPage({ ctx: await pageContext(req, reply), topic, html: renderMarkdown(topic.introduction), result, preview }));
  });

  /** The resource at this address that this viewer may see: live, or a draft through its preview link. */
  async function visible(req: FastifyRequest, slug: string): Promise<{ resource: ResourceRow; preview: boolean }> {
    if (!isSlug(slug)) throw notFound();
    const now = deps.clock.now();
    const live = await liveResourceBySlug(deps.db, slug, now);
    if (live) return { resource: live, preview: false };
    const token = previewOf(req);
    const draft = token ? await resourceBySlug(deps.db, slug) : null;
    if (draft && previewMatches(draft.preview_hash, token)) return { resource: draft, preview: true };
    throw notFound();
  }

  app.get('/resources/:slug', { config: pub }, async (req, reply) => {
    const { resource, preview } = await visible(req, String((req.params as { slug?: unknown }).slug ?? ''));
    const teaser = resource.audience === 'members' && !(await seesAllOf(req));
    const [pathways, topics] = await Promise.all([listPathways(deps.db), liveTopics(deps.db, deps.clock.now())]);
    return sendPage(
      reply,
      ResourcePage({
        ctx: await pageContext(req, reply),
        view: {
          resource,
          teaser,
          html: teaser ? '' : renderMarkdown(resource.body),
          pathways: pathways.filter((x) => resource.pathway_ids.includes(x.id)),
          topics: topics.filter((t: TopicRow) => resource.topic_ids.includes(t.id)),
          signedIn: !!req.principal,
          preview,
        },
      }),
    );
  });

  // The file (or the link) of a live resource; members-only ones only for members and staff. To
  // anyone else it is a 404, as if there were no file: the address reveals nothing.
  app.get('/resources/:slug/download', { config: pub }, async (req, reply) => {
    const slug = String((req.params as { slug?: unknown }).slug ?? '');
    const resource = isSlug(slug) ? await liveResourceBySlug(deps.db, slug, deps.clock.now()) : null;
    if (!resource || (resource.audience === 'members' && !(await seesAllOf(req)))) throw notFound('file');
    if (resource.file) {
      const file = await resourceFile(deps.db, resource.id);
      if (!file) throw notFound('file');
      await countDownload(deps.db, resource.id);
      return sendDownload(reply, file);
    }
    if (resource.link_url) {
      await countDownload(deps.db, resource.id);
      return reply.header('cache-control', 'private, no-store').redirect(resource.link_url, 303);
    }
    throw notFound('file');
  });
}
