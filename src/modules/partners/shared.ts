// The words, labels and lifecycle of partners, shared by its services and pages.
import type { Transaction } from 'kysely';
import type { DB, PartnerKind, PartnerStatus } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';

export type { PartnerKind, PartnerStatus };
export type Trx = Transaction<DB>;
export type PartnerDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'> & { summaries?: Deps['summaries'] };
export interface Actor {
  userId: string | null;
  requestId?: string | null;
}

export const KINDS = ['alliance', 'partnership', 'branch', 'chapter'] as const satisfies readonly PartnerKind[];
export const STATUSES = ['inquiry', 'discussion', 'drafted', 'active', 'renewal_due', 'ended'] as const satisfies readonly PartnerStatus[];

export const KIND_LABELS: Record<PartnerKind, string> = {
  alliance: 'Strategic alliance',
  partnership: 'Partnership',
  branch: 'Branch',
  chapter: 'Chapter',
};
export const KIND_HINTS: Record<PartnerKind, string> = {
  alliance: 'a broad, ongoing agreement of mutual collaboration',
  partnership: 'short-term and project-based, often funded by a grant',
  branch: 'a semi-autonomous office run by staff',
  chapter: 'a semi-autonomous group of professionals, generally in one area',
};
export const STATUS_LABELS: Record<PartnerStatus, string> = {
  inquiry: 'Inquiry',
  discussion: 'In discussion',
  drafted: 'Agreement drafted',
  active: 'Active',
  renewal_due: 'Renewal due',
  ended: 'Ended',
};

/** The lifecycle: each status and the ones it may move to. Anything else is refused (409). */
export const TRANSITIONS: Record<PartnerStatus, readonly PartnerStatus[]> = {
  inquiry: ['discussion', 'ended'],
  discussion: ['drafted', 'ended'],
  drafted: ['active', 'discussion', 'ended'],
  active: ['renewal_due', 'ended'],
  renewal_due: ['active', 'ended'],
  ended: [],
};
export const canMove = (from: PartnerStatus, to: PartnerStatus) => TRANSITIONS[from].includes(to);

/** Listed publicly (if not opted out): the agreement runs (active, or active with its renewal due). */
export const PUBLIC_STATUSES: PartnerStatus[] = ['active', 'renewal_due'];
/** Kinds placed on the network map as affiliates. */
export const AFFILIATE_KINDS: PartnerKind[] = ['chapter', 'branch'];

/** Days before the agreement's end when its renewal falls due (the daily job moves it). */
export const RENEWAL_LEAD_DAYS = 60;
/** Days before a deliverable's due date when staff are reminded of it. */
export const DELIVERABLE_LEAD_DAYS = 14;

/** The columns the staff list sorts by ('since': when the status last changed, newest first by default). */
export const LIST_SORTS = ['name', 'status', 'since', 'agreement_end'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
/** Relationships per page of the staff list. */
export const LIST_PAGE_SIZE = 50;

/** The banner's title for a refusal that is not a repeat (a repeat's own is "Already done"). */
export const REFUSED = 'That could not be done';

export const notFound = () => new AppError('not_found', { message: 'There is no such relationship.' });

export function isKind(v: string): v is PartnerKind {
  return (KINDS as readonly string[]).includes(v);
}
export function isStatus(v: string): v is PartnerStatus {
  return (STATUSES as readonly string[]).includes(v);
}

/** "Springfield, IL", "IL", or "" */
export const regionOf = (r: { city: string; state: string | null }) => [r.city, r.state].filter(Boolean).join(', ');
