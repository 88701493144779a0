// The permission matrix: every registered route, called by every role, answers as its policy
// says. A route missing from this table, or registered without a policy, fails the suite.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../src/db/types.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from './helpers.js';

// 'transition': a membership staff member who also holds the Members in Transition permission.
const ROLES = ['visitor', 'member', 'orgContact', 'orgAdmin', ...STAFF_ROLES, 'transition'] as const;
type Role = (typeof ROLES)[number];

const ALL: Role[] = [...ROLES];
const SIGNED_IN: Role[] = ROLES.filter((r) => r !== 'visitor');
const STAFF: Role[] = [...STAFF_ROLES];
const ADMIN: Role[] = ['admin'];
const MEMBERSHIP: Role[] = ['membership', 'admin'];
const PROGRAMS: Role[] = ['programs', 'admin'];
const NOBODY: Role[] = [];

/** Who may call each route. Keys ending in `*` match every route under that prefix. */
const EXPECTED: Record<string, Role[]> = {
  'GET /healthz': ALL,
  'GET /favicon.ico': ALL,
  'GET /api/openapi.json': ALL,
  'GET /api/docs*': ALL,
  'GET /assets/*': ALL,
  'GET /': ALL,
  'GET /login': ALL,
  'POST /login': ALL,
  'GET /login/2fa': NOBODY, // only a session between password and code (tested in accounts)
  'POST /login/2fa': NOBODY,
  'POST /logout': SIGNED_IN,
  'GET /password/forgot': ALL,
  'POST /password/forgot': ALL,
  'GET /password/reset': ALL,
  'POST /password/reset': ALL,
  'GET /login/magic': ALL,
  'POST /login/magic': ALL,
  'GET /login/magic/verify': ALL,
  'POST /login/magic/verify': ALL,
  'GET /account/setup': ALL, // a one-time link of `civnet admin create` (test/security/production.test.ts)
  'POST /account/setup': ALL,
  'GET /account/verify': ALL,
  'POST /account/verify': ALL,
  'GET /account/verify/new': ALL,
  'POST /account/verify/new': ALL,
  'GET /account': SIGNED_IN,
  'GET /account/2fa': SIGNED_IN,
  'POST /account/2fa': SIGNED_IN,
  'POST /account/2fa/disable': SIGNED_IN,
  'GET /api/v1/me': SIGNED_IN,
  'GET /dev/mailbox': ADMIN, // development only, and never with SMTP_URL (test/security/mailbox.test.ts)
  'GET /dev/mailbox/:id': ADMIN,
  'GET /staff': STAFF,
  'GET /staff/settings': ADMIN,
  'POST /staff/settings': ADMIN,
  'GET /api/v1/association': ALL,
  'PUT /api/v1/association': ADMIN,
  'POST /staff/settings/operations': ADMIN,
  'POST /staff/settings/logo': ADMIN,
  'GET /staff/settings/logo/remove': ADMIN,
  'POST /staff/settings/logo/remove': ADMIN,
  'POST /staff/settings/w9': ADMIN,
  'GET /staff/settings/w9/remove': ADMIN,
  'POST /staff/settings/w9/remove': ADMIN,
  'GET /staff/settings/w9': STAFF, // a 404 until a W-9 is uploaded: still allowed
  'GET /association/logo': ALL,
  'GET /association/theme.css': ALL,
  'GET /api/v1/association/settings': ADMIN,
  'PUT /api/v1/association/settings': ADMIN,
  'GET /staff/audit': ADMIN,
  'GET /staff/audit.csv': ADMIN,
  'GET /api/v1/audit': ADMIN,
  // staff accounts (accounts/staff-routes.ts): staff admins only; the invitation's link is public (its token is the proof)
  'GET /staff/users': ADMIN,
  'GET /staff/users/invite': ADMIN,
  'POST /staff/users/invite': ADMIN,
  'POST /staff/users/invitations/:id/resend': ADMIN,
  'GET /staff/users/invitations/:id/revoke': ADMIN,
  'POST /staff/users/invitations/:id/revoke': ADMIN,
  'GET /staff/users/:id': ADMIN,
  'POST /staff/users/:id/roles': ADMIN,
  'GET /staff/users/:id/deactivate': ADMIN,
  'POST /staff/users/:id/deactivate': ADMIN,
  'POST /staff/users/:id/reactivate': ADMIN,
  'GET /invitation/staff': ALL,
  'POST /invitation/staff/accept': ALL,
  // dues routes
  'GET /dues': ALL,
  'GET /api/v1/dues/quote': ALL,
  'GET /api/v1/dues/schedules': ALL,
  'GET /api/v1/dues/schedules/:id': ALL,
  'POST /api/v1/dues/schedules': MEMBERSHIP,
  'PUT /api/v1/dues/schedules/:id': MEMBERSHIP,
  'DELETE /api/v1/dues/schedules/:id': MEMBERSHIP,
  'POST /api/v1/dues/schedules/:id/publish': MEMBERSHIP,
  'GET /staff/dues': MEMBERSHIP,
  'GET /staff/dues/new': MEMBERSHIP,
  'POST /staff/dues': MEMBERSHIP,
  'GET /staff/dues/:id': MEMBERSHIP,
  'GET /staff/dues/:id/edit': MEMBERSHIP,
  'POST /staff/dues/:id': MEMBERSHIP,
  'GET /staff/dues/:id/delete': MEMBERSHIP,
  'POST /staff/dues/:id/delete': MEMBERSHIP,
  'GET /staff/dues/:id/publish': MEMBERSHIP,
  'POST /staff/dues/:id/publish': MEMBERSHIP,
  // join and places routes
  'GET /join': ALL,
  'GET /membership-terms': ALL,
  'GET /api/v1/join/sections': ALL,
  'GET /staff/join': ['communications', 'admin'],
  'GET /staff/join/:key': ['communications', 'admin'],
  'POST /staff/join/:key': ['communications', 'admin'],
  'GET /api/v1/places': ALL,
  // applications routes
  'GET /apply': ALL,
  'POST /apply': ALL,
  'POST /api/v1/applications': ALL,
  'GET /staff/applications': MEMBERSHIP,
  'GET /staff/applications/:id': MEMBERSHIP,
  'POST /staff/applications/:id/approve': MEMBERSHIP,
  'GET /staff/applications/:id/decline': MEMBERSHIP,
  'POST /staff/applications/:id/decline': MEMBERSHIP,
  'POST /staff/applications/:id/request-info': MEMBERSHIP,
  'POST /staff/applications/:id/invitations/:invitationId/resend': MEMBERSHIP,
  'GET /api/v1/applications': MEMBERSHIP,
  'GET /api/v1/applications/:id': MEMBERSHIP,
  'POST /api/v1/applications/:id/approve': MEMBERSHIP,
  'POST /api/v1/applications/:id/decline': MEMBERSHIP,
  'POST /api/v1/applications/:id/request-info': MEMBERSHIP,
  // billing routes
  'GET /staff/invoices': ['finance', 'admin'],
  'GET /staff/invoices.csv': ['finance', 'admin'],
  'GET /staff/invoices/new': ['finance', 'admin'],
  'POST /staff/invoices': ['finance', 'admin'],
  'GET /staff/invoices/:id': ['finance', 'membership', 'admin'],
  'POST /staff/invoices/:id/payments': ['finance', 'admin'],
  'GET /staff/invoices/:id/void': ['finance', 'admin'],
  'POST /staff/invoices/:id/void': ['finance', 'admin'],
  'POST /staff/invoices/:id/public-link': ['finance', 'admin'],
  'POST /staff/invoices/:id/credit-notes': ['finance', 'admin'],
  'POST /staff/invoices/:id/refunds': ['finance', 'admin'],
  'GET /staff/payments/:id/reverse': ['finance', 'admin'],
  'POST /staff/payments/:id/reverse': ['finance', 'admin'],
  'GET /staff/payments': ['finance', 'admin'],
  'GET /staff/payments.csv': ['finance', 'admin'],
  'GET /staff/receivables': ['finance', 'admin'],
  'GET /staff/receivables.csv': ['finance', 'admin'],
  'GET /api/v1/invoices': ['finance', 'admin'],
  'GET /api/v1/invoices/:id': ['finance', 'admin'],
  'POST /api/v1/invoices': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/payments': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/void': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/credit-notes': ['finance', 'admin'],
  'POST /api/v1/invoices/:id/refunds': ['finance', 'admin'],
  'POST /api/v1/payments/:id/reversal': ['finance', 'admin'],
  // the renewals console (billing/renewals-routes.ts): membership and finance staff
  'GET /staff/renewals': ['membership', 'finance', 'admin'],
  'POST /staff/renewals/run': ['membership', 'finance', 'admin'],
  'GET /api/v1/renewals/preview': ['membership', 'finance', 'admin'],
  'GET /api/v1/renewals/runs': ['membership', 'finance', 'admin'],
  'GET /api/v1/payments': ['finance', 'admin'],
  'GET /api/v1/receivables/ageing': ['finance', 'admin'],
  'POST /invoices/:token/checkout': ALL,
  'POST /api/v1/invoices/:token/checkout': ALL,
  'POST /webhooks/stripe': ALL,
  'GET /invoices/:token': ALL,
  'GET /invoices/:token/pdf': ALL,
  'GET /org/invoices': ['orgContact', 'orgAdmin'],
  'GET /org/invoices/:id/pdf': ['orgContact', 'orgAdmin'],
  'GET /org/invoices/:id/w9': ['orgContact', 'orgAdmin'], // a 404 for another organization's invoice (settings.test.ts)
  'GET /api/v1/org/invoices': ['orgContact', 'orgAdmin'],
  // network routes
  'GET /network': ALL,
  'GET /network/:slug': ALL,
  'GET /api/v1/network/members': ALL,
  'GET /api/v1/network/stats': ALL,
  'GET /org/profile': ['orgContact', 'orgAdmin'],
  'POST /org/profile': ['orgAdmin'], // a plain contact reads it only: 403 from the object-level check
  'GET /staff/pathways': ['communications', 'admin'],
  'POST /staff/pathways': ['communications', 'admin'],
  'GET /staff/pathways/:id': ['communications', 'admin'],
  'POST /staff/pathways/:id': ['communications', 'admin'],
  'POST /staff/pathways/:id/archive': ['communications', 'admin'],
  // organization portal routes
  'GET /org': ['orgContact', 'orgAdmin'],
  'GET /org/contacts/new': ['orgAdmin'],
  'POST /org/contacts': ['orgAdmin'],
  'GET /org/contacts/:userId/edit': ['orgAdmin'],
  'POST /org/contacts/:userId': ['orgAdmin'],
  'GET /org/contacts/:userId/remove': ['orgAdmin'],
  'POST /org/contacts/:userId/remove': ['orgAdmin'],
  'POST /org/contacts/:userId/billing': ['orgAdmin'],
  'POST /org/login-requests/:id/approve': ['orgAdmin'],
  'POST /org/login-requests/:id/decline': ['orgAdmin'],
  'GET /api/v1/org/contacts': ['orgContact', 'orgAdmin'],
  'POST /org/invitations/:id/resend': ['orgAdmin'],
  'GET /org/invitations/:id/cancel': ['orgAdmin'],
  'POST /org/invitations/:id/cancel': ['orgAdmin'],
  'GET /invitation': ALL, // the token is the proof; a missing or unknown one is a 404 page
  'POST /invitation/accept': ALL,
  'GET /request-access': ALL,
  'POST /request-access': ALL,
  'GET /staff/login-requests': MEMBERSHIP,
  'POST /staff/login-requests/:id/approve': MEMBERSHIP,
  'POST /staff/login-requests/:id/decline': MEMBERSHIP,
  // advising routes
  'GET /org/meetings': ['orgContact', 'orgAdmin'],
  'GET /org/meetings/new': ['orgContact', 'orgAdmin'],
  'POST /org/meetings': ['orgContact', 'orgAdmin'],
  'GET /org/meetings/:id/reschedule': ['orgContact', 'orgAdmin'],
  'POST /org/meetings/:id/reschedule': ['orgContact', 'orgAdmin'],
  'GET /org/meetings/:id/cancel': ['orgContact', 'orgAdmin'],
  'POST /org/meetings/:id/cancel': ['orgContact', 'orgAdmin'],
  'GET /staff/advisors': MEMBERSHIP,
  'GET /staff/advisors/:id': MEMBERSHIP,
  'POST /staff/advisors/:id': MEMBERSHIP,
  'POST /staff/advisors/:id/meeting-format': MEMBERSHIP,
  'GET /staff/advisors/assignments/:organizationId': MEMBERSHIP,
  'POST /staff/advisors/assignments': MEMBERSHIP,
  'GET /staff/advising': ['advisor', 'admin'],
  'GET /staff/advising/availability': ['advisor', 'admin'],
  'POST /staff/advising/availability': ['advisor', 'admin'],
  'POST /staff/advising/availability/:id/delete': ['advisor', 'admin'],
  'POST /staff/advising/exceptions': ['advisor', 'admin'],
  'POST /staff/advising/exceptions/:id/delete': ['advisor', 'admin'],
  'POST /staff/advising/meeting-format': ['advisor', 'admin'],
  'GET /staff/advising/meetings/:id/cancel': ['advisor', 'admin'],
  'POST /staff/advising/meetings/:id/cancel': ['advisor', 'admin'],
  'GET /staff/advising/meetings/:id/move': ['advisor', 'admin'],
  'POST /staff/advising/meetings/:id/move': ['advisor', 'admin'],
  // directory routes
  'GET /me': SIGNED_IN,
  // onboarding: the "Get started" checklist (hide it; the tracked link to Who's Who or the network)
  'POST /get-started/dismiss': SIGNED_IN,
  'GET /get-started/open': SIGNED_IN,
  'POST /me': SIGNED_IN,
  'POST /me/photo': SIGNED_IN,
  'GET /me/photo/delete': SIGNED_IN,
  'POST /me/photo/delete': SIGNED_IN,
  'GET /people/:id': ALL, // a 404 unless the person is listed (privacy tests in src/modules/directory)
  'GET /people/:id/photo': ALL,
  'GET /directory': ['member', ...STAFF_ROLES],
  'GET /api/v1/directory': ['member', ...STAFF_ROLES],
  'GET /staff/directory.csv': MEMBERSHIP,
  // individuals routes
  'GET /join/individual': ALL,
  'POST /join/individual': ALL,
  'GET /api/v1/individual-dues/quote': ALL,
  'GET /me/membership': SIGNED_IN,
  'GET /me/membership/invoice': SIGNED_IN,
  'POST /me/membership/instalments': SIGNED_IN,
  'POST /me/membership/proof': SIGNED_IN, // own pending membership only (verification.test.ts)
  'GET /me/transition': SIGNED_IN,
  'GET /members-in-transition': ALL,
  'POST /me/transition': SIGNED_IN,
  'GET /staff/levels': MEMBERSHIP,
  'GET /staff/levels/new': MEMBERSHIP,
  'POST /staff/levels': MEMBERSHIP,
  'GET /staff/levels/:id': MEMBERSHIP,
  'POST /staff/levels/:id': MEMBERSHIP,
  'POST /staff/levels/:id/archive': MEMBERSHIP,
  'GET /staff/individuals': ['finance', 'membership', 'admin'],
  'GET /staff/individuals/:id': ['finance', 'membership', 'admin'],
  'POST /staff/individuals/:id/salary': ['finance', 'admin'],
  // eligibility checks: membership staff only; proofs are never served to anyone else
  'GET /staff/individuals/verification': MEMBERSHIP,
  'GET /staff/individuals/verification/:id': MEMBERSHIP,
  'POST /staff/individuals/verification/:id': MEMBERSHIP,
  'GET /staff/individuals/verification/:id/proofs/:proofId': MEMBERSHIP,
  'GET /staff/transition': ['transition'], // sensitive: not admin, not membership staff without the permission
  'GET /staff/transition/:id': ['transition'],
  'POST /staff/transition/:id': ['transition'],
  // assistance routes
  'GET /org/assistance': ['orgContact', 'orgAdmin'],
  'GET /org/assistance/new': ['orgContact', 'orgAdmin'],
  'POST /org/assistance': ['orgContact', 'orgAdmin'],
  'GET /org/assistance/:id': ['orgContact', 'orgAdmin'], // a 404 for a request of another organization (assistance-security.test.ts)
  'POST /org/assistance/:id/messages': ['orgContact', 'orgAdmin'],
  'POST /org/assistance/:id/status': ['orgContact', 'orgAdmin'],
  'GET /org/assistance/:id/attachments/:attachmentId': ['orgContact', 'orgAdmin'],
  'GET /api/v1/org/assistance': ['orgContact', 'orgAdmin'],
  'GET /api/v1/org/assistance/:id': ['orgContact', 'orgAdmin'],
  'GET /staff/assistance': ['advisor', 'membership', 'admin'],
  'GET /staff/assistance/:id': ['advisor', 'membership', 'admin'],
  'POST /staff/assistance/:id/messages': ['advisor', 'membership', 'admin'],
  'POST /staff/assistance/:id/status': ['advisor', 'membership', 'admin'],
  'POST /staff/assistance/:id/assign': ['advisor', 'membership', 'admin'],
  'GET /staff/assistance/:id/attachments/:attachmentId': ['advisor', 'membership', 'admin'],
  // records: the staff workspace (membership staff work; finance staff and advisors read)
  'GET /staff/organizations': ['membership', 'finance', 'advisor', 'admin'],
  'GET /staff/organizations.csv': ['membership', 'finance', 'advisor', 'admin'],
  'GET /staff/organizations/:id': ['membership', 'finance', 'advisor', 'admin'],
  'POST /staff/organizations/:id/notes': MEMBERSHIP,
  'GET /staff/organizations/:id/edit': MEMBERSHIP,
  'POST /staff/organizations/:id/edit': MEMBERSHIP,
  'GET /staff/organizations/:id/advisor': MEMBERSHIP,
  'POST /staff/organizations/:id/advisor': MEMBERSHIP,
  'GET /staff/organizations/:id/contacts/new': MEMBERSHIP,
  'POST /staff/organizations/:id/contacts': MEMBERSHIP,
  'GET /staff/organizations/:id/contacts/:userId': MEMBERSHIP,
  'POST /staff/organizations/:id/contacts/:userId/role': MEMBERSHIP,
  'POST /staff/organizations/:id/contacts/:userId/remove': MEMBERSHIP,
  'GET /staff/organizations/:id/invoices/new': MEMBERSHIP,
  'POST /staff/organizations/:id/invoices': MEMBERSHIP,
  'GET /staff/organizations/:id/memberships/:membershipId/:action': MEMBERSHIP,
  'POST /staff/organizations/:id/memberships/:membershipId/:action': MEMBERSHIP,
  'GET /staff/organizations/:id/merge': MEMBERSHIP,
  'GET /staff/organizations/:id/merge/:fromId': MEMBERSHIP,
  'POST /staff/organizations/:id/merge/:fromId': MEMBERSHIP,
  'GET /api/v1/organizations': ['membership', 'finance', 'advisor', 'admin'],
  'GET /api/v1/organizations/:id': ['membership', 'finance', 'advisor', 'admin'],
  // people (src/modules/people): membership staff and staff admins; resetting two-factor is for staff admins only
  'GET /staff/people': MEMBERSHIP,
  'GET /staff/people.csv': MEMBERSHIP,
  'GET /staff/people/:id': MEMBERSHIP,
  'GET /staff/people/:id/edit': MEMBERSHIP,
  'POST /staff/people/:id/edit': MEMBERSHIP,
  'POST /staff/people/:id/sessions/end': MEMBERSHIP,
  'POST /staff/people/:id/two-factor/reset': ADMIN,
  'POST /staff/people/:id/deactivate': MEMBERSHIP,
  'POST /staff/people/:id/reactivate': MEMBERSHIP,
  'POST /staff/people/:id/invitations/resend': MEMBERSHIP,
  'GET /staff/people/:id/merge': MEMBERSHIP,
  'POST /staff/people/:id/merge': MEMBERSHIP,
  'GET /api/v1/people': MEMBERSHIP,
  'GET /api/v1/people/:id': MEMBERSHIP,
  // committees (issue 16, leadership roles): public rosters; signed-in nominations and answers
  // (another person's nomination or appointment is a 404: committees.test.ts); programs staff keep them
  'GET /committees': ALL,
  'GET /committees/:slug': ALL,
  'GET /committees/mine': SIGNED_IN,
  'GET /committees/:slug/nominate': SIGNED_IN,
  'POST /committees/:slug/nominate': SIGNED_IN,
  'POST /committees/nominations/:id/accept': SIGNED_IN,
  'POST /committees/nominations/:id/decline': SIGNED_IN,
  'POST /committees/appointments/:id/accept': SIGNED_IN,
  'POST /committees/appointments/:id/decline': SIGNED_IN,
  'GET /api/v1/committees': ALL,
  'GET /api/v1/committees/:slug': ALL,
  'GET /api/v1/committees/mine': SIGNED_IN,
  'POST /api/v1/committees/:slug/nominations': SIGNED_IN,
  'GET /api/v1/committees/:slug/nominations': ['programs', 'admin'],
  'GET /staff/committees': ['programs', 'admin'],
  'POST /staff/committees': ['programs', 'admin'],
  'GET /staff/committees/:id': ['programs', 'admin'],
  'GET /staff/committees/:id/edit': ['programs', 'admin'],
  'POST /staff/committees/:id/edit': ['programs', 'admin'],
  'POST /staff/committees/:id/seats': ['programs', 'admin'],
  'POST /staff/committees/:id/terms': ['programs', 'admin'],
  'POST /staff/committees/:id/elections': ['programs', 'admin'],
  'POST /staff/committees/:id/elect': ['programs', 'admin'],
  'POST /staff/committees/:id/appoint': ['programs', 'admin'],
  // cohorts and delegations (src/modules/cohorts): public calls; applying needs an account; the
  // space is a 404 to anyone but its participants and programs staff (cohorts-access.test.ts)
  'GET /cohorts': ALL,
  'GET /cohorts/:slug': ALL,
  'GET /cohorts/:slug/apply': SIGNED_IN,
  'POST /cohorts/:slug/apply': SIGNED_IN,
  'GET /delegations': ALL,
  'GET /delegations/:slug': ALL,
  'GET /delegations/:slug/apply': SIGNED_IN,
  'POST /delegations/:slug/apply': SIGNED_IN,
  'GET /api/v1/cohorts': ALL,
  'GET /api/v1/cohorts/:slug': ALL,
  'GET /api/v1/delegations': ALL,
  'GET /api/v1/delegations/:slug': ALL,
  'GET /cohorts/:slug/space': SIGNED_IN,
  'POST /cohorts/:slug/space/notes': SIGNED_IN,
  'POST /cohorts/:slug/space/files': SIGNED_IN,
  'GET /cohorts/:slug/space/files/:fileId': SIGNED_IN,
  'GET /staff/cohorts': ['programs', 'admin'],
  'GET /staff/cohorts/new': ['programs', 'admin'],
  'POST /staff/cohorts': ['programs', 'admin'],
  'GET /staff/cohorts/:id': ['programs', 'admin'],
  'GET /staff/cohorts/:id/applications.csv': ['programs', 'admin'],
  'POST /staff/cohorts/:id/applications/:applicationId/score': ['programs', 'admin'],
  'POST /staff/cohorts/:id/applications/:applicationId/decision': ['programs', 'admin'],
  'POST /staff/cohorts/:id/meetings': ['programs', 'admin'],
  'POST /staff/cohorts/:id/publish': ['programs', 'admin'],
  // events: public pages and API, programs staff's authoring (issue 16, public and authoring)
  // publishing (issue 18): images of items' text, uploaded by communications staff
  'GET /media/images/:id': ALL,
  'POST /staff/publishing/images': ['communications', 'admin'],
  'GET /events': ALL,
  'GET /events/past': ALL,
  'GET /events/:slug': ALL,
  'GET /api/v1/events': ALL,
  'GET /api/v1/events/:slug': ALL,
  'GET /staff/events': PROGRAMS,
  'GET /staff/events/new': PROGRAMS,
  'POST /staff/events': PROGRAMS,
  'GET /staff/events/:id': PROGRAMS,
  'GET /staff/events/:id/edit': PROGRAMS,
  'POST /staff/events/:id/edit': PROGRAMS,
  'POST /staff/events/:id/publish': PROGRAMS,
  'POST /staff/events/:id/sessions': PROGRAMS,
  'GET /staff/events/:id/sessions/:sessionId': PROGRAMS,
  'POST /staff/events/:id/sessions/:sessionId': PROGRAMS,
  'GET /staff/events/:id/sessions/:sessionId/remove': PROGRAMS,
  'POST /staff/events/:id/sessions/:sessionId/remove': PROGRAMS,
  'POST /staff/events/:id/tickets': PROGRAMS,
  'GET /staff/events/:id/tickets/:ticketId': PROGRAMS,
  'POST /staff/events/:id/tickets/:ticketId': PROGRAMS,
  'GET /staff/events/:id/tickets/:ticketId/archive': PROGRAMS,
  'POST /staff/events/:id/tickets/:ticketId/archive': PROGRAMS,
  // events: staff operations (programs staff; the attendee list is personal data, so not finance), check-in, the PD log
  'GET /staff/events/:id/registrations': ['programs', 'admin'],
  'GET /staff/events/:id/registrations.csv': ['programs', 'admin'],
  'GET /staff/events/:id/message': ['programs', 'admin'],
  'POST /staff/events/:id/message': ['programs', 'admin'],
  'GET /staff/events/:id/cancel': ['programs', 'admin'],
  'POST /staff/events/:id/cancel': ['programs', 'admin'],
  'POST /staff/events/:id/complete': ['programs', 'admin'],
  'GET /staff/events/:id/check-in': ['programs', 'admin'],
  'POST /staff/events/:id/check-in': ['programs', 'admin'],
  'GET /staff/check-in/:code': ['programs', 'admin'],
  'POST /staff/check-in/:code': ['programs', 'admin'],
  'GET /me/pd': SIGNED_IN,
  'GET /me/pd/:eventId/certificate.pdf': SIGNED_IN, // only the attendee's own: a 404 for anyone else (events/pd.test.ts)
  // event registration (issue 16: events/register-routes, me-routes, registration-api-routes); another person's registration or ticket is a 404 (registration-api.test.ts)
  'GET /events/:slug/register': SIGNED_IN,
  'POST /events/:slug/register': SIGNED_IN,
  'GET /events/:slug/register/group': ['orgAdmin'],
  'POST /events/:slug/register/group': ['orgAdmin'],
  'GET /me/events': SIGNED_IN,
  'POST /me/events/calendar-feed': SIGNED_IN,
  'GET /me/events/:id/cancel': SIGNED_IN,
  'POST /me/events/:id/cancel': SIGNED_IN,
  'GET /me/events/:id/transfer': SIGNED_IN,
  'POST /me/events/:id/transfer': SIGNED_IN,
  'GET /me/events/:id/accept': SIGNED_IN,
  'POST /me/events/:id/accept': SIGNED_IN,
  'GET /tickets/:code': SIGNED_IN,
  'GET /me/events/:id/calendar.ics': SIGNED_IN,
  'GET /calendar/:file': ALL, // the feed's secret is the proof (calendar.test.ts)
  'POST /api/v1/events/:slug/registrations': SIGNED_IN,
  'GET /api/v1/me/registrations': SIGNED_IN,
  // a staff change of address: the link sent to the new address (its token is the proof)
  'GET /account/email/confirm': ALL,
  'POST /account/email/confirm': ALL,
  // the Code of Ethics (issue 17: ethics/code-routes): public pages; the editor is ethics staff's
  // only (access.sensitive: not staff admins, not membership staff)
  'GET /ethics': ALL,
  'GET /ethics/versions': ALL,
  'GET /ethics/versions/:version': ALL,
  'GET /staff/ethics/code': ['ethics'],
  'POST /staff/ethics/code/drafts': ['ethics'],
  'GET /staff/ethics/code/:id': ['ethics'],
  'POST /staff/ethics/code/:id': ['ethics'],
  'GET /staff/ethics/code/:id/preview': ['ethics'],
  'POST /staff/ethics/code/:id/tenets': ['ethics'],
  'GET /staff/ethics/code/:id/tenets/:number': ['ethics'],
  'POST /staff/ethics/code/:id/tenets/:number': ['ethics'],
  'GET /staff/ethics/code/:id/tenets/:number/remove': ['ethics'],
  'POST /staff/ethics/code/:id/tenets/:number/remove': ['ethics'],
  'GET /staff/ethics/code/:id/publish': ['ethics'],
  'POST /staff/ethics/code/:id/publish': ['ethics'],
  'GET /staff/ethics/code/:id/discard': ['ethics'],
  'POST /staff/ethics/code/:id/discard': ['ethics'],
  // student chapters (issue 17, src/modules/chapters): public list and pages; signed-in requests,
  // invitations and joining (the service checks student or faculty membership: chapters-access.test.ts);
  // /manage is for the chapter's current officers only (a 403 for anyone else, a 404 here for an
  // unknown chapter); membership staff review requests and reports
  'GET /chapters': ALL,
  'GET /chapters/new': SIGNED_IN,
  'POST /chapters/new': SIGNED_IN,
  'GET /chapters/invitations': SIGNED_IN,
  'POST /chapters/officers/:id/accept': SIGNED_IN,
  'POST /chapters/officers/:id/decline': SIGNED_IN,
  'GET /chapters/:slug': ALL,
  'POST /chapters/:slug/join': SIGNED_IN,
  'POST /chapters/:slug/leave': SIGNED_IN,
  'GET /chapters/:slug/manage': SIGNED_IN,
  'POST /chapters/:slug/manage/officers': SIGNED_IN,
  'POST /chapters/:slug/manage/events': SIGNED_IN,
  'POST /chapters/:slug/manage/report': SIGNED_IN,
  'GET /chapters/:slug/manage/reports/:reportId': SIGNED_IN,
  'POST /chapters/:slug/manage/reports/:reportId': SIGNED_IN,
  'POST /chapters/:slug/manage/reactivation': SIGNED_IN,
  'GET /chapters/:slug/manage/events/:id/remove': SIGNED_IN,
  'POST /chapters/:slug/manage/events/:id/remove': SIGNED_IN,
  'GET /chapters/:slug/manage/members/:id/remove': SIGNED_IN,
  'POST /chapters/:slug/manage/members/:id/remove': SIGNED_IN,
  'GET /staff/chapters': MEMBERSHIP,
  'POST /staff/chapters/settings': MEMBERSHIP,
  'GET /staff/chapters/:id': MEMBERSHIP,
  'POST /staff/chapters/:id/approve': MEMBERSHIP,
  'POST /staff/chapters/:id/decline': MEMBERSHIP,
  'POST /staff/chapters/:id/reactivate': MEMBERSHIP,
  'POST /staff/chapters/:id/officers': MEMBERSHIP,
  'POST /staff/chapters/:id/reports/:reportId/accept': MEMBERSHIP,
  'POST /staff/chapters/:id/reports/:reportId/return': MEMBERSHIP,
  // credentialing (issue 17, I7): the member's pages (refusals explained on the page), the PD log
  // (another's evidence is a 404), the public check; the panel's pages answer 404 to anyone not on
  // the cycle's panel; membership staff run the review (credentialing.test.ts)
  'GET /credential': SIGNED_IN,
  'GET /credential/apply': SIGNED_IN,
  'POST /credential/apply': SIGNED_IN,
  'GET /credential/verify': ALL,
  'GET /credential/log': SIGNED_IN,
  'POST /credential/log': SIGNED_IN,
  'GET /credential/log/files/:id': SIGNED_IN,
  'POST /credential/reinstatement': SIGNED_IN,
  'GET /credential/panel': SIGNED_IN,
  'GET /credential/panel/cycles/:id': SIGNED_IN,
  'GET /credential/panel/applications/:id': SIGNED_IN,
  'POST /credential/panel/applications/:id/decision': SIGNED_IN,
  'GET /staff/credential': MEMBERSHIP,
  'POST /staff/credential/cycles': MEMBERSHIP,
  'GET /staff/credential/cycles/:id': MEMBERSHIP,
  'POST /staff/credential/cycles/:id/panel': MEMBERSHIP,
  'GET /staff/credential/applications/:id': MEMBERSHIP,
  'POST /staff/credential/applications/:id/decision': MEMBERSHIP,
  'POST /staff/credential/reinstatements/:id': MEMBERSHIP,
  // ethics cases (issue 17, I5): intake is open to anyone; the status link's token is the proof; a
  // respondent's case and a committee member's are a 404 to anyone else (ethics/privacy.test.ts);
  // staff pages are ethics staff's only, never staff admins'
  'GET /ethics/complaints/new': ALL,
  'POST /ethics/complaints/new': ALL,
  'GET /ethics/complaints/confirm': ALL,
  'POST /ethics/complaints/confirm': ALL,
  'GET /ethics/complaints/status/:token': ALL,
  'GET /ethics/complaints/mine': SIGNED_IN,
  'GET /ethics/censures': ALL,
  'GET /me/ethics': SIGNED_IN,
  'GET /me/ethics/:id': SIGNED_IN,
  'POST /me/ethics/:id/response': SIGNED_IN,
  'POST /me/ethics/:id/appeal': SIGNED_IN,
  'GET /me/ethics/:id/files/:fileId': SIGNED_IN,
  'GET /ethics/committee': SIGNED_IN,
  'GET /ethics/committee/cases/:id': SIGNED_IN,
  'POST /ethics/committee/cases/:id/notes': SIGNED_IN,
  'GET /ethics/committee/cases/:id/files/:fileId': SIGNED_IN,
  'GET /staff/ethics': ['ethics'],
  'GET /staff/ethics/cases/:id': ['ethics'],
  'GET /staff/ethics/cases/:id/files/:fileId': ['ethics'],
  'POST /staff/ethics/cases/:id/dismiss': ['ethics'],
  'POST /staff/ethics/cases/:id/open': ['ethics'],
  'POST /staff/ethics/cases/:id/fact-finding': ['ethics'],
  'POST /staff/ethics/cases/:id/report': ['ethics'],
  'POST /staff/ethics/cases/:id/decision': ['ethics'],
  'POST /staff/ethics/cases/:id/appeal-decision': ['ethics'],
  'POST /staff/ethics/cases/:id/assign': ['ethics'],
  'GET /staff/ethics/committee': ['ethics'],
  'POST /staff/ethics/committee': ['ethics'],
  'POST /staff/ethics/committee/:userId/remove': ['ethics'],
  // news and stories (issue 18, C7): public pages, feed and API; communications staff author
  'GET /news': ALL,
  'GET /news/feed.atom': ALL,
  'GET /news/:slug': ALL,
  'GET /api/v1/news': ALL,
  'GET /api/v1/news/:slug': ALL,
  'GET /staff/news': ['communications', 'admin'],
  'GET /staff/news/new': ['communications', 'admin'],
  'POST /staff/news': ['communications', 'admin'],
  'GET /staff/news/:id': ['communications', 'admin'],
  'POST /staff/news/:id': ['communications', 'admin'],
  'POST /staff/news/:id/preview': ['communications', 'admin'],
  // the job center (issue 18, C6): public search, postings and the unsubscribe link; signed-in
  // employers and seekers (another's posting is a 404: jobs.test.ts); communications staff moderate
  'GET /jobs': ALL,
  'GET /jobs/new': SIGNED_IN,
  'POST /jobs/new': SIGNED_IN,
  'GET /jobs/mine': SIGNED_IN,
  'POST /jobs/saved-searches': SIGNED_IN,
  'POST /jobs/saved-searches/:id/delete': SIGNED_IN,
  'GET /jobs/alerts/unsubscribe': ALL,
  'POST /jobs/alerts/unsubscribe': ALL,
  'GET /jobs/:id': ALL,
  'GET /jobs/:id/apply': ALL,
  'GET /jobs/:id/edit': SIGNED_IN,
  'POST /jobs/:id/edit': SIGNED_IN,
  'POST /jobs/:id/renew': SIGNED_IN,
  'POST /jobs/:id/close': SIGNED_IN,
  'POST /jobs/:id/reopen': SIGNED_IN,
  'GET /jobs/:id/withdraw': SIGNED_IN,
  'POST /jobs/:id/withdraw': SIGNED_IN,
  'GET /staff/jobs': ['communications', 'admin'],
  'POST /staff/jobs/settings': ['communications', 'admin'],
  'GET /staff/jobs/:id': ['communications', 'admin'],
  'POST /staff/jobs/:id/approve': ['communications', 'admin'],
  'POST /staff/jobs/:id/changes': ['communications', 'admin'],
  'POST /staff/jobs/:id/reject': ['communications', 'admin'],
  'POST /staff/jobs/:id/take-down': ['communications', 'admin'],
  'GET /api/v1/jobs': ALL,
  'POST /api/v1/jobs': SIGNED_IN,
  // resources (issue 18, src/modules/resources): public search, pages, downloads and API (members-only
  // bodies and files are a 404 to others: resources/audience.test.ts); communications staff author
  'GET /resources': ALL,
  'GET /resources/:slug': ALL,
  'GET /resources/:slug/download': ALL,
  'GET /resources/topics/:slug': ALL,
  'GET /api/v1/resources': ALL,
  'GET /api/v1/resources/:slug': ALL,
  'GET /staff/resources': ['communications', 'admin'],
  'GET /staff/resources/new': ['communications', 'admin'],
  'POST /staff/resources': ['communications', 'admin'],
  'GET /staff/resources/:id': ['communications', 'admin'],
  'POST /staff/resources/:id': ['communications', 'admin'],
  'POST /staff/resources/:id/preview': ['communications', 'admin'],
  'GET /staff/resources/topics': ['communications', 'admin'],
  'GET /staff/resources/topics/new': ['communications', 'admin'],
  'POST /staff/resources/topics': ['communications', 'admin'],
  'GET /staff/resources/topics/:id': ['communications', 'admin'],
  'POST /staff/resources/topics/:id': ['communications', 'admin'],
  'POST /staff/resources/topics/:id/preview': ['communications', 'admin'],
  // member groups (issue 19, C3): members and staff; a group one may not see is a 404 and moderation
  // inside a group is for its moderators and community staff (groups/*.test.ts); the unsubscribe
  // link is public (a signed token, no session)
  'GET /groups': ['member', ...STAFF_ROLES],
  'GET /groups/new': ['member', ...STAFF_ROLES],
  'POST /groups/new': ['member', ...STAFF_ROLES],
  'GET /groups/search': ['member', ...STAFF_ROLES],
  'GET /groups/:slug': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/join': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/leave': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/notifications': ['member', ...STAFF_ROLES],
  'GET /groups/:slug/threads/new': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/threads/new': ['member', ...STAFF_ROLES],
  'GET /groups/:slug/threads/:id': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/threads/:id/reply': ['member', ...STAFF_ROLES],
  'GET /groups/:slug/attachments/:id': ['member', ...STAFF_ROLES],
  'GET /groups/:slug/posts/:id/edit': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/posts/:id/edit': ['member', ...STAFF_ROLES],
  'GET /groups/:slug/manage': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/posts/:id/report': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/posts/:id/moderate': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/threads/:id/moderate': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/members/:id': ['member', ...STAFF_ROLES],
  'POST /groups/:slug/invite': ['member', ...STAFF_ROLES],
  'GET /api/v1/groups': ['member', ...STAFF_ROLES],
  'POST /groups/requests/:id': ['communications', 'admin'],
  'GET /groups/unsubscribe': ALL,
  'POST /groups/unsubscribe': ALL,
  // partners (issue 20, R1–R2): the public list, the inquiry and its confirmation link, the API;
  // partnerships staff keep the relationships (partners/partners-public.test.ts checks the pages say no)
  'GET /partners': ALL,
  'GET /api/v1/partners': ALL,
  'GET /partners/inquire': ALL,
  'POST /partners/inquire': ALL,
  'GET /partners/inquire/confirm': ALL,
  'POST /partners/inquire/confirm': ALL,
  'GET /staff/partners': ['partnerships', 'admin'],
  'GET /staff/partners.csv': ['partnerships', 'admin'],
  'GET /staff/partners/new': ['partnerships', 'admin'],
  'POST /staff/partners/new': ['partnerships', 'admin'],
  'GET /staff/partners/:id': ['partnerships', 'admin'],
  'POST /staff/partners/:id/status': ['partnerships', 'admin'],
  'POST /staff/partners/:id/details': ['partnerships', 'admin'],
  'POST /staff/partners/:id/deliverables': ['partnerships', 'admin'],
  'POST /staff/partners/:id/contacts': ['partnerships', 'admin'],
  'POST /staff/partners/:id/notes': ['partnerships', 'admin'],
  'POST /staff/partners/:id/deliverables/:deliverableId/done': ['partnerships', 'admin'],
  'POST /staff/partners/:id/agreement': ['partnerships', 'admin'],
  'GET /staff/partners/:id/agreement': ['partnerships', 'admin'],
  // sponsorship (issue 20, R3): the packages, the application and its confirmation link, sponsors,
  // logos, the API; partnerships staff decide (sponsorship/sponsorship.test.ts checks who is refused)
  'GET /partners/sponsorship': ALL,
  'GET /partners/sponsorship/apply': ALL,
  'POST /partners/sponsorship/apply': ALL,
  'GET /partners/sponsorship/confirm': ALL,
  'POST /partners/sponsorship/confirm': ALL,
  'GET /partners/sponsors': ALL,
  'GET /partners/sponsors/:id/logo': ALL,
  'GET /api/v1/sponsorship/packages': ALL,
  'GET /api/v1/sponsorship/sponsors': ALL,
  'GET /staff/sponsorship': ['partnerships', 'admin'],
  'GET /staff/sponsorship/packages/new': ['partnerships', 'admin'],
  'POST /staff/sponsorship/packages/new': ['partnerships', 'admin'],
  'GET /staff/sponsorship/packages/:id': ['partnerships', 'admin'],
  'POST /staff/sponsorship/packages/:id': ['partnerships', 'admin'],
  'POST /staff/sponsorship/packages/:id/close': ['partnerships', 'admin'],
  'GET /staff/sponsorship/applications/:id': ['partnerships', 'admin'],
  'POST /staff/sponsorship/applications/:id/accept': ['partnerships', 'admin'],
  'POST /staff/sponsorship/applications/:id/decline': ['partnerships', 'admin'],
  // newsletters (issue 19, C4): sign-up, signed links (a wrong link is a 404) and archive for
  // everyone; communications staff's lists, campaigns and suppression list
  'GET /newsletters': ALL,
  'POST /newsletters': ALL,
  'GET /newsletters/confirm': ALL,
  'POST /newsletters/confirm': ALL,
  'GET /newsletters/preferences/:subscriberId': ALL,
  'POST /newsletters/preferences/:subscriberId': ALL,
  'GET /newsletters/unsubscribe/:subscriberId/:listId': ALL,
  'POST /newsletters/unsubscribe/:subscriberId/:listId': ALL,
  'GET /newsletters/archive': ALL,
  'GET /newsletters/archive/:id': ALL,
  'GET /staff/newsletters': ['communications', 'admin'],
  'POST /staff/newsletters/lists': ['communications', 'admin'],
  'POST /staff/newsletters/settings': ['communications', 'admin'],
  'GET /staff/newsletters/campaigns/new': ['communications', 'admin'],
  'POST /staff/newsletters/campaigns': ['communications', 'admin'],
  'GET /staff/newsletters/campaigns/:id': ['communications', 'admin'],
  'POST /staff/newsletters/campaigns/:id': ['communications', 'admin'],
  'POST /staff/newsletters/campaigns/:id/test': ['communications', 'admin'],
  'POST /staff/newsletters/campaigns/:id/release': ['communications', 'admin'],
  'POST /staff/newsletters/campaigns/:id/unschedule': ['communications', 'admin'],
  'GET /staff/newsletters/lists/:id/subscribers': ['communications', 'admin'],
  'GET /staff/newsletters/suppressions': ['communications', 'admin'],
  'POST /staff/newsletters/suppressions': ['communications', 'admin'],
  // commitments (issue 20, O15): the public list, pages and API; signing needs a signed-in person (the
  // commitment then asks for an administrator or elected official of the government: commitments/signing.test.ts);
  // communications and partnerships staff publish them
  'GET /commitments': ALL,
  'GET /commitments/:slug': ALL,
  'GET /commitments/:slug/sign': SIGNED_IN,
  'POST /commitments/:slug/sign': SIGNED_IN,
  'POST /commitments/:slug/withdraw': SIGNED_IN,
  'GET /api/v1/commitments': ALL,
  'GET /api/v1/commitments/:slug/signatories': ALL,
  'GET /staff/commitments': ['communications', 'partnerships', 'admin'],
  'GET /staff/commitments/new': ['communications', 'partnerships', 'admin'],
  'POST /staff/commitments/new': ['communications', 'partnerships', 'admin'],
  'GET /staff/commitments/:id': ['communications', 'partnerships', 'admin'],
  'POST /staff/commitments/:id': ['communications', 'partnerships', 'admin'],
  'POST /staff/commitments/:id/signatures/:signatureId/withdraw': ['communications', 'partnerships', 'admin'],
  // the business challenge (issue 20, O16): the leaderboard and its API for everyone; joining and a
  // business's own page for anyone signed in (the business is the signed-in person's); the
  // government's pages for organization administrators (its own challenge checked: 403 otherwise,
  // challenges/challenges.test.ts); the catalogue template for programs staff
  'GET /challenges/:slug': ALL,
  'GET /api/v1/challenges/:slug/leaderboard': ALL,
  'GET /challenges/:slug/join': ALL,
  'POST /challenges/:slug/join': SIGNED_IN,
  'POST /challenges/:slug/join/start': ALL, // a newcomer's name and address: a sign-in link that confirms it
  'GET /challenges/:slug/business': SIGNED_IN,
  'POST /challenges/:slug/business/actions/:actionId': SIGNED_IN,
  'GET /challenges/evidence/:id': SIGNED_IN, // a 404 unless the business's contact, the government's administrator or programs staff
  'GET /org/challenges': ['orgAdmin'],
  'POST /org/challenges': ['orgAdmin'],
  'GET /challenges/:slug/manage': ['orgAdmin'],
  'POST /challenges/:slug/manage/actions': ['orgAdmin'],
  'POST /challenges/:slug/manage/actions/:actionId': ['orgAdmin'],
  'POST /challenges/:slug/manage/completions/:id': ['orgAdmin'],
  'GET /staff/challenges/template': PROGRAMS,
  'POST /staff/challenges/template': PROGRAMS,
  'POST /staff/challenges/template/:id': PROGRAMS,
  // API tokens (issue 21, P7): a person's own (anyone signed in), the service tokens (staff admins);
  // what a token may then do is tested in tokens/tokens.test.ts
  'GET /account/tokens': SIGNED_IN,
  'POST /account/tokens': SIGNED_IN,
  'POST /account/tokens/:id/revoke': SIGNED_IN,
  'GET /staff/api-tokens': ADMIN,
  'POST /staff/api-tokens': ADMIN,
  'POST /staff/api-tokens/:id/revoke': ADMIN,
  // webhooks (issue 21, P7): staff admins only (webhooks/webhooks.test.ts)
  'GET /staff/webhooks': ADMIN,
  'GET /staff/webhooks/new': ADMIN,
  'POST /staff/webhooks/new': ADMIN,
  'GET /staff/webhooks/:id': ADMIN,
  'POST /staff/webhooks/:id': ADMIN,
  'POST /staff/webhooks/:id/enable': ADMIN,
  'POST /staff/webhooks/:id/disable': ADMIN,
  'POST /staff/webhooks/:id/delete': ADMIN,
  'GET /staff/webhooks/:id/deliveries/:deliveryId': ADMIN,
  'POST /staff/webhooks/:id/deliveries/:deliveryId/resend': ADMIN,
  // import (issue 21, P5): membership staff and staff admins import organizations (imports/imports.test.ts)
  'GET /staff/import': MEMBERSHIP,
  'POST /staff/import': MEMBERSHIP,
  'GET /staff/import/:id': MEMBERSHIP,
  'POST /staff/import/:id/check': MEMBERSHIP,
  'GET /staff/import/:id/report.csv': MEMBERSHIP,
  'POST /staff/import/:id/run': MEMBERSHIP,
  // reports (issue 21, P4): staff admins, finance and membership staff (reports/members.test.ts)
  'GET /staff/reports': ['finance', 'membership', 'admin'],
  'GET /staff/reports/members': ['finance', 'membership', 'admin'],
  'GET /staff/reports/members.csv': ['finance', 'membership', 'admin'],
  'GET /staff/reports/members-over-time.csv': ['finance', 'membership', 'admin'],
  'GET /api/v1/reports/members': ['finance', 'membership', 'admin'],
  'GET /api/v1/reports/members/over-time': ['finance', 'membership', 'admin'],
  'GET /staff/reports/revenue': ['finance', 'membership', 'admin'],
  'GET /staff/reports/revenue.csv': ['finance', 'membership', 'admin'],
  'GET /api/v1/reports/revenue': ['finance', 'membership', 'admin'],
  // webhooks: test event and secret rotation (issue 21, P7; webhooks/webhooks-admin.test.ts)
  'POST /staff/webhooks/:id/test': ADMIN,
  'POST /staff/webhooks/:id/rotate-secret': ADMIN,
  // sponsorship: withdrawing an accepted sponsor (sponsorship/withdraw.test.ts checks who is refused)
  'POST /staff/sponsorship/applications/:id/withdraw': ['partnerships', 'admin'],
  // sponsorship: correcting a sponsor's billing address (sponsorship/billing-address.test.ts)
  'POST /staff/sponsorship/applications/:id/address': ['partnerships', 'admin'],
  // reports: renewals and retention, the application funnel (reports/renewals.test.ts, funnel.test.ts)
  'GET /staff/reports/renewals': ['finance', 'membership', 'admin'],
  'GET /staff/reports/renewals.csv': ['finance', 'membership', 'admin'],
  'GET /staff/reports/retention.csv': ['finance', 'membership', 'admin'],
  'GET /api/v1/reports/renewals': ['finance', 'membership', 'admin'],
  'GET /staff/reports/applications': ['finance', 'membership', 'admin'],
  'GET /staff/reports/applications.csv': ['finance', 'membership', 'admin'],
  'GET /api/v1/reports/applications': ['finance', 'membership', 'admin'],
  'GET /staff/reports/events': ['finance', 'membership', 'admin'],
  'GET /staff/reports/events.csv': ['finance', 'membership', 'admin'],
  'GET /api/v1/reports/events': ['finance', 'membership', 'admin'],
};

