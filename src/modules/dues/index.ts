// What other modules may use of dues.
export { watchDuesChanges } from './cache.js';
export { duesScheduleNames } from './queries.js';
export { duesRoutes } from './routes.js';
export { DEMO_SCHEDULES, seedDuesDemo } from './seed.js';
export { type DuesContactRequired, type DuesQuote, type DuesQuoteResult, isContactRequired, quoteDues, scheduleInForce } from './service.js';
