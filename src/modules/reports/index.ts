// What other modules (and the composition root) may use of reports.
export { reportsRoutes } from './routes.js';
