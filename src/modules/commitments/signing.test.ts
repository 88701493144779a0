// Who may sign a commitment for a government, and what a signature is: only an administrator of
// that organization or one of its elected officials signs (a plain contact, another organization's
// administrator, a visitor and staff who are not of it are refused with 403 and nothing is
// recorded); one standing signature per organization (409 on a second); a withdrawal is recorded
// and frees the place; bad input is a 400 naming the field and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCommitment, anOrganization, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** A government with an administrator, a plain contact and an elected official (a contact with
 * the `elected` duty), each signed in. */
async function government(status: 'active' | 'lapsed' | 'prospect' = 'active', name = 'City of Testville') {
  const org = await anOrganization(ctx, { name, state: 'IL', status });
  const seat = async (role: 'admin' | 'contact', duties: Array<'elected' | 'staff'>) => {
    const a = await createAccount(ctx, { org: { role, organizationId: org.id } });
    if (duties.length) await ctx.deps.db.updateTable('organization_contacts').set({ duties }).where('user_id', '=', a.id).execute();
    return signedIn(ctx, a.email);
  };
  return { org, admin: await seat('admin', ['staff']), contact: await seat('contact', ['staff']), elected: await seat('contact', ['elected']) };
}

const standing = async (commitmentId: string) =>
  ctx.deps.db.selectFrom('commitment_signatures').select(['organization_id', 'signer_name']).where('commitment_id', '=', commitmentId).where('withdrawn_at', 'is', null).execute();
const all = async (commitmentId: string) => ctx.deps.db.selectFrom('commitment_signatures').selectAll().where('commitment_id', '=', commitmentId).execute();
const sign = (c: TestClient, slug: string, org: string, signerName = 'Pat Signer', signerTitle = 'Mayor') =>
  c.postForm(`/commitments/${slug}/sign`, { org, signerName, signerTitle });
const message = (body: string) => dom(body).querySelector('main')?.textContent ?? '';

