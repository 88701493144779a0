// The member's own profile at /me: saving every field and the positions, field errors that change
// nothing, the listing choice, the employer linked to its organization, the audit row, and the
// photo (type sniffed from the content, size limit, CSRF, served as the profile is).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMember, aMembership, anOrganization, multipartBody, type TestMember, TINY_PNG, updateProfile } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, termValue, textsOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
let otherMember: TestClient;

const signedIn = async (m: { email: string }) => {
  const c = ctx.client();
  await c.signIn(m.email);
  return c;
};

const VALID = {
  employer_name: 'City of Linkton',
  employer_state: 'CO',
  title: 'City Manager',
  education: 'MPA, University of Colorado Denver',
  expertise: 'Budgeting, Public Safety,  budgeting , Economic   Development',
  bio: 'Twenty years in local government.',
  work_email: 'jane@linkton.example.gov',
  work_email_visibility: 'everyone',
  phone: '(720) 555-0199',
  phone_visibility: 'staff',
  mailing_address: '1 Civic Plaza\nLinkton, CO 80000',
  mailing_address_visibility: 'members',
  listed: 'yes',
  pos_title_0: 'City Manager',
  pos_employer_0: 'City of Linkton',
  pos_state_0: 'CO',
  pos_start_0: '2020',
  pos_end_0: '',
  pos_title_1: 'Assistant City Manager',
  pos_employer_1: 'Town of Earlier',
  pos_state_1: 'WY',
  pos_start_1: '2012',
  pos_end_1: '2020',
};

