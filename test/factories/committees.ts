// Test factories of committees: elected officials of member organizations (eligible or not, by the
// organization's status and the person's duties), and committees with seats, current terms and an
// election, made through the committees module's own use cases by a programs staff account.
import type { ContactDuty, OrganizationStatus } from '../../src/db/types.js';
import { addSeat, addTerm, createCommittee, createElection } from '../../src/modules/committees/index.js';
import { createAccount, dayFromToday, type TestContext } from '../helpers.js';
import { aContact, anOrganization } from './organizations.js';

const day = (ctx: Pick<TestContext, 'deps'>, offset: number) => dayFromToday(ctx.deps, offset);

export interface TestOfficial {
  id: string;
  email: string;
  name: string;
  organizationId: string;
  organizationName: string;
}

/** A person with a seat at an organization: an elected official of an active member by default. */
export async function anElectedOfficial(
  ctx: Pick<TestContext, 'deps'>,
  opts: { name?: string; status?: OrganizationStatus; duties?: ContactDuty[]; roles?: Array<'member'> } = {},
): Promise<TestOfficial> {
  const org = await anOrganization(ctx, { status: opts.status ?? 'active' });
  const name = opts.name ?? 'Pat Official';
  const account = await createAccount(ctx, { name, roles: opts.roles });
  await aContact(ctx, { organizationId: org.id, userId: account.id, role: 'contact', title: 'Council Member', duties: opts.duties ?? ['elected'] });
  return { id: account.id, email: account.email, name, organizationId: org.id, organizationName: org.name };
}

export interface TestCommittee {
  id: string;
  slug: string;
  /** the programs staff account that made it */
  staffId: string;
  staffEmail: string;
  seats: Record<string, string>;
  terms: Record<string, string>;
  electionId: string | null;
}

let n = 0;

/** A committee with seats (a Chair and two Members at large unless told), a current term for each
 * seat (30 days ago to 335 days ahead unless told), and an election whose window is open today
 * (unless `window` says otherwise, or is null). */
export async function aCommittee(
  ctx: Pick<TestContext, 'deps'>,
  opts: {
    name?: string;
    seats?: Array<{ title: string; count: number }>;
    term?: { startsOn: string; endsOn: string };
    /** days from today */
    window?: { opens: number; closes: number } | null;
    reminderDays?: number;
  } = {},
): Promise<TestCommittee> {
  const staff = await createAccount(ctx, { roles: ['programs'], name: 'Priya Programs' });
  const actor = { userId: staff.id };
  const i = ++n;
  const name = opts.name ?? `Test Committee ${i}`;
  const slug = `test-committee-${Date.now().toString(36)}-${i}`;
  const { id } = await createCommittee(ctx.deps, actor, { name, slug, description: 'A committee for tests.', region: 'Northeast', reminderDays: opts.reminderDays ?? 30 });
  const seats: Record<string, string> = {};
  const terms: Record<string, string> = {};
  const term = opts.term ?? { startsOn: day(ctx, -30), endsOn: day(ctx, 335) };
  for (const s of opts.seats ?? [
    { title: 'Chair', count: 1 },
    { title: 'Member at large', count: 2 },
  ]) {
    seats[s.title] = await addSeat(ctx.deps, actor, { committeeId: id, title: s.title, count: s.count });
    terms[s.title] = await addTerm(ctx.deps, actor, { committeeId: id, seatId: seats[s.title] ?? '', ...term });
  }
  const w = opts.window === undefined ? { opens: -1, closes: 10 } : opts.window;
  const electionId = w ? await createElection(ctx.deps, actor, { committeeId: id, title: 'Test election', opensOn: day(ctx, w.opens), closesOn: day(ctx, w.closes) }) : null;
  return { id, slug, staffId: staff.id, staffEmail: staff.email, seats, terms, electionId };
}