function expectedFor(method: string, url: string): Role[] | undefined {
  const key = `${method} ${url}`;
  if (EXPECTED[key]) return EXPECTED[key];
  const prefix = Object.keys(EXPECTED).find((k) => k.endsWith('*') && key.startsWith(k.slice(0, -1)));
  return prefix ? EXPECTED[prefix] : undefined;
}

const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, randomUUID()).replace(/\*$/, 'site.css');

let ctx: TestContext;
const clients = new Map<Role, TestClient>();

/** A client signed in as `role` (a visitor's is not signed in). */
async function clientFor(ctx: TestContext, role: Role): Promise<TestClient> {
  const c = ctx.client();
  if (role === 'visitor') return c;
  const account =
    role === 'member'
      ? await createAccount(ctx, { roles: ['member'] })
      : role === 'orgContact'
        ? await createAccount(ctx, { org: { role: 'contact' } })
        : role === 'orgAdmin'
          ? await createAccount(ctx, { org: { role: 'admin' } })
          : role === 'transition'
            ? await createAccount(ctx, { roles: ['membership', 'transition'] })
            : await createAccount(ctx, { roles: [role] });
  await c.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return c;
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const role of ROLES) clients.set(role, await clientFor(ctx, role));
});
afterAll(() => ctx?.close());

