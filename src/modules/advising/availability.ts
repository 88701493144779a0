// An advisor's own weekly availability (windows on a weekday, in local minutes of the advisor's
// time zone) and exceptions (a local date away, all day or for part of it). Every change is
// audited; an advisor only ever touches their own rows (another's id is a 404).
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError } from '../../lib/errors.js';
import type { Executor } from './service.js';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
export const toMinute = (hhmm: string) => {
  const m = TIME.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};
export const fromMinute = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const timeField = (label: string) => z.string().trim().regex(TIME, `Enter the ${label} as hours and minutes, like 09:00 or 13:30.`);

export const windowInput = z
  .object({
    weekday: z.coerce.number({ error: 'Choose a day of the week.' }).int().min(1, 'Choose a day of the week.').max(7, 'Choose a day of the week.'),
    start: timeField('start time'),
    end: z
      .string()
      .trim()
      .regex(/^(([01]?\d|2[0-3]):([0-5]\d)|24:00)$/, 'Enter the end time as hours and minutes, like 12:00 or 17:30.'),
  })
  .strict();

export const exceptionInput = z
  .object({
    date: z.iso.date('Enter the date as year-month-day, like 2026-12-24.'),
    from: z.union([z.literal(''), timeField('start time')]).default(''),
    until: z.union([z.literal(''), timeField('end time')]).default(''),
    note: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  })
  .strict();

export interface AvailabilityWindow {
  id: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface AvailabilityException {
  id: string;
  onDate: string;
  startMinute: number | null;
  endMinute: number | null;
  note: string;
}

export async function listAvailability(db: Executor, advisorUserId: string): Promise<{ windows: AvailabilityWindow[]; exceptions: AvailabilityException[] }> {
  const [windows, exceptions] = await Promise.all([
    db
      .selectFrom('advisor_availability')
      .select(['id', 'weekday', 'start_minute', 'end_minute'])
      .where('advisor_user_id', '=', advisorUserId)
      .orderBy('weekday')
      .orderBy('start_minute')
      .execute(),
    db
      .selectFrom('advisor_exceptions')
      .select(['id', 'on_date', 'start_minute', 'end_minute', 'note'])
      .where('advisor_user_id', '=', advisorUserId)
      .orderBy('on_date')
      .orderBy('start_minute')
      .execute(),
  ]);
  return {
    windows: windows.map((w) => ({ id: w.id, weekday: w.weekday, startMinute: w.start_minute, endMinute: w.end_minute })),
    exceptions: exceptions.map((e) => ({ id: e.id, onDate: e.on_date, startMinute: e.start_minute, endMinute: e.end_minute, note: e.note })),
  };
}

type D = Pick<Deps, 'db' | 'clock'>;
interface Actor {
  advisorUserId: string;
  requestId?: string;
}

export async function addAvailabilityWindow(deps: D, input: Actor & z.output<typeof windowInput>): Promise<void> {
  const start = toMinute(input.start);
  const end = input.end === '24:00' ? 1440 : toMinute(input.end);
  if (end <= start) throw new AppError('validation_failed', { fields: { end: 'The end time must be after the start time.' } });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('advisor_availability')
      .select(['start_minute', 'end_minute'])
      .where('advisor_user_id', '=', input.advisorUserId)
      .where('weekday', '=', input.weekday)
      .where('start_minute', '<', end)
      .where('end_minute', '>', start)
      .executeTakeFirst();
    if (clash) {
      throw new AppError('validation_failed', {
        fields: { start: `This overlaps your window from ${fromMinute(clash.start_minute)} to ${fromMinute(clash.end_minute)} on ${WEEKDAYS[input.weekday - 1]}.` },
      });
    }
    const row = await trx
      .insertInto('advisor_availability')
      .values({ advisor_user_id: input.advisorUserId, weekday: input.weekday, start_minute: start, end_minute: end })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.advisorUserId,
      action: 'advising.availability_added',
      entityType: 'advisor_availability',
      entityId: row.id,
      after: { weekday: input.weekday, start: input.start, end: input.end },
      requestId: input.requestId,
    });
  });
}

export async function addAvailabilityException(deps: D, input: Actor & z.output<typeof exceptionInput>): Promise<void> {
  if ((input.from === '') !== (input.until === '')) {
    throw new AppError('validation_failed', {
      fields:
        input.from === '' ? { from: 'Give a start time too, or leave both empty for the whole day.' } : { until: 'Give an end time too, or leave both empty for the whole day.' },
    });
  }
  const start = input.from === '' ? null : toMinute(input.from);
  const end = input.until === '' ? null : toMinute(input.until);
  if (start !== null && end !== null && end <= start) throw new AppError('validation_failed', { fields: { until: 'The end time must be after the start time.' } });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('advisor_exceptions')
      .values({ advisor_user_id: input.advisorUserId, on_date: input.date, start_minute: start, end_minute: end, note: input.note })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: input.advisorUserId,
      action: 'advising.exception_added',
      entityType: 'advisor_exception',
      entityId: row.id,
      after: { date: input.date, from: input.from || null, until: input.until || null },
      requestId: input.requestId,
    });
  });
}

/** Removes one of the advisor's own windows or exceptions; anyone else's id is a 404. */
export async function removeAvailability(deps: D, input: Actor & { kind: 'window' | 'exception'; id: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const table = input.kind === 'window' ? 'advisor_availability' : 'advisor_exceptions';
    const removed = await trx.deleteFrom(table).where('id', '=', input.id).where('advisor_user_id', '=', input.advisorUserId).returning('id').executeTakeFirst();
    if (!removed) throw new AppError('not_found', { message: 'There is no such entry in your availability.' });
    await writeAudit(trx, {
      at: now,
      actorUserId: input.advisorUserId,
      action: input.kind === 'window' ? 'advising.availability_removed' : 'advising.exception_removed',
      entityType: input.kind === 'window' ? 'advisor_availability' : 'advisor_exception',
      entityId: input.id,
      requestId: input.requestId,
    });
  });
}
