// What other modules (and the composition root) may use of partners.
import type { NetworkAffiliates } from '../../deps.js';
import { networkAffiliates } from './queries.js';

export * as emails from './emails.js';
export { confirmInquiry, startInquiry } from './inquiry.js';
export { PARTNER_REMINDERS_QUEUE, registerPartnerJobs, runPartnerReminders, schedulePartnerJobs } from './reminders.js';
export { partnersRoutes } from './routes.js';
export { seedPartnersDemo } from './seed.js';
export { addDeliverable, changeStatus, createRelationship, saveAgreement } from './service.js';

/** The network's affiliates (deps.slots.networkAffiliates): public chapters and branches. */
export const partnerAffiliates: NetworkAffiliates = { list: (db) => networkAffiliates(db) };
export { partnerContactNames, partnerDeliverableNames, partnerNames } from './queries.js';
