// Importing (issue 21, P5): membership staff find Import on the staff home, upload a CSV of
// organizations with a bad row, read the dry run's report, upload the fixed file, check it and
// import it (a background job: the page shows its progress, then the result, linking the
// organizations created, with nothing left to run); then, on a phone,
// the organizations' contacts. axe runs on every page reached, at 1280 and 390 px.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { check, signIn, submit, visit } from './harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'civnet-import-browser-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const HEADER = 'external_id,name,entity_type,state,population';
const bad = write('bad.csv', `${HEADER}\nB1,Lakeside Village,town,MI,2100\nB2,Harbor City,city,XX,9000\n`);
const good = write('good.csv', `${HEADER}\nB1,Lakeside Village,town,MI,2100\nB2,Harbor City,city,OR,9000\n`);
const contacts = write(
  'contacts.csv',
  'external_id,organization_external_id,email,name,role,title\nP1,B1,clerk@lakeside-village.example,Lee Clerk,admin,Clerk\nP2,B2,manager@harbor-city.example,Kim Manager,contact,City Manager\n',
);

/** After "Import": the page shows the progress until the job ends, then the result (the script reloads it). */
async function imported(page: Page) {
  await page.getByRole('heading', { name: 'Imported', level: 2 }).waitFor({ timeout: 60_000 });
  await check(page);
  return (await page.getByRole('main').textContent()) ?? '';
}

describe('import', () => {
  const app = useBrowserApp();

  it('membership staff check a file, read the report, fix it and import it', async () => {
    const page = await app.newPage();
    await signIn(page, 'membership@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Import' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Import from another system');

    const upload = async (file: string) => {
      await page.getByLabel('Source').fill('Old CRM');
      await page.getByLabel('CSV file').setInputFiles(file);
      await submit(page, () => page.getByRole('button', { name: 'Upload and match columns' }).click());
    };
    await upload(bad);
    // the columns were matched by their names
    expect(await page.getByLabel('State').inputValue()).toBe('state');
    await submit(page, () => page.getByRole('button', { name: 'Check every row (dry run)' }).click(), { status: 422 });
    const problems = page.getByRole('table', { name: 'Problems' });
    expect(await problems.textContent()).toContain('“XX” is not a US state code');
    expect(await page.getByRole('link', { name: 'Download the report (CSV)' }).count()).toBe(1);

    await visit(page, '/staff/import');
    await upload(good);
    await submit(page, () => page.getByRole('button', { name: 'Check every row (dry run)' }).click());
    expect(await page.getByRole('main').textContent()).toContain('All 2 rows are ready to import');
    await submit(page, () => page.getByRole('button', { name: 'Import 2 rows' }).click());
    expect(await imported(page)).toContain('2 rows: 2 organizations created, 0 updated, 0 unchanged');
    // The finished file's page: no mapping, no dry run, no import again; the organizations created, linked.
    expect(await page.getByRole('button', { name: 'Check every row (dry run)' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Import / }).count()).toBe(0);
    const made = page.getByRole('list', { name: 'The organizations created:' });
    expect(await made.getByRole('link').allTextContents()).toEqual(['Lakeside Village', 'Harbor City']);
    await submit(page, () => made.getByRole('link', { name: 'Harbor City' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Harbor City');

    // Their contacts, on a phone.
    const phone = await app.newPage({ width: 390, height: 844 });
    await signIn(phone, 'membership@example.org');
    await visit(phone, '/staff/import');
    await phone.getByLabel('The file holds').selectOption('contacts');
    await phone.getByLabel('Source').fill('Old CRM');
    await phone.getByLabel('CSV file').setInputFiles(contacts);
    await submit(phone, () => phone.getByRole('button', { name: 'Upload and match columns' }).click());
    expect(await phone.getByLabel('Organization external id').inputValue()).toBe('organization_external_id');
    await submit(phone, () => phone.getByRole('button', { name: 'Check every row (dry run)' }).click());
    await submit(phone, () => phone.getByRole('button', { name: 'Import 2 rows' }).click());
    expect(await imported(phone)).toContain('2 rows: 2 contacts created');
  });
});
