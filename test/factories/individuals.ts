// Test factories of individual membership: the demo levels (through the module's seed), the
// eligibility answers as form fields, and a person who joins through the page.
import { createUser } from '../../src/modules/accounts/index.js';
import { QUESTIONS, seedIndividualsDemo } from '../../src/modules/individuals/index.js';
import { latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../helpers.js';
import type { FactoryContext } from './context.js';

type QuestionKey = (typeof QUESTIONS)[number]['key'];

/** The demo levels; slug → id. */
export async function seedLevels(ctx: FactoryContext): Promise<Record<string, string>> {
  await ctx.deps.db.transaction().execute((trx) => seedIndividualsDemo(trx));
  const rows = await ctx.deps.db.selectFrom('member_levels').select(['id', 'slug']).execute();
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]));
}

const YES: Record<string, QuestionKey[]> = {
  manager: ['local_government', 'cao_or_assistant'],
  staff: ['local_government'],
  student: ['student'],
  academic: ['academic'],
  retired: ['retired'],
};

/** The answers of a person who fits a level, as form fields. */
export function answerForm(kind: keyof typeof YES): Record<string, string> {
  const yes = YES[kind] ?? [];
  return Object.fromEntries(QUESTIONS.map(({ key }) => [`q_${key}`, yes.includes(key) ? 'yes' : 'no']));
}

export interface Joined {
  client: TestClient;
  email: string;
  userId: string;
  membershipId: string;
  /** the first invoice; '' while the address is unconfirmed (it is issued at the confirmation) */
  invoiceId: string;
  location: string;
}

async function joinedRows(ctx: FactoryContext, email: string) {
  const user = await ctx.deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const m = await ctx.deps.db.selectFrom('individual_memberships').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
  const inv = await ctx.deps.db.selectFrom('invoices').select('id').where('individual_membership_id', '=', m.id).executeTakeFirst();
  return { userId: user.id, membershipId: m.id, invoiceId: inv?.id ?? '' };
}

/** A new person joins at the Manager level through /join/individual, then follows the link in
 * the confirmation email, which signs them in and goes on to what they chose (`location`). */
export async function joinAsManager(
  ctx: TestContext,
  levels: Record<string, string>,
  opts: { salary?: string; payBy?: 'card' | 'invoice'; email?: string; name?: string; confirm?: boolean } = {},
): Promise<Joined> {
  const client = ctx.client();
  const email = opts.email ?? uniqueEmail('joiner');
  const res = await client.postForm('/join/individual', {
    ...answerForm('manager'),
    step: 'join',
    level: levels.manager,
    salary: opts.salary ?? '142,500',
    employer_population: '20,000',
    employer_general_fund: '25,000,000',
    name: opts.name ?? 'Robin Salaried',
    email,
    password: PASSWORD,
    pay_by: opts.payBy ?? 'invoice',
  });
  if (res.statusCode !== 200 || !res.body.includes('Check your email')) throw new Error(`join failed with ${res.statusCode}: ${res.body.slice(0, 500)}`);
  // confirm: false leaves the address unconfirmed, as a visitor who never opens the email does
  const location = opts.confirm === false ? '' : await confirmAddress(ctx, client, email);
  return { client, email, ...(await joinedRows(ctx, email)), location };
}

/** Follows the confirmation link in the newest email to this address (its page, then its button)
 * with this client; returns where the app then sends the person. */
export async function confirmAddress(ctx: FactoryContext, client: TestClient, email: string, template = 'individuals.join_confirm'): Promise<string> {
  const link = pathOf(await latestLinkTo(ctx, email, template));
  const page = await client.get(link);
  if (page.statusCode !== 200) throw new Error(`confirmation page answered ${page.statusCode}`);
  const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
  const next = /name="next" value="([^"]*)"/.exec(page.body)?.[1];
  const res = await client.postForm('/account/verify', { token, next: next?.replace(/&amp;/g, '&') });
  if (res.statusCode !== 303) throw new Error(`confirming the address answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return String(res.headers.location);
}

/** A person with a new account (address verified) signs in and joins as themselves at a level
 * whose dues need no inputs (Student, Academic, Retired…). */
export async function joinSignedIn(ctx: TestContext, levels: Record<string, string>, level: 'student' | 'academic', opts: { name?: string } = {}): Promise<Joined> {
  const email = uniqueEmail(level);
  await createUser(ctx.deps, { email, name: opts.name ?? 'Sam Student', password: PASSWORD });
  const client = ctx.client();
  await client.signIn(email);
  const res = await client.postForm('/join/individual', { ...answerForm(level), step: 'join', level: levels[level], pay_by: 'invoice' });
  if (res.statusCode !== 303) throw new Error(`join failed with ${res.statusCode}: ${res.body.slice(0, 500)}`);
  return { client, email, ...(await joinedRows(ctx, email)), location: String(res.headers.location) };
}

/** An approved transition request (the circumstances a member told staff in confidence), and,
 * with a membership, the six months of dues waived for it; the request's id. */
export async function anApprovedTransition(
  ctx: FactoryContext,
  o: { userId: string; circumstances: string; membershipId?: string | null; waiverReason?: string },
): Promise<string> {
  const request = await ctx.deps.db
    .insertInto('transition_requests')
    .values({ user_id: o.userId, circumstances: o.circumstances, status: 'approved' })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (o.membershipId)
    await ctx.deps.db
      .insertInto('dues_waivers')
      .values({
        user_id: o.userId,
        individual_membership_id: o.membershipId,
        transition_request_id: request.id,
        months: 6,
        from_date: '2026-01-01',
        to_date: '2026-06-30',
        reason: o.waiverReason ?? 'Transition',
      })
      .execute();
  return request.id;
}
