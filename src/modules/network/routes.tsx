// Network pages and API (O10): /network with its filters, /network/<slug>, and the public
// members and stats endpoints. Routes are thin: parse, call the service, render.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { render } from 'preact-render-to-string';
import { access } from '../../lib/access.js';
import { acceptedEncoding } from '../../lib/encoding.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { stateName } from '../../lib/us-states.js';
import { hasFlash, pageContext } from '../../web/context.js';
import { formValues, parseFilterQuery } from '../../web/forms.js';
import { markFailedTitle, sendPage } from '../../web/render.js';
import { mergedInto } from '../organizations/index.js';
import { listPathways } from '../pathways/index.js';
import { apiV1Band, bandRange } from './filters.js';
import { NetworkMapLegend, renderNetworkMap } from './map-views.js';
import { membersQuery, membersResponse, type NetworkFilterInput, type PageQuery, pageQuery, statsResponse } from './schemas.js';
import {
  countListed,
  countsByState,
  decodeCursor,
  encodeCursor,
  listListedMembers,
  listMembersPage,
  MAP_POINT_LIMIT,
  mapPoints,
  type NetworkFilter,
  publicMember,
} from './service.js';
import { networkCountsByState, networkFigures } from './summary.js';
import { MemberPage, NetworkMain, NetworkPage, NetworkResults } from './views.js';

type Chosen = { state?: string; type?: string; band?: string; pathway?: string };

/** The page filtered to one state, keeping the other filters chosen. */
function stateFilterHref(q: Chosen, state: string): string {
  const params = new URLSearchParams({ state });
  for (const key of ['type', 'band', 'pathway'] as const) {
    const v = q[key];
    if (v) params.set(key, v);
  }
  return `/network?${params}`;
}

