// Place lookup API: suggestions for the jurisdiction field of the application form.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../lib/access.js';
import { placesQuery, placesResponse } from './schemas.js';
import { PLACE_ATTRIBUTION, searchPlaces } from './service.js';

export async function placesRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/v1/places',
    {
      config: { access: access.public() },
      schema: {
        tags: ['places'],
        summary: 'US places and counties whose name matches, with state, coordinates and a population figure',
        description:
          'Names starting with `q` come first, then names containing it; larger places first. Places come from GeoNames (population included), counties from the US Census Bureau (no population).',
        querystring: placesQuery,
        response: { 200: placesResponse },
      },
    },
    async (req, reply) => {
      const results = await searchPlaces(req.query.q, { state: req.query.state?.toUpperCase(), limit: req.query.limit });
      // The data only changes with a new release of the packages it ships in.
      reply.header('cache-control', 'public, max-age=3600');
      return { results, attribution: PLACE_ATTRIBUTION };
    },
  );
}
