// What the files of newsletters share: their dependencies, the words of segments and states, and
// the signed links of a subscriber (preferences, one-click unsubscribe) — each an HMAC-SHA256 of
// the subscriber's id by a random key of their own, kept in their row and never sent.
import { createHmac } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { safeEqual } from '../../lib/crypto.js';

export type NewsletterDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'jobs' | 'config' | 'association'>;
export interface Actor {
  userId: string | null;
  requestId?: string | null;
}

/** How long a confirmation link works. */
export const CONFIRM_HOURS = 48;

export const AUDIENCE_LABELS = { public: 'Anyone (public sign-up)', members: 'Members only' } as const;
export const CAMPAIGN_STATE_LABELS = { draft: 'Draft', scheduled: 'Scheduled', sending: 'Sending', sent: 'Sent' } as const;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const sign = (key: string, what: string) => createHmac('sha256', key).update(`newsletters:${what}`).digest('base64url');

/** The token of a subscriber's preferences page. */
export const preferencesToken = (key: string, subscriberId: string) => sign(key, `preferences:${subscriberId}`);
/** The token of a one-click unsubscribe from one list (and the campaign it came with, or ''). */
export const unsubscribeToken = (key: string, subscriberId: string, listId: string, campaignId: string) => sign(key, `unsubscribe:${subscriberId}:${listId}:${campaignId}`);

export const tokenMatches = (given: string, expected: string) => given.length > 0 && given.length <= 100 && safeEqual(given, expected);

export interface LinkSubscriber {
  id: string;
  link_key: string;
}

/** The absolute links a message carries for its subscriber. */
export function subscriberLinks(publicUrl: string, s: LinkSubscriber, listId: string, campaignId: string) {
  const base = publicUrl.replace(/\/$/, '');
  const c = campaignId ? `&c=${campaignId}` : '';
  return {
    preferences: `${base}/newsletters/preferences/${s.id}?t=${preferencesToken(s.link_key, s.id)}`,
    unsubscribe: `${base}/newsletters/unsubscribe/${s.id}/${listId}?t=${unsubscribeToken(s.link_key, s.id, listId, campaignId)}${c}`,
  };
}
