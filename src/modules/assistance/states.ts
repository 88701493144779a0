// The life of a request: which side may move it from which status to which. Pure; the service
// applies a move with `UPDATE … WHERE status = <from>` so that a race loses cleanly.
import type { AssistanceStatus } from '../../db/types.js';

export type Side = 'member' | 'staff';

export const STATUS_LABELS: Record<AssistanceStatus, string> = {
  open: 'Open: waiting for the advisor',
  in_progress: 'In progress',
  waiting_on_member: 'Waiting on you',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The same statuses as staff read them. */
export const STAFF_STATUS_LABELS: Record<AssistanceStatus, string> = { ...STATUS_LABELS, open: 'Open', waiting_on_member: 'Waiting on member' };

/** Allowed moves and who may make them. A member reply while waiting moves it back to in progress. */
export const TRANSITIONS: Record<AssistanceStatus, Partial<Record<AssistanceStatus, readonly Side[]>>> = {
  open: { in_progress: ['staff'], waiting_on_member: ['staff'], resolved: ['staff'], closed: ['staff'] },
  in_progress: { waiting_on_member: ['staff'], resolved: ['staff'] },
  waiting_on_member: { in_progress: ['staff', 'member'], resolved: ['staff'] },
  // The member confirms (closes) or reopens a resolved request; staff may do the same.
  resolved: { closed: ['member', 'staff'], in_progress: ['member', 'staff'] },
  closed: {},
};

export function canMove(from: AssistanceStatus, to: AssistanceStatus, side: Side): boolean {
  return TRANSITIONS[from][to]?.includes(side) ?? false;
}

export function nextStatuses(from: AssistanceStatus, side: Side): AssistanceStatus[] {
  return (Object.keys(TRANSITIONS[from]) as AssistanceStatus[]).filter((to) => canMove(from, to, side));
}

export const AGE_BUCKETS = [
  { key: '0-7', label: '0–7 days', min: 0, max: 7 },
  { key: '8-30', label: '8–30 days', min: 8, max: 30 },
  { key: '31+', label: '31 days or more', min: 31, max: null },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

export const DAY_MS = 86_400_000;

/** Whole days a request has been open: until it closed, or until now. */
export function daysOpen(createdAt: Date, closedAt: Date | null, now: Date): number {
  return Math.max(0, Math.floor(((closedAt ?? now).getTime() - createdAt.getTime()) / DAY_MS));
}

export function bucketOf(days: number): (typeof AGE_BUCKETS)[number] {
  return AGE_BUCKETS.find((b) => days >= b.min && (b.max === null || days <= b.max)) ?? AGE_BUCKETS[2];
}
