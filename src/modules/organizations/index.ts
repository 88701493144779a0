// What other modules may use of organizations.

export { activateMembership, lapseMembership, type MembershipChange, renewMembership } from './memberships.js';
export type { NewOrganization, SimilarOrganization } from './service.js';
export { createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain, setTimeZone, slugify } from './service.js';
