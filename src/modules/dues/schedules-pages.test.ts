// Dues schedule versions through the staff pages (the list, the form, its errors, replacing and
// deleting), and the quote cache seeing a change made elsewhere. (The API: schedules.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, scheduleHelpers, scheduleWorld } from '../../../test/dues-schedules.js';
import { aScheduleWrittenElsewhere } from '../../../test/factories/index.js';
import { createAccount, PASSWORD, type TestClient, type TestContext, todayThere } from '../../../test/helpers.js';
import { byId, dom, errorOf, formValuesOf, rowsOf, textOf, textsOf } from '../../../test/html.js';
import { CACHE_TTL_MS } from './cache.js';

let ctx: TestContext;
let membership: TestClient;
let finance: TestClient;
let visitor: TestClient;
let inForceId: string;
let year: number;

beforeAll(async () => {
  ({ ctx, year, membership, finance, visitor, inForceId } = await scheduleWorld());
});
afterAll(() => ctx?.close());

const { snapshot, publish, quoteOn } = scheduleHelpers(() => ({ ctx, membership, visitor }));

describe('staff pages', () => {
  it('the list shows every version and which one is in force today', async () => {
    const res = await membership.get('/staff/dues');
    expect(res.statusCode).toBe(200);
    const versions = rowsOf(res.body, 'Dues schedule versions, newest first');
    const statusOf = (day: string) => versions.find((row) => row[0]?.endsWith(day))?.[1];
    expect(statusOf('Jan 1, 2020')).toMatch(/^In force today/);
    expect(statusOf('Jan 1, 2015')).toMatch(/^Replaced/);
    expect(res.body).toContain('href="/staff/dues/new"');
    expect((await finance.get('/staff/dues')).statusCode).toBe(403);
  });

  it('the staff area links to the dues schedules for membership staff only', async () => {
    expect((await membership.get('/staff')).body).toContain('href="/staff/dues"');
    expect((await finance.get('/staff')).body).not.toContain('href="/staff/dues"');
  });

  it('the new-version form starts from the bands in force today', async () => {
    const res = await membership.get('/staff/dues/new');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('50,001 - 100,000: 1,200');
    expect(res.body).toContain('4,000,001 and over: 8,000');
    expect(textOf(res.body, 'label[for="f-effective_from"]')).toBe('Starts on');
  });

  const formFor = (day: string, cityBands: string) => ({
    effective_from: day,
    note: 'From the form',
    mode_city: 'bands',
    bands_city: cityBands,
    mode_county: 'bands',
    bands_county: '1 - 50,000: 600\n50,001 and over: $1,000.50',
    mode_town: 'bands',
    bands_town: '1-1000: 100\n1001+: 200',
    mode_tribal_nation: 'contact',
    bands_tribal_nation: '',
    mode_region: 'contact',
    bands_region: '',
  });

  it('a valid form creates the version and shows it', async () => {
    const day = `${year + 8}-01-01`;
    const res = await membership.postForm('/staff/dues', formFor(day, '1 - 50,000: 650\n\n50,001 and over: 1,300'));
    expect(res.statusCode).toBe(303);
    const page = await membership.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Saved as a draft. This version starts on');
    expect(page.body).toContain('$1,000.50');
    expect(page.body).toContain('Replace this version');
    expect(page.body).toContain('Draft (staff only)');
    const id = String(res.headers.location).split('/').pop();
    // Publishing goes through a confirmation page, linked from the draft's page; its button posts.
    expect(page.body).toContain(`href="/staff/dues/${id}/publish"`);
    const published = await membership.postForm(`/staff/dues/${id}/publish`, {});
    expect(published.statusCode).toBe(303);
    expect(textOf((await membership.get(String(published.headers.location))).body, '.flash')).toBe(
      `Published. Visitors see this version at once, under “New dues from Jan 1, ${year + 8}” on the public dues page, and quotes use it from Jan 1, ${year + 8}.`,
    );
    expect(await quoteOn(day)).toMatchObject({ amountCents: 130_000, band: { min: 50_001, max: null } });
    expect((await visitor.getJson(`/api/v1/dues/quote?entityType=tribal_nation&population=5000&on=${day}`)).json()).toEqual({
      contactRequired: true,
      contactEmail: 'info@test.example',
    });
  });

  it('a gap in the bands is shown beside the field, with status 400, and nothing changes', async () => {
    const before = await snapshot();
    const res = await membership.postForm('/staff/dues', formFor(`${year + 9}-01-01`, '1 - 50,000: 650\n60,000 and over: 1,300'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#f-bands_city"');
    expect(errorOf(res.body, 'bands_city')).toEqual({ hidden: 'Error:', message: expect.stringMatching(/^Cities, band 2: the lower bound must be 50,001/) });
    expect(res.body).toContain('60,000 and over: 1,300</textarea>');
    expect(await snapshot()).toEqual(before);
  });

  it('a line that cannot be read is named', async () => {
    const res = await membership.postForm('/staff/dues', formFor(`${year + 9}-01-01`, '1 - 50,000: 650\nlots: 1,300'));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'bands_city').message).toMatch(/^Cities, line 2: write each band like/);
  });

  it('the bands field says when it is needed, and is not marked optional', async () => {
    const form = await membership.get('/staff/dues/new');
    expect(textOf(form.body, 'label[for="f-bands_city"]')).toBe('Population bands for cities (needed when dues are set by population band)');
    expect(textOf(form.body, 'label[for="f-bands_tribal_nation"]')).toBe('Population bands for Tribal nations (needed when dues are set by population band)');
    expect(textOf(form.body, '#f-bands_region-hint')).toMatch(/Leave it empty when dues are set by “Contact us”/);
    expect(textsOf(form.body, 'label').join(' ')).not.toMatch(/bands[^(]*\(optional\)/i);
  });

  it('a type priced by band with no bands says its bands are needed, in the summary and beside the field', async () => {
    const before = await snapshot();
    const res = await membership.postForm('/staff/dues', { ...formFor(`${year + 9}-01-01`, ''), mode_tribal_nation: 'bands' });
    expect(res.statusCode).toBe(400);
    const cities = 'Cities are priced by population band, so their bands are needed: write at least one band, or set “How dues are set” to “Contact us”.';
    expect(errorOf(res.body, 'bands_city').message).toBe(cities);
    expect(errorOf(res.body, 'bands_tribal_nation').message).toBe(
      'Tribal nations are priced by population band, so their bands are needed: write at least one band, or set “How dues are set” to “Contact us”.',
    );
    const summary = dom(res.body).querySelectorAll('.error-summary a');
    expect(summary.map((a) => [a.getAttribute('href'), a.text])).toContainEqual(['#f-bands_city', cities]);
    expect(await snapshot()).toEqual(before);
  });

  it('every message in the summary is a sentence naming the type and band, linked to its field, with the same words beside the field', async () => {
    const before = await snapshot();
    const res = await membership.postForm('/staff/dues', {
      ...formFor(`${year + 9}-01-01`, '1 - 50,000: 650\n60,000 and over: 1,300'),
      bands_county: '1 - 50,000: 600\n40,000 - 90,000: 800\n90,001 and over: 900',
      bands_town: '5 - 1000: 100\n1001 and over: 200',
      note: 'x'.repeat(501),
    });
    expect(res.statusCode).toBe(400);
    const links = dom(res.body).querySelectorAll('.error-summary a');
    const summary = Object.fromEntries(links.map((a) => [String(a.getAttribute('href')).replace('#f-', ''), a.text]));
    expect(summary).toEqual({
      note: 'The note is too long: use at most 500 characters.',
      bands_city: 'Cities, band 2: the lower bound must be 50,001, one above where band 1 ends (with 60,000, populations 50,001 to 59,999 would have no dues).',
      bands_county: 'Counties, band 2: the lower bound must be 50,001, one above where band 1 ends (40,000 overlaps band 1, which goes up to 50,000).',
      bands_town: 'Towns, band 1: the lower bound must be 1, not 5: the first band covers the smallest populations.',
    });
    for (const [field, message] of Object.entries(summary)) expect(errorOf(res.body, field).message).toBe(message);
    expect(await snapshot()).toEqual(before);
  });

  it('the version in force cannot be edited, replaced or deleted from the pages', async () => {
    const before = await snapshot();
    const page = await membership.get(`/staff/dues/${inForceId}`);
    expect(page.body).toContain('has taken effect, so it cannot be changed');
    expect(page.body).not.toContain('Replace this version');
    expect((await membership.get(`/staff/dues/${inForceId}/edit`)).statusCode).toBe(409);
    expect((await membership.postForm(`/staff/dues/${inForceId}`, formFor(`${year + 9}-01-01`, '1 and over: 1'))).statusCode).toBe(409);
    expect((await membership.postForm(`/staff/dues/${inForceId}/delete`, {})).statusCode).toBe(409);
    expect((await membership.get(`/staff/dues/${inForceId}/delete`)).statusCode).toBe(409);
    const sameDate = await membership.postForm('/staff/dues', formFor('2020-01-01', '1 and over: 1'));
    expect(sameDate.statusCode).toBe(409);
    expect(sameDate.body).toContain('has already taken effect');
    expect(await snapshot()).toEqual(before);
  });

  it('a future version is replaced and deleted through the pages', async () => {
    const created = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 10}-01-01`))).json();
    const edit = await membership.get(`/staff/dues/${created.id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain(`value="${year + 10}-01-01"`);
    const replaced = await membership.postForm(`/staff/dues/${created.id}`, formFor(`${year + 10}-01-01`, '1 and over: 5'));
    expect(replaced.statusCode).toBe(303);
    await publish(created.id);
    expect(await quoteOn(`${year + 10}-01-01`)).toMatchObject({ amountCents: 500 });
    // Deleting goes through a confirmation page linked from the version's page; its button posts.
    expect((await membership.get(`/staff/dues/${created.id}`)).body).toContain(`href="/staff/dues/${created.id}/delete"`);
    const confirm = await membership.get(`/staff/dues/${created.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`action="/staff/dues/${created.id}/delete"`);
    const deleted = await membership.postForm(`/staff/dues/${created.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect(await quoteOn(`${year + 10}-01-01`)).toMatchObject({ scheduleEffectiveFrom: `${year + 8}-01-01` });
  });
});

describe('publishing through a confirmation page', () => {
  it('the confirmation says from which day, who pays it and what /dues shows; Cancel changes nothing', async () => {
    const day = `${year + 4}-01-01`;
    const made = await membership.sendJson('POST', '/api/v1/dues/schedules', body(day));
    const id: string = made.json().id;
    const draft = await membership.get(`/staff/dues/${id}`);
    expect(draft.body).toContain(`href="/staff/dues/${id}/publish"`);
    expect(draft.body).not.toContain(`action="/staff/dues/${id}/publish"`);
    const before = await snapshot();
    const confirm = await membership.get(`/staff/dues/${id}/publish`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toBe(`Publish the dues schedule from Jan 1, ${year + 4}?`);
    const said = textOf(confirm.body, 'main');
    expect(said).toContain(`Renewals of terms that start on or after Jan 1, ${year + 4} pay these dues`);
    expect(said).toContain(`applications sent from Jan 1, ${year + 4}`);
    expect(said).toContain(`the public dues page (/dues) shows these dues under “New dues from Jan 1, ${year + 4}”`);
    expect(said).toContain('Until then, the version from Jan 1, 2020 stays in force');
    expect(confirm.body).toContain(`action="/staff/dues/${id}/publish"`);
    expect(textsOf(confirm.body, 'main form button')).toEqual(['Publish this version']);
    expect(rowsOf(confirm.body, 'Cities, counties, towns and Tribal nations: annual dues by population')[0]).toEqual(['1 to 50,000', '$700']);
    // Staff read what visitors of /dues are told about the types priced by "contact us", in staff words.
    expect(said).toContain('Regional entities are asked to email info@test.example: their dues are agreed with each one rather than set by population.');
    expect(said).not.toMatch(/with you\b/);
    const cancel = byId(confirm.body, 'main')
      .querySelectorAll('a')
      .find((a) => a.text.trim() === 'Cancel');
    expect(cancel?.getAttribute('href')).toBe(`/staff/dues/${id}`);
    // Looking at the confirmation (and cancelling, a link back) changes nothing.
    expect((await membership.get(String(cancel?.getAttribute('href')))).body).toContain('Draft (staff only)');
    expect(await snapshot()).toEqual(before);
    expect((await visitor.get('/dues')).body).not.toContain(`New dues from Jan 1, ${year + 4}`);
    // Only membership staff see it; a version already published sends back to its page.
    expect((await finance.get(`/staff/dues/${id}/publish`)).statusCode).toBe(403);
    const published = await membership.postForm(`/staff/dues/${id}/publish`, {});
    expect(published.statusCode).toBe(303);
    expect(textOf((await membership.get(String(published.headers.location))).body, '.flash')).toBe(
      `Published. Visitors see this version at once, under “New dues from Jan 1, ${year + 4}” on the public dues page, and quotes use it from Jan 1, ${year + 4}.`,
    );
    expect(textOf((await visitor.get('/dues')).body, '#next-schedule')).toBe(`New dues from Jan 1, ${year + 4}`);
    const again = await membership.get(`/staff/dues/${id}/publish`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/staff/dues/${id}`);
    // A draft after it: /dues shows it only once this one has started, and the page says so.
    const later: string = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 5}-01-01`))).json().id;
    const laterSaid = textOf((await membership.get(`/staff/dues/${later}/publish`)).body, 'main');
    expect(laterSaid).toContain(`Until then, the version from Jan 1, ${year + 4} applies, from the day it starts.`);
    expect(laterSaid).toContain(`Once the version from Jan 1, ${year + 4} has started, the public dues page (/dues) shows these dues under “New dues from Jan 1, ${year + 5}”`);
    expect(laterSaid).not.toContain('Visitors see it at once');
    // Published, it says the same: visitors see it once the version before it has started, not at once.
    const laterPublished = await membership.postForm(`/staff/dues/${later}/publish`, {});
    expect(laterPublished.statusCode).toBe(303);
    expect(textOf((await membership.get(String(laterPublished.headers.location))).body, '.flash')).toBe(
      `Published. Visitors see this version on the public dues page once the version from Jan 1, ${year + 4} has started, and quotes use it from Jan 1, ${year + 5}.`,
    );
    expect(textOf((await visitor.get('/dues')).body, '#next-schedule')).toBe(`New dues from Jan 1, ${year + 4}`);
    expect((await membership.sendJson('DELETE', `/api/v1/dues/schedules/${later}`, {})).statusCode).toBeLessThan(300);
    expect((await membership.sendJson('DELETE', `/api/v1/dues/schedules/${id}`, {})).statusCode).toBeLessThan(300);
  });

  it('a draft starting today says it takes effect at once', async () => {
    const today = todayThere(ctx);
    const made = await membership.sendJson('POST', '/api/v1/dues/schedules', body(today));
    expect(made.statusCode).toBe(201);
    const id: string = made.json().id;
    const said = textOf((await membership.get(`/staff/dues/${id}/publish`)).body, 'main');
    expect(said).toContain('It starts today');
    expect(said).toContain('the public dues page (/dues) shows these dues as the dues in force');
    expect((await membership.sendJson('DELETE', `/api/v1/dues/schedules/${id}`, {})).statusCode).toBeLessThan(300);
  });

  it('once a draft starting today is published, the message says visitors see it at once as the dues in force', async () => {
    // On a later day (a version published today could not be deleted again): a staff member signs in that day.
    const day = `${year + 14}-06-01`;
    const id: string = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(day))).json().id;
    const saved = ctx.clock.now();
    ctx.clock.set(`${day}T15:00:00Z`);
    try {
      const then = ctx.client();
      await then.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
      const published = await then.postForm(`/staff/dues/${id}/publish`, {});
      expect(published.statusCode).toBe(303);
      expect(textOf((await then.get(String(published.headers.location))).body, '.flash')).toBe(
        `Published. Visitors see this version at once, as the dues in force on the public dues page, and quotes use it from today, Jun 1, ${year + 14}.`,
      );
    } finally {
      ctx.clock.set(saved);
    }
    expect((await membership.sendJson('DELETE', `/api/v1/dues/schedules/${id}`, {})).statusCode).toBeLessThan(300);
  });
});

