// What other modules (and the composition root) may use of ethics.
// the Code of Ethics' pages and editor (issue 17: code)

export { assignFactFinder, decideAppeal, dismissCase, openCase, recordDecision, recordReport, sanctionOf } from './cases.js';
// ethics cases (issue 17, I5: complaints, cases, the committee, censures)
export * as casesEmails from './cases-emails.js';
export { closeAppealWindows, ETHICS_DAILY_QUEUE, registerEthicsJobs, runEthicsDaily, scheduleEthicsJobs, sendResponseReminders } from './cases-jobs.js';
export { ethicsCasesRoutes } from './cases-routes.js';
export { seedEthicsCasesDemo } from './cases-seed.js';
export { type CodeVersion, codeInForce, currentTenets, type PublishedVersionSummary, publishedVersion, publishedVersions, type Tenet } from './code.js';
export { ethicsCodeRoutes } from './code-routes.js';
export { seedEthicsCodeDemo } from './code-seed.js';
export { addCommitteeMember, assignCommitteeMember } from './committee.js';
export { confirmComplaint, fileComplaint } from './intake.js';
export { fileAppeal, submitResponse } from './respondent.js';
