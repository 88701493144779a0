// Every module's email templates, gathered for the mailer of each app (createDeps). A module
// defines its templates as values (`defineTemplate`) in its emails file; a new emails file is
// added here (`wiring.test.ts` checks that none is missing).
import { type AnyEmailTemplate, type EmailTemplates, emailTemplateSet, isEmailTemplate } from '../lib/email.js';
import * as accounts from './accounts/emails.js';
import * as advising from './advising/emails.js';
import * as applications from './applications/emails.js';
import * as assistance from './assistance/emails.js';
import * as billing from './billing/emails.js';
import * as billingRenewals from './billing/renewals-emails.js';
import * as individuals from './individuals/emails.js';
import * as portal from './portal/emails.js';

/** The templates exported by these files (anything else they export is left out). */
export const templatesIn = (files: object[]): AnyEmailTemplate[] => files.flatMap((file) => Object.values(file).filter(isEmailTemplate));

export const emailTemplates: EmailTemplates = emailTemplateSet(templatesIn([accounts, advising, applications, assistance, billing, billingRenewals, individuals, portal]));
