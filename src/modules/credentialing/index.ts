// What other modules (and the composition root) may use of the credentialing program.
export * as emails from './emails.js';
export { CREDENTIAL_QUEUE, lapseCredentials, registerCredentialJobs, runCredentialJobs, scheduleCredentialJobs, sendLogReminders } from './jobs.js';
/** Who's Who's marker: of these people, those who hold the credential now. */
export { credentialApplicationNames, credentialCycleNames, currentHolders } from './queries.js';
export { credentialingRoutes } from './routes.js';
export { applyEthicsSanction, settleCredentialFee } from './sanctions.js';
export { seedCredentialingDemo } from './seed.js';
