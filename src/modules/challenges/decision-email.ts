// The email that tells a business's contact of the government's decision on an action it marked
// done, queued in the decision's transaction (so it is sent only if the decision holds): verified,
// with the points, the business's new total, its place on the leaderboard and its badge; not
// accepted, with the reason and how (and until when) to send it again.
import { formatDay } from '../../lib/format.js';
import { today as todayIn } from '../../lib/today.js';
import { actionRejectedEmail, actionVerifiedEmail, type RejectionAsk } from './emails.js';
import { type Challenge, leaderboard, thresholdsOf } from './queries.js';
import { BADGE_LABELS, type Badge, type ChallengeDeps, seasonOn, type Trx } from './shared.js';

/** The next badge above these points, with the points still needed, or null past Gold. */
function nextBadge(total: number, c: Challenge): { badge: string; at: number; needed: number } | null {
  const t = thresholdsOf(c);
  const order: Badge[] = ['bronze', 'silver', 'gold'];
  const next = order.find((b) => total < t[b]);
  return next ? { badge: BADGE_LABELS[next], at: t[next], needed: t[next] - total } : null;
}

export async function emailDecision(
  trx: Trx,
  deps: ChallengeDeps,
  c: Challenge,
  k: { businessId: string; business: string; contactUserId: string; actionId: string; action: string; points: number },
  decision: 'verify' | 'reject',
  reason: string,
): Promise<void> {
  const contact = await trx.selectFrom('users').select('email').where('id', '=', k.contactUserId).executeTakeFirst();
  if (!contact) return;
  const base = deps.config.publicUrl;
  const page = `${base}/challenges/${c.slug}/business`;
  const common = { business: k.business, government: c.government, challenge: c.title, action: k.action, points: k.points };
  if (decision === 'verify') {
    // the decision is already written in this transaction: the board counts it
    const board = await leaderboard(trx, c);
    const me = board.find((r) => r.businessId === k.businessId);
    const total = me?.points ?? k.points;
    await deps.mail.queue(trx, {
      to: contact.email,
      template: actionVerifiedEmail.name,
      data: {
        ...common,
        total,
        rank: me?.rank ?? 1,
        of: board.length,
        tied: board.some((r) => r.businessId !== k.businessId && r.points === total),
        badge: me?.badge ? BADGE_LABELS[me.badge] : null,
        next: nextBadge(total, c),
        url: page,
        leaderboardUrl: `${base}/challenges/${c.slug}`,
      },
    });
    return;
  }
  const over = seasonOn(await todayIn(deps), c) === 'over';
  await deps.mail.queue(trx, {
    to: contact.email,
    template: actionRejectedEmail.name,
    data: { ...common, reason, endsOn: formatDay(c.ends_on), over, ask: over ? await whomToAsk(trx, c) : null, url: over ? page : `${page}#action-${k.actionId}` },
  });
}

/** Whom a business asks once the season is over: the government's website when the network lists
 * it publicly (nothing else of the government is public), and the association's public address
 * and phone (settings' `association`, read-only). */
async function whomToAsk(trx: Trx, c: Challenge): Promise<RejectionAsk> {
  const [org, association] = await Promise.all([
    trx.selectFrom('organizations').select(['website', 'listed']).where('id', '=', c.organization_id).executeTakeFirst(),
    trx.selectFrom('association').select(['contact_email', 'phone']).where('id', '=', 1).executeTakeFirst(),
  ]);
  return {
    governmentWebsite: org?.listed && org.website ? org.website : null,
    associationEmail: association?.contact_email ?? '',
    associationPhone: association?.phone ?? '',
  };
}