describe('a draft whose start day has passed', () => {
  it('its page and the confirmation say it must be given a start day of today or later, link to the form, and offer no Publish', async () => {
    const id: string = (await membership.sendJson('POST', '/api/v1/dues/schedules', body(`${year + 12}-01-01`))).json().id;
    const saved = ctx.clock.now();
    ctx.clock.set(`${year + 12}-02-01T12:00:00Z`);
    try {
      // Sessions of today would be idle by then: a staff member signs in on that day.
      const later = ctx.client();
      await later.signIn((await createAccount(ctx, { roles: ['membership'] })).email, PASSWORD);
      const notice = `Its start day, Jan 1, ${year + 12}, has passed, so it cannot be published as it is: a version is published only with a start day of today or later.`;
      const linksOf = (html: string) =>
        byId(html, 'main')
          .querySelectorAll('a')
          .map((a) => [a.text.trim(), a.getAttribute('href')]);

      // The list says so in its row, so staff know it needs a new day before it can be published.
      const listed = async () => rowsOf((await later.get('/staff/dues')).body, 'Dues schedule versions, newest first').find((row) => row[0] === `Jan 1, ${year + 12}`)?.[1];
      expect(await listed()).toBe('Draft (staff only). Its start day has passed, so it needs a new one before it can be published.');

      const page = await later.get(`/staff/dues/${id}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body, 'main')).toContain(notice);
      expect(linksOf(page.body)).toContainEqual(['Choose a new start day', `/staff/dues/${id}/edit`]);
      expect(page.body).not.toContain(`href="/staff/dues/${id}/publish"`);
      expect(textsOf(page.body, 'main a, main button')).not.toContain('Publish this version');

      // Following an old link to the confirmation: refused (409), in the same words, with the same way on.
      const before = await snapshot();
      const confirm = await later.get(`/staff/dues/${id}/publish`);
      expect(confirm.statusCode).toBe(409);
      expect(textOf(confirm.body, 'h1')).toBe(`The dues schedule from Jan 1, ${year + 12} cannot be published yet`);
      expect(textOf(confirm.body, 'main')).toContain(notice);
      expect(linksOf(confirm.body)).toContainEqual(['Choose a new start day', `/staff/dues/${id}/edit`]);
      expect(linksOf(confirm.body)).toContainEqual(['Back to the version', `/staff/dues/${id}`]);
      expect(confirm.body).not.toContain(`action="/staff/dues/${id}/publish"`);
      // The post is refused as before, and nothing changes.
      expect((await later.postForm(`/staff/dues/${id}/publish`, {})).statusCode).toBe(409);
      expect(await snapshot()).toEqual(before);

      // The form says what to do; the passed day again is refused beside the field, a later one saves.
      const edit = await later.get(`/staff/dues/${id}/edit`);
      expect(textOf(edit.body, 'main')).toContain(`This draft’s start day, Jan 1, ${year + 12}, has passed: choose today or a later day under “Starts on”.`);
      const values = formValuesOf(edit.body);
      const again = await later.postForm(`/staff/dues/${id}`, values);
      expect(again.statusCode).toBe(400);
      expect(errorOf(again.body, 'effective_from').message).toBe(`Choose today (Feb 1, ${year + 12}) or a later date: dues cannot start on a day that has passed.`);
      const fixed = await later.postForm(`/staff/dues/${id}`, { ...values, effective_from: `${year + 12}-03-01` });
      expect(fixed.statusCode).toBe(303);
      const row = rowsOf((await later.get('/staff/dues')).body, 'Dues schedule versions, newest first').find((r) => r[0] === `Mar 1, ${year + 12}`);
      expect(row?.[1]).toBe('Draft (staff only)');
      expect(await listed()).toBeUndefined();
      const ready = await later.get(`/staff/dues/${id}`);
      expect(ready.body).toContain(`href="/staff/dues/${id}/publish"`);
      expect(textOf(ready.body, 'main')).not.toContain('has passed, so it cannot be published');
      expect((await later.get(`/staff/dues/${id}/publish`)).statusCode).toBe(200);
      expect((await later.sendJson('DELETE', `/api/v1/dues/schedules/${id}`, {})).statusCode).toBeLessThan(300);
    } finally {
      ctx.clock.set(saved);
    }
  });
});

describe('the quote cache', () => {
  it('once a later version is published, /dues shows it beside the one in force, with the day it starts', async () => {
    const day = `${year + 3}-01-01`;
    const made = await membership.sendJson('POST', '/api/v1/dues/schedules', body(day));
    expect(made.statusCode).toBe(201);
    const id: string = made.json().id;
    const caption = `Cities, counties, towns and Tribal nations: annual dues by population from Jan 1, ${year + 3}`;
    // a draft is not shown to visitors
    expect((await visitor.get('/dues')).body).not.toContain(`New dues from Jan 1, ${year + 3}`);
    await publish(id);
    const page = await visitor.get('/dues');
    expect(textOf(page.body, '#next-schedule')).toBe(`New dues from Jan 1, ${year + 3}`);
    expect(rowsOf(page.body, caption)).toEqual([
      ['1 to 50,000', '$700'],
      ['50,001 to 250,000', '$2,000'],
      ['250,001 and over', '$9,000'],
    ]);
    // the version in force is still the one quoted and shown first
    expect(rowsOf(page.body, 'Cities, counties, towns and Tribal nations: annual dues by population')[0]).toEqual(['1 to 50,000', '$600']);
    expect((await membership.sendJson('DELETE', `/api/v1/dues/schedules/${id}`, {})).statusCode).toBeLessThan(300);
  });

  it('sees a change made by another process once the cache has expired', async () => {
    const day = `${year + 20}-01-01`;
    expect(await quoteOn(day)).toMatchObject({ scheduleEffectiveFrom: `${year + 8}-01-01` });
    // Another process: a row written straight to the database, so this process's cache is not told.
    await aScheduleWrittenElsewhere(ctx, day);
    expect(await quoteOn(day)).toMatchObject({ scheduleEffectiveFrom: `${year + 8}-01-01` });
    ctx.clock.advance(CACHE_TTL_MS);
    expect(await quoteOn(day)).toEqual({ contactRequired: true, contactEmail: 'info@test.example' });
  });
});
