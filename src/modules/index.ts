// The composition root of the modules: every module's routes, in the order they are registered,
// and `wireModules`, which gives each app's deps the modules' request jobs, hooks, slots and
// attachment renderers. Modules reach each other only through these, never through state of
// their own: two apps in one process share nothing.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { templatesIn } from '../lib/email.js';
import { cardPaymentsEnabled } from '../lib/stripe.js';
import { accountRoutes, emails as accountsEmails, registerAccountJobs } from './accounts/index.js';
import {
  emails as advisingEmails,
  advisingMover,
  advisingRoutes,
  advisorSection,
  assignAdvisor,
  INVITATION_ATTACHMENT,
  invitationAttachment,
  meetingNames,
} from './advising/index.js';
import { applicationRoutes, emails as applicationsEmails, applicationsMover } from './applications/index.js';
import { emails as assistanceEmails, assistanceMover, assistanceRoutes, assistanceSection } from './assistance/index.js';
import { auditRoutes } from './audit/index.js';
import {
  emails as billingEmails,
  billingMover,
  billingRoutes,
  INVOICE_PDF_ATTACHMENT,
  invoicePdfAttachment,
  moveInvoices,
  renewalEmails,
  renewalRunNames,
} from './billing/index.js';
// the business challenge (issue 20, O16)
import { businessPlace, challengeActionNames, challengeNames, emails as challengesEmails, challengesRoutes, challengesSection } from './challenges/index.js';
// the profession (issue 17): student chapters (I8)
import { chapterNames, chapterOfficerNames, chapterReportNames, emails as chaptersEmails, chaptersRoutes, moveChapterRows, registerChapterJobs } from './chapters/index.js';
// cohorts and delegations (C2, O14)
import {
  cohortApplicationNames,
  cohortInvitationAttachment,
  cohortMeetingNames,
  cohortNames,
  emails as cohortsEmails,
  cohortsMover,
  cohortsRoutes,
  MEETING_INVITATION_ATTACHMENT,
  moveCohortRows,
} from './cohorts/index.js';
// commitments (issue 20, O15)
import { commitmentNames, commitmentSignatureNames, commitmentsMover, commitmentsOnNetworkPage, commitmentsRoutes } from './commitments/index.js';
import {
  committeeElectionNames,
  committeeHolderNames,
  committeeNames,
  committeeNominationNames,
  committeeSeatNames,
  emails as committeesEmails,
  committeesMover,
  committeesRoutes,
  committeeTermNames,
  moveCommitteeRows,
  registerCommitteeJobs,
} from './committees/index.js';
import {
  applyEthicsSanction as barCredential,
  credentialApplicationNames,
  credentialCycleNames,
  emails as credentialingEmails,
  credentialingRoutes,
  registerCredentialJobs,
  settleCredentialFee,
} from './credentialing/index.js';
import { directoryMover, directoryRoutes, memberProfileRoutes, moveProfile } from './directory/index.js';
import { duesRoutes, duesScheduleNames, watchDuesChanges } from './dues/index.js';
// the profession (issue 17): the Code of Ethics, ethics cases (I5)
import { casesEmails as ethicsCasesEmails, ethicsCasesRoutes, ethicsCodeRoutes, registerEthicsJobs } from './ethics/index.js';
import {
  EVENT_CALENDAR_FILE_ATTACHMENT,
  EVENT_INVITATION_ATTACHMENT,
  eventCalendarFileAttachment,
  eventInvitationAttachment,
  eventNames,
  eventRegistrationNames,
  eventSignInReason,
  changeEmails as eventsChangeEmails,
  eventsMover,
  opsEmails as eventsOpsEmails,
  eventsRoutes,
  moveEventRows,
  registerEventsJobs,
  registrationEmails,
  settleEventInvoice,
} from './events/index.js';
// member groups (issue 19, C3)
import { groupMemberNames, groupNames, groupPostNames, emails as groupsEmails, groupsRoutes, groupThreadNames, moveGroupRows, registerGroupJobs } from './groups/index.js';
import { homeRoutes } from './home/index.js';
// import (issue 21, P5)
import { importsRoutes, registerImportJobs } from './imports/index.js';
import {
  applyEthicsSanction,
  individualMembershipNames,
  individualRenewals,
  emails as individualsEmails,
  individualsRoutes,
  instalmentSchedulePart,
  issueInvoiceOnAddressConfirmed,
  memberLevelNames,
  moveIndividualMemberships,
  pendingMembershipPlace,
  settleIndividualMembership,
} from './individuals/index.js';
// the job center (issue 18, C6)
import { jobPostingNames, emails as jobsEmails, jobsRoutes, registerJobsJobs, settleJobInvoice } from './jobs/index.js';
import { joinRoutes } from './join/index.js';
import { networkRoutes, profileRoutes } from './network/index.js';
// knowledge and careers (issue 18): news and stories (C7)
import { newsMover, newsPostNames, newsRoutes, storiesOnNetworkPage } from './news/index.js';
// newsletters (issue 19, C4)
import { campaignNames, newsletterListNames, emails as newslettersEmails, newslettersRoutes, registerNewsletterJobs } from './newsletters/index.js';
import { getStartedSection, onboardingRoutes, personGetStarted } from './onboarding/index.js';
import { moveContacts, organizationsMover } from './organizations/index.js';
// partners (issue 20, R1–R2): relationships and inquiries
import { partnerAffiliates, partnerContactNames, partnerDeliverableNames, partnerNames, emails as partnersEmails, partnersRoutes, registerPartnerJobs } from './partners/index.js';
import { pathwayNames, pathwayRoutes, pathwaysMover } from './pathways/index.js';
import { peopleRoutes } from './people/index.js';
import { placesRoutes } from './places/index.js';
import { loginRequestNames, emails as portalEmails, portalMover, portalRoutes, portalSections, registerLoginRequestJobs } from './portal/index.js';
// knowledge and careers (issue 18): publishing's images and shared workflow
import { publishingRoutes } from './publishing/index.js';
import { recordsRoutes } from './records/index.js';
// reports (issue 21, P4)
import { reportsRoutes } from './reports/index.js';
// knowledge and careers (issue 18): resources (O13, C5)
import { resourceNames, resourcesRoutes, resourceTopicNames } from './resources/index.js';
import { settingsRoutes, W9_ATTACHMENT, w9Attachment } from './settings/index.js';
// sponsorship (issue 20, R3): packages, applications, sponsors
import { eventSponsorsPart, sponsorshipApplicationNames, emails as sponsorshipEmails, sponsorshipPackageNames, sponsorshipRoutes } from './sponsorship/index.js';
import { staffRoutes } from './staff/index.js';
import { systemRoutes } from './system/index.js';
// API tokens (issue 21, P7): personal and service tokens' pages
import { apiTokenNames, tokenRoutes } from './tokens/index.js';
// webhooks (issue 21, P7)
import { registerWebhookJobs, webhookNames, emails as webhooksEmails, webhooksRoutes } from './webhooks/index.js';

