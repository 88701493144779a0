// Demo data of cohorts and delegations: one open leadership cohort and one open delegation call,
// dated from `now` so that both stay open in the demo.
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { CohortKind, CohortQuestionKind, DB } from '../../db/types.js';

const CALLS: Array<{
  kind: CohortKind;
  slug: string;
  title: string;
  description: string;
  eventName: string;
  opensInDays: number;
  closesInDays: number;
  capacity: number | null;
  questions: Array<{ kind: CohortQuestionKind; prompt: string }>;
}> = [
  {
    kind: 'leadership_cohort',
    slug: 'climate-leadership-cohort',
    title: 'Climate Leadership Cohort for Elected Officials',
    description:
      'Six monthly online sessions for mayors, council members and commissioners of member governments: adopting a climate action plan, paying for it, and bringing residents along. Participants share notes and documents in the cohort’s space.',
    eventName: '',
    opensInDays: -7,
    closesInDays: 30,
    capacity: 20,
    questions: [
      { kind: 'long_text', prompt: 'What climate decision is coming before your council or board this year?' },
      { kind: 'short_text', prompt: 'Which pathway matters most to your community?' },
      { kind: 'yes_no', prompt: 'Can you attend six monthly online sessions?' },
    ],
  },
  {
    kind: 'delegation',
    slug: 'un-climate-conference-delegation',
    title: 'Delegation to the UN Climate Change Conference',
    description:
      'Represent the network’s local governments at the UN Climate Change Conference: speak at side events, meet national delegations, and report back to members. Travel is covered for selected delegates.',
    eventName: 'UN Climate Change Conference (COP)',
    opensInDays: -3,
    closesInDays: 45,
    capacity: 6,
    questions: [
      { kind: 'long_text', prompt: 'What would you bring to the delegation, and what would you bring back to your community?' },
      { kind: 'yes_no', prompt: 'Can you travel for the two weeks of the conference?' },
    ],
  },
];

export async function seedCohortsDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const staff = await trx.selectFrom('users').select('id').where('email', '=', 'programs@example.org').executeTakeFirst();
  const day = (n: number) => DateTime.fromJSDate(now, { zone: 'America/New_York' }).plus({ days: n }).toISODate() ?? '';
  for (const c of CALLS) {
    const row = await trx
      .insertInto('cohorts')
      .values({
        kind: c.kind,
        slug: c.slug,
        title: c.title,
        description: c.description,
        event_name: c.eventName,
        opens_on: day(c.opensInDays),
        closes_on: day(c.closesInDays),
        capacity: c.capacity,
        created_by: staff?.id ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    await trx
      .insertInto('cohort_questions')
      .values(c.questions.map((q, i) => ({ cohort_id: row.id, position: i + 1, kind: q.kind, prompt: q.prompt })))
      .execute();
  }
}
