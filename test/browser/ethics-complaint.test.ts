// A visitor files an ethics complaint with a PDF attached, confirms it through the emailed link,
// sees the acknowledgment and the status page (the stage, nothing more); ethics staff find the
// case in their queue; the public censures page lists the demo's censure. axe runs on every page
// reached, at 1280 px and at 390 px.
import { describe, expect, it } from 'vitest';
import { ethicsPublishedCode, PDF } from '../factories/index.js';
import { useBrowserApp } from './app.js';
import { latestEmail, signIn, submit, visit } from './harness.js';

describe('ethics complaint', () => {
  const app = useBrowserApp();

  for (const width of [1280, 390]) {
    it(`a visitor files a complaint with an attachment and confirms it; ethics staff see the case (${width} px)`, async () => {
      await ethicsPublishedCode(app.server, ['Integrity', 'Conflicts of interest']);
      const email = `complainant-${width}@example.net`;
      const facts = `The manager awarded a contract to a relative’s firm (${width}).`;
      const page = await app.newPage({ width, height: 900 });
      await visit(page, '/ethics/complaints/new');
      // sent empty: every required field says so
      await submit(page, () => page.getByRole('button', { name: 'Send the complaint' }).click(), { status: 400 });
      expect(await page.getByRole('alert').first().textContent()).toContain('Enter your name.');
      await page.getByLabel('Your name').fill('Jordan Visitor');
      await page.getByLabel('Your email').fill(email);
      await page.getByLabel('Name of the member concerned').fill('Morgan Manager');
      await page.getByLabel('Their organization').fill('City of Example');
      await page.getByLabel('Their position').fill('City Manager');
      await page.getByLabel('Tenet 2: Conflicts of interest').check();
      await page.getByLabel('The facts').fill(facts);
      await page.getByLabel('Attachments').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: PDF });
      await submit(page, () => page.getByRole('button', { name: 'Send the complaint' }).click());
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');

      const confirm = await latestEmail(app.server, email, /Confirm your ethics complaint/);
      const link = confirm.paths.find((p) => p.startsWith('/ethics/complaints/confirm'));
      expect(link).toBeDefined();
      await visit(page, link ?? '');
      await submit(page, () => page.getByRole('button', { name: 'Confirm and send the complaint' }).click());
      expect(await page.getByRole('status').textContent()).toContain('your complaint is received');
      expect(await page.getByText('Stage: received').count()).toBe(1);
      expect(await page.content()).not.toContain(facts);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      // the acknowledgment carries the private status link
      const ack = await latestEmail(app.server, email, /Your ethics complaint is received/);
      const status = ack.paths.find((p) => p.startsWith('/ethics/complaints/status/'));
      expect(status).toBe(new URL(page.url()).pathname);
      const reference = /ETH-[0-9A-F]{8}/.exec(ack.subject)?.[0] ?? '';

      const staff = await app.newPage({ width, height: 900 });
      await signIn(staff, 'ethics@example.org');
      await visit(staff, '/staff/ethics');
      await submit(staff, () => staff.getByRole('link', { name: reference }).click());
      expect(await staff.getByText(facts).count()).toBe(1);
      expect(await staff.getByRole('link', { name: 'contract.pdf' }).count()).toBe(1);
      await visit(staff, '/staff/ethics/committee');
      await visit(staff, '/ethics/censures');
      expect(await staff.getByText('Gerald Pike').count()).toBe(1);
    });
  }
});
