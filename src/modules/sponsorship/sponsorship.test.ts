// Sponsorship (issue 20, R3) through its public surface: a package is never oversold however many
// acceptances arrive at once; acceptance invoices the company through billing; declining needs a
// reason and tells the company; the application needs its email confirmed, refuses bad input and
// bad logos, and is rate limited; only partnerships staff decide; the contact never shows publicly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aLogoPng, anEvent, aSponsorshipApplication, aSponsorshipPackage, signedIn, signedInAs, withAssociation } from '../../../test/factories/index.js';
import { createAccount, createTestContext, latestLinkTo, pathOf, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';

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

const db = () => ctx.deps.db;
const sponsorshipInvoices = (emails: string[]) => db().selectFrom('invoices').selectAll().where('purpose', '=', 'sponsorship').where('bill_to_email', 'in', emails).execute();
const outbox = async (to: string) => (await db().selectFrom('outbox').select('template').where('to_address', '=', to).orderBy('created_at').execute()).map((m) => m.template);

describe('accepting applications', () => {
  it('a package with 3 places and 10 acceptances at once sells exactly 3: 7 are refused as sold out, with 3 invoices', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Race Gold', quantity: 3, priceCents: 750_000 });
    const apps: Array<{ id: string; company: string; email: string }> = [];
    for (let i = 0; i < 10; i++) apps.push(await aSponsorshipApplication(ctx, { packageId: pkg.id, company: `Racer ${i} LLC` }));
    const answers = await Promise.all(apps.map((a) => staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([303, 303, 303, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of answers.filter((x) => x.statusCode === 409)) expect(dom(r.body).querySelector('[role=alert]')?.textContent).toContain('sold out');

    const row = await db().selectFrom('sponsorship_packages').select(['sold', 'quantity']).where('id', '=', pkg.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ sold: 3, quantity: 3 });
    const statuses = await db().selectFrom('sponsorship_applications').select(['status', 'invoice_id']).where('package_id', '=', pkg.id).execute();
    expect(statuses.filter((s) => s.status === 'accepted')).toHaveLength(3);
    expect(statuses.filter((s) => s.status === 'pending')).toHaveLength(7);
    const invoices = await sponsorshipInvoices(apps.map((a) => a.email));
    expect(invoices).toHaveLength(3);
    expect(invoices.map((i) => i.id).sort()).toEqual(statuses.flatMap((s) => (s.invoice_id ? [s.invoice_id] : [])).sort());
    for (const i of invoices) expect(Number(i.total_cents)).toBe(750_000);
    // numbered without gaps: the 7 refusals gave their numbers back
    const seqs = invoices.map((i) => i.seq ?? 0).sort((a, b) => a - b);
    expect((seqs[2] ?? 0) - (seqs[0] ?? 0)).toBe(2);
    const audits = await db().selectFrom('audit_log').select('entity_id').where('action', '=', 'sponsorship.application_accepted').execute();
    expect(audits.filter((a) => apps.some((x) => x.id === a.entity_id))).toHaveLength(3);

    // the page says sold out; applying for it is refused
    const page = await ctx.client().get('/partners/sponsorship');
    expect(textsOf(page.body, 'main .lead').find((t) => t.startsWith('Gold · $7,500'))).toContain('Sold out');
  });

  it('issues the invoice through billing to the company (not a member), which it can open and pay; deciding twice is refused', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Annual Bronze', tier: 'bronze', quantity: 2, priceCents: 125_050 });
    const a = await aSponsorshipApplication(ctx, { packageId: pkg.id, company: 'Bronze Works Ltd', contactName: 'Bea Bronze' });
    expect((await staff.get(`/staff/sponsorship/applications/${a.id}`)).statusCode).toBe(200);
    const res = await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {});
    expect(res.statusCode).toBe(303);
    const [invoice] = await sponsorshipInvoices([a.email]);
    expect(invoice).toBeDefined();
    if (!invoice) return;
    expect([invoice.organization_id, invoice.user_id, invoice.bill_to_name, invoice.status, Number(invoice.total_cents)]).toEqual([
      null,
      null,
      'Bronze Works Ltd',
      'issued',
      125_050,
    ]);
    expect(invoice.number).toMatch(/^\d{4}-\d{6}$/);
    const lines = await db().selectFrom('invoice_lines').select(['description', 'unit_cents']).where('invoice_id', '=', invoice.id).execute();
    expect(lines).toEqual([{ description: 'Bronze sponsorship: Annual Bronze', unit_cents: 125_050 }]);
    expect(await outbox(a.email)).toEqual(
      expect.arrayContaining(['sponsorship.confirm_application', 'sponsorship.application_received', 'billing.invoice_issued', 'sponsorship.application_accepted']),
    );
    const billingAudit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', invoice.id).execute();
    expect(billingAudit.map((x) => x.action)).toContain('billing.invoice_issued');
    // the company opens its invoice by the public link, without an account
    const publicInvoice = await ctx.client().get(`/invoices/${invoice.public_token}`);
    expect(publicInvoice.statusCode).toBe(200);
    expect(publicInvoice.body).toContain('Bronze Works Ltd');
    // and reads where to mail a check: the remittance address of the association's settings, as on a member's invoice
    await withAssociation(ctx, { remit_check_payee: 'Civic Network Inc.', remit_check_address: 'Accounts Receivable\nPO Box 4412\nSpringfield, IL 62701' });
    const withAddress = await ctx.client().get(`/invoices/${invoice.public_token}`);
    expect(textOf(withAddress.body, 'main address')).toBe('Civic Network Inc. Accounts Receivable PO Box 4412 Springfield, IL 62701');
    const email = await db().selectFrom('outbox').select('body_text').where('to_address', '=', a.email).where('template', '=', 'billing.invoice_issued').executeTakeFirst();
    expect(email?.body_text ?? '').toContain('By check: payable to');
    // finance staff find it among the invoices
    const finance = await signedIn(ctx, (await createAccount(ctx, { roles: ['finance'] })).email);
    expect((await finance.get(`/staff/invoices/${invoice.id}`)).statusCode).toBe(200);

    const again = await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {});
    expect(again.statusCode).toBe(409);
    // accepting again is a repeat (done already); declining an accepted one could not be done
    expect(textOf(again.body, '[role=alert] h2')).toBe('Already done');
    expect(textOf(again.body, '[role=alert] p')).toBe('This application is accepted already: nothing changed.');
    expect(textOf(again.body, 'title')).toBe('Already done: Bronze Works Ltd · Test Association');
    const decline = await staff.postForm(`/staff/sponsorship/applications/${a.id}/decline`, { reason: 'Changed our mind.' });
    expect(decline.statusCode).toBe(409);
    expect(textOf(decline.body, '[role=alert] h2')).toBe('That could not be done');
    expect(textOf(decline.body, '[role=alert] p')).toBe('This application is accepted already, so it cannot be declined now.');
    expect(textOf(decline.body, 'title')).toBe('Error: Bronze Works Ltd · Test Association');
    expect(await sponsorshipInvoices([a.email])).toHaveLength(1);
  });

  it('declining needs a reason, which the company is told; nothing else changes', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Decline Silver', tier: 'silver', quantity: 1 });
    const a = await aSponsorshipApplication(ctx, { packageId: pkg.id, company: 'Declined Co' });
    const bad = await staff.postForm(`/staff/sponsorship/applications/${a.id}/decline`, { reason: '  ' });
    expect(bad.statusCode).toBe(400);
    expect(dom(bad.body).querySelector('#f-reason-error')).toBeTruthy();
    expect((await db().selectFrom('sponsorship_applications').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('pending');
    expect(await outbox(a.email)).not.toContain('sponsorship.application_declined');
    const ok = await staff.postForm(`/staff/sponsorship/applications/${a.id}/decline`, { reason: 'This package is reserved for local firms.' });
    expect(ok.statusCode).toBe(303);
    const row = await db().selectFrom('sponsorship_applications').select(['status', 'decline_reason']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'declined', decline_reason: 'This package is reserved for local firms.' });
    // The test clock stands still, so the emails share one created_at: compare as a set.
    expect((await outbox(a.email)).filter((t) => t === 'sponsorship.application_declined')).toHaveLength(1);
    const mail = await db()
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', a.email)
      .where('template', '=', 'sponsorship.application_declined')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('reserved for local firms');
    expect(await sponsorshipInvoices([a.email])).toHaveLength(0);
    expect((await db().selectFrom('sponsorship_packages').select('sold').where('id', '=', pkg.id).executeTakeFirstOrThrow()).sold).toBe(0);
    expect((await staff.postForm('/staff/sponsorship/applications/00000000-0000-4000-8000-000000000000/accept', {})).statusCode).toBe(404);
  });
});

