// Committees (O14 leadership roles): an elected official of a member organization finds the
// Northeast Executive Committee's roster, sees that nominations are open, and nominates themself;
// programs staff record the election on the committee's page; the public roster then shows them,
// and never the nominations. At 1280 px and 390 px; axe runs on every page reached.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

describe('committees', () => {
  const app = useBrowserApp();

  it('a member nominates themself, staff record the election, the roster shows them; at 390 px too', async () => {
    // Leon Tran: an elected official of King County (demo data), not nominated yet
    const member = await app.newPage();
    await signIn(member, 'council.kingcounty@example.org');
    await visit(member, '/committees');
    await submit(member, () => member.getByRole('link', { name: 'Northeast Executive Committee' }).click());
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe('Northeast Executive Committee');
    const current = member.getByRole('table', { name: 'Current members' });
    expect(await current.getByRole('row', { name: /Maria Santos/ }).count()).toBe(1);
    expect(await member.getByText('Member at large: 3 seats vacant of 3').count()).toBe(1);
    await submit(member, () => member.getByRole('link', { name: 'Make a nomination' }).click());
    // nothing chosen: the form says what is missing, tied to the field
    await submit(member, () => member.getByRole('button', { name: 'Send the nomination' }).click(), { status: 400 });
    expect(await member.getByRole('combobox', { name: 'Seat' }).getAttribute('aria-invalid')).toBe('true');
    await member.getByRole('combobox', { name: 'Seat' }).selectOption({ label: 'Member at large' });
    await member.getByRole('radio', { name: 'Myself' }).check();
    await member.getByRole('textbox', { name: /^Statement for programs staff/ }).fill('Regional transit is my priority.');
    await submit(member, () => member.getByRole('button', { name: 'Send the nomination' }).click());
    expect(await member.getByRole('status').textContent()).toContain('Your nomination is recorded and stands');
    await visit(member, '/committees/mine');
    const mine = member.getByRole('table', { name: 'Nominations of you' });
    expect(await mine.getByRole('row', { name: /Member at large/ }).textContent()).toContain('Accepted: it stands');

    // a visitor sees no nomination on the roster
    const visitor = await app.newPage();
    await visit(visitor, '/committees/northeast-executive');
    expect(await visitor.getByText('Leon Tran').count()).toBe(0);
    expect(await visitor.getByText('Regional transit').count()).toBe(0);

    // programs staff record the election
    const staff = await app.newPage();
    await signIn(staff, 'programs@example.org');
    await visit(staff, '/staff/committees');
    await submit(staff, () => staff.getByRole('link', { name: 'Northeast Executive Committee' }).click());
    const nominations = staff.getByRole('table', { name: /by-election/ });
    expect(await nominations.getByRole('row', { name: /Leon Tran/ }).textContent()).toContain('Regional transit is my priority.');
    await staff.getByRole('combobox', { name: 'Term', exact: true }).selectOption({ label: await optionLabel(staff, 'termId', /^Member at large/) });
    await staff.getByRole('combobox', { name: 'Accepted nomination' }).selectOption({ label: await optionLabel(staff, 'nominationId', /^Leon Tran for Member at large/) });
    await submit(staff, () => staff.getByRole('button', { name: 'Record the election' }).click());
    expect(await staff.getByRole('status').textContent()).toContain('Election recorded');
    // the details form (axe on it too), left as it was
    await submit(staff, () => staff.getByRole('link', { name: 'Change the name, description, region or reminder' }).click());
    expect(await staff.getByRole('textbox', { name: 'Region' }).inputValue()).toBe('Northeast');
    await staff.goBack();

    // the roster shows them, with their organization and term end
    await visit(visitor, '/committees/northeast-executive');
    const row = visitor.getByRole('table', { name: 'Current members' }).getByRole('row', { name: /Leon Tran/ });
    expect(await row.textContent()).toMatch(/Leon Tran.*Member at large.*King County/);
    expect(await visitor.getByText('Member at large: 2 seats vacant of 3').count()).toBe(1);
    if (process.env.WALK_SHOTS) {
      await visitor.screenshot({ path: `${process.env.WALK_SHOTS}/committee-roster.png`, fullPage: true });
      await staff.screenshot({ path: `${process.env.WALK_SHOTS}/committee-staff.png`, fullPage: true });
    }
    const stored = await app.server.deps.db.selectFrom('audit_log').select('action').where('action', 'in', ['committees.nominated', 'committees.elected']).execute();
    expect(stored.map((s) => s.action).sort()).toEqual(['committees.elected', 'committees.nominated']);

    // on a phone: the roster and the nomination form, without sideways scrolling
    const phone = await app.newPage({ width: 390, height: 844 });
    await visit(phone, '/committees/northeast-executive');
    expect(
      await phone
        .getByRole('table', { name: 'Current members' })
        .getByRole('row', { name: /Leon Tran/ })
        .count(),
    ).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await signIn(phone, 'selectboard@example.org');
    await visit(phone, '/committees/northeast-executive/nominate');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.WALK_SHOTS) await phone.screenshot({ path: `${process.env.WALK_SHOTS}/committee-nominate-phone.png`, fullPage: true });
    await visit(phone, '/committees/mine');
    expect(await phone.getByRole('table', { name: 'Your seats and appointments' }).getByRole('row', { name: /Chair/ }).textContent()).toContain('You hold this seat');
    // and the staff page is not theirs
    await visit(phone, '/staff/committees', { status: 403 });
  }, 180_000);
});

/** The label of the option of a select whose label matches. */
async function optionLabel(page: import('playwright-core').Page, name: string, label: RegExp): Promise<string> {
  const labels = await page.locator(`select[name="${name}"] option`).allTextContents();
  const found = labels.find((l) => label.test(l));
  if (!found) throw new Error(`no option ${label} in ${name}: ${labels.join(' | ')}`);
  return found;
}
