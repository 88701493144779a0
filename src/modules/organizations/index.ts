// What other modules may use of organizations.

export type { NewOrganization, SimilarOrganization } from './service.js';
export { addContact, createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain, slugify } from './service.js';
