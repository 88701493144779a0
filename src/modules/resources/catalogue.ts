// What the search page and the search API share: who may read members-only resources, the query's
// topic and pathway slugs resolved to ids (an unknown one is the field's error), the search run,
// and the facets with their labels (values with no match are left out).
import type { FastifyRequest } from 'fastify';
import { RESOURCE_TYPES } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { isStaff } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { countsAsMember } from '../events/index.js';
import { listPathways, type Pathway } from '../pathways/index.js';
import { liveTopics, type TopicRow } from './queries.js';
import { PAGE_SIZE, type SearchQuery, TYPE_LABELS } from './schemas.js';
import { NO_SEARCH_WORDS, type SearchHit, searchResources } from './search.js';

/** Whether the viewer may read members-only resources in full: staff, or a member as events and
 * news count them (an individual member, or a contact of an organization whose membership is active). */
export async function seesAllOf(req: FastifyRequest): Promise<boolean> {
  const p = req.principal;
  if (!p) return false;
  return isStaff(p) || p.roles.has('member') || (await countsAsMember(req.server.deps.db, p.userId));
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface Catalogue {
  hits: SearchHit[];
  facets: { type: Facet[]; topic: Facet[]; pathway: Facet[]; year: Facet[] };
  /** the number of matches, or MATCH_CAP when there are more */
  total: number;
  /** more than MATCH_CAP matches: the total and the facets' counts are lower bounds ("1,000+") */
  bounded: boolean;
  page: number;
  hasNext: boolean;
  pathways: Pathway[];
  topics: TopicRow[];
}

export type CatalogueAnswer = { ok: true; result: Catalogue } | { ok: false; errors: FieldErrors; pathways: Pathway[]; topics: TopicRow[] };

/** Searches the catalogue as a member (`seesAll`) or not. The answer is kept (`deps.searches`, for
 * `SEARCH_CACHE_MS`) under the viewer's class and the query: the same search by anyone of the
 * same class within that time reads nothing; saving a resource or topic forgets every kept search
 * in every process (SEARCHES_CHANNEL), and a scheduled resource falling due shows when the kept
 * answer ends. */
export async function searchCatalogue(deps: Pick<Deps, 'db' | 'clock' | 'searches'>, q: SearchQuery, o: { seesAll: boolean; limit?: number }): Promise<CatalogueAnswer> {
  return deps.searches.get(`resources:${catalogueKey(q, o)}`, () => runCatalogueSearch(deps, q, o));
}

/** What names a search among the kept ones: the viewer's class, the page size and the query. */
export const catalogueKey = (q: SearchQuery, o: { seesAll: boolean; limit?: number }): string =>
  JSON.stringify([o.seesAll, o.limit ?? PAGE_SIZE, q.q ?? '', q.type ?? '', q.year ?? 0, q.pathway ?? '', q.topic ?? '', q.sort ?? '', q.page ?? 1]);

async function runCatalogueSearch(deps: Pick<Deps, 'db' | 'clock'>, q: SearchQuery, o: { seesAll: boolean; limit?: number }): Promise<CatalogueAnswer> {
  const now = deps.clock.now();
  const [pathways, topics] = await Promise.all([listPathways(deps.db), liveTopics(deps.db, now)]);
  const errors: FieldErrors = {};
  const pathway = q.pathway ? pathways.find((p) => p.slug === q.pathway) : undefined;
  if (q.pathway && !pathway) errors.pathway = 'Choose a pathway from the list.';
  const topic = q.topic ? topics.find((t) => t.slug === q.topic) : undefined;
  if (q.topic && !topic) errors.topic = 'Choose a topic from the list.';
  if (Object.keys(errors).length) return { ok: false, errors, pathways, topics };
  const page = q.page ?? 1;
  const r = await searchResources(
    deps.db,
    { q: q.q, type: q.type, year: q.year, pathwayId: pathway?.id, topicId: topic?.id, sort: q.sort ?? (q.q ? 'relevance' : 'date'), page, limit: o.limit ?? PAGE_SIZE },
    { now, seesAll: o.seesAll },
  );
  if (r.noWords) return { ok: false, errors: { q: NO_SEARCH_WORDS }, pathways, topics };
  const counted = <T>(items: T[], key: (t: T) => string, value: (t: T) => string, label: (t: T) => string, counts: Map<string, number>): Facet[] =>
    items.flatMap((t) => {
      const count = counts.get(key(t)) ?? 0;
      return count > 0 ? [{ value: value(t), label: label(t), count }] : [];
    });
  const years = [...r.facets.year.keys()].sort((a, b) => Number(b) - Number(a));
  return {
    ok: true,
    result: {
      hits: r.hits,
      total: r.total,
      bounded: r.bounded,
      page,
      hasNext: r.hasNext,
      pathways,
      topics,
      facets: {
        type: counted(
          [...RESOURCE_TYPES],
          (t) => t,
          (t) => t,
          (t) => TYPE_LABELS[t],
          r.facets.type,
        ),
        topic: counted(
          topics,
          (t) => t.id,
          (t) => t.slug,
          (t) => t.name,
          r.facets.topic,
        ),
        pathway: counted(
          pathways,
          (p) => p.id,
          (p) => p.slug,
          (p) => p.name,
          r.facets.pathway,
        ),
        year: counted(
          years,
          (y) => y,
          (y) => y,
          (y) => y,
          r.facets.year,
        ),
      },
    },
  };
}
