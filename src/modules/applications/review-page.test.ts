// Staff's review page of one application, read top to bottom: the applicant's facts, then one
// decision area where approving, asking for more information and declining are separate forms,
// each with its own heading, what happens next, and its own button; headings in order, no box in a box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplication } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const account = await createAccount(ctx, { roles: ['membership'] });
  staff = ctx.client();
  await staff.signIn(account.email, PASSWORD);
});
afterAll(() => ctx?.close());

describe('the review page of a submitted application', () => {
  it('shows the facts, then one decision area of three separate forms, headings in order', async () => {
    const id = await anApplication(ctx, { startedAt: new Date('2026-11-01T15:00:00Z'), submittedAt: new Date('2026-11-02T15:00:00Z') });
    const res = await staff.get(`/staff/applications/${id}`);
    expect(res.statusCode).toBe(200);
    const main = dom(res.body).querySelector('main');
    if (!main) throw new Error('no main');

    // Headings never skip a level, and read: name, the application, the decision and its three ways.
    const headings = main.querySelectorAll('h1, h2, h3, h4').map((h) => ({ level: Number(h.tagName.slice(1)), text: h.text.trim() }));
    headings.forEach((h, i) => {
      expect(h.level - (headings[i - 1]?.level ?? 0)).toBeLessThanOrEqual(1);
    });
    expect(headings.map((h) => `${h.level} ${h.text}`)).toEqual([
      expect.stringMatching(/^1 City of Test /),
      '2 The application',
      '2 Your decision',
      '3 Approve',
      '3 Ask for more information',
      '3 Decline',
      '2 History',
    ]);
    // the facts come before the decision
    const html = main.innerHTML;
    expect(html.indexOf('<dl')).toBeLessThan(html.indexOf('id="decision-h"'));

    // One decision area; each way is its own form, named by its own heading, with its own button.
    const area = main.querySelector('section[aria-labelledby="decision-h"]');
    if (!area) throw new Error('no decision area');
    const forms = area.querySelectorAll('form');
    expect(
      forms.map((f) => ({
        name: textOf(area, `#${f.getAttribute('aria-labelledby')}`),
        method: f.getAttribute('method'),
        action: f.getAttribute('action'),
        buttons: f.querySelectorAll('button').map((b) => b.text.trim()),
      })),
    ).toEqual([
      { name: 'Approve', method: 'post', action: `/staff/applications/${id}/approve`, buttons: ['Approve the application'] },
      { name: 'Ask for more information', method: 'post', action: `/staff/applications/${id}/request-info`, buttons: ['Ask for more information'] },
      // declining is confirmed first: its button opens the page that asks for the reason
      { name: 'Decline', method: 'get', action: `/staff/applications/${id}/decline`, buttons: ['Decline the application'] },
    ]);
    // each says what happens next
    expect(textOf(forms[0] ?? area, 'p')).toMatch(/^Approving creates the organization and a pending membership/);
    expect(textOf(forms[2] ?? area, 'p')).toBe('Next you write the reason the applicant is emailed and confirm: declining closes the application and cannot be undone.');
    // No box in a box: no form sits inside another form or a bordered group.
    expect(main.querySelectorAll('form form, .actions').length).toBe(0);
    expect(main.querySelectorAll('[aria-label="Approve"]').length).toBe(0);
  });

  it('shows no decision area once the application is decided', async () => {
    const id = await anApplication(ctx, {
      startedAt: new Date('2026-11-01T15:00:00Z'),
      submittedAt: new Date('2026-11-02T15:00:00Z'),
      decidedAt: new Date('2026-11-03T15:00:00Z'),
      status: 'declined',
    });
    const main = dom((await staff.get(`/staff/applications/${id}`)).body);
    expect(main.querySelectorAll('#decision-h, main form[method="post"]').length).toBe(0);
  });
});
