// Demo data of partners: a chapter in Denver and a branch in Houston on the network map, a
// strategic alliance, a grant-funded partnership with deliverables, one alliance not listed
// publicly, and two relationships on their way (an inquiry from the public form, one in discussion).
import type { Transaction } from 'kysely';
import type { DB, PartnerKind, PartnerStatus } from '../../db/types.js';
import { isoDay } from '../../lib/format.js';

interface DemoRelationship {
  kind: PartnerKind;
  name: string;
  status: PartnerStatus;
  purpose: string;
  city?: string;
  state?: string;
  at?: [number, number];
  listed?: boolean;
  years?: number;
  project?: string;
  amountCents?: number;
  deliverables?: Array<[string, number]>;
  inquirer?: [string, string];
}

const DEMO: DemoRelationship[] = [
  {
    kind: 'chapter',
    name: 'Rocky Mountain Local Government Managers',
    status: 'active',
    purpose: 'Professional development and peer exchange for managers in Colorado.',
    city: 'Denver',
    state: 'CO',
    at: [39.7392, -104.9903],
    years: 3,
  },
  {
    kind: 'branch',
    name: 'Gulf Coast Regional Office',
    status: 'active',
    purpose: 'Technical assistance to members on the Gulf Coast after disasters.',
    city: 'Houston',
    state: 'TX',
    at: [29.7604, -95.3698],
    years: 5,
  },
  { kind: 'alliance', name: 'National Association of Regional Councils', status: 'active', purpose: 'Joint research and advocacy on regional planning.', years: 5 },
  {
    kind: 'partnership',
    name: 'Resilient Cities Foundation',
    status: 'active',
    purpose: 'A grant-funded toolkit for climate resilience planning.',
    city: 'Chicago',
    state: 'IL',
    years: 2,
    project: 'Climate resilience planning toolkit',
    amountCents: 25_000_000,
    deliverables: [
      ['Toolkit draft for member review', 30],
      ['Three regional workshops', 120],
    ],
  },
  { kind: 'alliance', name: 'Municipal Insurance Pool', status: 'active', purpose: 'Risk management training (not announced).', listed: false, years: 1 },
  { kind: 'partnership', name: 'Civic Data Collaborative', status: 'inquiry', purpose: 'Open data training for small towns.', inquirer: ['Dana Ortiz', 'dana@civicdata.example'] },
  {
    kind: 'chapter',
    name: 'Prairie Managers Network',
    status: 'discussion',
    purpose: 'A chapter for managers in Kansas and Nebraska.',
    city: 'Wichita',
    state: 'KS',
    at: [37.6872, -97.3301],
  },
];

export async function seedPartnersDemo(trx: Transaction<DB>, now: Date, staffUserId: string | null): Promise<void> {
  const day = (offset: number) => isoDay(new Date(now.getTime() + offset * 86_400_000));
  for (const d of DEMO) {
    const running = d.status === 'active';
    const r = await trx
      .insertInto('partner_relationships')
      .values({
        kind: d.kind,
        partner_name: d.name,
        purpose: d.purpose,
        status: d.status,
        status_changed_at: now,
        city: d.city ?? '',
        state: d.state ?? null,
        latitude: d.at?.[0] ?? null,
        longitude: d.at?.[1] ?? null,
        listed: d.listed ?? true,
        agreement_start: running ? day(-200) : null,
        agreement_end: running ? day(365 * (d.years ?? 1)) : null,
        agreement_scope: running ? d.purpose : '',
        project: d.project ?? '',
        amount_cents: d.amountCents ?? null,
        inquirer_name: d.inquirer?.[0] ?? null,
        inquirer_email: d.inquirer?.[1] ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('partner_events')
      .values({ relationship_id: r.id, at: now, kind: 'created', to_status: d.status, text: 'Recorded in the demo data.', actor_user_id: staffUserId })
      .execute();
    if (d.inquirer)
      await trx.insertInto('partner_contacts').values({ relationship_id: r.id, name: d.inquirer[0], email: d.inquirer[1], role: 'Inquirer', created_at: now }).execute();
    for (const [title, inDays] of d.deliverables ?? [])
      await trx
        .insertInto('partner_deliverables')
        .values({ relationship_id: r.id, title, due_on: day(inDays), created_at: now })
        .execute();
  }
}
