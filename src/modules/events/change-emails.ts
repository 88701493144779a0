// The email to each live registrant when programs staff change a published event's time or place
// (event-changes.ts): what changed, old and new, and the updated calendar file attached.
import { defineTemplate } from '../../lib/email.js';

/** One change of a published event's time or place, as its registrants are told (event-changes.ts):
 * old and new in words (times in the association's zone); the join link's never written. */
export interface EventChange {
  what: 'when' | 'time_zone' | 'where' | 'join_link';
  from?: string;
  to?: string;
}

/** One change of time or place in words: "When: was …; now …." */
function changeWords(c: EventChange): string {
  switch (c.what) {
    case 'when':
      return `When: was ${c.from}; now ${c.to}.`;
    case 'time_zone':
      return `The event’s local time zone: was ${c.from}; now ${c.to}.`;
    case 'where':
      return `Where: was ${c.from}; now ${c.to}.`;
    case 'join_link':
      return 'The link to join online has changed: use the one on your ticket page or in the attached invitation, not the old one.';
  }
}

const changeNames: Record<EventChange['what'], string> = { when: 'time', time_zone: 'time', where: 'place', join_link: 'join link' };

/** To each live registrant when staff change a published event's time or place (`updateEvent`). */
export const eventChangedEmail = defineTemplate<{
  event: string;
  changes: EventChange[];
  /** a seat offered to them from the waitlist, not yet accepted */
  offered: boolean;
  /** what is attached: the updated invitation (a confirmed seat), the calendar file (a seat waiting
   * for its invoice), or nothing (an offer) */
  calendar: 'invitation' | 'file' | null;
  url: string;
  myEventsUrl: string;
}>('events.event_changed', (d) => {
  const names = [...new Set(d.changes.map((c) => changeNames[c.what]))];
  return {
    subject: `Changed: ${d.event} has a new ${new Intl.ListFormat('en-US').format(names)}`,
    paragraphs: [
      d.offered ? `We have changed ${d.event}, for which we have offered you a seat. What changed:` : `We have changed ${d.event}, which you are registered for. What changed:`,
      ...d.changes.map(changeWords),
      d.calendar === 'invitation'
        ? 'The updated calendar invitation is attached: open it and your calendar moves the event to the new time and place.'
        : d.calendar === 'file'
          ? 'The updated calendar file is attached: open it and your calendar moves the event to the new time and place.'
          : 'Your offer still stands: accept it or turn it down under My events.',
      d.offered ? `My events: ${d.myEventsUrl}` : `If you can no longer come, My events says how to cancel your seat: ${d.myEventsUrl}`,
    ],
    action: { label: 'The event', url: d.url },
  };
});
