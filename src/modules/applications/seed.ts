// Demo applications waiting for review, so that the staff queue has something in it.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

const DEMO = [
  // Each with its own people and a billing address a letter could reach (a street, then the town,
  // state and ZIP code: not the government's name, which the invoice already shows above it).
  {
    name: 'City of Boulder',
    state: 'CO',
    type: 'city',
    population: 108_250,
    cents: 175_000,
    domain: 'bouldercolorado.example',
    days: 9,
    staff: { name: 'Alex Rivera', title: 'Sustainability Manager' },
    elected: { name: 'Jamie Park', title: 'Mayor', mailbox: 'mayor' },
    address: '1777 Broadway\nBoulder, CO 80302',
  },
  {
    name: 'Dane County',
    state: 'WI',
    type: 'county',
    population: 561_504,
    cents: 350_000,
    domain: 'danecounty.example',
    days: 2,
    staff: { name: 'Keisha Moore', title: 'Climate Change Director' },
    elected: { name: 'Tom Lindqvist', title: 'County Executive', mailbox: 'executive' },
    address: '210 Martin Luther King Jr. Boulevard\nMadison, WI 53703',
  },
  {
    name: 'Town of Chapel Hill',
    state: 'NC',
    type: 'town',
    population: 61_960,
    cents: 120_000,
    domain: 'townofchapelhill.example',
    days: 1,
    staff: { name: 'Priya Natarajan', title: 'Sustainability Officer' },
    elected: { name: 'Dana Whitfield', title: 'Mayor', mailbox: 'mayor' },
    address: '405 Martin Luther King Jr. Boulevard\nChapel Hill, NC 27514',
  },
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
        staff_name: d.staff.name,
        staff_email: `sustainability@${d.domain}`,
        staff_title: d.staff.title,
        staff_phone: '',
        elected_name: d.elected.name,
        elected_email: `${d.elected.mailbox}@${d.domain}`,
        elected_title: d.elected.title,
        billing_name: 'Accounts Payable',
        billing_email: `ap@${d.domain}`,
        billing_address: d.address,
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
