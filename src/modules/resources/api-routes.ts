// The resources API: GET /api/v1/resources (search with facets, a page at a time) and
// GET /api/v1/resources/{slug} (one live resource; a members-only one is a teaser, without its
// text, link or file, for anyone who is not a member or staff). The same rules as the pages.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { keptJson } from '../../lib/encoding.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { errorShape, ONCE_PER_PARAMETER, refuseRepeatedQuery } from '../../lib/http-errors.js';
import { listPathways, type Pathway } from '../pathways/index.js';
import { catalogueKey, searchCatalogue, seesAllOf } from './catalogue.js';
import { liveResourceBySlug, liveTopics, type TopicRow } from './queries.js';
import { type apiResource, apiResourceDetail, apiSearchQuery, apiSearchResponse, isSlug } from './schemas.js';
import { passageHtml, passageText } from './search.js';

type ApiResource = z.output<typeof apiResource>;

interface Presentable {
  slug: string;
  title: string;
  summary: string;
  type: ApiResource['type'];
  year: number;
  audience: 'everyone' | 'members';
  publishedAt: Date | null;
  pathwayIds: string[];
  topicIds: string[];
}

function present(r: Presentable, teaser: boolean, publicUrl: string, pathways: Pathway[], topics: TopicRow[]): ApiResource {
  return {
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    type: r.type,
    year: r.year,
    membersOnly: r.audience === 'members',
    teaser,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    pathways: pathways.filter((p) => r.pathwayIds.includes(p.id)).map((p) => ({ slug: p.slug, name: p.name })),
    topics: topics.filter((t) => r.topicIds.includes(t.id)).map((t) => ({ slug: t.slug, name: t.name })),
    url: `${publicUrl}/resources/${r.slug}`,
  };
}

export async function resourceApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get(
    '/api/v1/resources',
    {
      config: { access: access.public() },
      preValidation: refuseRepeatedQuery,
      schema: {
        tags: ['resources'],
        summary: 'Search published resources (full text with typo-tolerant titles), with facets by type, topic, pathway and year',
        description: ONCE_PER_PARAMETER,
        querystring: apiSearchQuery,
        response: { 200: apiSearchResponse, 400: errorShape },
      },
    },
    async (req, reply) => {
      const { limit, ...q } = req.query;
      const o = { seesAll: await seesAllOf(req), limit: limit ?? 10 };
      // The answer's bytes are kept with the search (serialized and compressed once): the same
      // search by anyone of the same class costs no database, no serializing and no compressing.
      const { body, encoding } = await keptJson(deps.searches, `resources:api:${catalogueKey(q, o)}`, req.headers['accept-encoding'], async () => {
        const answer = await searchCatalogue(deps, q, o);
        if (!answer.ok) throw fieldError(answer.errors);
        const r = answer.result;
        const out: z.input<typeof apiSearchResponse> = {
          results: r.hits.map((h) => ({
            ...present(h, h.teaser, deps.config.publicUrl, r.pathways, r.topics),
            snippet: passageText(h.passage),
            snippetHtml: passageHtml(h.passage),
          })),
          facets: r.facets,
          total: r.total,
          bounded: r.bounded,
          page: r.page,
          next: r.hasNext ? r.page + 1 : null,
        };
        return JSON.stringify(apiSearchResponse.parse(out));
      });
      reply.type('application/json; charset=utf-8');
      if (encoding) reply.header('content-encoding', encoding).header('vary', 'accept-encoding');
      // already serialized (checked against the schema above): Fastify sends a Buffer as it is
      return reply.send(body as unknown as z.output<typeof apiSearchResponse>);
    },
  );

  app.get(
    '/api/v1/resources/:slug',
    {
      config: { access: access.public() },
      schema: {
        tags: ['resources'],
        summary: 'One published resource (a teaser, without text, link or file, of a members-only one for others)',
        params: z.object({ slug: z.string().max(200) }),
        response: { 200: apiResourceDetail },
      },
    },
    async (req) => {
      const now = deps.clock.now();
      const r = isSlug(req.params.slug) ? await liveResourceBySlug(deps.db, req.params.slug, now) : null;
      if (!r) throw new AppError('not_found', { message: 'There is no such resource.' });
      const teaser = r.audience === 'members' && !(await seesAllOf(req));
      const [pathways, topics] = await Promise.all([listPathways(deps.db), liveTopics(deps.db, now)]);
      const base = present({ ...r, publishedAt: r.published_at, pathwayIds: r.pathway_ids, topicIds: r.topic_ids }, teaser, deps.config.publicUrl, pathways, topics);
      return {
        ...base,
        body: teaser ? null : r.body,
        link: teaser ? null : r.link_url,
        file:
          teaser || !r.file
            ? null
            : { name: r.file.filename, contentType: r.file.content_type, sizeBytes: r.file.size_bytes, url: `${deps.config.publicUrl}/resources/${r.slug}/download` },
        downloads: r.download_count,
      };
    },
  );
}
