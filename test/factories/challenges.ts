// Test factories of the business challenge (issue 20, O16), through the module's own use cases:
// a member city running a challenge (with template actions copied), businesses that joined it
// (their contacts are new verified accounts), and actions marked done and decided.
import { addTemplateAction, createChallenge, joinChallenge, markActionDone, reviewCompletion } from '../../src/modules/challenges/index.js';
import { challengeBySlug } from '../../src/modules/challenges/queries.js';
import { createAccount, todayThere } from '../helpers.js';
import type { FactoryContext } from './context.js';
import { anOrganization } from './organizations.js';

let n = 0;

/** A template action as staff would add it. */
export const aTemplateAction = (ctx: FactoryContext, o: { title?: string; category?: string; points?: number; evidence?: boolean } = {}) =>
  addTemplateAction(
    ctx.deps,
    { userId: null },
    { title: o.title ?? `Action ${++n}`, category: o.category ?? 'Energy', points: o.points ?? 10, evidenceRequired: o.evidence ? 'yes' : undefined },
  );

/** A member city (City of Boulder, CO unless named) with an administrator, running a challenge
 * whose season holds the clock's day. */
export async function aChallenge(ctx: FactoryContext, o: { city?: string; state?: string; startsOn?: string; endsOn?: string; website?: string; listed?: boolean } = {}) {
  const city = o.city ?? 'Boulder';
  const org = await anOrganization(ctx, { name: `City of ${city}`, state: o.state ?? 'CO', entity_type: 'city', website: o.website ?? '', listed: o.listed ?? true });
  const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
  const today = todayThere(ctx.deps);
  const slug = `test-challenge-${Date.now().toString(36)}-${++n}`;
  await createChallenge(ctx.deps, { userId: admin.id }, org.id, {
    org: org.id,
    title: `${city} Green Business Challenge`,
    slug,
    description: '',
    startsOn: o.startsOn ?? today,
    endsOn: o.endsOn ?? today,
    bronze: 50,
    silver: 100,
    gold: 200,
  });
  const c = await challengeBySlug(ctx.deps.db, slug);
  if (!c) throw new Error('challenge not made');
  return { challenge: c, organizationId: org.id, adminEmail: admin.email, adminId: admin.id };
}

/** A business that joined the challenge; its contact is a new verified account. */
export async function aChallengeBusiness(ctx: FactoryContext, c: NonNullable<Awaited<ReturnType<typeof challengeBySlug>>>, name: string) {
  const contact = await createAccount(ctx, { name: `${name} Owner` });
  const id = await joinChallenge(ctx.deps, contact.id, c, {
    name,
    addressLine1: '1 Main St',
    city: c.government.replace(/^City of /, ''),
    state: c.state,
    zip: '80302',
    contactName: 'Owner',
  });
  return { id, email: contact.email, userId: contact.id };
}

/** The business marks an action done, and the government decides it (or not, with `leave`). */
export async function aMarkedAction(
  ctx: FactoryContext,
  c: NonNullable<Awaited<ReturnType<typeof challengeBySlug>>>,
  b: { userId: string },
  actionId: string,
  decide: { by: string; decision: 'verify' | 'reject' } | 'leave',
) {
  await markActionDone(ctx.deps, b.userId, c, actionId, 'Done.', null);
  const row = await ctx.deps.db
    .selectFrom('challenge_completions as k')
    .innerJoin('challenge_businesses as b', 'b.id', 'k.business_id')
    .select('k.id')
    .where('b.contact_user_id', '=', b.userId)
    .where('k.action_id', '=', actionId)
    .executeTakeFirstOrThrow();
  if (decide !== 'leave') await reviewCompletion(ctx.deps, { userId: decide.by }, c, row.id, decide.decision, decide.decision === 'reject' ? 'No proof.' : '');
  return row.id;
}
