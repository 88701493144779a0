// Email templates of the job center: the employer hears of payment due, each staff decision
// (approved, changes asked, rejected), and communications staff of a posting waiting for review;
// seekers get the daily alert of a saved search's new matches, with its one-click unsubscribe link.
import { defineTemplate } from '../../lib/email.js';

export const paymentDueEmail = defineTemplate<{ title: string; fee: string; invoiceUrl: string }>('jobs.payment_due', (d) => ({
  subject: `Pay the posting fee for “${d.title}”`,
  paragraphs: [
    `Thank you for posting “${d.title}”. The posting fee is ${d.fee}; member organizations post for free.`,
    'Once the invoice is paid, our staff review the posting, and it is published when they approve it.',
  ],
  action: { label: 'Pay the invoice', url: d.invoiceUrl },
}));

export const reviewWaitingEmail = defineTemplate<{ title: string; employer: string; url: string }>('jobs.review_waiting', (d) => ({
  subject: `Job posting to review: ${d.title}`,
  paragraphs: [`${d.employer} submitted “${d.title}”. It is published once you approve it.`],
  action: { label: 'Review the posting', url: d.url },
}));

export const approvedEmail = defineTemplate<{ title: string; until: string; url: string }>('jobs.approved', (d) => ({
  subject: `Published: ${d.title}`,
  paragraphs: [
    `Your job posting “${d.title}” is approved and published. It shows in the job center until ${d.until}; you can renew it from your postings.`,
    'Once the job is filled, close the posting from your postings or its page: it leaves the job center at once and takes no more applications.',
  ],
  action: { label: 'See the posting', url: d.url },
}));

export const changesRequestedEmail = defineTemplate<{ title: string; message: string; url: string }>('jobs.changes_requested', (d) => ({
  subject: `Changes needed: ${d.title}`,
  paragraphs: [`Our staff ask for changes to your job posting “${d.title}” before it is published:`, d.message, 'Edit the posting and submit it again.'],
  action: { label: 'Edit the posting', url: d.url },
}));

export const rejectedEmail = defineTemplate<{ title: string; reason: string; url: string }>('jobs.rejected', (d) => ({
  subject: `Not published: ${d.title}`,
  paragraphs: [`Your job posting “${d.title}” was not approved.`, `The reason: ${d.reason}`],
  action: { label: 'Your postings', url: d.url },
}));

export const alertEmail = defineTemplate<{
  label: string;
  jobs: Array<{ title: string; employer: string; where: string; salary: string; url: string }>;
  searchUrl: string;
  unsubscribeUrl: string;
}>('jobs.alert', (d) => ({
  subject: d.jobs.length === 1 ? `A new job for “${d.label}”` : `${d.jobs.length} new jobs for “${d.label}”`,
  paragraphs: [
    `New in the job center for your saved search “${d.label}”:`,
    ...d.jobs.map((j) => `${j.title} — ${j.employer}, ${j.where}, ${j.salary}: ${j.url}`),
    `To stop these emails, unsubscribe in one click: ${d.unsubscribeUrl}`,
  ],
  action: { label: 'See the search', url: d.searchUrl },
}));

export const takenDownEmail = defineTemplate<{ title: string; reason: string; url: string; staff?: { name: string } }>('jobs.taken_down', (d) => ({
  subject: `Taken down: ${d.title}`,
  paragraphs: [
    `Our staff took down your job posting “${d.title}”: it no longer shows in the job center, and it cannot be published again.`,
    `The reason: ${d.reason}`,
    d.staff
      ? `If you think this is a mistake, or the job is still open, reply to this email (it reaches ${d.staff.name} of our staff) or post the job again with the problem fixed.`
      : 'If you think this is a mistake, or the job is still open, post the job again with the problem fixed.',
  ],
  action: { label: 'Your postings', url: d.url },
}));
