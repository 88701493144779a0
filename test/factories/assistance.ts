// Test factories of technical assistance: an organization with a signed-in contact
// (and an advisor), and a request filed through the form.
import { createAccount, createOrganization, type TestClient, type TestContext } from '../helpers.js';
import { anAdvisorAssignment } from './advising.js';

/** An organization with a signed-in contact, and (unless told) a current advisor. */
export async function anOrgWithContact(ctx: TestContext, opts: { name?: string; advisorId?: string | null } = {}) {
  const organizationId = await createOrganization(ctx, { name: opts.name });
  const contact = await createAccount(ctx, { org: { role: 'contact', organizationId }, name: `Contact of ${opts.name ?? 'a city'}` });
  if (opts.advisorId) await anAdvisorAssignment(ctx, organizationId, opts.advisorId);
  const client = ctx.client();
  await client.signIn(contact.email);
  return { organizationId, contact, client };
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
