// What other modules may use of settings.
export { settingsRoutes } from './routes.js';
