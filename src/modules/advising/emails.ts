// Email templates of advising: assignment (to the organization's contacts and to the advisor),
// meeting invitations, updates and cancellations (with the .ics attached), and the advisor's
// reminder about an organization that has not booked its first meeting.
import { defineTemplate } from '../../lib/email.js';

export const assignedToOrganizationEmail = defineTemplate<{ organization: string; advisor: string; advisorEmail: string; phone: string; url: string }>(
  'advising.assigned_organization',
  (d, ctx) => ({
    subject: `Your advisor at ${ctx.associationName}: ${d.advisor}`,
    paragraphs: [
      `${d.advisor} is the dedicated advisor of ${d.organization}.`,
      `You can reach ${d.advisor} at ${d.advisorEmail}${d.phone ? ` or ${d.phone}` : ''}.`,
      'Next: pick a time for your first meeting on your organization’s home page. Both of you receive a calendar invitation.',
    ],
    action: { label: 'Book your first meeting', url: d.url },
  }),
);

export const assignedToAdvisorEmail = defineTemplate<{ organization: string; state: string; method: string; url: string }>('advising.assigned_advisor', (d) => ({
  subject: `New organization for you: ${d.organization}`,
  paragraphs: [
    `${d.organization} (${d.state}) is now assigned to you (${d.method}).`,
    'Its contacts have been invited to book a first meeting in your availability. You will get a calendar invitation when they do.',
  ],
  action: { label: 'Your advising page', url: d.url },
}));

/** To membership staff: a new member organization's state has no advisor covering it. */
export const noRegionalAdvisorEmail = defineTemplate<{ organization: string; state: string; defaultAdvisor: string | null; url: string }>('advising.no_regional_advisor', (d) => ({
  subject: d.defaultAdvisor ? `No advisor covers ${d.state}: ${d.organization} has the default advisor` : `No advisor covers ${d.state}: ${d.organization} has no advisor`,
  paragraphs: [
    `${d.organization} (${d.state}) is now a member, and no active advisor covers ${d.state}.`,
    d.defaultAdvisor
      ? `It was assigned the association’s default advisor, ${d.defaultAdvisor}, for now.`
      : 'It has no advisor yet: there is no default advisor in the association settings.',
    'Assign it a regional advisor, or add the state to an advisor’s region.',
  ],
  action: { label: 'Assign an advisor', url: d.url },
}));

export interface MeetingEmailData {
  organization: string;
  advisor: string;
  /** the meeting's time in the recipient's time zone */
  when: string;
  /** the earlier time, on a reschedule */
  previously?: string;
  /** how it happens, in the recipient's words (meeting-format.ts) */
  how?: string;
  url: string;
  /** who reads it: the organization's contacts (the default: they book, move and cancel) or the
   * advisor (who sees the meeting and may cancel it, but books and moves nothing) */
  reader?: 'member' | 'advisor';
  /** on a cancellation, the name of the person who cancelled */
  cancelledBy?: string;
  /** on a move, the name of the person who moved it (a contact or the advisor) */
  movedBy?: string;
}

const forAdvisor = (d: MeetingEmailData) => d.reader === 'advisor';
/** The advisor's link: their Advising page, where the meeting is listed with a way to cancel it. */
const advisorAction = (d: MeetingEmailData) => ({ label: 'See your meetings', url: d.url });

export const meetingBookedEmail = defineTemplate<MeetingEmailData>('advising.meeting_booked', (d) => ({
  subject: `First meeting booked: ${d.organization} with ${d.advisor}`,
  paragraphs: [
    `The first meeting of ${d.organization} with ${d.advisor} is booked for ${d.when}.`,
    ...(d.how ? [`How you meet: ${d.how}`] : []),
    'The calendar invitation is attached: open it to add the meeting to your calendar.',
  ],
  action: forAdvisor(d) ? advisorAction(d) : { label: 'See or change the meeting', url: d.url },
}));

export const meetingRescheduledEmail = defineTemplate<MeetingEmailData>('advising.meeting_rescheduled', (d) => ({
  subject: `Meeting moved: ${d.organization} with ${d.advisor}`,
  paragraphs: [
    `The meeting of ${d.organization} with ${d.advisor} has moved to ${d.when}${d.previously ? ` (it was ${d.previously})` : ''}${d.movedBy ? `: ${d.movedBy} moved it` : ''}.`,
    ...(d.how ? [`How you meet: ${d.how}`] : []),
    'The updated calendar invitation is attached: open it to update your calendar.',
  ],
  action: forAdvisor(d) ? advisorAction(d) : { label: 'See or change the meeting', url: d.url },
}));

export const meetingCancelledEmail = defineTemplate<MeetingEmailData>('advising.meeting_cancelled', (d) => ({
  subject: `Meeting cancelled: ${d.organization} with ${d.advisor}`,
  paragraphs: [
    `The meeting of ${d.organization} with ${d.advisor} on ${d.when} is cancelled${d.cancelledBy ? `: ${d.cancelledBy} cancelled it` : ''}.`,
    forAdvisor(d)
      ? `The attached calendar update removes it from your calendar. ${d.organization} can book another time from its home page.`
      : 'The attached calendar update removes it from your calendar. A new time can be booked on the organization’s home page.',
  ],
  action: forAdvisor(d) ? advisorAction(d) : { label: 'Book another time', url: d.url },
}));

export const meetingReminderEmail = defineTemplate<MeetingEmailData>('advising.meeting_reminder', (d) => ({
  subject: `Reminder: first meeting of ${d.organization} with ${d.advisor}`,
  paragraphs: [
    `The first meeting of ${d.organization} with ${d.advisor} is on ${d.when}.`,
    ...(d.how ? [`How you meet: ${d.how}`] : []),
    forAdvisor(d)
      ? `If the time no longer suits you, move it to another of your open times from your Advising page (the link below), or cancel it on your Advising page and write to ${d.organization}: its contacts can then book another time.`
      : 'If the time no longer suits you, move or cancel the meeting from the link below.',
  ],
  action: forAdvisor(d) ? advisorAction(d) : { label: 'See or change the meeting', url: d.url },
}));

export const bookingReminderEmail = defineTemplate<{ organization: string; assignedOn: string; contacts: string; url: string }>('advising.booking_reminder', (d) => ({
  subject: `No first meeting yet: ${d.organization}`,
  paragraphs: [
    `${d.organization} was assigned to you on ${d.assignedOn} and has not booked its first meeting.`,
    `Please reach out to its contacts${d.contacts ? ` (${d.contacts})` : ''} and invite them to pick a time.`,
  ],
  action: { label: 'Your advising page', url: d.url },
}));
