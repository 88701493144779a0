// No advisor covers a state (issue 14): membership staff take Arizona out of the region of the
// advisor who covers it; an Arizona organization is approved and pays its first invoice; its /org
// shows the association's default advisor (settings: Aisha Rahman in the demo) instead of "we are
// choosing your advisor" forever, and membership staff get the advising.no_regional_advisor alert.
// (Before: the demo had no default advisor and nobody covering Arizona by name, so /org waited
// forever.) axe-core runs on every page visited.
import { describe, expect, it } from 'vitest';
import { anInvoice, aPayment, aPendingOrganization } from '../factories/index.js';
import { PASSWORD } from '../helpers.js';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('no advisor covers the state', () => {
  const app = useBrowserApp();

  it('an organization of a state nobody covers gets the default advisor, and membership staff are told', async () => {
    const staff = await app.newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/advisors');
    await submit(staff, () => staff.getByRole('link', { name: 'Marcus Bell' }).click());
    const region = staff.getByLabel('Region (states)');
    const states = (await region.inputValue()).split(/[\s,]+/).filter((s) => s && s !== 'AZ');
    await region.fill(states.join(', '));
    await submit(staff, () => staff.getByRole('button', { name: 'Save profile' }).click());
    await visit(staff, '/staff/advisors');
    expect(await staff.getByRole('table', { name: 'Advisors, by name' }).textContent()).not.toContain('AZ');

    // An Arizona organization is approved (its pending membership and first invoice) and pays.
    const org = await aPendingOrganization(app.server, { name: 'Town of Prescott Valley', state: 'AZ' });
    const invoice = await anInvoice(app.server, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 120_000 });
    await aPayment(app.server, { invoiceId: invoice.id, amountCents: 120_000, reference: 'Check 1001' });

    const contact = await app.newPage();
    await signIn(contact, org.contactEmail, PASSWORD);
    await visit(contact, '/org');
    const section = contact.locator('section#advisor');
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('Aisha Rahman');
    expect(text).not.toContain('We are choosing');

    const alert = await latestEmail(app.server, 'membership@example.org', /No advisor covers AZ/);
    expect(alert.subject).toContain('Town of Prescott Valley has the default advisor');

    // At 390 px too.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, org.contactEmail, PASSWORD);
    await visit(phone, '/org');
  });
});
