// The Members in Transition notice as people meet it: a member (on a phone) sends a confidential
// request; the staff member holding the `transition` permission gets an email that says a request
// is waiting and nothing of it (not who, not why); its link leads, after signing in, to the queue
// and from there to the request. axe-core on every page.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { DEMO_PASSWORD, latestEmail, signIn, submit, visit } from './harness.js';

const MEMBER = 'member@example.org';
const REVIEWER = 'membership@example.org';
const CIRCUMSTANCES = 'Position eliminated after the Quillfeather reorganisation vote; looking for work in the region';

describe('Members in Transition notice', () => {
  const app = useBrowserApp();

  it('a member’s request reaches the reviewer as an email that says only that a request waits, and its link leads to the request', async () => {
    const db = app.server.deps.db;
    const { name: memberName } = await db.selectFrom('users').select('name').where('email', '=', MEMBER).executeTakeFirstOrThrow();

    // The member, on a phone, asks from their membership page.
    const member = await app.newPage({ width: 390, height: 844 });
    await signIn(member, MEMBER);
    await visit(member, '/me/membership');
    await submit(member, () => member.getByRole('link', { name: 'Ask for Members in Transition support' }).click());
    await member.getByLabel('Your circumstances').fill(CIRCUMSTANCES);
    await member.getByLabel('Date of separation').fill('2026-10-30');
    await submit(member, () => member.getByRole('button', { name: 'Send my request' }).click());
    expect(new URL(member.url()).pathname).toBe('/me/transition');
    expect(await member.getByRole('status').textContent()).toContain('Your request is sent');
    // Under review: the page says so and whom to write to, and invites no second request.
    expect(await member.getByRole('button', { name: 'Send my request' }).count()).toBe(0);
    expect(await member.getByRole('main').textContent()).toContain('Your request is under review: there is nothing more to send.');

    // The reviewer's email: a request waits; nothing of who sent it or what it says.
    const email = await latestEmail(app.server, REVIEWER, /Members in Transition request is waiting/);
    expect(email.text).toContain('request');
    for (const secret of [CIRCUMSTANCES, 'Quillfeather', memberName, MEMBER, '2026-10-30']) {
      expect(email.subject, secret).not.toContain(secret);
      expect(email.text, secret).not.toContain(secret);
    }
    const link = email.paths[0];
    if (!link) throw new Error('the email has no link');

    // Following the link: sign in first, then the queue, then the request with what it says.
    const reviewer = await app.newPage();
    await visit(reviewer, link);
    expect(new URL(reviewer.url()).pathname).toBe('/login');
    await reviewer.getByLabel('Email', { exact: true }).fill(REVIEWER);
    await reviewer.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submit(reviewer, () => reviewer.getByRole('button', { name: 'Sign in' }).click());
    expect(`${new URL(reviewer.url()).pathname}${new URL(reviewer.url()).search}`).toBe(link);
    const waiting = reviewer.getByRole('table', { name: 'Requests waiting for a decision' });
    await submit(reviewer, () => waiting.getByRole('link', { name: memberName }).click());
    expect(new URL(reviewer.url()).pathname).toMatch(/^\/staff\/transition\/[0-9a-f-]{36}$/);
    expect(await reviewer.getByRole('heading', { level: 1 }).textContent()).toBe(`Transition request of ${memberName}`);
    expect(await reviewer.getByRole('main').textContent()).toContain(CIRCUMSTANCES);
  });
});
