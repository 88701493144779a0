// What other modules (and the composition root) may use of newsletters (issue 19, C4).
export { createList, releaseCampaign, saveCampaign, updateNewsletterSettings } from './campaigns.js';
export * as emails from './emails.js';
export { campaignNames, newsletterListNames } from './queries.js';
export { newslettersRoutes } from './routes.js';
export { seedNewslettersDemo } from './seed.js';
export { DUE_QUEUE, registerNewsletterJobs, runCampaign, SEND_QUEUE, scheduleNewsletterJobs, sendNextBatch, startDueCampaigns } from './send.js';
export { requestSubscription, suppressAddress } from './subscribe.js';
