// What other modules may use of events. (Its routes are `eventsRoutes`, which the composition
// root registers.)

// who attended which event, for newsletters' segments (issue 19, C4)
export { attendedAnyOf, eventsWithAttendance } from './attendance.js';
// the email to registrants when a published event's time or place changes
export * as changeEmails from './change-emails.js';
// registration (issue 16, C1 registration)
export * as registrationEmails from './emails.js';
export { EVENT_CALENDAR_FILE_ATTACHMENT, EVENT_INVITATION_ATTACHMENT, eventCalendarFileAttachment, eventInvitationAttachment } from './ics.js';
// the events a sponsorship package may be tied to, and their titles (issue 20, R3)
export { type EventChoice, eventChoices, eventsByIds } from './lookup.js';
export { countsAsMember, organizationIsMember } from './member.js';
export { eventsMover, moveEventRows } from './merge.js';
// event operations (staff lists, check-in, PD log): the emails of programs staff's messages and cancellations
export * as opsEmails from './ops-emails.js';
// the PD log, read by the credentialing program (issue 17)
export { eventPdMinutes, type PdCredit, pdLog } from './pd.js';
export { eventIdsTitled, eventNames, eventRegistrationNames } from './queries.js';
// reports (issue 21, P4): revenue and attendance per event
export { type EventFigures, eventFigures } from './report-queries.js';
export { eventsRoutes } from './routes.js';
export { seedEventsDemo } from './seed.js';
export { type Actor, addSession, addTicketType, createEvent, type NewEvent, type NewSession, type NewTicketType, publishEvent } from './service.js';
export { settleEventInvoice } from './settle.js';
// the sign-in page's word for a visitor sent there to register or to see an event (deps.slots.signInReasons)
export { eventSignInReason } from './sign-in-reason.js';
export { EXPIRE_OFFERS_QUEUE, expireOffers, registerEventsJobs, scheduleEventsJobs } from './waitlist.js';
