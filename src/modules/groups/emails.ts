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

// ---- decisions about a person, told to them (tell.ts queues these in the decision's transaction)

export const joinApprovedEmail = defineTemplate<{ group: string; url: string }>('groups.join_approved', (d) => ({
  subject: `You are in “${d.group}”`,
  paragraphs: [
    `A moderator approved your request to join “${d.group}”. You can read its threads, start one and reply.`,
    'You get an email for every post; on the group’s page you can choose a daily digest or no emails instead.',
  ],
  action: { label: 'Open the group', url: d.url },
}));

export const joinDeclinedEmail = defineTemplate<{ group: string; reason: string; url: string }>('groups.join_declined', (d) => ({
  subject: `Your request to join “${d.group}”`,
  paragraphs: [`A moderator declined your request to join “${d.group}”.`, `The reason: ${d.reason}`, 'If things change, you can ask to join again from the group’s page.'],
  action: { label: 'Open the group', url: d.url },
}));

export const suspendedEmail = defineTemplate<{ group: string; reason: string; url: string }>('groups.suspended', (d) => ({
  subject: `You are suspended from “${d.group}”`,
  paragraphs: [`A moderator suspended you from “${d.group}”: you can still read the group, but not post in it until a moderator reinstates you.`, `The reason: ${d.reason}`],
  action: { label: 'Open the group', url: d.url },
}));

export const reinstatedEmail = defineTemplate<{ group: string; url: string }>('groups.reinstated', (d) => ({
  subject: `You can post in “${d.group}” again`,
  paragraphs: [`A moderator lifted your suspension from “${d.group}”: you can start threads and reply again.`],
  action: { label: 'Open the group', url: d.url },
}));

export const groupApprovedEmail = defineTemplate<{ group: string; note: string; url: string }>('groups.request_approved', (d) => ({
  subject: `Your group “${d.group}” is open`,
  paragraphs: [
    `Our community staff approved the group you asked for, “${d.group}”. It is open now, and you are its moderator: invite members or share its page.`,
    ...(d.note ? [`Their note: ${d.note}`] : []),
  ],
  action: { label: 'Open the group', url: d.url },
}));

export const groupDeclinedEmail = defineTemplate<{ group: string; reason: string; url: string }>('groups.request_declined', (d) => ({
  subject: `Your request for the group “${d.group}”`,
  paragraphs: [
    `Our community staff declined the group you asked for, “${d.group}”.`,
    `The reason: ${d.reason}`,
    'You can join one of the existing groups, or ask for another group.',
  ],
  action: { label: 'See the groups', url: d.url },
}));
