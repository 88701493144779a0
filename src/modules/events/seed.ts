// Demo data of events: the annual conference (two days, sessions, early-bird prices, hybrid), a
// free-for-members webinar, a members-only training, an in-person workshop, and a past workshop
// that took place (completed). Times are set relative to `now`, in each event's own zone. No
// registrations: registration is another part's demo data.
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DB, EventFormat, EventKind } from '../../db/types.js';

interface DemoSession {
  title: string;
  /** days after the event's first day, local hours "HH:mm" */
  day: number;
  from: string;
  to: string;
  location?: string;
  pdMinutes: number;
}

interface DemoEvent {
  slug: string;
  title: string;
  kind: EventKind;
  format: EventFormat;
  audience?: 'everyone' | 'members';
  zone: string;
  /** days from now of the first day; local start and end hours of the whole event */
  inDays: number;
  days?: number;
  from: string;
  to: string;
  summary: string;
  description: string;
  venueName?: string;
  venueAddress?: string;
  joinUrl?: string;
  capacity?: number;
  pathways: string[];
  tickets: Array<{
    name: string;
    member: number;
    nonmember: number;
    earlyMember?: number;
    earlyNonmember?: number;
    earlyDaysBefore?: number;
    capacity?: number;
    membersOnly?: boolean;
  }>;
  sessions: DemoSession[];
  completed?: boolean;
}

const EVENTS: DemoEvent[] = [
  {
    slug: 'annual-conference',
    title: 'Annual Conference: Building Resilient Communities',
    kind: 'conference',
    format: 'hybrid',
    zone: 'America/Denver',
    inDays: 75,
    days: 2,
    from: '08:30',
    to: '16:30',
    summary: 'Two days of sessions, site visits and peer exchange for local government staff and elected officials.',
    description:
      'Our annual gathering brings together staff and elected officials from member governments across the country.\n\nDay one covers climate resilience, budgeting for infrastructure and community engagement. Day two offers hands-on workshops and site visits around Denver.\n\nSessions are recorded for those who join online.',
    venueName: 'Colorado Convention Center',
    venueAddress: '700 14th St, Denver, CO 80202',
    joinUrl: 'https://meet.example.org/j/annual-conference',
    capacity: 400,
    pathways: ['resilient', 'equitable'],
    tickets: [
      { name: 'Full conference', member: 45_000, nonmember: 60_000, earlyMember: 39_500, earlyNonmember: 52_500, earlyDaysBefore: 30 },
      { name: 'One day, either day', member: 25_000, nonmember: 32_500 },
      { name: 'Online only', member: 9_500, nonmember: 15_000 },
    ],
    sessions: [
      { title: 'Opening keynote: the resilient city', day: 0, from: '08:30', to: '09:30', location: 'Main hall', pdMinutes: 60 },
      { title: 'Paying for infrastructure that lasts', day: 0, from: '10:00', to: '11:30', location: 'Room 201', pdMinutes: 90 },
      { title: 'Engaging residents who rarely engage', day: 0, from: '13:00', to: '14:30', location: 'Room 203', pdMinutes: 90 },
      { title: 'Workshop: heat action plans', day: 1, from: '09:00', to: '12:00', location: 'Room 105', pdMinutes: 180 },
      { title: 'Site visit: the South Platte greenway', day: 1, from: '13:30', to: '16:30', location: 'Buses leave from the north entrance', pdMinutes: 120 },
    ],
  },
  {
    slug: 'grant-writing-webinar',
    title: 'Webinar: Writing Winning Federal Grant Applications',
    kind: 'webinar',
    format: 'online',
    zone: 'America/New_York',
    inDays: 12,
    from: '14:00',
    to: '15:30',
    summary: 'What reviewers look for, and how small governments can compete for federal infrastructure grants.',
    description: 'A practical hour and a half with two grant managers who have reviewed hundreds of applications.\n\nBring your questions: the last half hour is open.',
    joinUrl: 'https://meet.example.org/j/grant-writing',
    pathways: ['equitable'],
    tickets: [{ name: 'Webinar seat', member: 0, nonmember: 2_500 }],
    sessions: [{ title: 'Writing winning applications', day: 0, from: '14:00', to: '15:30', pdMinutes: 90 }],
  },
  {
    slug: 'finance-officers-training',
    title: 'Training for Finance Officers: Multi-Year Budget Forecasting',
    kind: 'training',
    format: 'in_person',
    audience: 'members',
    zone: 'America/Chicago',
    inDays: 33,
    from: '09:00',
    to: '16:00',
    summary: 'A one-day, members-only training in building a five-year forecast your council will read.',
    description:
      'Finance officers of member governments build a five-year revenue and expenditure forecast from their own figures.\n\nBring a laptop and last year’s audited statements. Lunch is included.',
    venueName: 'Illinois Municipal League Building',
    venueAddress: '500 E Capitol Ave, Springfield, IL 62701',
    capacity: 30,
    pathways: [],
    tickets: [{ name: 'Member seat', member: 7_500, nonmember: 7_500, membersOnly: true }],
    sessions: [
      { title: 'Morning: revenue forecasting', day: 0, from: '09:00', to: '12:00', pdMinutes: 180 },
      { title: 'Afternoon: expenditure scenarios', day: 0, from: '13:00', to: '16:00', pdMinutes: 180 },
    ],
  },
  {
    slug: 'urban-forestry-workshop',
    title: 'Workshop: Urban Forestry on a Small-Town Budget',
    kind: 'workshop',
    format: 'in_person',
    zone: 'America/Los_Angeles',
    inDays: 48,
    from: '10:00',
    to: '15:00',
    summary: 'Plan, plant and keep a canopy growing with a small staff and volunteers.',
    description: 'Arborists and public works directors share how they plan street trees, recruit volunteers and budget for care.',
    venueName: 'Sacramento City Hall, Room 1100',
    venueAddress: '915 I St, Sacramento, CA 95814',
    capacity: 60,
    pathways: ['nature-based'],
    tickets: [{ name: 'General admission', member: 4_000, nonmember: 6_500 }],
    sessions: [{ title: 'Urban forestry workshop', day: 0, from: '10:00', to: '15:00', pdMinutes: 240 }],
  },
  {
    slug: 'zero-waste-workshop',
    title: 'Workshop: Toward Zero Waste Municipal Operations',
    kind: 'workshop',
    format: 'hybrid',
    zone: 'America/Chicago',
    inDays: -40,
    from: '09:30',
    to: '12:30',
    summary: 'How three cities cut the waste of their own buildings and fleets by half.',
    description: 'Case studies and a planning exercise on procurement, reuse and recycling in city operations.',
    venueName: 'Madison Municipal Building',
    venueAddress: '215 Martin Luther King Jr Blvd, Madison, WI 53703',
    joinUrl: 'https://meet.example.org/j/zero-waste',
    pathways: ['circular', 'zero-emission'],
    tickets: [{ name: 'General admission', member: 3_500, nonmember: 5_000 }],
    sessions: [{ title: 'Zero waste operations', day: 0, from: '09:30', to: '12:30', pdMinutes: 180 }],
    completed: true,
  },
];

