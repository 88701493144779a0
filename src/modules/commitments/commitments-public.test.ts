// What the public sees of commitments, and what staff do: the list, the page and the API count the
// standing signatures and name their governments, by state and on the map, and stop naming one the
// moment it is withdrawn (staff still see it, with who and why); a signatory's network page lists
// what it signed; hostile text is escaped; staff pages are for communications and partnerships staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCommitment, anActiveMembership, anOrganization, changeOrganization, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';
import { formatTime } from '../../lib/format.js';
import { signCommitment } from './service.js';

let ctx: TestContext;
let staff: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['communications'] })).email);
});
afterAll(() => ctx?.close());

/** A government that signs through its administrator (the module's use case). */
async function signs(slug: string, o: { name: string; state: string; at?: [number, number]; signer?: string; member?: boolean; listed?: boolean }) {
  const org = await anOrganization(ctx, { name: o.name, state: o.state, latitude: o.at?.[0] ?? null, longitude: o.at?.[1] ?? null, listed: o.listed ?? true });
  if (o.member) await anActiveMembership(ctx, org.id, { start: '2026-01-01', end: '2027-12-31' });
  const a = await createAccount(ctx, { org: { role: 'admin', organizationId: org.id } });
  await signCommitment(ctx.deps, { userId: a.id }, slug, { org: org.id, signerName: o.signer ?? `Signer of ${o.name}`, signerTitle: 'Mayor' });
  return org;
}

interface Signatories {
  count: number;
  unlisted: number;
  signatories: Array<{ organization: string; state: string; signerName: string; networkUrl: string | null }>;
}

