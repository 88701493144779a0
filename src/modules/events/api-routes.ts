// The events API: GET /api/v1/events (published and cancelled events to come, filtered, keyset
// paged) and GET /api/v1/events/{slug} (one event; a members-only event is a teaser for anyone
// who is not a member). Never a draft, never the join link.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { listPathways } from '../pathways/index.js';
import { isoWithOffset, priceRange } from './format.js';
import { seesMembersOnly } from './public-routes.js';
import { decodeCursor, type EventDetail, encodeCursor, type ListedEvent, listPublicEvents, publicEventBySlug } from './queries.js';
import { type apiEvent, apiEventDetail, apiListQuery, apiListResponse, isSlug } from './schemas.js';

type ApiEvent = z.output<typeof apiEvent>;

function present(e: ListedEvent, publicUrl: string, now: Date): ApiEvent {
  const range = priceRange(e.tickets, now);
  return {
    slug: e.slug,
    title: e.title,
    kind: e.kind,
    format: e.format,
    status: e.status === 'draft' ? 'published' : e.status,
    membersOnly: e.audience === 'members',
    summary: e.summary,
    startsAt: isoWithOffset(e.starts_at, e.time_zone),
    endsAt: isoWithOffset(e.ends_at, e.time_zone),
    timeZone: e.time_zone,
    venue: e.format === 'online' ? null : { name: e.venue_name, address: e.venue_address },
    price: range ? { minCents: range.min, maxCents: range.max } : null,
    pathways: e.pathways.map((p) => ({ slug: p.slug, name: p.name })),
    url: `${publicUrl}/events/${e.slug}`,
  };
}

function presentDetail(e: EventDetail, publicUrl: string, now: Date, teaser: boolean): z.output<typeof apiEventDetail> {
  const zone = e.time_zone;
  return {
    ...present(e, publicUrl, now),
    teaser,
    description: teaser ? null : e.description,
    sessions: teaser
      ? []
      : e.sessions.map((s) => ({
          title: s.title,
          location: s.location,
          startsAt: isoWithOffset(s.starts_at, zone),
          endsAt: isoWithOffset(s.ends_at, zone),
          pdMinutes: s.pd_minutes,
        })),
    ticketTypes: teaser
      ? []
      : e.tickets.map((t) => ({
          name: t.name,
          memberCents: t.member_cents,
          nonmemberCents: t.nonmember_cents,
          earlyMemberCents: t.early_member_cents,
          earlyNonmemberCents: t.early_nonmember_cents,
          earlyUntil: t.early_until ? isoWithOffset(t.early_until, zone) : null,
          membersOnly: t.members_only,
          currency: 'USD' as const,
        })),
  };
}

export async function eventApiRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  app.get(
    '/api/v1/events',
    {
      config: { access: access.public() },
      schema: {
        tags: ['events'],
        summary: 'Published events still to come (cancelled ones marked so), soonest first, a page at a time',
        querystring: apiListQuery,
        response: { 200: apiListResponse },
      },
    },
    async (req) => {
      const q = req.query;
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) throw fieldError({ cursor: 'This cursor is not valid; start again without it.' });
      if (q.pathway) {
        const pathways = await listPathways(deps.db);
        if (!pathways.some((p) => p.slug === q.pathway)) throw fieldError({ pathway: `Choose one of: ${pathways.map((p) => p.slug).join(', ')}.` });
      }
      const now = deps.clock.now();
      const { events, next } = await listPublicEvents(
        deps.db,
        { when: 'upcoming', now, kind: q.kind, format: q.format, pathway: q.pathway, fromMonth: q.from, toMonth: q.to },
        { after, limit: q.limit ?? 25 },
      );
      return { events: events.map((e) => present(e, deps.config.publicUrl, now)), next: next ? encodeCursor(next) : null };
    },
  );

  app.get(
    '/api/v1/events/:slug',
    {
      config: { access: access.public() },
      schema: {
        tags: ['events'],
        summary: 'One published, cancelled or completed event with its agenda and ticket types (a teaser of a members-only event for others)',
        params: z.object({ slug: z.string().max(200) }),
        response: { 200: apiEventDetail },
      },
    },
    async (req) => {
      const slug = req.params.slug;
      const event = isSlug(slug) ? await publicEventBySlug(deps.db, slug) : null;
      if (!event) throw new AppError('not_found', { message: 'There is no such event.' });
      const teaser = event.audience === 'members' && !(await seesMembersOnly(req));
      return presentDetail(event, deps.config.publicUrl, deps.clock.now(), teaser);
    },
  );
}
