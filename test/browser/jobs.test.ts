// The job center's journeys (issue 18, C6): an employer (a contact of a member organization)
// posts a job from the footer's "Job center" link; communications staff approve it from the
// moderation queue; a visitor finds it in the search and opens it; a member saves a job search and
// finds it on their page. axe runs on every page reached, at 1280 px, and the search and posting
// pages again at 390 px (nothing wider than the screen).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, signIn, submit, visit } from './harness.js';

const TITLE = 'Deputy Director of Public Works';
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('job center', () => {
  const app = useBrowserApp();

  it('an employer posts a job, staff approve it, it shows in search; a member saves a job search', async () => {
    // 1. The employer posts a job (free: Springfield is a member).
    const employer = await app.newPage();
    await signIn(employer, 'orgcontact@example.org');
    await submit(employer, () => employer.getByRole('contentinfo').getByRole('link', { name: 'Job center' }).click());
    await submit(employer, () => employer.getByRole('main').getByRole('link', { name: 'Post a job' }).click());
    expect(await employer.getByRole('main').textContent()).toContain('posting is free');
    await employer.getByLabel('Job title').fill(TITLE);
    await employer.getByLabel('Employer').fill('City of Springfield');
    await employer.getByLabel('City').fill('Springfield');
    await employer.getByLabel('State').selectOption('IL');
    await employer.getByLabel('Minimum salary (dollars a year)').fill('98000');
    await employer.getByLabel('Maximum salary (dollars a year)').fill('90000');
    await employer.getByLabel('Type of job').selectOption('full_time');
    await employer.getByLabel('Description').fill('Lead the **streets and utilities** divisions.\n\n- Ten years in public works\n- A PE license');
    await employer.getByLabel('How to apply').fill('https://jobs.springfield.example.gov/dpw-deputy');
    // a range upside down is refused, with the message beside the field
    await submit(employer, () => employer.getByRole('button', { name: 'Post the job' }).click(), { status: 400 });
    expect(await employer.locator('#f-salaryMax-error').textContent()).toContain('less than the minimum');
    await employer.getByLabel('Maximum salary (dollars a year)').fill('118000');
    await submit(employer, () => employer.getByRole('button', { name: 'Post the job' }).click());
    expect(new URL(employer.url()).pathname).toBe('/jobs/mine');
    const row = employer.getByRole('row', { name: new RegExp(TITLE) });
    expect(await row.textContent()).toContain('Waiting for review');

    // 2. Communications staff approve it from the queue.
    const staff = await app.newPage();
    await signIn(staff, 'communications@example.org');
    await visit(staff, '/staff/jobs');
    await submit(staff, () => staff.getByRole('link', { name: TITLE }).click());
    await submit(staff, () => staff.getByRole('button', { name: 'Approve and publish' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Approved');

    // 3. A visitor finds it in the search and opens it.
    const visitor = await app.newPage();
    await visit(visitor, '/jobs');
    await visitor.getByLabel('Keywords').fill('public works');
    await visitor.getByLabel('State').selectOption('IL');
    await submit(visitor, () => visitor.getByRole('button', { name: 'Search' }).click());
    await submit(visitor, () => visitor.getByRole('link', { name: TITLE }).click());
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await visitor.locator('script[type="application/ld+json"]').count()).toBe(1);

    // 4. A member saves a job search; it is listed on their page.
    const member = await app.newPage();
    await signIn(member, 'member@example.org');
    await visit(member, '/jobs?q=planner&type=full_time');
    await submit(member, () => member.getByRole('button', { name: 'Save this search' }).click());
    expect(await member.getByRole('status').textContent()).toContain('Search saved');
    expect(await member.getByRole('table', { name: 'Your saved searches' }).textContent()).toContain('Jobs “planner”, full-time');

    // 5. The search and the posting at 390 px.
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/jobs');
    await fits(phone);
    await submit(phone, () => phone.getByRole('link', { name: TITLE }).click());
    await fits(phone);
    await check(phone);
  });
});