describe('who may sign for a government', () => {
  it('an organization administrator signs; a plain contact, another organization’s administrator, a visitor and staff not of it are refused', async () => {
    const c = await aCommitment(ctx);
    const g = await government();
    const other = await government('active', 'City of Elsewhere');
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['communications'] })).email);

    const contact = await sign(g.contact, c.slug, g.org.id);
    expect(contact.statusCode).toBe(403);
    expect(message(contact.body)).toContain('Only an administrator of the organization or one of its elected officials can sign for it');
    const otherAdmin = await sign(other.admin, c.slug, g.org.id);
    expect(otherAdmin.statusCode).toBe(403);
    expect(message(otherAdmin.body)).toContain('Only an administrator of the organization');
    const byStaff = await sign(staff, c.slug, g.org.id);
    expect(byStaff.statusCode).toBe(403);
    const visitor = ctx.client();
    expect((await sign(visitor, c.slug, g.org.id)).statusCode).toBe(401);
    const page = await visitor.get(`/commitments/${c.slug}/sign`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent(`/commitments/${c.slug}/sign`)}`);
    // an unknown organization answers the same as one that is not the person's
    const unknown = await sign(g.admin, c.slug, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(403);
    expect(await all(c.id)).toEqual([]);

    // the administrator's page offers their organization; the contact's offers none
    const form = await g.admin.get(`/commitments/${c.slug}/sign`);
    expect(form.statusCode).toBe(200);
    expect(dom(form.body).querySelector('select[name="org"]')?.textContent).toContain('City of Testville (administrator)');
    expect(dom((await g.contact.get(`/commitments/${c.slug}/sign`)).body).querySelector('select[name="org"]')).toBeNull();

    const ok = await sign(g.admin, c.slug, g.org.id, 'Jordan Admin', 'City Manager');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/commitments/${c.slug}`);
    expect(await standing(c.id)).toEqual([{ organization_id: g.org.id, signer_name: 'Jordan Admin' }]);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('action', '=', 'commitments.signed')
      .where('entity_type', '=', 'commitment_signature')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('an elected official of the government signs; a second signature for it is a 409; a withdrawal frees the place and is recorded', async () => {
    const c = await aCommitment(ctx);
    const g = await government();
    expect((await sign(g.elected, c.slug, g.org.id, 'Mayor Lee', 'Mayor')).statusCode).toBe(303);
    const again = await sign(g.admin, c.slug, g.org.id);
    expect(again.statusCode).toBe(409);
    expect(message(again.body)).toContain('City of Testville has already signed this commitment.');
    expect(await standing(c.id)).toHaveLength(1);

    // a plain contact cannot withdraw it; the administrator can, with a reason
    expect((await g.contact.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: 'No.' })).statusCode).toBe(403);
    const noReason = await g.admin.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(message(noReason.body)).toContain('Say why the signature is withdrawn.');
    expect(await standing(c.id)).toHaveLength(1);
    const withdrawn = await g.admin.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: 'The council rescinded it.' });
    expect(withdrawn.statusCode).toBe(303);
    expect(await standing(c.id)).toEqual([]);
    const [history] = await all(c.id);
    expect(history).toMatchObject({ signer_name: 'Mayor Lee', withdrawal_reason: 'The council rescinded it.' });
    expect(history?.withdrawn_at).toBeInstanceOf(Date);
    expect(history?.withdrawn_by).not.toBeNull();
    expect((await g.admin.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: 'Again.' })).statusCode).toBe(404);

    // signed again later: two rows, one standing
    expect((await sign(g.admin, c.slug, g.org.id)).statusCode).toBe(303);
    expect(await all(c.id)).toHaveLength(2);
    expect(await standing(c.id)).toHaveLength(1);
  });

  it('a commitment for elected officials refuses an administrator who is not one; one for members refuses a government that is not a current member', async () => {
    const electedOnly = await aCommitment(ctx, { signers: 'elected' });
    const g = await government();
    const byAdmin = await sign(g.admin, electedOnly.slug, g.org.id);
    expect(byAdmin.statusCode).toBe(403);
    expect(message(byAdmin.body)).toContain('only an elected official of City of Testville can sign it');
    expect((await sign(g.elected, electedOnly.slug, g.org.id)).statusCode).toBe(303);

    const membersOnly = await aCommitment(ctx, { signers: 'members' });
    const lapsed = await government('lapsed', 'Town of Lapsedale');
    const refused = await sign(lapsed.admin, membersOnly.slug, lapsed.org.id);
    expect(refused.statusCode).toBe(403);
    expect(message(refused.body)).toContain('Town of Lapsedale is not a current member');
    expect(await all(membersOnly.id)).toEqual([]);
    expect((await sign(g.admin, membersOnly.slug, g.org.id)).statusCode).toBe(303);
    // any government in the directory signs one for governments, member or not
    const forAll = await aCommitment(ctx, { signers: 'governments' });
    expect((await sign(lapsed.admin, forAll.slug, lapsed.org.id)).statusCode).toBe(303);
  });

  it('a closed commitment takes no signature (409); one not launched yet, or unknown, is a 404', async () => {
    const g = await government();
    const closed = await aCommitment(ctx, { open: false });
    const res = await sign(g.admin, closed.slug, g.org.id);
    expect(res.statusCode).toBe(409);
    expect(message(res.body)).toContain('closed to new signatures');
    const future = await aCommitment(ctx, { launchedOn: '2999-01-01' });
    expect((await sign(g.admin, future.slug, g.org.id)).statusCode).toBe(404);
    expect((await ctx.client().get(`/commitments/${future.slug}`)).statusCode).toBe(404);
    expect((await sign(g.admin, 'no-such-commitment', g.org.id)).statusCode).toBe(404);
    expect((await sign(g.admin, 'Bad Slug!', g.org.id)).statusCode).toBe(404);
    expect(await all(closed.id)).toEqual([]);
    expect(await all(future.id)).toEqual([]);
  });
});

