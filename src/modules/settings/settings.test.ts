// Association settings through HTTP, as a staff admin uses them: the brand colour (refused below
// WCAG AA contrast), the logo and the W-9 (checked by content, size-limited, SVG refused), the
// remittance details printed on the invoice page and PDF (and nowhere public), the W-9 offered to
// the invoice's organization only and attached to invoice emails, the email signature (escaped
// in HTML), the membership year, and the default advisor with membership staff alerted — the
// emails followed out through a real SMTP server.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, PNG } from '../../../test/factories/files.js';
import { activateThroughBilling, anAdvisor, anInvoice, aPendingOrganization, signedIn, signedInAs, staffClient } from '../../../test/factories/index.js';
import { startSmtp } from '../../../test/fakes/smtp-server.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textsOf } from '../../../test/html.js';
import { EMAIL_QUEUE } from '../../lib/email.js';
import { contrastRatio } from './colour.js';
import { validRoutingNumber } from './operations.js';

const run = promisify(execFile);

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let admin: TestClient;
let dir: string;

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
  admin = await signedInAs(ctx, ['admin']);
  dir = await mkdtemp(join(tmpdir(), 'civnet-settings-'));
});
afterAll(async () => {
  await ctx?.close();
  await smtp?.close();
  await rm(dir, { recursive: true, force: true });
});

const association = () => ctx.deps.db.selectFrom('association').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
const auditActions = async (action: string) => ctx.deps.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', action).execute();

/** Everything the operations form holds, as saved now, with these changes. */
async function operations(changes: Record<string, string>) {
  const a = await association();
  return {
    brand_colour: a.brand_colour ?? '',
    remit_check_payee: a.remit_check_payee,
    remit_check_address: a.remit_check_address,
    remit_ach_bank: a.remit_ach_bank,
    remit_ach_routing: a.remit_ach_routing,
    remit_ach_account: a.remit_ach_account,
    w9_attach_to_invoices: a.w9_attach_to_invoices ? 'yes' : undefined,
    default_advisor_user_id: a.default_advisor_user_id ?? '',
    email_signature: a.email_signature,
    membership_terms: a.membership_terms,
    ...changes,
  };
}
const saveOperations = async (changes: Record<string, string>) => admin.postForm('/staff/settings/operations', await operations(changes));

const fieldError = (body: string, name: string) =>
  /<p class="error-message" id="f-([a-z_0-9]+)-error">[\s\S]*?<\/p>/.exec(body.slice(body.indexOf(`id="f-${name}-error"`) - 40))?.[0] ?? '';

async function pdfTextOf(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  const { stdout: images } = await run('pdfimages', ['-list', file]);
  return { text: stdout, images: images.trim().split('\n').length - 2 };
}

describe('brand colour', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5); // the lightest grey that passes
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('refuses a colour that fails AA contrast against white with a message saying so, and changes nothing', async () => {
    const before = await association();
    const res = await saveOperations({ brand_colour: '#f5a623' });
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 'brand_colour')).toContain('too light');
    expect(fieldError(res.body, 'brand_colour')).toContain('4.5:1');
    expect(res.body).toContain('href="#f-brand_colour"'); // the error summary links to it
    expect((await association()).brand_colour).toBe(before.brand_colour);

    const notHex = await saveOperations({ brand_colour: 'dark blue' });
    expect(notHex.statusCode).toBe(400);
    expect(fieldError(notHex.body, 'brand_colour')).toContain('hex code like #0b5394');
  });

  it('saves a dark enough colour, audited, and every page then loads it as a CSS custom property', async () => {
    const res = await saveOperations({ brand_colour: '#1A5E20' });
    expect(res.statusCode).toBe(303);
    expect((await association()).brand_colour).toBe('#1a5e20');
    const audit = await auditActions('settings.operations_updated');
    expect(audit.at(-1)?.after).toEqual({ brand_colour: '#1a5e20' });

    const home = await ctx.client().get('/');
    const href = /<link rel="stylesheet" href="(\/association\/theme\.css\?v=[^"]+)"/.exec(home.body)?.[1];
    expect(href).toBe('/association/theme.css?v=1a5e20');
    const css = await ctx.client().get(href ?? '');
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('--brand: #1a5e20;');
    expect(css.body).toContain('--brand-dark: #');
    // The public profile says it too.
    expect((await ctx.client().getJson('/api/v1/association')).json().brandColour).toBe('#1a5e20');
  });
});

