// The demo's advising life, made after the demo transaction commits through the modules' own use
// cases (each opens its own transaction): an assistance request in every state that has members
// (beyond Springfield's two, which the assistance demo writes), together in every status, and
// first meetings booked with the advisors, so that advisors and staff find work on a fresh start.
// Springfield's first meeting is left to book (the demo walk and the journeys book it).
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { AssistanceStatus, DB } from '../db/types.js';
import type { Deps } from '../deps.js';
import { bookMeeting, currentAdvisor, openSlots } from '../modules/advising/index.js';
import { addMessage, changeStatus, fileRequest } from '../modules/assistance/index.js';
import { silentMailer } from './demo-activity.js';

const DAY = 86_400_000;

/** One request per state with members: its subject, how many days ago it was filed, where it is now. */
const REQUESTS: Array<{ slug: string; subject: string; description: string; daysAgo: number; status: AssistanceStatus; reply?: string }> = [
  {
    slug: 'king-county-wa',
    subject: 'Wildfire smoke: clean-air shelters for county buildings',
    description: 'We want to open three libraries as clean-air shelters next summer. What filtration and staffing did other counties use?',
    daysAgo: 9,
    status: 'in_progress',
    reply: 'Good timing: two counties in our network did this last year. I will send their plans this week.',
  },
  {
    slug: 'town-of-brookline-ma',
    subject: 'Building electrification bylaw: enforcement questions',
    description: 'Our new bylaw takes effect in spring. How have other towns handled permits for heat pumps in historic districts?',
    daysAgo: 16,
    status: 'waiting_on_member',
    reply: 'Could you send the text of the bylaw as adopted and the list of historic districts? Then I can match you with towns that faced the same question.',
  },
  {
    slug: 'municipality-of-anchorage-ak',
    subject: 'Snow removal contracts and fuel prices',
    description: 'Our snow removal contracts renew in the fall. We are looking for contract terms that share fuel price risk with the contractor.',
    daysAgo: 2,
    status: 'open',
  },
  {
    slug: 'city-of-austin-tx',
    subject: 'Heat-safety rules for outdoor city crews',
    description: 'We are writing rest and water rules for outdoor crews. Are there model policies from other Texas cities?',
    daysAgo: 40,
    status: 'resolved',
  },
  {
    slug: 'hennepin-county-mn',
    subject: 'Community solar subscriptions for county facilities',
    description: 'Could our advisor review the subscription terms we were offered before the board votes?',
    daysAgo: 75,
    status: 'closed',
  },
  {
    slug: 'town-of-carrboro-nc',
    subject: 'Stormwater fee study: where to start',
    description: 'The council asked for a stormwater utility fee study. What should a town of our size ask consultants for?',
    daysAgo: 4,
    status: 'open',
  },
];

/** Organizations whose first meeting with their advisor is booked, which open slot it takes, and
 * the number the advisor calls (when the advisor calls). */
const MEETINGS: Array<{ slug: string; slot: number; phone: string }> = [
  { slug: 'king-county-wa', slot: 3, phone: '(206) 555-0164' },
  { slug: 'hennepin-county-mn', slot: 9, phone: '(612) 555-0119' },
  { slug: 'city-of-austin-tx', slot: 4, phone: '(512) 555-0142' },
];

/** How a request reaches `status` from open, as its advisor would move it. */
const PATH: Record<AssistanceStatus, AssistanceStatus[]> = {
  open: [],
  in_progress: ['in_progress'],
  waiting_on_member: ['waiting_on_member'],
  resolved: ['in_progress', 'resolved'],
  closed: ['in_progress', 'resolved', 'closed'],
};

export async function seedDemoEngagement(db: Kysely<DB>, opts: { config: Config; now: Date }): Promise<void> {
  let at = opts.now;
  const deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config'> = { db, clock: { now: () => at }, mail: silentMailer, config: opts.config };
  const orgs = await db
    .selectFrom('organizations as o')
    .innerJoin('memberships as m', 'm.organization_id', 'o.id')
    .select(['o.id', 'o.slug'])
    .where('m.status', '=', 'active')
    .where(
      'o.slug',
      'in',
      [...REQUESTS, ...MEETINGS].map((r) => r.slug),
    )
    .execute();
  const orgId = new Map(orgs.map((o) => [o.slug, o.id]));
  const pathways = await db.selectFrom('pathways').select('id').where('archived_at', 'is', null).orderBy('name').execute();
  const users = new Map((await db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));

  /** Who acts for the organization: its first contact, else its advisor (a request taken by phone). */
  const memberActor = async (organizationId: string, advisorId: string) => {
    const contact = await db.selectFrom('organization_contacts').select('user_id').where('organization_id', '=', organizationId).orderBy('created_at').executeTakeFirst();
    const userId = contact?.user_id ?? advisorId;
    return { userId, name: users.get(userId) ?? '' };
  };

  for (const [i, r] of REQUESTS.entries()) {
    const organizationId = orgId.get(r.slug);
    const pathway = pathways[i % Math.max(pathways.length, 1)];
    const advisor = organizationId ? await currentAdvisor(db, organizationId) : null;
    if (!organizationId || !pathway || !advisor) continue;
    const staff = { userId: advisor.userId, name: advisor.name };
    at = new Date(opts.now.getTime() - r.daysAgo * DAY);
    const requestId = await fileRequest(deps, await memberActor(organizationId, advisor.userId), {
      organizationId,
      pathwayId: pathway.id,
      subject: r.subject,
      description: r.description,
      desiredOn: null,
      files: [],
    });
    for (const [step, to] of PATH[r.status].entries()) {
      at = new Date(opts.now.getTime() - (r.daysAgo - 1 - step) * DAY);
      if (step === 0 && r.reply) await addMessage(deps, staff, 'staff', { requestId, body: r.reply, files: [] }); // starts it
      if (!(step === 0 && r.reply && to === 'in_progress')) await changeStatus(deps, staff, 'staff', { requestId, to });
    }
  }

  at = opts.now;
  for (const m of MEETINGS) {
    const organizationId = orgId.get(m.slug);
    const advisor = organizationId ? await currentAdvisor(db, organizationId) : null;
    if (!organizationId || !advisor) continue;
    const slots = await openSlots(db, advisor.userId, opts.now);
    const slot = slots[Math.min(m.slot, slots.length - 1)];
    if (!slot) continue;
    await bookMeeting(deps, { organizationId, start: slot.start, memberPhone: m.phone, actorUserId: (await memberActor(organizationId, advisor.userId)).userId });
  }
}
