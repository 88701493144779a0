// JSON API of the dues module: the quote (public, answered from memory), and schedule versions
// (read: public for current and past versions; write: membership staff and admins).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf, hasStaffRole } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { quoteQuery, quoteResponse, scheduleInput, scheduleParams, scheduleResponse, schedulesResponse } from './schemas.js';
import * as dues from './service.js';

export async function duesApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const staff = access.staff('membership');
  const tags = ['dues'];
  /** Drafts are for membership staff (and admins) only, everywhere. */
  const seesDrafts = (req: FastifyRequest) => hasStaffRole(req.principal, 'membership');
  const present = (s: dues.ListedSchedule) => dues.presentSchedule(s, s.status);

  app.get(
    '/api/v1/dues/quote',
    {
      config: { access: access.public() },
      // The answer is always about 150 bytes, under the 1 KB below which nothing is compressed:
      // no compression hooks on the busiest public call.
      compress: false,
      // A plain query (the common case) is answered here, after the gate's hook, from memory and
      // without the schema's validation and serializer: a tenth of the call's CPU (45.6 against
      // 41.0 µs a request, side by side on one core). Anything else goes on to the schema and the
      // handler, which answer the same (quote.test.ts) or say what is wrong.
      onRequest: (req, reply, done) => {
        const json = dues.quoteJsonFromMemory(deps, req.query);
        if (json === undefined) return done();
        // a string is sent as it is (the serializer is for objects)
        reply.type('application/json; charset=utf-8').send(json as never);
      },
      schema: {
        tags,
        summary: 'Annual dues of a government by type and population',
        description:
          'Quotes the published schedule in force today, or on `on` (YYYY-MM-DD); drafts are never quoted. Regional entities have no self-serve price: the answer is `{ contactRequired: true, contactEmail }`. ' +
          'A missing or bad `entityType`, `population` (a whole number from 1 to 100,000,000) or `on` gets a 400 naming the field.',
        querystring: quoteQuery,
        response: { 200: quoteResponse, 400: errorShape, 404: errorShape },
      },
    },
    // The serializer writes only the properties quoteResponse declares (not the schedule's id).
    // Answered at once from memory when it can be (no promise, no turn of the event loop).
    (req) => dues.quoteDuesFromMemory(deps, req.query) ?? dues.quoteDues(deps, req.query),
  );

  app.get(
    '/api/v1/dues/schedules',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: 'Dues schedule versions, newest first',
        description: 'Published versions for everyone; drafts (`status: "draft"`) only for membership staff and admins.',
        response: { 200: schedulesResponse },
      },
    },
    async (req) => {
      const all = await dues.listSchedules(deps, { fresh: seesDrafts(req) });
      return { schedules: all.filter((s) => s.status !== 'draft' || seesDrafts(req)).map(present) };
    },
  );

  app.get(
    '/api/v1/dues/schedules/:id',
    {
      config: { access: access.public() },
      schema: { tags, summary: 'One dues schedule version', params: scheduleParams, response: { 200: scheduleResponse, 404: errorShape } },
    },
    async (req) => {
      const s = await dues.getSchedule(deps, req.params.id);
      if (s.status === 'draft' && !seesDrafts(req)) throw new AppError('not_found', { message: 'There is no dues schedule with that id.' });
      return present(s);
    },
  );

  app.post(
    '/api/v1/dues/schedules',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Create a dues schedule version (membership staff)',
        description:
          'Creates a draft that starts today or later (publish it to make it public). Every entity type needs a rule: `{ mode: "contact" }` or `{ mode: "bands", bands: [{ min, max, amountCents }] }` with bands from 1, ' +
          'contiguous, the last one open-ended (`max: null`). A date already taken: 409.',
        body: scheduleInput,
        response: { 201: scheduleResponse, 400: errorShape, 409: errorShape },
      },
    },
    async (req, reply) => {
      const saved = await dues.createSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, schedule: req.body });
      return reply.code(201).send(present(saved));
    },
  );

  app.put(
    '/api/v1/dues/schedules/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Replace a dues schedule version that has not started (membership staff)',
        description: 'A version that has taken effect is never changed: 409. The replacement is a draft: publish it again.',
        params: scheduleParams,
        body: scheduleInput,
        response: { 200: scheduleResponse, 400: errorShape, 404: errorShape, 409: errorShape },
      },
    },
    async (req) => present(await dues.replaceSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, id: req.params.id, schedule: req.body })),
  );

  app.post(
    '/api/v1/dues/schedules/:id/publish',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Publish a draft dues schedule version (membership staff)',
        description: 'From then on it is public and quoted from its start date, which must be today or later (409 otherwise, or when it is already published).',
        params: scheduleParams,
        response: { 200: scheduleResponse, 404: errorShape, 409: errorShape },
      },
    },
    async (req) => present(await dues.publishSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, id: req.params.id })),
  );

  app.delete(
    '/api/v1/dues/schedules/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Delete a dues schedule version that has not started (membership staff)',
        params: scheduleParams,
        response: { 204: z.null(), 404: errorShape, 409: errorShape },
      },
    },
    async (req, reply) => {
      await dues.deleteSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, id: req.params.id });
      return reply.code(204).send(null);
    },
  );
}
