// Whom an organization's dues go to when its administrators change its billing contact on their page
// (their form: "Your next membership invoice goes to the billing contact marked most recently"): the contact marked Billing after the latest dues invoice was
// addressed, for finance's new-invoice form, a blank bill-to and the renewal run; an address finance
// typed after that marking wins again; an event's invoice addressed to a colleague changes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, withAssociation } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, formValuesOf, textOf, textsOf } from '../../../test/html.js';
import { auditOf } from '../../../test/readers.js';
import { renewalHelpers, resetRenewals } from '../../../test/renewals.js';
import { seedDuesDemo } from '../dues/index.js';
import { addDays } from './index.js';

let ctx: TestContext;
let finance: TestClient;
const realToday = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email, PASSWORD);
});
afterAll(() => ctx?.close());
afterEach(() => resetRenewals(ctx));

const { runOn, createMember, renewalInvoices, mailCount } = renewalHelpers(() => ctx);

const billToEmailOnForm = async (organizationId: string) => {
  const form = await finance.get(`/staff/invoices/new?organizationId=${organizationId}`);
  expect(form.statusCode).toBe(200);
  return formValuesOf(form.body).bill_to_email;
};

/** An administrator of the organization, signed in, and a contact of it with no duties yet. */
async function adminAndContact(organizationId: string) {
  const a = await createAccount(ctx, { name: 'Erin Admin', org: { role: 'admin', organizationId } });
  const admin = ctx.client();
  await admin.signIn(a.email, PASSWORD);
  const pat = await createAccount(ctx, { name: 'Pat Payables', email: uniqueEmail('pat'), org: { role: 'contact', organizationId } });
  const form = await admin.get(`/org/contacts/${pat.id}/edit?org=${organizationId}`);
  expect(textOf(form.body, '#f-duties-hint')).toContain('Your next membership invoice goes to the billing contact marked most recently');
  const setDuties = async (duties: string, title = 'Finance Director') => {
    const res = await admin.postForm(`/org/contacts/${pat.id}?org=${organizationId}`, { title, phone: '', duties });
    expect(res.statusCode).toBe(303);
  };
  const home = async () => {
    const page = await admin.get(`/org?org=${organizationId}`);
    expect(page.statusCode).toBe(200);
    return [...dom(page.body).querySelectorAll('main p')].map((e) => e.textContent ?? '').find((t) => t.startsWith('Your next membership invoice')) ?? '';
  };
  return { admin, pat, setDuties, home };
}

const issueByHand = async (organizationId: string, purpose: string, email: string) => {
  const res = await finance.postForm('/staff/invoices', { organizationId, purpose, description: 'Workshop seats', amount: '50', bill_to_name: 'Typed', bill_to_email: email });
  expect(res.statusCode).toBe(303);
};

