// The "Get started" checklists: a person's on /me and an organization's on /org, drawn from what
// exists and ticked by doing it. What other modules record (a profile's details and photo, a
// booked first meeting, an invitation sent by a contact, the pathways chosen) is read through
// their index.ts; what nothing else records (Who's Who opened) and dismissals are marks in
// `get_started_marks`. Knows nothing of HTTP.
import type { Db } from '../../db/client.js';
import type { GetStartedMarksTable } from '../../db/types.js';
import type { Deps, OrgSectionContext, PersonStartContext } from '../../deps.js';
import { isStaff, type Principal } from '../../lib/access.js';
import { bookedMeeting, currentAdvisor, firstPaymentAwaited } from '../advising/index.js';
import { pathwaysOfOrganizations } from '../pathways/index.js';
import { listSeatInvitations } from '../portal/index.js';

type Mark = GetStartedMarksTable['item'];

export interface ChecklistItem {
  key: string;
  label: string;
  href: string;
  about: string;
  done: boolean;
}

export interface Checklist {
  /** 'me', or the organization's id: what dismissing hides */
  scope: string;
  items: ChecklistItem[];
}

/** The person-wide scope of marks that count on every checklist (Who's Who opened). */
const PERSON = 'person';

async function marksOf(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('get_started_marks').select(['scope', 'item']).where('user_id', '=', userId).execute();
  return new Set(rows.map((r) => `${r.scope}:${r.item}`));
}

/** Records a mark once (a second time changes nothing). */
export async function markGetStarted(deps: Pick<Deps, 'db' | 'clock'>, input: { userId: string; scope: string; item: Mark }): Promise<void> {
  await deps.db
    .insertInto('get_started_marks')
    .values({ user_id: input.userId, scope: input.scope, item: input.item, at: deps.clock.now() })
    .onConflict((oc) => oc.columns(['user_id', 'scope', 'item']).doNothing())
    .execute();
}

const canOpenWhosWho = (p: Principal) => p.roles.has('member') || isStaff(p);

function lookAround(p: Principal, marks: Set<string>): ChecklistItem {
  return canOpenWhosWho(p)
    ? {
        key: 'whos_who',
        label: 'Open Who’s Who',
        href: '/get-started/open?to=directory',
        about: 'Find peers by name, employer, state or expertise.',
        done: marks.has(`${PERSON}:whos_who`),
      }
    : {
        key: 'network',
        label: 'Look through the network',
        href: '/get-started/open?to=network',
        about: 'See the member governments on the map and what they work on.',
        done: marks.has(`${PERSON}:network`),
      };
}

/** Null when the list is dismissed, done, or not for this person (only individual members have a profile to complete). */
const shown = (c: Checklist, marks: Set<string>) => (marks.has(`${c.scope}:dismissed`) || c.items.every((i) => i.done) ? null : c);

/** The person's own checklist on /me. */
export async function personChecklist(ctx: PersonStartContext): Promise<Checklist | null> {
  if (!ctx.viewer.roles.has('member')) return null;
  const marks = await marksOf(ctx.deps.db, ctx.viewer.userId);
  return shown(
    {
      scope: 'me',
      items: [
        {
          key: 'profile',
          label: 'Complete your profile and choose who sees what',
          href: '#f-title',
          about: 'Your title, employer and a few words about you; then who may see your email, phone and address.',
          done: ctx.profile.details,
        },
        { key: 'photo', label: 'Add a photo', href: '#f-photo', about: 'Peers recognize you at events.', done: ctx.profile.photo },
        lookAround(ctx.viewer, marks),
      ],
    },
    marks,
  );
}

/** The organization's checklist on /org, for its contacts (inviting colleagues for administrators only). */
export async function organizationChecklist(ctx: OrgSectionContext): Promise<Checklist | null> {
  const { db } = ctx.deps;
  const orgId = ctx.organizationId;
  const [marks, pathways, advisor, meeting, invitations, payment] = await Promise.all([
    marksOf(db, ctx.viewer.userId),
    pathwaysOfOrganizations(db, [orgId]),
    currentAdvisor(db, orgId),
    bookedMeeting(db, orgId),
    ctx.role === 'admin' ? listSeatInvitations(ctx.deps, orgId) : Promise.resolve([]),
    firstPaymentAwaited(db, orgId),
  ]);
  const items: ChecklistItem[] = [
    {
      key: 'org_profile',
      label: 'Complete your network profile and choose who sees it',
      href: `/org/profile?org=${orgId}`,
      about: 'Your website, your pathways, and whether your organization is listed on the public network map.',
      done: (pathways.get(orgId) ?? []).length > 0,
    },
    {
      key: 'meeting',
      label: 'Book your first meeting with your advisor',
      href: '#advisor',
      about: advisor
        ? `${advisor.name} is your advisor: choose a time that suits you.`
        : payment
          ? `This waits for ${payment.invoice ? `invoice ${payment.invoice.number}` : 'your first invoice'} to be paid: your advisor is assigned then, and you choose a time.`
          : 'We are choosing your advisor and will email you their name; then you choose a time.',
      done: !!meeting,
    },
  ];
  if (ctx.role === 'admin') {
    items.push({
      key: 'invite',
      label: 'Invite colleagues',
      href: `/org/contacts/new?org=${orgId}`,
      about: 'Staff, elected officials and whoever pays the invoices: each gets their own access.',
      done: invitations.some((i) => i.source === 'contact'),
    });
  }
  items.push(lookAround(ctx.viewer, marks));
  return shown({ scope: orgId, items }, marks);
}
