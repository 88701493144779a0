// Who may write each table: the one place that says so, checked by scripts/check-boundaries.ts.
// Built from the module READMEs' "Tables" sections and the `DB` interface of src/db/types.ts.
// Every table of `DB` must appear here (a new table has to be claimed before it can be written),
// and every table here must exist in `DB`.
//
// An owner is either a module folder under src/modules (`'billing'`), or for a platform table the
// one file under src/lib that writes it (`'lib/audit.ts'`). A module's own seed.ts is inside its
// module; src/seed/*, src/cli.ts, src/app.ts … are outside every module.
// Migrations (src/db/migrations) may write anything and are not checked.

export type Owner = string;

export const TABLE_OWNERS: Readonly<Record<string, Owner>> = {
  // accounts: sign-in, roles, sessions, links, two-factor, the sign-in pause
  users: 'accounts',
  user_roles: 'accounts',
  staff_invitations: 'accounts',
  sessions: 'accounts',
  auth_tokens: 'accounts',
  recovery_codes: 'accounts',
  sign_in_throttle: 'accounts',

  // settings: the association's one row (billing's settings live on it too, written by settings)
  association: 'settings',
  association_files: 'settings',

  // organizations: the organizations, their seats and their memberships (the portal and billing
  // change them through organizations' index.ts)
  organizations: 'organizations',
  organization_contacts: 'organizations',
  memberships: 'organizations',

  // platform tables, each written by one file of src/lib
  audit_log: 'lib/audit.ts',
  outbox: 'lib/email.ts',
  form_mail_log: 'lib/form-mail-limit.ts',
  rate_limit_hits: 'lib/rate-limit-store.ts',

  // dues
  dues_schedules: 'dues',
  dues_rules: 'dues',
  dues_bands: 'dues',

  // join
  join_sections: 'join',

  // applications
  applications: 'applications',
  application_events: 'applications',

  // billing
  invoice_counters: 'billing',
  invoices: 'billing',
  invoice_lines: 'billing',
  payments: 'billing',
  credit_notes: 'billing',
  stripe_events: 'billing',
  invoice_reminders: 'billing',
  renewal_runs: 'billing',

  // pathways
  pathways: 'pathways',
  organization_pathways: 'pathways',

  // advising
  advisor_profiles: 'advising',
  advisor_assignments: 'advising',
  advisor_availability: 'advising',
  advisor_exceptions: 'advising',
  meetings: 'advising',
  meeting_invitations: 'advising',

  // committees (issue 16, leadership roles)
  committees: 'committees',
  committee_seats: 'committees',
  committee_terms: 'committees',
  committee_elections: 'committees',
  committee_nominations: 'committees',
  committee_holders: 'committees',
  committee_reminders: 'committees',

  // onboarding
  get_started_marks: 'onboarding',

  // portal
  login_requests: 'portal',
  seat_invitations: 'portal',

  // cohorts and delegations (src/modules/cohorts)
  cohorts: 'cohorts',
  cohort_pathways: 'cohorts',
  cohort_questions: 'cohorts',
  cohort_applications: 'cohorts',
  cohort_meetings: 'cohorts',
  cohort_notes: 'cohorts',
  cohort_files: 'cohorts',

  // assistance
  assistance_requests: 'assistance',
  assistance_messages: 'assistance',
  assistance_attachments: 'assistance',
  assistance_events: 'assistance',

  // individuals
  member_levels: 'individuals',
  individual_memberships: 'individuals',
  invoice_instalments: 'individuals',
  transition_requests: 'individuals',
  dues_waivers: 'individuals',
  membership_proofs: 'individuals',

  // directory (person_name_words, directory_name_index and directory_facets are kept by triggers; nobody writes them by hand)
  member_profiles: 'directory',
  member_positions: 'directory',
  person_name_words: 'directory',
  directory_name_index: 'directory',
  directory_facets: 'directory',

  // network: its summaries, kept by triggers on memberships and organizations (0039); only
  // network_summary_rebuild() (network's rebuildNetworkSummary) writes them otherwise
  network_member_status: 'network',
  network_member_counts: 'network',
  network_figures: 'network',

  // records: the staff workspace's notes about organizations (staff-only)
  staff_notes: 'records',
  // the organization search's index, kept by triggers on organizations (0042); nobody writes them by hand
  organization_name_words: 'records',
  organization_name_lexicon: 'records',

  // events: events, their agenda, tickets, orders, registrations, attendance, the PD log
  events: 'events',
  event_pathways: 'events',
  event_sessions: 'events',
  event_ticket_types: 'events',
  event_orders: 'events',
  event_registrations: 'events',
  event_attendance: 'events',
  pd_credits: 'events',
  event_calendar_feeds: 'events',

  // ethics (issue 17, I5): the code, complaints and cases
  ethics_code_versions: 'ethics',
  ethics_tenets: 'ethics',

  // individuals: bars on rejoining after an ethics suspension or expulsion (issue 17)
  individual_bars: 'individuals',
  // student chapters (issue 17, I8): requests, officers, members, events, yearly reports
  chapter_settings: 'chapters',
  chapters: 'chapters',
  chapter_officers: 'chapters',
  chapter_members: 'chapters',
  chapter_events: 'chapters',
  chapter_reports: 'chapters',
  chapter_reminders: 'chapters',

  // publishing (issue 18): what resources, news and jobs share
  content_images: 'publishing',
  content_revisions: 'publishing',
  // credentialing (issue 17, I7): cycles, applications, the credential, bars, PD activities, reminders
  credential_cycles: 'credentialing',
  credential_panel_members: 'credentialing',
  credential_applications: 'credentialing',
  credentials: 'credentialing',
  credential_bars: 'credentialing',
  credential_activities: 'credentialing',
  credential_reminders: 'credentialing',
  // ethics cases (0050_ethics_cases)
  ethics_cases: 'ethics',
  ethics_case_events: 'ethics',
  ethics_case_files: 'ethics',
  ethics_committee_members: 'ethics',
  ethics_case_assignments: 'ethics',
  ethics_committee_notes: 'ethics',
  ethics_reminders: 'ethics',
  // news and stories (issue 18, C7; 0057_news)
  news_posts: 'news',
  news_post_pathways: 'news',
  // the job center (issue 18, C6)
  job_settings: 'jobs',
  job_postings: 'jobs',
  job_saved_searches: 'jobs',
  job_alerts_sent: 'jobs',
  // resources (issue 18, O13, C5): the catalogue, its files, topic pages
  resources: 'resources',
  resource_files: 'resources',
  resource_topics: 'resources',
  resource_search: 'resources',
  // member groups (issue 19, C3; 0060_groups)
  groups: 'groups',
  group_members: 'groups',
  group_threads: 'groups',
  group_posts: 'groups',
  group_post_edits: 'groups',
  group_reports: 'groups',
  group_digests_sent: 'groups',
  group_attachments: 'groups',
  // partners (issue 20, R1–R2; 0065_partners)
  partner_relationships: 'partners',
  partner_agreement_files: 'partners',
  partner_contacts: 'partners',
  partner_deliverables: 'partners',
  partner_events: 'partners',
  partner_inquiries_pending: 'partners',
  // commitments (issue 20, O15; 0069_commitments)
  commitments: 'commitments',
  commitment_signatures: 'commitments',
  // newsletters (issue 19, C4; 0062_newsletters)
  newsletter_settings: 'newsletters',
  newsletter_lists: 'newsletters',
  newsletter_subscribers: 'newsletters',
  newsletter_subscriptions: 'newsletters',
  newsletter_suppressions: 'newsletters',
  newsletter_campaigns: 'newsletters',
  newsletter_campaign_recipients: 'newsletters',
  // sponsorship (issue 20, R3; 0067_sponsorship)
  sponsorship_packages: 'sponsorship',
  sponsorship_applications: 'sponsorship',
  // the business challenge (issue 20, O16; 0071_challenges)
  challenge_template_actions: 'challenges',
  challenges: 'challenges',
  challenge_actions: 'challenges',
  challenge_businesses: 'challenges',
  challenge_completions: 'challenges',
  challenge_evidence_files: 'challenges',
  // API tokens (issue 21, P7; 0073_api_tokens)
  api_tokens: 'tokens',
  // webhooks (issue 21, P7; 0075_webhooks)
  webhook_endpoints: 'webhooks',
  webhook_messages: 'webhooks',
  webhook_deliveries: 'webhooks',
  webhook_attempts: 'webhooks',
  // import (issue 21, P5; 0079_imports)
  import_mappings: 'imports',
  import_uploads: 'imports',
  import_keys: 'imports',
};
