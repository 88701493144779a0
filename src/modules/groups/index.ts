// What other modules (and the composition root) may use of member groups (issue 19, C3).
export { GROUP_DIGEST_QUEUE, registerGroupJobs, runGroupDigests, scheduleGroupJobs, unsubscribeByLink } from './digest.js';
export * as emails from './emails.js';
export { groupsRoutes } from './routes.js';
export { seedGroupsDemo } from './seed.js';
