// What other modules may use of the audit log pages: the pages, and actions in words.
export { actionInWords } from './actions.js';
export { auditRoutes } from './routes.js';
export { actorInWords, DELETED_ACTOR, SYSTEM_ACTOR, unsignedActor, visitorOf } from './who.js';
