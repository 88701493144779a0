// What other modules may use of the organization portal.

export * as emails from './emails.js';
export { portalSections } from './home-routes.js';
export { resendSeatInvitation } from './invitation-admin.js';
export { INVITATION_DAYS, inviteToSeat, listSeatInvitations, openSeatInvitationsTo, type SeatInvitation, type SeatInvite } from './invitations.js';
export { countRequestsForStaff, LOGIN_REQUESTS_QUEUE, type LoginRequest, listPendingRequests, registerLoginRequestJobs } from './login-requests.js';
export { portalMover } from './merge.js';
export { loginRequestNames } from './queries.js';
export { portalRoutes } from './routes.js';
export { type OrgSection, type OrgSectionContext, orgSections } from './sections.js';
export { seedPortalDemo } from './seed.js';