export async function seedEventsDemo(trx: Transaction<DB>, now = new Date()): Promise<void> {
  const pathways = new Map((await trx.selectFrom('pathways').select(['id', 'slug']).execute()).map((p) => [p.slug, p.id]));
  for (const e of EVENTS) {
    const day0 = DateTime.fromJSDate(now, { zone: e.zone }).startOf('day').plus({ days: e.inDays });
    const at = (day: number, hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      return day0
        .plus({ days: day })
        .set({ hour: h ?? 0, minute: m ?? 0 })
        .toJSDate();
    };
    const startsAt = at(0, e.from);
    const endsAt = at((e.days ?? 1) - 1, e.to);
    const publishedAt = DateTime.fromJSDate(now)
      .minus({ days: e.completed ? 90 : 20 })
      .toJSDate();
    const row = await trx
      .insertInto('events')
      .values({
        slug: e.slug,
        title: e.title,
        kind: e.kind,
        format: e.format,
        status: e.completed ? 'completed' : 'published',
        audience: e.audience ?? 'everyone',
        summary: e.summary,
        description: e.description,
        time_zone: e.zone,
        starts_at: startsAt,
        ends_at: endsAt,
        venue_name: e.venueName ?? '',
        venue_address: e.venueAddress ?? '',
        join_url: e.joinUrl ?? null,
        capacity: e.capacity ?? null,
        published_at: publishedAt,
        completed_at: e.completed ? endsAt : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pathwayIds = e.pathways.flatMap((slug) => pathways.get(slug) ?? []);
    if (pathwayIds.length)
      await trx
        .insertInto('event_pathways')
        .values(pathwayIds.map((pathway_id) => ({ event_id: row.id, pathway_id })))
        .execute();
    await trx
      .insertInto('event_ticket_types')
      .values(
        e.tickets.map((t, i) => ({
          event_id: row.id,
          name: t.name,
          position: i,
          member_cents: t.member,
          nonmember_cents: t.nonmember,
          early_member_cents: t.earlyMember ?? null,
          early_nonmember_cents: t.earlyNonmember ?? null,
          early_until: t.earlyDaysBefore ? DateTime.fromJSDate(startsAt).minus({ days: t.earlyDaysBefore }).toJSDate() : null,
          capacity: t.capacity ?? null,
          members_only: t.membersOnly ?? false,
        })),
      )
      .execute();
    await trx
      .insertInto('event_sessions')
      .values(
        e.sessions.map((s) => ({
          event_id: row.id,
          title: s.title,
          location: s.location ?? '',
          starts_at: at(s.day, s.from),
          ends_at: at(s.day, s.to),
          pd_minutes: s.pdMinutes,
        })),
      )
      .execute();
  }
}
