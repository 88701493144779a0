// Programs staff's authoring routes of events: /staff/events (the list), a new event, one
// event's overview with its agenda and ticket types, their edits, and publishing. Registrations
// and check-in (/staff/events/:id/registrations, /check-in) are the operations routes'.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { EventFormPage } from './event-form-views.js';
import { localInput, slugify } from './format.js';
import { type EventDetail, eventForStaff, listEventsForStaff } from './queries.js';
import { type EventForm, eventCrossErrors, eventForm, parseFormWith, readLocalDateTime, sessionCrossErrors, sessionForm, ticketCrossErrors, ticketForm } from './schemas.js';
import {
  type Actor,
  addSession,
  addTicketType,
  archiveTicketType,
  createEvent,
  type NewEvent,
  publishEvent,
  removeSession,
  type Trx,
  updateEvent,
  updateSession,
  updateTicketType,
} from './service.js';
import { SessionEditPage, StaffEventPage, StaffEventsPage, TicketEditPage } from './staff-views.js';

const idParams = z.object({ id: z.string().max(100) });
const sessionParams = z.object({ id: z.string().max(100), sessionId: z.string().max(100) });
const ticketParams = z.object({ id: z.string().max(100), ticketId: z.string().max(100) });
const listQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(z.enum(['draft', 'published', 'cancelled', 'completed'], { error: 'Choose a status from the list.' }).optional()),
  page: z
    .string()
    .optional()
    .transform((s) => (s === '' || s === undefined ? '1' : s))
    .pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'Enter a page number, like 2.')
        .transform(Number),
    )
    .pipe(z.number().min(1, 'Enter a page number, like 2.')),
});

const notFound = (what = 'event') => new AppError('not_found', { message: `There is no such ${what}.` });
type Values = Record<string, string>;

/** The chosen pathways: one checkbox per pathway, named pathway_<id>. */
const chosenPathways = (values: Values, known: Set<string>) =>
  Object.keys(values)
    .filter((k) => k.startsWith('pathway_') && values[k] === 'yes')
    .map((k) => k.slice('pathway_'.length))
    .filter((id) => known.has(id));

function toNewEvent(d: EventForm, pathwayIds: string[]): NewEvent {
  // eventForm has checked that both read in the zone
  const startsAt = readLocalDateTime(d.startsAt, d.timeZone) ?? new Date(Number.NaN);
  const endsAt = readLocalDateTime(d.endsAt, d.timeZone) ?? new Date(Number.NaN);
  return {
    slug: d.slug || slugify(d.title) || 'event',
    title: d.title,
    kind: d.kind,
    format: d.format,
    audience: d.audience,
    summary: d.summary,
    description: d.description,
    timeZone: d.timeZone,
    startsAt,
    endsAt,
    venueName: d.format === 'online' ? '' : d.venueName,
    venueAddress: d.format === 'online' ? '' : d.venueAddress,
    joinUrl: d.format === 'in_person' ? null : d.joinUrl || null,
    capacity: d.capacity,
    cancelHoursBefore: d.cancelHoursBefore,
    transfersAllowed: d.transfersAllowed,
    offerHours: d.offerHours,
    pathwayIds,
  };
}

const eventValues = (e: EventDetail): Values => ({
  title: e.title,
  slug: e.slug,
  kind: e.kind,
  format: e.format,
  audience: e.audience,
  summary: e.summary,
  description: e.description,
  timeZone: e.time_zone,
  startsAt: localInput(e.starts_at, e.time_zone),
  endsAt: localInput(e.ends_at, e.time_zone),
  venueName: e.venue_name,
  venueAddress: e.venue_address,
  joinUrl: e.join_url ?? '',
  capacity: e.capacity === null ? '' : String(e.capacity),
  cancelHoursBefore: String(e.cancel_hours_before),
  offerHours: String(e.offer_hours),
  transfersAllowed: e.transfers_allowed ? 'yes' : '',
});

const dollars = (c: number | null) => (c === null ? '' : (c / 100).toFixed(2).replace(/\.00$/, ''));

