// Test fixtures of technical assistance: real small files and an organization with a contact
// and an advisor. Used by the tests only.
import { createAccount, createOrganization, type TestClient, type TestContext } from '../../../test/helpers.js';

/** A minimal, valid one-page PDF. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n163\n%%EOF\n',
);
/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export const pdfFile = (name = 'plan.pdf') => ({ filename: name, type: 'application/pdf', content: PDF });
export const pngFile = (name = 'map.png') => ({ filename: name, type: 'image/png', content: PNG });

let n = 0;
export async function pathway(ctx: TestContext): Promise<string> {
  const row = await ctx.deps.db
    .insertInto('pathways')
    .values({ slug: `resilient-${++n}-${Date.now().toString(36)}`, name: `Resilient ${n}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An organization with a signed-in contact, and (unless told) a current advisor. */
export async function orgWithContact(ctx: TestContext, opts: { name?: string; advisorId?: string | null } = {}) {
  const organizationId = await createOrganization(ctx, { name: opts.name });
  const contact = await createAccount(ctx, { org: { role: 'contact', organizationId }, name: `Contact of ${opts.name ?? 'a city'}` });
  if (opts.advisorId) {
    await ctx.deps.db
      .insertInto('advisor_assignments')
      .values({ organization_id: organizationId, advisor_user_id: opts.advisorId, assigned_at: ctx.clock.now(), method: 'manual' })
      .execute();
  }
  const client = ctx.client();
  await client.signIn(contact.email);
  return { organizationId, contact, client };
}

export async function signedInStaff(ctx: TestContext, role: 'advisor' | 'membership' | 'finance' | 'communications', name = `Staff ${role}`) {
  const account = await createAccount(ctx, { roles: [role], name });
  const client = ctx.client();
  await client.signIn(account.email);
  return { ...account, client };
}

/** Files a request through the form and returns its id. */
export async function fileThroughForm(
  client: TestClient,
  fields: { org: string; pathway: string; subject?: string; description?: string; desired_on?: string },
  files: Array<{ filename: string; type: string; content: Buffer }> = [],
): Promise<string> {
  const res = await client.postMultipart('/org/assistance', { subject: 'Heat plan review', description: 'Please review our plan.', ...fields }, files);
  const id = /^\/org\/assistance\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
  if (res.statusCode !== 303 || !id) throw new Error(`filing failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return id;
}
