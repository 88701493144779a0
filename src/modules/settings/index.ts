// What other modules may use of settings.

export { settingsRoutes } from './routes.js';
export { seedAssociation } from './seed.js';