/** Page n of the list under the chosen filters. */
function pageHref(q: Chosen, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['state', 'type', 'band', 'pathway'] as const) {
    const v = q[key];
    if (v) params.set(key, v);
  }
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/network?${s}` : '/network';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Members listed on one page of /network; the API pages through them too. */
export const PAGE_SIZE = 50;

export async function networkRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const figures = () => networkFigures(deps);

  /** Sends the page compressed once per distinct body (brotli at quality 4 costs more than the
   * rest of the request for ~90 KB): the compressed bytes are kept with the summaries by the
   * body's digest, so every visitor that gets the same page shares them. */
  async function sendKeptPage(req: FastifyRequest, reply: FastifyReply, html: string, kept?: string): Promise<FastifyReply> {
    const encoding = acceptedEncoding(req.headers['accept-encoding']);
    if (!encoding) {
      // a kept page's bytes are kept too (encoding 83 KB of text per request cost more than the rest)
      const body = kept ? await deps.summaries.get(`network:identity:${kept}`, async () => Buffer.from(html)) : html;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
    }
    // a page kept whole is named by its key; any other by its digest
    const digest = kept ?? createHash('sha1').update(html).digest('base64url');
    const body = await deps.summaries.get(`network:${encoding}:${digest}`, () =>
      encoding === 'br' ? brotli(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }) : gzip(html),
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-encoding', encoding).header('vary', 'accept-encoding').send(body);
  }

  /** The network's affiliates (public chapters and branches), from the module that keeps them. */
  // kept with the summaries like the figures (the stats API read them on every request: 3,000
  // requests/s at national scale instead of 11,000)
  const affiliatesOf = () => deps.summaries.get('network:affiliates', () => deps.slots.networkAffiliates?.list(deps.db) ?? Promise.resolve([]));

  /** The map with its caption and legend, rendered once per filter and kept with the summaries
   * (it is the same for every visitor). */
  const mapFigure = (q: Chosen, filter: NetworkFilter, counts: Record<string, number>) =>
    deps.summaries.get(`network:map:${pageHref(q, 1)}`, async () => {
      const points = await mapPoints(deps.db, filter);
      // affiliates (partners' public chapters and branches, through deps.slots), in the chosen state
      const affiliates = (await affiliatesOf()).filter((a) => a.latitude !== null && a.longitude !== null && (!q.state || a.state === q.state));
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const states = Object.keys(counts).length;
      const map = renderNetworkMap({
        title: 'Map of current members',
        description: `${total} current members in ${states} ${states === 1 ? 'state' : 'states'}; states are shaded by their number of members, and ${points.length} listed members are drawn as points${points.length >= MAP_POINT_LIMIT ? ' (the largest; filter to see others)' : ''}. The table below gives the same counts.`,
        stateCounts: counts,
        stateHref: (code) => stateFilterHref(q, code),
        selectedState: q.state,
        points: [
          ...points.map((p) => ({ latitude: p.latitude, longitude: p.longitude, label: p.name, kind: 'member' as const })),
          ...affiliates.map((a) => ({ latitude: a.latitude ?? 0, longitude: a.longitude ?? 0, label: a.name, kind: 'affiliate' as const })),
        ],
      });
      return render(
        <>
          {map}
          <figcaption>
            <p>{q.state ? 'Choose another state on the map or in the table to see its members instead.' : 'Choose a state on the map or in the table to see its members.'}</p>
            <NetworkMapLegend stateCounts={counts} />
          </figcaption>
        </>,
      );
    });

  /** The results under the form for these filters and this page, rendered: the same for every
   * visitor, so kept with the summaries. */
  async function networkResults(q: PageQuery, asked: number): Promise<string> {
    const band = q.band ? bandRange(q.band) : undefined;
    const filter: NetworkFilter = { state: q.state, type: q.type, pathway: q.pathway, populationMin: band?.min, populationMax: band?.max };
    // Without filters, the counts are the kept summaries; with one, they are counted now.
    let counts: Record<string, number>;
    let listed: number;
    if (!q.state && !q.type && !q.pathway && !band) {
      const kept = await networkCountsByState(deps);
      counts = Object.fromEntries([...kept].map(([state, c]) => [state, c.members]));
      listed = [...kept.values()].reduce((a, c) => a + c.listed, 0);
    } else {
      [counts, listed] = await Promise.all([countsByState(deps.db, filter), countListed(deps.db, filter)]);
    }
    const pages = Math.max(1, Math.ceil(listed / PAGE_SIZE));
    const page = Math.min(asked, pages);
    const [members, map] = await Promise.all([listMembersPage(deps.db, filter, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), mapFigure(q, filter, counts)]);
    return render(
      NetworkResults({
        state: q.state,
        results: {
          counts,
          members,
          listed,
          map,
          stateHref: (code) => stateFilterHref(q, code),
          paging: { page, pages, size: PAGE_SIZE, askedPastEnd: asked > pages ? asked : null, href: (n) => pageHref(q, n) },
        },
      }),
    );
  }

  app.get('/network', { config: { access: access.public() } }, async (req, reply) => {
    const values = formValues(req.query);
    const [pathways, impact] = await Promise.all([deps.summaries.get('network:pathways', () => listPathways(deps.db)), figures()]);
    // A bad field is said beside itself (400), what was typed kept in the form.
    const { data: q, errors, values: typed } = parseFilterQuery(pageQuery, values);
    if (q.pathway && !pathways.some((p) => p.slug === q.pathway)) {
      errors.pathway = 'Choose a pathway from the list.';
      q.pathway = undefined;
    }
    if (Object.keys(errors).length > 0) {
      // only a bad page number lists the members of the other filters; a refused filter lists none
      const onlyPage = Object.keys(errors).every((k) => k === 'page');
      const resultsHtml = onlyPage ? await deps.summaries.get(`network:results:${pageHref(q, 1)}`, () => networkResults(q, 1)) : undefined;
      return sendPage(reply, NetworkPage({ ctx: await pageContext(req, reply), figures: impact, pathways, values: typed, errors, resultsHtml }), 400);
    }
    const asked = q.page;
    const key = pageHref(q, asked);
    // Everything under the header is the same for every visitor: rendered once per filter and page
    // and kept with the summaries (the form shows the filters as parsed).
    const main = () =>
      deps.summaries.get(`network:main:${key}`, async () => {
        const resultsHtml = await deps.summaries.get(`network:results:${key}`, () => networkResults(q, asked));
        const shown = { state: q.state ?? '', type: q.type ?? '', band: q.band ?? '', pathway: q.pathway ?? '' };
        return render(NetworkMain({ figures: impact, pathways, values: shown, resultsHtml }));
      });
    // A visitor who is not signed in and has no message waiting gets the same whole page as every
    // other such visitor (the header has no form then): kept whole, and its compressed bytes too.
    // Its context (a CSRF token and cookie, the settings) is only made when the page is rendered.
    if (!req.principal && !hasFlash(req)) {
      const page = await deps.summaries.get(
        `network:page:${key}`,
        async () => `<!doctype html>${render(NetworkPage({ ctx: await pageContext(req, reply), mainHtml: await main() }))}`,
      );
      return sendKeptPage(req, reply, page, `page:${key}`);
    }
    const ctx = await pageContext(req, reply);
    return sendKeptPage(req, reply, `<!doctype html>${markFailedTitle(render(NetworkPage({ ctx, mainHtml: await main() })))}`);
  });

  app.get('/network/:slug', { config: { access: access.public() } }, async (req, reply) => {
    const slug = String((req.params as { slug?: unknown }).slug ?? '');
    const member = /^[a-z0-9-]{1,100}$/.test(slug) ? await publicMember(deps.db, slug) : null;
    if (!member) {
      // A duplicate merged into another: its address goes to the survivor's page, if listed.
      const survivor = /^[a-z0-9-]{1,100}$/.test(slug) ? await mergedInto(deps.db, { slug }) : null;
      if (survivor?.listed) return reply.redirect(`/network/${survivor.slug}`, 301);
      throw new AppError('not_found', { message: 'There is no listed member at this address.' });
    }
    const ctx = await pageContext(req, reply);
    // Parts other modules add (deps.slots.networkMemberParts: news's stories featuring it).
    const parts = (await Promise.all(deps.slots.networkMemberParts.map((part) => part(deps, member, ctx)))).filter((x) => x !== null);
    return sendPage(reply, MemberPage({ ctx, member, parts }));
  });

  app.get(
    '/api/v1/network/members',
    {
      config: { access: access.public() },
      schema: {
        tags: ['network'],
        summary: 'Current members that chose to be listed, by state and name, a page at a time',
        querystring: membersQuery,
        response: { 200: membersResponse },
      },
    },
    async (req) => {
      const q: NetworkFilterInput = req.query;
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) throw fieldError({ cursor: 'This cursor is not valid; start again without it.' });
      if (q.pathway) {
        const pathways = await deps.summaries.get('network:pathways', () => listPathways(deps.db));
        if (!pathways.some((p) => p.slug === q.pathway)) throw fieldError({ pathway: `Choose one of: ${pathways.map((p) => p.slug).join(', ')}.` });
      }
      const filter: NetworkFilter = { state: q.state, type: q.type, pathway: q.pathway, populationMin: q.populationMin, populationMax: q.populationMax, q: q.q };
      const limit = q.limit ?? 50;
      // The same page for every caller, so kept with the summaries per filter, cursor and limit: a
      // membership change (the summary triggers' notification) empties the cache of every
      // process at once, and the rest (a name, a pathway) shows within SUMMARY_CACHE_MS. Without
      // it each request is two queries, and a second web process adds nothing but waiting for the
      // database; with it the route is Node's work, which processes share.
      const key = JSON.stringify([filter.state, filter.type, filter.pathway, filter.populationMin, filter.populationMax, filter.q, q.cursor, limit]);
      return deps.summaries.get(`network:api:members:${key}`, async () => {
        const { members, next } = await listListedMembers(deps.db, filter, { after, limit });
        return {
          members: members.map((m) => ({
            slug: m.slug,
            name: m.name,
            entityType: m.entityType,
            state: m.state,
            populationBand: apiV1Band(m.populationBand),
            memberSince: m.memberSince,
            pathways: m.pathways,
            url: `${deps.config.publicUrl}/network/${m.slug}`,
          })),
          nextCursor: next ? encodeCursor(next) : null,
        };
      });
    },
  );

  app.get(
    '/api/v1/network/stats',
    {
      config: { access: access.public() },
      schema: { tags: ['network'], summary: 'Impact figures and current members by state (members not listed publicly are counted)', response: { 200: statsResponse } },
    },
    async () => {
      const [impact, counts, affiliates] = await Promise.all([figures(), networkCountsByState(deps), affiliatesOf()]);
      const affiliatesByState = new Map<string, number>();
      for (const a of affiliates) if (a.state) affiliatesByState.set(a.state, (affiliatesByState.get(a.state) ?? 0) + 1);
      return {
        ...impact,
        byState: [...counts].map(([state, c]) => ({ state, name: stateName(state), members: c.members })),
        affiliates: affiliates.length,
        affiliatesByState: [...affiliatesByState].sort(([a], [b]) => a.localeCompare(b)).map(([state, n]) => ({ state, name: stateName(state), affiliates: n })),
      };
    },
  );
}
