// Programs staff's operations on one event: registrations (with seats, waitlist, revenue and
// attendance), their CSV export, the message to registrants, cancelling and completing the event.
// Programs staff only (and staff admins): the attendee list is personal data, so finance, who
// read revenue in billing's own pages, do not get it here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { centsToDecimal, sendAuditedCsvStream } from '../../lib/csv.js';
import { AppError, type FieldErrors, fieldError } from '../../lib/errors.js';
import { isUuid, pageNumber } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, parseFilterQuery, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { isoWithOffset } from './format.js';
import {
  attendanceBySession,
  countRegistrations,
  eventRevenue,
  listRegistrations,
  liveInvoiceCount,
  type OpsEvent,
  opsEvent,
  REGISTRATION_STATUSES,
  type RegistrationFilters,
  refundsDue,
  seatsByTicketType,
  streamRegistrations,
  waitlistOf,
} from './ops.js';
import { cancelEvent, completeEvent, countMessageRecipients, messageRegistrants } from './ops-actions.js';
import { CancelPage, MessagePage, type MessageValues, RegistrationsPage, STATUS_WORDS } from './ops-views.js';

const idParams = z.object({ id: z.string().max(100) });

const filterInput = z.object({
  status: z.union([z.literal(''), z.enum(REGISTRATION_STATUSES, { error: 'Choose a status from the list.' })]).default(''),
  q: z.string().trim().max(100, 'Use at most 100 characters.').default(''),
  page: pageNumber(),
});

const messageInput = z.object({
  subject: z.string().trim().min(1, 'Enter a subject.').max(150, 'Use at most 150 characters.'),
  body: z.string().trim().min(1, 'Write the message.').max(10_000, 'Use at most 10,000 characters.'),
});

const cancelInput = z.object({ reason: z.string().trim().min(1, 'Say why the event is cancelled: everyone registered is told.').max(500, 'Use at most 500 characters.') });

const notFound = () => new AppError('not_found', { message: 'There is no such event.' });

/** The list's filters: those that parse are applied (a bad page number keeps the status and the
 * search), the others are reported beside their field; `typed` is what to show in the form. */
function parseFilters(query: unknown): { filters: RegistrationFilters; page: number; typed: Record<string, string>; errors: FieldErrors } {
  const { data, errors, values } = parseFilterQuery(filterInput, query);
  return { filters: { status: data.status || undefined, q: data.q || undefined }, page: data.page, typed: values, errors };
}

/** The attendee export's file name: the event's web address and its first day in its own zone
 * (`budget-basics-2027-03-16-registrations.csv`), safe characters only. */
const registrationsFilename = (e: Pick<OpsEvent, 'slug' | 'startsAt' | 'timeZone'>): string =>
  `${e.slug.replace(/[^a-z0-9-]/g, '-')}-${isoWithOffset(e.startsAt, e.timeZone).slice(0, 10)}-registrations.csv`;

