// Demo data of newsletters: two lists — "Network news" (public) and "Policy updates" (members
// only) — a past issue of Network news in the public archive, a draft of the next one, and two
// confirmed subscribers. Dates are relative to `now`; no message is queued.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { randomToken } from '../../lib/crypto.js';

const PAST_ISSUE = `Welcome to the first issue of **Network news**, the monthly round-up of what members are doing.

## This month

- King County’s heat pump rebates reached 1,200 households in eighteen months.
- Hennepin County planted 900 trees where summer heat is worst.
- Registration is open for the annual conference.

Read the full stories on [our news pages](/news).`;

const NEXT_ISSUE = `## Coming up

The call for conference sessions closes at the end of the month. Tell us what your organization learned this year.`;

export async function seedNewslettersDemo(trx: Transaction<DB>, now: Date, authorId: string | null): Promise<void> {
  const day = 86_400_000;
  const [news, policy] = await trx
    .insertInto('newsletter_lists')
    .values([
      {
        slug: 'network-news',
        name: 'Network news',
        description: 'A monthly round-up of members’ work, events and resources.',
        audience: 'public',
        created_at: new Date(now.getTime() - 60 * day),
      },
      {
        slug: 'policy-updates',
        name: 'Policy updates',
        description: 'Federal and state policy that affects local governments, for members.',
        audience: 'members',
        created_at: new Date(now.getTime() - 60 * day),
      },
    ])
    .returning('id')
    .execute();
  if (!news || !policy) return;
  const sentAt = new Date(now.getTime() - 14 * day);
  await trx
    .insertInto('newsletter_campaigns')
    .values([
      {
        list_id: news.id,
        subject: 'Network news: heat pumps, street trees and the conference',
        body: PAST_ISSUE,
        segment: '{}',
        state: 'sent',
        send_at: sentAt,
        started_at: sentAt,
        finished_at: sentAt,
        created_by: authorId,
        created_at: sentAt,
        updated_at: sentAt,
      },
      { list_id: news.id, subject: 'Network news: the call for sessions', body: NEXT_ISSUE, segment: '{}', state: 'draft', created_by: authorId, created_at: now, updated_at: now },
    ])
    .execute();
  const subscribers = await trx
    .insertInto('newsletter_subscribers')
    .values(['reader@example.net', 'clerk@example.net'].map((email) => ({ email, link_key: randomToken(32), created_at: sentAt })))
    .returning('id')
    .execute();
  await trx
    .insertInto('newsletter_subscriptions')
    .values(subscribers.map((s) => ({ subscriber_id: s.id, list_id: news.id, status: 'subscribed' as const, requested_at: sentAt, confirmed_at: sentAt })))
    .execute();
}
