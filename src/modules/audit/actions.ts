// Actions as words: every action code the codebase writes to the audit log, as what the actor did
// ("recorded a payment"), so that the log reads as sentences: "Fran Finance recorded a payment on
// invoice 2026-000123". actions.test.ts checks that every code written in src has its words.

export const ACTION_WORDS: Readonly<Record<string, string>> = {
  // accounts
  'account.admin_created': 'created the first staff admin account',
  'account.admin_setup_completed': 'finished setting up the staff admin account',
  'account.deactivated': 'deactivated an account',
  'account.reactivated': 'reactivated an account',
  'account.email_verified': 'confirmed an email address',
  'account.password_reset': 'reset a password',
  'account.staff_invited': 'invited a staff member',
  'account.staff_invitation_accepted': 'accepted a staff invitation',
  'account.staff_invitation_resent': 'resent a staff invitation',
  'account.staff_invitation_revoked': 'withdrew a staff invitation',
  'account.staff_roles_changed': 'changed staff roles',
  'account.totp_enabled': 'turned on two-factor sign-in',
  'account.totp_disabled': 'turned off two-factor sign-in',
  'account.email_change_requested': 'asked to change an email address (waiting for its owner to confirm)',
  'account.email_changed': 'changed an email address',
  'account.merged': 'merged another account into this one',
  'account.merged_away': 'merged this account into another',
  'account.renamed': 'changed a person’s name',
  'account.sessions_ended': 'signed a person out everywhere',
  'account.totp_reset': 'reset two-factor sign-in',
  // advising
  'advising.advisor_assigned': 'assigned an advisor automatically',
  'advising.advisor_assigned_by_hand': 'assigned an advisor',
  'advising.default_advisor_assigned': 'assigned the default advisor (no advisor covers the state)',
  'advising.left_unassigned': 'found no advisor to assign',
  'advising.availability_added': 'added weekly availability',
  'advising.availability_removed': 'removed weekly availability',
  'advising.exception_added': 'added time off',
  'advising.exception_removed': 'removed time off',
  'advising.meeting_booked': 'booked a meeting',
  'advising.meeting_cancelled': 'cancelled a meeting',
  'advising.meeting_rescheduled': 'moved a meeting',
  'advising.profile_saved': 'saved an advisor’s profile',
  // applications
  'applications.submitted': 'submitted an application',
  'applications.approved': 'approved an application',
  'applications.declined': 'declined an application',
  'applications.more_info_requested': 'asked an applicant for more information',
  // cohorts and delegations
  'cohorts.call_opened': 'opened a call for a cohort or delegation',
  'cohorts.application_scored': 'scored an application to a cohort or delegation',
  'cohorts.application_selected': 'selected an applicant to a cohort or delegation',
  'cohorts.application_declined': 'declined an applicant to a cohort or delegation',
  'cohorts.meeting_scheduled': 'scheduled a cohort meeting',
  'cohorts.selection_published': 'published a delegation',
  // assistance
  'assistance.filed': 'filed an assistance request',
  'assistance.message_added': 'replied to an assistance request',
  'assistance.reassigned': 'reassigned an assistance request',
  'assistance.status_changed': 'changed the status of an assistance request',
  // billing
  'billing.invoice_issued': 'issued an invoice',
  'billing.invoice_voided': 'voided an invoice',
  'billing.credit_note_added': 'added a credit note',
  'billing.invoice_link_replaced': 'replaced an invoice’s public link',
  'billing.payment_recorded': 'recorded a payment',
  'billing.payment_reversed': 'reversed a payment',
  'billing.card_payment_unapplied': 'set aside a card payment that could not be applied',
  'billing.renewals_run': 'ran renewals from the console',
  // directory
  'directory.profile_updated': 'updated a directory profile',
  'directory.photo_updated': 'changed a directory photo',
  'directory.photo_removed': 'removed a directory photo',
  // dues
  'dues.schedule_created': 'created a dues schedule',
  'dues.schedule_published': 'published a dues schedule',
  'dues.schedule_replaced': 'replaced a dues schedule',
  'dues.schedule_deleted': 'deleted a dues schedule',
  // exports
  'export.directory': 'downloaded the member directory',
  // cohorts and delegations
  'export.cohort_applications': 'downloaded the applications to a cohort or delegation',
  'export.invoices': 'downloaded invoices as CSV',
  'export.organizations': 'downloaded organizations as CSV',
  'export.people': 'downloaded people as CSV',
  'export.payments': 'downloaded payments as CSV',
  'export.receivables': 'downloaded receivables as CSV',
  // individuals
  'individuals.joined': 'joined as an individual member',
  'individuals.membership_activated': 'activated an individual membership',
  'individuals.membership_renewed': 'renewed an individual membership',
  'individuals.membership_reinstated': 'reinstated an individual membership',
  'individuals.membership_lapsed': 'recorded that an individual membership lapsed',
  'individuals.signup_expired': 'expired a sign-up never paid nor confirmed',
  'individuals.instalments_chosen': 'chose to pay dues in instalments',
  'individuals.eligibility_confirmed': 'confirmed eligibility',
  'individuals.eligibility_declined': 'declined eligibility',
  'individuals.proof_uploaded': 'uploaded proof of eligibility',
  'individuals.proof_viewed': 'viewed proof of eligibility',
  'individuals.level_created': 'created a membership level',
  'individuals.level_updated': 'changed a membership level',
  'individuals.level_archived': 'archived a membership level',
  'individuals.salary_entered': 'entered a member’s salary (renewal dues input)',
  'individuals.transition_requested': 'asked for a Members in Transition waiver',
  'individuals.transition_viewed': 'viewed a Members in Transition request',
  'individuals.transition_queue_viewed': 'viewed the Members in Transition requests',
  'individuals.transition_approved': 'approved a Members in Transition request',
  'individuals.transition_declined': 'declined a Members in Transition request',
  // join page
  'join.section_updated': 'changed a section of the join page',
  // organizations and their memberships
  'organizations.created': 'created an organization',
  'organizations.profile_updated': 'changed an organization’s profile',
  'memberships.activated': 'activated a membership',
  'memberships.renewed': 'renewed a membership',
  'memberships.reinstated': 'reinstated a membership',
  'memberships.lapsed': 'recorded that a membership lapsed',
  'memberships.suspended': 'suspended a membership',
  'memberships.cancelled': 'cancelled a membership',
  // network map
  'network.profile_updated': 'changed an organization’s network profile',
  // pathways
  'pathways.created': 'created a pathway',
  'pathways.updated': 'changed a pathway',
  'pathways.archived': 'archived a pathway',
  // portal (organizations' people)
  'portal.contact_added': 'added a contact',
  'portal.contact_updated': 'changed a contact',
  'portal.contact_removed': 'removed a contact',
  'portal.invitation_sent': 'invited a person to an organization',
  'portal.invitation_resent': 'resent an invitation to an organization',
  'portal.invitation_cancelled': 'cancelled an invitation to an organization',
  'portal.login_request_created': 'asked for an account at an organization',
  'portal.login_request_approved': 'approved a login request',
  'portal.login_request_declined': 'declined a login request',
  // staff records
  'records.note_added': 'added a staff note',
  'records.contact_removed': 'removed a contact from an organization',
  'records.contact_role_changed': 'changed a contact’s role',
  'records.organization_merged': 'merged a duplicate organization into another',
  'records.organization_merged_in': 'merged a duplicate organization into this one',
  // settings
  'settings.association_updated': 'changed the association’s settings',
  'settings.operations_updated': 'changed the association’s payment and email settings',
};

/** An action in words; a code not listed reads as its name without the module
 * ("billing.something_new" → "something new"). */
export function actionInWords(action: string): string {
  return ACTION_WORDS[action] ?? action.replace(/^[a-z]+\./, '').replace(/[._]/g, ' ');
}
