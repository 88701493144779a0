// The challenge's failed forms as a keyboard or screen-reader user meets them: every link of an
// error summary reaches its field (the row forms of the manage, template and business pages give
// their fields ids of their own), and a season that is not open is written in days people read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChallenge, aChallengeBusiness, aMarkedAction, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';
import { addChallengeAction } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-05-01T12:00:00Z');
});
afterAll(() => ctx?.close());

const CONTROLS = ['input', 'select', 'textarea', 'button'];

/** Each link of the page's error summary leads to one control, in the form the summary belongs to;
 * returns the fields' labels as the summary says them. */
function expectSummaryLinksReachFields(body: string): string[] {
  const page = dom(body);
  const summary = page.querySelector('.error-summary');
  expect(summary, 'an error summary').not.toBeNull();
  const links = summary?.querySelectorAll('a') ?? [];
  expect(links.length).toBeGreaterThan(0);
  for (const a of links) {
    const id = (a.getAttribute('href') ?? '').replace(/^#/, '');
    const targets = page.querySelectorAll(`[id="${id}"]`);
    expect(targets.length, `one element with the id ${id}`).toBe(1);
    const target = targets[0];
    expect(CONTROLS, `#${id} is a control`).toContain(target?.tagName.toLowerCase());
    const form = summary?.closest('form');
    if (form) expect(target?.closest('form')?.getAttribute('action'), `#${id} is in the failed form`).toBe(form.getAttribute('action'));
  }
  return links.map((a) => a.text.trim());
}

describe('error summaries reach their fields', () => {
  it('on the template page: a new action and a changed one', async () => {
    const staff = await signedIn(ctx, (await createAccount(ctx, { roles: ['programs'] })).email);
    const added = await staff.postForm('/staff/challenges/template', { title: 'Fix leaky taps', category: 'Water', points: '10' });
    expect(added.statusCode).toBe(303);
    const bad = await staff.postForm('/staff/challenges/template', { title: '', category: 'Energy', points: '0' });
    expect(bad.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(bad.body)).toEqual(['Action: Say what the business does.', 'Points: Enter the points as a whole number from 1 to 1,000.']);

    const page = dom((await staff.get('/staff/challenges/template')).body);
    const form = page.querySelectorAll('form[action^="/staff/challenges/template/"]').find((f) => f.querySelector('input[name=title]')?.getAttribute('value') === 'Fix leaky taps');
    const action = form?.getAttribute('action') ?? '';
    expect(action).not.toBe('');
    const changed = await staff.postForm(action, { title: 'Fix leaky taps', category: '', points: '10' });
    expect(changed.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(changed.body)).toEqual(['Category: Give the action a category, like Energy or Waste.']);
  });

  it('on the manage page: a new action, a changed one, and a decision without its reason or its button', async () => {
    const { challenge: c, adminEmail, adminId } = await aChallenge(ctx, { city: 'Arvada' });
    const a = await addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title: 'Recycle cardboard', category: 'Waste', points: 15 });
    const shop = await aChallengeBusiness(ctx, c, 'Arvada Antiques');
    const completion = await aMarkedAction(ctx, c, shop, a, 'leave');
    const admin = await signedIn(ctx, adminEmail);
    const base = `/challenges/${c.slug}/manage`;

    const added = await admin.postForm(`${base}/actions`, { title: 'Plant trees', category: '', points: 'many' });
    expect(added.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(added.body)).toHaveLength(2);

    const changed = await admin.postForm(`${base}/actions/${a}`, { title: '', category: 'Waste', points: '15' });
    expect(changed.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(changed.body)).toEqual(['Action: Say what the business does.']);

    const noReason = await admin.postForm(`${base}/completions/${completion}`, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(noReason.body)).toEqual(['Reason: Say why the action is not accepted, so the business can put it right.']);

    const noDecision = await admin.postForm(`${base}/completions/${completion}`, { reason: '' });
    expect(noDecision.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(noDecision.body)).toEqual(['Decision: Choose verify or reject.']);
  });

  it('on the business page: evidence missing, and a file that is not a photo or a PDF', async () => {
    const { challenge: c, adminId } = await aChallenge(ctx, { city: 'Westminster' });
    const a = await addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title: 'Compost', category: 'Waste', points: 25, evidenceRequired: 'yes' });
    const owner = await signedIn(ctx, (await aChallengeBusiness(ctx, c, 'Westminster Wares')).email);
    const url = `/challenges/${c.slug}/business/actions/${a}`;
    const none = await owner.postMultipart(url, { evidence: '' });
    expect(none.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(none.body)).toEqual(['What you did: This action needs evidence: describe what you did, or attach a photo or document.']);
    const wrong = await owner.postMultipart(url, { evidence: 'Bins.' }, [{ field: 'file', filename: 'bin.png', type: 'image/png', content: Buffer.from('not a png') }]);
    expect(wrong.statusCode).toBe(400);
    expect(expectSummaryLinksReachFields(wrong.body)[0]).toMatch(/^A photo or PDF: /);
  });
});

