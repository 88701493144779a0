// Test factories of ethics cases: a published Code of Ethics with tenets, a signed-in person of a
// role, a complaint filed through the form (by a visitor, confirmed by the emailed link, or by a
// signed-in person), and the ids the tests follow it by.
import { createAccount, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../helpers.js';
import type { FactoryContext } from './context.js';
import { PDF } from './files.js';

let n = 0;

/** A published code (version n) with these tenets, in force from now. */
export async function ethicsPublishedCode(ctx: FactoryContext, tenets: string[] = ['Integrity', 'Public service', 'Conflicts of interest']) {
  const last = await ctx.deps.db
    .selectFrom('ethics_code_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const row = await ctx.deps.db
    .insertInto('ethics_code_versions')
    .values({ version, title: `Code of Ethics ${version}`, preamble: 'Preamble.', rules_of_procedure: 'Rules.', published_at: ctx.deps.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.deps.db
    .insertInto('ethics_tenets')
    .values(tenets.map((title, i) => ({ version_id: row.id, number: i + 1, title, body: `${title}.` })))
    .execute();
  return { version };
}

export interface EthicsPerson {
  id: string;
  email: string;
  name: string;
  client: TestClient;
}

/** A signed-in person: with staff roles, or none (an account; `member` for an individual member). */
export async function ethicsPerson(ctx: TestContext, o: { name?: string; roles?: Array<'member' | 'ethics' | 'admin' | 'membership'> } = {}): Promise<EthicsPerson> {
  const name = o.name ?? `Ethics Person ${++n}`;
  const a = await createAccount(ctx, { roles: o.roles ?? [], name, email: uniqueEmail(o.roles?.[0] ?? 'person') });
  const client = ctx.client();
  await client.signIn(a.email, PASSWORD, a.totpSecret ? { secret: a.totpSecret, clock: ctx.clock } : undefined);
  return { id: a.id, email: a.email, name, client };
}

export interface EthicsComplaintFields {
  respondentName: string;
  respondentOrganization?: string;
  respondentPosition?: string;
  facts: string;
  tenets?: number[];
  name?: string;
  email?: string;
}

const formFields = (f: EthicsComplaintFields) => ({
  respondentName: f.respondentName,
  respondentOrganization: f.respondentOrganization ?? 'City of Example',
  respondentPosition: f.respondentPosition ?? 'City Manager',
  facts: f.facts,
  name: f.name,
  email: f.email,
  ...Object.fromEntries((f.tenets ?? [1]).map((t) => [`tenet-${t}`, 'yes'])),
});

/** Files a complaint through the form as this client (a visitor gives name and email), with a PDF. */
export function ethicsPostComplaint(
  client: TestClient,
  f: EthicsComplaintFields,
  files = [{ field: 'attachments', filename: 'evidence.pdf', type: 'application/pdf', content: PDF }],
) {
  return client.postMultipart('/ethics/complaints/new', formFields(f), files);
}

/** A visitor's complaint, confirmed through the emailed link: its case id, reference and status path. */
export async function ethicsVisitorComplaint(ctx: TestContext, f: Omit<EthicsComplaintFields, 'email'> & { email?: string }) {
  const email = f.email ?? uniqueEmail('complainant');
  const visitor = ctx.client();
  const res = await ethicsPostComplaint(visitor, { name: 'Casey Complainant', ...f, email });
  if (res.statusCode !== 200) throw new Error(`complaint refused: ${res.statusCode} ${res.body.slice(0, 500)}`);
  const link = pathOf(await latestLinkTo(ctx, email, 'ethics.complaint_confirm'));
  const token = new URL(`http://x${link}`).searchParams.get('token') ?? '';
  const confirmed = await visitor.postForm('/ethics/complaints/confirm', { token });
  if (confirmed.statusCode !== 303) throw new Error(`confirmation refused: ${confirmed.statusCode}`);
  return { ...(await ethicsCaseOf(ctx, email)), email, visitor, statusPath: String(confirmed.headers.location) };
}

/** The newest case filed by this address. */
export async function ethicsCaseOf(ctx: FactoryContext, complainantEmail: string) {
  const c = await ctx.deps.db
    .selectFrom('ethics_cases')
    .select(['id', 'reference', 'stage'])
    .where('complainant_email', '=', complainantEmail)
    .orderBy('filed_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { caseId: c.id, reference: c.reference, stage: c.stage };
}

/** The ethics cases' emails to an address, by template. */
export async function ethicsMailTo(ctx: FactoryContext, to: string, template?: string) {
  return ctx.deps.db
    .selectFrom('outbox')
    .select(['template', 'subject', 'body_text'])
    .where('to_address', '=', to)
    .$if(!!template, (q) => q.where('template', '=', template ?? ''))
    .orderBy('created_at')
    .execute();
}
