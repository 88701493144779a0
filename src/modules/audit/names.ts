// Names for the audit log: who acted and what each row is about, by name and with a link to its
// record, resolved through the owning modules (one query per kind of entity on the page, not one
// per row); and the ids an entity filter typed by name stands for.
import type { Db } from '../../db/client.js';
import type { RecordName, RecordNamer } from '../../lib/record-names.js';
import { namesOfUsers, userIdsNamed } from '../accounts/index.js';
import { applicationNames } from '../applications/index.js';
import { requestSubjects } from '../assistance/index.js';
import { invoiceIdsNumbered, invoiceNumbers } from '../billing/index.js';
import { eventIdsTitled } from '../events/index.js';
import { groupIdsNamed } from '../groups/index.js';
import { jobPostingIdsTitled } from '../jobs/index.js';
import { membershipOrganizations, organizationIdsNamed, organizationNames } from '../organizations/index.js';

/** Entity types in words, for the filter and for rows whose entity has no name of its own. */
export const ENTITY_WORDS: Readonly<Record<string, string>> = {
  organization: 'Organization',
  membership: 'Membership',
  user: 'Person',
  invoice: 'Invoice',
  application: 'Application',
  assistance_request: 'Assistance request',
  login_request: 'Login request',
  meeting: 'Meeting',
  individual_membership: 'Individual membership',
  member_level: 'Membership level',
  staff_invitation: 'Staff invitation',
  dues_schedule: 'Dues schedule',
  pathway: 'Pathway',
  join_section: 'Join page section',
  association: 'Association settings',
  advisor_availability: 'Advisor availability',
  advisor_exception: 'Advisor time off',
  export: 'Download',
  event: 'Event',
  event_registration: 'Event registration',
  sponsorship_package: 'Sponsorship package',
  sponsorship_application: 'Sponsorship application',
  resource: 'Resource',
  resource_topic: 'Topic page of resources',
  job_posting: 'Job posting',
  chapter: 'Student chapter',
  partner_relationship: 'Partner',
  webhook_endpoint: 'Webhook',
  newsletter_campaign: 'Newsletter campaign',
  news_post: 'News story',
  cohort: 'Cohort',
  committee: 'Committee',
  commitment: 'Commitment',
  group: 'Group',
  credential_application: 'Credential application',
  credential_cycle: 'Credential review cycle',
  challenge: 'Business challenge',
  challenge_action: 'Challenge action',
  challenge_completion: 'Completed challenge action',
  challenge_template_action: 'Challenge template action',
  chapter_event: 'Chapter event',
  chapter_officer: 'Chapter officer',
  chapter_report: 'Chapter report',
  chapter_settings: 'Chapter settings',
  cohort_application: 'Cohort application',
  cohort_meeting: 'Cohort meeting',
  commitment_signature: 'Commitment signature',
  committee_election: 'Committee election',
  committee_holder: 'Committee seat holder',
  committee_nomination: 'Committee nomination',
  committee_seat: 'Committee seat',
  committee_term: 'Committee term',
  credential_activity: 'Professional-development activity',
  ethics_code_version: 'Code of Ethics version',
  group_member: 'Group member',
  group_post: 'Group post',
  group_thread: 'Group thread',
  import: 'Import',
  import_upload: 'Import file',
  job_settings: 'Job center settings',
  newsletter_list: 'Newsletter list',
  newsletter_settings: 'Newsletter settings',
  newsletter_suppression: 'Newsletter suppression',
  partner_contact: 'Partner contact',
  partner_deliverable: 'Partner deliverable',
  renewal_run: 'Renewal run',
  api_token: 'API token',
};

/** What each download (`export.<name>`) holds, in words: "Download of the audit log". */
const DOWNLOAD_WORDS: Readonly<Record<string, string>> = {
  audit_log: 'the audit log',
  directory: 'the member directory',
  cohort_applications: 'a cohort’s applications',
  event_registrations: 'an event’s registrations',
  partners: 'partner relationships',
  newsletter_subscribers: 'a newsletter list’s subscribers',
};

