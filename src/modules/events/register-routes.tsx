// Registering for an event: /events/:slug/register (oneself) and /events/:slug/register/group
// (an organization's administrator, several of its contacts on one invoice). Thin: parse, call
// registration.ts, render register-views.tsx. A hidden idempotency key makes a double submit one order.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access, actorOf, orgScope } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { countsAsMember } from './member.js';
import { GroupRegisterPage, RegisterPage } from './register-views.js';
import { type OrderOutcome, registerForEvent, registerGroup } from './registration.js';
import { contactsOf, eventForRegistration, hasLiveRegistration, organizationsForGroup } from './registration-queries.js';
import { assertNotCancelled } from './registration-seats.js';

const keyOf = (v: unknown) => (typeof v === 'string' && z.uuid().safeParse(v).success ? v : null);
const ticketField = z.uuid({ error: 'Choose a ticket.' });

/** A service's refusal as the form's errors (its field names are the API's; the form's differ). */
function formErrors(err: unknown): { errors?: FieldErrors; message?: string; status: number } | null {
  if (!(err instanceof AppError) || err.status >= 500) return null;
  if (err.fields) {
    const errors: FieldErrors = {};
    for (const [k, v] of Object.entries(err.fields)) errors[k === 'ticketTypeId' ? 'ticket_type_id' : k] = v;
    return { errors, status: err.status === 403 ? 400 : err.status };
  }
  if (err.code === 'not_found') return null;
  return { message: err.message, status: err.status === 403 ? 409 : err.status };
}

function thanks(r: OrderOutcome, group: boolean): string {
  const registered = r.registrations.filter((x) => x.status === 'registered').length;
  const waiting = r.registrations.length - registered;
  if (group) {
    return `${registered} registered${waiting ? `, ${waiting} on the waitlist` : ''}.${r.invoice ? ` Invoice ${r.invoice.number} is on its way to you for the organization.` : ''} Each person has been emailed.`;
  }
  if (waiting) return 'The event is full: you are on its waitlist. We will email you if a seat frees up.';
  if (r.invoice) return `Your seat is held. Pay invoice ${r.invoice.number} to confirm it: its link is under “To pay” below, and in your email.`;
  return 'You are registered. Your confirmation, with a calendar invitation, is in your email.';
}

