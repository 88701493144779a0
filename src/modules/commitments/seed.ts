// Demo data of commitments: the Resilient Communities for America Agreement (any local
// government may sign) and a Climate Emergency Declaration (elected officials sign), with a few
// demo governments as signatories and one withdrawn signature in the history. City of Springfield
// has signed neither, so that its administrator can sign in the demo.
import type { Transaction } from 'kysely';
import type { CommitmentSigners, DB } from '../../db/types.js';
import { isoDay } from '../../lib/format.js';

const DAY = 86_400_000;

interface DemoCommitment {
  slug: string;
  title: string;
  signers: CommitmentSigners;
  launchedDaysAgo: number;
  body: string;
  signatures: Array<{ org: string; name: string; title: string; daysAgo: number; withdrawn?: { daysAgo: number; reason: string } }>;
}

const DEMO: DemoCommitment[] = [
  {
    slug: 'resilient-communities-for-america',
    title: 'Resilient Communities for America Agreement',
    signers: 'governments',
    launchedDaysAgo: 400,
    body: [
      'We, the undersigned local elected and appointed leaders, commit to creating more resilient communities: able to withstand and recover from extreme weather, energy and economic shocks.',
      '',
      '## We commit to',
      '',
      '- **Prepare** for extreme weather and climate change, with plans that protect people first.',
      '- **Use energy wisely**: cut waste, and invest in efficiency and renewable energy.',
      '- **Build a strong local economy** with good jobs and affordable housing.',
      '- **Work together** across neighboring governments, sharing what we learn.',
    ].join('\n'),
    signatures: [
      { org: 'king-county-wa', name: 'Rosa Chen', title: 'Director of Sustainability', daysAgo: 380 },
      { org: 'town-of-brookline-ma', name: 'Avery Holt', title: 'Chair, Select Board', daysAgo: 300 },
      { org: 'municipality-of-anchorage-ak', name: 'Morgan Tikhonov', title: 'Mayor', daysAgo: 250 },
    ],
  },
  {
    slug: 'climate-emergency-declaration',
    title: 'Climate Emergency Declaration',
    signers: 'elected',
    launchedDaysAgo: 200,
    body: [
      'Our government declares a climate emergency and commits to act on it with the urgency it needs.',
      '',
      '1. Set a target for net-zero emissions across our operations and community.',
      '2. Report progress publicly every year.',
      '3. Put equity first: protect the residents most exposed to heat, flood and smoke.',
    ].join('\n'),
    signatures: [
      { org: 'king-county-wa', name: 'Jamie Okonkwo', title: 'County Councilmember', daysAgo: 150 },
      {
        org: 'town-of-brookline-ma',
        name: 'Avery Holt',
        title: 'Chair, Select Board',
        daysAgo: 120,
        withdrawn: { daysAgo: 30, reason: 'The Select Board is redrafting its declaration.' },
      },
    ],
  },
];

export async function seedCommitmentsDemo(trx: Transaction<DB>, now: Date, staffUserId: string | null): Promise<void> {
  const orgs = new Map((await trx.selectFrom('organizations').select(['id', 'slug']).execute()).map((o) => [o.slug, o.id]));
  for (const c of DEMO) {
    const { id } = await trx
      .insertInto('commitments')
      .values({
        slug: c.slug,
        title: c.title,
        body: c.body,
        signers: c.signers,
        launched_on: isoDay(new Date(now.getTime() - c.launchedDaysAgo * DAY)),
        open: true,
        created_by: staffUserId,
        created_at: new Date(now.getTime() - (c.launchedDaysAgo + 7) * DAY),
        updated_at: new Date(now.getTime() - (c.launchedDaysAgo + 7) * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const s of c.signatures) {
      const organizationId = orgs.get(s.org);
      if (!organizationId) continue;
      await trx
        .insertInto('commitment_signatures')
        .values({
          commitment_id: id,
          organization_id: organizationId,
          signed_by: null,
          signer_name: s.name,
          signer_title: s.title,
          signed_at: new Date(now.getTime() - s.daysAgo * DAY),
          withdrawn_at: s.withdrawn ? new Date(now.getTime() - s.withdrawn.daysAgo * DAY) : null,
          withdrawn_by: s.withdrawn ? staffUserId : null,
          withdrawal_reason: s.withdrawn?.reason ?? null,
        })
        .execute();
    }
  }
}