/** "City of Boulder", "Invoice 2026-000123", or the type in words when there is no name; and its
 * record's staff page, when it has one. */
export type EntityName = RecordName;

export const entityTypeInWords = (type: string) => ENTITY_WORDS[type] ?? type.replace(/_/g, ' ');

/** Names of the rows' entities and actors: key `${type}:${id}` → name and link. The kinds this
 * module names itself, then those whose modules registered a lookup (`namers`,
 * deps.slots.recordNames), one query per kind present. */
export async function resolveNames(
  db: Db,
  rows: ReadonlyArray<{ entity_type: string; entity_id: string | null }>,
  namers: Readonly<Record<string, RecordNamer>> = {},
): Promise<Map<string, EntityName>> {
  const idsOf = (type: string) => rows.filter((r) => r.entity_type === type && r.entity_id).map((r) => r.entity_id as string);
  const registered = Object.entries(namers).filter(([type]) => idsOf(type).length > 0);
  const [[orgs, memberships, users, invoices, applications, requests], others] = await Promise.all([
    Promise.all([
      organizationNames(db, idsOf('organization')),
      membershipOrganizations(db, idsOf('membership')),
      namesOfUsers(db, idsOf('user')),
      invoiceNumbers(db, idsOf('invoice')),
      applicationNames(db, idsOf('application')),
      requestSubjects(db, idsOf('assistance_request')),
    ]),
    Promise.all(registered.map(([type, named]) => named(db, idsOf(type)))),
  ]);
  const out = new Map<string, EntityName>();
  registered.forEach(([type], i) => {
    for (const [id, named] of others[i] ?? []) out.set(`${type}:${id}`, named);
  });
  for (const [id, name] of orgs) out.set(`organization:${id}`, { name, href: `/staff/organizations/${id}` });
  for (const [id, m] of memberships) out.set(`membership:${id}`, { name: `Membership of ${m.name}`, href: `/staff/organizations/${m.organizationId}` });
  for (const [id, u] of users) out.set(`user:${id}`, { name: `${u.name} (${u.email})`, href: `/staff/people/${id}` });
  for (const [id, n] of invoices) out.set(`invoice:${id}`, { name: n ? `Invoice ${n}` : 'Draft invoice', href: `/staff/invoices/${id}` });
  for (const [id, n] of applications) out.set(`application:${id}`, { name: `Application of ${n}`, href: `/staff/applications/${id}` });
  for (const [id, s] of requests) out.set(`assistance_request:${id}`, { name: `Assistance request “${s}”`, href: `/staff/assistance/${id}` });
  return out;
}

/** A row's entity by name, or its type in words (and the export's name for a download). */
export function entityOf(names: Map<string, EntityName>, r: { entity_type: string; entity_id: string | null }): EntityName {
  const found = r.entity_id ? names.get(`${r.entity_type}:${r.entity_id}`) : undefined;
  if (found) return found;
  if (r.entity_type === 'export' && r.entity_id) return { name: `Download of ${DOWNLOAD_WORDS[r.entity_id] ?? r.entity_id.replace(/_/g, ' ')}`, href: null };
  return { name: entityTypeInWords(r.entity_type), href: null };
}

/** What the "About" search looks in, in words: the filter's label says it. */
export const ABOUT_SEARCH_COVERS = 'organization, person, invoice number, event, job posting or group';

/** The entity ids a name typed in the filter stands for: organizations (and their memberships),
 * people and invoices whose name, email or number contains it, and events, job postings and
 * groups by title or name (each at most 200, on the folded-name indexes' terms). */
export async function entityIdsNamed(db: Db, text: string): Promise<string[]> {
  const found = await Promise.all([
    organizationIdsNamed(db, text),
    userIdsNamed(db, text),
    invoiceIdsNumbered(db, text),
    eventIdsTitled(db, text),
    jobPostingIdsTitled(db, text),
    groupIdsNamed(db, text),
  ]);
  return found.flat();
}
