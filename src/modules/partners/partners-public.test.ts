// What the public sees of partners, and who reaches the staff pages: /partners and the API list
// only running relationships that did not opt out, with kind and region and nothing private
// (contacts, notes, amounts, scope); public chapters and branches are the network's affiliates on
// its map and in its stats. The inquiry needs its email confirmed before a relationship exists,
// tells staff, acknowledges, and later sends the decision; it is rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPartnerRelationship, signedIn, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, pathOf, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';
import { addContact, addNote } from './service.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail: string;
let staffId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const a = await createAccount(ctx, { roles: ['partnerships'] });
  staffEmail = a.email;
  staffId = a.id;
  staff = await signedIn(ctx, a.email);
});
afterAll(() => ctx?.close());

describe('the public list', () => {
  it('shows only running, listed relationships with kind and region, and nothing private; chapters and branches are on the network map and in its stats', async () => {
    const chapter = await aPartnerRelationship(ctx, { kind: 'chapter', name: 'Front Range Managers', city: 'Denver', state: 'CO', at: [39.7392, -104.9903], status: 'active' });
    const branch = await aPartnerRelationship(ctx, { kind: 'branch', name: 'Desert Office', city: 'Phoenix', state: 'AZ', status: 'active' });
    const grant = await aPartnerRelationship(ctx, { kind: 'partnership', name: 'Open Grant Fund', status: 'active', amountCents: 98_765_400 });
    await addContact(ctx.deps, { userId: null }, grant.id, { name: 'Hidden Contact', email: 'hidden.contact@fund.example', phone: '555-0100', role: 'Director' });
    await addNote(ctx.deps, { userId: null }, grant.id, 'Private note about the board.');
    await aPartnerRelationship(ctx, { kind: 'chapter', name: 'Unlisted Chapter', state: 'CO', at: [39.5, -105], status: 'active', listed: false });
    await aPartnerRelationship(ctx, { kind: 'chapter', name: 'Talking Chapter', state: 'CO', at: [40, -105], status: 'discussion' });
    await aPartnerRelationship(ctx, { kind: 'branch', name: 'Drafted Branch', state: 'UT', at: [40.7, -111.9], status: 'drafted' });
    await aPartnerRelationship(ctx, { kind: 'alliance', name: 'Ended Alliance', status: 'ended' });
    await aPartnerRelationship(ctx, { kind: 'alliance', name: 'Asking Alliance' });

    const visitor = ctx.client();
    const page = await visitor.get('/partners');
    expect(page.statusCode).toBe(200);
    expect(textsOf(page.body, 'main h2')).toEqual(expect.arrayContaining(['Partnerships', 'Branches', 'Chapters']));
    const items = textsOf(page.body, '.partner-list li');
    expect(items).toEqual(expect.arrayContaining(['Front Range Managers, Denver, CO', 'Desert Office, Phoenix, AZ', 'Open Grant Fund']));
    const api = await visitor.getJson('/api/v1/partners');
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { partners: Array<{ name: string; kind: string }> }).partners.map((p) => p.name);
    expect(names.sort()).toEqual(['Desert Office', 'Front Range Managers', 'Open Grant Fund']);
    for (const body of [page.body, api.body]) {
      for (const hidden of [
        'Unlisted Chapter',
        'Talking Chapter',
        'Drafted Branch',
        'Ended Alliance',
        'Asking Alliance',
        'Hidden Contact',
        'hidden.contact',
        'Private note',
        '987,654',
        '98765400',
        'Secret project',
        'Everything.',
      ])
        expect(body).not.toContain(hidden);
    }
    expect(Object.keys((api.json() as { partners: object[] }).partners[0] ?? {}).sort()).toEqual(['city', 'kind', 'kindLabel', 'name', 'state', 'website']);
    const openapi = (await visitor.getJson('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/partners');

    // the network: the chapter with a location is drawn as an affiliate; both running ones counted
    const network = await visitor.get('/network');
    const titles = textsOf(network.body, 'svg title');
    expect(titles).toContain('Front Range Managers (chapter)');
    for (const t of ['Unlisted Chapter (chapter)', 'Talking Chapter (chapter)', 'Drafted Branch (branch)']) expect(titles).not.toContain(t);
    const stats = (await visitor.getJson('/api/v1/network/stats')).json() as { affiliates: number; affiliatesByState: Array<{ state: string; affiliates: number }> };
    expect(stats.affiliates).toBe(2);
    expect(stats.affiliatesByState).toEqual([
      { state: 'AZ', name: 'Arizona', affiliates: 1 },
      { state: 'CO', name: 'Colorado', affiliates: 1 },
    ]);

    // opting out takes it off the list and the map at once
    const details = await staff.postForm(`/staff/partners/${chapter.id}/details`, {
      kind: 'chapter',
      partnerName: chapter.name,
      city: 'Denver',
      state: 'CO',
      latitude: '39.7392',
      longitude: '-104.9903',
    });
    expect(details.statusCode).toBe(303);
    expect((await visitor.get('/partners')).body).not.toContain('Front Range Managers');
    expect(textsOf((await visitor.get('/network')).body, 'svg title')).not.toContain('Front Range Managers (chapter)');
    expect(((await visitor.getJson('/api/v1/network/stats')).json() as { affiliates: number }).affiliates).toBe(1);
    expect(branch.id).toBeTruthy();
  });
});

