// What other modules (and the composition root) may use of the job center (issue 18, C6).
export { JOB_ALERTS_QUEUE, registerJobsJobs, runJobAlerts, saveSearch, scheduleJobsJobs, unsubscribe } from './alerts.js';
export * as emails from './emails.js';
export { jobPostingIdsTitled, jobPostingNames } from './queries.js';
export { jobsRoutes } from './routes.js';
export type { PostingFields } from './rules.js';
export { readPosting } from './rules.js';
export { seedJobsDemo } from './seed.js';
export { decidePosting, editPosting, jobSettings, postJob, renewPosting, settleJobInvoice, updateJobSettings } from './service.js';