describe('logo', () => {
  const upload = (file: { filename: string; type: string; content: Buffer }) => admin.postMultipart('/staff/settings/logo', {}, [{ field: 'logo', ...file }]);

  it('refuses SVG, files that are not PNG or JPEG by content, and files over 1 MB, each saying why', async () => {
    const svg = await upload({ filename: 'logo.svg', type: 'image/svg+xml', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    expect(svg.statusCode).toBe(400);
    expect(fieldError(svg.body, 'logo')).toContain('SVG images are not accepted');
    // SVG dressed up as a PNG is still SVG.
    const disguised = await upload({ filename: 'logo.png', type: 'image/png', content: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>') });
    expect(fieldError(disguised.body, 'logo')).toContain('SVG images are not accepted');
    const text = await upload({ filename: 'logo.png', type: 'image/png', content: Buffer.from('not an image at all') });
    expect(text.statusCode).toBe(400);
    expect(fieldError(text.body, 'logo')).toContain('Choose a PNG or JPEG image');
    const pdf = await upload({ filename: 'logo.pdf', type: 'application/pdf', content: PDF });
    expect(fieldError(pdf.body, 'logo')).toContain('Choose a PNG or JPEG image');
    const big = await upload({ filename: 'big.png', type: 'image/png', content: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) });
    expect(big.statusCode).toBe(400);
    expect(fieldError(big.body, 'logo')).toContain('1 MB or smaller');
    const none = await admin.postMultipart('/staff/settings/logo', {}, []);
    expect(fieldError(none.body, 'logo')).toContain('Choose a PNG or JPEG image to upload');
    expect((await association()).logo_file_id).toBeNull();
    expect(await auditActions('settings.logo_uploaded')).toHaveLength(0);
  });

  it('stores a PNG, serves it as image/png, shows it in every page’s header and on invoice PDFs; removing it takes it away', async () => {
    const res = await upload({ filename: 'logo.png', type: 'image/png', content: PNG });
    expect(res.statusCode).toBe(303);
    const a = await association();
    expect(a.logo_file_id).not.toBeNull();
    expect(await auditActions('settings.logo_uploaded')).toHaveLength(1);

    const logo = await ctx.client().get(`/association/logo?v=${a.logo_file_id}`);
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['x-content-type-options']).toBe('nosniff');
    expect(logo.rawPayload.equals(PNG)).toBe(true);
    const home = await ctx.client().get('/');
    expect(home.body).toContain(`<img class="brand-logo" src="/association/logo?v=${a.logo_file_id}"`);
    // the pages' icon too, and what /favicon.ico points to
    expect(home.body).toContain(`<link rel="icon" href="/association/logo?v=${a.logo_file_id}"/>`);
    expect((await ctx.client().get('/favicon.ico')).headers.location).toBe(`/association/logo?v=${a.logo_file_id}`);

    const org = await aPendingOrganization(ctx, { name: 'Logoville' });
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 10_000 });
    const pdf = await ctx.client().get(`/invoices/${invoice.public_token}/pdf`);
    expect((await pdfTextOf(pdf.rawPayload, 'with-logo')).images).toBeGreaterThan(0); // the image (and its alpha mask)

    // removing goes through a confirmation page linked from settings, whose button posts
    expect((await admin.get('/staff/settings')).body).toContain('href="/staff/settings/logo/remove"');
    const confirm = await admin.get('/staff/settings/logo/remove');
    expect(textsOf(confirm.body, 'h1')).toEqual(['Remove the logo?']);
    expect(confirm.body).toContain('action="/staff/settings/logo/remove"');
    expect((await ctx.client().get('/association/logo')).statusCode).toBe(200);
    expect((await admin.postForm('/staff/settings/logo/remove', {})).statusCode).toBe(303);
    expect((await ctx.client().get('/association/logo')).statusCode).toBe(404);
    expect((await ctx.client().get('/favicon.ico')).headers.location).toBe('/assets/favicon.svg');
    expect((await ctx.client().get('/')).body).not.toContain('brand-logo');
    const after = await ctx.client().get(`/invoices/${invoice.public_token}/pdf`);
    expect((await pdfTextOf(after.rawPayload, 'without-logo')).images).toBe(0);
    expect(await auditActions('settings.logo_removed')).toHaveLength(1);
  });
});

