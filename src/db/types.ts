// Table types for Kysely. Each module owns its tables (see the module READMEs);
// this file only describes their shapes.
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** a timestamp with no default: every insert gives it */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;
/** a nullable column that may be left out of an insert */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export const STAFF_ROLES = ['membership', 'finance', 'advisor', 'programs', 'communications', 'ethics', 'partnerships', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles held by a person regardless of organization: individual member and staff roles, and
 * `transition` (0010_individuals): reviews Members in Transition, held in addition to a staff role. */
export const GLOBAL_ROLES = ['member', ...STAFF_ROLES, 'transition'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export const ORG_ROLES = ['contact', 'admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const ENTITY_TYPES = ['city', 'county', 'town', 'region', 'tribal_nation'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface AssociationTable {
  id: ColumnType<number, number, never>;
  name: string;
  short_name: string;
  contact_email: string;
  phone: string;
  address: string;
  website: string;
  founded_year: number;
  membership_year_start_month: number;
  updated_at: Timestamp;
  invoice_terms_days: Generated<number>;
  activation_rule: Generated<'full' | 'first_payment'>;
  term_model: Generated<'anniversary' | 'calendar'>;
  renewal_lead_days: Generated<number>;
  reminder_days: Generated<number[]>;
  grace_days: Generated<number>;
  // 0024_association_settings
  /** '#rrggbb' (lower case), at least 4.5:1 against white; null: the default colours */
  brand_colour: string | null;
  logo_file_id: string | null;
  w9_file_id: string | null;
  w9_attach_to_invoices: Generated<boolean>;
  remit_check_payee: Generated<string>;
  remit_check_address: Generated<string>;
  remit_ach_bank: Generated<string>;
  remit_ach_routing: Generated<string>;
  remit_ach_account: Generated<string>;
  default_advisor_user_id: string | null;
  email_signature: Generated<string>;
  /** IANA time zone the association's times are shown in (0028_association_time_zone) */
  time_zone: Generated<string>;
  /** the membership terms applicants agree to, Markdown, public at /membership-terms (0093) */
  membership_terms: Generated<string>;
}

/** A file of the association (0024_association_settings): its logo or its W-9; the association's
 * row points at the current one of each, older ones stay for emails already queued. */
export interface AssociationFilesTable {
  id: Generated<string>;
  kind: 'logo' | 'w9';
  filename: string;
  content_type: 'image/png' | 'image/jpeg' | 'application/pdf';
  size_bytes: number;
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_counter: number | null;
  password_changed_at: Timestamp;
  created_at: Generated<Date>;
  disabled_at: Date | null;
  /** null until the owner of the address follows a link sent to it (0012_verified_accounts) */
  email_verified_at: Date | null;
  /** counts changes to the account's roles and seats, kept by triggers (0018_privilege_rotation) */
  privileges_version: Generated<number>;
}

export interface UserRolesTable {
  user_id: string;
  role: GlobalRole;
  granted_at: Generated<Date>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: RequiredTimestamp;
  mfa_pending: boolean;
  user_agent: string | null;
  /** wrong codes typed at the second step of this pending sign-in (0017_abuse_limits) */
  mfa_failures: Generated<number>;
  /** the account's privileges version when the session was made or last rotated (0018) */
  privileges_version: Generated<number>;
}

/** Failed sign-ins per typed address, for a backoff that holds across client addresses (0017). */
export interface SignInThrottleTable {
  email: string;
  failures: number;
  window_started_at: RequiredTimestamp;
  locked_until: Date | null;
  locks: number;
  owner_notified_at: Date | null;
}

/** @fastify/rate-limit's counters on PostgreSQL, shared by every web process (0037, unlogged). */
export interface RateLimitHitsTable {
  /** the limit (route or limiter) and the client's key */
  key: string;
  hits: number;
  /** when the window that the first hit opened ends */
  expires_at: Date;
}

export interface AuthTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'password_reset' | 'magic_link' | 'verify_email' | 'admin_setup' | 'change_email';
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
  used_at: Date | null;
  /** a confirmation link bound to the browser that signed up: SHA-256 of its cookie (0016_verify_browser) */
  browser_hash: string | null;
  /** the address a `change_email` link sets when its owner follows it (0023_email_change) */
  new_email: Nullable<string>;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  entity_type: EntityType;
  state: string;
  population: number | null;
  status: OrganizationStatus;
  created_at: Generated<Date>;
  website: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  place_source: string | null;
  population_source: string | null;
  population_year: number | null;
  billing_address: Generated<string>;
  po_required: Generated<boolean>;
  po_number: string | null;
  email_domain: string | null;
  /** shown on the public network map and list (0006_network); opted-out organizations are only counted */
  listed: Generated<boolean>;
  /** IANA time zone (0007_advising) */
  time_zone: Generated<string>;
  /** the organization this duplicate was merged into, and when (0022_organization_actions) */
  merged_into_id: Nullable<string>;
  merged_at: Nullable<Date>;
}

export interface MembershipsTable {
  id: Generated<string>;
  organization_id: string;
  status: MembershipStatus;
  term_start: string | null;
  term_end: string | null;
  application_id: string | null;
  created_at: Generated<Date>;
  activated_at: Nullable<Date>;
  lapsed_at: Nullable<Date>;
  /** why membership staff suspended or cancelled it, and when its status last changed by hand (0022) */
  status_reason: Nullable<string>;
  status_changed_at: Nullable<Date>;
  /** why the renewal run could not price its next term, and when it found out (0038); cleared
   * when the population is entered or the membership renews */
  renewal_blocked_reason: Nullable<string>;
  renewal_blocked_at: Nullable<Date>;
}

export const ORGANIZATION_STATUSES = ['prospect', 'pending', 'active', 'lapsed', 'suspended', 'cancelled', 'ended'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export const MEMBERSHIP_STATUSES = ['pending', 'active', 'lapsed', 'suspended', 'cancelled', 'ended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const PAYMENT_METHODS = ['check', 'ach', 'wire', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type InvoicePurpose = 'membership' | 'renewal' | 'event' | 'sponsorship' | 'other';

export interface InvoiceCountersTable {
  year: number;
  last_number: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  number: Nullable<string>;
  year: Nullable<number>;
  seq: Nullable<number>;
  organization_id: Nullable<string>;
  user_id: Nullable<string>;
  membership_id: Nullable<string>;
  purpose: InvoicePurpose;
  period_start: Nullable<string>;
  period_end: Nullable<string>;
  status: InvoiceStatus;
  currency: Generated<string>;
  total_cents: number;
  paid_cents: Generated<number>;
  credited_cents: Generated<number>;
  issued_on: Nullable<string>;
  due_on: Nullable<string>;
  po_number: Nullable<string>;
  bill_to_name: string;
  bill_to_email: string;
  bill_to_address: string;
  public_token: string;
  void_reason: Nullable<string>;
  voided_at: Nullable<Date>;
  created_at: Generated<Date>;
  created_by: Nullable<string>;
  /** an individual's membership (0010_individuals); membership_id is an organization's */
  individual_membership_id: Nullable<string>;
}

export interface InvoiceLinesTable {
  invoice_id: string;
  position: number;
  description: string;
  quantity: number;
  unit_cents: number;
  amount_cents: number;
}

export interface PaymentsTable {
  id: Generated<string>;
  invoice_id: string;
  amount_cents: number;
  method: PaymentMethod;
  reference: string;
  received_on: string;
  reverses_payment_id: Nullable<string>;
  /** money paid back (0054): a negative amount that stands on its own, not a reversal */
  refund: Generated<boolean>;
  reason: Nullable<string>;
  idempotency_key: Nullable<string>;
  stripe_event_id: Nullable<string>;
  stripe_session_id: Nullable<string>;
  recorded_by: Nullable<string>;
  created_at: Generated<Date>;
}

export interface CreditNotesTable {
  id: Generated<string>;
  invoice_id: string;
  amount_cents: number;
  reason: string;
  created_at: Generated<Date>;
  created_by: Nullable<string>;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: Generated<Date>;
}

export interface InvoiceRemindersTable {
  invoice_id: string;
  offset_days: number;
  sent_at: Generated<Date>;
}

export const APPLICATION_STATUSES = ['draft', 'submitted', 'more_info_requested', 'approved', 'declined'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface ApplicationsTable {
  id: Generated<string>;
  status: ApplicationStatus;
  applicant_email: string;
  entity_type: Nullable<EntityType>;
  legal_name: string;
  state: Nullable<string>;
  population: Nullable<number>;
  population_source: string;
  population_year: Nullable<number>;
  place_source: Nullable<string>;
  latitude: Nullable<number>;
  longitude: Nullable<number>;
  website: string;
  staff_name: string;
  staff_email: string;
  staff_title: string;
  staff_phone: string;
  elected_name: string;
  elected_email: string;
  elected_title: string;
  billing_name: string;
  billing_email: string;
  billing_address: string;
  po_required: boolean;
  po_number: string;
  /** listed by name on the public network map once a member (0097): the applicant's choice */
  listed: Generated<boolean>;
  agreed_terms_at: Nullable<Date>;
  quoted_amount_cents: Nullable<number>;
  quote_contact_required: Generated<boolean>;
  quote_schedule_effective_from: Nullable<string>;
  duplicate_flags: ColumnType<DuplicateFlag[], string, string>;
  draft_token_hash: string;
  organization_id: Nullable<string>;
  decision_reason: Nullable<string>;
  info_request: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Nullable<Date>;
  decided_at: Nullable<Date>;
}

export interface DuplicateFlag {
  kind: 'organization' | 'application';
  id: string;
  name: string;
  state: string;
  reason: 'similar_name' | 'email_domain';
}

export interface ApplicationEventsTable {
  id: Generated<number>;
  application_id: string;
  at: Date;
  actor_user_id: string | null;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  note: string | null;
}

export const CONTACT_DUTIES = ['elected', 'staff', 'billing'] as const;
export type ContactDuty = (typeof CONTACT_DUTIES)[number];

export interface OrganizationContactsTable {
  organization_id: string;
  user_id: string;
  role: OrgRole;
  created_at: Generated<Date>;
  /** 0008_org_portal */
  title: Generated<string>;
  phone: Generated<string>;
  duties: ColumnType<ContactDuty[], ContactDuty[] | undefined, ContactDuty[]>;
  /** 0114: when the Billing duty was given (null: before 0114, or not billing) */
  billing_since: Generated<Date | null>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
}

export interface OutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string;
  template: string;
  status: 'queued' | 'sent' | 'kept' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
  attachments: ColumnType<EmailAttachmentRef[], string | undefined, string>;
  /** extra message headers (List-Unsubscribe…), by name */
  headers: ColumnType<Record<string, string>, string | undefined, string>;
}

/** An attachment rendered at send time by the renderer registered for its kind. */
export interface EmailAttachmentRef {
  kind: string;
  id: string;
  filename: string;
}

export interface DuesSchedulesTable {
  id: Generated<string>;
  /** 'YYYY-MM-DD'; unique: one version per date */
  effective_from: string;
  note: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** null: a draft, seen and quoted by membership staff only (0015) */
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface FormMailLogTable {
  id: Generated<number>;
  form: string;
  /** SHA-256 (hex) of the lowercase address: the log keeps no address */
  address_hash: string;
  sent_at: RequiredTimestamp;
}

export interface DuesRulesTable {
  schedule_id: string;
  entity_type: EntityType;
  mode: 'bands' | 'contact';
}

export interface DuesBandsTable {
  schedule_id: string;
  entity_type: EntityType;
  /** 1, 2, 3… in population order */
  position: number;
  min_population: number;
  /** null: the open-ended top band */
  max_population: number | null;
  amount_cents: number;
}

export interface DB {
  association: AssociationTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_throttle: SignInThrottleTable;
  organizations: OrganizationsTable;
  organization_contacts: OrganizationContactsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  // mail sent by anonymous forms, per address (0015_lesser_findings)
  form_mail_log: FormMailLogTable;
  // per-client request counters of @fastify/rate-limit on PostgreSQL (0037_rate_limits)
  rate_limit_hits: RateLimitHitsTable;
  // dues module tables (0002_dues)
  dues_schedules: DuesSchedulesTable;
  dues_rules: DuesRulesTable;
  dues_bands: DuesBandsTable;
  // join and places module tables (0003_join_pages)
  join_sections: JoinSectionsTable;
  // applications and organizations tables (0004_applications)
  memberships: MembershipsTable;
  applications: ApplicationsTable;
  application_events: ApplicationEventsTable;
  // billing tables (0005_billing)
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  credit_notes: CreditNotesTable;
  stripe_events: StripeEventsTable;
  invoice_reminders: InvoiceRemindersTable;
  // network tables (0006_network)
  pathways: PathwaysTable;
  organization_pathways: OrganizationPathwaysTable;
  // advising tables (0007_advising)
  advisor_profiles: AdvisorProfilesTable;
  advisor_assignments: AdvisorAssignmentsTable;
  advisor_availability: AdvisorAvailabilityTable;
  advisor_exceptions: AdvisorExceptionsTable;
  meetings: MeetingsTable;
  meeting_invitations: MeetingInvitationsTable;
  // organization portal tables (0008_org_portal)
  login_requests: LoginRequestsTable;
  // assistance tables (0009_assistance)
  assistance_requests: AssistanceRequestsTable;
  assistance_messages: AssistanceMessagesTable;
  assistance_attachments: AssistanceAttachmentsTable;
  assistance_events: AssistanceEventsTable;
  // individual membership tables (0010_individuals)
  member_levels: MemberLevelsTable;
  individual_memberships: IndividualMembershipsTable;
  invoice_instalments: InvoiceInstalmentsTable;
  transition_requests: TransitionRequestsTable;
  dues_waivers: DuesWaiversTable;
  membership_proofs: MembershipProofsTable;
  // directory tables (0011_directory)
  member_profiles: MemberProfilesTable;
  member_positions: MemberPositionsTable;
  person_name_words: PersonNameWordsTable;
  // Who's Who search index (0040_directory_search)
  directory_name_index: DirectoryNameIndexTable;
  directory_facets: DirectoryFacetsTable;
  // seat invitations (0013_seat_invitations)
  seat_invitations: SeatInvitationsTable;
  // staff invitations (0019_staff_invitations)
  staff_invitations: StaffInvitationsTable;
  // staff notes about organizations, staff-only (0020_staff_records)
  staff_notes: StaffNotesTable;
  // the staff organization search's word index and lexicon, kept by triggers (0042_organization_search)
  organization_name_words: OrganizationNameWordsTable;
  organization_name_lexicon: OrganizationNameLexiconTable;
  // renewal runs and their outcome (0021_renewal_runs)
  renewal_runs: RenewalRunsTable;
  // the association's logo and W-9 (0024_association_settings)
  association_files: AssociationFilesTable;
  // the "Get started" checklist's marks: dismissals, Who's Who opened (0027_get_started)
  get_started_marks: GetStartedMarksTable;
  // the network's kept summaries, maintained by triggers (0039_network_summary)
  network_member_status: NetworkMemberStatusTable;
  network_member_counts: NetworkMemberCountsTable;
  network_figures: NetworkFiguresTable;
  // events (0046_events)
  events: EventsTable;
  event_pathways: EventPathwaysTable;
  event_sessions: EventSessionsTable;
  event_ticket_types: EventTicketTypesTable;
  event_orders: EventOrdersTable;
  event_registrations: EventRegistrationsTable;
  event_attendance: EventAttendanceTable;
  pd_credits: PdCreditsTable;
  event_calendar_feeds: EventCalendarFeedsTable;
  // committees (issue 16, leadership roles; 0048_committees)
  committees: CommitteesTable;
  committee_seats: CommitteeSeatsTable;
  committee_terms: CommitteeTermsTable;
  committee_elections: CommitteeElectionsTable;
  committee_nominations: CommitteeNominationsTable;
  committee_holders: CommitteeHoldersTable;
  committee_reminders: CommitteeRemindersTable;
  // cohorts and delegations (0047_cohorts, src/modules/cohorts)
  cohorts: CohortsTable;
  cohort_pathways: CohortPathwaysTable;
  cohort_questions: CohortQuestionsTable;
  cohort_applications: CohortApplicationsTable;
  cohort_meetings: CohortMeetingsTable;
  cohort_notes: CohortNotesTable;
  cohort_files: CohortFilesTable;
  // the Code of Ethics (issue 17; 0049_ethics_code, src/modules/ethics)
  ethics_code_versions: EthicsCodeVersionsTable;
  ethics_tenets: EthicsTenetsTable;
  // bars on rejoining after an ethics suspension or expulsion (issue 17; 0051_individual_bars, src/modules/individuals)
  individual_bars: IndividualBarsTable;
  // student chapters (issue 17, I8; 0053_chapters)
  chapter_settings: ChapterSettingsTable;
  chapters: ChaptersTable;
  chapter_officers: ChapterOfficersTable;
  chapter_members: ChapterMembersTable;
  chapter_events: ChapterEventsTable;
  chapter_reports: ChapterReportsTable;
  chapter_reminders: ChapterRemindersTable;
  // publishing (issue 18)
  content_images: ContentImagesTable;
  content_revisions: ContentRevisionsTable;
  // the Voluntary Credentialing Program (issue 17, I7; 0052_credentialing, src/modules/credentialing)
  credential_cycles: CredentialCyclesTable;
  credential_panel_members: CredentialPanelMembersTable;
  credential_applications: CredentialApplicationsTable;
  credentials: CredentialsTable;
  credential_bars: CredentialBarsTable;
  credential_activities: CredentialActivitiesTable;
  credential_reminders: CredentialRemindersTable;
  // ethics cases (issue 17; 0050_ethics_cases, src/modules/ethics)
  ethics_cases: EthicsCasesTable;
  ethics_case_events: EthicsCaseEventsTable;
  ethics_case_files: EthicsCaseFilesTable;
  ethics_committee_members: EthicsCommitteeMembersTable;
  ethics_case_assignments: EthicsCaseAssignmentsTable;
  ethics_committee_notes: EthicsCommitteeNotesTable;
  ethics_reminders: EthicsRemindersTable;
  // news and stories (issue 18, C7; 0057_news, src/modules/news)
  news_posts: NewsPostsTable;
  news_post_pathways: NewsPostPathwaysTable;
  // the job center (issue 18, C6)
  job_settings: JobSettingsTable;
  job_postings: JobPostingsTable;
  job_saved_searches: JobSavedSearchesTable;
  job_alerts_sent: JobAlertsSentTable;
  // resources (issue 18, O13, C5)
  resources: ResourcesTable;
  resource_files: ResourceFilesTable;
  resource_topics: ResourceTopicsTable;
  // resource search's narrow table, kept by a trigger on resources (0064_resource_search)
  resource_search: ResourceSearchTable;
  // member groups (issue 19, C3; 0060_groups, src/modules/groups)
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_threads: GroupThreadsTable;
  group_posts: GroupPostsTable;
  group_post_edits: GroupPostEditsTable;
  group_reports: GroupReportsTable;
  group_digests_sent: GroupDigestsSentTable;
  group_attachments: GroupAttachmentsTable;
  // partners (issue 20, R1–R2; 0065_partners, src/modules/partners)
  partner_relationships: PartnerRelationshipsTable;
  partner_agreement_files: PartnerAgreementFilesTable;
  partner_contacts: PartnerContactsTable;
  partner_deliverables: PartnerDeliverablesTable;
  partner_events: PartnerEventsTable;
  partner_inquiries_pending: PartnerInquiriesPendingTable;
  // newsletters (issue 19, C4; 0062_newsletters, src/modules/newsletters)
  newsletter_settings: NewsletterSettingsTable;
  newsletter_lists: NewsletterListsTable;
  newsletter_subscribers: NewsletterSubscribersTable;
  newsletter_subscriptions: NewsletterSubscriptionsTable;
  newsletter_suppressions: NewsletterSuppressionsTable;
  newsletter_campaigns: NewsletterCampaignsTable;
  newsletter_campaign_recipients: NewsletterCampaignRecipientsTable;
  // commitments (issue 20, O15; 0069_commitments, src/modules/commitments)
  commitments: CommitmentsTable;
  commitment_signatures: CommitmentSignaturesTable;
  // sponsorship (issue 20, R3; 0067_sponsorship, src/modules/sponsorship)
  sponsorship_packages: SponsorshipPackagesTable;
  sponsorship_applications: SponsorshipApplicationsTable;
  // the business challenge (issue 20, O16; 0071_challenges)
  challenge_template_actions: ChallengeTemplateActionsTable;
  challenges: ChallengesTable;
  challenge_actions: ChallengeActionsTable;
  challenge_businesses: ChallengeBusinessesTable;
  challenge_completions: ChallengeCompletionsTable;
  challenge_evidence_files: ChallengeEvidenceFilesTable;
  // API tokens (issue 21, P7)
  api_tokens: ApiTokensTable;
  // webhooks (issue 21, P7; 0075_webhooks, src/modules/webhooks)
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  // import (issue 21, P5; 0079_imports, src/modules/imports)
  import_mappings: ImportMappingsTable;
  import_uploads: ImportUploadsTable;
  import_keys: ImportKeysTable;
}

/** Per organization that counts for the network (a current member, or served once); kept by
 * triggers on memberships and organizations (0039_network_summary). */
export interface NetworkMemberStatusTable {
  organization_id: string;
  state: string;
  is_current: boolean;
  listed: boolean;
  served: boolean;
}

/** Current members per state (listed or not, and listed); kept by triggers. */
export interface NetworkMemberCountsTable {
  state: string;
  members: Generated<number>;
  listed: Generated<number>;
}

/** The network's impact figures, one row; kept by triggers. */
export interface NetworkFiguresTable {
  id: Generated<number>;
  communities_served: Generated<number>;
  current_members: Generated<number>;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Application = Selectable<ApplicationsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Invoice = Selectable<InvoicesTable>;
export type Payment = Selectable<PaymentsTable>;
export type Association = Selectable<AssociationTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type AuditEntry = Selectable<AuditLogTable>;

/** A section of the public join page (O1), edited by communications staff; see src/modules/join. */
export interface JoinSectionsTable {
  key: string;
  position: Generated<number>;
  title: string;
  body: Generated<string>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A pathway of the network's taxonomy (O11), managed by communications staff; see src/modules/pathways. */
export interface PathwaysTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  archived_at: Nullable<Date>;
}

/** The priority pathways an organization chose. */
export interface OrganizationPathwaysTable {
  organization_id: string;
  pathway_id: string;
}

// ---- advising (0007_advising) ----
export interface AdvisorProfilesTable {
  user_id: string;
  states: ColumnType<string[], string[] | undefined, string[]>;
  time_zone: Generated<string>;
  phone: Generated<string>;
  meeting_minutes: Generated<number>;
  active: Generated<boolean>;
  updated_at: Generated<Date>;
  /** how first meetings happen (0098); null: not set, the advisor sends the details */
  meeting_format: Generated<MeetingFormat | null>;
  /** the https meeting link of a video call */
  meeting_link: Generated<string>;
  /** the number members call (member_calls) */
  meeting_phone: Generated<string>;
  /** where an in-person meeting is */
  meeting_address: Generated<string>;
}

/** How a first meeting happens: a video call, the advisor calls the member, the member calls the
 * advisor, or in person. */
export type MeetingFormat = 'video' | 'advisor_calls' | 'member_calls' | 'in_person';

export interface AdvisorAssignmentsTable {
  id: Generated<string>;
  organization_id: string;
  advisor_user_id: string;
  membership_id: Nullable<string>;
  assigned_at: RequiredTimestamp;
  assigned_by: Nullable<string>;
  method: 'automatic' | 'manual';
  reason: Generated<string>;
  ended_at: Nullable<Date>;
  booking_reminder_sent_at: Nullable<Date>;
}

export interface AdvisorAvailabilityTable {
  id: Generated<string>;
  advisor_user_id: string;
  /** 1 Monday … 7 Sunday (ISO), in the advisor's time zone */
  weekday: number;
  start_minute: number;
  end_minute: number;
}

export interface AdvisorExceptionsTable {
  id: Generated<string>;
  advisor_user_id: string;
  on_date: string;
  start_minute: Nullable<number>;
  end_minute: Nullable<number>;
  note: Generated<string>;
}

export interface MeetingsTable {
  id: Generated<string>;
  organization_id: string;
  advisor_user_id: string;
  kind: Generated<'first_meeting' | 'follow_up'>;
  starts_at: RequiredTimestamp;
  ends_at: RequiredTimestamp;
  status: Generated<'booked' | 'cancelled'>;
  uid: string;
  sequence: Generated<number>;
  booked_by: Nullable<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  cancelled_at: Nullable<Date>;
  /** who cancelled it: a contact or the advisor (0112; null before) */
  cancelled_by: Nullable<string>;
  /** the advisor's meeting format when it was booked (0098); null: the advisor sends the details */
  format: Generated<MeetingFormat | null>;
  link: Generated<string>;
  phone: Generated<string>;
  address: Generated<string>;
  /** the number the member gave for the advisor to call (advisor_calls); the organization and the advisor only */
  member_phone: Generated<string>;
  /** when the reminder before the meeting went to both sides (0098); a move clears it */
  reminder_sent_at: Nullable<Date>;
}

/** The iCalendar file sent for one change of a meeting (fixed at the change, attached by id). */
export interface MeetingInvitationsTable {
  id: Generated<string>;
  meeting_id: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  ics: string;
  created_at: Generated<Date>;
}

// ---- organization portal (0008_org_portal) ----
export interface LoginRequestsTable {
  id: Generated<string>;
  name: string;
  email: string;
  title: Generated<string>;
  organization_name: string;
  organization_id: Nullable<string>;
  domain_matches: Generated<boolean>;
  status: Generated<'pending' | 'approved' | 'declined'>;
  created_at: Generated<Date>;
  decided_at: Nullable<Date>;
  decided_by: Nullable<string>;
  decision_note: Nullable<string>;
  user_id: Nullable<string>;
}

// ---- seat invitations (0013_seat_invitations) ----
export const SEAT_SOURCES = ['application', 'contact', 'login_request'] as const;
export type SeatSource = (typeof SEAT_SOURCES)[number];

export interface SeatInvitationsTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  /** the name typed by whoever invited, never the account's */
  name: string;
  role: OrgRole;
  title: Generated<string>;
  phone: Generated<string>;
  duties: ColumnType<ContactDuty[], ContactDuty[] | undefined, ContactDuty[]>;
  source: SeatSource;
  token_hash: string;
  invited_by: Nullable<string>;
  invited_by_name: string;
  created_at: Date;
  sent_at: Date;
  expires_at: Date;
  accepted_at: Nullable<Date>;
  accepted_by: Nullable<string>;
  cancelled_at: Nullable<Date>;
  cancelled_by: Nullable<string>;
  /** digests of the last ten links this invitation's later emails replaced (0092, kept by a trigger) */
  replaced_token_hashes: Generated<string[]>;
}

// ---- staff invitations (0019_staff_invitations) ----
/** What a staff invitation may grant: the staff roles and the Members in Transition permission. */
export const INVITABLE_ROLES = [...STAFF_ROLES, 'transition'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export interface StaffInvitationsTable {
  id: Generated<string>;
  email: string;
  /** the name typed by the staff admin who invited */
  name: string;
  roles: InvitableRole[];
  token_hash: string;
  invited_by: Nullable<string>;
  invited_by_name: string;
  created_at: Date;
  sent_at: Date;
  expires_at: Date;
  accepted_at: Nullable<Date>;
  accepted_by: Nullable<string>;
  revoked_at: Nullable<Date>;
  revoked_by: Nullable<string>;
  /** digests of the last ten links this invitation's later emails replaced (0092, kept by a trigger) */
  replaced_token_hashes: Generated<string[]>;
}

// ---- technical assistance (0009_assistance) ----
export const ASSISTANCE_STATUSES = ['open', 'in_progress', 'waiting_on_member', 'resolved', 'closed'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];

export interface AssistanceRequestsTable {
  id: Generated<string>;
  organization_id: string;
  pathway_id: Nullable<string>;
  subject: string;
  description: string;
  desired_on: Nullable<string>;
  status: Generated<AssistanceStatus>;
  advisor_user_id: Nullable<string>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  resolved_at: Nullable<Date>;
  closed_at: Nullable<Date>;
}

export interface AssistanceMessagesTable {
  id: Generated<string>;
  request_id: string;
  seq: Generated<number>;
  author_user_id: string;
  body: string;
  created_at: Generated<Date>;
}

export interface AssistanceAttachmentsTable {
  id: Generated<string>;
  request_id: string;
  message_id: Nullable<string>;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  created_at: Generated<Date>;
}

export interface AssistanceEventsTable {
  id: Generated<string>;
  request_id: string;
  seq: Generated<number>;
  actor_user_id: Nullable<string>;
  kind: 'filed' | 'status' | 'assigned';
  from_status: Nullable<AssistanceStatus>;
  to_status: Nullable<AssistanceStatus>;
  advisor_user_id: Nullable<string>;
  created_at: Generated<Date>;
}

// ---- individual membership (0010_individuals) ----
export type Visibility = 'everyone' | 'members' | 'staff';
/** who may open a member's profile page (0015); staff and the person always may */
export type ProfileVisibility = 'everyone' | 'members';

export interface MemberLevelsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  /** answers that make a person eligible, e.g. { "local_government": true, "cao": true } */
  eligibility: ColumnType<Record<string, boolean>, string | undefined, string>;
  rule: 'flat' | 'salary_share' | 'free';
  flat_cents: Nullable<number>;
  /** hundredths of a percent: 0.65% is 65 */
  rate_bp: Nullable<number>;
  cap_cents: Nullable<number>;
  discount_percent: Nullable<number>;
  discount_max_population: Nullable<number>;
  discount_max_general_fund_cents: Nullable<number>;
  instalments_allowed: Generated<boolean>;
  archived_at: Nullable<Date>;
  /** how eligibility is checked before a membership at this level starts (0014) */
  verification: Generated<'none' | 'staff_verification' | 'proof_upload'>;
  /** what proof to upload, shown to the applicant (proof_upload) */
  proof_instructions: Generated<string>;
}

export interface IndividualMembershipsTable {
  id: Generated<string>;
  user_id: string;
  level_id: string;
  status: Generated<'pending' | 'active' | 'lapsed' | 'ended'>;
  term_start: Nullable<string>;
  term_end: Nullable<string>;
  /** private: the member and finance staff only */
  salary_cents: Nullable<number>;
  employer_population: Nullable<number>;
  employer_general_fund_cents: Nullable<number>;
  answers: ColumnType<Record<string, boolean>, string | undefined, string>;
  quoted_cents: number;
  created_at: Generated<Date>;
  activated_at: Nullable<Date>;
  lapsed_at: Nullable<Date>;
  /** the eligibility check of its level, fixed at joining (0014) */
  verification: Generated<'not_needed' | 'awaiting' | 'confirmed' | 'declined'>;
  verification_decided_at: Nullable<Date>;
  verification_decided_by: Nullable<string>;
  /** the reason given when staff decline */
  verification_note: Nullable<string>;
  /** why the renewal run could not price its next term (no salary for a salary-based level), and
   * when it found out (0038); cleared when the salary is entered or the membership renews */
  renewal_blocked_reason: Nullable<string>;
  renewal_blocked_at: Nullable<Date>;
}

/** Proof of eligibility uploaded by the person (0014): only membership staff may read it. */
export interface MembershipProofsTable {
  id: Generated<string>;
  membership_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_at: Generated<Date>;
  uploaded_by: Nullable<string>;
}

export interface InvoiceInstalmentsTable {
  invoice_id: string;
  position: number;
  due_on: string;
  amount_cents: number;
}

export interface TransitionRequestsTable {
  id: Generated<string>;
  user_id: string;
  separation_on: Nullable<string>;
  circumstances: string;
  status: Generated<'pending' | 'approved' | 'declined' | 'ended'>;
  created_at: Generated<Date>;
  decided_at: Nullable<Date>;
  decided_by: Nullable<string>;
  decision_note: Nullable<string>;
}

export interface DuesWaiversTable {
  id: Generated<string>;
  user_id: string;
  individual_membership_id: string;
  transition_request_id: Nullable<string>;
  months: number;
  from_date: string;
  to_date: string;
  reason: string;
  created_by: Nullable<string>;
  created_at: Generated<Date>;
}

// ---- profiles and directory (0011_directory) ----
export interface MemberProfilesTable {
  user_id: string;
  employer_name: Generated<string>;
  employer_organization_id: Nullable<string>;
  employer_state: Nullable<string>;
  title: Generated<string>;
  education: Generated<string>;
  expertise: ColumnType<string[], string[] | undefined, string[]>;
  bio: Generated<string>;
  work_email: Nullable<string>;
  work_email_visibility: Generated<Visibility>;
  phone: Generated<string>;
  phone_visibility: Generated<Visibility>;
  mailing_address: Generated<string>;
  mailing_address_visibility: Generated<Visibility>;
  photo: Nullable<Uint8Array>;
  photo_type: Nullable<'image/png' | 'image/jpeg' | 'image/webp'>;
  photo_updated_at: Nullable<Date>;
  /** shown in Who's Who (and on /people/:id to people other than staff) */
  listed: Generated<boolean>;
  /** who may open /people/:id (0015): the narrower of this and a contact field's visibility applies */
  profile_visibility: Generated<ProfileVisibility>;
  updated_at: Generated<Date>;
}

/** One row per listed current member per word of the name, and one with the word '' (0040_directory_search):
 * kept by triggers on users, member_profiles and individual_memberships; never a contact field. */
export interface OrganizationNameWordsTable {
  word: string;
  name: string;
  organization_id: string;
  state: string;
}

export interface OrganizationNameLexiconTable {
  word: string;
}

export interface DirectoryNameIndexTable {
  word: string;
  name: string;
  user_id: string;
  state: Nullable<string>;
  words: string[];
  expertise: string[];
}

/** People per (name word, state, area of expertise) of the name index, kept by its triggers
 * (0087_directory_facets): state '' for none and '*' for all, value '' for the people themselves. */
export interface DirectoryFacetsTable {
  word: string;
  state: string;
  value: string;
  n: number;
}

/** The distinct words of people's names, kept by a trigger on users (0011_directory). */
export interface PersonNameWordsTable {
  word: string;
  /** the word's letters in order: "michael" → "acehilm" */
  letters: string;
}

export interface MemberPositionsTable {
  id: Generated<string>;
  user_id: string;
  title: string;
  employer_name: string;
  employer_organization_id: Nullable<string>;
  state: Nullable<string>;
  start_year: number;
  end_year: Nullable<number>;
}

/** A note staff keep about an organization (0020_staff_records): staff-only, never shown to members. */
export interface StaffNotesTable {
  id: Generated<string>;
  organization_id: string;
  author_user_id: string | null;
  body: string;
  created_at: Generated<Date>;
}

/** One run of billing's renewals (0021_renewal_runs): who started it, its counts, and the rows it
 * could not do (`failures`, a JSON array of `RenewalFailure`). Unfinished while `finished_at` is null;
 * `error` says why a run stopped part-way. */
export interface RenewalRunsTable {
  id: Generated<string>;
  run_for: string;
  trigger: 'job' | 'cli' | 'console';
  actor_user_id: string | null;
  actor_label: Generated<string>;
  request_key: string | null;
  started_at: RequiredTimestamp;
  finished_at: Date | null;
  issued: Generated<number>;
  reminded: Generated<number>;
  lapsed: Generated<number>;
  skipped: Generated<number>;
  failures: ColumnType<RenewalFailure[], string | undefined, string>;
  error: string | null;
}

/** A row a renewal run could not do, and why, in words staff read (`renewal_runs.failures`). */
export interface RenewalFailure {
  stage: 'issue' | 'remind' | 'lapse';
  /** what `id` is: an organization's membership, an individual membership, or an invoice */
  kind: 'organization' | 'person' | 'invoice';
  id: string;
  /** the organization's or person's name, or the invoice's number */
  subject: string;
  reason: string;
}

/** A mark of the "Get started" checklist (0027_get_started, onboarding). */
export interface GetStartedMarksTable {
  user_id: string;
  /** 'me', 'person' or an organization's id */
  scope: string;
  item: 'dismissed' | 'whos_who' | 'network';
  at: Date;
}

// ---- events (0046_events): see src/modules/events/README.md ----
export const EVENT_KINDS = ['training', 'workshop', 'webinar', 'conference'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_FORMATS = ['online', 'in_person', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];
export type EventStatus = 'draft' | 'published' | 'cancelled' | 'completed';
export type EventRegistrationStatus = 'registered' | 'waitlisted' | 'offered' | 'cancelled';

export interface EventsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  kind: EventKind;
  format: EventFormat;
  status: Generated<EventStatus>;
  audience: Generated<'everyone' | 'members'>;
  summary: Generated<string>;
  description: Generated<string>;
  time_zone: string;
  starts_at: RequiredTimestamp;
  ends_at: RequiredTimestamp;
  venue_name: Generated<string>;
  venue_address: Generated<string>;
  /** private: registrants and staff only */
  join_url: Nullable<string>;
  capacity: Nullable<number>;
  cancel_hours_before: Generated<number>;
  transfers_allowed: Generated<boolean>;
  offer_hours: Generated<number>;
  created_at: Timestamp;
  created_by: Nullable<string>;
  published_at: Nullable<Date>;
  cancelled_at: Nullable<Date>;
  cancel_reason: Nullable<string>;
  completed_at: Nullable<Date>;
  /** the calendar version (0120): raised when the time or place of the event changes; its
   * invitations carry it as SEQUENCE */
  sequence: Generated<number>;
}

export interface EventPathwaysTable {
  event_id: string;
  pathway_id: string;
}

export interface EventSessionsTable {
  id: Generated<string>;
  event_id: string;
  title: string;
  description: Generated<string>;
  location: Generated<string>;
  starts_at: RequiredTimestamp;
  ends_at: RequiredTimestamp;
  pd_minutes: Generated<number>;
}

export interface EventTicketTypesTable {
  id: Generated<string>;
  event_id: string;
  name: string;
  position: Generated<number>;
  member_cents: ColumnType<number, number, number>;
  nonmember_cents: ColumnType<number, number, number>;
  early_member_cents: Nullable<number>;
  early_nonmember_cents: Nullable<number>;
  early_until: Nullable<Date>;
  capacity: Nullable<number>;
  members_only: Generated<boolean>;
  archived_at: Nullable<Date>;
}

export interface EventOrdersTable {
  id: Generated<string>;
  event_id: string;
  buyer_user_id: string;
  organization_id: Nullable<string>;
  invoice_id: Nullable<string>;
  status: Generated<'pending' | 'paid' | 'free' | 'cancelled'>;
  total_cents: Generated<number>;
  idempotency_key: Nullable<string>;
  created_at: Timestamp;
}

export interface EventRegistrationsTable {
  id: Generated<string>;
  event_id: string;
  ticket_type_id: string;
  order_id: Nullable<string>;
  user_id: string;
  status: EventRegistrationStatus;
  price_cents: Generated<number>;
  member_price: Generated<boolean>;
  ticket_code: string;
  waitlisted_at: Nullable<Date>;
  offer_expires_at: Nullable<Date>;
  created_at: Timestamp;
  registered_at: Nullable<Date>;
  cancelled_at: Nullable<Date>;
  cancel_reason: Nullable<string>;
  transferred_to: Nullable<string>;
}

export interface EventAttendanceTable {
  registration_id: string;
  session_id: string;
  checked_in_at: Timestamp;
  checked_in_by: Nullable<string>;
}

/** The professional-development log: hours a person earned, per source (an event attended). */
export interface PdCreditsTable {
  id: Generated<string>;
  user_id: string;
  source: 'event';
  source_id: string;
  title: string;
  earned_on: string;
  minutes: number;
  created_at: Timestamp;
}

export interface EventCalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
}

// ---- committees (issue 16, leadership roles; 0048_committees)

/** A committee programs staff keep (a regional executive committee). */
export interface CommitteesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  region: Nullable<string>;
  /** term-end reminders go this many days before a term ends */
  reminder_days: Generated<number>;
  created_at: Generated<Date>;
}

/** A kind of seat on a committee (Chair, Member at large) and how many of it there are. */
export interface CommitteeSeatsTable {
  id: Generated<string>;
  committee_id: string;
  title: string;
  seat_count: number;
  position: Generated<number>;
}

/** A term of a seat: its dates (inclusive days). */
export interface CommitteeTermsTable {
  id: Generated<string>;
  seat_id: string;
  starts_on: string;
  ends_on: string;
}

/** An election of a committee, with its nomination window (inclusive days). */
export interface CommitteeElectionsTable {
  id: Generated<string>;
  committee_id: string;
  title: string;
  opens_on: string;
  closes_on: string;
  created_at: Generated<Date>;
}

export const NOMINATION_STATUSES = ['awaiting', 'accepted', 'declined', 'elected'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** A nomination of a person for a seat in an election; it stands once the nominee accepts. */
export interface CommitteeNominationsTable {
  id: Generated<string>;
  election_id: string;
  seat_id: string;
  nominee_user_id: string;
  nominated_by: string | null;
  /** the member organization where the nominee is an elected official (checked when nominated) */
  organization_id: string;
  statement: Generated<string>;
  status: ColumnType<NominationStatus, NominationStatus | undefined, NominationStatus>;
  created_at: RequiredTimestamp;
  answered_at: Nullable<Date>;
}

export type HolderStatus = 'offered' | 'holding' | 'declined';

/** A person in one place of a term: elected (holding at once), or appointed (offered until accepted). */
export interface CommitteeHoldersTable {
  id: Generated<string>;
  term_id: string;
  place: number;
  user_id: string;
  organization_id: string | null;
  method: 'elected' | 'appointed';
  nomination_id: string | null;
  status: HolderStatus;
  recorded_by: string | null;
  recorded_at: RequiredTimestamp;
  accepted_at: Nullable<Date>;
}

/** A term-end reminder sent: once per holder and lead time. */
export interface CommitteeRemindersTable {
  holder_id: string;
  days_before: number;
  sent_at: RequiredTimestamp;
}

// ---- cohorts and delegations (0047_cohorts, src/modules/cohorts) ----
export const COHORT_KINDS = ['cohort', 'leadership_cohort', 'delegation'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];
export const COHORT_QUESTION_KINDS = ['short_text', 'long_text', 'yes_no'] as const;
export type CohortQuestionKind = (typeof COHORT_QUESTION_KINDS)[number];
export const COHORT_APPLICATION_STATUSES = ['submitted', 'selected', 'declined'] as const;
export type CohortApplicationStatus = (typeof COHORT_APPLICATION_STATUSES)[number];

export interface CohortsTable {
  id: Generated<string>;
  kind: CohortKind;
  slug: string;
  title: string;
  description: Generated<string>;
  event_name: Generated<string>;
  opens_on: string;
  closes_on: string;
  capacity: number | null;
  selection_published_at: Nullable<Date>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CohortPathwaysTable {
  cohort_id: string;
  pathway_id: string;
}

export interface CohortQuestionsTable {
  id: Generated<string>;
  cohort_id: string;
  position: number;
  kind: CohortQuestionKind;
  prompt: string;
  required: Generated<boolean>;
}

export interface CohortApplicationsTable {
  id: Generated<string>;
  cohort_id: string;
  user_id: string;
  status: Generated<CohortApplicationStatus>;
  /** answers by question id */
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  organization_id: string | null;
  seat_title: Generated<string>;
  /** staff only */
  score: Nullable<number>;
  /** staff only */
  decision_reason: Generated<string>;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date>;
  created_at: Timestamp;
}

export interface CohortMeetingsTable {
  id: Generated<string>;
  cohort_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  place: Generated<string>;
  /** participants and staff only */
  online_url: Generated<string>;
  uid: string;
  sequence: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CohortNotesTable {
  id: Generated<string>;
  cohort_id: string;
  seq: Generated<number>;
  author_user_id: string;
  body: string;
  created_at: Timestamp;
}

export interface CohortFilesTable {
  id: Generated<string>;
  cohort_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  created_at: Timestamp;
}

// ---- the Code of Ethics (issue 17, I5; 0049_ethics_code)
/** A version of the Code of Ethics: a draft until published; the one published last is in force. */
export interface EthicsCodeVersionsTable {
  id: Generated<string>;
  version: number;
  title: string;
  preamble: Generated<string>;
  rules_of_procedure: Generated<string>;
  published_at: Nullable<Date>;
  published_by: Nullable<string>;
  created_by: Nullable<string>;
  created_at: Timestamp;
}

/** A tenet of a version of the code, with its guidelines (Markdown). */
export interface EthicsTenetsTable {
  version_id: string;
  number: number;
  title: string;
  body: string;
  guidelines: Generated<string>;
}

// ---- bars on rejoining (issue 17, I5; 0051_individual_bars, individuals)
/** A person barred from individual membership by an ethics sanction: until `until_on` (inclusive), or for good when null. */
export interface IndividualBarsTable {
  id: Generated<string>;
  user_id: string;
  case_id: string;
  outcome: 'suspension' | 'expulsion';
  from_on: string;
  until_on: string | null;
  created_at: Timestamp;
}

// ---- student chapters (issue 17, I8; 0053_chapters)
export const CHAPTER_STATUSES = ['requested', 'declined', 'active', 'dormant'] as const;
export type ChapterStatus = (typeof CHAPTER_STATUSES)[number];
export const CHAPTER_ROLES = ['president', 'vice_president', 'secretary', 'treasurer'] as const;
export type ChapterRole = (typeof CHAPTER_ROLES)[number];

/** One row: when the yearly chapter report is due, and the reminder and dormancy periods. */
export interface ChapterSettingsTable {
  id: Generated<boolean>;
  due_month: Generated<number>;
  due_day: Generated<number>;
  reminder_days: Generated<number>;
  grace_days: Generated<number>;
}

/** A chapter: requested, then declined, or active (with a slug) and possibly dormant. */
export interface ChaptersTable {
  id: Generated<string>;
  status: Generated<ChapterStatus>;
  slug: Nullable<string>;
  name: string;
  university: string;
  city: string;
  state: string;
  advisor_name: string;
  advisor_email: string;
  advisor_department: string;
  purpose: string;
  requested_by: string;
  requested_at: Date;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date>;
  approved_on: Nullable<string>;
  decline_reason: Generated<string>;
  dormant_since: Nullable<string>;
  dormant_reason: Generated<string>;
  reactivated_on: Nullable<string>;
  /** a dormant chapter's officer asked membership staff to reactivate it (0108); reactivation clears it */
  reactivation_asked_at: Nullable<Date>;
  reactivation_asked_by: Nullable<string>;
}

/** An officer's role for a term: linked to the person only once they accept. */
export interface ChapterOfficersTable {
  id: Generated<string>;
  chapter_id: string;
  role: ChapterRole;
  user_id: string;
  status: Generated<'invited' | 'accepted' | 'declined' | 'withdrawn'>;
  term_start: string;
  term_end: string;
  founding: Generated<boolean>;
  invited_by: Nullable<string>;
  invited_at: Date;
  answered_at: Nullable<Date>;
}

export interface ChapterMembersTable {
  chapter_id: string;
  user_id: string;
  joined_at: Date;
}

export interface ChapterEventsTable {
  id: Generated<string>;
  chapter_id: string;
  title: string;
  happens_on: string;
  place: Generated<string>;
  description: Generated<string>;
  created_by: Nullable<string>;
  created_at: Date;
}

/** The yearly chapter report of an academic year (`year`: the calendar year it ends in). */
export interface ChapterReportsTable {
  id: Generated<string>;
  chapter_id: string;
  year: number;
  activities: string;
  events_held: Generated<string>;
  member_count: number;
  submitted_by: Nullable<string>;
  submitted_at: Date;
  accepted_by: Nullable<string>;
  accepted_at: Nullable<Date>;
  /** sent back to the officers by membership staff (0108); filing it again clears it */
  returned_at: Nullable<Date>;
  returned_by: Nullable<string>;
  return_note: Generated<string>;
}

export interface ChapterRemindersTable {
  chapter_id: string;
  year: number;
  kind: 'report_due' | 'report_overdue';
  sent_at: Date;
}

// ---- the Voluntary Credentialing Program (issue 17, I7; 0052_credentialing)
export type CredentialApplicationStatus = 'draft' | 'submitted' | 'awarded' | 'declined';
export type CredentialDecision = 'award' | 'decline';
export type CredentialStatus = 'current' | 'lapsed' | 'revoked';

/** A quarterly review cycle: applications submitted up to its cut-off day are reviewed in it. */
export interface CredentialCyclesTable {
  id: Generated<string>;
  name: string;
  cutoff_on: string;
  created_by: Nullable<string>;
  created_at: Timestamp;
}

/** The accounts on a cycle's review panel. */
export interface CredentialPanelMembersTable {
  cycle_id: string;
  user_id: string;
}

export interface CredentialApplicationsTable {
  id: Generated<string>;
  user_id: string;
  status: Generated<CredentialApplicationStatus>;
  cycle_id: Nullable<string>;
  degree: Generated<string>;
  institution: Generated<string>;
  degree_year: Nullable<number>;
  /** [{ title, organization, from: 'YYYY-MM', to: 'YYYY-MM' | '' }] */
  positions: Generated<unknown>;
  /** [{ name, email, relationship }] */
  referees: Generated<unknown>;
  /** { [competency key]: text } */
  self_assessment: Generated<unknown>;
  months_senior: Generated<number>;
  fee_cents: Generated<number>;
  invoice_id: Nullable<string>;
  fee_paid_on: Nullable<string>;
  submitted_at: Nullable<Date>;
  submitted_on: Nullable<string>;
  staff_decision: Nullable<CredentialDecision>;
  staff_reasons: Generated<string>;
  staff_user_id: Nullable<string>;
  staff_decided_at: Nullable<Date>;
  panel_decision: Nullable<CredentialDecision>;
  panel_reasons: Generated<string>;
  panel_user_id: Nullable<string>;
  panel_decided_at: Nullable<Date>;
  decided_at: Nullable<Date>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A person's credential: one row, kept through lapse and revocation. */
export interface CredentialsTable {
  user_id: string;
  status: CredentialStatus;
  awarded_on: string;
  application_id: Nullable<string>;
  lapsed_year: Nullable<number>;
  lapsed_on: Nullable<string>;
  reinstatement_requested_on: Nullable<string>;
  revoked_on: Nullable<string>;
  revoked_reason: Generated<string>;
  ethics_case_id: Nullable<string>;
  updated_at: Timestamp;
}

/** An ethics outcome barring the credential: until a day, or for good (null). */
export interface CredentialBarsTable {
  user_id: string;
  ethics_case_id: string;
  outcome: 'public_censure' | 'suspension' | 'expulsion' | 'credential_revoked';
  until: Nullable<string>;
  created_at: Timestamp;
}

/** A self-reported PD activity, with its evidence file. */
export interface CredentialActivitiesTable {
  id: Generated<string>;
  user_id: string;
  title: string;
  provider: string;
  done_on: string;
  minutes: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_at: Timestamp;
}

/** The year-end reminder, sent once per person and year. */
export interface CredentialRemindersTable {
  user_id: string;
  year: number;
  sent_at: Date;
}

// ethics cases (0050_ethics_cases)
export const ETHICS_STAGES = ['unconfirmed', 'intake', 'dismissed', 'response', 'fact_finding', 'decision', 'appeal_window', 'appeal', 'final'] as const;
export type EthicsStage = (typeof ETHICS_STAGES)[number];
export const ETHICS_OUTCOMES = ['no_action', 'private_censure', 'public_censure', 'suspension', 'expulsion', 'credential_revoked'] as const;
export type EthicsOutcome = (typeof ETHICS_OUTCOMES)[number];
export type EthicsFileKind = 'complaint' | 'response' | 'report' | 'appeal';

export interface EthicsCasesTable {
  id: Generated<string>;
  reference: string;
  stage: EthicsStage;
  complainant_user_id: string | null;
  complainant_name: string;
  complainant_email: string;
  confirm_token_hash: string | null;
  confirm_expires_at: Date | null;
  status_token_hash: string | null;
  respondent_name: string;
  respondent_organization: Generated<string>;
  respondent_position: Generated<string>;
  respondent_user_id: string | null;
  tenets: Generated<number[]>;
  code_version: number | null;
  facts: string;
  filed_at: Date;
  received_at: Date | null;
  dismissed_reason: string | null;
  response_due_on: string | null;
  response_text: string | null;
  responded_at: Date | null;
  fact_finder: string | null;
  fact_finding_due_on: string | null;
  report_text: string | null;
  reported_at: Date | null;
  outcome: EthicsOutcome | null;
  outcome_reasons: string | null;
  suspension_until: string | null;
  decided_at: Date | null;
  appeal_closes_on: string | null;
  appeal_text: string | null;
  appealed_at: Date | null;
  appeal_result: 'upheld' | 'overturned' | null;
  appeal_reasons: string | null;
  appeal_decided_at: Date | null;
  effective_on: string | null;
  sanction_until: string | null;
  final_at: Date | null;
}

export interface EthicsCaseEventsTable {
  id: Generated<string>;
  case_id: string;
  at: Date;
  actor_user_id: string | null;
  summary: string;
}

export interface EthicsCaseFilesTable {
  id: Generated<string>;
  case_id: string;
  kind: EthicsFileKind;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
  created_at: Date;
}

export interface EthicsCommitteeMembersTable {
  user_id: string;
  added_by: string | null;
  added_at: Date;
}

export interface EthicsCaseAssignmentsTable {
  case_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Date;
}

export interface EthicsCommitteeNotesTable {
  id: Generated<string>;
  case_id: string;
  author_user_id: string;
  body: string;
  created_at: Date;
}

export interface EthicsRemindersTable {
  case_id: string;
  kind: string;
  days_before: number;
  sent_at: Date;
}

// ---- publishing (issue 18): images in items' text, revision history
export const CONTENT_KINDS = ['resource', 'news', 'topic', 'job'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export interface ContentImagesTable {
  id: Generated<string>;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  size_bytes: number;
  content: Uint8Array;
  alt: string;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface ContentRevisionsTable {
  id: Generated<string>;
  item_kind: ContentKind;
  item_id: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  changed: ColumnType<string[], string[] | undefined, string[]>;
  snapshot: ColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
}

// ---- news and stories (issue 18, C7; 0057_news)
export interface NewsPostsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  summary: string;
  body: string;
  author_name: string;
  author_user_id: string | null;
  audience: Generated<'everyone' | 'members'>;
  state: Generated<'draft' | 'scheduled' | 'published' | 'archived'>;
  publish_at: Date | null;
  featured_organization_id: string | null;
  preview_hash: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NewsPostPathwaysTable {
  post_id: string;
  pathway_id: string;
}

// ---- the job center (issue 18, C6): postings, the fee, saved searches and the alerts they sent
export const JOB_STATUSES = ['awaiting_payment', 'in_review', 'changes_requested', 'published', 'rejected', 'closed', 'withdrawn'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'contract', 'internship', 'temporary'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export const WORKPLACES = ['on_site', 'hybrid', 'remote'] as const;
export type Workplace = (typeof WORKPLACES)[number];

export interface JobSettingsTable {
  id: number;
  posting_fee_cents: Generated<number>;
  updated_at: Generated<Date>;
}

export interface JobPostingsTable {
  id: Generated<string>;
  employer_user_id: string;
  organization_id: string | null;
  title: string;
  employer_name: string;
  city: Generated<string>;
  state: string | null;
  workplace: Workplace;
  salary_min: number;
  salary_max: number;
  employment_type: EmploymentType;
  description: string;
  apply_url: string | null;
  apply_email: string | null;
  closes_on: string | null;
  status: JobStatus;
  fee_cents: Generated<number>;
  invoice_id: string | null;
  paid_at: Date | null;
  review_message: string | null;
  submitted_at: Date | null;
  published_at: Date | null;
  expires_at: Date | null;
  /** when its employer closed it (status `closed`, 0106) */
  closed_at: Date | null;
  /** when its employer withdrew it before publication (status `withdrawn`, 0110) */
  withdrawn_at: Date | null;
  views: Generated<number>;
  apply_clicks: Generated<number>;
  idempotency_key: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  search: ColumnType<string | null, never, never>;
}

export interface JobSavedSearchesTable {
  id: Generated<string>;
  user_id: string;
  label: string;
  criteria: ColumnType<Record<string, unknown>, string, string>;
  unsubscribe_key: string;
  unsubscribed_at: Date | null;
  created_at: Generated<Date>;
}

export interface JobAlertsSentTable {
  saved_search_id: string;
  posting_id: string;
  sent_at: Date;
}

// ---- resources (issue 18, O13, C5): the catalogue, its files, topic pages
export const RESOURCE_TYPES = ['guide', 'toolkit', 'case_study', 'recording', 'template', 'data_set', 'external_tool'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ResourcesTable {
  id: Generated<string>;
  slug: string;
  title: string;
  summary: string;
  body: string;
  body_text: string;
  type: ResourceType;
  audience: 'everyone' | 'members';
  year: number;
  link_url: string | null;
  pathway_ids: ColumnType<string[], string[] | undefined, string[]>;
  topic_ids: ColumnType<string[], string[] | undefined, string[]>;
  state: 'draft' | 'scheduled' | 'published' | 'archived';
  publish_at: Date | null;
  published_at: Date | null;
  preview_hash: string | null;
  download_count: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  search_all: ColumnType<string | null, never, never>;
  search_title: ColumnType<string | null, never, never>;
  search_open: ColumnType<string | null, never, never>;
}

export interface ResourceFilesTable {
  resource_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
}

export interface ResourceTopicsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  introduction: string;
  state: 'draft' | 'scheduled' | 'published' | 'archived';
  publish_at: Date | null;
  preview_hash: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One per published or scheduled resource: what a search filters, ranks and counts by, and its
 * words as stripped vectors; kept by a trigger on resources (0064_resource_search). */
export interface ResourceSearchTable {
  resource_id: string;
  state: 'published' | 'scheduled';
  publish_at: Date | null;
  published_at: Date | null;
  type: ResourceType;
  year: number;
  audience: 'everyone' | 'members';
  pathway_ids: string[];
  topic_ids: string[];
  title_lower: string;
  title_terms: string;
  open_terms: string;
  all_terms: string;
}

// ---- member groups (issue 19, C3)
export const GROUP_KINDS = ['open', 'request', 'private'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const GROUP_NOTIFY = ['every', 'digest', 'none'] as const;
export type GroupNotify = (typeof GROUP_NOTIFY)[number];
export type GroupMemberStatus = 'active' | 'pending' | 'invited' | 'suspended';
export type GroupPostStatus = 'visible' | 'held' | 'hidden' | 'removed';

export interface GroupsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  kind: GroupKind;
  status: 'requested' | 'active' | 'declined';
  requested_by: string | null;
  created_by: string | null;
  decision_reason: string | null;
  created_at: Generated<Date>;
}

export interface GroupMembersTable {
  id: Generated<string>;
  group_id: string;
  user_id: string;
  role: Generated<'member' | 'moderator'>;
  status: GroupMemberStatus;
  notify: Generated<GroupNotify>;
  unsubscribe_key: string;
  suspended_reason: string | null;
  joined_at: Generated<Date>;
}

export interface GroupThreadsTable {
  id: Generated<string>;
  group_id: string;
  author_id: string;
  title: string;
  pinned: Generated<boolean>;
  locked: Generated<boolean>;
  created_at: Date;
  last_post_at: Date;
  search: ColumnType<string | null, never, never>;
}

export interface GroupPostsTable {
  id: Generated<string>;
  thread_id: string;
  author_id: string;
  body: string;
  status: GroupPostStatus;
  moderation_reason: string | null;
  created_at: Date;
  visible_at: Date | null;
  edited_at: Date | null;
  search: ColumnType<string | null, never, never>;
}

export interface GroupPostEditsTable {
  id: Generated<string>;
  post_id: string;
  body: string;
  replaced_at: Date;
}

export interface GroupReportsTable {
  id: Generated<string>;
  post_id: string;
  reporter_id: string;
  reason: string;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface GroupAttachmentsTable {
  id: Generated<string>;
  post_id: string;
  /** the order they were attached in, from 1 */
  position: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  content: Uint8Array;
  created_at: Generated<Date>;
}

export interface GroupDigestsSentTable {
  group_id: string;
  user_id: string;
  day: ColumnType<string, string, string>;
  sent_at: Date;
}

// partners (issue 20, R1–R2; 0065_partners)
export type PartnerKind = 'alliance' | 'partnership' | 'branch' | 'chapter';
export type PartnerStatus = 'inquiry' | 'discussion' | 'drafted' | 'active' | 'renewal_due' | 'ended';
export interface PartnerRelationshipsTable {
  id: Generated<string>;
  kind: PartnerKind;
  organization_id: Nullable<string>;
  partner_name: string;
  purpose: Generated<string>;
  status: Generated<PartnerStatus>;
  status_changed_at: RequiredTimestamp;
  city: Generated<string>;
  state: Nullable<string>;
  latitude: Nullable<number>;
  longitude: Nullable<number>;
  listed: Generated<boolean>;
  agreement_start: Nullable<string>;
  agreement_end: Nullable<string>;
  agreement_scope: Generated<string>;
  project: Generated<string>;
  amount_cents: Nullable<number>;
  inquirer_name: Nullable<string>;
  inquirer_email: Nullable<string>;
  created_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
}
export interface PartnerAgreementFilesTable {
  relationship_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_at: RequiredTimestamp;
  uploaded_by: Nullable<string>;
}
export interface PartnerContactsTable {
  id: Generated<string>;
  relationship_id: string;
  name: string;
  email: Generated<string>;
  phone: Generated<string>;
  role: Generated<string>;
  created_at: RequiredTimestamp;
}
export interface PartnerDeliverablesTable {
  id: Generated<string>;
  relationship_id: string;
  title: string;
  due_on: string;
  done_at: Nullable<Date>;
  reminded_at: Nullable<Date>;
  created_at: RequiredTimestamp;
}
export interface PartnerEventsTable {
  id: Generated<string>;
  relationship_id: string;
  at: RequiredTimestamp;
  kind: 'created' | 'status' | 'note' | 'agreement' | 'deliverable' | 'contact' | 'reminder' | 'details';
  from_status: Nullable<string>;
  to_status: Nullable<string>;
  text: Generated<string>;
  actor_user_id: Nullable<string>;
}
export interface PartnerInquiriesPendingTable {
  id: Generated<string>;
  token_hash: string;
  organization: string;
  kind: PartnerKind;
  purpose: string;
  contact_name: string;
  email: string;
  created_at: RequiredTimestamp;
  expires_at: RequiredTimestamp;
  used_at: Nullable<Date>;
  relationship_id: Nullable<string>;
}

// newsletters (issue 19, C4; 0062_newsletters)
export interface NewsletterSettingsTable {
  id: ColumnType<number, number, never>;
  /** messages queued per minute while a campaign sends */
  rate_per_minute: Generated<number>;
  /** messages per transaction (and per pause) */
  batch_size: Generated<number>;
  updated_at: Generated<Date>;
}

export interface NewsletterListsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  audience: 'public' | 'members';
  created_at: Generated<Date>;
}

export interface NewsletterSubscribersTable {
  id: Generated<string>;
  /** lowercase */
  email: string;
  /** signs the address's preferences and unsubscribe links; never sent */
  link_key: string;
  created_at: Generated<Date>;
}

export interface NewsletterSubscriptionsTable {
  subscriber_id: string;
  list_id: string;
  status: 'pending' | 'subscribed' | 'unsubscribed';
  /** SHA-256 of the confirmation link's token, while pending */
  confirm_hash: string | null;
  confirm_expires_at: Date | null;
  requested_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  /** the campaign whose message the address unsubscribed from (the campaign's report) */
  unsubscribed_campaign_id: string | null;
}

export interface NewsletterSuppressionsTable {
  email: string;
  reason: 'unsubscribed' | 'bounced' | 'complained';
  detail: Generated<string>;
  created_at: Generated<Date>;
}

export interface NewsletterCampaignsTable {
  id: Generated<string>;
  list_id: string;
  subject: string;
  body: string;
  segment: ColumnType<NewsletterSegment, string, string>;
  state: 'draft' | 'scheduled' | 'sending' | 'sent';
  send_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Which subscribers of a list a campaign goes to; an empty segment is every subscriber. */
export interface NewsletterSegment {
  entityTypes?: string[];
  states?: string[];
  /** keys of organizations' population bands (POPULATION_BANDS; the old four moved onto them by 0099) */
  populationBands?: string[];
  levelIds?: string[];
  pathwayIds?: string[];
  /** checked in at any of these events */
  eventIds?: string[];
}

export interface NewsletterCampaignRecipientsTable {
  campaign_id: string;
  email: string;
  subscriber_id: string;
  outbox_id: string;
  queued_at: Date;
}

// commitments (issue 20, O15; 0069_commitments)
/** Who may sign a commitment: current member organizations, any local government in the network's
 * directory, or (for either) only an elected official of it. */
export const COMMITMENT_SIGNERS = ['members', 'governments', 'elected'] as const;
export type CommitmentSigners = (typeof COMMITMENT_SIGNERS)[number];

export interface CommitmentsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  /** Markdown, rendered by publishing's safe renderer */
  body: string;
  launched_on: string;
  signers: CommitmentSigners;
  open: Generated<boolean>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A government's signature; withdrawn ones stay as history (who, when, why). */
export interface CommitmentSignaturesTable {
  id: Generated<string>;
  commitment_id: string;
  organization_id: string;
  signed_by: string | null;
  signer_name: string;
  signer_title: string;
  signed_at: Date;
  withdrawn_at: Nullable<Date>;
  withdrawn_by: Nullable<string>;
  withdrawal_reason: Nullable<string>;
}
// sponsorship (issue 20, R3; 0067_sponsorship)
export type SponsorshipTier = 'platinum' | 'gold' | 'silver' | 'bronze';
export type SponsorshipApplicationStatus = 'unconfirmed' | 'pending' | 'accepted' | 'declined';
export interface SponsorshipPackagesTable {
  id: Generated<string>;
  name: string;
  event_id: Nullable<string>;
  tier: SponsorshipTier;
  price_cents: number;
  benefits: Generated<string>;
  quantity: number;
  sold: Generated<number>;
  deadline: string;
  status: Generated<'open' | 'closed'>;
  created_at: RequiredTimestamp;
  updated_at: RequiredTimestamp;
}
export interface SponsorshipApplicationsTable {
  id: Generated<string>;
  package_id: string;
  company_name: string;
  contact_name: string;
  contact_email: string;
  website: Generated<string>;
  logo_type: 'image/png' | 'image/jpeg';
  logo_width: number;
  logo_height: number;
  logo: Uint8Array;
  status: Generated<SponsorshipApplicationStatus>;
  token_hash: Nullable<string>;
  token_expires_at: Nullable<Date>;
  confirmed_at: Nullable<Date>;
  decided_at: Nullable<Date>;
  decided_by: Nullable<string>;
  decline_reason: Nullable<string>;
  invoice_id: Nullable<string>;
  created_at: RequiredTimestamp;
  /** the billing address (0111_sponsor_billing_address); '' on applications sent before it was asked */
  address_line1: Generated<string>;
  address_line2: Generated<string>;
  city: Generated<string>;
  state: Generated<string>;
  zip: Generated<string>;
}

// the business challenge (issue 20, O16; 0071_challenges)
export interface ChallengeTemplateActionsTable {
  id: Generated<string>;
  title: string;
  category: string;
  points: number;
  evidence_required: boolean;
  /** no longer copied into new challenges */
  retired: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface ChallengesTable {
  id: Generated<string>;
  organization_id: string;
  slug: string;
  title: string;
  description: Generated<string>;
  starts_on: string;
  ends_on: string;
  bronze_points: number;
  silver_points: number;
  gold_points: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ChallengeActionsTable {
  id: Generated<string>;
  challenge_id: string;
  template_action_id: string | null;
  title: string;
  category: string;
  points: number;
  evidence_required: boolean;
  /** withdrawn by the government: no longer offered; verified completions still count */
  retired: Generated<boolean>;
  created_at: Date;
}

export interface ChallengeBusinessesTable {
  id: Generated<string>;
  challenge_id: string;
  name: string;
  street: string;
  city: string;
  state: string;
  postal_code: string;
  contact_name: string;
  contact_user_id: string;
  joined_at: Date;
}

export type ChallengeCompletionStatus = 'submitted' | 'verified' | 'rejected';

export interface ChallengeCompletionsTable {
  id: Generated<string>;
  business_id: string;
  action_id: string;
  status: ChallengeCompletionStatus;
  evidence_text: Generated<string>;
  submitted_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  reason: Generated<string>;
}

export interface ChallengeEvidenceFilesTable {
  completion_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_at: Date;
}

// API tokens (issue 21, P7): see src/modules/tokens/README.md
export interface ApiTokensTable {
  id: Generated<string>;
  kind: 'personal' | 'service';
  name: string;
  /** whose rights the token carries: its creator (checked again at every use) */
  user_id: string;
  token_hash: string;
  token_prefix: string;
  scopes: ColumnType<string[], string[], string[]>;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

// webhooks (issue 21, P7; 0075_webhooks)
export interface WebhookEndpointsTable {
  id: Generated<string>;
  url: string;
  description: Generated<string>;
  secret: string;
  event_types: string[];
  enabled: Generated<boolean>;
  disabled_at: Date | null;
  disabled_reason: Generated<string>;
  failing_since: Date | null;
  consecutive_failures: Generated<number>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  // secret rotation (0082): the replaced secret, valid until previous_secret_until
  previous_secret: string | null;
  previous_secret_until: Date | null;
  secret_rotated_at: Date | null;
  /** the hidden key of the form that created it (0120): that form posted again creates nothing */
  created_with_key: Generated<string | null>;
  /** the hidden key of the form that last rotated its secret (0120): posted again, nothing rotates */
  rotated_with_key: Generated<string | null>;
}

export interface WebhookMessagesTable {
  id: string;
  event_type: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: Date;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  message_id: string;
  endpoint_id: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_status_code: number | null;
  last_error: Generated<string>;
  created_at: Date;
  finished_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  attempted_at: Date;
  status_code: number | null;
  error: Generated<string>;
  duration_ms: Generated<number>;
  manual: Generated<boolean>;
  /** the order attempts were recorded in (0116): breaks a tie on attempted_at */
  seq: GeneratedAlways<number>;
  /** what made the attempt (0119): the delivery schedule, the test button or the Resend button */
  source: Generated<'schedule' | 'test' | 'resend'>;
  /** the staff member who pressed the button (0119); null for the schedule, and for presses before 0119 */
  sent_by: string | null;
}

// import (issue 21, P5; 0079_imports)
export type ImportKind = 'organizations' | 'contacts' | 'individuals' | 'terms' | 'balances';

export interface ImportMappingsTable {
  kind: ImportKind;
  source: string;
  mapping: ColumnType<Record<string, string>, string, string>;
  updated_at: Date;
}

export interface ImportUploadsTable {
  id: Generated<string>;
  kind: ImportKind;
  source: string;
  filename: string;
  content: Uint8Array;
  headers: string[];
  mapping: ColumnType<Record<string, string> | null, string | null, string | null>;
  rows: number | null;
  problems: number | null;
  report: ColumnType<unknown, string | null, string | null>;
  imported_at: Date | null;
  result: ColumnType<unknown, string | null, string | null>;
  created_by: string | null;
  created_at: Date;
}

export interface ImportKeysTable {
  kind: ImportKind;
  source: string;
  external_id: string;
  target_id: string;
  row_hash: string;
  updated_at: Date;
}

/** An import running in the background (0080_import_kinds): when it started, the rows it has
 * checked and written so far, and why it failed when it did (the upload stays not imported). */
export interface ImportUploadsTable {
  started_at: Nullable<Date>;
  rows_done: Nullable<number>;
  failure: Nullable<string>;
}

/** Opening balances (0083_import_balances): an imported invoice keeps the old system's number and
 * takes no Civnet number (`number`, `year`, `seq` null). */
export interface InvoicesTable {
  external_number: Nullable<string>;
  external_source: Nullable<string>;
}
