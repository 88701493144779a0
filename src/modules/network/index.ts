// What other modules may use of the network.
export { profileRoutes, updateOrganizationProfile } from './profile.js';
export { networkRoutes } from './routes.js';
export { seedNetworkDemo } from './seed.js';
export { type ImpactFigures, impactFigures } from './service.js';
export { NetworkImpact } from './views.js';
