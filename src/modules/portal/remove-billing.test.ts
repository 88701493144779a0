// Removing the contact marked Billing: the confirmation says, before anything changes, to whom the
// organization's next membership invoice will then go (billing's rule, without them), or that
// nobody is chosen and an administrator should choose; the flash after says where it now goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContact } from '../../../test/factories/index.js';
import { createAccount, createOrganization, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email, PASSWORD);
});
afterAll(() => ctx?.close());

/** An organization with a signed-in administrator, and contacts marked Billing (the later one the latest choice). */
async function organization(name: string, billing: string[]) {
  const organizationId = await createOrganization(ctx, { name });
  const erin = await createAccount(ctx, { name: 'Erin Admin', email: uniqueEmail('erin'), org: { role: 'admin', organizationId } });
  const admin = ctx.client();
  await admin.signIn(erin.email, PASSWORD);
  const people = [];
  for (const [i, who] of billing.entries()) {
    const p = await createAccount(ctx, { name: who, email: uniqueEmail(who.split(' ')[0]?.toLowerCase() ?? 'p') });
    await aContact(ctx, { organizationId, userId: p.id, role: 'contact', duties: ['billing'], createdAt: new Date(Date.UTC(2025, i, 1)) });
    people.push(p);
  }
  /** the confirmation's sentence on the next invoice, then the flash after removing */
  const remove = async (userId: string) => {
    const page = await admin.get(`/org/contacts/${userId}/remove?org=${organizationId}`);
    expect(page.statusCode).toBe(200);
    const said = dom(page.body).querySelector('#next-invoice')?.textContent ?? '';
    const res = await admin.postForm(`/org/contacts/${userId}/remove?org=${organizationId}`, {});
    expect(res.statusCode).toBe(303);
    return { said, flash: textOf((await admin.get(String(res.headers.location))).body, '.flash') };
  };
  return { organizationId, erin, people, remove };
}

describe('removing the contact marked Billing', () => {
  it('names the contact marked Billing before them, who receives the next invoice once they go', async () => {
    const { people, remove } = await organization('City of Twobill', ['Quinn Earlier', 'Pat Payables']);
    const [quinn, pat] = people;
    const { said, flash } = await remove(pat?.id ?? '');
    expect(said).toBe(`Your next membership invoice will then go to Quinn Earlier (${quinn?.email}), the contact marked Billing.`);
    expect(flash).toBe(
      `Removed Pat Payables from your organization’s contacts. Your next membership invoice now goes to Quinn Earlier (${quinn?.email}), the contact marked Billing.`,
    );
  });

  it('with nobody else marked Billing, says where it would go meanwhile and that an administrator should choose', async () => {
    const { erin, people, remove } = await organization('City of Onebill', ['Pat Payables']);
    const { said, flash } = await remove(people[0]?.id ?? '');
    const choose = 'An administrator should choose who receives it: edit a contact under Contacts and tick Billing.';
    expect(said).toBe(
      `Nobody else is marked Billing: your next membership invoice would go to ${erin.email}, your first administrator’s address, until someone is chosen. ${choose}`,
    );
    expect(flash).toContain(`Nobody else is marked Billing: your next membership invoice will go to ${erin.email}`);
    expect(flash).toContain(choose);
  });

  it('when the latest invoice went to them, the next one does not follow them out: it goes to the first administrator', async () => {
    const { organizationId, erin, people, remove } = await organization('City of Lastbill', ['Pat Payables']);
    const pat = people[0];
    const issued = await finance.postForm('/staff/invoices', {
      organizationId,
      purpose: 'other',
      description: 'Workshop seats',
      amount: '50',
      bill_to_name: 'Pat Payables',
      bill_to_email: pat?.email ?? '',
    });
    expect(issued.statusCode).toBe(303);
    const { said, flash } = await remove(pat?.id ?? '');
    expect(said).toBe(
      `Nobody else is marked Billing: your next membership invoice would go to ${erin.email}, your first administrator’s address, until someone is chosen. An administrator should choose who receives it: edit a contact under Contacts and tick Billing.`,
    );
    expect(flash).toContain(`your next membership invoice will go to ${erin.email}`);
    // finance's next invoice for them starts from the administrator too, not from Pat's address
    const form = await finance.get(`/staff/invoices/new?organizationId=${organizationId}`);
    expect(dom(form.body).querySelector('#f-bill_to_email')?.getAttribute('value')).toBe(erin.email);
  });

  it('an address with no account (accounts payable, as finance typed it) still receives the next one', async () => {
    const { organizationId, people, remove } = await organization('City of Payables', ['Pat Payables']);
    const issued = await finance.postForm('/staff/invoices', {
      organizationId,
      purpose: 'other',
      description: 'Workshop seats',
      amount: '50',
      bill_to_name: 'Accounts Payable',
      bill_to_email: 'ap@payables.example',
    });
    expect(issued.statusCode).toBe(303);
    const { said } = await remove(people[0]?.id ?? '');
    expect(said).toContain('ap@payables.example');
  });

  it('says nothing of invoices when the contact removed is not the one billed', async () => {
    const { organizationId, remove } = await organization('City of Nobill', ['Pat Payables']);
    const sam = await createAccount(ctx, { name: 'Sam Staff', org: { role: 'contact', organizationId } });
    const { said, flash } = await remove(sam.id);
    expect(said).toBe('');
    expect(flash).toBe('Removed Sam Staff from your organization’s contacts.');
  });
});
