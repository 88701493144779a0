// Before the membership begins there is no advisor to book: the organization home's "Get
// started", its advisor section and /org/meetings say that the wait is on the first invoice, when
// it is due, and link to it; a region's, not yet issued, is said to come from membership staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anInvoice, aPendingOrganization, signedIn } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { byId, dom, textOf } from '../../../test/html.js';
import { formatDay } from '../../lib/format.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const checklistAbout = (html: string) =>
  byId(html, 'get-started')
    .querySelectorAll('li')
    .map((li) => li.text.replace(/\s+/g, ' ').trim())
    .find((t) => t.includes('Book your first meeting with your advisor'));

describe('waiting for the first payment', () => {
  it('the to-do, the advisor section and /org/meetings say the advisor comes when the invoice is paid, with its due day and a link to pay it', async () => {
    const org = await aPendingOrganization(ctx, { name: 'Town of Waiting', state: 'VT' });
    const invoice = await anInvoice(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 60_000 });
    const contact = await signedIn(ctx, org.contactEmail);
    const home = (await contact.get(`/org?org=${org.organizationId}`)).body;

    expect(checklistAbout(home)).toContain(`This waits for invoice ${invoice.number} to be paid: your advisor is assigned then, and you choose a time.`);
    const advisor = byId(home, 'advisor');
    const said = `Your advisor is assigned when your membership begins, that is when its first invoice is paid. Invoice ${invoice.number} is waiting for payment (due on ${formatDay(invoice.due_on)}).`;
    expect(advisor.text.replace(/\s+/g, ' ')).toContain(said);
    expect(advisor.text).not.toContain('We are choosing your organization’s advisor');
    expect(
      advisor
        .querySelectorAll('a')
        .map((a) => [a.text.trim(), a.getAttribute('href')])
        .some(([text, href]) => text === `Pay or view invoice ${invoice.number}` && href === `/invoices/${invoice.public_token}`),
    ).toBe(true);

    for (const path of ['/org/meetings', '/org/meetings/new']) {
      const page = await contact.get(`${path}?org=${org.organizationId}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body, 'main').replace(/\s+/g, ' ')).toContain(said);
    }
  });

  it('a membership whose first invoice is not issued yet (a region) says membership staff send it', async () => {
    const org = await aPendingOrganization(ctx, { name: 'Regional Council of Waiting', state: 'VT' });
    const contact = await signedIn(ctx, org.contactEmail);
    const home = (await contact.get(`/org?org=${org.organizationId}`)).body;
    expect(checklistAbout(home)).toContain('This waits for your first invoice to be paid');
    expect(dom(byId(home, 'advisor').innerHTML).text).toContain('Membership staff send that invoice to your billing contact once your dues are agreed.');
  });
});
