// The review panel's home (/credential/panel) says what a panel member does next: how the decision
// is made, how many applications wait for the panel, and the cycle to start with; nothing to do
// once the panel has decided; a person on no panel is told so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aMember, credentialApplicationForm, payCredentialFee } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';
import { saveApplication } from './apply.js';
import { recordDecision } from './review.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-20T15:00:00Z');
});
afterAll(() => ctx?.close());

const text = (html: string, selector: string) =>
  dom(html)
    .querySelectorAll(selector)
    .map((el) => el.text.replace(/\s+/g, ' ').trim());

describe('the review panel’s home', () => {
  it('says what to do next, with the cycle to start with, and nothing to do once the panel decided', async () => {
    const staff = await createAccount(ctx, { roles: ['membership'] });
    const panelist = await createAccount(ctx, { roles: ['member'], name: 'Pat Panel' });
    const staffClient = ctx.client();
    await staffClient.signIn(staff.email);
    expect((await staffClient.postForm('/staff/credential/cycles', { name: '2027 Q1', cutoff_on: '2027-03-31', panel: panelist.email })).statusCode).toBe(303);
    const ids: string[] = [];
    for (const name of ['Ana Applicant', 'Ben Applicant']) {
      const m = await aMember(ctx, { name });
      ids.push((await saveApplication(ctx.deps, { userId: m.id }, credentialApplicationForm(), true)).id);
    }

    const panel = ctx.client();
    await panel.signIn(panelist.email);
    const home = await panel.get('/credential/panel');
    expect(home.statusCode).toBe(200);
    expect(text(home.body, 'main p.lead')[0]).toContain('read each application waiting for the panel, and record your decision: award or decline, with your reasons.');
    const next = dom(home.body).querySelector('main p strong')?.parentNode;
    expect(next?.text.replace(/\s+/g, ' ').trim()).toBe('2 applications wait for the panel’s decision. Start with cycle 2027 Q1');
    const cycleId = (await ctx.deps.db.selectFrom('credential_cycles').select('id').where('name', '=', '2027 Q1').executeTakeFirstOrThrow()).id;
    expect(dom(home.body).querySelector('main p a')?.getAttribute('href')).toBe(`/credential/panel/cycles/${cycleId}`);
    expect(rowsOf(home.body, 'Cycles whose panel you are on')[0]).toEqual(['2027 Q1', 'Mar 31, 2027', '2', '2']);
    // the cycle's page says which applications to open
    expect(text((await panel.get(`/credential/panel/cycles/${cycleId}`)).body, 'main > p')).toContain(
      'Open each application whose panel member column says “Pending”, read it and record the panel’s decision with your reasons.',
    );

    // once the panel has decided both, nothing is left to do (the staff reviewer still has to)
    for (const id of ids) await payCredentialFee(ctx, id);
    for (const id of ids) await recordDecision(ctx.deps, { userId: panelist.id }, id, 'panel', { decision: 'award', reasons: 'Strong references.' });
    const done = await panel.get('/credential/panel');
    expect(text(done.body, 'main > p')).toContain('No application waits for the panel’s decision now: there is nothing to do. Applications join a cycle until its cut-off day.');
    expect(rowsOf(done.body, 'Cycles whose panel you are on')[0]).toEqual(['2027 Q1', 'Mar 31, 2027', '0', '2']);
  });

  it('someone on no panel is told how one gets on a panel', async () => {
    const nobody = ctx.client();
    await nobody.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    const page = await nobody.get('/credential/panel');
    expect(text(page.body, 'main p.lead')).toEqual([
      'You are on no review panel. Membership staff name the panel of each quarterly cycle; they will tell you when you are on one.',
    ]);
  });
});
