// What other modules may use of the audit log pages.
export { auditRoutes } from './routes.js';
