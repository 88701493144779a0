// Demo data of the business challenge: a catalogue template of ten actions, and the City of
// Springfield's running Green Business Challenge with three businesses (their contacts are demo
// accounts: coffee@, hardware@, bikes@), some actions verified, one waiting, one rejected.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { isoDay } from '../../lib/format.js';
import { seedUsers } from '../accounts/index.js';

const TEMPLATE: Array<[title: string, category: string, points: number, evidence: boolean]> = [
  ['Switch all lighting to LED', 'Energy', 20, true],
  ['Get a free energy audit from the utility', 'Energy', 30, true],
  ['Set thermostats back outside business hours', 'Energy', 10, false],
  ['Offer recycling for customers and staff', 'Waste', 15, false],
  ['Compost food scraps', 'Waste', 25, true],
  ['Replace single-use cups and bags with reusable ones', 'Waste', 20, true],
  ['Install low-flow faucets and toilets', 'Water', 20, true],
  ['Offer staff a transit or bike commuting benefit', 'Transportation', 25, true],
  ['Add bicycle parking', 'Transportation', 10, false],
  ['Buy from at least three local suppliers', 'Community', 15, false],
];

const BUSINESSES: Array<{ email: string; contact: string; name: string; street: string; verified: number[]; waiting?: number; rejected?: number }> = [
  { email: 'coffee@example.org', contact: 'Lena Ortiz', name: 'Prairie Bean Coffee', street: '214 S 6th St', verified: [0, 3, 4, 5, 9], waiting: 1 },
  { email: 'hardware@example.org', contact: 'Tom Becker', name: 'Lincoln Hardware', street: '801 E Adams St', verified: [0, 2, 3, 8], rejected: 6 },
  { email: 'bikes@example.org', contact: 'Ana Silva', name: 'Capitol Bike Shop', street: '120 N 5th St', verified: [7, 8, 3, 9] },
];

export async function seedChallengesDemo(
  trx: Transaction<DB>,
  now: Date,
  o: { organizationId: string | undefined; reviewerId: string | null; passwordHash: string },
): Promise<void> {
  const template = await trx
    .insertInto('challenge_template_actions')
    .values(TEMPLATE.map(([title, category, points, evidence_required]) => ({ title, category, points, evidence_required, created_at: now, updated_at: now })))
    .returning(['id', 'title', 'category', 'points', 'evidence_required'])
    .execute();
  if (!o.organizationId) return;
  const day = (days: number) => isoDay(new Date(now.getTime() + days * 86_400_000));
  const c = await trx
    .insertInto('challenges')
    .values({
      organization_id: o.organizationId,
      slug: 'springfield-green-business',
      title: 'Springfield Green Business Challenge',
      description: 'Springfield’s businesses cut energy, waste and water use, and earn Bronze, Silver and Gold badges for it.',
      starts_on: day(-60),
      ends_on: day(120),
      bronze_points: 50,
      silver_points: 100,
      gold_points: 200,
      created_by: o.reviewerId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actions = await trx
    .insertInto('challenge_actions')
    .values(
      template.map((t) => ({
        challenge_id: c.id,
        template_action_id: t.id,
        title: t.title,
        category: t.category,
        points: t.points,
        evidence_required: t.evidence_required,
        created_at: now,
      })),
    )
    .returning('id')
    .execute();
  const users = await seedUsers(
    trx,
    BUSINESSES.map((b) => ({ email: b.email, name: b.contact, roles: [] })),
    o.passwordHash,
  );
  for (const b of BUSINESSES) {
    const userId = users.get(b.email);
    if (!userId) continue;
    const business = await trx
      .insertInto('challenge_businesses')
      .values({
        challenge_id: c.id,
        name: b.name,
        street: b.street,
        city: 'Springfield',
        state: 'IL',
        postal_code: '62701',
        contact_name: b.contact,
        contact_user_id: userId,
        joined_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const marks = [
      ...b.verified.map((i) => [i, 'verified'] as const),
      ...(b.waiting === undefined ? [] : [[b.waiting, 'submitted'] as const]),
      ...(b.rejected === undefined ? [] : [[b.rejected, 'rejected'] as const]),
    ];
    for (const [i, status] of marks) {
      const action = actions[i];
      if (!action) continue;
      await trx
        .insertInto('challenge_completions')
        .values({
          business_id: business.id,
          action_id: action.id,
          status,
          evidence_text: status === 'rejected' ? 'New faucets in the restroom.' : 'Done this spring; receipts kept.',
          submitted_at: now,
          reviewed_at: status === 'submitted' ? null : now,
          reviewed_by: status === 'submitted' ? null : o.reviewerId,
          reason: status === 'rejected' ? 'Please attach the receipt or a photo of the new fixtures.' : '',
        })
        .execute();
    }
  }
}
