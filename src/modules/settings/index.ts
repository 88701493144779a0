// What other modules may use of settings.

export { associationFileInfo, currentAssociationFile, invoiceLogo, W9_ATTACHMENT, w9Attachment, w9AttachmentRef } from './files.js';
export { defaultAdvisorUserId, hasW9, type Remittance, remittanceDetails } from './operations.js';
export { settingsRoutes } from './routes.js';
export { DEMO_MEMBERSHIP_TERMS, seedAssociation, seedDefaultAdvisor } from './seed.js';
