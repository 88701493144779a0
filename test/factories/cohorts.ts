// Test factories of cohorts and delegations: a call (open by default, dated from the test's
// clock in the association's time zone), an elected official (or a near miss) at an organization
// in a given standing, and applying through the form.
import { DateTime } from 'luxon';
import type { CohortKind, CohortQuestionKind, ContactDuty, OrganizationStatus } from '../../src/db/types.js';
import { createAccount, type TestClient, type TestContext } from '../helpers.js';
import type { FactoryContext } from './context.js';
import { aContact, anOrganization } from './organizations.js';

let n = 0;

/** A calendar day `days` from the test clock's today, in the association's time zone. */
export async function dayFromToday(ctx: FactoryContext, days: number): Promise<string> {
  const { time_zone } = await ctx.deps.association.get();
  return DateTime.fromJSDate(ctx.deps.clock.now(), { zone: time_zone }).plus({ days }).toISODate() ?? '';
}

export interface TestCohort {
  id: string;
  slug: string;
  title: string;
  kind: CohortKind;
  questions: Array<{ id: string; kind: CohortQuestionKind; prompt: string }>;
}

/** A call, open from yesterday to 30 days from now unless told, with a short-text, a long-text
 * and a yes/no question (all required). */
export async function aCohort(
  ctx: FactoryContext,
  o: { kind?: CohortKind; opensIn?: number; closesIn?: number; capacity?: number | null; title?: string; published?: boolean } = {},
): Promise<TestCohort> {
  const kind = o.kind ?? 'cohort';
  const slug = `test-call-${Date.now().toString(36)}-${++n}`;
  const title = o.title ?? `Test ${kind.replace('_', ' ')} ${n}`;
  const row = await ctx.deps.db
    .insertInto('cohorts')
    .values({
      kind,
      slug,
      title,
      description: 'A test call.',
      opens_on: await dayFromToday(ctx, o.opensIn ?? -1),
      closes_on: await dayFromToday(ctx, o.closesIn ?? 30),
      capacity: o.capacity ?? null,
      created_by: null,
      selection_published_at: o.published ? ctx.deps.clock.now() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questions = await ctx.deps.db
    .insertInto('cohort_questions')
    .values([
      { cohort_id: row.id, position: 1, kind: 'short_text', prompt: 'Your office' },
      { cohort_id: row.id, position: 2, kind: 'long_text', prompt: 'What you hope to learn' },
      { cohort_id: row.id, position: 3, kind: 'yes_no', prompt: 'Can you attend monthly?' },
    ])
    .returning(['id', 'kind', 'prompt'])
    .execute();
  return { id: row.id, slug, title, kind, questions };
}

/** The form fields answering every question of the call. */
export const answersFor = (c: TestCohort, values: Partial<Record<CohortQuestionKind, string>> = {}) =>
  Object.fromEntries(c.questions.map((q) => [`q_${q.id}`, values[q.kind] ?? (q.kind === 'yes_no' ? 'yes' : q.kind === 'short_text' ? 'Mayor' : 'How to fund a plan.')]));

/** A person seated at an organization: by default an elected official ('elected' duty, title
 * Mayor) at an active organization. */
export async function anElectedApplicant(ctx: TestContext, o: { orgStatus?: OrganizationStatus; duties?: ContactDuty[]; name?: string } = {}) {
  const org = await anOrganization(ctx, { status: o.orgStatus ?? 'active' });
  const account = await createAccount(ctx, { name: o.name ?? `Mayor ${++n}` });
  await aContact(ctx, { organizationId: org.id, userId: account.id, role: 'contact', title: 'Mayor', duties: o.duties ?? ['elected'] });
  const client = ctx.client();
  await client.signIn(account.email);
  return { ...account, organization: org, client };
}

/** Applies through the form of the call's page. */
export function applyThroughForm(client: TestClient, c: Pick<TestCohort, 'kind' | 'slug'>, fields: Record<string, string>) {
  const prefix = c.kind === 'delegation' ? 'delegations' : 'cohorts';
  return client.postForm(`/${prefix}/${c.slug}/apply`, fields);
}

/** The application of a person to a call, as staff see it. */
export function applicationOf(ctx: FactoryContext, cohortId: string, userId: string) {
  return ctx.deps.db.selectFrom('cohort_applications').selectAll().where('cohort_id', '=', cohortId).where('user_id', '=', userId).executeTakeFirst();
}
