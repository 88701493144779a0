// What other modules may use of applications.
export * as emails from './emails.js';
export { applicationsMover } from './merge.js';
export { applicationIdsOf, applicationNames, countApplicationsWaiting } from './queries.js';
// reports (issue 21, P4): the application funnel
export { type ApplicationFunnel, applicationFunnel } from './report-queries.js';
export { applicationRoutes } from './routes.js';
export { seedApplicationsDemo } from './seed.js';