describe('the signing page', () => {
  it('offers only the governments the person may sign for, and says why not for the others', async () => {
    const electedOnly = await aCommitment(ctx, { signers: 'elected' });
    const g = await government('active', 'City of Pagetown');
    const page = async (c: TestClient, slug: string) => dom((await c.get(`/commitments/${slug}/sign`)).body);

    // an administrator on a commitment for elected officials: no form that could only fail
    const admin = await page(g.admin, electedOnly.slug);
    expect(admin.querySelector('select[name="org"]')).toBeNull();
    expect(admin.querySelector('main')?.textContent).toContain(
      'City of Pagetown has not signed. You are its administrator, and elected officials sign this commitment: ask one of City of Pagetown’s elected officials to sign it.',
    );
    const elected = await page(g.elected, electedOnly.slug);
    expect(elected.querySelector('select[name="org"]')?.textContent).toBe('City of Pagetown (elected official)');

    // a plain contact is told who signs for their government
    const contact = await page(g.contact, electedOnly.slug);
    expect(contact.querySelector('select[name="org"]')).toBeNull();
    expect(contact.querySelector('main')?.textContent).toContain('You are one of its contacts; only its administrator or one of its elected officials can sign for it.');

    // a government that is not a current member, on a commitment for members
    const membersOnly = await aCommitment(ctx, { signers: 'members' });
    const lapsed = await government('lapsed', 'Town of Oldfield');
    const lapsedPage = await page(lapsed.admin, membersOnly.slug);
    expect(lapsedPage.querySelector('select[name="org"]')).toBeNull();
    expect(lapsedPage.querySelector('main')?.textContent).toContain('Town of Oldfield is not a current member');

    // once signed, everyone of the government sees by whom and when; only those who may withdraw get the form
    expect((await sign(g.elected, electedOnly.slug, g.org.id, 'Mayor Lee', 'Mayor')).statusCode).toBe(303);
    const after = await page(g.contact, electedOnly.slug);
    expect(after.querySelector('main')?.textContent).toContain('City of Pagetown signed this commitment on');
    expect(after.querySelector('main')?.textContent).toContain('by Mayor Lee, Mayor. Only its administrator or one of its elected officials can withdraw the signature.');
    expect(after.querySelector('textarea[name="reason"]')).toBeNull();
    expect((await page(g.admin, electedOnly.slug)).querySelector(`#f-reason-${g.org.id}`)).not.toBeNull();
  });

  it('withdrawing without a reason answers the page again with the message beside that reason, and changes nothing', async () => {
    const c = await aCommitment(ctx);
    const g = await government('active', 'City of Reasonville');
    expect((await sign(g.admin, c.slug, g.org.id)).statusCode).toBe(303);
    const res = await g.admin.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: '   ' });
    expect(res.statusCode).toBe(400);
    const d = dom(res.body);
    expect(d.querySelector('h1')?.textContent).toBe(`Sign the ${c.title}`);
    expect(d.querySelector(`#f-reason-${g.org.id}-error`)?.textContent).toContain('Say why the signature is withdrawn.');
    expect(d.querySelector(`#f-reason-${g.org.id}`)?.getAttribute('aria-describedby')).toBe(`f-reason-${g.org.id}-error`);
    expect(d.querySelector('.error-summary a')?.getAttribute('href')).toBe(`#f-reason-${g.org.id}`);
    expect(await standing(c.id)).toHaveLength(1);
    // another government's id with no reason learns nothing of it
    const other = await government('active', 'City of Otherton');
    expect((await other.admin.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: '' })).statusCode).toBe(400);
    expect(dom((await other.admin.postForm(`/commitments/${c.slug}/withdraw`, { org: g.org.id, reason: '' })).body).querySelector('main')?.textContent).not.toContain(
      'City of Reasonville',
    );
    expect(await standing(c.id)).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('a missing name or title, or a malformed organization, answers the form again (400) naming the field, and records nothing', async () => {
    const c = await aCommitment(ctx);
    const g = await government();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ org: g.org.id, signerName: '', signerTitle: 'Mayor' }, 'f-signerName-error', 'Enter your name as it should appear.'],
      [{ org: g.org.id, signerName: 'Pat', signerTitle: '   ' }, 'f-signerTitle-error', 'Enter your title'],
      [{ org: 'not-a-uuid', signerName: 'Pat', signerTitle: 'Mayor' }, 'f-org-error', 'Choose the government you sign for.'],
      [{ org: g.org.id, signerName: 'x'.repeat(201), signerTitle: 'Mayor' }, 'f-signerName-error', 'Keep this under 200 characters.'],
    ];
    for (const [body, id, text] of cases) {
      const res = await g.admin.postForm(`/commitments/${c.slug}/sign`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(dom(res.body).querySelector(`#${id}`)?.textContent).toContain(text);
    }
    expect((await g.admin.postForm(`/commitments/${c.slug}/sign`, {})).statusCode).toBe(400);
    expect(await all(c.id)).toEqual([]);
  });
});

describe('two signatures at once', () => {
  it('of one government by two authorised people: one stands, the other is a 409', async () => {
    const c = await aCommitment(ctx);
    const g = await government();
    const answers = await Promise.all([sign(g.admin, c.slug, g.org.id, 'First'), sign(g.elected, c.slug, g.org.id, 'Second')]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    expect(await standing(c.id)).toHaveLength(1);
  });
});
