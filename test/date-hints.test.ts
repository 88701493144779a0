// A date field (<input type=date>) shows the browser's own date picker, in the reader's order
// (12/04/2026 in the US): its hint says what day to give, never a typed format such as
// YYYY-MM-DD that the field does not show; nor does its error, which asks for a real date with an
// example. Text fields, the command line and API-only parameters keep YYYY-MM-DD.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdvisor, anInvoice, apiPay, ensureActiveMember, signedInAs } from './factories/index.js';
import { createAccount, createOrganization, createTestContext, type TestClient, type TestContext } from './helpers.js';
import { dom } from './html.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** Each date field of a page with the text of its hint ('' when it has none). */
function dateFields(html: string): Array<{ name: string; hint: string }> {
  const page = dom(html);
  return page.querySelectorAll('input[type="date"]').map((input) => {
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('-hint'));
    const hint = ids.map((id) => page.getElementById(id)?.text.trim() ?? '').join(' ');
    return { name: input.getAttribute('name') ?? '', hint };
  });
}

const FORMAT = /YYYY|MM-DD|year-month-day|\d{4}-\d{2}-\d{2}/i;

async function expectTrueHints(c: TestClient, url: string, names: string[]) {
  const res = await c.get(url);
  expect(res.statusCode).toBe(200);
  const fields = dateFields(res.body);
  expect(fields.map((f) => f.name).sort()).toEqual([...names].sort());
  for (const f of fields) expect(f.hint, `the hint of ${f.name} on ${url}`).not.toMatch(FORMAT);
  return fields;
}

describe('date fields’ hints', () => {
  it('finance staff’s payment and refund forms say which day, not a format the date picker does not show', async () => {
    const finance = await signedInAs(ctx, ['finance']);
    const inv = await anInvoice(ctx, { organizationId: await createOrganization(ctx), cents: 50_000 });
    expect((await apiPay(finance, inv.id, { amountCents: 10_000, method: 'check', reference: '101' }, randomUUID())).statusCode).toBe(201);
    const fields = await expectTrueHints(finance, `/staff/invoices/${inv.id}`, ['received_on', 'refunded_on']);
    expect(fields.find((f) => f.name === 'received_on')?.hint).toBe('The day the check or transfer reached you.');
    expect(fields.find((f) => f.name === 'refunded_on')?.hint).toBe('The day the money was paid back.');
  });

  it('a member’s Members in Transition request asks for the last day in the position', async () => {
    const member = await createAccount(ctx);
    // the form is for individual members (others are told who can ask)
    await ensureActiveMember(ctx, member.email);
    const c = ctx.client();
    await c.signIn(member.email);
    const fields = await expectTrueHints(c, '/me/transition', ['separation_on']);
    expect(fields[0]?.hint).toBe('Your last day in the position, if you know it.');
  });

  it('an advisor’s day away asks for the day', async () => {
    const staff = await signedInAs(ctx, ['membership']);
    const advisor = await anAdvisor(ctx, staff, { name: 'Dee Away', states: ['KS'] });
    const fields = await expectTrueHints(advisor.client, '/staff/advising/availability', ['date']);
    expect(fields[0]?.hint).toBe('The day you are away.');
  });
});

describe('a date field’s error', () => {
  it('asks for a real date, with an example, never for a typed format the date picker does not show', async () => {
    const finance = await signedInAs(ctx, ['finance']);
    const membership = await signedInAs(ctx, ['membership']);
    const admin = await signedInAs(ctx, ['admin']);
    const pages: Array<[TestClient, string]> = [
      [admin, '/staff/audit?from=yesterday'],
      [membership, '/staff/organizations?termEndFrom=2026-02-30'],
      [finance, '/staff/reports/events?from=tomorrow'],
      [finance, '/staff/invoices?issuedFrom=soon'],
    ];
    for (const [client, url] of pages) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(400);
      const errors = dom(res.body)
        .querySelectorAll('.field-error')
        .map((e) => e.text.replace(/\s+/g, ' ').trim());
      expect(errors.join(' '), url).toContain('Enter a real date, such as 2026-03-15.');
      expect(errors.join(' '), url).not.toMatch(/YYYY/);
    }
  });
});
