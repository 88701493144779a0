// What other modules may use of the staff workspace: its routes (the composition root registers
// them). Other modules link to an organization's record at /staff/organizations/<id>.
export { recordsRoutes } from './routes.js';
