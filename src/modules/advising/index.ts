// What other modules may use of advising.
export { advisedOrganizations, REMINDERS_QUEUE, registerAdvisingJobs, scheduleAdvisingJobs, sendBookingReminders } from './advisor.js';
export * as emails from './emails.js';
export { INVITATION_ATTACHMENT, invitationAttachment } from './ics.js';
export { type Arrangement, howItHappens, plainText } from './meeting-format.js';
export { bookedMeeting, bookMeeting, cancelMeeting, rescheduleMeeting } from './meetings.js';
export { advisingMover } from './merge.js';
export { advisorSection } from './org-routes.js';
export { type FirstPaymentAwaited, firstPaymentAwaited, meetingNames } from './queries.js';
export { type AdvisorSummary, listAdvisors } from './roster.js';
export { advisingRoutes } from './routes.js';
export { seedAdvisingDemo, timeZoneOfState } from './seed.js';
export { type AssignResult, assignAdvisor, assignManually, currentAdvisor } from './service.js';
export { computeSlots, openSlots, type Slot } from './slots.js';
