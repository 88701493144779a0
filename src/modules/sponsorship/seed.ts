// Demo data of sponsorship: two packages for the annual conference (Platinum, one place; Gold,
// three places) tied to its event, and a year-round Silver partner package. No applications: a
// demo visitor applies at /partners/sponsorship.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { isoDay } from '../../lib/format.js';
import { eventChoices } from '../events/index.js';

export async function seedSponsorshipDemo(trx: Transaction<DB>, now: Date, actorUserId: string | null): Promise<void> {
  const conference = (await eventChoices(trx, now)).find((e) => e.slug === 'annual-conference');
  const day = (days: number) => isoDay(new Date(now.getTime() + days * 86_400_000));
  const deadline = conference ? isoDay(new Date(conference.startsAt.getTime() - 14 * 86_400_000)) : day(60);
  const packages = [
    {
      name: 'Conference Platinum sponsor',
      tier: 'platinum' as const,
      event_id: conference?.id ?? null,
      price_cents: 2_500_000,
      quantity: 1,
      deadline,
      benefits: 'Logo on the main stage and every session slide\nA keynote introduction\nSix full conference passes\nA booth in the exhibit hall',
    },
    {
      name: 'Conference Gold sponsor',
      tier: 'gold' as const,
      event_id: conference?.id ?? null,
      price_cents: 1_000_000,
      quantity: 3,
      deadline,
      benefits: 'Logo on the conference page and program\nThree full conference passes\nA booth in the exhibit hall',
    },
    {
      name: 'Year-round Silver partner',
      tier: 'silver' as const,
      event_id: null,
      price_cents: 500_000,
      quantity: 10,
      deadline: day(300),
      benefits: 'Logo on our sponsors page for a year\nA mention in two newsletters\nOne webinar co-hosted with our staff',
    },
  ];
  for (const p of packages) {
    const row = await trx
      .insertInto('sponsorship_packages')
      .values({ ...p, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { at: now, actorUserId, action: 'sponsorship.package_created', entityType: 'sponsorship_package', entityId: row.id, after: p });
  }
}