describe('the public list and counts', () => {
  it('match the standing signatures, by state and on the map, before and after a withdrawal', async () => {
    const c = await aCommitment(ctx, { title: 'Resilient Testing Agreement' });
    const springfield = await signs(c.slug, { name: 'City of Springfeld', state: 'IL', at: [39.78, -89.65], member: true });
    await signs(c.slug, { name: 'Peoria Town', state: 'IL', at: [40.69, -89.59] });
    const denver = await signs(c.slug, { name: 'Denverton', state: 'CO', at: [39.74, -104.99], member: true });
    const visitor = ctx.client();

    const list = await visitor.get('/commitments');
    expect(list.statusCode).toBe(200);
    expect(textsOf(list.body, '.commitment-list li').find((t) => t.includes('Resilient Testing Agreement'))).toContain('3 governments signed');
    const api = (await visitor.getJson('/api/v1/commitments')).json() as { commitments: Array<{ slug: string; signatories: number; signers: string }> };
    expect(api.commitments.find((x) => x.slug === c.slug)).toMatchObject({ signatories: 3, signers: 'governments' });

    const page = await visitor.get(`/commitments/${c.slug}`);
    expect(page.statusCode).toBe(200);
    expect(dom(page.body).querySelector('.prose strong')?.textContent).toBe('resilience');
    expect(textsOf(page.body, 'main h3')).toEqual(['Colorado (1)', 'Illinois (2)']);
    expect(textsOf(page.body, '.signatory-list li')).toHaveLength(3);
    expect(textsOf(page.body, 'svg.network-map circle title').sort()).toEqual(['City of Springfeld, IL', 'Denverton, CO', 'Peoria Town, IL']);
    expect(textsOf(page.body, 'svg.network-map a title')).toContain('Illinois: 2 signatories');
    // a listed current member links to its network page
    expect(dom(page.body).querySelector(`.signatory-list a[href="/network/${springfield.slug}"]`)?.textContent).toBe('City of Springfeld');

    const illinois = await visitor.get(`/commitments/${c.slug}?state=IL`);
    expect(textsOf(illinois.body, '.signatory-list li')).toHaveLength(2);
    expect(dom(illinois.body).querySelector('#signatory-count')?.textContent).toBe('2 governments in Illinois signed (of 3 in all).');
    const sig = (await visitor.getJson(`/api/v1/commitments/${c.slug}/signatories`)).json() as Signatories;
    expect(sig.count).toBe(3);
    expect(sig.signatories.map((s) => s.organization)).toEqual(['Denverton', 'City of Springfeld', 'Peoria Town']);
    expect(Object.keys(sig.signatories[0] ?? {}).sort()).toEqual(['networkUrl', 'organization', 'signedOn', 'signerName', 'signerTitle', 'state']);
    expect(((await visitor.getJson(`/api/v1/commitments/${c.slug}/signatories?state=co`)).json() as Signatories).count).toBe(1);

    // the signatory's network page lists what it signed
    const network = await visitor.get(`/network/${denver.slug}`);
    expect(network.statusCode).toBe(200);
    expect(dom(network.body).querySelector('section[aria-labelledby="commitments-signed"] a')?.textContent).toBe('Resilient Testing Agreement');

    // staff withdraw Denverton's signature: gone from every public count and list, kept for staff
    const detail = await staff.get(`/staff/commitments/${c.id}`);
    const form = dom(detail.body).querySelector('form[aria-label="Withdraw Denverton’s signature"]');
    const action = form?.getAttribute('action') ?? '';
    expect(action).toMatch(/\/signatures\/.+\/withdraw$/);
    expect((await staff.postForm(action, { reason: '' })).statusCode).toBe(400);
    expect((await staff.postForm(action, { reason: 'Asked by the city council.' })).statusCode).toBe(303);
    expect((await staff.postForm(action, { reason: 'Twice.' })).statusCode).toBe(409);

    const after = await visitor.get(`/commitments/${c.slug}`);
    expect(textsOf(after.body, 'main h3')).toEqual(['Illinois (2)']);
    expect(after.body).not.toContain('Denverton');
    expect(dom(after.body).querySelector('#signatory-count')?.textContent).toBe('2 governments signed.');
    expect(((await visitor.getJson(`/api/v1/commitments/${c.slug}/signatories`)).json() as Signatories).count).toBe(2);
    expect(
      ((await visitor.getJson('/api/v1/commitments')).json() as { commitments: Array<{ slug: string; signatories: number }> }).commitments.find((x) => x.slug === c.slug)
        ?.signatories,
    ).toBe(2);
    expect(textsOf((await visitor.get('/commitments')).body, '.commitment-list li').find((t) => t.includes('Resilient Testing Agreement'))).toContain('2 governments signed');
    expect(dom((await visitor.get(`/network/${denver.slug}`)).body).querySelector('section[aria-labelledby="commitments-signed"]')).toBeNull();
    const history = await staff.get(`/staff/commitments/${c.id}`);
    expect(history.body).toContain('Denverton');
    expect(history.body).toContain('Asked by the city council.');
    // when it was signed and withdrawn, in words in the association's time zone (was '2026-08-07 17:35 UTC')
    const { time_zone } = await ctx.deps.association.get();
    const row = await ctx.deps.db
      .selectFrom('commitment_signatures')
      .select(['signed_at', 'withdrawn_at'])
      .where('commitment_id', '=', c.id)
      .where('withdrawn_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const withdrawnCell = textsOf(history.body, 'tbody td').find((t) => t.includes('Asked by the city council.'));
    expect(withdrawnCell).toMatch(new RegExp(`^${formatTime(row.withdrawn_at as Date, time_zone)}( by .+)?: Asked by the city council\\.$`));
    expect(textsOf(history.body, 'tbody td').some((t) => t.startsWith(formatTime(row.signed_at, time_zone)))).toBe(true);
    expect(textOf(history.body, 'main')).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'commitments.signature_withdrawn').execute();
    expect(audit.map((a) => (a.after as { reason: string }).reason)).toContain('Asked by the city council.');
  });

  it('a bad state filter is a 400 naming it; an unknown commitment is a 404; the API is in the OpenAPI document', async () => {
    const c = await aCommitment(ctx);
    const visitor = ctx.client();
    const bad = await visitor.get(`/commitments/${c.slug}?state=ZZ`);
    expect(bad.statusCode).toBe(400);
    expect(dom(bad.body).querySelector('#f-state-error')?.textContent).toContain('Choose a state');
    expect((await visitor.getJson(`/api/v1/commitments/${c.slug}/signatories?state=ZZ`)).statusCode).toBe(400);
    expect((await visitor.getJson('/api/v1/commitments/no-such-thing/signatories')).statusCode).toBe(404);
    expect((await visitor.get('/commitments/no-such-thing')).statusCode).toBe(404);
    const paths = Object.keys(((await visitor.getJson('/api/openapi.json')).json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/commitments', '/api/v1/commitments/{slug}/signatories']));
  });

  it('hostile text in a title, a signer’s name or the text is shown as text, never as markup', async () => {
    const c = await aCommitment(ctx, { title: '<script>alert("t")</script> Pact', body: 'Hello <img src=x onerror=alert(1)> [x](javascript:alert(2))' });
    await signs(c.slug, { name: 'City of <b>Bold</b>', state: 'IL', signer: '<img src=x onerror=alert(3)>' });
    for (const url of ['/commitments', `/commitments/${c.slug}`]) {
      const body = (await ctx.client().get(url)).body;
      expect(body).not.toContain('<script>alert');
      expect(body).not.toContain('<img src=x');
      expect(body).not.toContain('<b>Bold</b>');
      expect(body).not.toContain('href="javascript:');
    }
    const page = await ctx.client().get(`/commitments/${c.slug}`);
    expect(dom(page.body).querySelector('h1')?.textContent).toBe('<script>alert("t")</script> Pact');
    expect(textsOf(page.body, '.signatory-list li')[0]).toContain('City of <b>Bold</b>: <img src=x onerror=alert(3)>, Mayor');
    const staffPage = await staff.get(`/staff/commitments/${c.id}`);
    expect(staffPage.body).not.toContain('<img src=x');
  });
});

describe('an organization not listed in the directory', () => {
  it('is counted among the signatories but never named: not on the page, the map, the filter or the API', async () => {
    const c = await aCommitment(ctx, { title: 'Quiet Signing Pact' });
    await signs(c.slug, { name: 'Openville', state: 'NM', at: [35.08, -106.65], member: true });
    const hidden = await signs(c.slug, { name: 'Hushford Unlisted', state: 'NM', at: [35.68, -105.94], member: true, signer: 'Secret Signer', listed: false });
    const visitor = ctx.client();

    const list = await visitor.get('/commitments');
    expect(textsOf(list.body, '.commitment-list li').find((t) => t.includes('Quiet Signing Pact'))).toContain('2 governments signed');
    for (const url of [`/commitments/${c.slug}`, `/commitments/${c.slug}?state=NM`]) {
      const page = await visitor.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Hushford');
      expect(page.body).not.toContain('Secret Signer');
      expect(page.body).not.toContain(hidden.slug);
      expect(textsOf(page.body, '.signatory-list li')).toHaveLength(1);
      expect(dom(page.body).querySelector('#unlisted-count')?.textContent).toBe('1 of them is not named here: it is not listed in our public directory.');
      expect(textsOf(page.body, 'svg.network-map circle title')).toEqual(['Openville, NM']);
      expect(textsOf(page.body, 'svg.network-map a title')).toContain('New Mexico: 2 signatories');
    }
    expect(dom((await visitor.get(`/commitments/${c.slug}`)).body).querySelector('#signatory-count')?.textContent).toBe('2 governments signed.');
    expect(dom((await visitor.get(`/commitments/${c.slug}?state=NM`)).body).querySelector('#signatory-count')?.textContent).toBe(
      '2 governments in New Mexico signed (of 2 in all).',
    );

    for (const url of [`/api/v1/commitments/${c.slug}/signatories`, `/api/v1/commitments/${c.slug}/signatories?state=NM`]) {
      const api = await visitor.getJson(url);
      expect(api.body).not.toContain('Hushford');
      expect(api.body).not.toContain('Secret Signer');
      const sig = api.json() as Signatories;
      expect({ count: sig.count, unlisted: sig.unlisted, named: sig.signatories.map((s) => s.organization) }).toEqual({ count: 2, unlisted: 1, named: ['Openville'] });
    }
    // listed again, it is named
    await changeOrganization(ctx, hidden.id, { listed: true });
    const named = (await visitor.getJson(`/api/v1/commitments/${c.slug}/signatories`)).json() as Signatories;
    expect({ count: named.count, unlisted: named.unlisted }).toEqual({ count: 2, unlisted: 0 });
    expect(named.signatories.map((s) => s.organization)).toEqual(['Hushford Unlisted', 'Openville']);
  });

  it('a stranger’s withdrawal gets the same 404 whether or not the organization signed', async () => {
    const c = await aCommitment(ctx, { title: 'Probe Pact' });
    const signed = await signs(c.slug, { name: 'Probed Unlisted', state: 'NM', listed: false });
    const unsigned = await anOrganization(ctx, { name: 'Never Signed', state: 'NM' });
    const stranger = await signedIn(ctx, (await createAccount(ctx)).email);
    const answers = await Promise.all([signed.id, unsigned.id].map((org) => stranger.postForm(`/commitments/${c.slug}/withdraw`, { org, reason: 'Probing.' })));
    expect(answers.map((r) => r.statusCode)).toEqual([404, 404]);
    const standing = await ctx.deps.db.selectFrom('commitment_signatures').select('id').where('organization_id', '=', signed.id).where('withdrawn_at', 'is', null).execute();
    expect(standing).toHaveLength(1);
  });
});

describe('staff publish commitments', () => {
  it('communications staff publish one (audited, public from its launch date); bad input is a 400 naming the field; others are refused', async () => {
    const visitor = ctx.client();
    const fields = { title: 'Mayors Climate Test', slug: 'mayors-climate-test', body: 'We **commit**.', launchedOn: '2999-01-01', signers: 'elected', open: 'yes' };
    for (const [change, field] of [
      [{ title: '' }, 'title'],
      [{ slug: 'Not A Slug' }, 'slug'],
      [{ body: '  ' }, 'body'],
      [{ launchedOn: '2027-02-30' }, 'launchedOn'],
      [{ signers: 'everyone' }, 'signers'],
    ] as const) {
      const res = await staff.postForm('/staff/commitments/new', { ...fields, ...change });
      expect(res.statusCode, field).toBe(400);
      expect(dom(res.body).querySelector(`#f-${field}-error`)?.textContent, field).toBeTruthy();
    }
    const created = await staff.postForm('/staff/commitments/new', fields);
    expect(created.statusCode).toBe(303);
    const id = String(created.headers.location).split('/').pop() ?? '';
    expect((await visitor.get('/commitments/mayors-climate-test')).statusCode).toBe(404); // not launched yet
    const dup = await staff.postForm('/staff/commitments/new', fields);
    expect(dup.statusCode).toBe(400);
    expect(dom(dup.body).querySelector('#f-slug-error')?.textContent).toContain('Another commitment uses this web address');
    const launched = await staff.postForm(`/staff/commitments/${id}`, { ...fields, launchedOn: '2020-01-01' });
    expect(launched.statusCode).toBe(303);
    expect((await visitor.get('/commitments/mayors-climate-test')).statusCode).toBe(200);
    // The test clock stands still, so these rows share one `at`: the id keeps the order of writing.
    const actions = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['commitments.created', 'commitments.updated']);

    const partnerships = await signedIn(ctx, (await createAccount(ctx, { roles: ['partnerships'] })).email);
    expect((await partnerships.get(`/staff/commitments/${id}`)).statusCode).toBe(200);
    for (const roles of [['member'], ['membership'], ['finance'], ['programs']] as const) {
      const c = await signedIn(ctx, (await createAccount(ctx, { roles: [...roles] })).email);
      expect((await c.get('/staff/commitments')).statusCode, roles[0]).toBe(403);
      expect((await c.postForm(`/staff/commitments/${id}`, { ...fields, title: 'Hijacked' })).statusCode).toBe(403);
    }
    const orgAdmin = await signedIn(ctx, (await createAccount(ctx, { org: { role: 'admin' } })).email);
    expect((await orgAdmin.get('/staff/commitments/new')).statusCode).toBe(403);
    expect((await visitor.get('/staff/commitments')).statusCode).toBe(303);
    expect((await staff.get('/staff/commitments/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await ctx.deps.db.selectFrom('commitments').select('title').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ title: 'Mayors Climate Test' });
  });
});

describe('a duplicate organization merged into another', () => {
  it('brings its signatures; where both had signed, one stands and the duplicate’s is recorded as withdrawn', async () => {
    const both = await aCommitment(ctx, { title: 'Both Signed Pact' });
    const onlyDup = await aCommitment(ctx, { title: 'Duplicate Only Pact' });
    const survivor = await signs(both.slug, { name: 'City of Mergeton', state: 'IL', member: true });
    const duplicate = await signs(both.slug, { name: 'Mergeton (duplicate)', state: 'IL' });
    const admin = await createAccount(ctx, { org: { role: 'admin', organizationId: duplicate.id } });
    await signCommitment(ctx.deps, { userId: admin.id }, onlyDup.slug, { org: duplicate.id, signerName: 'Dup Signer', signerTitle: 'Mayor' });
    const membership = await signedIn(ctx, (await createAccount(ctx, { roles: ['membership'] })).email);
    expect((await membership.postForm(`/staff/organizations/${survivor.id}/merge/${duplicate.id}`, { confirm: 'yes' })).statusCode).toBe(303);

    const visitor = ctx.client();
    const count = async (slug: string) => ((await visitor.getJson(`/api/v1/commitments/${slug}/signatories`)).json() as Signatories).signatories.map((s) => s.organization);
    expect(await count(both.slug)).toEqual(['City of Mergeton']);
    expect(await count(onlyDup.slug)).toEqual(['City of Mergeton']);
    const rows = await ctx.deps.db.selectFrom('commitment_signatures').select(['organization_id', 'withdrawal_reason']).where('commitment_id', '=', both.id).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.organization_id === survivor.id)).toBe(true);
    expect(rows.filter((r) => r.withdrawal_reason !== null)).toHaveLength(1);
  });
});
