// What other modules may use of People: its routes (the composition root registers them). Other
// modules link to a person's record at /staff/people/<id>.
export { peopleRoutes } from './routes.js';
