// The privacy matrix of the directory: for each visibility of a contact field (everyone, members,
// staff) and each viewer (visitor, another member, an organization contact who is not an
// individual member, membership staff, an advisor and finance staff, the person), the profile page, the directory page, the directory API
// and the staff export show exactly the values they should, and never a salary or anything about
// a transition request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, PNG } from '../../../test/factories/files.js';
import { aMember, anApprovedTransition, SALARY_SPELLINGS, type TestMember, updateProfile } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import type { Visibility } from '../../db/types.js';
import { VISIBILITIES } from './visibility.js';

const VIEWERS = ['visitor', 'member', 'orgContact', 'staff', 'advisor', 'finance', 'self'] as const;
type ViewerKind = (typeof VIEWERS)[number];

/** The other staff roles, beside the advisor and finance of the matrix: each sees a profile as a member does. */
const OTHER_STAFF = ['programs', 'communications', 'ethics', 'partnerships'] as const;
type OtherStaffRole = (typeof OTHER_STAFF)[number];
const otherStaff = {} as Record<OtherStaffRole, TestClient>;

const SECRET_TRANSITION = 'Laid off after the council vote XYZZY';
const SECRET_WAIVER = 'Transition waiver PLUGH';

let ctx: TestContext;
const subjects = new Map<Visibility, TestMember>();
const selfClients = new Map<Visibility, TestClient>();
const clients = new Map<Exclude<ViewerKind, 'self'>, TestClient>();
/** every body any request in this file received, checked for private data at the end */
const bodies: string[] = [];

const clientFor = (viewer: ViewerKind, v: Visibility): TestClient => {
  const c = viewer === 'self' ? selfClients.get(v) : clients.get(viewer);
  if (!c) throw new Error(viewer);
  return c;
};

/** What a viewer should see of a field with this visibility: "membership staff only" is for
 * membership staff (and staff admins), not for an advisor or finance, who see what members see. */
const expectedVisible = (v: Visibility, viewer: ViewerKind) =>
  viewer === 'self' || viewer === 'staff' || v === 'everyone' || (v === 'members' && (viewer === 'member' || viewer === 'advisor' || viewer === 'finance'));

const valuesOf = (m: TestMember) => [m.workEmail, m.phone, m.mailingAddress];

beforeAll(async () => {
  ctx = await createTestContext();
  const signIn = async (email: string) => {
    const c = ctx.client();
    await c.signIn(email);
    return c;
  };
  for (const v of VISIBILITIES) {
    const m = await aMember(ctx, { name: `Privacy Subject ${v} ${Date.now().toString(36)}`, visibility: v, expertise: ['budgeting'] });
    subjects.set(v, m);
    selfClients.set(v, await signIn(m.email));
    // Confidential data of the same person that no directory response may carry.
    await anApprovedTransition(ctx, { userId: m.id, circumstances: SECRET_TRANSITION, membershipId: m.membershipId, waiverReason: SECRET_WAIVER });
  }
  clients.set('visitor', ctx.client());
  clients.set('member', await signIn((await aMember(ctx)).email));
  clients.set('orgContact', await signIn((await createAccount(ctx, { org: { role: 'contact' } })).email));
  clients.set('staff', await signIn((await createAccount(ctx, { roles: ['membership'] })).email));
  clients.set('advisor', await signIn((await createAccount(ctx, { roles: ['advisor'] })).email));
  clients.set('finance', await signIn((await createAccount(ctx, { roles: ['finance'] })).email));
  for (const role of OTHER_STAFF) otherStaff[role] = await signIn((await createAccount(ctx, { roles: [role] })).email);
}, 60_000);
afterAll(() => ctx?.close());

function checkValues(failures: string[], where: string, body: string, m: TestMember, visible: boolean) {
  for (const value of valuesOf(m)) {
    if (body.includes(value) !== visible) failures.push(`${where}: ${value} ${visible ? 'missing' : 'shown'}`);
  }
}

