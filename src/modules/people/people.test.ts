// People through HTTP: search (typos in names, beginnings of addresses), filters, keyset pages,
// the streamed CSV (audited), a person's record, every action and its refusals, who may do what,
// and that no page, API answer or export carries a password hash, a two-factor secret or a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact, aMember, anAccount, anOrganization, signedIn, signedInAs } from '../../../test/factories/index.js';
import { createTestContext, PASSWORD, TEST_TOTP_SECRET, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, errorOf, rowsOf, termValue } from '../../../test/html.js';
import { auditOf, mailTo, readCsv } from '../../../test/readers.js';
import { issueInvoice } from '../billing/index.js';
import { inviteToSeat } from '../portal/index.js';

let ctx: TestContext;
let membership: TestClient;
let admin: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  membership = await signedInAs(ctx, ['membership']);
  admin = await signedInAs(ctx, ['admin']);
});
afterAll(() => ctx?.close());

interface ApiRow {
  id: string;
  name: string;
  email: string;
}
const apiList = async (query: string) => {
  const res = await membership.getJson(`/api/v1/people?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { people: ApiRow[]; nextCursor: string | null };
};
/** An invoice addressed to a person (an individual member's), issued through billing. */
const aPersonalInvoice = (userId: string, cents: number) =>
  ctx.deps.db.transaction().execute((trx) =>
    issueInvoice(trx, ctx.deps, {
      userId,
      purpose: 'other',
      lines: [{ description: 'Conference', quantity: 1, unitCents: cents }],
      billTo: { name: 'Person', email: 'person@example.org', address: '1 Main St' },
    }),
  );
const namesOf = async (query: string) => (await apiList(query)).people.map((p) => p.name).sort();

describe('search and filters', () => {
  it('finds a person by part of the name, a typo, or the beginning of the address', async () => {
    await anAccount(ctx, { name: 'Wilhelmina Quistgaard', email: 'wq.zebedee@example.org' });
    await anAccount(ctx, { name: 'Other Person', email: 'other.quist@example.org' });
    expect(await namesOf('q=Quistg')).toEqual(['Wilhelmina Quistgaard']);
    expect(await namesOf('q=Quistgard')).toEqual(['Wilhelmina Quistgaard']);
    expect(await namesOf('q=WQ.zeb')).toEqual(['Wilhelmina Quistgaard']);
    // only the beginning of an address matches, not its middle
    expect(await namesOf('q=zebedee')).toEqual([]);
    const page = await membership.get('/staff/people?q=Quistgard');
    expect(page.statusCode).toBe(200);
    expect(rowsOf(page.body, 'People').map((r) => r[0])).toEqual(['Wilhelmina Quistgaard']);
  });

  it('the Roles column names the site roles and the place at organizations: contact, or administrator', async () => {
    const org = await anOrganization(ctx, { name: 'Town of Zephyrcove' });
    const contact = await anAccount(ctx, { name: 'Zora Zephyrcove', email: 'zora.zephyr@example.org' });
    await aContact(ctx, { organizationId: org.id, userId: contact.id, role: 'contact' });
    const admin = await anAccount(ctx, { name: 'Zeke Zephyrcove', email: 'zeke.zephyr@example.org', roles: ['member'] });
    await aContact(ctx, { organizationId: org.id, userId: admin.id, role: 'admin' });
    await anAccount(ctx, { name: 'Zack Zephyrcove', email: 'zack.zephyr@example.org' });
    const rows = rowsOf((await membership.get('/staff/people?q=Zephyrcove')).body, 'People');
    expect(rows.map((r) => [r[0], r[2], r[3]]).sort()).toEqual([
      ['Zack Zephyrcove', 'No role', '0'],
      ['Zeke Zephyrcove', 'Individual member and Organization administrator', '1'],
      ['Zora Zephyrcove', 'Organization contact', '1'],
    ]);
  });

  it('finds a name whatever its accents and case, typed with or without them', async () => {
    await anAccount(ctx, { name: 'Xóchitl Ñúñez-Ybarra', email: 'xn@example.org' });
    await anAccount(ctx, { name: 'Xochitl Quezada', email: 'xq@example.org' });
    expect(await namesOf('q=xochitl%20nunez-')).toEqual(['Xóchitl Ñúñez-Ybarra']);
    expect(await namesOf('q=%C3%91U%C3%91EZ')).toEqual(['Xóchitl Ñúñez-Ybarra']);
    expect(await namesOf('q=X%C3%B3chitl')).toEqual(['Xochitl Quezada', 'Xóchitl Ñúñez-Ybarra']);
    // a typo of the unaccented name, and the wildcards of LIKE taken literally
    expect(await namesOf('q=Ybara')).toEqual(['Xóchitl Ñúñez-Ybarra']);
    expect(await namesOf('q=x%25n')).toEqual([]);
    const page = await membership.get('/staff/people?q=nunez');
    expect(rowsOf(page.body, 'People').map((r) => r[0])).toEqual(['Xóchitl Ñúñez-Ybarra']);
  });

  it('narrow by role, organization, level, membership status and confirmed address', async () => {
    const p = 'Filterbrook';
    const org = await anOrganization(ctx, { name: `${p} City` });
    const contact = await anAccount(ctx, { name: `${p} Contact`, org: { role: 'admin', organizationId: org.id } });
    const member = await aMember(ctx, { name: `${p} Member` });
    await aMember(ctx, { name: `${p} Lapsed`, status: 'lapsed' });
    await anAccount(ctx, { name: `${p} Finance`, roles: ['finance'] });
    const level = await ctx.deps.db.selectFrom('individual_memberships').select('level_id').where('user_id', '=', member.id).executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', contact.id).execute();
    const q = `q=${p}`;
    expect(await namesOf(`${q}&role=finance`)).toEqual([`${p} Finance`]);
    expect(await namesOf(`${q}&role=member`)).toEqual([`${p} Lapsed`, `${p} Member`]);
    expect(await namesOf(`${q}&organization=${org.id}`)).toEqual([`${p} Contact`]);
    expect(await namesOf(`${q}&level=${level.level_id}&membership=active`)).toEqual([`${p} Member`]);
    expect(await namesOf(`${q}&membership=lapsed`)).toEqual([`${p} Lapsed`]);
    expect(await namesOf(`${q}&membership=none`)).toEqual([`${p} Contact`, `${p} Finance`]);
    expect(await namesOf(`${q}&verified=no`)).toEqual([`${p} Contact`]);
    const page = await membership.get(`/staff/people?${q}&organization=${org.id}`);
    expect(rowsOf(page.body, 'People').map((r) => r[0])).toEqual([`${p} Contact`]);
  });

  it('a bad filter or cursor is a 400 naming the field, on the page, the API and the CSV', async () => {
    const page = await membership.get('/staff/people?role=king&verified=maybe');
    expect(page.statusCode).toBe(400);
    expect(errorOf(page.body, 'role').message).toContain('Choose a role');
    expect(errorOf(page.body, 'verified').message).toContain('yes or no');
    const api = await membership.getJson('/api/v1/people?organization=nope');
    expect(api.statusCode).toBe(400);
    expect(Object.keys(api.json().error.fields)).toEqual(['organization']);
    const cursor = await membership.getJson(`/api/v1/people?cursor=${Buffer.from('["x","nope"]').toString('base64url')}`);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.fields.cursor).toBeDefined();
    expect((await membership.get('/staff/people.csv?membership=sleeping')).statusCode).toBe(400);
  });
});

describe('keyset paging and CSV', () => {
  it('returns every row once, in order, page after page', async () => {
    const p = 'Pagingham';
    for (const n of ['Bea', 'Abe', 'Cy', 'Abe', 'Dee']) await anAccount(ctx, { name: `${p} ${n}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { people: ApiRow[]; nextCursor: string | null } = await apiList(`q=${p}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.people.map((r) => r.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([`${p} Abe`, `${p} Abe`, `${p} Bea`, `${p} Cy`, `${p} Dee`]);
    const html = await membership.get(`/staff/people?q=${p}&limit=2`);
    expect(html.body).toContain('Next page');
  });

  it('streams the filtered rows, formulas neutralised, and is audited', async () => {
    const p = 'Csvperson';
    await anAccount(ctx, { name: `${p} Plain`, roles: ['finance'] });
    await anAccount(ctx, { name: `=${p} HYPERLINK`, roles: ['finance'] });
    await anAccount(ctx, { name: `${p} Other` });
    const res = await membership.get(`/staff/people.csv?q=${p}&role=finance`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = readCsv(res.body);
    expect(rows[0]).toEqual(['Name', 'Email', 'Email confirmed', 'Account', 'Roles', 'Organizations', 'Individual membership', 'Level']);
    expect(rows.slice(1).map((r) => [r[0], r[4]])).toEqual([
      [`'=${p} HYPERLINK`, 'Finance'],
      [`${p} Plain`, 'Finance'],
    ]);
    const audit = (await auditOf(ctx, 'export.people')).at(-1);
    expect(audit?.after).toMatchObject({ rows: 2, filters: { q: p, role: 'finance' } });
  });
});

