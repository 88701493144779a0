// Check-in routes (programs staff): an event's attendee search and check-in form, and a ticket's
// page by its code (the QR code's target, whatever its event). A check-in refused (waitlisted,
// cancelled) re-renders the page with the reason (409).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { CheckInPage, TicketPage, UnknownTicketPage } from './checkin-views.js';
import { currentSession, eventSessions, type OpsEvent, opsEvent } from './ops.js';
import { attendeeName, checkIn, searchAttendees, ticketByCode } from './ops-checkin.js';

const idParams = z.object({ id: z.string().max(100) });
const codeParams = z.object({ code: z.string().max(200) });
const searchInput = z.object({
  session: z.string().max(100).default(''),
  q: z.string().trim().max(100, 'Use at most 100 characters.').default(''),
});
const checkInInput = z.object({
  registration: z.uuid('Choose an attendee.'),
  session: z.uuid('Choose a session.'),
  q: z.string().trim().max(100).default(''),
});
const ticketCheckInInput = z.object({ session: z.uuid('Choose a session.') });

export async function checkinRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const programs = { access: access.staff('programs') };
  const actor = (req: FastifyRequest) => ({ userId: req.principal?.userId ?? null, requestId: req.id });
  const eventOf = async (id: string): Promise<OpsEvent> => {
    const e = isUuid(id) ? await opsEvent(deps.db, id) : undefined;
    if (!e) throw new AppError('not_found', { message: 'There is no such event.' });
    return e;
  };

  async function sendCheckIn(req: FastifyRequest, reply: FastifyReply, event: OpsEvent, input: { session: string; q: string }, refusal?: string, status = 200) {
    const sessions = await eventSessions(deps.db, event.id);
    const session = sessions.find((s) => s.id === input.session) ?? currentSession(sessions, deps.clock.now());
    const results = input.q ? await searchAttendees(deps.db, event.id, input.q) : null;
    return sendPage(reply, CheckInPage({ ctx: await pageContext(req, reply), event, sessions, session, q: input.q, results, refusal }), status);
  }

  app.get('/staff/events/:id/check-in', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    const parsed = parseForm(searchInput, req.query);
    if (!parsed.ok) {
      const sessions = await eventSessions(deps.db, event.id);
      return sendPage(
        reply,
        CheckInPage({ ctx: await pageContext(req, reply), event, sessions, session: currentSession(sessions, deps.clock.now()), q: '', results: null, errors: parsed.errors }),
        400,
      );
    }
    return sendCheckIn(req, reply, event, parsed.data);
  });

  app.post('/staff/events/:id/check-in', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await eventOf(req.params.id);
    const parsed = parseForm(checkInInput, req.body);
    if (!parsed.ok) return sendCheckIn(req, reply, event, { session: parsed.values.session ?? '', q: parsed.values.q ?? '' }, Object.values(parsed.errors).join(' '), 400);
    const { registration, session, q } = parsed.data;
    const who = await attendeeName(deps.db, event.id, registration);
    if (who === undefined) throw new AppError('not_found', { message: 'There is no such registration for this event.' });
    let recorded: boolean;
    try {
      recorded = await deps.db.transaction().execute((trx) => checkIn(trx, deps, { registrationId: registration, sessionId: session }, actor(req)));
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendCheckIn(req, reply, event, { session, q }, err.message, 409);
      throw err;
    }
    setFlash(reply, recorded ? `${who} is checked in.` : `${who} was already checked in.`);
    return reply.redirect(`/staff/events/${event.id}/check-in?${new URLSearchParams({ session, q })}`, 303);
  });

  // ---- a ticket by its code (the QR code's target)

  async function sendTicket(req: FastifyRequest, reply: FastifyReply, code: string, refusal?: string, status = 200) {
    const ticket = await ticketByCode(deps.db, code);
    if (!ticket) return sendPage(reply, UnknownTicketPage({ ctx: await pageContext(req, reply) }), 404);
    const sessions = await eventSessions(deps.db, ticket.eventId);
    const current = currentSession(sessions, deps.clock.now());
    return sendPage(reply, TicketPage({ ctx: await pageContext(req, reply), code, ticket, sessions, current, refusal }), status);
  }

  app.get('/staff/check-in/:code', { config: programs, schema: { params: codeParams } }, async (req, reply) => sendTicket(req, reply, req.params.code));

  app.post('/staff/check-in/:code', { config: programs, schema: { params: codeParams } }, async (req, reply) => {
    const code = req.params.code;
    const ticket = await ticketByCode(deps.db, code);
    if (!ticket) return sendPage(reply, UnknownTicketPage({ ctx: await pageContext(req, reply) }), 404);
    const parsed = parseForm(ticketCheckInInput, req.body);
    if (!parsed.ok) return sendTicket(req, reply, code, Object.values(parsed.errors).join(' '), 400);
    let recorded: boolean;
    try {
      recorded = await deps.db.transaction().execute((trx) => checkIn(trx, deps, { registrationId: ticket.registrationId, sessionId: parsed.data.session }, actor(req)));
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendTicket(req, reply, code, err.message, 409);
      throw err;
    }
    setFlash(reply, recorded ? `${ticket.attendee} is checked in.` : `${ticket.attendee} was already checked in.`);
    return reply.redirect(`/staff/check-in/${encodeURIComponent(code)}`, 303);
  });
}
