// The "Get started" checklists through HTTP: what each shows, ticked by doing it, hidden by its
// form (CSRF, only one's own lists), and gone once everything is done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { byId, textsOf } from '../../../test/html.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

async function signedIn(opts: Parameters<typeof createAccount>[1]) {
  const a = await createAccount(ctx, opts);
  const c = ctx.client();
  await c.signIn(a.email, PASSWORD);
  return { ...a, c };
}

/** The checklist's steps as read on the page ("To do: …" / "Done: …"), or null when there is none. */
async function checklistOn(c: TestClient, url: string): Promise<string[] | null> {
  const page = await c.get(url);
  expect(page.statusCode).toBe(200);
  if (!page.body.includes('id="get-started"')) return null;
  return textsOf(byId(page.body, 'get-started'), 'li').map((t) => t.replace(/^[✓○]\s*/, '').split('.')[0] ?? '');
}

describe('an organization’s checklist on /org', () => {
  it('shows an administrator the first steps; inviting a colleague and opening the network tick theirs', async () => {
    const org = await createOrganization(ctx, { name: 'Town of Firststep' });
    const admin = await signedIn({ org: { role: 'admin', organizationId: org } });
    expect(await checklistOn(admin.c, `/org?org=${org}`)).toEqual([
      'To do: Complete your network profile and choose who sees it',
      'To do: Book your first meeting with your advisor',
      'To do: Invite colleagues',
      'To do: Look through the network',
    ]);
    expect((await admin.c.postForm(`/org/contacts?org=${org}`, { name: 'Cole League', email: uniqueEmail('colleague') })).statusCode).toBe(303);
    const open = await admin.c.get('/get-started/open?to=network');
    expect(open.headers.location).toBe('/network');
    expect(await checklistOn(admin.c, `/org?org=${org}`)).toEqual([
      'To do: Complete your network profile and choose who sees it',
      'To do: Book your first meeting with your advisor',
      'Done: Invite colleagues',
      'Done: Look through the network',
    ]);
    // A plain contact is not asked to invite anyone (they cannot).
    const contact = await signedIn({ org: { role: 'contact', organizationId: org } });
    expect(await checklistOn(contact.c, `/org?org=${org}`)).toEqual([
      'To do: Complete your network profile and choose who sees it',
      'To do: Book your first meeting with your advisor',
      'To do: Look through the network',
    ]);
  });

  it('is hidden by its form, for that person only; a forged form, another organization or a bad scope change nothing', async () => {
    const org = await createOrganization(ctx, { name: 'Village of Hide' });
    const other = await createOrganization(ctx, { name: 'Village of Elsewhere' });
    const admin = await signedIn({ org: { role: 'admin', organizationId: org } });
    expect((await admin.c.postForm('/get-started/dismiss', { scope: org }, { csrf: false })).statusCode).toBe(403);
    expect((await admin.c.postForm('/get-started/dismiss', { scope: other })).statusCode).toBe(404);
    expect((await admin.c.postForm('/get-started/dismiss', { scope: 'everything' })).statusCode).toBe(404);
    expect((await admin.c.postForm('/get-started/dismiss', {})).statusCode).toBe(404);
    expect(await checklistOn(admin.c, `/org?org=${org}`)).not.toBeNull();
    const hidden = await admin.c.postForm('/get-started/dismiss', { scope: org });
    expect(hidden.statusCode).toBe(303);
    expect(hidden.headers.location).toBe(`/org?org=${org}`);
    expect(await checklistOn(admin.c, `/org?org=${org}`)).toBeNull();
    const colleague = await signedIn({ org: { role: 'contact', organizationId: org } });
    expect(await checklistOn(colleague.c, `/org?org=${org}`)).not.toBeNull();
  });
});

describe('a member’s checklist on /me', () => {
  it('ticks the profile, the photo and Who’s Who as they are done, and is gone when all are', async () => {
    const m = await signedIn({ roles: ['member'] });
    expect(await checklistOn(m.c, '/me')).toEqual(['To do: Complete your profile and choose who sees what', 'To do: Add a photo', 'To do: Open Who’s Who']);
    const saved = await m.c.postForm('/me', {
      employer_name: 'City of Startwell',
      employer_state: 'CO',
      title: 'Assistant City Manager',
      bio: 'New to the association.',
      work_email_visibility: 'members',
      phone_visibility: 'members',
      mailing_address_visibility: 'staff',
      profile_visibility: 'members',
    });
    expect(saved.statusCode).toBe(303);
    const open = await m.c.get('/get-started/open?to=directory');
    expect(open.headers.location).toBe('/directory');
    expect(await checklistOn(m.c, '/me')).toEqual(['Done: Complete your profile and choose who sees what', 'To do: Add a photo', 'Done: Open Who’s Who']);
    const photo = await m.c.postMultipart('/me/photo', {}, [{ field: 'photo', filename: 'me.png', type: 'image/png', content: PNG }]);
    expect(photo.statusCode).toBe(303);
    expect(await checklistOn(m.c, '/me')).toBeNull();
  });

  it('is not shown to someone without an individual membership, and an unknown destination is a 404', async () => {
    const contact = await signedIn({ org: { role: 'contact' } });
    expect(await checklistOn(contact.c, '/me')).toBeNull();
    expect((await contact.c.get('/get-started/open?to=elsewhere')).statusCode).toBe(404);
    // Who's Who is for members and staff: anyone else is taken to the network instead.
    expect((await contact.c.get('/get-started/open?to=directory')).headers.location).toBe('/network');
  });
});
