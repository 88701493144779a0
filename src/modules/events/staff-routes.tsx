// Programs staff's authoring routes of events: /staff/events (the list), a new event, one
// event's overview, its edit, and publishing. Its agenda and ticket types are the agenda routes'
// (staff-agenda-routes.tsx); registrations and check-in (/staff/events/:id/registrations,
// /check-in) are the operations routes'.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageNumber } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseFilterQuery } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { countRegistrantsToTell, type Told } from './event-changes.js';
import { EventFormPage, savedMessage } from './event-form-views.js';
import { localInput, slugify } from './format.js';
import { type EventDetail, listEventsForStaff } from './queries.js';
import { type EventForm, eventCrossErrors, eventForm, parseFormWith, readLocalDateTime } from './schemas.js';
import { createEvent, type NewEvent, publishEvent, updateEvent } from './service.js';
import { idParams, staffKit } from './staff-kit.js';
import { StaffEventsPage } from './staff-views.js';

const listQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(z.enum(['draft', 'published', 'cancelled', 'completed'], { error: 'Choose a status from the list.' }).optional()),
  page: pageNumber(),
});

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

export async function eventStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { deps, programs, actor, tx, loadEvent, sendOverview } = staffKit(root);

  app.get('/staff/events', { config: programs }, async (req, reply) => {
    // a bad page number or status is said beside its field (400), the rest of the filters kept
    const { data, errors, values } = parseFilterQuery(listQuery, req.query);
    const { status, page } = data;
    const { events, hasNext } = await listEventsForStaff(deps.db, { status, page });
    const failed = Object.keys(errors).length > 0;
    return sendPage(
      reply,
      StaffEventsPage({ ctx: await pageContext(req, reply), events, status, page, hasNext, typed: values, errors: failed ? errors : undefined }),
      failed ? 400 : 200,
    );
  });

  async function sendForm(req: FastifyRequest, reply: FastifyReply, p: { event?: EventDetail; values: Values; chosen: string[]; errors?: FieldErrors }) {
    const pathways = await listPathways(deps.db);
    const toTell = p.event ? await countRegistrantsToTell(deps.db, p.event, deps.clock.now()) : undefined;
    return sendPage(
      reply,
      EventFormPage({ ctx: await pageContext(req, reply), event: p.event, values: p.values, pathways, chosenPathways: p.chosen, errors: p.errors, toTell }),
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

  app.get('/staff/events/:id', { config: programs, schema: { params: idParams } }, async (req, reply) => sendOverview(req, reply, await loadEvent(req.params.id)));

  app.get('/staff/events/:id/edit', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    return sendForm(req, reply, { event, values: eventValues(event), chosen: event.pathways.map((p) => p.id) });
  });

  app.post('/staff/events/:id/edit', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const event = await loadEvent(req.params.id);
    const input = await readEventForm(req, reply, event);
    if (!('slug' in input)) return input;
    let told: Told = { registered: 0, offered: 0, waitlist: 0 };
    try {
      ({ told } = await tx((trx) => updateEvent(trx, deps, event.id, input, actor(req))));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendForm(req, reply, { event, values: formValues(req.body), chosen: input.pathwayIds ?? [], errors: fields });
    }
    setFlash(reply, savedMessage(told));
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
}
