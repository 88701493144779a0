// What other modules may use of pathways.

export { pathwaysMover } from './merge.js';
export { pathwayRoutes } from './routes.js';
export { type BulkOrganizationPathway, bulkLinkOrganizationPathways } from './seed.js';
export type { Pathway } from './service.js';
export { DEMO_PATHWAYS, listPathways, pathwayNames, pathwaysOfOrganizations, seedPathwaysDemo, setOrganizationPathways } from './service.js';
