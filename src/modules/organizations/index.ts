// What other modules may use of organizations.

export {
  type BulkContact,
  type BulkMembership,
  type BulkOrganization,
  bulkInsertContacts,
  bulkInsertMemberships,
  bulkInsertOrganizations,
  bulkUnlistOrganizations,
  seedContactDetails,
  seedContacts,
  seedMembership,
  seedOrganizationDetails,
  seedOrganizations,
  seedWebsite,
} from './seed.js';
export type { NewOrganization, SimilarOrganization } from './service.js';
export { createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain, slugify } from './service.js';
