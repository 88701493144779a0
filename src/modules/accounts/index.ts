// What other modules may use of accounts.
export { accountRoutes } from './routes.js';
export { createUser, currentTotpCode, findOrCreateAccount } from './service.js';
export { loadPrincipal, SESSION_COOKIE_DEV, SESSION_COOKIE_PROD } from './sessions.js';
