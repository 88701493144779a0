// A student's membership in a real browser (issue 11, finding 3): a signed-in person joins at the
// free Student level, is kept out of Who's Who while their membership waits, uploads their
// enrollment letter on My membership; membership staff find it in the eligibility queue and confirm
// it; the student then reaches Who's Who. axe-core runs on every page visited.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/index.js';
import { useBrowserApp } from './app.js';
import { DEMO_PASSWORD, latestEmail, signIn, submit, visit } from './harness.js';

const PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n163\n%%EOF\n';

describe('student eligibility', () => {
  const app = useBrowserApp();
  const main = (page: Page) => page.locator('main');
  const answer = (page: Page, question: RegExp, value: 'Yes' | 'No') => page.getByRole('group', { name: question }).getByLabel(value, { exact: true }).check();

  it('a student joins, cannot use Who’s Who yet, uploads proof; membership staff confirm it; then Who’s Who opens', async () => {
    const email = `sasha.student.${Date.now()}@example.net`;
    await createUser(app.server.deps, { email, name: 'Sasha Studentova', password: DEMO_PASSWORD });
    const person = await app.newPage();
    await signIn(person, email);
    await visit(person, '/join/individual');
    for (const q of [/work for a local government/, /chief administrative officer/, /teach or do research/, /outside the United States/, /retired/]) await answer(person, q, 'No');
    await answer(person, /full-time student/, 'Yes');
    await submit(person, () => person.getByRole('button', { name: 'Find my level' }).click());
    await person
      .getByRole('group', { name: 'Membership level' })
      .getByLabel(/^Student/)
      .check();
    await submit(person, () => person.getByRole('button', { name: 'See my dues' }).click());
    // No card payment is configured here: no choice of how to pay, the invoice is sent.
    expect(await person.getByRole('group', { name: 'How you will pay' }).count()).toBe(0);
    await submit(person, () => person.getByRole('button', { name: 'Join' }).click());
    expect(new URL(person.url()).pathname).toBe('/me/membership');
    expect(await main(person).textContent()).toContain('Pending: waiting for our eligibility check');
    const mail = await latestEmail(app.server, email, /membership application/);
    expect(mail.text).toContain('Please upload your proof');

    // Not a member yet: Who's Who is closed.
    await visit(person, '/directory?q=Dana', { status: 403 });

    // The proof, through the form on My membership.
    const dir = await mkdtemp(join(tmpdir(), 'civnet-proof-'));
    try {
      const file = join(dir, 'enrolment-letter.pdf');
      await writeFile(file, PDF);
      await visit(person, '/me/membership');
      await person.getByLabel('Proof of eligibility', { exact: true }).setInputFiles(file);
      await submit(person, () => person.getByRole('button', { name: 'Upload proof' }).click());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await person.locator('.flash').textContent()).toContain('enrolment-letter.pdf is sent');
    expect(await main(person).textContent()).toContain('enrolment-letter.pdf, sent');

    // Membership staff decide from the queue.
    const staff = await app.newPage();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/individuals/verification');
    await submit(staff, () => staff.getByRole('link', { name: 'Sasha Studentova' }).click());
    expect(await staff.getByRole('link', { name: 'enrolment-letter.pdf' }).count()).toBe(1);
    await staff
      .getByRole('group', { name: 'Decision' })
      .getByLabel(/^Confirm/)
      .check();
    await submit(staff, () => staff.getByRole('button', { name: 'Record the decision' }).click());
    expect(await staff.locator('.flash').textContent()).toContain("Sasha Studentova's membership is active now");

    // Now a member: Who's Who answers.
    await visit(person, '/me/membership');
    expect(await main(person).textContent()).toContain('Active');
    await visit(person, '/directory?q=Dana');
  });
});
