// What other modules may use of organizations.

// Contacts and the public listing, written for the portal and the network (contacts.ts).
export type { ContactSeat, OrganizationListing } from './contacts.js';
export { addContact, lockContacts, removeContact, updateContact, updateOrganizationListing } from './contacts.js';
export type { NewOrganization, SimilarOrganization } from './service.js';
export { createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain, slugify } from './service.js';