describe('who reaches the staff pages', () => {
  it('only partnerships staff and admins; a member, an organization admin and other staff are refused', async () => {
    const r = await aPartnerRelationship(ctx, { name: 'Guarded Partner' });
    for (const roles of [['member'], ['communications'], ['membership'], ['finance'], ['programs']] as const) {
      const a = await createAccount(ctx, { roles: [...roles] });
      const c = await signedIn(ctx, a.email);
      for (const url of ['/staff/partners', `/staff/partners/${r.id}`, '/staff/partners/new']) expect((await c.get(url)).statusCode, `${roles[0]} ${url}`).toBe(403);
      expect((await c.postForm(`/staff/partners/${r.id}/status`, { to: 'discussion' })).statusCode).toBe(403);
    }
    const orgAdmin = await createAccount(ctx, { org: { role: 'admin' } });
    expect((await (await signedIn(ctx, orgAdmin.email)).get(`/staff/partners/${r.id}`)).statusCode).toBe(403);
    const visitor = await ctx.client().get('/staff/partners');
    expect(visitor.statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('partner_relationships').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).toEqual({ status: 'inquiry' });
    const page = await staff.get(`/staff/partners/${r.id}`);
    expect(page.statusCode).toBe(200);
    expect(dom(page.body).querySelector('h1')?.textContent).toBe('Guarded Partner');
    expect((await staff.get('/staff/partners/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('an inquiry', () => {
  it('exists only once its email is confirmed; staff are told, the inquirer acknowledged and later sent the decision', async () => {
    const visitor = ctx.client();
    const form = await visitor.get('/partners/inquire');
    expect(form.statusCode).toBe(200);
    const bad = await visitor.postForm('/partners/inquire', { organization: 'Lake Council', kind: 'nonsense', purpose: 'short', contactName: '', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    for (const id of ['f-kind-error', 'f-purpose-error', 'f-contactName-error', 'f-email-error']) expect(dom(bad.body).querySelector(`#${id}`), id).toBeTruthy();

    const email = 'ada@lakecouncil.example';
    const sent = await visitor.postForm('/partners/inquire', {
      organization: 'Lake Council of Governments',
      kind: 'alliance',
      purpose: 'We would like to run joint training for regional planners.',
      contactName: 'Ada Lake',
      email,
    });
    expect(sent.statusCode).toBe(200);
    expect(dom(sent.body).querySelector('h1')?.textContent).toBe('Check your email');
    const count = async () => (await ctx.deps.db.selectFrom('partner_relationships').select('id').where('partner_name', '=', 'Lake Council of Governments').execute()).length;
    expect(await count()).toBe(0);

    const link = pathOf(await latestLinkTo(ctx, email, 'partners.confirm_inquiry'));
    expect((await visitor.get('/partners/inquire/confirm?token=forged-token-forged-token')).statusCode).toBe(400);
    const confirmPage = await visitor.get(link);
    expect(confirmPage.statusCode).toBe(200);
    expect(await count()).toBe(0); // opening the link (a mail scanner) does nothing
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    // a forged account or visitor in the form is ignored: the log names the session's account, or the form's contact
    const done = await visitor.postForm('/partners/inquire/confirm', { token, actorUserId: staffId, actor: staffId, visitor: 'Forged' });
    expect(done.statusCode).toBe(200);
    expect(await count()).toBe(1);
    expect((await visitor.postForm('/partners/inquire/confirm', { token })).statusCode).toBe(400);
    expect(await count()).toBe(1);

    const outbox = async (to: string) =>
      (await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', to).orderBy('created_at').execute()).map((m) => m.template);
    expect(await outbox(staffEmail)).toContain('partners.new_inquiry');
    // The test clock stands still, so the inquirer's emails share one created_at: compare as sets.
    expect((await outbox(email)).sort()).toEqual(['partners.confirm_inquiry', 'partners.inquiry_received']);

    const r = await ctx.deps.db
      .selectFrom('partner_relationships')
      .select(['id', 'status', 'kind'])
      .where('partner_name', '=', 'Lake Council of Governments')
      .executeTakeFirstOrThrow();
    expect([r.status, r.kind]).toEqual(['inquiry', 'alliance']);
    // the audit log names the visitor who asked, as the form gave them, not "The system"
    const admin = await signedInAs(ctx, ['admin']);
    const query = `entityId=${r.id}&action=partners.inquiry_received`;
    const api = (await admin.get(`/api/v1/audit?${query}`)).json().entries as Array<{ actorName: string | null; actorWords: string }>;
    expect(api).toEqual([expect.objectContaining({ actorName: null, actorWords: 'Inquirer: Ada Lake (visitor)' })]);
    expect(textsOf((await admin.get(`/staff/audit?${query}`)).body, 'main table tbody td')).toContain('Inquirer: Ada Lake (visitor)');
    expect((await staff.postForm(`/staff/partners/${r.id}/status`, { to: 'discussion', reason: 'We look forward to talking.' })).statusCode).toBe(303);
    expect((await outbox(email)).sort()).toEqual(['partners.confirm_inquiry', 'partners.inquiry_decision', 'partners.inquiry_received']);
    // the relationship is not public while it is being discussed
    expect((await visitor.get('/partners')).body).not.toContain('Lake Council');
  });

  it('names the inquirer (the address’s owner: here a visitor, as the form gave them), not the account signed in when it is confirmed, nor a forged actor', async () => {
    const mel = await createAccount(ctx, { name: 'Mel Member' });
    const client = await signedIn(ctx, mel.email);
    const email = 'mel@riverbend.example';
    const fields = { organization: 'Riverbend Council', kind: 'alliance', purpose: 'We would like to share a regional trainer.', contactName: 'Someone Else', email };
    expect((await client.postForm('/partners/inquire', fields)).statusCode).toBe(200);
    const token = new URL(pathOf(await latestLinkTo(ctx, email, 'partners.confirm_inquiry')), 'http://x').searchParams.get('token') ?? '';
    expect((await client.postForm('/partners/inquire/confirm', { token, actorUserId: staffId })).statusCode).toBe(200);
    const r = await ctx.deps.db.selectFrom('partner_relationships').select('id').where('partner_name', '=', 'Riverbend Council').executeTakeFirstOrThrow();
    const admin = await signedInAs(ctx, ['admin']);
    const api = (await admin.get(`/api/v1/audit?entityId=${r.id}&action=partners.inquiry_received`)).json().entries as Array<{ actorId: string | null; actorWords: string }>;
    expect(api).toEqual([expect.objectContaining({ actorId: null, actorWords: 'Inquirer: Someone Else (visitor)' })]);
    expect(JSON.stringify(api)).not.toContain(mel.id);
  });

  it('is rate limited', async () => {
    const visitor = ctx.client();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await visitor.postForm('/partners/inquire', { organization: 'Spam', kind: 'alliance', purpose: 'x', contactName: 'S', email: 'x' }));
    const refused = answers.find((r) => r.statusCode === 429);
    expect(refused).toBeDefined();
    // it says how long the limit still runs (5 tries in 10 minutes), not 'a minute'
    expect(textOf(refused?.body ?? '', 'main')).toContain('Too many attempts. Please wait 10 minutes and try again.');
  });
});