describe('remittance details', () => {
  it('checks routing numbers by their checksum, and wants all three ACH details or none', async () => {
    expect(validRoutingNumber('011000015')).toBe(true);
    expect(validRoutingNumber('011000016')).toBe(false);
    const bad = await saveOperations({ remit_ach_bank: 'First Test Bank', remit_ach_routing: '011000016', remit_ach_account: '123456789' });
    expect(bad.statusCode).toBe(400);
    expect(fieldError(bad.body, 'remit_ach_routing')).toContain('not a valid routing number');
    const short = await saveOperations({ remit_ach_bank: 'First Test Bank', remit_ach_routing: '12345', remit_ach_account: '12' });
    expect(fieldError(short.body, 'remit_ach_routing')).toContain('9 digits');
    expect(fieldError(short.body, 'remit_ach_account')).toContain('4 to 17 digits');
    const partial = await saveOperations({ remit_ach_bank: '', remit_ach_routing: '011000015', remit_ach_account: '' });
    expect(fieldError(partial.body, 'remit_ach_bank')).toContain('Enter the bank’s name');
    expect(fieldError(partial.body, 'remit_ach_account')).toContain('Enter the account number');
    expect((await association()).remit_ach_routing).toBe('');
  });

  it('are printed on the invoice page and its PDF, audited with the account number masked, and never in the public profile', async () => {
    const res = await saveOperations({
      remit_check_payee: 'Test Association Treasurer',
      remit_check_address: 'PO Box 4410\nDenver, CO 80201',
      remit_ach_bank: 'First Test Bank',
      remit_ach_routing: '011 000 015',
      remit_ach_account: '9876-5432-10',
    });
    expect(res.statusCode).toBe(303);
    const a = await association();
    expect([a.remit_ach_routing, a.remit_ach_account]).toEqual(['011000015', '9876543210']);
    const audit = (await auditActions('settings.operations_updated')).at(-1);
    expect(audit?.after).toMatchObject({ remit_ach_account: '…3210', remit_ach_routing: '011000015' });
    expect(JSON.stringify(audit)).not.toContain('9876543210');

    const org = await aPendingOrganization(ctx, { name: 'Remitton' });
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 75_000 });
    const page = await ctx.client().get(`/invoices/${invoice.public_token}`);
    expect(page.statusCode).toBe(200);
    for (const s of ['Test Association Treasurer', 'PO Box 4410', 'First Test Bank', '011000015', '9876543210']) expect(page.body).toContain(s);

    const pdf = await ctx.client().get(`/invoices/${invoice.public_token}/pdf`);
    const { text } = await pdfTextOf(pdf.rawPayload, 'remittance');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('make it payable to Test Association Treasurer and mail it to PO Box 4410, Denver, CO 80201');
    expect(flat).toContain('bank First Test Bank, routing number 011000015, account number 9876543210');

    // The member's own PDF (signed in as the organization's contact) carries them too.
    const contact = await signedIn(ctx, org.contactEmail);
    const own = await contact.get(`/org/invoices/${invoice.id}/pdf`);
    expect((await pdfTextOf(own.rawPayload, 'remittance-member')).text).toContain('9876543210');

    const profile = JSON.stringify((await ctx.client().getJson('/api/v1/association')).json());
    for (const s of ['011000015', '9876543210', 'First Test Bank']) expect(profile).not.toContain(s);
    expect((await ctx.client().get('/')).body).not.toContain('9876543210');
  });
});