export async function registerRoutes(app: FastifyInstance) {
  const deps = app.deps;

  const loadEvent = async (slug: string) => {
    const found = await eventForRegistration(deps.db, slug);
    if (!found) throw new AppError('not_found', { message: 'There is no such event.' });
    assertNotCancelled(found.event);
    return found;
  };

  const renderSelf = async (req: FastifyRequest, reply: FastifyReply, slug: string, extra: { errors?: FieldErrors; message?: string; status?: number } = {}) => {
    const actor = actorOf(req);
    const { event, tickets } = await loadEvent(slug);
    const live = await hasLiveRegistration(deps.db, event.id, actor.userId);
    const values = formValues(req.body ?? {});
    return sendPage(
      reply,
      RegisterPage({
        ctx: await pageContext(req, reply),
        event,
        tickets,
        member: await countsAsMember(deps.db, actor.userId),
        now: deps.clock.now(),
        idempotencyKey: keyOf(values.idempotency_key) ?? randomUUID(),
        values,
        errors: extra.errors,
        message: extra.message,
        alreadyRegistered: !!live,
        orgAdmin: [...(req.principal?.orgs.values() ?? [])].includes('admin'),
      }),
      extra.status ?? 200,
    );
  };

  app.get<{ Params: { slug: string } }>('/events/:slug/register', { config: { access: access.signedIn() } }, (req, reply) => renderSelf(req, reply, req.params.slug));

  app.post<{ Params: { slug: string } }>(
    '/events/:slug/register',
    { config: { access: access.signedIn(), rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { event } = await loadEvent(req.params.slug);
      const values = formValues(req.body ?? {});
      const ticket = ticketField.safeParse(values.ticket_type_id);
      if (!ticket.success) return renderSelf(req, reply, req.params.slug, { errors: { ticket_type_id: 'Choose a ticket.' }, status: 400 });
      const key = keyOf(values.idempotency_key);
      try {
        const r = await registerForEvent(deps, {
          eventId: event.id,
          userId: actor.userId,
          ticketTypeId: ticket.data,
          idempotencyKey: key ? `form:${key}` : null,
          requestId: req.id,
        });
        setFlash(reply, thanks(r, false));
        return reply.redirect('/me/events', 303);
      } catch (err) {
        const shown = formErrors(err);
        if (!shown) throw err;
        return renderSelf(req, reply, req.params.slug, shown);
      }
    },
  );

  const renderGroup = async (req: FastifyRequest, reply: FastifyReply, slug: string, extra: { errors?: FieldErrors; message?: string; status?: number } = {}) => {
    const { event, tickets } = await loadEvent(slug);
    const adminOf = [...(req.principal?.orgs.entries() ?? [])].filter(([, role]) => role === 'admin').map(([id]) => id);
    const values = formValues(req.body ?? {});
    const scope = orgScope(req, 'admin', { ordered: adminOf });
    const organizations = (await organizationsForGroup(deps.db, adminOf)).map((o) => ({ ...o, member: Boolean(o.member) }));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const attendees = Object.keys(body)
      .filter((k) => k.startsWith('attendee_'))
      .map((k) => k.slice('attendee_'.length));
    return sendPage(
      reply,
      GroupRegisterPage({
        ctx: await pageContext(req, reply),
        event,
        tickets,
        organizations,
        organizationId: scope.id,
        contacts: await contactsOf(deps.db, scope.id),
        now: deps.clock.now(),
        idempotencyKey: keyOf(values.idempotency_key) ?? randomUUID(),
        values: { ticket_type_id: values.ticket_type_id, attendees },
        errors: extra.errors,
        message: extra.message,
      }),
      extra.status ?? 200,
    );
  };

  app.get<{ Params: { slug: string } }>('/events/:slug/register/group', { config: { access: access.orgAdmin() } }, (req, reply) => renderGroup(req, reply, req.params.slug));

  app.post<{ Params: { slug: string } }>(
    '/events/:slug/register/group',
    { config: { access: access.orgAdmin(), rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { event } = await loadEvent(req.params.slug);
      const scope = orgScope(req, 'admin');
      const values = formValues(req.body ?? {});
      const body = (req.body ?? {}) as Record<string, unknown>;
      const attendees = Object.keys(body)
        .filter((k) => k.startsWith('attendee_'))
        .map((k) => k.slice('attendee_'.length));
      const errors: FieldErrors = {};
      const ticket = ticketField.safeParse(values.ticket_type_id);
      if (!ticket.success) errors.ticket_type_id = 'Choose a ticket.';
      if (attendees.length === 0) errors.attendees = 'Choose at least one person to register.';
      else if (attendees.some((a) => !z.uuid().safeParse(a).success)) errors.attendees = 'Choose people from your organization’s contacts.';
      if (!ticket.success || Object.keys(errors).length > 0) return renderGroup(req, reply, req.params.slug, { errors, status: 400 });
      const key = keyOf(values.idempotency_key);
      try {
        const r = await registerGroup(deps, {
          eventId: event.id,
          organizationId: scope.id,
          buyerUserId: actor.userId,
          attendeeUserIds: attendees,
          ticketTypeId: ticket.data,
          idempotencyKey: key ? `form:${key}` : null,
          requestId: req.id,
        });
        setFlash(reply, thanks(r, true));
        return reply.redirect(r.invoice ? `/invoices/${r.invoice.public_token}` : '/me/events', 303);
      } catch (err) {
        const shown = formErrors(err);
        if (!shown) throw err;
        return renderGroup(req, reply, req.params.slug, shown);
      }
    },
  );
}
