// Email templates of technical assistance. They name the request and link to it; they never
// carry the messages or the files, which stay behind sign-in.
import { defineTemplate } from '../../lib/email.js';

export const filedEmail = defineTemplate<{ organization: string; subject: string; url: string; unassigned: boolean }>('assistance.filed', (d) => ({
  subject: `New assistance request from ${d.organization}: ${d.subject}`,
  paragraphs: [
    `${d.organization} filed a technical assistance request: “${d.subject}”.`,
    d.unassigned
      ? 'The organization has no advisor assigned, so the request is unassigned in the queue. Assign it to an advisor or answer it yourself.'
      : 'You are the organization’s advisor. Read it, then reply or set its status.',
  ],
  action: { label: 'Open the request', url: d.url },
}));

export const messageEmail = defineTemplate<{ author: string; subject: string; url: string }>('assistance.message', (d) => ({
  subject: `New reply: ${d.subject}`,
  paragraphs: [`${d.author} replied to the assistance request “${d.subject}”.`, 'Sign in to read the reply and answer it.'],
  action: { label: 'Read the reply', url: d.url },
}));

export const statusEmail = defineTemplate<{ actor: string; subject: string; status: string; url: string }>('assistance.status', (d) => ({
  subject: `${d.status}: ${d.subject}`,
  paragraphs: [`${d.actor} changed the status of the assistance request “${d.subject}” to: ${d.status}.`],
  action: { label: 'See the request', url: d.url },
}));

export const assignedEmail = defineTemplate<{ organization: string; subject: string; url: string }>('assistance.assigned', (d) => ({
  subject: `Assistance request assigned to you: ${d.subject}`,
  paragraphs: [`The assistance request “${d.subject}” from ${d.organization} is now assigned to you.`],
  action: { label: 'Open the request', url: d.url },
}));