async function snapshot(userId: string) {
  const profile = await ctx.deps.db.selectFrom('member_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const positions = await ctx.deps.db.selectFrom('member_positions').selectAll().where('user_id', '=', userId).orderBy('start_year').execute();
  return { profile, positions };
}

async function uploadPhoto(c: TestClient, bytes: Buffer, opts: { csrf?: boolean; type?: string } = {}) {
  const fields: Array<[string, string]> = opts.csrf === false ? [] : [['_csrf', await c.csrf()]];
  const body = multipartBody(fields, { field: 'photo', filename: 'me.png', type: opts.type ?? 'image/png', bytes });
  return c.request('POST', '/me/photo', { headers: { 'content-type': body.contentType, accept: 'text/html' }, payload: body.payload });
}

beforeAll(async () => {
  ctx = await createTestContext();
  staff = await signedIn(await createAccount(ctx, { roles: ['membership'] }));
  otherMember = await signedIn(await aMember(ctx));
}, 60_000);
afterAll(() => ctx?.close());

describe('my profile', () => {
  it('shows the form to a signed-in person and sends a visitor to sign in', async () => {
    const m = await aMember(ctx, { profile: false });
    const c = await signedIn(m);
    const page = await c.get('/me');
    expect(page.statusCode).toBe(200);
    for (const label of ['Current employer (jurisdiction)', 'Current title', 'Areas of expertise', 'Who may see your work email', 'List me in Who’s Who', 'Upload photo'])
      expect(page.body).toContain(label);
    expect(page.body).toContain('enctype="multipart/form-data"');
    // Contact fields default to members only.
    expect(page.body).toMatch(/id="f-phone_visibility-members" name="phone_visibility" type="radio" value="members" checked/);
    // The long page has its own contents: each link leads to a heading of the page.
    const doc = dom(page.body);
    const links = doc.querySelectorAll('nav[aria-label="Parts of your profile"] a').map((a) => a.getAttribute('href') ?? '');
    expect(links).toEqual(['#work', '#about', '#positions', '#contact', '#visibility', '#photo-title']);
    for (const href of links) expect(doc.querySelector(`h2${href}`)).not.toBeNull();
    const visitor = await ctx.client().get('/me');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fme');
  });

  it('saves every field and the positions, links the employer to its organization, and audits field names only', async () => {
    const orgId = await createOrganization(ctx, { name: 'City of Linkton', state: 'CO' });
    const m = await aMember(ctx, { profile: false });
    const c = await signedIn(m);
    const res = await c.postForm('/me', VALID);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/me');
    const { profile, positions } = await snapshot(m.id);
    expect(profile).toMatchObject({
      employer_name: 'City of Linkton',
      employer_state: 'CO',
      employer_organization_id: orgId,
      title: 'City Manager',
      expertise: ['budgeting', 'public safety', 'economic development'],
      work_email: 'jane@linkton.example.gov',
      work_email_visibility: 'everyone',
      phone_visibility: 'staff',
      mailing_address: '1 Civic Plaza\nLinkton, CO 80000',
      listed: true,
    });
    expect(positions.map((p) => [p.title, p.employer_name, p.state, p.start_year, p.end_year, p.employer_organization_id])).toEqual([
      ['Assistant City Manager', 'Town of Earlier', 'WY', 2012, 2020, null],
      ['City Manager', 'City of Linkton', 'CO', 2020, null, orgId],
    ]);
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', m.id).executeTakeFirstOrThrow();
    expect(audit.action).toBe('directory.profile_updated');
    const after = JSON.stringify(audit.after);
    expect(after).toContain('phone_visibility');
    expect(after).not.toContain('555-0199');
    expect(after).not.toContain('jane@linkton');

    const form = await c.get('/me');
    expect(form.body).toContain('value="Assistant City Manager"');
    expect(form.body).toContain('budgeting, public safety, economic development');
    const seen = await otherMember.get(`/people/${m.id}`);
    expect(seen.body).toContain('Assistant City Manager, Town of Earlier (WY), 2012 to 2020');
    expect(seen.body).toContain('1 Civic Plaza<br/>Linkton, CO 80000');
    expect(seen.body).not.toContain('555-0199');
  });

  it('of two organizations of one name and state loaded at one moment, the employer is always the one with the first address', async () => {
    const stamp = Date.now().toString(36);
    const name = `City of Twinford ${stamp}`;
    const loadedAt = new Date('2025-02-01T09:00:00Z');
    // Written in the order of their addresses, as a load makes them; a pick by chance took the second.
    const first = await anOrganization(ctx, { name, state: 'CO', slug: `twinford-${stamp}`, created_at: loadedAt });
    await anOrganization(ctx, { name, state: 'CO', slug: `twinford-${stamp}-2`, created_at: loadedAt });
    const m = await aMember(ctx, { profile: false });
    const c = await signedIn(m);
    for (let i = 0; i < 3; i++) {
      const res = await c.postForm('/me', { ...VALID, employer_name: name.toUpperCase(), pos_employer_0: name, title: `City Manager ${i}` });
      expect(res.statusCode).toBe(303);
      const { profile, positions } = await snapshot(m.id);
      expect(profile?.employer_organization_id).toBe(first.id);
      expect(positions.find((p) => p.employer_name === name)?.employer_organization_id).toBe(first.id);
    }
    const seen = await otherMember.get(`/people/${m.id}`);
    expect(dom(seen.body).querySelector(`a[href="/network/twinford-${stamp}"]`)).not.toBeNull();
    expect(seen.body).not.toContain(`/network/twinford-${stamp}-2`);
  });

  it('shows errors beside the fields and changes nothing when the input is bad', async () => {
    const m = await aMember(ctx);
    const c = await signedIn(m);
    const before = await snapshot(m.id);
    const res = await c.postForm('/me', {
      ...VALID,
      work_email: 'not an email',
      phone_visibility: 'friends',
      phone: 'call me maybe',
      pos_end_1: '2001',
      pos_title_2: '',
      pos_employer_2: 'Nowhere County',
      pos_start_2: '19',
    });
    expect(res.statusCode).toBe(400);
    for (const [field, message] of [
      ['work_email', 'Enter an email address like name@city.gov.'],
      ['phone_visibility', 'Choose who may see this.'],
      ['phone', 'Enter a phone number, like (217) 555-0100'],
      ['pos_end_1', 'The end year must be the start year or later.'],
      ['pos_title_2', 'Enter the title you held.'],
      ['pos_start_2', 'Enter the start year as a four-digit year, like 2019.'],
    ])
      expect(res.body, field).toMatch(new RegExp(`id="f-${field}-error"><span class="visually-hidden">Error: </span>${message?.replace(/[.()]/g, '\\$&')}`));
    expect(res.body).toContain('href="#f-pos_end_1"');
    // What was typed is kept.
    expect(res.body).toContain('value="not an email"');
    expect(await snapshot(m.id)).toEqual(before);
  });

  it('removes a position when asked and ignores blank rows', async () => {
    const m = await aMember(ctx);
    const c = await signedIn(m);
    expect((await c.postForm('/me', VALID)).statusCode).toBe(303);
    const res = await c.postForm('/me', { ...VALID, pos_remove_1: 'yes', pos_title_2: ' ', pos_start_2: '' });
    expect(res.statusCode).toBe(303);
    expect((await snapshot(m.id)).positions.map((p) => p.title)).toEqual(['City Manager']);
  });

  it('keeps a member who is not listed out of Who’s Who, but in the staff export', async () => {
    const m = await aMember(ctx, { name: 'Quiet Quimby' });
    const c = await signedIn(m);
    const { listed: _listed, ...unlisted } = VALID;
    expect((await c.postForm('/me', unlisted)).statusCode).toBe(303);
    expect((await otherMember.getJson('/api/v1/directory?q=Quiet%20Quimby')).json().results).toEqual([]);
    expect((await otherMember.get(`/people/${m.id}`)).statusCode).toBe(404);
    const csv = await staff.get('/staff/directory.csv');
    const line = csv.body.split('\r\n').find((l) => l.startsWith('Quiet Quimby'));
    expect(line).toContain(',no,');
    expect((await c.get('/me')).body).toContain('You are not listed in Who’s Who');
  });

  it('a person whose membership is not active yet is told on their own page why others cannot open it yet, and who sees each contact detail', async () => {
    const m = await aMember(ctx, { status: 'pending', profile: false });
    const c = await signedIn(m);
    expect((await c.postForm('/me', { ...VALID, profile_visibility: 'everyone' })).statusCode).toBe(303);
    const own = dom((await c.get(`/people/${m.id}`)).body);
    const main = textsOf(own, 'main p').join(' ');
    expect(main).toContain(
      'Only you and the association’s membership staff can see this page for now: it is listed in Who’s Who, as you chose, once your individual membership is active.',
    );
    expect(main).toContain('Once your membership is active, anyone, including visitors who are not signed in, may open this page');
    expect(main).not.toContain('you are not listed');
    expect(termValue(own, 'Work email')).toBe('jane@linkton.example.gov (who sees it: everyone, including visitors who are not signed in)');
    expect(termValue(own, 'Phone')).toBe('(720) 555-0199 (who sees it: membership staff only)');
    expect(termValue(own, 'Mailing address')).toContain('(who sees it: members and staff only)');
    // Nobody else opens it yet, as the page says.
    expect((await ctx.client().get(`/people/${m.id}`)).statusCode).toBe(404);
    expect((await otherMember.get(`/people/${m.id}`)).statusCode).toBe(404);
    // Staff see the details, without the owner's choices beside them.
    const seen = dom((await staff.get(`/people/${m.id}`)).body);
    expect(termValue(seen, 'Phone')).toBe('(720) 555-0199');
    expect(textsOf(seen, 'main p')).toContain('Members and other staff cannot open this page: this person has no active individual membership. You see it as membership staff.');
    // Not listed: the page gives that reason instead.
    const { listed: _listed, ...unlisted } = VALID;
    expect((await c.postForm('/me', unlisted)).statusCode).toBe(303);
    expect(textsOf(dom((await c.get(`/people/${m.id}`)).body), 'main p')).toContain(
      'Only you and the association’s membership staff can see this page: you chose not to be listed in Who’s Who.',
    );
  });

  it('a signed-in person who may not open Who’s Who is not linked to it from their own page', async () => {
    // A business's contact (a Green Business Challenge) keeps a profile but is no member.
    const person = await createAccount(ctx, { roles: [] });
    const c = await signedIn(person);
    // Their employer's membership has lapsed: it has no page in the network to link to.
    const lapsed = await anOrganization(ctx, { name: 'Town of Lapsedville', state: 'CO', status: 'lapsed' });
    await aMembership(ctx, lapsed.id, { status: 'lapsed' });
    const form = { ...VALID, employer_name: 'Town of Lapsedville', pos_employer_0: 'Town of Lapsedville' };
    expect((await c.postForm('/me', form)).statusCode).toBe(303);
    expect((await c.get('/directory')).statusCode).toBe(403);
    const own = dom((await c.get(`/people/${person.id}`)).body);
    const links = [...own.querySelectorAll('main a[href^="/"]')].map((a) => a.getAttribute('href') ?? '');
    expect(links).toContain('/me');
    expect(termValue(own, 'Employer')).toBe('Town of Lapsedville, Colorado');
    for (const href of links) expect([href, (await c.get(href)).statusCode < 400]).toEqual([href, true]);
    // A member still goes back to Who’s Who from their page.
    const member = await aMember(ctx);
    const memberPage = dom((await (await signedIn(member)).get(`/people/${member.id}`)).body);
    expect([...memberPage.querySelectorAll('main a[href="/directory"]')].map((a) => a.textContent)).toEqual(['Who’s Who']);
  });

  it('a member’s own card in Who’s Who says that others see only the details shown to them, and links to the page that says who sees each', async () => {
    const me = await aMember(ctx, { name: 'Selma Selfcard', visibility: 'staff' });
    const c = await signedIn(me);
    const card = (page: string) =>
      dom(page)
        .querySelectorAll('.cards .card')
        .find((el) => el.querySelector('h3')?.text.trim() === 'Selma Selfcard');
    const mine = card((await c.get('/directory?q=Selma%20Selfcard')).body);
    expect(mine?.querySelector('.hint')?.text.replace(/\s+/g, ' ').trim()).toBe(
      'This is you: you see all your details, others only those you show them. Your page says who sees each.',
    );
    expect(mine?.querySelector('.hint a')?.getAttribute('href')).toBe(`/people/${me.id}`);
    const theirs = card((await otherMember.get('/directory?q=Selma%20Selfcard')).body);
    expect(theirs).toBeDefined();
    expect(theirs?.querySelector('.hint')).toBeNull();
    expect(theirs?.text).not.toContain(me.phone);
  });

  it('stores a photo sniffed as PNG and serves it to whoever may see the profile', async () => {
    const m: TestMember = await aMember(ctx);
    const c = await signedIn(m);
    const res = await uploadPhoto(c, TINY_PNG, { type: 'application/octet-stream' });
    expect(res.statusCode).toBe(303);
    for (const viewer of [ctx.client(), otherMember, staff, c]) {
      const photo = await viewer.get(`/people/${m.id}/photo`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.rawPayload.equals(TINY_PNG)).toBe(true);
    }
    expect((await c.get('/me')).body).toContain(`src="/people/${m.id}/photo"`);
    // Larger than the app's 1 MB body limit for forms, within the photo's 2 MB.
    const large = Buffer.concat([TINY_PNG, Buffer.alloc(1_500_000)]);
    expect((await uploadPhoto(c, large)).statusCode).toBe(303);
    expect((await otherMember.get(`/people/${m.id}/photo`)).rawPayload.length).toBe(large.length);
    await updateProfile(ctx, m.id, { listed: false });
    expect((await ctx.client().get(`/people/${m.id}/photo`)).statusCode).toBe(404);
    expect((await otherMember.get(`/people/${m.id}/photo`)).statusCode).toBe(404);
    expect((await staff.get(`/people/${m.id}/photo`)).statusCode).toBe(200);
    // removing goes through a confirmation page, linked from /me, whose button posts
    expect((await c.get('/me')).body).toContain('href="/me/photo/delete"');
    const confirm = await c.get('/me/photo/delete');
    expect(textsOf(confirm.body, 'h1')).toEqual(['Remove your photo?']);
    expect(confirm.body).toContain('action="/me/photo/delete"');
    expect((await ctx.client().get('/me/photo/delete')).statusCode).toBe(303); // signed out: to sign in
    expect((await c.postForm('/me/photo/delete', {})).statusCode).toBe(303);
    expect((await c.get(`/people/${m.id}/photo`)).statusCode).toBe(404);
  });

  it('refuses a file that is not an image, an image over 2 MB, and a post without the CSRF token', async () => {
    const m = await aMember(ctx);
    const c = await signedIn(m);
    const text = await uploadPhoto(c, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('Choose a PNG, JPEG or WebP image.');
    const big = await uploadPhoto(c, Buffer.concat([TINY_PNG, Buffer.alloc(2 * 1024 * 1024)]));
    expect(big.statusCode).toBe(400);
    expect(big.body).toContain('Choose an image of 2 MB or less.');
    const forged = await uploadPhoto(c, TINY_PNG, { csrf: false });
    expect(forged.statusCode).toBe(403);
    const row = await ctx.deps.db.selectFrom('member_profiles').select(['photo']).where('user_id', '=', m.id).executeTakeFirstOrThrow();
    expect(row.photo).toBeNull();
  });
});
