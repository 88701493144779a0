// JSON API of registration: register oneself for an event (an `Idempotency-Key` header is
// required: the same key replays the first answer, with a different body it is refused with 409)
// and list one's own registrations. Nobody sees another person's registrations here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { errorShape } from '../../lib/http-errors.js';
import { requireIdempotencyKey } from '../../lib/idempotency-key.js';
import { type OrderOutcome, registerForEvent } from './registration.js';
import { eventForRegistration, myRegistrations } from './registration-queries.js';
import { assertNotCancelled } from './registration-seats.js';

const tags = ['events'];

const registrationResult = z.object({
  id: z.string(),
  eventSlug: z.string(),
  ticketTypeId: z.string(),
  status: z.enum(['registered', 'waitlisted', 'offered', 'cancelled']),
  priceCents: z.number().int(),
  memberPrice: z.boolean(),
  waitlistPosition: z.number().int().nullable(),
  ticketUrl: z.string().nullable(),
  invoice: z.object({ number: z.string().nullable(), url: z.string(), totalCents: z.number().int() }).nullable(),
});

const myRegistration = z.object({
  id: z.string(),
  event: z.object({ slug: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string(), timeZone: z.string() }),
  ticket: z.string(),
  status: z.enum(['registered', 'waitlisted', 'offered', 'cancelled']),
  awaitingPayment: z.boolean(),
  priceCents: z.number().int(),
  memberPrice: z.boolean(),
  waitlistPosition: z.number().int().nullable(),
  offerExpiresAt: z.string().nullable(),
  ticketUrl: z.string().nullable(),
  invoiceUrl: z.string().nullable(),
});

const keyHeader = z.object({ 'idempotency-key': z.string().max(200).optional().describe('required: a unique value per registration, such as a UUID') });

export async function registrationApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const url = deps.config.publicUrl;

  const present = (slug: string, r: OrderOutcome) => {
    const reg = r.registrations[0];
    if (!reg) throw new Error('no registration');
    return {
      id: reg.registrationId,
      eventSlug: slug,
      ticketTypeId: r.ticketTypeId,
      status: reg.status,
      priceCents: reg.priceCents,
      memberPrice: reg.memberPrice,
      waitlistPosition: reg.waitlistPosition,
      ticketUrl: reg.status === 'registered' ? `${url}/tickets/${reg.ticketCode}` : null,
      invoice: r.invoice ? { number: r.invoice.number, url: `${url}/invoices/${r.invoice.public_token}`, totalCents: r.invoice.total_cents } : null,
    };
  };

  app.post(
    '/api/v1/events/:slug/registrations',
    {
      config: { access: access.signedIn(), rateLimit: { max: 30, timeWindow: '1 minute' } },
      preValidation: requireIdempotencyKey('Send an Idempotency-Key header (a unique value per registration, such as a UUID), so that a retried request registers once.'),
      schema: {
        tags,
        summary: 'Register yourself for an event',
        description:
          'Takes a seat of the ticket type `ticketTypeId` (one of this event’s) for the signed-in person: `registered`, with an invoice when the ticket is priced (pay it at `invoice.url`), or `waitlisted` when the event or ticket type is full. ' +
          'Requires an `Idempotency-Key` header: the same key with the same body answers as the first time and registers nothing more; with a different body it is refused with 409. ' +
          'A ticket type of another event is refused with 400; a members-only ticket or event with 403 for non-members; a second registration for the same event, or one for a cancelled event, with 409.',
        params: z.object({ slug: z.string().max(200) }),
        headers: keyHeader,
        body: z.strictObject({ ticketTypeId: z.uuid('Give the id of one of this event’s ticket types.') }),
        response: { 201: registrationResult, 400: errorShape, 403: errorShape, 404: errorShape, 409: errorShape },
      },
    },
    async (req, reply) => {
      const found = await eventForRegistration(deps.db, req.params.slug);
      if (!found) throw new AppError('not_found', { message: 'There is no such event.' });
      assertNotCancelled(found.event);
      const r = await registerForEvent(deps, {
        eventId: found.event.id,
        userId: actorOf(req).userId,
        ticketTypeId: req.body.ticketTypeId,
        idempotencyKey: `api:${String(req.headers['idempotency-key'])}`,
        requestId: req.id,
      });
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(present(found.event.slug, r));
    },
  );

  app.get(
    '/api/v1/me/registrations',
    {
      config: { access: access.signedIn() },
      schema: {
        tags,
        summary: 'Your own event registrations',
        description: 'The signed-in person’s registrations, newest event first (at most 200): never anyone else’s.',
        response: { 200: z.object({ registrations: z.array(myRegistration) }) },
      },
    },
    async (req) => {
      const rows = await myRegistrations(deps.db, actorOf(req).userId);
      return {
        registrations: rows.map((r) => ({
          id: r.id,
          event: { slug: r.event.slug, title: r.event.title, startsAt: r.event.startsAt.toISOString(), endsAt: r.event.endsAt.toISOString(), timeZone: r.event.timeZone },
          ticket: r.ticketName,
          status: r.status,
          awaitingPayment: r.status === 'registered' && r.orderStatus === 'pending',
          priceCents: r.priceCents,
          memberPrice: r.memberPrice,
          waitlistPosition: r.waitlistPosition,
          offerExpiresAt: r.offerExpiresAt?.toISOString() ?? null,
          ticketUrl: r.status === 'registered' ? `${url}/tickets/${r.ticketCode}` : null,
          invoiceUrl: r.invoice ? `${url}/invoices/${r.invoice.publicToken}` : null,
        })),
      };
    },
  );
}