describe('W-9', () => {
  const upload = (file: { filename: string; type: string; content: Buffer }) => admin.postMultipart('/staff/settings/w9', {}, [{ field: 'w9', ...file }]);

  it('accepts a PDF only, up to 5 MB', async () => {
    const png = await upload({ filename: 'w9.png', type: 'image/png', content: PNG });
    expect(png.statusCode).toBe(400);
    expect(fieldError(png.body, 'w9')).toContain('Choose a PDF file');
    const renamed = await upload({ filename: 'w9.pdf', type: 'application/pdf', content: Buffer.from('plain text, not a PDF') });
    expect(fieldError(renamed.body, 'w9')).toContain('Choose a PDF file');
    const big = await upload({ filename: 'w9.pdf', type: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]) });
    expect(big.statusCode).toBe(400);
    expect(fieldError(big.body, 'w9')).toContain('5 MB or smaller');
    expect((await association()).w9_file_id).toBeNull();
  });

  it('is downloaded by staff and by signed-in contacts of the invoice’s organization only, and offered on its invoice pages', async () => {
    expect((await upload({ filename: 'Form W-9 (2026).pdf', type: 'application/pdf', content: PDF })).statusCode).toBe(303);
    const org = await aPendingOrganization(ctx, { name: 'Nineville' });
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 20_000 });
    const url = `/org/invoices/${invoice.id}/w9`;

    const page = await ctx.client().get(`/invoices/${invoice.public_token}`);
    expect(page.body).toContain(`href="${url}"`);
    const contact = await signedIn(ctx, org.contactEmail);
    const listed = await contact.get('/org/invoices');
    expect(listed.body).toContain(`href="${url}"`);

    const own = await contact.get(url);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-disposition']).toContain('attachment');
    expect(own.rawPayload.equals(PDF)).toBe(true);

    const visitor = await ctx.client().get(url);
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toContain('/login?next=');
    const other = await aPendingOrganization(ctx, { name: 'Elsewhere' });
    const stranger = await signedIn(ctx, other.contactEmail);
    expect((await stranger.get(url)).statusCode).toBe(404);
    const member = await createAccount(ctx, { roles: ['member'] });
    expect((await (await signedIn(ctx, member.email)).get(url)).statusCode).toBe(403);

    const finance = await staffClient(ctx, 'finance');
    const staffCopy = await finance.get('/staff/settings/w9');
    expect(staffCopy.statusCode).toBe(200);
    expect(staffCopy.rawPayload.equals(PDF)).toBe(true);
    expect((await contact.get('/staff/settings/w9')).statusCode).toBe(403);
  });

  it('rides along with invoice emails when the settings say so, out through SMTP', async () => {
    expect((await saveOperations({ w9_attach_to_invoices: 'yes' })).statusCode).toBe(303);
    const org = await aPendingOrganization(ctx, { name: 'Attachburg' });
    await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 30_000, billToEmail: 'ap@attachburg.example.gov' });
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    const mail = smtp.received.find((m) => m.to.includes('ap@attachburg.example.gov'));
    expect(mail?.raw).toContain('filename=invoice-');
    expect(mail?.raw).toMatch(/filename\*?=.*W-9/);

    // Unticked: invoices go out with their PDF only.
    expect((await saveOperations({ w9_attach_to_invoices: '' })).statusCode).toBe(303);
    expect((await association()).w9_attach_to_invoices).toBe(false);
    await anInvoice(ctx, { organizationId: org.organizationId, cents: 1_000, billToEmail: 'ap2@attachburg.example.gov' });
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    const plain = smtp.received.find((m) => m.to.includes('ap2@attachburg.example.gov'));
    expect(plain?.raw).toContain('filename=invoice-');
    expect(plain?.raw).not.toMatch(/W-9/);
  });
});

