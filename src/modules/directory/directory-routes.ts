// Who's Who routes (I4): the members' page, its JSON API, and the staff export. The page and
// the API take the same query and apply the same visibility rules (search.ts).
// Both are limited per account, together (issue 11, finding 3): the key is the signed-in person,
// not the address, so changing address or X-Forwarded-For buys nothing; and paging stops at
// MAX_PAGE (schemas.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../lib/access.js';
import { sendAuditedCsvText } from '../../lib/csv.js';
import { AppError } from '../../lib/errors.js';
import { stateName } from '../../lib/us-states.js';
import { pageContext } from '../../web/context.js';
import { parseFilterQuery } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { currentHolders } from '../credentialing/index.js';
import { DirectoryPage } from './directory-views.js';
import { EXPORT_HEADER, eachDirectoryMemberCsv } from './export.js';
import { type DirectoryQuery, directoryQuery, directoryResponse, PAGE_SIZE, SEARCH_WINDOW_MS } from './schemas.js';
import { searchDirectory } from './search.js';
import { viewerOf } from './visibility.js';

const filterOf = (q: DirectoryQuery) => ({ q: q.q, state: q.state, title: q.title, jurisdiction: q.jurisdiction, expertise: q.expertise });

export async function directoryRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  // One budget for the page and the API. The route's own onRequest hook runs after the app's, so
  // the principal is known (and anyone without access was refused before counting).
  const max = deps.config.RATE_LIMIT_DIRECTORY_PER_10_MINUTES;
  const limiter = app.createRateLimit({
    max,
    timeWindow: SEARCH_WINDOW_MS,
    keyGenerator: (req) => `directory:${req.principal?.userId ?? req.ip}`,
  });
  const limitSearches = async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await limiter(req);
    if (r.isAllowed || !r.isExceeded) return;
    const minutes = Math.max(1, Math.ceil(r.ttlInSeconds / 60));
    reply.header('retry-after', String(r.ttlInSeconds));
    req.log.info({ route: req.routeOptions.url }, 'directory rate limit reached');
    throw new AppError('rate_limited', {
      message: `You have searched Who’s Who ${max} times in the last ${SEARCH_WINDOW_MS / 60_000} minutes, which is our limit. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or narrow your search with filters.`,
    });
  };

  app.get('/directory', { config: { access: access.memberOrStaff() }, onRequest: limitSearches }, async (req, reply) => {
    // A bad field is said beside itself (400), what was typed kept in the form.
    const { data, errors: found, values } = parseFilterQuery(directoryQuery, req.query);
    const errors = Object.keys(found).length > 0 ? found : undefined;
    const status = errors ? 400 : 200;
    const ctx = await pageContext(req, reply);
    const page = data.page;
    const filter = filterOf(data);
    // Nothing asked yet, or a refused filter (only a bad page number searches with the others): the
    // form only (listing every member would answer nobody's question).
    const refused = Object.keys(found).some((k) => k !== 'page');
    if (refused || Object.values(filter).every((v) => v === undefined)) return sendPage(reply, DirectoryPage({ ctx, values, page, errors }), status);
    const result = await searchDirectory(deps.db, filter, viewerOf(req.principal), page);
    // the credential's marker (issue 17): current holders, read from credentialing at each request
    const credentialed = await currentHolders(
      deps.db,
      result.entries.map((e) => e.id),
    );
    return sendPage(reply, DirectoryPage({ ctx, values, page, result, credentialed, errors }), status);
  });

  app.get(
    '/api/v1/directory',
    {
      config: { access: access.memberOrStaff() },
      onRequest: limitSearches,
      schema: {
        tags: ['directory'],
        summary: 'Who’s Who: listed current members by name (typo tolerant), jurisdiction, state, title and expertise, with facets; contact details only as each member allows',
        querystring: directoryQuery,
        response: { 200: directoryResponse },
      },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const result = await searchDirectory(deps.db, filterOf(req.query), viewerOf(req.principal), page);
      return {
        results: result.entries.map((e) => ({
          id: e.id,
          name: e.name,
          title: e.title,
          employer: { name: e.employerName, state: e.employerState, organizationId: e.employerOrganizationId },
          expertise: e.expertise,
          workEmail: e.workEmail,
          phone: e.phone,
          mailingAddress: e.mailingAddress,
          url: `${deps.config.publicUrl}/people/${e.id}`,
        })),
        total: result.total,
        totalCapped: result.totalCapped,
        page,
        pageSize: PAGE_SIZE,
        facets: { states: result.facets.states.map((s) => ({ ...s, name: stateName(s.state) })), expertise: result.facets.expertise },
      };
    },
  );

  app.get('/staff/directory.csv', { config: { access: access.staff('membership') } }, async (req, reply) => {
    return sendAuditedCsvText(
      reply,
      deps.db,
      { now: () => deps.clock.now(), actorUserId: req.principal?.userId ?? null, requestId: req.id, name: 'directory' },
      EXPORT_HEADER,
      eachDirectoryMemberCsv(deps.db, deps.config.publicUrl),
    );
  });
}
