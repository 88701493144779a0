// Importing organizations (issue 21, P5): membership staff find Import on the staff home, upload a
// CSV with a bad row, read the dry run's report, upload the fixed file, check it and import it.
// axe runs on every page reached.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './app.js';
import { signIn, submit, visit } from './harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'civnet-import-browser-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const HEADER = 'external_id,name,entity_type,state,population';
const bad = write('bad.csv', `${HEADER}\nB1,Lakeside Village,town,MI,2100\nB2,Harbor City,city,XX,9000\n`);
const good = write('good.csv', `${HEADER}\nB1,Lakeside Village,town,MI,2100\nB2,Harbor City,city,OR,9000\n`);

describe('import', () => {
  const app = useBrowserApp();

  it('membership staff check a file, read the report, fix it and import it', async () => {
    const page = await app.newPage();
    await signIn(page, 'membership@example.org');
    await visit(page, '/staff');
    await submit(page, () => page.getByRole('link', { name: 'Import' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Import organizations');

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
    expect(await page.getByRole('main').textContent()).toContain('All 2 row(s) are ready to import');
    await submit(page, () => page.getByRole('button', { name: 'Import 2 row(s)' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Imported 2 row(s): 2 created');
  });
});
