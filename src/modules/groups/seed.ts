// Demo data of member groups: an open group of small-town managers (Dana Morales posted there), an
// open group on climate and resilience that communications staff run, an ask-to-join group of
// budget officers, and a private roundtable of western managers (invisible to everyone else).
import type { Transaction } from 'kysely';
import type { DB, GroupKind } from '../../db/types.js';
import { randomToken } from '../../lib/crypto.js';

interface DemoGroup {
  slug: string;
  name: string;
  description: string;
  kind: GroupKind;
  moderator: string;
  members: string[];
  threads: Array<{ title: string; posts: Array<[author: string, body: string]> }>;
}

const GROUPS: DemoGroup[] = [
  {
    slug: 'small-town-managers',
    name: 'Small-town managers',
    description: 'Managers and administrators of communities under 10,000 people: one-person departments, shared services, council relations.',
    kind: 'open',
    moderator: 'manager',
    members: ['member', 'academic'],
    threads: [
      {
        title: 'Sharing a building inspector with the next town',
        posts: [
          ['manager', 'We are looking at an **interlocal agreement** to share one inspector with our neighbor. Has anyone done this? How did you split the cost?'],
          ['member', 'We split ours by permit count, reviewed each year. The agreement template from our state league was a good start.'],
        ],
      },
      { title: 'Council retreat agendas that worked', posts: [['academic', 'Please share agendas: I am collecting examples for a course on council–manager relations.']] },
    ],
  },
  {
    slug: 'climate-and-resilience',
    name: 'Climate and resilience',
    description: 'Climate action plans, resilience grants, heat and flood preparedness.',
    kind: 'open',
    moderator: 'communications',
    members: ['manager', 'retired'],
    threads: [
      {
        title: 'Cooling centers during heat waves',
        posts: [
          ['manager', 'Which buildings do you open as cooling centers, and how do you staff them on weekends?'],
          ['retired', 'Libraries first; we paid overtime from the emergency fund and partnered with the Red Cross.'],
        ],
      },
      { title: 'Welcome: read this first', posts: [['communications', 'Welcome to the group. Be kind, stay on topic, and report posts that break the rules.']] },
    ],
  },
  {
    slug: 'budget-officers',
    name: 'Budget officers',
    description: 'Budget and finance officers: forecasting, reserves, participatory budgeting.',
    kind: 'request',
    moderator: 'international',
    members: [],
    threads: [{ title: 'Reserve policies after the pandemic', posts: [['international', 'What reserve level does your policy set now: two months, or more?']] }],
  },
  {
    slug: 'western-managers-roundtable',
    name: 'Western managers’ roundtable',
    description: 'A private roundtable of managers in the western states.',
    kind: 'private',
    moderator: 'retired',
    members: ['academic'],
    threads: [{ title: 'Water rights negotiations', posts: [['retired', 'Confidential notes from our water rights negotiation, for this roundtable only.']] }],
  },
];

export async function seedGroupsDemo(trx: Transaction<DB>, now: Date, userIds: ReadonlyMap<string, string>, domain: string): Promise<void> {
  const user = (local: string) => userIds.get(`${local}@${domain}`);
  let minutes = 60 * 24 * 5;
  for (const g of GROUPS) {
    const moderator = user(g.moderator);
    if (!moderator) continue;
    const at = new Date(now.getTime() - minutes * 60_000);
    const row = await trx
      .insertInto('groups')
      .values({ slug: g.slug, name: g.name, description: g.description, kind: g.kind, status: 'active', created_by: moderator, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const members = [
      { id: moderator, role: 'moderator' as const },
      ...g.members.flatMap((m) => {
        const id = user(m);
        return id ? [{ id, role: 'member' as const }] : [];
      }),
    ];
    await trx
      .insertInto('group_members')
      .values(members.map((m) => ({ group_id: row.id, user_id: m.id, role: m.role, status: 'active' as const, unsubscribe_key: randomToken(32), joined_at: at })))
      .execute();
    for (const t of g.threads) {
      const first = user(t.posts[0]?.[0] ?? '') ?? moderator;
      minutes -= 180;
      const start = new Date(now.getTime() - minutes * 60_000);
      const thread = await trx
        .insertInto('group_threads')
        .values({ group_id: row.id, author_id: first, title: t.title, created_at: start, last_post_at: start })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [author, body] of t.posts) {
        minutes -= 60;
        const when = new Date(now.getTime() - minutes * 60_000);
        await trx
          .insertInto('group_posts')
          .values({ thread_id: thread.id, author_id: user(author) ?? moderator, body, status: 'visible', created_at: when, visible_at: when })
          .execute();
        await trx.updateTable('group_threads').set({ last_post_at: when }).where('id', '=', thread.id).execute();
      }
    }
  }
}
