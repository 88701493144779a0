// The public pages of events: /events (upcoming, filtered by query string, keyset paged),
// /events/past, and /events/:slug. Drafts are never shown. A members-only event shows a teaser
// to anyone who is not a member (or staff); the join link is shown only to a person holding a
// seat (status 'registered') and to programs staff.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { VNode } from 'preact';
import { access, hasStaffRole, isStaff } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageContext } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { eventJsonLd } from './format.js';
import { countsAsMember } from './member.js';
import { EventPage, EventsListingPage } from './public-views.js';
import { type Cursor, decodeCursor, encodeCursor, everRegistered, type ListedEvent, listPublicEvents, publicEventBySlug, seatOf } from './queries.js';
import { isSlug, listingQuery } from './schemas.js';

export const LISTING_PAGE_SIZE = 12;

/** Whether the viewer sees a members-only event in full: a member (individually or through their
 * organization) or staff. */
export async function seesMembersOnly(req: FastifyRequest): Promise<boolean> {
  const p = req.principal;
  if (!p) return false;
  return isStaff(p) || (await countsAsMember(req.server.deps.db, p.userId));
}

export async function eventPublicRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const pub = { access: access.public() };

  for (const when of ['upcoming', 'past'] as const) {
    app.get(when === 'upcoming' ? '/events' : '/events/past', { config: pub }, async (req, reply) => {
      const raw = formValues(req.query);
      const query = { kind: raw.kind, format: raw.format, pathway: raw.pathway, month: raw.month };
      const pathways = await listPathways(deps.db);
      const parsed = listingQuery.safeParse(raw);
      const errors: FieldErrors = {};
      let after: Cursor | null = null;
      if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      else {
        if (parsed.data.pathway && !pathways.some((x) => x.slug === parsed.data.pathway)) errors.pathway = 'Choose a pathway from the list.';
        if (parsed.data.cursor) {
          after = decodeCursor(parsed.data.cursor);
          if (!after) errors.cursor = 'This page link is not valid; start again from the first page.';
        }
      }
      const now = deps.clock.now();
      let events: ListedEvent[] = [];
      let next: Cursor | null = null;
      const ok = parsed.success && Object.keys(errors).length === 0;
      if (ok) {
        const d = parsed.data;
        ({ events, next } = await listPublicEvents(
          deps.db,
          { when, now, kind: d.kind, format: d.format, pathway: d.pathway, fromMonth: d.month, toMonth: d.month },
          { after, limit: LISTING_PAGE_SIZE },
        ));
      }
      const ctx = await pageContext(req, reply);
      const months = monthOptions(now, ctx.timeZone, when);
      return sendPage(
        reply,
        EventsListingPage({
          ctx,
          view: { when, events, query, errors, next: next ? encodeCursor(next) : null, first: !after, pathways, months, now },
        }),
        ok ? 200 : 400,
      );
    });
  }

  app.get('/events/:slug', { config: pub }, async (req, reply) => {
    const slug = String((req.params as { slug?: unknown }).slug ?? '');
    const event = isSlug(slug) ? await publicEventBySlug(deps.db, slug) : null;
    if (!event) throw new AppError('not_found', { message: 'There is no event at this address.' });
    const p = req.principal;
    const now = deps.clock.now();
    // A person holding a seat sees the whole page even if their membership has lapsed since they
    // registered: the seat is theirs.
    // The join link waits for the invoice to be paid (a free seat has none to wait for).
    const seat = p ? await seatOf(deps.db, event.id, p.userId) : null;
    // Why it was cancelled: for the people it was cancelled on (as their email said), not for everyone.
    const cancelReason = p && event.status === 'cancelled' && (await everRegistered(deps.db, event.id, p.userId)) ? event.cancel_reason : null;
    const teaser = event.audience === 'members' && !seat && !(await seesMembersOnly(req));
    const seesJoin = !!p && event.status !== 'cancelled' && event.format !== 'in_person' && (seat?.state === 'confirmed' || hasStaffRole(p, 'programs'));
    const ctx = await pageContext(req, reply);
    // Offers only while tickets are on sale: not once it has started (registration closes then),
    // nor when cancelled or completed.
    const onSale = event.status === 'published' && event.starts_at > now;
    const jsonLd = eventJsonLd(event, { publicUrl: deps.config.publicUrl, organizerName: ctx.associationName, withOffers: !teaser && onSale, now });
    const parts: VNode[] = [];
    for (const part of deps.slots.eventPageParts ?? []) {
      const node = await part(deps, { id: event.id, slug: event.slug, title: event.title }, ctx);
      if (node) parts.push(node);
    }
    return sendPage(
      reply,
      EventPage({
        ctx,
        view: {
          event,
          teaser,
          joinUrl: seesJoin && !teaser ? event.join_url : null,
          signedIn: !!p,
          seat,
          cancelReason,
          canRegister: onSale && event.tickets.length > 0,
          jsonLd,
          now,
          parts,
        },
      }),
    );
  });
}

/** The months the filter offers: the next twelve, or the last twenty-four, in the association's zone. */
function monthOptions(now: Date, zone: string, when: 'upcoming' | 'past') {
  const start = DateTime.fromJSDate(now, { zone }).startOf('month');
  return Array.from({ length: when === 'upcoming' ? 12 : 24 }, (_, i) => {
    const m = when === 'upcoming' ? start.plus({ months: i }) : start.minus({ months: i });
    return { value: m.toFormat('yyyy-LL'), label: m.toFormat('LLLL yyyy') };
  });
}
