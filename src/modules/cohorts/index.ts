// What other modules (and the composition root) may use of cohorts and delegations.
export * as emails from './emails.js';
export { cohortInvitationAttachment, MEETING_INVITATION_ATTACHMENT } from './ics.js';
export { cohortsMover, moveCohortRows } from './merge.js';
export { cohortApplicationNames, cohortMeetingNames, cohortNames } from './queries.js';
export { cohortsRoutes } from './routes.js';
export { seedCohortsDemo } from './seed.js';
export { checkEligibility } from './service.js';
