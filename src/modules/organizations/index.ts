// What other modules may use of organizations.

export { moveContacts } from './account-merge.js';
// whom each organization names as its billing contact (billing's bill-to and renewals)
export { type BillingContact, billingContactsOf } from './billing-contacts.js';
// Contacts and the public listing, written for the portal and the network (contacts.ts).
export type { ContactSeat, OrganizationListing } from './contacts.js';
export { addContact, lockContacts, rechooseBillingContact, removeContact, updateContact, updateOrganizationListing } from './contacts.js';
// import of organizations from another system (issue 21, P5)
export {
  type ImportedContact,
  type ImportedOrganization,
  type ImportedTerm,
  insertImportedMemberships,
  insertImportedOrganizations,
  settleImportedOrganizations,
  updateImportedMemberships,
  updateImportedOrganizations,
  upsertImportedContacts,
} from './imported.js';
export { ENTITY_TYPE_CHOICES, ENTITY_TYPE_LABELS, ENTITY_TYPE_NOUNS, ENTITY_TYPE_PLURALS } from './labels.js';
export { activateMembership, blockRenewals, lapseMembership, type MembershipChange, reinstateMembership, renewMembership, setMembershipStanding } from './memberships.js';
export { countOrganizationRows, markOrganizationMerged, mergedInto, moveOrganizationRows, organizationsMover } from './merge.js';
export { membershipOrganizations, organizationIdsNamed, organizationNames } from './names.js';
export { POPULATION_BAND_KEYS, POPULATION_BANDS, type PopulationBand, type PopulationBandKey, populationBand, populationBandOf } from './population-bands.js';
export { type OrganizationProfile, updateOrganizationProfile } from './profile.js';
export { type HeldSeat, seatsHeldBy } from './seats.js';
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
export { createOrganization, createPendingMembership, findSimilarOrganizations, organizationDomain, setTimeZone, slugify } from './service.js';
// eligibility of elected officials (committees, cohorts)
export { type ElectedSeat, electedSeatsInGoodStanding } from './standing.js';