export async function eventStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const programs = { access: access.staff('programs') };
  const actor = (req: FastifyRequest): Actor => ({ userId: req.principal?.userId ?? null, requestId: req.id });
  // Two staff saving the same web address at once: the second gets the field error, not a 500.
  const tx = async <T,>(fn: (trx: Trx) => Promise<T>) => {
    try {
      return await deps.db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err, 'events_slug_key'))
        throw new AppError('events.slug_taken', {
          status: 409,
          message: 'Another event already has this web address.',
          fields: { slug: 'Another event already has this web address; choose another.' },
        });
      throw err;
    }
  };

  async function loadEvent(id: string): Promise<EventDetail> {
    const e = await eventForStaff(deps.db, id);
    if (!e) throw notFound();
    return e;
  }

  app.get('/staff/events', { config: programs }, async (req, reply) => {
    const q = listQuery.safeParse(req.query);
    const status = q.success ? q.data.status : undefined;
    const page = q.success ? q.data.page : 1;
    const { events, hasNext } = await listEventsForStaff(deps.db, { status, page });
    return sendPage(reply, StaffEventsPage({ ctx: await pageContext(req, reply), events, status, page, hasNext }));
  });

  async function sendForm(req: FastifyRequest, reply: FastifyReply, p: { event?: EventDetail; values: Values; chosen: string[]; errors?: FieldErrors }) {
    const pathways = await listPathways(deps.db);
    return sendPage(
      reply,
      EventFormPage({ ctx: await pageContext(req, reply), event: p.event, values: p.values, pathways, chosenPathways: p.chosen, errors: p.errors }),
      p.errors ? 400 : 200,
    );
  }

  app.get('/staff/events/new', { config: programs }, async (req, reply) => {
    const ctx = await pageContext(req, reply);
    return sendForm(req, reply, { values: { timeZone: ctx.timeZone, transfersAllowed: 'yes', kind: 'workshop', format: 'in_person', audience: 'everyone' }, chosen: [] });
  });

  /** Parses the event form; answers the form again with its errors, or the event's fields. */
  async function readEventForm(req: FastifyRequest, reply: FastifyReply, event?: EventDetail): Promise<NewEvent | FastifyReply> {
    const values = formValues(req.body);
    const known = new Set((await listPathways(deps.db)).map((p) => p.id));
    const chosen = chosenPathways(values, known);
    const parsed = parseFormWith(eventForm, eventCrossErrors, req.body);
    if (!parsed.ok) return sendForm(req, reply, { event, values, chosen, errors: parsed.errors });
    return toNewEvent(parsed.data, chosen);
  }

  app.post('/staff/events', { config: programs }, async (req, reply) => {
    const input = await readEventForm(req, reply);
    if (!('slug' in input)) return input;
    try {
      const created = await tx((trx) => createEvent(trx, deps, input, actor(req)));
      setFlash(reply, 'Draft saved. Add its agenda and ticket types, then publish it.');
      return reply.redirect(`/staff/events/${created.id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendForm(req, reply, { values: formValues(req.body), chosen: input.pathwayIds ?? [], errors: fields });
    }
  });

  async function sendOverview(req: FastifyRequest, reply: FastifyReply, event: EventDetail, extra: Partial<Parameters<typeof StaffEventPage>[0]> = {}, status = 200) {
    return sendPage(reply, StaffEventPage({ ctx: await pageContext(req, reply), event, ...extra }), status);
  }

  app.get('/staff/events/:id', { config: programs, schema: { params: idParams } }, async (req, reply) => sendOverview(req, reply, await loadEvent(req.params.id)));

  app.get('/staff/events/:id/edit', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    return sendForm(req, reply, { event, values: eventValues(event), chosen: event.pathways.map((p) => p.id) });
  });

  app.post('/staff/events/:id/edit', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    const input = await readEventForm(req, reply, event);
    if (!('slug' in input)) return input;
    try {
      await tx((trx) => updateEvent(trx, deps, event.id, input, actor(req)));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendForm(req, reply, { event, values: formValues(req.body), chosen: input.pathwayIds ?? [], errors: fields });
    }
    setFlash(reply, 'Event saved.');
    return reply.redirect(`/staff/events/${event.id}`, 303);
  });

  app.post('/staff/events/:id/publish', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    try {
      await tx((trx) => publishEvent(trx, deps, event.id, actor(req)));
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendOverview(req, reply, event, { problem: err.message }, 409);
      throw err;
    }
    setFlash(reply, `Published: ${event.title} is now on the events page.`);
    return reply.redirect(`/staff/events/${event.id}`, 303);
  });

  // ---- agenda

  app.post('/staff/events/:id/sessions', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    const parsed = parseFormWith(sessionForm(event.time_zone), (v) => sessionCrossErrors(v, event.time_zone), req.body);
    if (!parsed.ok) return sendOverview(req, reply, event, { sessionValues: parsed.values, sessionErrors: parsed.errors }, 400);
    try {
      await tx(async (trx) => {
        await assertOpen(event);
        return addSession(trx, deps, event.id, parsed.data, actor(req));
      });
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendOverview(req, reply, event, { problem: err.message }, 409);
      throw err;
    }
    setFlash(reply, `Session added: ${parsed.data.title}.`);
    return reply.redirect(`/staff/events/${event.id}#agenda`, 303);
  });

  async function loadSession(eventId: string, sessionId: string) {
    const event = await loadEvent(eventId);
    const session = event.sessions.find((s) => s.id === sessionId);
    if (!session) throw notFound('session');
    return { event, session };
  }

  app.get('/staff/events/:id/sessions/:sessionId', { config: programs, schema: { params: sessionParams } }, async (req, reply) => {
    const { event, session } = await loadSession(req.params.id, req.params.sessionId);
    const z = event.time_zone;
    const values = {
      title: session.title,
      location: session.location,
      description: session.description,
      startsAt: localInput(session.starts_at, z),
      endsAt: localInput(session.ends_at, z),
      pdMinutes: String(session.pd_minutes),
    };
    return sendPage(reply, SessionEditPage({ ctx: await pageContext(req, reply), event, session, values }));
  });

  app.post('/staff/events/:id/sessions/:sessionId', { config: programs, schema: { params: sessionParams } }, async (req, reply) => {
    const { event, session } = await loadSession(req.params.id, req.params.sessionId);
    const parsed = parseFormWith(sessionForm(event.time_zone), (v) => sessionCrossErrors(v, event.time_zone), req.body);
    if (!parsed.ok) return sendPage(reply, SessionEditPage({ ctx: await pageContext(req, reply), event, session, values: parsed.values, errors: parsed.errors }), 400);
    await tx((trx) => updateSession(trx, deps, event.id, session.id, parsed.data, actor(req)));
    setFlash(reply, `Session saved: ${parsed.data.title}.`);
    return reply.redirect(`/staff/events/${event.id}#agenda`, 303);
  });

  app.get('/staff/events/:id/sessions/:sessionId/remove', { config: programs, schema: { params: sessionParams } }, async (req, reply) => {
    const { event, session } = await loadSession(req.params.id, req.params.sessionId);
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Remove the session ${session.title}?`,
        lead: `It leaves the agenda of ${event.title}. A session with check-ins cannot be removed.`,
        action: `/staff/events/${event.id}/sessions/${session.id}/remove`,
        button: 'Remove the session',
        back: { href: `/staff/events/${event.id}#agenda`, label: `Back to ${event.title}` },
      }),
    );
  });

  app.post('/staff/events/:id/sessions/:sessionId/remove', { config: programs, schema: { params: sessionParams } }, async (req, reply) => {
    const { event, session } = await loadSession(req.params.id, req.params.sessionId);
    try {
      await tx((trx) => removeSession(trx, deps, event.id, session.id, actor(req)));
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendOverview(req, reply, event, { problem: err.message }, 409);
      throw err;
    }
    setFlash(reply, `Session removed: ${session.title}.`);
    return reply.redirect(`/staff/events/${event.id}#agenda`, 303);
  });

  // ---- ticket types

  app.post('/staff/events/:id/tickets', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    const parsed = parseFormWith(ticketForm(event.time_zone), ticketCrossErrors, req.body);
    if (!parsed.ok) return sendOverview(req, reply, event, { ticketValues: parsed.values, ticketErrors: parsed.errors }, 400);
    const d = parsed.data;
    try {
      await tx(async (trx) => {
        await assertOpen(event);
        return addTicketType(trx, deps, event.id, ticketInput(d), actor(req));
      });
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendOverview(req, reply, event, { problem: err.message }, 409);
      throw err;
    }
    setFlash(reply, `Ticket type added: ${d.name}.`);
    return reply.redirect(`/staff/events/${event.id}#tickets`, 303);
  });

  async function loadTicket(eventId: string, ticketId: string) {
    const event = await loadEvent(eventId);
    const ticket = event.tickets.find((t) => t.id === ticketId && !t.archived_at);
    if (!ticket) throw notFound('ticket type');
    return { event, ticket };
  }

  app.get('/staff/events/:id/tickets/:ticketId', { config: programs, schema: { params: ticketParams } }, async (req, reply) => {
    const { event, ticket: t } = await loadTicket(req.params.id, req.params.ticketId);
    const values = {
      name: t.name,
      memberPrice: dollars(t.member_cents),
      nonmemberPrice: dollars(t.nonmember_cents),
      earlyMemberPrice: dollars(t.early_member_cents),
      earlyNonmemberPrice: dollars(t.early_nonmember_cents),
      earlyUntil: localInput(t.early_until, event.time_zone),
      capacity: t.capacity === null ? '' : String(t.capacity),
      position: String(t.position),
      membersOnly: t.members_only ? 'yes' : '',
    };
    return sendPage(reply, TicketEditPage({ ctx: await pageContext(req, reply), event, ticket: t, values }));
  });

  app.post('/staff/events/:id/tickets/:ticketId', { config: programs, schema: { params: ticketParams } }, async (req, reply) => {
    const { event, ticket } = await loadTicket(req.params.id, req.params.ticketId);
    const parsed = parseFormWith(ticketForm(event.time_zone), ticketCrossErrors, req.body);
    if (!parsed.ok) return sendPage(reply, TicketEditPage({ ctx: await pageContext(req, reply), event, ticket, values: parsed.values, errors: parsed.errors }), 400);
    await tx((trx) => updateTicketType(trx, deps, event.id, ticket.id, ticketInput(parsed.data), actor(req)));
    setFlash(reply, `Ticket type saved: ${parsed.data.name}.`);
    return reply.redirect(`/staff/events/${event.id}#tickets`, 303);
  });

  app.get('/staff/events/:id/tickets/:ticketId/archive', { config: programs, schema: { params: ticketParams } }, async (req, reply) => {
    const { event, ticket } = await loadTicket(req.params.id, req.params.ticketId);
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Archive the ticket type ${ticket.name}?`,
        lead: 'Nobody can choose it any more. Seats already taken on it stay, at the price they were taken at.',
        action: `/staff/events/${event.id}/tickets/${ticket.id}/archive`,
        button: 'Archive the ticket type',
        back: { href: `/staff/events/${event.id}#tickets`, label: `Back to ${event.title}` },
      }),
    );
  });

  app.post('/staff/events/:id/tickets/:ticketId/archive', { config: programs, schema: { params: ticketParams } }, async (req, reply) => {
    const { event, ticket } = await loadTicket(req.params.id, req.params.ticketId);
    try {
      await tx((trx) => archiveTicketType(trx, deps, event.id, ticket.id, actor(req)));
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendOverview(req, reply, event, { problem: err.message }, 409);
      throw err;
    }
    setFlash(reply, `Ticket type archived: ${ticket.name}. Seats already taken on it stay.`);
    return reply.redirect(`/staff/events/${event.id}#tickets`, 303);
  });
}

async function assertOpen(event: EventDetail) {
  if (event.status === 'cancelled' || event.status === 'completed')
    throw new AppError('events.closed', { status: 409, message: `This event is ${event.status}; it can no longer be changed.` });
}

function ticketInput(d: z.output<ReturnType<typeof ticketForm>>) {
  return {
    name: d.name,
    memberCents: d.memberPrice ?? 0,
    nonmemberCents: d.nonmemberPrice ?? 0,
    earlyMemberCents: d.earlyMemberPrice,
    earlyNonmemberCents: d.earlyNonmemberPrice,
    earlyUntil: d.earlyUntil,
    capacity: d.capacity,
    position: d.position,
    membersOnly: d.membersOnly,
  };
}
