// What the composition root may use of API tokens: the pages, and the request hook's half for
// bearer-token calls of the JSON API.
export { type ApiTokenCaller, bearerAuthenticator, requireTokenScope, usesBearerToken } from './bearer.js';
export { tokenRoutes } from './routes.js';
export { apiTokenNames, createToken, resolveToken, revokeToken, TOKEN_PREFIX } from './service.js';
