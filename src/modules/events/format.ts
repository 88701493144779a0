// How events are written for people: kinds and formats in words, an event's times in its own
// zone with the zone's abbreviation, its place, and its prices ("$100–$150", or "Free").
import { DateTime } from 'luxon';
import type { EventFormat, EventKind, EventStatus } from '../../db/types.js';
import { isoWithOffset } from '../../lib/format.js';
import { formatMoney } from '../../lib/money.js';

export const KIND_LABELS: Record<EventKind, string> = { training: 'Training', workshop: 'Workshop', webinar: 'Webinar', conference: 'Conference' };
export const FORMAT_LABELS: Record<EventFormat, string> = { online: 'Online', in_person: 'In person', hybrid: 'In person and online' };
export const STATUS_LABELS: Record<EventStatus, string> = { draft: 'Draft', published: 'Published', cancelled: 'Cancelled', completed: 'Completed' };

/** "Tue, Mar 16, 2027, 9:00 AM CDT" in the event's zone. */
export const formatEventTime = (d: Date, zone: string): string => DateTime.fromJSDate(d, { zone }).toFormat('ccc, LLL d, yyyy, h:mm a ZZZZ');

/** "Tue, Mar 16, 2027, 9:00 AM – 4:30 PM CDT", or both days written when it spans several. */
export function formatEventRange(start: Date, end: Date, zone: string): string {
  const a = DateTime.fromJSDate(start, { zone });
  const b = DateTime.fromJSDate(end, { zone });
  if (a.hasSame(b, 'day')) return `${a.toFormat('ccc, LLL d, yyyy, h:mm a')} – ${b.toFormat('h:mm a ZZZZ')}`;
  return `${a.toFormat('ccc, LLL d, yyyy, h:mm a')} – ${b.toFormat('ccc, LLL d, yyyy, h:mm a ZZZZ')}`;
}

/** A session's hours on the agenda: "9:00 AM – 10:30 AM CDT" (with its day when the event spans several). */
export function formatSessionTime(start: Date, end: Date, zone: string, withDay: boolean): string {
  const a = DateTime.fromJSDate(start, { zone });
  const b = DateTime.fromJSDate(end, { zone });
  return `${withDay ? `${a.toFormat('ccc, LLL d')}, ` : ''}${a.toFormat('h:mm a')} – ${b.toFormat('h:mm a ZZZZ')}`;
}

/** The value of a local date-time field: "2027-03-16 09:00" in the zone. */
export const localInput = (d: Date | null | undefined, zone: string): string => (d ? DateTime.fromJSDate(d, { zone }).toFormat('yyyy-LL-dd HH:mm') : '');

export interface PriceSource {
  member_cents: number;
  nonmember_cents: number;
  early_member_cents: number | null;
  early_nonmember_cents: number | null;
  early_until: Date | null;
}

/** The lowest and highest price anyone pays now, over the ticket types (early-bird prices while they last). */
export function priceRange(tickets: readonly PriceSource[], now: Date): { min: number; max: number } | null {
  const prices = tickets.flatMap((t) => {
    const early = t.early_until && t.early_until > now;
    return [
      early && t.early_member_cents !== null ? t.early_member_cents : t.member_cents,
      early && t.early_nonmember_cents !== null ? t.early_nonmember_cents : t.nonmember_cents,
    ];
  });
  if (prices.length === 0) return null;
  return { min: Math.min(...prices), max: Math.max(...prices) };
}

export function formatPriceRange(range: { min: number; max: number } | null): string {
  if (!range) return 'Prices to be announced';
  if (range.max === 0) return 'Free';
  const low = range.min === 0 ? 'Free' : formatMoney(range.min);
  return range.min === range.max ? low : `${low} – ${formatMoney(range.max)}`;
}

/** Where it happens: the venue's name, "Online", or both for a hybrid event. */
export function formatPlace(e: { format: EventFormat; venue_name: string }): string {
  if (e.format === 'online') return 'Online';
  if (e.format === 'hybrid') return e.venue_name ? `${e.venue_name} and online` : 'Online';
  return e.venue_name || 'To be announced';
}

/** A URL-safe slug from a title: "Budget Basics 2027!" → "budget-basics-2027". */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** Plain text in paragraphs: a blank line separates them. */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** Schema.org `Event` data of an event's page, as JSON safe inside a script element. Never the
 * join link: an online event's VirtualLocation is its public page. */
export function eventJsonLd(
  ev: {
    slug: string;
    title: string;
    summary: string;
    status: EventStatus;
    format: EventFormat;
    time_zone: string;
    starts_at: Date;
    ends_at: Date;
    venue_name: string;
    venue_address: string;
    tickets: Array<PriceSource & { name: string }>;
  },
  o: { publicUrl: string; organizerName: string; withOffers: boolean; now: Date },
): string {
  const url = `${o.publicUrl}/events/${ev.slug}`;
  const place = { '@type': 'Place', name: ev.venue_name, address: ev.venue_address || undefined };
  const virtual = { '@type': 'VirtualLocation', url };
  const mode = { online: 'OnlineEventAttendanceMode', in_person: 'OfflineEventAttendanceMode', hybrid: 'MixedEventAttendanceMode' }[ev.format];
  const dollars = (c: number) => (c / 100).toFixed(2);
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: ev.title,
    description: ev.summary || undefined,
    url,
    startDate: isoWithOffset(ev.starts_at, ev.time_zone),
    endDate: isoWithOffset(ev.ends_at, ev.time_zone),
    eventStatus: `https://schema.org/${ev.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: `https://schema.org/${mode}`,
    location: ev.format === 'online' ? virtual : ev.format === 'hybrid' ? [place, virtual] : place,
    offers: o.withOffers
      ? ev.tickets.flatMap((t) => {
          const early = t.early_until && t.early_until > o.now;
          const member = early && t.early_member_cents !== null ? t.early_member_cents : t.member_cents;
          const nonmember = early && t.early_nonmember_cents !== null ? t.early_nonmember_cents : t.nonmember_cents;
          return [
            { '@type': 'Offer', name: `${t.name} (non-member)`, price: dollars(nonmember), priceCurrency: 'USD', url },
            { '@type': 'Offer', name: `${t.name} (member)`, price: dollars(member), priceCurrency: 'USD', url },
          ];
        })
      : undefined,
    organizer: { '@type': 'Organization', name: o.organizerName, url: o.publicUrl },
  };
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export { isoWithOffset };