describe('sending the next invoice to the contact marked Billing, passed over by a later-addressed invoice', () => {
  const buttons = async (client: TestClient, organizationId: string) => textsOf((await client.get(`/org?org=${organizationId}`)).body, '#invoices form button');

  it('its administrator chooses them again in one click, audited; a plain contact, another organization’s administrator, a forged id or a missing token change nothing', async () => {
    const org = await createOrganization(ctx, { name: 'City of Passover' });
    const { admin, pat, setDuties, home } = await adminAndContact(org);
    await setDuties('billing');
    await issueByHand(org, 'other', 'ap@passover.example.gov');
    expect(await billToEmailOnForm(org)).toBe('ap@passover.example.gov');
    expect(await buttons(admin, org)).toEqual(['Send the next invoice to Pat Payables']);
    const action = `/org/contacts/${pat.id}/billing?org=${org}`;

    // a plain contact of the organization sees no button and is refused
    const plain = ctx.client();
    await plain.signIn((await createAccount(ctx, { org: { role: 'contact', organizationId: org } })).email, PASSWORD);
    expect(await buttons(plain, org)).toEqual([]);
    expect((await plain.postForm(action, {})).statusCode).toBe(403);
    // another organization's administrator: this organization is not theirs, nor is Pat their contact
    const other = await createOrganization(ctx, { name: 'Town of Elsewhere' });
    const stranger = ctx.client();
    await stranger.signIn((await createAccount(ctx, { org: { role: 'admin', organizationId: other } })).email, PASSWORD);
    expect((await stranger.postForm(action, {})).statusCode).toBe(404);
    expect((await stranger.postForm(`/org/contacts/${pat.id}/billing?org=${other}`, {})).statusCode).toBe(404);
    // a forged or malformed id, and a post without the form's token
    expect((await admin.postForm(`/org/contacts/${randomUUID()}/billing?org=${org}`, {})).statusCode).toBe(404);
    expect((await admin.postForm(`/org/contacts/not-a-uuid/billing?org=${org}`, {})).statusCode).toBe(404);
    expect((await admin.postForm(action, {}, { csrf: false })).statusCode).toBe(403);
    expect(await billToEmailOnForm(org)).toBe('ap@passover.example.gov');
    expect(await auditOf(ctx, 'portal.billing_contact_chosen')).toEqual([]);

    const res = await admin.postForm(action, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/org?org=${org}#invoices`);
    expect(await billToEmailOnForm(org)).toBe(pat.email);
    expect(await home()).toBe(`Your next membership invoice goes to Pat Payables (${pat.email}). To send it to someone else, mark them as Billing under Contacts.`);
    expect(await buttons(admin, org)).toEqual([]);
    const [row] = await auditOf(ctx, 'portal.billing_contact_chosen');
    expect(row).toMatchObject({ entity_id: org, after: { userId: pat.id, duties: ['billing'] } });

    // someone not marked Billing cannot be chosen this way: told why, on the home, and nothing changes
    await setDuties('staff');
    const refused = await admin.postForm(action, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Pat Payables is not marked Billing.');
    expect(await auditOf(ctx, 'portal.billing_contact_chosen')).toHaveLength(1);
  });

  it('an administrator who is the contact passed over is told so as “you”, and sends the next invoice to themselves', async () => {
    const org = await createOrganization(ctx, { name: 'City of Selfbill' });
    const a = await createAccount(ctx, { name: 'Nora Self', email: uniqueEmail('nora'), org: { role: 'admin', organizationId: org } });
    const admin = ctx.client();
    await admin.signIn(a.email, PASSWORD);
    expect((await admin.postForm(`/org/contacts/${a.id}?org=${org}`, { title: 'City Manager', phone: '', duties: 'billing', admin: 'yes' })).statusCode).toBe(303);
    await issueByHand(org, 'other', 'ap@selfbill.example.gov');
    const page = await admin.get(`/org?org=${org}`);
    const said = [...dom(page.body).querySelectorAll('#invoices p')].map((e) => e.textContent ?? '').find((t) => t.startsWith('Your next membership invoice'));
    expect(said).toBe(
      'Your next membership invoice goes to Typed (ap@selfbill.example.gov): your latest membership invoice was addressed there after you were marked Billing, and the latest choice wins. To send it to you instead, use the button below.',
    );
    expect(await buttons(admin, org)).toEqual(['Send the next invoice to me']);
    expect((await admin.postForm(`/org/contacts/${a.id}/billing?org=${org}`, {})).statusCode).toBe(303);
    expect(await billToEmailOnForm(org)).toBe(a.email);
  });
});

describe('the billing contact an organization marks on its page', () => {
  it('addresses the next invoice when marked after the last one; an address finance types later wins again; an event’s invoice does not count', async () => {
    const org = await createOrganization(ctx, { name: 'City of Ledger' });
    await anInvoice(ctx, { organizationId: org, billToEmail: 'old.clerk@ledger.example.gov', cents: 60_000 });
    expect(await billToEmailOnForm(org)).toBe('old.clerk@ledger.example.gov');

    const { pat, setDuties, home } = await adminAndContact(org);
    await setDuties('staff');
    expect(await billToEmailOnForm(org)).toBe('old.clerk@ledger.example.gov');
    expect(await home()).toBe(
      'Your next membership invoice goes to Accounts Payable (old.clerk@ledger.example.gov). To send it to someone else, mark them as Billing under Contacts.',
    );
    await setDuties('billing');
    expect(await billToEmailOnForm(org)).toBe(pat.email);
    // the organization's home says so
    expect(await home()).toBe(`Your next membership invoice goes to Pat Payables (${pat.email}). To send it to someone else, mark them as Billing under Contacts.`);
    // changing something else of hers keeps the date she was marked
    await setDuties('billing', 'Director of Finance');
    expect(await billToEmailOnForm(org)).toBe(pat.email);

    // finance addresses an invoice to the accounts-payable mailbox: the latest word wins
    await issueByHand(org, 'other', 'ap@ledger.example.gov');
    expect(await billToEmailOnForm(org)).toBe('ap@ledger.example.gov');
    // the home says why Pat, still marked Billing, is passed over, and how to choose her again
    expect(await home()).toBe(
      'Your next membership invoice goes to Typed (ap@ledger.example.gov): your latest membership invoice was addressed there after Pat Payables was marked Billing, and the latest choice wins. To send it to Pat Payables instead, use the button below.',
    );
    // a colleague's event registrations billed to them say nothing of who pays the dues
    await issueByHand(org, 'event', 'colleague@ledger.example.gov');
    expect(await billToEmailOnForm(org)).toBe('ap@ledger.example.gov');

    // the duty taken away and given again counts from the second time
    await setDuties('staff');
    expect(await billToEmailOnForm(org)).toBe('ap@ledger.example.gov');
    await setDuties('billing');
    expect(await billToEmailOnForm(org)).toBe(pat.email);
  });

  it('the renewal invoice goes to the billing contact marked since the last invoice, and its email to her', async () => {
    await withAssociation(ctx, { renewal_lead_days: 45 });
    const termEnd = addDays(realToday, 200);
    const changed = await createMember({ termEnd, billing: { name: 'Old Clerk', email: uniqueEmail('oldclerk') } });
    const kept = await createMember({ termEnd, billing: { name: 'Steady Payer', email: uniqueEmail('steady') } });
    const { pat, setDuties } = await adminAndContact(changed.organizationId);
    await setDuties('billing');

    expect((await runOn(addDays(termEnd, -45))).issued).toBe(2);
    const [renewal] = await renewalInvoices(changed.membershipId);
    expect(renewal).toMatchObject({ bill_to_name: 'Pat Payables', bill_to_email: pat.email });
    expect(await mailCount(pat.email, 'billing.invoice_issued')).toBe(1);
    const [other] = await renewalInvoices(kept.membershipId);
    expect(other).toMatchObject({ bill_to_name: 'Steady Payer' });
  });
});
