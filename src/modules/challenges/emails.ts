// Email templates of the business challenge: the business's contact hears of each decision the
// government makes on an action it marked done (verified, with the points and where the business
// now stands; or not accepted, with the reason and how to send it again).
import { defineTemplate } from '../../lib/email.js';

const points = (n: number) => `${new Intl.NumberFormat('en-US').format(n)} ${n === 1 ? 'point' : 'points'}`;
const ORDINAL: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const ordinalRule = new Intl.PluralRules('en-US', { type: 'ordinal' });
const ordinal = (n: number) => `${n}${ORDINAL[ordinalRule.select(n)] ?? 'th'}`;

export interface ActionVerifiedData {
  business: string;
  government: string;
  challenge: string;
  action: string;
  points: number;
  total: number;
  /** the business's place on the leaderboard (ties share one), of `of` businesses */
  rank: number;
  of: number;
  tied: boolean;
  /** the badge the total reaches ('Bronze'…), and the next one with the points still needed */
  badge: string | null;
  next: { badge: string; at: number; needed: number } | null;
  url: string;
  leaderboardUrl: string;
}

/** The badge reached and the next one: 'Your badge: Silver. Gold is at 200 points: 40 more to go.' */
function badgeLine(d: ActionVerifiedData): string {
  if (!d.next) return `Your badge: ${d.badge ?? 'Gold'}, the highest.`;
  const next = `is at ${points(d.next.at)}: ${new Intl.NumberFormat('en-US').format(d.next.needed)} more to go.`;
  return d.badge ? `Your badge: ${d.badge}. ${d.next.badge} ${next}` : `${d.next.badge}, the first badge, ${next}`;
}

export const actionVerifiedEmail = defineTemplate<ActionVerifiedData>('challenges.action_verified', (d) => ({
  subject: `Verified: “${d.action}” earns ${d.business} ${points(d.points)}`,
  paragraphs: [
    `${d.government} verified “${d.action}” for ${d.business} in ${d.challenge}: it earns ${points(d.points)}.`,
    `${d.business} now has ${points(d.total)} from verified actions, and is ${d.tied ? 'tied ' : ''}${ordinal(d.rank)} of ${d.of} ${d.of === 1 ? 'business' : 'businesses'} on the leaderboard: ${d.leaderboardUrl}`,
    badgeLine(d),
    'Mark more actions done on your business’s page; each counts once it is verified.',
  ],
  action: { label: 'Your business’s page', url: d.url },
}));

export interface ActionRejectedData {
  business: string;
  government: string;
  challenge: string;
  action: string;
  points: number;
  reason: string;
  /** the season's last day ('Oct 31, 2027'), and whether it is already over */
  endsOn: string;
  over: boolean;
  /** after the season: whom to ask (null before it ends, and in emails queued before this was added) */
  ask?: RejectionAsk | null;
  url: string;
}

/** The public ways to ask about a rejection once the season is over. */
export interface RejectionAsk {
  /** the government's website, only when the network lists the government publicly */
  governmentWebsite: string | null;
  associationEmail: string;
  associationPhone: string;
}

/** 'If you think this is a mistake, ask City of X (https://…), or write to the association at …' */
function askLine(d: ActionRejectedData, associationName: string): string {
  const government = d.ask?.governmentWebsite ? `${d.government} (${d.ask.governmentWebsite})` : d.government;
  const email = d.ask?.associationEmail;
  if (!email) return `If you think this is a mistake, contact ${government}.`;
  const phone = d.ask?.associationPhone ? ` or call ${d.ask.associationPhone}` : '';
  return `If you think this is a mistake, ask ${government}, or write to ${associationName}, which runs the network, at ${email}${phone}.`;
}

export const actionRejectedEmail = defineTemplate<ActionRejectedData>('challenges.action_rejected', (d, ctx) => ({
  subject: `Not accepted: “${d.action}” for ${d.business}`,
  paragraphs: [
    `${d.government} did not accept “${d.action}” for ${d.business} in ${d.challenge}, so its ${points(d.points)} do not count yet.`,
    `Their reason: ${d.reason}`,
    d.over
      ? `The season ended on ${d.endsOn}, so the action can no longer be sent again. ${askLine(d, ctx.associationName)}`
      : `To send it again, open the action on your business’s page, put right what the reason says (change what you wrote, or attach a new photo or PDF) and choose “Send again”. It then waits for ${d.government} to verify it again. You can send it until ${d.endsOn}, the season’s last day.`,
  ],
  action: { label: d.over ? 'Your business’s page' : 'Send it again', url: d.url },
}));
