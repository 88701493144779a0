// Email templates of cohorts and delegations: the application received, the decision (selected
// or not; the staff's reason and score are never in it), and a meeting's invitation (with the
// .ics attached).
import { defineTemplate } from '../../lib/email.js';

export const applicationReceivedEmail = defineTemplate<{ title: string; closesOn: string; url: string }>('cohorts.application_received', (d) => ({
  subject: `Application received: ${d.title}`,
  paragraphs: [
    `Thank you: your application to ${d.title} is received.`,
    `Applications close on ${d.closesOn}. Programs staff review every application after that and email you their decision.`,
  ],
  action: { label: 'See the call', url: d.url },
}));

export const selectedEmail = defineTemplate<{ title: string; delegation: boolean; url: string }>('cohorts.selected', (d) => ({
  subject: `You are selected: ${d.title}`,
  paragraphs: [
    d.delegation ? `Congratulations: you are selected for ${d.title}.` : `Congratulations: you are selected as a participant of ${d.title}.`,
    d.delegation
      ? 'Programs staff will be in touch about travel and preparation. The delegation is listed publicly once the selection is published.'
      : 'The cohort’s space has its meetings, notes and files. You will get a calendar invitation for each meeting.',
  ],
  action: { label: d.delegation ? 'See the call' : 'Open the cohort’s space', url: d.url },
}));

export const declinedEmail = defineTemplate<{ title: string; url: string }>('cohorts.declined', (d) => ({
  subject: `Your application to ${d.title}`,
  paragraphs: [
    `Thank you for applying to ${d.title}. We are not able to offer you a place this time.`,
    'There were more strong applications than places. Please apply to a future call.',
  ],
  action: { label: 'See open calls', url: d.url },
}));

export const meetingScheduledEmail = defineTemplate<{ title: string; cohort: string; when: string; place: string; url: string }>('cohorts.meeting_scheduled', (d) => ({
  subject: `Meeting of ${d.cohort}: ${d.title}`,
  paragraphs: [
    `${d.title}, a meeting of ${d.cohort}, is scheduled for ${d.when}.`,
    d.place ? `Where: ${d.place}.` : 'It is held online: the link is in the invitation and on the cohort’s space.',
    'The calendar invitation is attached: open it to add the meeting to your calendar.',
  ],
  action: { label: 'Open the cohort’s space', url: d.url },
}));