export const modules: Array<(app: FastifyInstance) => Promise<void>> = [
  systemRoutes,
  homeRoutes,
  accountRoutes,
  staffRoutes,
  settingsRoutes,
  auditRoutes,
  applicationRoutes,
  duesRoutes,
  joinRoutes,
  placesRoutes,
  billingRoutes,
  networkRoutes,
  profileRoutes,
  portalRoutes,
  pathwayRoutes,
  individualsRoutes,
  memberProfileRoutes,
  directoryRoutes,
  advisingRoutes,
  assistanceRoutes,
  recordsRoutes,
  peopleRoutes,
  onboardingRoutes,
  // programs (issue 16): events, committees, cohorts and delegations
  eventsRoutes,
  committeesRoutes,
  cohortsRoutes,
  // the profession (issue 17): the Code of Ethics
  ethicsCodeRoutes,
  // the profession (issue 17): student chapters
  chaptersRoutes,
  // the profession (issue 17): the Voluntary Credentialing Program
  credentialingRoutes,
  // ethics cases (issue 17, I5): complaints, cases, the committee, censures
  ethicsCasesRoutes,
  // knowledge and careers (issue 18): publishing (images of items' text)
  publishingRoutes,
  // knowledge and careers (issue 18): news and stories (C7)
  newsRoutes,
  // the job center (issue 18, C6)
  jobsRoutes,
  // knowledge and careers (issue 18): resources, their search and topic pages
  resourcesRoutes,
  // member groups (issue 19, C3)
  groupsRoutes,
  // partners (issue 20, R1–R2): relationships, the public list, inquiries
  partnersRoutes,
  // newsletters (issue 19, C4): sign-up, signed links, archive; communications staff's campaigns
  newslettersRoutes,
  // commitments (issue 20, O15): the public commitments, their signatories, signing; staff publish them
  commitmentsRoutes,
  // sponsorship (issue 20, R3): packages, applications, sponsors
  sponsorshipRoutes,
  // the business challenge (issue 20, O16): template, challenges, sign-up, verification, leaderboard
  challengesRoutes,
  // API tokens (issue 21, P7): personal tokens (account settings) and service tokens (staff admins)
  tokenRoutes,
  // webhooks (issue 21, P7): staff admins' endpoints and delivery log
  webhooksRoutes,
  // import (issue 21, P5): membership staff and staff admins import organizations from a CSV file
  importsRoutes,
  // reports (issue 21, P4): members, with charts, CSV and JSON
  reportsRoutes,
];

