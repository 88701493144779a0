// What other modules may use of accounts.

// for joining online (individuals): the same password rules, and signing the new member in
export { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password-policy.js';
export { accountRoutes } from './routes.js';
export { createMagicLink, createUser, currentTotpCode, findOrCreateAccount, proveEmailOwnership, type SignInResult, startLinkSession } from './service.js';
export { createSession, loadPrincipal, SESSION_COOKIE_DEV, SESSION_COOKIE_PROD, setSessionCookie } from './sessions.js';
export { redirectAfterSignIn } from './sign-in.js';
