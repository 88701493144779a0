// Programs staff's routes of an event's parts: the sessions of its agenda (add, edit, remove) and
// its ticket types (add, edit, archive), each answered on the event's overview
// (/staff/events/:id, staff-routes.tsx) or on its own edit page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { sendPage } from '../../web/render.js';
import { localInput } from './format.js';
import { parseFormWith, sessionCrossErrors, sessionForm, ticketCrossErrors, ticketForm } from './schemas.js';
import { addSession, addTicketType, archiveTicketType, removeSession, updateSession, updateTicketType } from './service.js';
import { assertOpen, idParams, notFound, staffKit } from './staff-kit.js';
import { SessionEditPage, TicketEditPage } from './staff-views.js';

const sessionParams = z.object({ id: z.string().max(100), sessionId: z.string().max(100) });
const ticketParams = z.object({ id: z.string().max(100), ticketId: z.string().max(100) });

const dollars = (c: number | null) => (c === null ? '' : (c / 100).toFixed(2).replace(/\.00$/, ''));

export async function eventAgendaRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { deps, programs, actor, tx, loadEvent, sendOverview } = staffKit(root);

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
