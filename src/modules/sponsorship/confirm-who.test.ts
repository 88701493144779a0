// Who the log names when a sponsorship application's confirmation link is used: the applicant, the
// owner of the address the link went to (their account when they have one, else the visitor the
// form named), never whoever happens to be signed in in the browser that opens the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLogoPng, aSponsorshipPackage, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signedInAs(ctx, ['admin']);
});
afterAll(() => ctx?.close());

/** Applies for the package as a visitor, then confirms the emailed link in a browser where `by` is signed in; the log's entry. */
async function applyAndConfirm(company: string, email: string, by: { email: string }) {
  const pkg = await aSponsorshipPackage(ctx, { name: `${company} package`, tier: 'silver', quantity: 5, priceCents: 300_000 });
  const fields = { packageId: pkg.id, companyName: company, contactName: 'Pat Sun', email, addressLine1: '12 Solar Way', city: 'Tucson', state: 'AZ', zip: '85701' };
  const sent = await ctx
    .client()
    .postMultipart('/partners/sponsorship/apply', fields, [{ field: 'logo', filename: 'logo.png', type: 'image/png', content: await aLogoPng('#ff9900', 1200, 400) }]);
  expect(sent.statusCode).toBe(200);
  const token = new URL(pathOf(await latestLinkTo(ctx, email.toLowerCase(), 'sponsorship.confirm_application')), 'http://x').searchParams.get('token') ?? '';
  const browser = ctx.client();
  await browser.signIn(by.email, PASSWORD);
  expect((await browser.postForm('/partners/sponsorship/confirm', { token })).statusCode).toBe(200);
  const { id } = await ctx.deps.db.selectFrom('sponsorship_applications').select('id').where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
  const entries = (await admin.get(`/api/v1/audit?entityId=${id}&action=sponsorship.application_received`)).json().entries as Array<{
    actorName: string | null;
    actorWords: string;
  }>;
  expect(entries).toHaveLength(1);
  return entries[0];
}

describe('confirming a sponsorship application with someone else signed in', () => {
  it('names the applicant without an account as the visitor the form gave, not the account signed in', async () => {
    const colleague = await createAccount(ctx, { name: 'Cole Colleague' });
    const entry = await applyAndConfirm('Sunrise Solar', uniqueEmail('pat'), colleague);
    expect(entry).toMatchObject({ actorName: null, actorWords: 'Applicant: Pat Sun (visitor)' });
  });

  it('names the account that owns the address, not the account signed in', async () => {
    const owner = await createAccount(ctx, { name: 'Pat Sun-Owner', email: uniqueEmail('owner') });
    const colleague = await createAccount(ctx, { name: 'Cole Colleague' });
    const entry = await applyAndConfirm('Moonrise Wind', owner.email.toUpperCase(), colleague);
    expect(entry?.actorName).toBe('Pat Sun-Owner');
    expect(entry?.actorWords).not.toContain('Cole Colleague');
  });
});
