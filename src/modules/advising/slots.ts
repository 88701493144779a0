// Meeting slots: the advisor's weekly availability, laid out in the advisor's own time zone
// (so 09:00 stays 09:00 across a daylight-saving change and the UTC instant moves), minus
// exceptions, federal holidays and meetings already booked, from a lead time ahead to the end of
// the horizon.
// `computeSlots` is pure; `openSlots` loads what it needs.

import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import type { DB } from '../../db/types.js';
import { isFederalHoliday } from '../../lib/holidays.js';

type Executor = Db | Transaction<DB>;

/** Slots start no sooner than this after now, so the advisor has time to prepare. */
export const LEAD_HOURS = 24;
/** A time offered on a page stays bookable this long after it falls inside the lead time, so a
 * person who chose it just before the boundary is not told it was taken. */
export const BOOKING_GRACE_HOURS = 1;
/** Slots are offered this far ahead. */
export const HORIZON_DAYS = 21;

export interface Window {
  /** 1 Monday … 7 Sunday */
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface Exception {
  /** the advisor's local date, 'YYYY-MM-DD' */
  onDate: string;
  /** null: away all day */
  startMinute: number | null;
  endMinute: number | null;
}

export interface Slot {
  start: Date;
  end: Date;
}

export interface SlotInput {
  zone: string;
  meetingMinutes: number;
  windows: Window[];
  exceptions: Exception[];
  /** intervals already taken (booked meetings) */
  busy: Array<{ start: Date; end: Date }>;
  now: Date;
  leadHours?: number;
  horizonDays?: number;
}

const overlaps = (a: { start: Date; end: Date }, b: { start: Date; end: Date }) => a.start < b.end && b.start < a.end;

export function computeSlots(input: SlotInput): Slot[] {
  const earliest = input.now.getTime() + (input.leadHours ?? LEAD_HOURS) * 3_600_000;
  const latest = input.now.getTime() + (input.horizonDays ?? HORIZON_DAYS) * 86_400_000;
  const len = input.meetingMinutes;
  const slots: Slot[] = [];
  let day = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf('day');
  const lastDay = DateTime.fromMillis(latest, { zone: input.zone }).startOf('day');
  while (day <= lastDay) {
    const date = day.toISODate() ?? '';
    const away = input.exceptions.filter((e) => e.onDate === date);
    // a federal holiday (as observed) is a day off, as it is at the governments being advised
    if (!away.some((e) => e.startMinute === null) && !isFederalHoliday(date)) {
      const windows = input.windows.filter((w) => w.weekday === day.weekday).sort((a, b) => a.startMinute - b.startMinute);
      for (const w of windows) {
        for (let m = w.startMinute; m + len <= w.endMinute; m += len) {
          if (away.some((e) => e.startMinute !== null && e.endMinute !== null && m < e.endMinute && e.startMinute < m + len)) continue;
          // Local wall-clock time in the advisor's zone; luxon moves a time that does not exist
          // (the spring-forward hour) forward, which is what a person would expect.
          const local = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
          const start = local.toJSDate();
          const end = new Date(start.getTime() + len * 60_000);
          if (start.getTime() < earliest || start.getTime() > latest) continue;
          const slot = { start, end };
          if (input.busy.some((b) => overlaps(b, slot))) continue;
          if (slots.some((s) => s.start.getTime() === start.getTime())) continue;
          slots.push(slot);
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

export interface AdvisorSchedule {
  zone: string;
  meetingMinutes: number;
  windows: Window[];
  exceptions: Exception[];
}

/** The advisor's profile, availability and exceptions; null when there is no active profile. */
export async function loadSchedule(db: Executor, advisorUserId: string): Promise<AdvisorSchedule | null> {
  const profile = await db.selectFrom('advisor_profiles').select(['time_zone', 'meeting_minutes', 'active']).where('user_id', '=', advisorUserId).executeTakeFirst();
  if (!profile?.active) return null;
  const [windows, exceptions] = await Promise.all([
    db.selectFrom('advisor_availability').select(['weekday', 'start_minute', 'end_minute']).where('advisor_user_id', '=', advisorUserId).execute(),
    db.selectFrom('advisor_exceptions').select(['on_date', 'start_minute', 'end_minute']).where('advisor_user_id', '=', advisorUserId).execute(),
  ]);
  return {
    zone: profile.time_zone,
    meetingMinutes: profile.meeting_minutes,
    windows: windows.map((w) => ({ weekday: w.weekday, startMinute: w.start_minute, endMinute: w.end_minute })),
    exceptions: exceptions.map((e) => ({ onDate: e.on_date, startMinute: e.start_minute, endMinute: e.end_minute })),
  };
}

/** Open slots of an advisor from now; `ignoreMeetingId` frees the slot of a meeting being moved. */
export async function openSlots(db: Executor, advisorUserId: string, now: Date, opts: { ignoreMeetingId?: string; leadHours?: number } = {}): Promise<Slot[]> {
  const schedule = await loadSchedule(db, advisorUserId);
  if (!schedule) return [];
  let q = db.selectFrom('meetings').select(['starts_at', 'ends_at']).where('advisor_user_id', '=', advisorUserId).where('status', '=', 'booked').where('ends_at', '>', now);
  if (opts.ignoreMeetingId) q = q.where('id', '<>', opts.ignoreMeetingId);
  const busy = (await q.execute()).map((m) => ({ start: m.starts_at, end: m.ends_at }));
  return computeSlots({ ...schedule, busy, now, leadHours: opts.leadHours });
}

/** Slots grouped by the local date of `zone` (the viewer's), in order. */
export function groupByDay(slots: Slot[], zone: string): Array<{ date: string; label: string; slots: Array<Slot & { label: string; value: string }> }> {
  const days = new Map<string, { date: string; label: string; slots: Array<Slot & { label: string; value: string }> }>();
  for (const s of slots) {
    const local = DateTime.fromJSDate(s.start, { zone });
    const date = local.toISODate() ?? '';
    let day = days.get(date);
    if (!day) {
      day = { date, label: local.toFormat('cccc, LLLL d, yyyy'), slots: [] };
      days.set(date, day);
    }
    day.slots.push({ ...s, label: `${local.toFormat('h:mm a')} to ${DateTime.fromJSDate(s.end, { zone }).toFormat('h:mm a ZZZZ')}`, value: s.start.toISOString() });
  }
  return [...days.values()];
}

/** "Monday, November 2, 2026, 9:00 AM to 9:45 AM CST" in the given zone. */
export { formatRange } from '../../lib/format.js';

/** A valid IANA zone name, by luxon's (Intl's) list. */
export const isTimeZone = (zone: string) => zone.length <= 64 && DateTime.now().setZone(zone).isValid;