describe("a person's record", () => {
  it('shows roles in words, organizations linked, membership, invoices, profile visibility and sign-in activity', async () => {
    const org = await anOrganization(ctx, { name: 'Recordtown' });
    const m = await aMember(ctx, { name: 'Rhoda Record', visibility: 'staff' });
    await aContact(ctx, { organizationId: org.id, userId: m.id, role: 'admin' });
    await signedIn(ctx, m.email);
    await ctx.client().postForm('/login', { email: m.email, password: 'not the password at all' });
    const invoice = await aPersonalInvoice(m.id, 12_345);
    const page = await membership.get(`/staff/people/${m.id}`);
    expect(rowsOf(page.body, 'Invoices').map((r) => [r[0], r[2]])).toEqual([[invoice.number, '$123.45']]);
    expect(rowsOf(page.body, 'Invoices')[0]?.[3]).toContain('$123.45 by');
    expect(page.statusCode).toBe(200);
    expect(termValue(page.body, 'Roles')).toBe('Individual member');
    expect(termValue(page.body, 'Sessions open now')).toBe('1');
    expect(termValue(page.body, 'Wrong passwords typed recently')).toBe('1');
    expect(rowsOf(page.body, 'Organizations this person is a contact of')).toEqual([['Recordtown', 'Administrator', '—', 'All its contacts']]);
    expect(page.body).toContain(`href="/staff/people?organization=${org.id}"`);
    expect(page.body).toContain(`href="/staff/organizations/${org.id}"`);
    expect(rowsOf(page.body, 'Individual memberships, newest first')[0]?.[1]).toBe('Active');
    expect(termValue(page.body, 'Phone')).toContain('seen by: Membership staff only');
    const api = (await membership.getJson(`/api/v1/people/${m.id}`)).json();
    expect(api).toMatchObject({ name: 'Rhoda Record', roles: ['member'], membershipStatus: 'active', signIn: { activeSessions: 1 } });
    expect((await membership.get('/staff/people/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await membership.getJson('/api/v1/people/not-an-id')).statusCode).toBe(400);
  });
});

describe('a person’s individual membership, one link away', () => {
  it('the record and the search results link the membership’s staff page, which membership staff then open', async () => {
    const m = await aMember(ctx, { name: 'Linus Linkwell' });
    const membershipId = (await ctx.deps.db.selectFrom('individual_memberships').select('id').where('user_id', '=', m.id).executeTakeFirstOrThrow()).id;
    const href = `/staff/individuals/${membershipId}`;
    const record = dom((await membership.get(`/staff/people/${m.id}`)).body);
    const fromRecord = record.querySelectorAll('main table a').find((a) => a.getAttribute('href') === href);
    expect(fromRecord?.text.trim()).toBeTruthy();
    const found = dom((await membership.get('/staff/people?q=Linkwell')).body);
    const fromSearch = found.querySelectorAll('main table a').find((a) => a.getAttribute('href') === href);
    expect(fromSearch?.text.trim()).toMatch(/^Active \(.+\)$/);
    expect(fromSearch?.getAttribute('aria-label')).toContain('Individual membership of Linus Linkwell');
    const opened = await membership.get(href);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Linus Linkwell');
    // an advisor opens neither the people pages nor the membership
    const advisor = await signedInAs(ctx, ['advisor']);
    for (const path of [`/staff/people/${m.id}`, '/staff/people?q=Linkwell', href]) expect((await advisor.get(path)).statusCode).toBe(403);
  });
});

describe('actions', () => {
  it('ending every session needs the box ticked, signs the person out and is audited', async () => {
    const person = await anAccount(ctx, { name: 'Sessa Ender' });
    const theirs = await signedIn(ctx, person.email);
    const refused = await membership.postForm(`/staff/people/${person.id}/sessions/end`, {});
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused.body, 'confirmEnd').message).toContain('Tick the box');
    expect((await theirs.get('/account')).statusCode).toBe(200);
    const res = await membership.postForm(`/staff/people/${person.id}/sessions/end`, { confirmEnd: 'yes' });
    expect(res.statusCode).toBe(303);
    expect((await theirs.get('/account')).statusCode).not.toBe(200);
    expect((await auditOf(ctx, 'account.sessions_ended')).at(-1)).toMatchObject({ entity_id: person.id, after: { sessions: 1 } });
  });

  it('resetting two-factor is for staff admins only, and clears it', async () => {
    const person = await anAccount(ctx, { name: 'Totp Holder', totpSecret: TEST_TOTP_SECRET });
    expect((await membership.postForm(`/staff/people/${person.id}/two-factor/reset`, { confirmReset: 'yes' })).statusCode).toBe(403);
    expect((await admin.postForm(`/staff/people/${person.id}/two-factor/reset`, {})).statusCode).toBe(400);
    expect((await admin.postForm(`/staff/people/${person.id}/two-factor/reset`, { confirmReset: 'yes' })).statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null });
    expect((await auditOf(ctx, 'account.totp_reset')).at(-1)?.entity_id).toBe(person.id);
    // nothing left to reset: said plainly, nothing changes
    const again = await admin.postForm(`/staff/people/${person.id}/two-factor/reset`, { confirmReset: 'yes' });
    expect(again.statusCode).toBe(409);
  });

  it('deactivating stops sign-in, reactivating restores it; staff accounts only by a staff admin', async () => {
    const person = await anAccount(ctx, { name: 'Dee Activated' });
    expect((await membership.postForm(`/staff/people/${person.id}/deactivate`, { confirmDeactivate: 'yes' })).statusCode).toBe(303);
    const c = ctx.client();
    const signIn = await c.postForm('/login', { email: person.email, password: PASSWORD });
    expect(signIn.statusCode).not.toBe(303);
    expect((await membership.postForm(`/staff/people/${person.id}/reactivate`, {})).statusCode).toBe(303);
    expect((await c.postForm('/login', { email: person.email, password: PASSWORD })).statusCode).toBe(303);
    expect((await auditOf(ctx, 'account.deactivated')).some((r) => r.entity_id === person.id)).toBe(true);

    const staffer = await anAccount(ctx, { name: 'Staff Finance', roles: ['finance'] });
    expect((await membership.postForm(`/staff/people/${staffer.id}/deactivate`, { confirmDeactivate: 'yes' })).statusCode).toBe(403);
    expect((await membership.postForm(`/staff/people/${staffer.id}/sessions/end`, { confirmEnd: 'yes' })).statusCode).toBe(403);
    expect((await admin.postForm(`/staff/people/${staffer.id}/deactivate`, { confirmDeactivate: 'yes' })).statusCode).toBe(303);
  });

  it('a new name applies at once; a new address only when its owner follows the link', async () => {
    const person = await anAccount(ctx, { name: 'Ed Itable' });
    const taken = await anAccount(ctx, { name: 'Someone Else' });
    const clash = await membership.postForm(`/staff/people/${person.id}/edit`, { name: 'Ed Itable', email: taken.email });
    expect(clash.statusCode).toBe(400);
    expect(errorOf(clash.body, 'email').message).toContain('Another account');
    const bad = await membership.postForm(`/staff/people/${person.id}/edit`, { name: '', email: 'not-an-address' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'name').message).toBeTruthy();

    const newEmail = `ed.new.${Date.now()}@example.org`;
    expect((await membership.postForm(`/staff/people/${person.id}/edit`, { name: 'Edwina Itable', email: newEmail })).statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom('users').select(['name', 'email']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Edwina Itable', email: person.email });
    expect(termValue((await membership.get(`/staff/people/${person.id}`)).body, 'New address waiting to be confirmed')).toBe(newEmail);
    const [mail] = await mailTo(ctx, newEmail);
    expect(mail?.template).toBe('accounts.email_change');
    const link = /https?:\/\/\S+\/account\/email\/confirm\?token=[\w%-]+/.exec(mail?.body_text ?? '')?.[0] ?? '';
    const token = new URL(link).searchParams.get('token') ?? '';
    const visitor = ctx.client();
    expect((await visitor.get(`/account/email/confirm?token=${encodeURIComponent(token)}`)).statusCode).toBe(200);
    expect((await visitor.postForm('/account/email/confirm', { token })).statusCode).toBe(200);
    expect((await ctx.deps.db.selectFrom('users').select('email').where('id', '=', person.id).executeTakeFirstOrThrow()).email).toBe(newEmail);
    // once only
    expect((await visitor.postForm('/account/email/confirm', { token })).statusCode).toBe(400);
    expect((await auditOf(ctx, 'account.email_changed')).at(-1)).toMatchObject({ entity_id: person.id, after: { email: newEmail } });
  });

  it('sends a pending seat invitation again', async () => {
    const org = await anOrganization(ctx, { name: 'Invitevale' });
    const person = await anAccount(ctx, { name: 'Ivy Invited' });
    await ctx.deps.db.transaction().execute((trx) =>
      inviteToSeat(trx, ctx.deps, {
        organizationId: org.id,
        email: person.email,
        name: 'Ivy Invited',
        role: 'contact',
        source: 'contact',
        invitedBy: { userId: null, name: 'Test' },
      }),
    );
    const page = await membership.get(`/staff/people/${person.id}`);
    const rows = rowsOf(page.body, 'Invitations sent to this address and not yet accepted');
    expect(rows[0]?.[0]).toBe('Contact of Invitevale');
    const id = /name="invitationId" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const before = (await mailTo(ctx, person.email)).length;
    expect((await membership.postForm(`/staff/people/${person.id}/invitations/resend`, { kind: 'seat', invitationId: id })).statusCode).toBe(303);
    expect((await mailTo(ctx, person.email)).length).toBe(before + 1);
    // another person's invitation is not sent again from this record
    const stranger = await anAccount(ctx, { name: 'Stranger' });
    expect((await membership.postForm(`/staff/people/${stranger.id}/invitations/resend`, { kind: 'seat', invitationId: id })).statusCode).toBe(404);
    expect((await mailTo(ctx, person.email)).length).toBe(before + 1);
    expect((await membership.postForm(`/staff/people/${person.id}/invitations/resend`, { kind: 'staff', invitationId: id })).statusCode).toBe(403);
  });

  it('merges two accounts of one person: roles, seats, membership, invoices and profile move; sessions end', async () => {
    const org = await anOrganization(ctx, { name: 'Mergeton' });
    const old = await aMember(ctx, { name: 'Mo Merged' });
    await aContact(ctx, { organizationId: org.id, userId: old.id, role: 'admin' });
    const invoice = await aPersonalInvoice(old.id, 5_000);
    const kept = await anAccount(ctx, { name: 'Mo Kept' });
    const keptSession = await signedIn(ctx, kept.email);
    const look = await membership.get(`/staff/people/${kept.id}/merge?other=${encodeURIComponent(old.email)}`);
    expect(look.statusCode).toBe(200);
    expect(termValue(look.body, 'Account to merge')).toContain(old.email);
    const unconfirmed = await membership.postForm(`/staff/people/${kept.id}/merge`, { other: old.id });
    expect(unconfirmed.statusCode).toBe(400);
    expect(errorOf(unconfirmed.body, 'confirm').message).toContain('cannot be undone');
    expect((await membership.postForm(`/staff/people/${kept.id}/merge`, { other: old.id, confirm: 'yes' })).statusCode).toBe(303);

    const db = ctx.deps.db;
    expect((await db.selectFrom('user_roles').select('role').where('user_id', '=', kept.id).execute()).map((r) => r.role)).toEqual(['member']);
    expect(await db.selectFrom('organization_contacts').select(['user_id', 'role']).where('organization_id', '=', org.id).execute()).toEqual([{ user_id: kept.id, role: 'admin' }]);
    expect(
      (
        await db
          .selectFrom('individual_memberships')
          .select('user_id')
          .where('id', '=', old.membershipId ?? '')
          .executeTakeFirstOrThrow()
      ).user_id,
    ).toBe(kept.id);
    expect((await db.selectFrom('invoices').select('user_id').where('id', '=', invoice.id).executeTakeFirstOrThrow()).user_id).toBe(kept.id);
    expect((await db.selectFrom('member_profiles').select('user_id').where('user_id', '=', kept.id).execute()).length).toBe(1);
    expect((await db.selectFrom('users').select('disabled_at').where('id', '=', old.id).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
    expect((await keptSession.get('/account')).statusCode).not.toBe(200);
    expect((await auditOf(ctx, 'account.merged')).at(-1)).toMatchObject({ entity_id: kept.id, before: { merged: { id: old.id } } });
  });

  it('refuses to merge when both have a current individual membership, changing nothing', async () => {
    const a = await aMember(ctx, { name: 'Both One' });
    const b = await aMember(ctx, { name: 'Both Two' });
    const res = await membership.postForm(`/staff/people/${a.id}/merge`, { other: b.id, confirm: 'yes' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Both accounts have a current individual membership');
    expect((await ctx.deps.db.selectFrom('users').select('disabled_at').where('id', '=', b.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
    expect((await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', b.id).execute()).length).toBe(1);
    // nor a staff account, nor an account into itself
    const staffer = await anAccount(ctx, { roles: ['finance'] });
    expect((await membership.postForm(`/staff/people/${a.id}/merge`, { other: staffer.id, confirm: 'yes' })).statusCode).toBe(409);
    expect((await membership.postForm(`/staff/people/${a.id}/merge`, { other: a.id, confirm: 'yes' })).statusCode).toBe(400);
  });
});

describe('secrets never leave', () => {
  it('no page, API answer or CSV carries a password hash, two-factor secret or token', async () => {
    const person = await anAccount(ctx, { name: 'Secretive Sam', totpSecret: TEST_TOTP_SECRET });
    await membership.postForm(`/staff/people/${person.id}/edit`, { name: 'Secretive Sam', email: `sam.new.${Date.now()}@example.org` });
    const row = await ctx.deps.db.selectFrom('users').select(['password_hash', 'totp_secret']).where('id', '=', person.id).executeTakeFirstOrThrow();
    const tokens = await ctx.deps.db.selectFrom('auth_tokens').select('token_hash').where('user_id', '=', person.id).execute();
    const secrets = [row.password_hash ?? 'none', row.totp_secret ?? 'none', ...tokens.map((t) => t.token_hash)];
    const bodies = [
      (await membership.get('/staff/people?q=Secretive')).body,
      (await membership.get(`/staff/people/${person.id}`)).body,
      (await admin.get(`/staff/people/${person.id}`)).body,
      (await membership.getJson('/api/v1/people?q=Secretive')).body,
      (await membership.getJson(`/api/v1/people/${person.id}`)).body,
      (await membership.get('/staff/people.csv?q=Secretive')).body,
    ];
    for (const body of bodies) {
      expect(body).toContain('Secretive Sam');
      for (const s of secrets) expect(body).not.toContain(s);
      expect(body).not.toMatch(/argon2|password_hash|totp_secret|token_hash/);
    }
    expect(Object.keys((await membership.getJson(`/api/v1/people/${person.id}`)).json()).sort()).not.toEqual(expect.arrayContaining(['passwordHash']));
  });

  it('is in the OpenAPI document, and the staff front page links People for membership staff only', async () => {
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/people', '/api/v1/people/{id}']));
    expect((await membership.get('/staff')).body).toContain('href="/staff/people"');
    const finance = await signedInAs(ctx, ['finance']);
    expect((await finance.get('/staff')).body).not.toContain('href="/staff/people"');
    expect((await finance.get('/staff/people')).statusCode).toBe(403);
  });
});
