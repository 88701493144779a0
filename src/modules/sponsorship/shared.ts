// The words and labels of sponsorship, shared by its services and pages.
import type { Transaction } from 'kysely';
import type { DB, SponsorshipApplicationStatus, SponsorshipTier } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../lib/errors.js';

export type { SponsorshipApplicationStatus, SponsorshipTier };
export type Trx = Transaction<DB>;
export type SponsorshipDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association'>;
export interface Actor {
  userId: string | null;
  requestId?: string | null;
}

/** The tiers, highest first: the order of every list of packages and sponsors. */
export const TIERS = ['platinum', 'gold', 'silver', 'bronze'] as const satisfies readonly SponsorshipTier[];
export const TIER_LABELS: Record<SponsorshipTier, string> = { platinum: 'Platinum', gold: 'Gold', silver: 'Silver', bronze: 'Bronze' };
export const tierRank = (t: SponsorshipTier) => TIERS.indexOf(t);

export const STATUS_LABELS: Record<SponsorshipApplicationStatus, string> = {
  unconfirmed: 'Email not confirmed',
  pending: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
};

/** The benefits, one a line (as staff type them). */
export const benefitLines = (benefits: string) =>
  benefits
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export const packageNotFound = () => new AppError('not_found', { message: 'There is no such sponsorship package.' });
export const applicationNotFound = () => new AppError('not_found', { message: 'There is no such sponsorship application.' });
export const soldOut = () =>
  new AppError('sponsorship.sold_out', { status: 409, message: 'This package is sold out: every place is taken. Decline the application, or offer the company another package.' });