describe('email signature', () => {
  it('ends every email, as text and escaped in HTML', async () => {
    const long = Array.from({ length: 13 }, (_, i) => `line ${i}`).join('\n');
    const tooLong = await saveOperations({ email_signature: long });
    expect(fieldError(tooLong.body, 'email_signature')).toContain('at most 12 lines');

    const res = await saveOperations({ email_signature: 'Jo Smith & <b>Team</b>\nFinance office' });
    expect(res.statusCode).toBe(303);
    const user = await createAccount(ctx);
    await ctx.client().postForm('/password/forgot', { email: user.email });
    const { EMAIL_LINKS_QUEUE } = await import('../accounts/index.js');
    await ctx.deps.jobs.drain(EMAIL_LINKS_QUEUE);
    const msg = await ctx.deps.db.selectFrom('outbox').selectAll().where('to_address', '=', user.email).executeTakeFirstOrThrow();
    expect(msg.body_text.endsWith('Jo Smith & <b>Team</b>\nFinance office')).toBe(true);
    expect(msg.body_html).toContain('Jo Smith &amp; &lt;b>Team&lt;/b><br/>Finance office');
    expect(msg.body_html).not.toContain('<b>Team</b>');
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    expect(smtp.received.find((m) => m.to.includes(user.email))?.raw).toContain('Finance office');
    await saveOperations({ email_signature: '' });
  });
});

describe('membership terms', () => {
  it('are written by staff admins and public at /membership-terms, which the application links to', async () => {
    await saveOperations({ membership_terms: '' });
    const none = await ctx.client().get('/membership-terms');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('are not online yet. Ask for a copy at');
    const bad = await saveOperations({ membership_terms: 'Dues.\u0007' });
    expect(bad.statusCode).toBe(400);
    expect(fieldError(bad.body, 'membership_terms')).toContain('cannot be printed');
    const saved = await saveOperations({ membership_terms: '# Dues\n\nPaid **yearly**. <script>alert(1)</script>' });
    expect(saved.statusCode).toBe(303);
    const page = await ctx.client().get('/membership-terms');
    expect(textsOf(page.body, 'h2')).toContain('Dues');
    expect(page.body).toContain('<strong>yearly</strong>');
    expect(page.body).not.toContain('<script>alert(1)');
    expect((await auditActions('settings.operations_updated')).at(-1)?.after).toMatchObject({ membership_terms: '# Dues\n\nPaid **yearly**. <script>alert(1)</script>' });
    expect((await ctx.client().get('/apply')).body).toContain('<a href="/membership-terms">full membership terms</a>');
  });
});

