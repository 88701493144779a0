// Email templates of groups: a new post (for members who chose every post), a mention, a reply to
// one's own thread, and the daily digest. Each carries its group's one-click unsubscribe link (and
// the List-Unsubscribe headers, set by notify.ts); none is sent to anyone outside the group.
import { defineTemplate } from '../../lib/email.js';

interface PostMail {
  group: string;
  thread: string;
  author: string;
  excerpt: string;
  url: string;
  unsubscribeUrl: string;
}

const footer = (d: { group: string; unsubscribeUrl: string }) =>
  `You get this email as a member of “${d.group}”. To stop emails from this group, unsubscribe in one click: ${d.unsubscribeUrl}`;

export const newPostEmail = defineTemplate<PostMail>('groups.new_post', (d) => ({
  subject: `[${d.group}] ${d.thread}`,
  paragraphs: [`${d.author} wrote in “${d.thread}”:`, d.excerpt, footer(d)],
  action: { label: 'Read and reply', url: d.url },
}));

export const mentionEmail = defineTemplate<PostMail>('groups.mention', (d) => ({
  subject: `${d.author} mentioned you in “${d.thread}”`,
  paragraphs: [`${d.author} mentioned you in “${d.thread}” in ${d.group}:`, d.excerpt, footer(d)],
  action: { label: 'Read and reply', url: d.url },
}));

export const replyEmail = defineTemplate<PostMail>('groups.reply', (d) => ({
  subject: `${d.author} replied to “${d.thread}”`,
  paragraphs: [`${d.author} replied to your thread “${d.thread}” in ${d.group}:`, d.excerpt, footer(d)],
  action: { label: 'Read and reply', url: d.url },
}));

export const digestEmail = defineTemplate<{
  group: string;
  day: string;
  posts: Array<{ thread: string; author: string; excerpt: string; url: string }>;
  groupUrl: string;
  unsubscribeUrl: string;
}>('groups.digest', (d) => ({
  subject: `[${d.group}] ${d.posts.length === 1 ? '1 new post' : `${d.posts.length} new posts`} on ${d.day}`,
  paragraphs: [`New in ${d.group} on ${d.day}:`, ...d.posts.map((p) => `${p.author} in “${p.thread}”: ${p.excerpt} — ${p.url}`), footer(d)],
  action: { label: 'Open the group', url: d.groupUrl },
}));
