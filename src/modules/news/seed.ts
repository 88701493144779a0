// Demo data of news: six stories of members' work and the association's news, written by the
// communications staff member — four published (three featuring demo member organizations, one for
// members only), one scheduled for next week and one draft. Dates are relative to `now`.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { recordRevision } from '../publishing/index.js';
import { snapshotOf } from './service.js';

interface DemoPost {
  slug: string;
  title: string;
  summary: string;
  body: string;
  author: string;
  /** days from now: negative in the past */
  day: number;
  state: 'published' | 'scheduled' | 'draft';
  audience?: 'everyone' | 'members';
  featured?: string;
  pathways: string[];
}

const POSTS: DemoPost[] = [
  {
    slug: 'king-county-heat-pump-rebates',
    title: 'King County helps 1,200 households switch to heat pumps',
    summary: 'A rebate program paired with contractor training cut waiting lists from months to weeks, and the county is sharing its playbook.',
    body: `King County’s heat pump program started small: a rebate for income-qualified homeowners and a list of three contractors.\n\n## What changed\n\nThe county trained **forty local contractors**, published a plain-language guide in five languages, and paid rebates at the point of sale instead of after installation.\n\n- 1,200 households switched in eighteen months\n- Average wait fell from 14 weeks to 3\n- Two thirds of rebates went to renters' landlords who agreed to rent caps\n\n> “The rebate was never the hard part. Finding someone to install it was.” — program manager\n\nThe county’s program guide is on [its website](https://kingcounty.gov/).`,
    author: 'Maya Okafor',
    day: -3,
    state: 'published',
    featured: 'king-county-wa',
    pathways: ['zero-emission', 'equitable'],
  },
  {
    slug: 'hennepin-county-street-trees',
    title: 'Hennepin County plants 900 trees where the heat is worst',
    summary: 'Mapping surface temperatures block by block let the county put new trees where they cool the most people.',
    body: `Hennepin County’s forestry team and its public health department drew the map together: surface temperatures from a summer of sensor readings, laid over where older residents live.\n\n## Planting by need\n\nNine hundred trees went in over two seasons, two thirds of them in the four hottest neighborhoods. Residents adopted 300 of them and water them through the first summers.\n\nThe county now asks for a heat map in every road reconstruction project.`,
    author: 'Daniel Reyes',
    day: -12,
    state: 'published',
    featured: 'hennepin-county-mn',
    pathways: ['nature-based', 'resilient'],
  },
  {
    slug: 'annual-conference-call-for-proposals',
    title: 'Call for session proposals for the annual conference',
    summary: 'Share what worked in your community: proposals for sessions, panels and workshops are open for four weeks.',
    body: `We are looking for sessions led by the people who do the work: managers, planners, sustainability staff and elected officials.\n\n## What makes a strong proposal\n\n1. A result you can show, and what it cost\n2. What did not work, and what you changed\n3. Something attendees can take home and use\n\nSend a short description (300 words) and the names of the speakers. The programs team answers every proposal.`,
    author: 'Programs team',
    day: -20,
    state: 'published',
    pathways: [],
  },
  {
    slug: 'anchorage-resilience-hubs-lessons',
    title: 'Inside Anchorage’s resilience hubs: lessons for members',
    summary: 'How the municipality turned community centers into places to shelter, charge and get help during outages — with its budget and staffing plan.',
    body: `Anchorage converted five community centers into resilience hubs with backup power, heating, water and a trained volunteer roster.\n\n## The budget\n\nThe hubs cost $2.1 million, 70% of it federal hazard-mitigation grants. Each hub has a site lead and eight trained volunteers per shift.\n\n## What they would do differently\n\n- Start the volunteer training a year earlier\n- Buy batteries before generators: quieter, and no fuel to store\n- Agree the hub’s opening rules with the school district first\n\nMembers can ask for the municipality’s staffing plan template through a technical assistance request.`,
    author: 'Maya Okafor',
    day: -34,
    state: 'published',
    audience: 'members',
    featured: 'municipality-of-anchorage-ak',
    pathways: ['resilient'],
  },
  {
    slug: 'circular-procurement-pilot',
    title: 'Six members join a circular procurement pilot',
    summary: 'Buying furniture, IT and construction materials for reuse and repair: six members test shared contract language this year.',
    body: `Six member governments will test contract language that favors refurbished equipment, take-back clauses and repairable products.\n\nThe pilot runs for twelve months; results will be shared at the annual conference.`,
    author: 'Daniel Reyes',
    day: 7,
    state: 'scheduled',
    pathways: ['circular'],
  },
  {
    slug: 'springfield-energy-benchmarking-draft',
    title: 'Springfield’s building energy benchmarking, one year in',
    summary: 'Draft: what the first year of benchmarking taught the city about its own buildings.',
    body: `Draft — waiting for the city’s figures.\n\n## First results\n\nTo be completed.`,
    author: 'Maya Okafor',
    day: 0,
    state: 'draft',
    featured: 'city-of-springfield-il',
    pathways: ['zero-emission'],
  },
];

export async function seedNewsDemo(trx: Transaction<DB>, now: Date, authorUserId: string | null): Promise<void> {
  const pathways = new Map((await trx.selectFrom('pathways').select(['id', 'slug']).execute()).map((r) => [r.slug, r.id]));
  const orgs = new Map((await trx.selectFrom('organizations').select(['id', 'slug']).execute()).map((r) => [r.slug, r.id]));
  for (const p of POSTS) {
    const at = new Date(now.getTime() + p.day * 86_400_000);
    const publishAt = p.state === 'draft' ? null : at;
    const featuredId = p.featured ? (orgs.get(p.featured) ?? null) : null;
    const row = await trx
      .insertInto('news_posts')
      .values({
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        body: p.body,
        author_name: p.author,
        author_user_id: authorUserId,
        audience: p.audience ?? 'everyone',
        state: p.state,
        publish_at: publishAt,
        featured_organization_id: featuredId,
        created_at: p.day < 0 ? at : now,
        updated_at: p.day < 0 ? at : now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = p.pathways.flatMap((s) => pathways.get(s) ?? []);
    if (ids.length)
      await trx
        .insertInto('news_post_pathways')
        .values(ids.map((pathway_id) => ({ post_id: row.id, pathway_id })))
        .execute();
    await recordRevision(trx, {
      kind: 'news',
      itemId: row.id,
      actor: { userId: authorUserId, name: 'Communications staff' },
      action: 'created',
      after: snapshotOf({ ...p, author_name: p.author, audience: p.audience ?? 'everyone', publish_at: publishAt, featured: featuredId ? (p.featured ?? null) : null }),
    });
  }
}
