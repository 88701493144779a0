// Demo applications waiting for review, so that the staff queue has something in it.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

const DEMO = [
  { name: 'City of Boulder', state: 'CO', type: 'city', population: 108_250, cents: 175_000, domain: 'bouldercolorado.example', days: 9 },
  { name: 'Dane County', state: 'WI', type: 'county', population: 561_504, cents: 350_000, domain: 'danecounty.example', days: 2 },
  { name: 'Town of Chapel Hill', state: 'NC', type: 'town', population: 61_960, cents: 120_000, domain: 'townofchapelhill.example', days: 1 },
] as const;

export async function seedApplicationsDemo(trx: Transaction<DB>, now = new Date()): Promise<void> {
  for (const d of DEMO) {
    const submitted = new Date(now.getTime() - d.days * 86_400_000);
    const row = await trx
      .insertInto('applications')
      .values({
        status: 'submitted',
        applicant_email: `sustainability@${d.domain}`,
        entity_type: d.type,
        legal_name: d.name,
        state: d.state,
        population: d.population,
        population_source: '2020 Census',
        population_year: 2020,
        website: `https://${d.domain}`,
        staff_name: 'Alex Rivera',
        staff_email: `sustainability@${d.domain}`,
        staff_title: 'Sustainability Manager',
        staff_phone: '',
        elected_name: 'Jamie Park',
        elected_email: `mayor@${d.domain}`,
        elected_title: 'Mayor',
        billing_name: 'Accounts Payable',
        billing_email: `ap@${d.domain}`,
        billing_address: `100 Main Street\n${d.name}, ${d.state}`,
        po_required: false,
        po_number: '',
        agreed_terms_at: submitted,
        quoted_amount_cents: d.cents,
        quote_schedule_effective_from: '2020-01-01',
        duplicate_flags: '[]',
        draft_token_hash: sha256(randomToken()),
        created_at: submitted,
        updated_at: submitted,
        submitted_at: submitted,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('application_events')
      .values({ application_id: row.id, at: submitted, actor_user_id: null, from_status: null, to_status: 'submitted', note: null })
      .execute();
  }
}
