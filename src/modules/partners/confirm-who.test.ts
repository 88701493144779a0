// Who the log names when a partner inquiry's confirmation link is used: the inquirer, the owner of
// the address the link went to (their account when they have one, else the visitor the form
// named), never whoever happens to be signed in in the browser that opens the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
});
afterAll(() => ctx?.close());

/** Sends the inquiry as a visitor, then confirms the emailed link in a browser where `by` is signed in; the log's entry. */
async function inquireAndConfirm(organization: string, email: string, by: { email: string }) {
  const purpose = 'A shared study of heat islands in small towns of the region.';
  const sent = await ctx.client().postForm('/partners/inquire', { organization, kind: 'partnership', purpose, contactName: 'Rae Quinn', email });
  expect(sent.statusCode).toBe(200);
  const token = new URL(pathOf(await latestLinkTo(ctx, email, 'partners.confirm_inquiry')), 'http://x').searchParams.get('token') ?? '';
  const browser = ctx.client();
  await browser.signIn(by.email, PASSWORD);
  expect((await browser.postForm('/partners/inquire/confirm', { token })).statusCode).toBe(200);
  const { id } = await ctx.deps.db.selectFrom('partner_relationships').select('id').where('partner_name', '=', organization).executeTakeFirstOrThrow();
  const entries = (await admin.get(`/api/v1/audit?entityId=${id}&action=partners.inquiry_received`)).json().entries as Array<{ actorName: string | null; actorWords: string }>;
  expect(entries).toHaveLength(1);
  return entries[0];
}

describe('confirming a partner inquiry with someone else signed in', () => {
  it('names the inquirer without an account as the visitor the form gave, not the account signed in', async () => {
    const colleague = await createAccount(ctx, { name: 'Cole Colleague' });
    const entry = await inquireAndConfirm('Heat Study Consortium', uniqueEmail('rae'), colleague);
    expect(entry).toMatchObject({ actorName: null, actorWords: 'Inquirer: Rae Quinn (visitor)' });
  });

  it('names the account that owns the address, not the account signed in', async () => {
    const owner = await createAccount(ctx, { name: 'Rae Quinn-Owner', email: uniqueEmail('owner') });
    const colleague = await createAccount(ctx, { name: 'Cole Colleague' });
    const entry = await inquireAndConfirm('Cool Roofs Alliance', owner.email, colleague);
    expect(entry?.actorName).toBe('Rae Quinn-Owner');
    expect(entry?.actorWords).not.toContain('Cole Colleague');
  });
});
