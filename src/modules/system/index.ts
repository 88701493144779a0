// What other modules may use of the system routes (health, API docs, mailbox).
export { systemRoutes } from './routes.js';
