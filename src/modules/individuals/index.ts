// What other modules may use of individual membership.
import type { FastifyInstance } from 'fastify';
import { joinRoutes } from './join-routes.js';
import { meRoutes } from './me-routes.js';
import { staffRoutes } from './staff-routes.js';
import { transitionRoutes } from './transition-routes.js';
import { verificationRoutes } from './verification-routes.js';

/** Every route of the module: /join/individual, the quote API, /me/membership, /me/transition
 * and the staff pages (levels, individuals, transition); eligibility checks (proof upload and the
 * staff queue) in their own scope, the only one here that accepts multipart bodies. */
export async function individualsRoutes(app: FastifyInstance) {
  await joinRoutes(app);
  await meRoutes(app);
  await transitionRoutes(app);
  await staffRoutes(app);
  await app.register(verificationRoutes);
}

export { moveIndividualMemberships } from './account-merge.js';
export { activeBar, applyEthicsSanction, type Bar, barMessage } from './bars.js';
export { QUESTIONS, quoteIndividualDues } from './dues.js';
export * as emails from './emails.js';
// import of individual members from another system (issue 21, P5)
export {
  accountsWithOpenMembership,
  type ImportedIndividualMembership,
  insertImportedIndividualMemberships,
  levelsForImport,
  updateImportedIndividualMemberships,
} from './imported.js';
export { instalmentSchedulePart } from './invoice-part.js';
export { InstalmentTable } from './parts.js';
export { levelOptions, type PersonMembership, personMemberships } from './people-part.js';
export { pendingMembershipPlace } from './places.js';
export { individualMembershipNames, instalmentsOf, memberLevelNames } from './queries.js';
export { countBlockedIndividualRenewals } from './renewal-blocks.js';
export { individualRenewals } from './renewals.js';
// reports (issue 21, P4): counts of individual members
export { activeMembersByLevel, countActiveIndividualMembers, individualCohorts, individualMembersOn, individualRenewalOutcomes } from './report-queries.js';
export { type BulkIndividualMembership, bulkInsertIndividualMemberships, seedIndividualsDemo, seedScaleLevel } from './seed.js';
export { firstYearLine, issueInvoiceOnAddressConfirmed, listInstalments } from './service.js';
export { settleIndividualMembership } from './settle.js';
export { type AcademicStanding, academicStanding, seedDemoStudentMemberships } from './student.js';
export { countAwaitingVerification } from './verification.js';
