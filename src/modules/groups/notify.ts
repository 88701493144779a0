// Who hears of a post once it is visible: a member @mentioned in it, the author of the thread it
// replies to, and members who chose an email for every post — one email each, only active members
// of the post's group, never someone who chose no emails. Every message carries the RFC 8058
// one-click unsubscribe headers for that group.
import { markdownText } from '../publishing/index.js';
import { mentionEmail, newPostEmail, replyEmail } from './emails.js';
import { type GroupDeps, handleOf, mentionsIn, type Trx, unsubscribeToken } from './shared.js';

export const excerptOf = (body: string, max = 400) => {
  const text = markdownText(body).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

export function unsubscribeUrl(deps: Pick<GroupDeps, 'config'>, m: { id: string; unsubscribe_key: string }) {
  return `${deps.config.publicUrl}/groups/unsubscribe?m=${m.id}&token=${unsubscribeToken(m.unsubscribe_key, m.id)}`;
}

export const unsubscribeHeaders = (url: string) => ({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });

/** Queues the emails of a post that just became visible, in the caller's transaction. */
export async function notifyPost(trx: Trx, deps: GroupDeps, postId: string, reply?: boolean): Promise<number> {
  const post = await trx
    .selectFrom('group_posts as p')
    .innerJoin('group_threads as t', 't.id', 'p.thread_id')
    .innerJoin('groups as g', 'g.id', 't.group_id')
    .innerJoin('users as a', 'a.id', 'p.author_id')
    .select([
      'p.id',
      'p.body',
      'p.author_id',
      'p.status',
      't.id as thread_id',
      't.title',
      't.author_id as thread_author_id',
      'g.id as group_id',
      'g.slug',
      'g.name as group_name',
      'g.status as group_status',
      'a.name as author',
    ])
    .where('p.id', '=', postId)
    .executeTakeFirst();
  if (post?.status !== 'visible' || post.group_status !== 'active') return 0;
  // whether it replies (known to the caller that posted it; else: not the thread's first post)
  const opening =
    reply === undefined
      ? await trx.selectFrom('group_posts').select('id').where('thread_id', '=', post.thread_id).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()
      : undefined;
  const isReply = reply ?? opening?.id !== post.id;
  const members = await trx
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'm.notify', 'm.unsubscribe_key', 'u.email', 'u.name'])
    .where('m.group_id', '=', post.group_id)
    .where('m.status', '=', 'active')
    .where('m.user_id', '<>', post.author_id)
    .where('m.notify', '<>', 'none')
    .where('u.disabled_at', 'is', null)
    .execute();
  const mentioned = mentionsIn(post.body);
  const url = `${deps.config.publicUrl}/groups/${post.slug}/threads/${post.thread_id}#post-${post.id}`;
  const excerpt = excerptOf(post.body);
  let queued = 0;
  for (const m of members) {
    const template = mentioned.has(handleOf(m.name).toLowerCase())
      ? mentionEmail
      : isReply && m.user_id === post.thread_author_id
        ? replyEmail
        : m.notify === 'every'
          ? newPostEmail
          : null;
    if (!template) continue;
    const unsub = unsubscribeUrl(deps, m);
    await deps.mail.queue(trx, {
      to: m.email,
      template: template.name,
      data: { group: post.group_name, thread: post.title, author: post.author, excerpt, url, unsubscribeUrl: unsub },
      headers: unsubscribeHeaders(unsub),
    });
    queued++;
  }
  return queued;
}
