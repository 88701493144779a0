// What other modules may use of advising.
export { advisedOrganizations, REMINDERS_QUEUE, registerAdvisingJobs, scheduleAdvisingJobs, sendBookingReminders } from './advisor.js';
export { bookedMeeting, bookMeeting, cancelMeeting, rescheduleMeeting } from './meetings.js';
export { advisingRoutes } from './routes.js';
export { seedAdvisingDemo, timeZoneOfState } from './seed.js';
export { type AssignResult, assignAdvisor, assignManually, currentAdvisor } from './service.js';
export { computeSlots, openSlots, type Slot } from './slots.js';
