// The words and pure rules of the business challenge, shared by its services and pages: the
// season, badges at thresholds, and the leaderboard's ranking.
import type { Transaction } from 'kysely';
import type { ChallengeCompletionStatus, DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';

export type { ChallengeCompletionStatus };
export type Trx = Transaction<DB>;
export type ChallengeDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'association' | 'mail'>;
export interface Actor {
  userId: string | null;
  requestId?: string | null;
}

/** Governments that may run a challenge (with a current membership): a city, town or county. */
export const RUNS_CHALLENGES: readonly string[] = ['city', 'town', 'county'];

export const notFound = () => new AppError('not_found', { message: 'There is no such challenge.' });

export const STATUS_LABELS: Record<ChallengeCompletionStatus, string> = {
  submitted: 'Waiting for verification',
  verified: 'Verified',
  rejected: 'Not accepted',
};

export type Badge = 'gold' | 'silver' | 'bronze';
export const BADGE_LABELS: Record<Badge, string> = { gold: 'Gold', silver: 'Silver', bronze: 'Bronze' };

export interface Thresholds {
  bronze: number;
  silver: number;
  gold: number;
}

/** The highest badge whose threshold the points reach, or null. */
export function badgeFor(points: number, t: Thresholds): Badge | null {
  if (points >= t.gold) return 'gold';
  if (points >= t.silver) return 'silver';
  if (points >= t.bronze) return 'bronze';
  return null;
}

/** The season's state on a UTC day: not started, running (start and end days included), or over. */
export function seasonOn(day: string, c: { starts_on: string; ends_on: string }): 'upcoming' | 'running' | 'over' {
  if (day < c.starts_on) return 'upcoming';
  if (day > c.ends_on) return 'over';
  return 'running';
}

/** Why nothing can be done outside the season, in the product's day format ('Oct 6, 2026'). */
export function seasonClosed(c: { title: string; starts_on: string; ends_on: string }, state: 'upcoming' | 'over'): string {
  return state === 'upcoming'
    ? `${c.title} has not started yet: it runs from ${formatDay(c.starts_on)} to ${formatDay(c.ends_on)}.`
    : `${c.title} is over: it ran from ${formatDay(c.starts_on)} to ${formatDay(c.ends_on)}.`;
}

/**
 * Standard competition ranking ("1224"): a business's rank is one more than the number of
 * businesses with strictly more points, so tied businesses share a rank and the next rank skips
 * as many places as there were ties. Rows come back ordered by points (most first), then name.
 */
export function rankByPoints<T extends { points: number; name: string }>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'en'));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || (sorted[i - 1] as T).points !== r.points) rank = i + 1;
    return { ...r, rank };
  });
}
