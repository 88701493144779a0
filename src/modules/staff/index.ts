// What other modules may use of the staff area.
export { staffRoutes } from './routes.js';
