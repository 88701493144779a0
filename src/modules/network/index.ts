// What other modules may use of the network.
export { stateOptions } from './filters.js';
// the map, drawn on the server (commitments' signatories)
export { type NetworkMapInput, type NetworkMapPoint, renderNetworkMap } from './map-views.js';
export { profileRoutes } from './profile-routes.js';
export { networkRoutes } from './routes.js';
export { seedNetworkDemo } from './seed.js';
export { updateOrganizationProfile } from './service.js';
export { type ImpactFigures, networkFigures, rebuildNetworkSummary } from './summary.js';
export { NetworkImpact } from './views.js';
