// What other modules may use of organizations.

export type { NewOrganization, SimilarOrganization } from './service.js';
export { createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain, slugify } from './service.js';
