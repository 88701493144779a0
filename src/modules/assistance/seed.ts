// Demo data: two requests from the City of Springfield, one with a short thread.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { currentAdvisorOf } from './service.js';

const DAY = 86_400_000;

export async function seedAssistanceDemo(trx: Transaction<DB>): Promise<void> {
  const org = await trx.selectFrom('organizations').select('id').where('slug', '=', 'city-of-springfield-il').executeTakeFirst();
  const contact = await trx.selectFrom('users').select(['id']).where('email', '=', 'orgcontact@example.org').executeTakeFirst();
  if (!org || !contact) return;
  // The advising module assigns Springfield's advisor in its own demo data; without it, the demo advisor.
  const advisor = (await currentAdvisorOf(trx, org.id)) ?? (await trx.selectFrom('users').select('id').where('email', '=', 'advisor@example.org').executeTakeFirst())?.id ?? null;
  const pathways = new Map((await trx.selectFrom('pathways').select(['id', 'slug']).execute()).map((p) => [p.slug, p.id]));
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);

  const heat = await trx
    .insertInto('assistance_requests')
    .values({
      organization_id: org.id,
      pathway_id: pathways.get('resilient') ?? null,
      subject: 'Review of our draft heat action plan',
      description:
        'We have a first draft of a heat action plan for the summer, with cooling centers and an alert system.\n\nCould our advisor review it and point us to cities of our size that have done this well?',
      desired_on: new Date(now + 30 * DAY).toISOString().slice(0, 10),
      status: advisor ? 'in_progress' : 'open',
      advisor_user_id: advisor,
      created_by: contact.id,
      created_at: at(12),
      updated_at: at(9),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('assistance_events')
    .values({ request_id: heat.id, actor_user_id: contact.id, kind: 'filed', to_status: 'open', advisor_user_id: advisor, created_at: at(12) })
    .execute();
  if (advisor) {
    await trx
      .insertInto('assistance_messages')
      .values([
        {
          request_id: heat.id,
          author_user_id: advisor,
          body: 'Thank you, happy to help. Could you send the draft and the list of cooling centers you have in mind?',
          created_at: at(11),
        },
        { request_id: heat.id, author_user_id: contact.id, body: 'Here is the outline; the full draft follows next week.', created_at: at(9) },
      ])
      .execute();
    await trx
      .insertInto('assistance_events')
      .values({ request_id: heat.id, actor_user_id: advisor, kind: 'status', from_status: 'open', to_status: 'in_progress', created_at: at(11) })
      .execute();
  }

  const fleet = await trx
    .insertInto('assistance_requests')
    .values({
      organization_id: org.id,
      pathway_id: pathways.get('zero-emission') ?? null,
      subject: 'Electric buses: procurement questions',
      description: 'We are preparing a tender for six electric buses. What should the specification say about charging and batteries?',
      desired_on: null,
      advisor_user_id: advisor,
      created_by: contact.id,
      created_at: at(2),
      updated_at: at(2),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('assistance_events')
    .values({ request_id: fleet.id, actor_user_id: contact.id, kind: 'filed', to_status: 'open', advisor_user_id: advisor, created_at: at(2) })
    .execute();
}