export async function opsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const programs = { access: access.staff('programs') };
  const staffActor = (req: FastifyRequest) => {
    if (!req.principal) throw new AppError('unauthenticated');
    return { userId: req.principal.userId, requestId: req.id };
  };
  const eventOf = async (id: string): Promise<OpsEvent> => {
    const e = isUuid(id) ? await opsEvent(deps.db, id) : undefined;
    if (!e) throw notFound();
    return e;
  };

  app.get('/staff/events/:id/registrations', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    const { filters, page, typed, errors } = parseFilters(req.query);
    const [seats, waitlist, revenue, attendance, list, refunds, recipients] = await Promise.all([
      seatsByTicketType(deps.db, event.id),
      waitlistOf(deps.db, event.id),
      eventRevenue(deps.db, event.id),
      attendanceBySession(deps.db, event.id),
      listRegistrations(deps.db, event.id, filters, page),
      refundsDue(deps.db, event.id),
      event.status === 'cancelled' ? countMessageRecipients(deps.db, event.id) : Promise.resolve(0),
    ]);
    const canComplete = event.status === 'published' && deps.clock.now().getTime() >= event.endsAt.getTime();
    const failed = Object.keys(errors).length > 0;
    return sendPage(
      reply,
      RegistrationsPage({
        ctx: await pageContext(req, reply),
        event,
        canComplete,
        seats,
        waitlist,
        revenue,
        refunds,
        ended: recipients,
        attendance,
        ...list,
        page,
        query: filters,
        typed,
        errors: failed ? errors : undefined,
      }),
      failed ? 400 : 200,
    );
  });

  app.get('/staff/events/:id/registrations.csv', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    const { filters, errors } = parseFilters(req.query);
    if (Object.keys(errors).length) throw fieldError(errors, 'The filters of this export need attention.');
    // Times in the association's zone, with their offset, the zone named in the header.
    const zone = (await deps.association.get()).time_zone;
    const at = (d: Date | null | undefined) => (d ? isoWithOffset(d, zone) : '');
    return sendAuditedCsvStream(
      reply,
      deps.db,
      {
        now: () => deps.clock.now(),
        actorUserId: req.principal?.userId ?? null,
        requestId: req.id,
        name: 'event_registrations',
        filters: { eventId: event.id, ...filters },
        filename: registrationsFilename(event),
      },
      [
        'Attendee',
        'Email',
        'Ticket type',
        'Status',
        'Price',
        'Member price',
        `Signed up (${zone})`,
        `Registered (${zone})`,
        `Waitlisted (${zone})`,
        `Cancelled (${zone})`,
        'Sessions attended',
      ],
      streamRegistrations(deps.db, event.id, filters),
      (r) => [
        r.name,
        r.email,
        r.ticketType,
        STATUS_WORDS[r.status],
        centsToDecimal(r.priceCents),
        r.memberPrice ? 'yes' : 'no',
        at(r.createdAt),
        at(r.registeredAt),
        at(r.waitlistedAt),
        at(r.cancelledAt),
        r.sessionsAttended,
      ],
    );
  });

  // ---- message registrants

  async function sendMessagePage(req: FastifyRequest, reply: FastifyReply, event: OpsEvent, values?: MessageValues, errors?: FieldErrors, status = 200) {
    const recipients = await countMessageRecipients(deps.db, event.id);
    return sendPage(reply, MessagePage({ ctx: await pageContext(req, reply), event, recipients, values, errors }), errors ? status : 200);
  }
  /** A send to nobody (a forged form, or the last registrant left meanwhile): refused, nothing sent. */
  const refuseNobody = async (req: FastifyRequest, reply: FastifyReply, event: OpsEvent) =>
    sendPage(reply, MessagePage({ ctx: await pageContext(req, reply), event, recipients: 0, refused: 'Nothing was sent.' }), 409);

  app.get('/staff/events/:id/message', { config: programs, schema: { params: idParams } }, async (req, reply) => sendMessagePage(req, reply, await eventOf(req.params.id)));

  app.post('/staff/events/:id/message', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    // Nobody to write to is said before anything about the form (messageRegistrants checks again).
    if ((await countMessageRecipients(deps.db, event.id)) === 0) return refuseNobody(req, reply, event);
    const parsed = parseForm(messageInput, req.body);
    if (!parsed.ok) return sendMessagePage(req, reply, event, { subject: parsed.values.subject ?? '', body: parsed.values.body ?? '' }, parsed.errors, 400);
    let sent: number;
    try {
      sent = await deps.db.transaction().execute((trx) => messageRegistrants(trx, deps, event.id, parsed.data, staffActor(req)));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields && err instanceof AppError) return sendMessagePage(req, reply, event, parsed.data, fields, err.status);
      if (err instanceof AppError && err.code === 'events.no_registrants') return refuseNobody(req, reply, event);
      throw err;
    }
    setFlash(
      reply,
      event.status === 'cancelled'
        ? `Message sent to ${sent} ${sent === 1 ? 'person' : 'people'} whose registrations the cancellation ended.`
        : `Message sent to ${sent} registered ${sent === 1 ? 'attendee' : 'attendees'}.`,
    );
    return reply.redirect(`/staff/events/${event.id}/registrations`, 303);
  });

  // ---- cancel and complete

  const liveCount = (eventId: string) => countRegistrations(deps.db, eventId, ['registered', 'waitlisted', 'offered']);

  app.get('/staff/events/:id/cancel', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    if (event.status === 'cancelled') {
      setFlash(reply, 'This event is already cancelled.');
      return reply.redirect(`/staff/events/${event.id}/registrations`, 303);
    }
    return sendPage(reply, CancelPage({ ctx: await pageContext(req, reply), event, live: await liveCount(event.id), invoices: await liveInvoiceCount(deps.db, event.id) }));
  });

  app.post('/staff/events/:id/cancel', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    const parsed = parseForm(cancelInput, req.body);
    if (!parsed.ok)
      return sendPage(
        reply,
        CancelPage({
          ctx: await pageContext(req, reply),
          event,
          live: await liveCount(event.id),
          invoices: await liveInvoiceCount(deps.db, event.id),
          reason: parsed.values.reason,
          errors: parsed.errors,
        }),
        400,
      );
    const r = await deps.db.transaction().execute((trx) => cancelEvent(trx, deps, event.id, parsed.data.reason, staffActor(req)));
    setFlash(
      reply,
      r.alreadyCancelled
        ? 'This event was already cancelled: nothing more was done.'
        : `Event cancelled: ${r.registrations} ${r.registrations === 1 ? 'registration' : 'registrations'} cancelled, ${r.voided} unpaid ${r.voided === 1 ? 'invoice' : 'invoices'} voided, ${r.credited} credited, ${r.emailed} ${r.emailed === 1 ? 'person' : 'people'} emailed.${r.refundsDue ? ` ${r.refundsDue} paid ${r.refundsDue === 1 ? 'order needs' : 'orders need'} a refund from finance.` : ''}`,
    );
    return reply.redirect(`/staff/events/${event.id}/registrations`, 303);
  });

  app.post('/staff/events/:id/complete', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    const r = await deps.db.transaction().execute((trx) => completeEvent(trx, deps, event.id, staffActor(req)));
    setFlash(
      reply,
      r.alreadyCompleted
        ? 'This event was already completed.'
        : `Event completed: ${r.credited} ${r.credited === 1 ? 'attendee has' : 'attendees have'} their professional-development hours.`,
    );
    return reply.redirect(`/staff/events/${event.id}/registrations`, 303);
  });
}