describe('permission matrix', () => {
  it('every registered route has an expected policy in this table, and every entry is a route', () => {
    const routes = ctx.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => {
      const [method = '', url = ''] = r.split(' ');
      return !expectedFor(method, url);
    });
    expect(missing).toEqual([]);
    const stale = Object.keys(EXPECTED).filter((k) => !(k.endsWith('*') ? routes.some((r) => r.startsWith(k.slice(0, -1))) : routes.includes(k)));
    expect(stale).toEqual([]);
  });

  it('each role gets through exactly the routes its policy allows', async () => {
    const failures: string[] = [];
    // Signing out ends the session every later call relies on: it goes last.
    const routes = [...ctx.app.routeTable].sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
    for (const route of routes) {
      const allowed = expectedFor(route.method, route.url) ?? [];
      const url = concrete(route.url);
      for (const role of ROLES) {
        const c = clients.get(role);
        if (!c) throw new Error(role);
        const res =
          route.method === 'GET' ? await c.get(url) : route.url.startsWith('/api/') ? await c.sendJson(route.method as 'POST' | 'PUT', url, {}) : await c.postForm(url, {});
        const denied = res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 303 && String(res.headers.location).startsWith('/login?next='));
        // The transition account holds the membership role too: it may do what membership staff may.
        const expectAllowed = allowed.includes(role) || (role === 'transition' && allowed.includes('membership'));
        if (denied === expectAllowed) failures.push(`${role} ${route.method} ${route.url} → ${res.statusCode} (expected ${expectAllowed ? 'allowed' : 'denied'})`);
      }
    }
    expect(failures).toEqual([]);
    // Every route × every role: the table grows with each module. About 30 s on a quiet machine;
    // it took over 120 s with other suites running beside it.
  }, 300_000);

  it('a visitor is sent to sign in on pages and gets 401 from the API', async () => {
    const v = clients.get('visitor');
    const page = await v?.get('/staff');
    expect(page?.statusCode).toBe(303);
    expect(page?.headers.location).toBe('/login?next=%2Fstaff');
    const api = await v?.getJson('/api/v1/me');
    expect(api?.statusCode).toBe(401);
    expect(api?.json()).toEqual({ error: { code: 'unauthenticated', message: 'Please sign in to continue.' } });
  });

  it('a signed-in person without the role gets a 403 page', async () => {
    const member = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(member.email);
    const res = await c.get('/staff');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You do not have access to this page');
    const api = await c.getJson('/api/v1/audit');
    expect(api.json()).toEqual({ error: { code: 'forbidden', message: 'You do not have permission to do that.' } });
  });
});

