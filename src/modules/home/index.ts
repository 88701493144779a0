// What other modules may use of the home page.
export { homeRoutes } from './routes.js';