/** Called once by createDeps for each app's deps, before the job runner starts. */
export function wireModules(deps: Deps): void {
  // Queues that requests fill, so that every process (and every test's app) can work them; and
  // the queues of scheduled work (committees' term-end reminders, events' expired seat offers),
  // scheduled by src/server.ts.
  registerAccountJobs(deps);
  registerLoginRequestJobs(deps);
  registerCommitteeJobs(deps);
  registerEventsJobs(deps);
  registerChapterJobs(deps); // chapters' report reminders and dormancy, daily
  registerCredentialJobs(deps);
  registerEthicsJobs(deps); // ethics cases: response reminders, appeal windows closing (daily)
  registerJobsJobs(deps); // the job center: saved searches' alerts (daily)
  registerGroupJobs(deps); // member groups: the daily digest
  // Caches that changes in any process invalidate (deps.changes; the association's is deps' own).
  watchDuesChanges(deps);

  // The audit log names the records its entries are about through their modules' lookups.
  Object.assign(deps.slots.recordNames, {
    event: eventNames,
    sponsorship_package: sponsorshipPackageNames,
    sponsorship_application: sponsorshipApplicationNames,
    resource: resourceNames,
    resource_topic: resourceTopicNames,
    meeting: meetingNames,
    job_posting: jobPostingNames,
    chapter: chapterNames,
    partner_relationship: partnerNames,
    individual_membership: individualMembershipNames,
    member_level: memberLevelNames,
    webhook_endpoint: webhookNames,
    newsletter_campaign: campaignNames,
    news_post: newsPostNames,
    cohort: cohortNames,
    committee: committeeNames,
    commitment: commitmentNames,
    group: groupNames,
    credential_application: credentialApplicationNames,
    credential_cycle: credentialCycleNames,
    challenge: challengeNames,
    dues_schedule: duesScheduleNames,
    pathway: pathwayNames,
    api_token: apiTokenNames,
    group_thread: groupThreadNames,
    group_post: groupPostNames,
    group_member: groupMemberNames,
    committee_seat: committeeSeatNames,
    committee_term: committeeTermNames,
    committee_holder: committeeHolderNames,
    committee_election: committeeElectionNames,
    committee_nomination: committeeNominationNames,
    newsletter_list: newsletterListNames,
    cohort_meeting: cohortMeetingNames,
    cohort_application: cohortApplicationNames,
    partner_contact: partnerContactNames,
    partner_deliverable: partnerDeliverableNames,
    challenge_action: challengeActionNames,
    commitment_signature: commitmentSignatureNames,
    chapter_officer: chapterOfficerNames,
    chapter_report: chapterReportNames,
    event_registration: eventRegistrationNames,
    login_request: loginRequestNames,
    renewal_run: renewalRunNames,
  });
  // A membership paid for: advising assigns the advisor, in the payment's transaction.
  deps.hooks.membershipActivated.push(async (trx, event) => {
    await assignAdvisor(trx, deps, { organizationId: event.organizationId, membershipId: event.membershipId, at: event.at });
  });
  // Individual memberships are the individuals module's: billing settles and renews them through it.
  deps.hooks.individualInvoicePaid.push(settleIndividualMembership);
  // A person who joined with a new account confirms their address: the first invoice is issued then.
  deps.hooks.addressConfirmed.push((trx, event) => issueInvoiceOnAddressConfirmed(trx, deps, event));
  deps.hooks.renewals.push(individualRenewals);
  // Invoices for anything else (events' orders): billing settles them through their module's hook.
  deps.hooks.invoiceSettled.push(settleEventInvoice);
  // The credential's application fee (invoice purpose 'other'): marks the application's fee paid.
  deps.hooks.invoiceSettled.push(settleCredentialFee);
  // The job center's posting fee (invoice purpose 'other'): a paid posting goes to review.
  deps.hooks.invoiceSettled.push(settleJobInvoice);
  // An ethics sanction took effect (ethics runs these in its transaction): a suspension or an
  // expulsion ends the individual membership and bars rejoining (individuals' bars.ts); every
  // sanction revokes or bars the credential (credentialing).
  deps.hooks.ethicsSanction.push(applyEthicsSanction, barCredential);
  // Two accounts of one person merged (accounts): each module moves its own rows; individuals
  // refuses when both have a current membership (it runs first, before anything moves), events
  // when both hold a seat at one event, cohorts when both applied to one call.
  deps.hooks.accountsMerged.push(
    moveIndividualMemberships,
    moveContacts,
    moveInvoices,
    moveProfile,
    moveCommitteeRows,
    moveEventRows,
    moveCohortRows,
    moveChapterRows,
    moveGroupRows,
  );
  // A duplicate organization merged into another (records decides): each owner moves its rows.
  // Organizations first: the portal's move finds the seats already at the survivor.
  deps.hooks.organizationMerged.push(
    organizationsMover,
    portalMover,
    billingMover,
    advisingMover,
    applicationsMover,
    assistanceMover,
    directoryMover,
    pathwaysMover,
    committeesMover,
    eventsMover,
    cohortsMover,
  );

  // Every module's email templates, and what emails attach (rendered when they are sent): the
  // invoice PDF, advising's and cohorts' meeting invitations, the W-9, events' invitations.
  deps.mail.addTemplates(
    templatesIn(
      accountsEmails,
      advisingEmails,
      applicationsEmails,
      assistanceEmails,
      billingEmails,
      renewalEmails,
      individualsEmails,
      portalEmails,
      committeesEmails,
      cohortsEmails,
      registrationEmails,
      eventsOpsEmails,
      eventsChangeEmails,
      chaptersEmails,
      credentialingEmails,
      ethicsCasesEmails,
      // the job center (issue 18, C6)
      jobsEmails,
      // member groups (issue 19, C3)
      groupsEmails,
      // partners (issue 20, R1–R2)
      partnersEmails,
      // newsletters (issue 19, C4): the sign-up's confirmation
      newslettersEmails,
      // sponsorship (issue 20, R3)
      sponsorshipEmails,
      // the business challenge (issue 20, O16): a business hears of each decision on its actions
      challengesEmails,
    ),
  );
  deps.mail.attachments.set(INVOICE_PDF_ATTACHMENT, invoicePdfAttachment(deps.db, { publicUrl: deps.config.publicUrl, card: cardPaymentsEnabled(deps.config) }));
  deps.mail.attachments.set(INVITATION_ATTACHMENT, invitationAttachment(deps.db));
  deps.mail.attachments.set(W9_ATTACHMENT, w9Attachment(deps.db));
  deps.mail.attachments.set(MEETING_INVITATION_ATTACHMENT, cohortInvitationAttachment(deps.db, { publicUrl: deps.config.publicUrl }));
  deps.mail.attachments.set(EVENT_INVITATION_ATTACHMENT, eventInvitationAttachment(deps.db, deps.config.publicUrl));
  deps.mail.attachments.set(EVENT_CALENDAR_FILE_ATTACHMENT, eventCalendarFileAttachment(deps.db, deps.config.publicUrl));

  // The organization home's sections.
  deps.slots.orgSections.push(getStartedSection, ...portalSections, advisorSection, assistanceSection, challengesSection);
  deps.slots.personStart.push(personGetStarted);
  // home and /account list a membership still waiting for its payment or check
  deps.slots.personPlaces.push(pendingMembershipPlace);
  // the business challenge (issue 20, O16): a business's contact finds their business from home
  deps.slots.personPlaces.push(businessPlace);
  deps.slots.invoiceParts.push(instalmentSchedulePart);
  // news and stories (issue 18, C7): a member's network page lists the stories featuring it, and
  // those stories follow a duplicate organization merged into another
  deps.slots.networkMemberParts.push(storiesOnNetworkPage);
  deps.hooks.organizationMerged.push(newsMover);
  // partners (issue 20, R1–R2): the daily reminders; public chapters and branches are the network's affiliates
  registerPartnerJobs(deps);
  deps.slots.networkAffiliates = partnerAffiliates;
  // newsletters (issue 19, C4): campaigns' send jobs and the every-minute start of scheduled ones;
  // a recipient refused by SMTP (5xx) goes to newsletters' suppression list
  registerNewsletterJobs(deps);
  // commitments (issue 20, O15): a member's network page lists the commitments it signed, and the
  // signatures follow a duplicate organization merged into another
  deps.slots.networkMemberParts.push(commitmentsOnNetworkPage);
  deps.hooks.organizationMerged.push(commitmentsMover);
  // sponsorship (issue 20, R3): a conference's sponsors on its event page
  deps.slots.eventPageParts = [...(deps.slots.eventPageParts ?? []), eventSponsorsPart];
  // events: the sign-in page names the event a visitor was on the way to register for
  deps.slots.signInReasons = [...(deps.slots.signInReasons ?? []), eventSignInReason];
  // webhooks (issue 21, P7): the first attempt of each delivery, the dispatcher of retries, and
  // the email to admins when an endpoint is disabled
  registerWebhookJobs(deps);
  deps.mail.addTemplates(templatesIn(webhooksEmails));
  // import (issue 21, P5): staff's import of an uploaded file, with its progress on the page
  registerImportJobs(deps);
}
