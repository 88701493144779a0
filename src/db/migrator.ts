// Ordered Kysely migrations, run at start-up and by `civnet migrate`.
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Db } from './client.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_dues.js';
import * as m0003 from './migrations/0003_join_pages.js';
import * as m0004 from './migrations/0004_applications.js';
import * as m0005 from './migrations/0005_billing.js';
import * as m0006 from './migrations/0006_network.js';
import * as m0007 from './migrations/0007_advising.js';
import * as m0008 from './migrations/0008_org_portal.js';
import * as m0009 from './migrations/0009_assistance.js';
import * as m0010 from './migrations/0010_individuals.js';
import * as m0011 from './migrations/0011_directory.js';
import * as m0012 from './migrations/0012_verified_accounts.js';
import * as m0013 from './migrations/0013_seat_invitations.js';
import * as m0014 from './migrations/0014_level_eligibility.js';
import * as m0015 from './migrations/0015_lesser_findings.js';
import * as m0016 from './migrations/0016_verify_browser.js';
import * as m0017 from './migrations/0017_abuse_limits.js';
import * as m0018 from './migrations/0018_privilege_rotation.js';
import * as m0019 from './migrations/0019_staff_invitations.js';
import * as m0020 from './migrations/0020_staff_records.js';
import * as m0021 from './migrations/0021_renewal_runs.js';
import * as m0022 from './migrations/0022_organization_actions.js';
import * as m0023 from './migrations/0023_email_change.js';
import * as m0024 from './migrations/0024_association_settings.js';
import * as m0025 from './migrations/0025_list_indexes.js';
import * as m0027 from './migrations/0027_get_started.js';
import * as m0028 from './migrations/0028_association_time_zone.js';
import * as m0030 from './migrations/0030_export_order.js';
import * as m0036 from './migrations/0036_directory_export_order.js';
import * as m0037 from './migrations/0037_rate_limits.js';
import * as m0038 from './migrations/0038_renewal_blocks.js';
import * as m0039 from './migrations/0039_network_summary.js';
import * as m0040 from './migrations/0040_directory_search.js';
import * as m0041 from './migrations/0041_directory_search_speed.js';
import * as m0042 from './migrations/0042_organization_search.js';
import * as m0043 from './migrations/0043_renewal_speed.js';
import * as m0044 from './migrations/0044_directory_bulk_rebuild.js';
import * as m0045 from './migrations/0045_organization_search_bulk.js';
import * as m0046 from './migrations/0046_events.js';
// cohorts and delegations
import * as m0047 from './migrations/0047_cohorts.js';
import * as m0048 from './migrations/0048_committees.js';
// the profession (issue 17)
import * as m0049 from './migrations/0049_ethics_code.js';
import * as m0050 from './migrations/0050_ethics_cases.js';
// ethics sanctions in individuals: bars on rejoining (issue 17)
import * as m0051 from './migrations/0051_individual_bars.js';
import * as m0052 from './migrations/0052_credentialing.js';
import * as m0053 from './migrations/0053_chapters.js';
// refunds through billing (issue 16)
import * as m0054 from './migrations/0054_refunds.js';
import * as m0055 from './migrations/0055_publishing.js';
// resources (issue 18)
import * as m0056 from './migrations/0056_resources.js';
// news and stories (issue 18, C7)
import * as m0057 from './migrations/0057_news.js';
// the job center (issue 18, C6)
import * as m0058 from './migrations/0058_jobs.js';
import * as m0059 from './migrations/0059_outbox_headers.js';
// member groups (issue 19, C3)
import * as m0060 from './migrations/0060_groups.js';
import * as m0061 from './migrations/0061_group_attachments.js';
// newsletters (issue 19, C4)
import * as m0062 from './migrations/0062_newsletters.js';
import * as m0064 from './migrations/0064_resource_search.js';
// partners (issue 20, R1–R2)
import * as m0065 from './migrations/0065_partners.js';
// sponsorship (issue 20, R3)
import * as m0067 from './migrations/0067_sponsorship.js';
import * as m0068 from './migrations/0068_sponsorship_invoices.js';
// commitments (issue 20, O15)
import * as m0069 from './migrations/0069_commitments.js';
// the business challenge (issue 20, O16)
import * as m0071 from './migrations/0071_challenges.js';
// API tokens (issue 21, P7)
import * as m0073 from './migrations/0073_api_tokens.js';
// webhooks (issue 21, P7)
import * as m0075 from './migrations/0075_webhooks.js';
// import (issue 21, P5)
import * as m0079 from './migrations/0079_imports.js';
import * as m0080 from './migrations/0080_import_kinds.js';
import * as m0081 from './migrations/0081_import_terms.js';
// webhooks: secret rotation (issue 21, P7)
import * as m0082 from './migrations/0082_webhook_secret_rotation.js';
import * as m0083 from './migrations/0083_import_balances.js';
import * as m0084 from './migrations/0084_trigger_costs.js';
import * as m0085 from './migrations/0085_unused_name_index.js';
import * as m0086 from './migrations/0086_profile_indexes.js';
import * as m0087 from './migrations/0087_directory_facets.js';
import * as m0088 from './migrations/0088_directory_rebuild_steps.js';
// the lexicon of name words on a rename only (issue 15)
import * as m0089 from './migrations/0089_name_words_on_rename.js';
import * as m0090 from './migrations/0090_name_words_fold_accents.js';
import * as m0091 from './migrations/0091_folded_name_indexes.js';
import * as m0092 from './migrations/0092_invitation_replaced_links.js';
import * as m0093 from './migrations/0093_membership_terms.js';
import * as m0097 from './migrations/0097_application_listing.js';
import * as m0098 from './migrations/0098_meeting_format.js';
import * as m0099 from './migrations/0099_newsletter_population_bands.js';
import * as m0106 from './migrations/0106_job_posting_closed.js';
import * as m0108 from './migrations/0108_chapter_report_returns.js';
import * as m0110 from './migrations/0110_job_posting_withdrawn.js';
import * as m0111 from './migrations/0111_sponsor_billing_address.js';
import * as m0112 from './migrations/0112_meeting_cancelled_by.js';
import * as m0113 from './migrations/0113_withdrawn_postings_index.js';
import * as m0114 from './migrations/0114_billing_contact_since.js';
import * as m0116 from './migrations/0116_webhook_attempt_order.js';
import * as m0117 from './migrations/0117_audit_actor_kept.js';
import * as m0119 from './migrations/0119_webhook_attempt_sender.js';
import * as m0120 from './migrations/0120_event_sequence_form_keys.js';

