// What other modules may use of the staff workspace: its routes (the composition root registers
// them). Other modules link to an organization's record at /staff/organizations/<id>.

// the staff desk counts organizations by the list's own filters
export { countOrganizations, rebuildOrganizationNameWords } from './queries.js';
export { recordsRoutes } from './routes.js';
export type { OrganizationFilters } from './schemas.js';