describe('membership year', () => {
  it('is stored and shown: the settings page and the public profile say how terms run', async () => {
    const a = await association();
    const res = await admin.postForm('/staff/settings', {
      name: a.name,
      short_name: a.short_name,
      contact_email: a.contact_email,
      founded_year: String(a.founded_year),
      term_model: 'calendar',
      membership_year_start_month: '7',
    });
    expect(res.statusCode).toBe(303);
    expect(await association()).toMatchObject({ term_model: 'calendar', membership_year_start_month: 7 });
    const page = await admin.get('/staff/settings');
    expect(page.body).toContain('from 1 July to the end of June');
    const profile = (await ctx.client().getJson('/api/v1/association')).json();
    expect(profile.membershipYear).toEqual({ terms: 'calendar', startMonth: 7, description: 'Memberships run with the membership year, from 1 July to the end of June.' });

    const bad = await admin.postForm('/staff/settings', {
      name: a.name,
      short_name: a.short_name,
      contact_email: a.contact_email,
      founded_year: '1991',
      term_model: 'weekly',
      membership_year_start_month: '7',
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldError(bad.body, 'term_model')).toContain('Choose how membership terms run');
  });
});

describe('default advisor', () => {
  it('refuses someone who is not an advisor', async () => {
    const finance = await createAccount(ctx, { roles: ['finance'] });
    const res = await saveOperations({ default_advisor_user_id: finance.id });
    expect(res.statusCode).toBe(400);
    expect(fieldError(res.body, 'default_advisor_user_id')).toContain('Choose an advisor from the list');
    const junk = await saveOperations({ default_advisor_user_id: 'nobody' });
    expect(fieldError(junk.body, 'default_advisor_user_id')).toContain('Choose an advisor from the list');
  });

  it('takes an organization in a state nobody covers, and membership staff are emailed', async () => {
    const membership = await staffClient(ctx, 'membership');
    const officer = await createAccount(ctx, { roles: ['membership'], name: 'Mia Membership' });
    const finance = await staffClient(ctx, 'finance');
    await anAdvisor(ctx, membership, { name: 'Rita Regional', states: ['OR'] });
    const fallback = await anAdvisor(ctx, membership, { name: 'Dana Default', states: ['WA'] });
    expect((await saveOperations({ default_advisor_user_id: fallback.id })).statusCode).toBe(303);
    expect(await admin.get('/staff/settings').then((r) => r.body)).toContain(`<option value="${fallback.id}" selected`);

    const org = await activateThroughBilling(ctx, finance, { state: 'VT', name: 'Burlington Test' });
    const current = await ctx.deps.db
      .selectFrom('advisor_assignments')
      .select(['advisor_user_id', 'reason'])
      .where('organization_id', '=', org.organizationId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    expect(current?.advisor_user_id).toBe(fallback.id);
    expect(current?.reason).toContain('no active advisor covers VT');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', org.organizationId).execute();
    expect(audit.map((r) => r.action)).toContain('advising.default_advisor_assigned');

    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    const alert = smtp.received.find((m) => m.to.includes(officer.email) && m.raw.includes('Burlington Test'));
    expect(alert?.raw).toContain('No advisor covers VT');
    expect(alert?.raw).toContain('Dana Default');
    // The advisor and the organization's contacts hear of the assignment as usual.
    expect(smtp.received.some((m) => m.to.includes(fallback.email) && m.raw.includes('Burlington Test'))).toBe(true);

    // A state that is covered goes to its regional advisor, and nobody is alerted.
    const covered = await activateThroughBilling(ctx, finance, { state: 'OR', name: 'Portland Test' });
    await ctx.deps.jobs.drain(EMAIL_QUEUE);
    expect(smtp.received.some((m) => m.to.includes(officer.email) && m.raw.includes('Portland Test'))).toBe(false);
    const regional = await ctx.deps.db.selectFrom('advisor_assignments').select('advisor_user_id').where('organization_id', '=', covered.organizationId).executeTakeFirst();
    expect(regional?.advisor_user_id).not.toBe(fallback.id);
  });
});

describe('who may change settings', () => {
  it('only staff admins; the JSON API validates the same way', async () => {
    const finance = await staffClient(ctx, 'finance');
    expect((await finance.postForm('/staff/settings/operations', await operations({ brand_colour: '#000000' }))).statusCode).toBe(403);
    const api = await admin.sendJson('PUT', '/api/v1/association/settings', { ...(await operations({})), w9_attach_to_invoices: false, brand_colour: '#ffff00' });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields.brand_colour).toContain('too light');
    const read = await admin.getJson('/api/v1/association/settings');
    expect(read.statusCode).toBe(200);
    expect(read.json().remit_ach_account).toBe('9876543210');
    const doc = (await ctx.client().getJson('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/association/settings']));
  });
});
