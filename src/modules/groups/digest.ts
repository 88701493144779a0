// The daily digest and the one-click unsubscribe. The daily job (07:05 in the association's time
// zone) emails each member who chose a digest the posts that became visible in their group the
// day before (the association's day, midnight to midnight there), not their own; each (group,
// member, day) is claimed by inserting its `group_digests_sent` row in the
// transaction that queues the email, so running the job twice sends nothing more. The unsubscribe
// link names one membership and carries HMAC-SHA256 of its id under that membership's own key: it
// needs no session, and all it can do is set that one membership's emails to none.
import type { Deps } from '../../deps.js';
import { safeEqual } from '../../lib/crypto.js';
import { dayIn, startOfDayIn } from '../../lib/today.js';
import { digestEmail } from './emails.js';
import { excerptOf, unsubscribeHeaders, unsubscribeUrl } from './notify.js';
import { type GroupDeps, unsubscribeToken } from './shared.js';

export const GROUP_DIGEST_QUEUE = 'group-digests';
/** daily at 07:05 in the association's time zone */
const GROUP_DIGEST_CRON = '5 7 * * *';
const DAY_MS = 86_400_000;

/** Sends the digests of yesterday, the association's (its day from midnight to midnight in its
 * time zone); how many emails were queued. */
export async function runGroupDigests(deps: GroupDeps & Pick<Deps, 'association'>): Promise<number> {
  const now = deps.clock.now();
  const zone = (await deps.association.timeZone()) || 'UTC';
  const todayThere = dayIn(now, zone);
  const day = new Date(Date.parse(`${todayThere}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const start = startOfDayIn(day, zone);
  const end = startOfDayIn(todayThere, zone);
  const members = await deps.db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.group_id', 'm.user_id', 'm.unsubscribe_key', 'u.email', 'g.slug', 'g.name'])
    .where('m.notify', '=', 'digest')
    .where('m.status', '=', 'active')
    .where('g.status', '=', 'active')
    .where('u.disabled_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('group_digests_sent as d').select('d.day').whereRef('d.group_id', '=', 'm.group_id').whereRef('d.user_id', '=', 'm.user_id').where('d.day', '=', day),
        ),
      ),
    )
    .orderBy('m.id')
    .execute();
  let sent = 0;
  for (const m of members) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const posts = await trx
        .selectFrom('group_posts as p')
        .innerJoin('group_threads as t', 't.id', 'p.thread_id')
        .innerJoin('users as a', 'a.id', 'p.author_id')
        .select(['p.id', 'p.body', 't.id as thread_id', 't.title', 'a.name as author'])
        .where('t.group_id', '=', m.group_id)
        .where('p.status', '=', 'visible')
        .where('p.author_id', '<>', m.user_id)
        .where('p.visible_at', '>=', start)
        .where('p.visible_at', '<', end)
        .orderBy('p.visible_at')
        .limit(50)
        .execute();
      if (posts.length === 0) return false;
      const claimed = await trx
        .insertInto('group_digests_sent')
        .values({ group_id: m.group_id, user_id: m.user_id, day, sent_at: now })
        .onConflict((oc) => oc.columns(['group_id', 'user_id', 'day']).doNothing())
        .returning('day')
        .executeTakeFirst();
      if (!claimed) return false;
      const base = deps.config.publicUrl;
      const unsub = unsubscribeUrl(deps, m);
      await deps.mail.queue(trx, {
        to: m.email,
        template: digestEmail.name,
        data: {
          group: m.name,
          day,
          posts: posts.map((p) => ({ thread: p.title, author: p.author, excerpt: excerptOf(p.body, 200), url: `${base}/groups/${m.slug}/threads/${p.thread_id}#post-${p.id}` })),
          groupUrl: `${base}/groups/${m.slug}`,
          unsubscribeUrl: unsub,
        },
        headers: unsubscribeHeaders(unsub),
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The group a link unsubscribes from, or null when the link is not valid. */
export async function groupOfLink(deps: Pick<GroupDeps, 'db'>, membershipId: string, token: string): Promise<{ id: string; name: string; notify: string } | null> {
  if (!UUID.test(membershipId) || token.length > 100) return null;
  const m = await deps.db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.id', 'm.unsubscribe_key', 'm.notify', 'g.name'])
    .where('m.id', '=', membershipId)
    .executeTakeFirst();
  return m && safeEqual(token, unsubscribeToken(m.unsubscribe_key, m.id)) ? { id: m.id, name: m.name, notify: m.notify } : null;
}

/** Sets the linked membership's emails to none; the group's name, or null when the link is not
 * valid (then nothing changes). Twice is fine. */
export async function unsubscribeByLink(deps: Pick<GroupDeps, 'db'>, membershipId: string, token: string): Promise<string | null> {
  const m = await groupOfLink(deps, membershipId, token);
  if (!m) return null;
  await deps.db.updateTable('group_members').set({ notify: 'none' }).where('id', '=', m.id).execute();
  return m.name;
}

export function registerGroupJobs(deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'jobs' | 'association'>): void {
  deps.jobs.register({ name: GROUP_DIGEST_QUEUE, retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, deadLetter: true }, async () => {
    await runGroupDigests(deps);
  });
}

export async function scheduleGroupJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(GROUP_DIGEST_QUEUE, GROUP_DIGEST_CRON);
}