// An app of its own: the matrix above signs its clients out and spends the rate limits of the
// public forms.
describe('CSRF', () => {
  let own: TestContext;
  beforeAll(async () => {
    own = await createTestContext();
  });
  afterAll(() => own?.close());

  it('every route with an unsafe method refuses a call without the CSRF token, but those signed another way', async () => {
    // Routes authenticated by a signature or a one-time link instead (config.csrf false).
    const exempt = ['POST /webhooks/stripe', 'POST /newsletters/unsubscribe/:subscriberId/:listId', 'POST /groups/unsubscribe'];
    const refused: string[] = [];
    const passed: string[] = [];
    const signedIn = new Map<Role, TestClient>();
    for (const route of own.app.routeTable.filter((r) => r.method !== 'GET')) {
      const allowed = expectedFor(route.method, route.url) ?? [];
      // a signed-in caller the route lets in, so that the session cookie rides along
      const role = allowed.find((r) => r !== 'visitor');
      if (!role) continue; // nobody may call it (POST /login/2fa: a half-signed-in session, tested in accounts)
      const c = signedIn.get(role) ?? (await clientFor(own, role));
      signedIn.set(role, c);
      const api = route.url.startsWith('/api/');
      const res = await c.request(route.method as 'POST', concrete(route.url), {
        headers: { 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded', accept: 'application/json' },
        payload: api ? '{}' : '',
      });
      const key = `${route.method} ${route.url}`;
      if (res.statusCode === 403 && res.json().error?.code === 'csrf_invalid') refused.push(key);
      else passed.push(`${key} → ${res.statusCode}`);
    }
    expect(passed.map((p) => p.replace(/ → \d+$/, '')).sort()).toEqual([...exempt].sort());
    expect(refused.length).toBeGreaterThan(100);
  }, 120_000);
});

describe('default deny', () => {
  it('a route added without a policy stops the app from starting', async () => {
    await expect(
      createTestContext({
        extraRoutes: (app) => {
          app.get('/no-policy', async () => 'reachable');
        },
      }),
    ).rejects.toThrow(/GET \/no-policy declares no access policy/);
  });
});