/** The list is explicit so that a bundle or a renamed file cannot reorder history. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_dues': m0002,
  '0003_join_pages': m0003,
  '0004_applications': m0004,
  '0005_billing': m0005,
  '0006_network': m0006,
  '0007_advising': m0007,
  '0008_org_portal': m0008,
  '0009_assistance': m0009,
  '0010_individuals': m0010,
  '0011_directory': m0011,
  '0012_verified_accounts': m0012,
  '0013_seat_invitations': m0013,
  '0014_level_eligibility': m0014,
  '0015_lesser_findings': m0015,
  '0016_verify_browser': m0016,
  '0017_abuse_limits': m0017,
  '0018_privilege_rotation': m0018,
  '0019_staff_invitations': m0019,
  '0020_staff_records': m0020,
  '0021_renewal_runs': m0021,
  '0022_organization_actions': m0022,
  '0023_email_change': m0023,
  '0024_association_settings': m0024,
  '0025_list_indexes': m0025,
  '0027_get_started': m0027,
  '0028_association_time_zone': m0028,
  '0030_export_order': m0030,
  '0036_directory_export_order': m0036,
  '0037_rate_limits': m0037,
  '0038_renewal_blocks': m0038,
  '0039_network_summary': m0039,
  '0040_directory_search': m0040,
  '0041_directory_search_speed': m0041,
  '0042_organization_search': m0042,
  '0043_renewal_speed': m0043,
  '0044_directory_bulk_rebuild': m0044,
  '0045_organization_search_bulk': m0045,
  '0046_events': m0046,
  // cohorts and delegations
  '0047_cohorts': m0047,
  '0048_committees': m0048,
  // the profession: ethics, credentialing, student chapters
  '0049_ethics_code': m0049,
  '0051_individual_bars': m0051,
  '0053_chapters': m0053,
  '0052_credentialing': m0052,
  '0050_ethics_cases': m0050,
  '0054_refunds': m0054,
  '0055_publishing': m0055,
  // resources (issue 18)
  '0056_resources': m0056,
  // news and stories (issue 18, C7)
  '0057_news': m0057,
  // the job center (issue 18, C6)
  '0058_jobs': m0058,
  '0059_outbox_headers': m0059,
  // member groups (issue 19, C3)
  '0060_groups': m0060,
  '0061_group_attachments': m0061,
  // newsletters (issue 19, C4)
  '0062_newsletters': m0062,
  // resource search's narrow table (issue 18's benchmark)
  '0064_resource_search': m0064,
  // partners (issue 20, R1–R2)
  '0065_partners': m0065,
  // sponsorship (issue 20, R3)
  '0067_sponsorship': m0067,
  '0068_sponsorship_invoices': m0068,
  // commitments (issue 20, O15)
  '0069_commitments': m0069,
  // the business challenge (issue 20, O16)
  '0071_challenges': m0071,
  // API tokens (issue 21, P7)
  '0073_api_tokens': m0073,
  // webhooks (issue 21, P7)
  '0075_webhooks': m0075,
  // import (issue 21, P5)
  '0079_imports': m0079,
  // import of contacts and individual members, progress of a background import (issue 21, P5)
  '0080_import_kinds': m0080,
  // import of organizations' past memberships (terms) (issue 21, P5)
  '0081_import_terms': m0081,
  // webhooks: secret rotation (issue 21, P7)
  '0082_webhook_secret_rotation': m0082,
  // import of opening balances: past invoices and payments (issue 21, P5)
  '0083_import_balances': m0083,
  '0084_trigger_costs': m0084,
  '0085_unused_name_index': m0085,
  '0086_profile_indexes': m0086,
  '0087_directory_facets': m0087,
  // Who's Who's rebuild in steps a loader runs side by side (issue 15)
  '0088_directory_rebuild_steps': m0088,
  '0089_name_words_on_rename': m0089,
  '0090_name_words_fold_accents': m0090,
  '0091_folded_name_indexes': m0091,
  '0092_invitation_replaced_links': m0092,
  '0093_membership_terms': m0093,
  '0097_application_listing': m0097,
  '0098_meeting_format': m0098,
  '0099_newsletter_population_bands': m0099,
  '0106_job_posting_closed': m0106,
  '0108_chapter_report_returns': m0108,
  '0110_job_posting_withdrawn': m0110,
  '0111_sponsor_billing_address': m0111,
  '0112_meeting_cancelled_by': m0112,
  '0113_withdrawn_postings_index': m0113,
  '0114_billing_contact_since': m0114,
  '0116_webhook_attempt_order': m0116,
  '0117_audit_actor_kept': m0117,
  '0119_webhook_attempt_sender': m0119,
  '0120_event_sequence_form_keys': m0120,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The name of the newest migration this code knows: the schema version a backup records (issue 21, P9). */
export function latestMigrationName(): string {
  return Object.keys(migrations).sort().at(-1) ?? '';
}

/** True when the database has applied exactly the migrations this code knows: nothing to run, and
 * Kysely's Migrator is not built (to find its own two tables it reads every column of every table,
 * about half a second of PGlite's time at each start). Any other answer (no table yet, a migration
 * missing, one this code does not know) goes to the Migrator, which applies or refuses as before. */
async function upToDate(db: Db): Promise<boolean> {
  const exists = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const known = Object.keys(migrations);
  return rows.length === known.length && rows.every((r) => Object.hasOwn(migrations, r.name));
}