describe('who decides', () => {
  it('only partnerships staff and admins: a member, an organization admin and other staff get 403, a visitor must sign in; nothing changes', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Guarded Gold', quantity: 1 });
    const a = await aSponsorshipApplication(ctx, { packageId: pkg.id });
    const others = [
      await createAccount(ctx, { roles: ['member'] }),
      await createAccount(ctx, { roles: ['finance'] }),
      await createAccount(ctx, { roles: ['programs'] }),
      await createAccount(ctx, { org: { role: 'admin' } }),
    ];
    for (const o of others) {
      const c = await signedIn(ctx, o.email);
      expect((await c.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(403);
      expect((await c.postForm(`/staff/sponsorship/applications/${a.id}/decline`, { reason: 'no' })).statusCode).toBe(403);
      for (const url of ['/staff/sponsorship', `/staff/sponsorship/applications/${a.id}`, `/staff/sponsorship/packages/${pkg.id}`])
        expect((await c.get(url)).statusCode, url).toBe(403);
      expect((await c.postForm(`/staff/sponsorship/packages/${pkg.id}/close`, {})).statusCode).toBe(403);
    }
    expect((await ctx.client().postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(401);
    expect((await ctx.client().get(`/staff/sponsorship/applications/${a.id}`)).statusCode).toBe(303);
    expect((await db().selectFrom('sponsorship_applications').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('pending');
    expect((await db().selectFrom('sponsorship_packages').select('sold').where('id', '=', pkg.id).executeTakeFirstOrThrow()).sold).toBe(0);
    expect((await staff.get(`/staff/sponsorship/applications/${a.id}`)).statusCode).toBe(200);
  });
});

describe('packages', () => {
  it('staff create, change and close a package, audited; bad input is refused with its message and changes nothing', async () => {
    const day = (d: number) => new Date(ctx.deps.clock.now().getTime() + d * 86_400_000).toISOString().slice(0, 10);
    const bad = await staff.postForm('/staff/sponsorship/packages/new', { name: '', tier: 'diamond', price: '-5', quantity: '0', deadline: 'soon', eventId: 'nope' });
    expect(bad.statusCode).toBe(400);
    for (const id of ['f-name-error', 'f-tier-error', 'f-price-error', 'f-quantity-error', 'f-deadline-error', 'f-eventId-error'])
      expect(dom(bad.body).querySelector(`#${id}`), id).toBeTruthy();
    const unknownEvent = await staff.postForm('/staff/sponsorship/packages/new', {
      name: 'Lost',
      tier: 'gold',
      price: '100',
      quantity: '1',
      deadline: day(10),
      eventId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownEvent.statusCode).toBe(400);
    expect(await db().selectFrom('sponsorship_packages').select('id').where('name', 'in', ['', 'Lost']).execute()).toHaveLength(0);

    const event = await anEvent(ctx, { title: 'Annual Conference 2027', kind: 'conference' });
    const made = await staff.postForm('/staff/sponsorship/packages/new', {
      name: 'Conference Platinum',
      tier: 'platinum',
      price: '25,000',
      quantity: '1',
      deadline: day(20),
      eventId: event.id,
      benefits: 'Main stage logo\nSix passes',
    });
    expect(made.statusCode).toBe(303);
    const id = String(made.headers.location).split('/').pop() ?? '';
    const row = await db().selectFrom('sponsorship_packages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([row.tier, Number(row.price_cents), row.quantity, row.event_id, row.status]).toEqual(['platinum', 2_500_000, 1, event.id, 'open']);

    // one place taken: the places cannot drop below it
    const a = await aSponsorshipApplication(ctx, { packageId: id });
    expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(303);
    const edit = { name: 'Conference Platinum', tier: 'platinum', price: '25000', deadline: day(20), eventId: event.id, benefits: '' };
    const under = await staff.postForm(`/staff/sponsorship/packages/${id}`, { ...edit, quantity: '0' });
    expect(under.statusCode).toBe(400);
    const raised = await staff.postForm(`/staff/sponsorship/packages/${id}`, { ...edit, quantity: '2' });
    expect(raised.statusCode).toBe(303);
    expect(await db().selectFrom('sponsorship_packages').select(['quantity', 'sold']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ quantity: 2, sold: 1 });
    expect((await staff.postForm(`/staff/sponsorship/packages/${id}/close`, {})).statusCode).toBe(303);
    const closedTwice = await staff.postForm(`/staff/sponsorship/packages/${id}/close`, {});
    expect(closedTwice.statusCode).toBe(409);
    expect(textOf(closedTwice.body, '[role=alert] h2')).toBe('Already done');
    expect(textOf(closedTwice.body, 'title')).toBe('Already done: Conference Platinum · Test Association');
    // The test clock stands still, so these rows share one `at`: the id keeps the order of writing.
    const actions = (await db().selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('at').orderBy('id').execute()).map((x) => x.action);
    expect(actions).toEqual(['sponsorship.package_created', 'sponsorship.package_updated', 'sponsorship.package_closed']);
    // a closed package is not offered, and applying for it is refused
    expect((await ctx.client().get('/partners/sponsorship')).body).not.toContain('Conference Platinum');
  });
});

describe('the public side', () => {
  it('applying: bad input and a file that is not a PNG or JPEG are refused; the application exists for staff only once its email is confirmed', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Open Silver', tier: 'silver', quantity: 5, priceCents: 300_000 });
    const visitor = ctx.client();
    const form = await visitor.get(`/partners/sponsorship/apply?package=${pkg.id}`);
    expect(form.statusCode).toBe(200);
    expect(dom(form.body).querySelector('#f-packageId option[selected]')?.getAttribute('value')).toBe(pkg.id);
    const count = async () => (await db().selectFrom('sponsorship_applications').select('id').where('package_id', '=', pkg.id).execute()).length;

    const bad = await visitor.postMultipart(
      '/partners/sponsorship/apply',
      { packageId: pkg.id, companyName: '', contactName: 'X', email: 'nope', website: 'javascript:alert(1)' },
      [{ field: 'logo', filename: 'logo.png', type: 'image/png', content: Buffer.from('this is not an image at all') }],
    );
    expect(bad.statusCode).toBe(400);
    for (const id of ['f-companyName-error', 'f-email-error', 'f-website-error', 'f-logo-error']) expect(dom(bad.body).querySelector(`#${id}`), id).toBeTruthy();
    expect(await count()).toBe(0);

    const email = 'pat@sunrise-solar.example';
    const fields = {
      packageId: pkg.id,
      companyName: 'Sunrise Solar',
      contactName: 'Pat Sun',
      email,
      website: 'https://sunrise-solar.example',
      addressLine1: '12 Solar Way',
      city: 'Tucson',
      state: 'AZ',
      zip: '85701',
    };
    const noLogo = await visitor.postMultipart('/partners/sponsorship/apply', fields, []);
    expect(noLogo.statusCode).toBe(400);
    expect(dom(noLogo.body).querySelector('#f-logo-error')).toBeTruthy();

    const sent = await visitor.postMultipart('/partners/sponsorship/apply', fields, [
      { field: 'logo', filename: 'sunrise.png', type: 'image/png', content: await aLogoPng('#ff9900', 1200, 400) },
    ]);
    expect(sent.statusCode).toBe(200);
    expect(dom(sent.body).querySelector('h1')?.textContent).toBe('Check your email');
    expect(await count()).toBe(1);
    expect((await staff.get('/staff/sponsorship')).body).not.toContain('Sunrise Solar');
    const stored = await db().selectFrom('sponsorship_applications').select(['logo_width', 'logo_height', 'status']).where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ logo_width: 600, logo_height: 200, status: 'unconfirmed' });

    const link = pathOf(await latestLinkTo(ctx, email, 'sponsorship.confirm_application'));
    expect((await visitor.get('/partners/sponsorship/confirm?token=forged-token-forged-token')).statusCode).toBe(400);
    expect((await visitor.get(link)).statusCode).toBe(200);
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    // a forged account or visitor in the form is ignored: the log names the session's account, or the form's contact
    const forged = { token, actorUserId: staffId, actor: staffId, visitor: 'Forged' };
    expect((await visitor.postForm('/partners/sponsorship/confirm', forged)).statusCode).toBe(200);
    expect((await visitor.postForm('/partners/sponsorship/confirm', { token })).statusCode).toBe(400);
    expect(await outbox(staffEmail)).toContain('sponsorship.new_application');
    // each once (the test's clock stands still, so both rows can share a created_at: compared as a set)
    expect((await outbox(email)).sort()).toEqual(['sponsorship.application_received', 'sponsorship.confirm_application']);
    expect((await staff.get('/staff/sponsorship')).body).toContain('Sunrise Solar');
    // the audit log names the visitor who applied, as the form gave them, not "The system"
    const admin = await signedInAs(ctx, ['admin']);
    const { id } = await db().selectFrom('sponsorship_applications').select('id').where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
    const query = `entityId=${id}&action=sponsorship.application_received`;
    const api = (await admin.get(`/api/v1/audit?${query}`)).json().entries as Array<{ actorName: string | null; actorWords: string }>;
    expect(api).toEqual([expect.objectContaining({ actorName: null, actorWords: 'Applicant: Pat Sun (visitor)' })]);
    expect(textsOf((await admin.get(`/staff/audit?${query}`)).body, 'main table tbody td')).toContain('Applicant: Pat Sun (visitor)');
  });

  it('shows accepted sponsors by tier with logos — year-round ones on /partners/sponsors, a conference’s on its event page — and never the contact', async () => {
    const event = await anEvent(ctx, { title: 'Sponsored Summit', kind: 'conference' });
    const yearRound = await aSponsorshipPackage(ctx, { name: 'Partner Platinum', tier: 'platinum', quantity: 2 });
    const conference = await aSponsorshipPackage(ctx, { name: 'Summit Gold', tier: 'gold', quantity: 2, eventId: event.id });
    const partner = await aSponsorshipApplication(ctx, {
      packageId: yearRound.id,
      company: 'Evergreen Partners',
      contactName: 'Secret Sam',
      email: 'secret.sam@evergreen.example',
      website: 'https://evergreen.example',
    });
    const summit = await aSponsorshipApplication(ctx, { packageId: conference.id, company: 'Summit Gear', contactName: 'Hidden Hal', email: 'hidden.hal@summitgear.example' });
    const waiting = await aSponsorshipApplication(ctx, { packageId: yearRound.id, company: 'Waiting Widgets', contactName: 'Quiet Quinn', email: 'quiet.quinn@widgets.example' });
    for (const a of [partner, summit]) expect((await staff.postForm(`/staff/sponsorship/applications/${a.id}/accept`, {})).statusCode).toBe(303);

    const visitor = ctx.client();
    const sponsors = await visitor.get('/partners/sponsors');
    expect(sponsors.statusCode).toBe(200);
    const page = dom(sponsors.body);
    expect(textsOf(sponsors.body, 'main h2')).toContain('Platinum sponsors');
    expect(textsOf(sponsors.body, '.sponsor-name')).toContain('Evergreen Partners');
    expect(textsOf(sponsors.body, '.sponsor-name')).not.toContain('Summit Gear');
    expect(page.querySelector('a[href="https://evergreen.example"] img')?.getAttribute('alt')).toBe('Evergreen Partners logo');
    expect(page.querySelector(`a[href="/events/${event.slug}"]`)).toBeTruthy();
    const eventPage = await visitor.get(`/events/${event.slug}`);
    expect(eventPage.statusCode).toBe(200);
    expect(textsOf(eventPage.body, '#sponsors ~ section h3, section[aria-labelledby="sponsors"] h3')).toContain('Gold sponsors');
    expect(textsOf(eventPage.body, '.sponsor-name')).toEqual(['Summit Gear']);

    const logo = await visitor.get(`/partners/sponsors/${partner.id}/logo`);
    expect([logo.statusCode, logo.headers['content-type']]).toEqual([200, 'image/png']);
    expect((await visitor.get(`/partners/sponsors/${waiting.id}/logo`)).statusCode).toBe(404);
    expect((await staff.get(`/partners/sponsors/${waiting.id}/logo`)).statusCode).toBe(200);

    const api = await visitor.getJson('/api/v1/sponsorship/sponsors');
    expect(api.statusCode).toBe(200);
    const list = (api.json() as { sponsors: Array<{ company: string; tier: string; event: { title: string } | null }> }).sponsors;
    expect(list.filter((s) => ['Evergreen Partners', 'Summit Gear'].includes(s.company)).map((s) => [s.company, s.tier, s.event?.title ?? null])).toEqual([
      ['Evergreen Partners', 'platinum', null],
      ['Summit Gear', 'gold', 'Sponsored Summit'],
    ]);
    const packages = await visitor.getJson('/api/v1/sponsorship/packages');
    expect(packages.statusCode).toBe(200);
    const summitGold = (packages.json() as { packages: Array<{ name: string; placesLeft: number; priceCents: number; event: { title: string } | null }> }).packages.find(
      (k) => k.name === 'Summit Gold',
    );
    expect(summitGold).toMatchObject({ placesLeft: 1, priceCents: 500_000, event: { title: 'Sponsored Summit' } });
    const openapi = (await visitor.getJson('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/sponsorship/packages', '/api/v1/sponsorship/sponsors']));

    for (const body of [sponsors.body, eventPage.body, api.body, packages.body, (await visitor.get('/partners/sponsorship')).body])
      for (const hidden of ['Secret Sam', 'secret.sam', 'Hidden Hal', 'hidden.hal', 'Waiting Widgets', 'quiet.quinn', 'Quiet Quinn']) expect(body).not.toContain(hidden);
  });

  it('names the applicant (the address’s owner: here a visitor, as the form gave them), not the account signed in when it is confirmed, nor a forged actor', async () => {
    const pkg = await aSponsorshipPackage(ctx, { name: 'Signed Bronze', tier: 'bronze', quantity: 5, priceCents: 100_000 });
    const sam = await createAccount(ctx, { name: 'Sam Signedin' });
    const client = await signedIn(ctx, sam.email);
    const email = 'sam@brightwater.example';
    const fields = {
      packageId: pkg.id,
      companyName: 'Brightwater',
      contactName: 'Someone Else',
      email,
      website: 'https://brightwater.example',
      addressLine1: '1 Main St',
      city: 'Tucson',
      state: 'AZ',
      zip: '85701',
    };
    const sent = await client.postMultipart('/partners/sponsorship/apply', fields, [
      { field: 'logo', filename: 'b.png', type: 'image/png', content: await aLogoPng('#0099ff', 1200, 400) },
    ]);
    expect(sent.statusCode).toBe(200);
    const token = new URL(pathOf(await latestLinkTo(ctx, email, 'sponsorship.confirm_application')), 'http://x').searchParams.get('token') ?? '';
    expect((await client.postForm('/partners/sponsorship/confirm', { token, actorUserId: staffId })).statusCode).toBe(200);
    const { id } = await db().selectFrom('sponsorship_applications').select('id').where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
    const admin = await signedInAs(ctx, ['admin']);
    const api = (await admin.get(`/api/v1/audit?entityId=${id}&action=sponsorship.application_received`)).json().entries as Array<{ actorId: string | null; actorWords: string }>;
    expect(api).toEqual([expect.objectContaining({ actorId: null, actorWords: 'Applicant: Someone Else (visitor)' })]);
    expect(JSON.stringify(api)).not.toContain(sam.id);
  });

  it('the application form is rate limited', async () => {
    const visitor = ctx.client();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await visitor.postMultipart('/partners/sponsorship/apply', { companyName: 'Spam' }, [])).statusCode);
    expect(codes).toContain(429);
  });
});