describe('privacy matrix', () => {
  it('the profile page shows each contact field only to the viewers its visibility allows', async () => {
    const failures: string[] = [];
    for (const v of VISIBILITIES) {
      const m = subjects.get(v) as TestMember;
      for (const viewer of VIEWERS) {
        const res = await clientFor(viewer, v).get(`/people/${m.id}`);
        bodies.push(res.body);
        if (res.statusCode !== 200) failures.push(`${viewer} /people (${v}) → ${res.statusCode}`);
        if (!res.body.includes(m.name)) failures.push(`${viewer} /people (${v}): name missing`);
        checkValues(failures, `${viewer} /people (${v})`, res.body, m, expectedVisible(v, viewer));
      }
    }
    expect(failures).toEqual([]);
  });

  it('the directory page lists each field only for viewers allowed; visitors and organization contacts are kept out', async () => {
    const failures: string[] = [];
    for (const v of VISIBILITIES) {
      const m = subjects.get(v) as TestMember;
      for (const viewer of VIEWERS) {
        const res = await clientFor(viewer, v).get(`/directory?q=${encodeURIComponent(m.name)}`);
        bodies.push(res.body);
        if (viewer === 'visitor' || viewer === 'orgContact') {
          const expected = viewer === 'visitor' ? 303 : 403;
          if (res.statusCode !== expected) failures.push(`${viewer} /directory → ${res.statusCode}, expected ${expected}`);
          checkValues(failures, `${viewer} /directory (${v})`, res.body, m, false);
          continue;
        }
        if (res.statusCode !== 200) failures.push(`${viewer} /directory (${v}) → ${res.statusCode}`);
        if (!res.body.includes(m.name)) failures.push(`${viewer} /directory (${v}): name missing`);
        checkValues(failures, `${viewer} /directory (${v})`, res.body, m, expectedVisible(v, viewer));
      }
    }
    expect(failures).toEqual([]);
  });

  it('the directory API gives each field only to viewers allowed, null otherwise', async () => {
    const failures: string[] = [];
    for (const v of VISIBILITIES) {
      const m = subjects.get(v) as TestMember;
      for (const viewer of VIEWERS) {
        const res = await clientFor(viewer, v).getJson(`/api/v1/directory?q=${encodeURIComponent(m.name)}`);
        bodies.push(res.body);
        if (viewer === 'visitor' || viewer === 'orgContact') {
          const expected = viewer === 'visitor' ? 401 : 403;
          if (res.statusCode !== expected) failures.push(`${viewer} API → ${res.statusCode}, expected ${expected}`);
          checkValues(failures, `${viewer} API (${v})`, res.body, m, false);
          continue;
        }
        const entry = (res.json() as { results: Array<Record<string, unknown>> }).results.find((r) => r.id === m.id);
        if (!entry) {
          failures.push(`${viewer} API (${v}): not found`);
          continue;
        }
        const visible = expectedVisible(v, viewer);
        expect(entry).toMatchObject({ workEmail: visible ? m.workEmail : null, phone: visible ? m.phone : null, mailingAddress: visible ? m.mailingAddress : null });
        checkValues(failures, `${viewer} API (${v})`, res.body, m, visible);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the staff export has every field of every current member for membership staff, and nobody else gets it', async () => {
    const failures: string[] = [];
    for (const viewer of VIEWERS) {
      const res = await clientFor(viewer, 'members').get('/staff/directory.csv');
      bodies.push(res.body);
      const allowed = viewer === 'staff';
      if (allowed !== (res.statusCode === 200)) failures.push(`${viewer} export → ${res.statusCode}`);
      for (const v of VISIBILITIES) checkValues(failures, `${viewer} export (${v})`, res.body, subjects.get(v) as TestMember, allowed);
      if (allowed) expect(res.headers['content-type']).toContain('text/csv');
    }
    expect(failures).toEqual([]);
  });

  it('fields with different visibilities on one profile are shown independently', async () => {
    const m = await aMember(ctx, { name: `Mixed Fields ${Date.now().toString(36)}` });
    await updateProfile(ctx, m.id, { work_email_visibility: 'everyone', phone_visibility: 'members', mailing_address_visibility: 'staff' });
    const visitor = await clientFor('visitor', 'members').get(`/people/${m.id}`);
    const member = await clientFor('member', 'members').getJson(`/api/v1/directory?q=${encodeURIComponent(m.name)}`);
    bodies.push(visitor.body, member.body);
    expect(visitor.body).toContain(m.workEmail);
    expect(visitor.body).not.toContain(m.phone);
    expect(visitor.body).not.toContain(m.mailingAddress);
    expect(member.json().results[0]).toMatchObject({ id: m.id, workEmail: m.workEmail, phone: m.phone, mailingAddress: null });
  });

  it('searching by the value of a hidden field finds nobody, for a member or an advisor', async () => {
    const m = subjects.get('staff') as TestMember;
    for (const viewer of ['member', 'advisor'] as const) {
      const client = clientFor(viewer, 'staff');
      for (const value of valuesOf(m)) {
        const res = await client.getJson(`/api/v1/directory?q=${encodeURIComponent(value.slice(0, 60))}`);
        bodies.push(res.body);
        expect(res.statusCode).toBe(200);
        expect(res.json().results.map((r: { id: string }) => r.id)).not.toContain(m.id);
        expect(res.body).not.toContain(value);
      }
      const page = await client.get(`/directory?jurisdiction=${encodeURIComponent(m.phone)}`);
      bodies.push(page.body);
      expect(page.body).not.toContain(m.name);
    }
  });

  it('an advisor opening a profile is told that details shown to membership staff only are not for their role', async () => {
    const m = subjects.get('staff') as TestMember;
    const advisor = await clientFor('advisor', 'staff').get(`/people/${m.id}`);
    const membership = await clientFor('staff', 'staff').get(`/people/${m.id}`);
    bodies.push(advisor.body, membership.body);
    expect(textOf(advisor.body, 'main')).toContain('Those shown to membership staff only are not shown to your staff role.');
    expect(textOf(membership.body, 'main')).toContain('As membership staff, you see every contact detail.');
    // and the profile editor says who exactly "membership staff only" is
    const editor = await clientFor('self', 'staff').get('/me');
    expect(textOf(editor.body, '#staff-only-means')).toBe(
      'Membership staff only means the association’s membership staff and staff administrators, who keep member records. Other staff (advisors, finance, programs, communications, ethics, partnerships) see what members see.',
    );
  });

  it('an unlisted member, or one whose membership is not active, is a 404 to visitors, members and staff other than membership (page, photo, API), but visible to membership staff, staff admins and themself', async () => {
    const unlisted = await aMember(ctx, { name: `Unlisted Person ${Date.now().toString(36)}`, listed: false });
    const lapsed = await aMember(ctx, { name: `Lapsed Person ${Date.now().toString(36)}`, status: 'lapsed' });
    const adminAccount = await createAccount(ctx, { roles: ['admin'] });
    const admin = ctx.client();
    await admin.signIn(adminAccount.email, PASSWORD, { secret: adminAccount.totpSecret ?? '', clock: ctx.clock });
    const failures: string[] = [];
    for (const m of [unlisted, lapsed]) {
      const self = ctx.client();
      await self.signIn(m.email);
      const photo = multipartBody([['_csrf', await self.csrf()]], { field: 'photo', filename: 'me.png', type: 'image/png', bytes: PNG });
      const uploaded = await self.request('POST', '/me/photo', { headers: { 'content-type': photo.contentType, accept: 'text/html' }, payload: photo.payload });
      expect(uploaded.statusCode).toBe(303);
      // Other staff see a profile exactly as a member does (the rule of the contact fields).
      for (const viewer of ['visitor', 'member', 'orgContact', 'advisor', 'finance', ...OTHER_STAFF] as const) {
        const client = viewer in otherStaff ? otherStaff[viewer as OtherStaffRole] : clientFor(viewer as ViewerKind, 'members');
        const page = await client.get(`/people/${m.id}`);
        bodies.push(page.body);
        if (page.statusCode !== 404) failures.push(`${viewer} /people (${m.name}) → ${page.statusCode}`);
        if (page.body.includes(m.workEmail) || page.body.includes(m.phone)) failures.push(`${viewer} /people (${m.name}): a contact detail shown`);
        const image = await client.get(`/people/${m.id}/photo`);
        if (image.statusCode !== 404) failures.push(`${viewer} photo (${m.name}) → ${image.statusCode}`);
        const search = await client.getJson(`/api/v1/directory?q=${encodeURIComponent(m.name)}`);
        if (search.statusCode === 200 && search.body.includes(m.id)) failures.push(`${viewer} API (${m.name}): found`);
      }
      const staff = await clientFor('staff', 'members').get(`/people/${m.id}`);
      expect(staff.statusCode).toBe(200);
      expect(staff.body).toContain(m.mailingAddress);
      expect((await clientFor('staff', 'members').get(`/people/${m.id}/photo`)).statusCode).toBe(200);
      const byAdmin = await admin.get(`/people/${m.id}`);
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.body).toContain(m.mailingAddress);
      const own = await self.get(`/people/${m.id}`);
      expect(own.statusCode).toBe(200);
      expect(own.body).toContain(m.phone);
      const search = await clientFor('member', 'members').getJson(`/api/v1/directory?q=${encodeURIComponent(m.name)}`);
      expect(search.json().results.map((r: { id: string }) => r.id)).not.toContain(m.id);
      const staffSearch = await clientFor('staff', 'members').getJson(`/api/v1/directory?q=${encodeURIComponent(m.name)}`);
      expect(staffSearch.json().results.map((r: { id: string }) => r.id)).not.toContain(m.id);
      bodies.push(staff.body, own.body, search.body, staffSearch.body);
    }
    expect(failures).toEqual([]);
    expect((await clientFor('member', 'members').get('/people/not-a-uuid')).statusCode).toBe(404);
    expect((await clientFor('member', 'members').get('/people/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('no response of the directory ever carries a salary or anything about a transition request', async () => {
    // The person's own profile form and page too.
    for (const v of VISIBILITIES) {
      const own = clientFor('self', v);
      const m = subjects.get(v) as TestMember;
      bodies.push((await own.get('/me')).body, (await own.get(`/people/${m.id}`)).body, (await own.getJson(`/api/v1/directory?q=${encodeURIComponent(m.name)}`)).body);
    }
    bodies.push((await clientFor('staff', 'members').getJson('/api/v1/directory')).body, (await clientFor('staff', 'members').get('/directory')).body);
    expect(bodies.length).toBeGreaterThan(60);
    const leaks = bodies.flatMap((b, i) => [...SALARY_SPELLINGS, SECRET_TRANSITION, SECRET_WAIVER].filter((s) => b.includes(s)).map((s) => `body ${i}: ${s}`));
    expect(leaks).toEqual([]);
  });
});