describe('a season that is not open', () => {
  it('is refused in the product’s day format, on the sign-up page and on a business’s stale form', async () => {
    const { challenge: upcoming } = await aChallenge(ctx, { city: 'Thornton', startsOn: '2027-06-01', endsOn: '2027-10-31' });
    const owner = await signedIn(ctx, (await createAccount(ctx)).email);
    const join = await owner.get(`/challenges/${upcoming.slug}/join`);
    expect(textOf(join.body, 'main')).toContain(
      'Thornton Green Business Challenge has not started yet: it runs from Jun 1, 2027 to Oct 31, 2027. You can join once it has started.',
    );

    const { challenge: c, adminId } = await aChallenge(ctx, { city: 'Brighton', startsOn: '2027-04-01', endsOn: '2027-05-01' });
    const a = await addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title: 'LED lights', category: 'Energy', points: 20 });
    const { email } = await aChallengeBusiness(ctx, c, 'Brighton Bikes');
    ctx.clock.set('2027-05-02T12:00:00Z');
    try {
      // the form was loaded on the last day; it is sent the day after
      const late = await (await signedIn(ctx, email)).postMultipart(`/challenges/${c.slug}/business/actions/${a}`, { evidence: 'New bulbs.' });
      expect(late.statusCode).toBe(409);
      expect(textOf(late.body, '[role=alert]')).toContain(
        'Brighton Green Business Challenge is over: it ran from Apr 1, 2027 to May 1, 2027. Actions can be marked done only during the season.',
      );
      expect(late.body).not.toContain('2027-05-01');
      expect(textOf(late.body, 'main')).toContain('Actions can no longer be marked done.');
      expect(await ctx.deps.db.selectFrom('challenge_completions').select('id').where('action_id', '=', a).execute()).toEqual([]);
    } finally {
      ctx.clock.set('2027-05-01T12:00:00Z');
    }
  });
});

describe('what a newcomer reads', () => {
  it('the sign-up form says who is signed in and that they will be the business’s contact', async () => {
    const { challenge: c } = await aChallenge(ctx, { city: 'Littleton' });
    const rosa = await createAccount(ctx, { name: 'Rosa Delgado' });
    const page = await (await signedIn(ctx, rosa.email)).get(`/challenges/${c.slug}/join`);
    expect(textOf(page.body, 'main')).toContain(`You are signed in as Rosa Delgado (${rosa.email}), with your email address confirmed. You will be the business’s contact`);
  });

  it('an action’s button says what sending does: mark it, change what waits, or send it again after a refusal', async () => {
    const { challenge: c, adminId } = await aChallenge(ctx, { city: 'Englewood' });
    const [waiting, refused, fresh] = await Promise.all(
      ['Fix leaks', 'Plant trees', 'Add bike racks'].map((title) => addChallengeAction(ctx.deps, { userId: adminId }, c.id, { title, category: 'Water', points: 10 })),
    );
    const shop = await aChallengeBusiness(ctx, c, 'Englewood Eats');
    const owner = await signedIn(ctx, shop.email);
    const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect(
      (
        await owner.postMultipart(`/challenges/${c.slug}/business/actions/${waiting}`, { evidence: 'Plumber came.' }, [
          { field: 'file', filename: 'invoice.pdf', type: 'application/pdf', content: PDF },
        ])
      ).statusCode,
    ).toBe(303);
    await aMarkedAction(ctx, c, shop, refused ?? '', { by: adminId, decision: 'reject' });
    const page = dom((await owner.get(`/challenges/${c.slug}/business`)).body);
    const card = (title: string) => page.querySelectorAll('main section').find((s) => s.querySelector('h2')?.text === title);
    expect(card('Fix leaks')?.querySelector('button')?.text).toBe('Change what you sent');
    expect(card('Fix leaks')?.querySelector('.hint:last-of-type')?.text ?? '').toContain('It replaces invoice.pdf; without one, invoice.pdf stays.');
    expect(card('Plant trees')?.querySelector('button')?.text).toBe('Send again');
    expect(card('Add bike racks')?.querySelector('button')?.text).toBe('Mark done');
    expect(fresh).toBeTruthy();
  });
});

describe('forms sent with another challenge’s ids or hostile text', () => {
  it('an administrator cannot decide or change another challenge’s marks and actions through their own (404, nothing changes); a hostile name is shown as text', async () => {
    const mine = await aChallenge(ctx, { city: 'Aurora' });
    const theirs = await aChallenge(ctx, { city: 'Parker' });
    const a = await addChallengeAction(ctx.deps, { userId: theirs.adminId }, theirs.challenge.id, { title: 'Their action', category: 'Energy', points: 10 });
    const completion = await aMarkedAction(ctx, theirs.challenge, await aChallengeBusiness(ctx, theirs.challenge, 'Parker Pies'), a, 'leave');
    const admin = await signedIn(ctx, mine.adminEmail);
    const base = `/challenges/${mine.challenge.slug}/manage`;
    expect((await admin.postForm(`${base}/completions/${completion}`, { decision: 'verify' })).statusCode).toBe(404);
    expect((await admin.postForm(`${base}/actions/${a}`, { title: 'Mine now', category: 'Energy', points: '999' })).statusCode).toBe(404);
    const row = await ctx.deps.db.selectFrom('challenge_completions').select('status').where('id', '=', completion).executeTakeFirstOrThrow();
    expect(row.status).toBe('submitted');
    const action = await ctx.deps.db.selectFrom('challenge_actions').select(['title', 'points']).where('id', '=', a).executeTakeFirstOrThrow();
    expect(action).toEqual({ title: 'Their action', points: 10 });
    // a business of one challenge marking the other's action
    const owner = await signedIn(ctx, (await aChallengeBusiness(ctx, mine.challenge, 'Aurora Arts')).email);
    expect((await owner.postMultipart(`/challenges/${mine.challenge.slug}/business/actions/${a}`, { evidence: 'x' })).statusCode).toBe(404);

    const hostile = '<img src=x onerror=alert(1)>';
    const failed = await admin.postForm(`${base}/actions`, { title: hostile, category: '', points: '5' });
    expect(failed.statusCode).toBe(400);
    expect(failed.body).not.toContain(hostile);
    expect(dom(failed.body).querySelector('#f-new-action-title')?.getAttribute('value')).toBe(hostile);
  });
});
