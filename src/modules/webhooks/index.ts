// What other modules (and the composition root) may use of webhooks: `publishEvent`, which other
// modules call in the transaction of their change, the jobs, and the routes.

export { DISPATCH_QUEUE, dispatchDueDeliveries, registerWebhookJobs, scheduleWebhookJobs, sign as signWebhook } from './deliver.js';
export * as emails from './emails.js';
export { DELIVER_QUEUE, EVENT_TYPES, type PublishDeps, publishEvent, publishEvents, type WebhookEventData, type WebhookEventType } from './events.js';
export { webhookNames } from './queries.js';
export { webhooksRoutes } from './routes.js';
