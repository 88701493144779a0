// Student chapters (I8): Maya Chen, president of the University of Kansas chapter (demo data), finds
// her chapter, opens its officers' page and files this year's chapter report (a missing field first,
// tied to its label); membership staff find the report waiting on /staff/chapters and accept it. A
// visitor sees the list (dormant chapters apart) and a chapter's page, with no list of members; a
// signed-in person without a Student membership is told why they cannot join. At 1280 px and 390 px;
// axe runs on every page reached.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('student chapters', () => {
  const app = useBrowserApp();
  // a missing element fails at its line instead of waiting for the test's timeout
  const page = async (viewport?: { width: number; height: number }) => {
    const p = await app.newPage(viewport);
    p.setDefaultTimeout(10_000);
    return p;
  };

  it('an officer files the yearly report, staff see and accept it; the public pages at 1280 and 390 px', async () => {
    const officer = await page();
    await signIn(officer, 'maya.chen@example.org');
    await visit(officer, '/chapters');
    await submit(officer, () => officer.getByRole('link', { name: 'Student Chapter at the University of Kansas' }).click());
    expect(await officer.getByRole('heading', { level: 1 }).textContent()).toBe('Student Chapter at the University of Kansas');
    await submit(officer, () => officer.getByRole('link', { name: 'Manage this chapter' }).click());
    const reports = officer.getByRole('table', { name: 'Reports filed' });
    expect(await reports.getByRole('row').count()).toBeGreaterThan(1);
    // the membership count comes prefilled; a report without activities is refused, the field says why
    expect(await officer.getByRole('textbox', { name: /^Membership count/ }).inputValue()).toBe('5');
    await submit(officer, () => officer.getByRole('button', { name: 'File the report' }).click(), { status: 400 });
    expect(await officer.getByRole('textbox', { name: /^Activities/ }).getAttribute('aria-invalid')).toBe('true');
    await officer.getByRole('textbox', { name: /^Activities/ }).fill('Monthly meetings, a mentoring program with Lawrence city staff and a career panel.');
    await submit(officer, () => officer.getByRole('button', { name: 'File the report' }).click());
    expect(await officer.getByRole('status').textContent()).toContain('Report filed');
    expect(await officer.getByText('This year’s report is filed.').count()).toBe(1);
    const stored = await app.server.deps.db
      .selectFrom('chapter_reports as r')
      .innerJoin('chapters as c', 'c.id', 'r.chapter_id')
      .select(['r.member_count', 'r.accepted_at'])
      .where('c.slug', '=', 'university-of-kansas')
      .where('r.activities', 'like', 'Monthly meetings, a mentoring%')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ member_count: 5, accepted_at: null });

    // membership staff see it waiting and accept it
    const staff = await page();
    await signIn(staff, 'membership@example.org');
    await visit(staff, '/staff/chapters');
    const waiting = staff.getByRole('table', { name: 'Reports waiting to be accepted' });
    await submit(staff, () => waiting.getByRole('link', { name: 'Student Chapter at the University of Kansas' }).click());
    expect(await staff.getByText('Monthly meetings, a mentoring program with Lawrence city staff and a career panel.').count()).toBe(1);
    const accept = staff.getByRole('button', { name: 'Accept the report' });
    expect(await accept.count()).toBe(1);
    await submit(staff, () => accept.click());
    expect(await staff.getByRole('status').textContent()).toContain('Report accepted');
    expect(await staff.getByRole('button', { name: 'Accept the report' }).count()).toBe(0);

    // a visitor on a phone: the list, dormant chapters apart, and a chapter's page without its members
    const phone = await page({ width: 390, height: 844 });
    await visit(phone, '/chapters');
    expect(await phone.getByRole('heading', { name: 'Kansas' }).count()).toBe(1);
    expect(await phone.getByRole('region', { name: 'Dormant chapters' }).getByRole('link', { name: 'UNC Chapel Hill Student Chapter' }).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await submit(phone, () => phone.getByRole('link', { name: 'Student Chapter at the University of Kansas' }).click());
    const officers = phone.getByRole('table', { name: 'Officers' });
    expect(await officers.getByRole('row', { name: /Maya Chen/ }).textContent()).toMatch(/President.*Maya Chen/);
    expect(await phone.getByText('5 student members').count()).toBe(1);
    expect(await phone.getByText('Noah Fischer').count()).toBe(0);
    expect(await phone.getByRole('link', { name: 'Sign in to join this chapter' }).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visit(phone, '/chapters/unc-chapel-hill');
    expect(await phone.getByText('This chapter is dormant since').count()).toBe(1);
    // it takes nobody: no sign-in to join, and whom to write to about restarting it
    expect(await phone.getByRole('link', { name: 'Sign in to join this chapter' }).count()).toBe(0);
    expect(await phone.getByRole('link', { name: 'membership@example.org' }).count()).toBe(1);

    // a signed-in person with no Student membership is told why they cannot join
    await signIn(phone, 'student@example.org');
    await visit(phone, '/chapters/arizona-state-university');
    expect(await phone.getByText('Only student members can join a chapter').count()).toBe(1);
    expect(await phone.getByRole('button', { name: 'Join this chapter' }).count()).toBe(0);
    // and the officers' page is not theirs
    await visit(phone, '/chapters/university-of-kansas/manage', { status: 403 });
    // the officer's page at 390 px
    const officerPhone = await page({ width: 390, height: 844 });
    await signIn(officerPhone, 'maya.chen@example.org');
    await visit(officerPhone, '/chapters/university-of-kansas/manage');
    expect(await officerPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // removing an event asks first, on a page of its own naming it; Cancel goes back
    await submit(officerPhone, () =>
      officerPhone
        .getByRole('table', { name: 'The chapter’s events' })
        .getByRole('link', { name: /^Remove / })
        .first()
        .click(),
    );
    expect(await officerPhone.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Remove “.+” on [A-Z][a-z]{2} \d{1,2}, \d{4}\?$/);
    await submit(officerPhone, () => officerPhone.getByRole('link', { name: 'Cancel' }).click());
    expect(await officerPhone.getByRole('heading', { level: 1 }).textContent()).toBe('Manage Student Chapter at the University of Kansas');
  }, 240_000);
});
