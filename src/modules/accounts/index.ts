// What other modules may use of accounts.

export * as emails from './emails.js';
// import of contacts and individual members from another system (issue 21, P5)
export { accountsByEmail, findOrCreateImportedAccounts, grantRoleToMany, type ImportedPerson } from './imported.js';
export { createMagicLink, EMAIL_LINKS_QUEUE, registerAccountJobs } from './links.js';
export { namesOfUsers, userIdsNamed } from './names.js';
// for joining online (individuals): the same password rules, and signing the new member in
export { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password-policy.js';
// the People pages (people module): staff's actions on any person's account
export {
  checkEmailChangeToken,
  confirmEmailChange,
  deactivateAccount,
  EMAIL_CHANGE_PATH,
  editPerson,
  endAllSessions,
  isStaffAccount,
  mergeAccounts,
  type PersonActor,
  pendingEmailChange,
  reactivateAccount,
  resetTwoFactor,
  type SignInActivity,
  signInActivity,
} from './person-admin.js';
// where a signed-in person's things are, and their roles in words (the home page)
export { type Place, placesOf, YourPlaces } from './places.js';
export { accountRoutes } from './routes.js';
export { type BulkUser, bulkGrantRole, bulkInsertUsers, bumpSignedInPrivileges, type DemoUser, PRIVILEGE_TRIGGERS, seedRole, seedUsers } from './seed.js';
export { createUser, currentTotpCode, findOrCreateAccount, grantRole, revokeRole } from './service.js';
export { createSession, endRequestSession, loadPrincipal, SESSION_COOKIE_DEV, SESSION_COOKIE_PROD, type SignInResult, setSessionCookie, startLinkSession } from './sessions.js';
export { ADMIN_SETUP_HOURS, createStaffAdmin } from './setup.js';
export { redirectAfterSignIn } from './sign-in.js';
// roles in words (the staff front page); people's names by id (the audit log)
export { ROLE_LABELS, rolesInWords } from './staff-accounts.js';
export { listOpenStaffInvitations, resendStaffInvitation, type StaffInvitation } from './staff-invitations.js';
export { createUnverifiedAccount, createVerificationLink, deactivateUnverifiedAccount, proveEmailOwnership, startWithEmail, VERIFY_HOURS } from './verification.js';
export { verificationBrowser } from './verify-routes.js';
