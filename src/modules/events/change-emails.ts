// The email to each live registrant when programs staff change a published event's time or place
// (event-changes.ts): what changed, old and new, and the updated calendar file attached.
import { defineTemplate } from '../../lib/email.js';

/** One change of a published event's time or place, as its registrants are told (event-changes.ts):
 * old and new in words (times in the event's own zone, named, as its page writes them); the join
 * link's never written. */
export interface EventChange {
  what: 'when' | 'time_zone' | 'where' | 'join_link';
  from?: string;
  to?: string;
}

type Calendar = 'invitation' | 'file' | null;

/** One change of time or place in words: "When: was …; now …." The join link is never written:
 * where to find the new one depends on what the person holds. */
function changeWords(c: EventChange, d: { calendar: Calendar; offered: boolean }): string {
  switch (c.what) {
    case 'when':
      return `When: was ${c.from}; now ${c.to}.`;
    case 'time_zone':
      return `The event’s local time zone: was ${c.from}; now ${c.to}.`;
    case 'where':
      return `Where: was ${c.from}; now ${c.to}.`;
    case 'join_link':
      if (d.calendar === 'invitation') return 'The link to join online has changed: use the one on your ticket page or in the attached invitation, not the old one.';
      if (d.offered) return 'The link to join online has changed: if you accept the seat, your ticket page shows the new one.';
      return 'The link to join online has changed: your ticket page shows the new one once your invoice is paid.';
  }
}

const changeNames: Record<EventChange['what'], string> = { when: 'time', time_zone: 'time', where: 'place', join_link: 'join link' };
const list = (words: string[]) => new Intl.ListFormat('en-US').format(words);

/** What opening the attached calendar copy does, said of what changed: "moves the event to the new
 * time", "… the new place", "… the new time and place", or gives it the new join link. */
function calendarWords(calendar: 'invitation' | 'file', changes: EventChange[]): string {
  const moved = [...new Set(changes.filter((c) => c.what !== 'join_link').map((c) => changeNames[c.what]))];
  const newLink = calendar === 'invitation' && changes.some((c) => c.what === 'join_link');
  const attached = calendar === 'invitation' ? 'The updated calendar invitation is attached' : 'The updated calendar file is attached';
  if (moved.length === 0)
    return newLink
      ? `${attached}: open it and your calendar’s copy of the event gets the new join link.`
      : `${attached}: open it to keep your calendar’s copy of the event up to date.`;
  return `${attached}: open it and your calendar moves the event to the new ${list(moved)}${newLink ? ', with the new join link' : ''}.`;
}

/** To each live registrant when staff change a published event's time or place (`updateEvent`),
 * and to each person on its waitlist when its time or place changes. */
export const eventChangedEmail = defineTemplate<{
  event: string;
  changes: EventChange[];
  /** a seat offered to them from the waitlist, not yet accepted */
  offered: boolean;
  /** on the waitlist: no seat, no calendar file */
  waitlisted?: boolean;
  /** what is attached: the updated invitation (a confirmed seat), the calendar file (a seat waiting
   * for its invoice), or nothing (an offer, the waitlist) */
  calendar: Calendar;
  url: string;
  myEventsUrl: string;
}>('events.event_changed', (d) => {
  const names = [...new Set(d.changes.map((c) => changeNames[c.what]))];
  const held = d.waitlisted ? 'for which you are on the waitlist' : d.offered ? 'for which we have offered you a seat' : 'which you are registered for';
  return {
    subject: `Changed: ${d.event} has a new ${list(names)}`,
    paragraphs: [
      `We have changed ${d.event}, ${held}. What changed:`,
      ...d.changes.map((c) => changeWords(c, d)),
      d.calendar
        ? calendarWords(d.calendar, d.changes)
        : d.waitlisted
          ? 'You are still on the waitlist: if a seat frees up for you, we will email you an offer to accept.'
          : 'Your offer still stands: accept it or turn it down under My events.',
      d.waitlisted
        ? `If you no longer want a seat, you can leave the waitlist under My events: ${d.myEventsUrl}`
        : d.offered
          ? `My events: ${d.myEventsUrl}`
          : `If you can no longer come, My events says how to cancel your seat: ${d.myEventsUrl}`,
    ],
    action: { label: 'The event', url: d.url },
  };
});
