// What other modules (and the composition root) may use of member groups (issue 19, C3).

// two accounts of one person merged: their group rows move to the kept one
export { moveGroupRows } from './account-merge.js';
export { GROUP_DIGEST_QUEUE, registerGroupJobs, runGroupDigests, scheduleGroupJobs, unsubscribeByLink } from './digest.js';
export * as emails from './emails.js';
export { groupIdsNamed, groupMemberNames, groupNames, groupPostNames, groupThreadNames } from './queries.js';
export { groupsRoutes } from './routes.js';
export { seedGroupsDemo } from './seed.js';
