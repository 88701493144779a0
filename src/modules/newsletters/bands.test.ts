// Newsletter segments by population band: the campaign form offers organizations' six bands, a
// segment by them reaches exactly the subscribers whose organization is in one of the bands ticked,
// a key that is no band reaches nobody, and segments stored with the old four bands mean the same
// populations after migration 0099 (drafts and sent campaigns alike).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aNewsletterList, confirmedSubscribers, memberContacts, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom, termValue } from '../../../test/html.js';
import { up } from '../../db/migrations/0099_newsletter_population_bands.js';
import type { NewsletterSegment } from '../../db/types.js';
import { releaseCampaign, runCampaign, saveCampaign } from './index.js';
import { countSegment } from './segment.js';

let ctx: TestContext;
let staff: Awaited<ReturnType<typeof signedInStaff>>;
let listId: string;

// One subscriber per member organization, at each band's boundaries.
const POPULATIONS = [9_999, 10_000, 49_999, 50_000, 99_999, 100_000, 249_999, 250_000, 999_999, 1_000_000, 5_000_000];
const reader = new Map<number, string>();
/** The subscribers whose organization's population is within [min, max]. */
const readersIn = (...ranges: Array<[number, number]>) =>
  POPULATIONS.filter((p) => ranges.some(([min, max]) => p >= min && p <= max))
    .map((p) => reader.get(p) ?? '')
    .sort();

beforeAll(async () => {
  ctx = await createTestContext();
  staff = await signedInStaff(ctx, 'communications');
  listId = (await aNewsletterList(ctx, { audience: 'members' })).id;
  for (const population of POPULATIONS) {
    const email = uniqueEmail(`pop${population}`);
    reader.set(population, email);
    await memberContacts(ctx, [email], { state: 'NM', population });
  }
  await confirmedSubscribers(ctx, listId, [...reader.values()]);
});
afterAll(async () => {
  await ctx?.close();
});

/** Who got the campaign with this subject. */
const recipientsOf = async (subject: string) =>
  (await ctx.deps.db.selectFrom('outbox').select('to_address').where('subject', '=', subject).execute()).map((r) => String(r.to_address)).sort();
const campaign = (id: string) => ctx.deps.db.selectFrom('newsletter_campaigns').select(['id', 'list_id', 'segment', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
/** The boxes of the form's Population group: each label and whether it is ticked. */
function populationBoxes(html: string) {
  const group = dom(html)
    .querySelectorAll('fieldset')
    .find((f) => f.querySelector('legend')?.text.trim() === 'Population');
  if (!group) throw new Error('no Population group');
  return group.querySelectorAll('input[type="checkbox"]').map((i) => {
    const id = i.getAttribute('id');
    return { name: i.getAttribute('name'), label: group.querySelector(`label[for="${id}"]`)?.text.trim(), ticked: i.hasAttribute('checked') };
  });
}

describe('the campaign form', () => {
  it('offers the six population bands', async () => {
    const page = await staff.client.get('/staff/newsletters/campaigns/new');
    expect(page.statusCode).toBe(200);
    expect(populationBoxes(page.body)).toEqual([
      { name: 'band_under-10k', label: 'Under 10,000', ticked: false },
      { name: 'band_10k-50k', label: '10,000 to 49,999', ticked: false },
      { name: 'band_50k-100k', label: '50,000 to 99,999', ticked: false },
      { name: 'band_100k-250k', label: '100,000 to 249,999', ticked: false },
      { name: 'band_250k-1m', label: '250,000 to 999,999', ticked: false },
      { name: 'band_over-1m', label: '1,000,000 and over', ticked: false },
    ]);
    // the list is needed: its field says so, not "(optional)"
    const select = dom(page.body).querySelector('select[name="listId"]');
    expect(select?.hasAttribute('required')).toBe(true);
    expect(
      dom(page.body)
        .querySelector(`label[for="${select?.getAttribute('id')}"]`)
        ?.text.replace(/\s+/g, ' ')
        .trim(),
    ).toBe('List');
  });
});

describe('a segment by population band', () => {
  it('counts and sends to the subscribers of organizations in the bands ticked, and no others', async () => {
    const subject = 'For mid-sized and the largest';
    const made = await staff.client.postForm('/staff/newsletters/campaigns', { listId, subject, body: 'Hello.', 'band_50k-100k': 'yes', 'band_over-1m': 'yes' });
    expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
    const id = String(made.headers.location).split('/').pop() ?? '';
    expect((await campaign(id)).segment).toEqual({ populationBands: ['50k-100k', 'over-1m'] });

    const expected = readersIn([50_000, 99_999], [1_000_000, Number.MAX_SAFE_INTEGER]);
    expect(expected).toHaveLength(4);
    const page = await staff.client.get(`/staff/newsletters/campaigns/${id}`);
    expect(termValue(page.body, 'Addresses it would reach now')).toBe(String(expected.length));
    expect(
      populationBoxes(page.body)
        .filter((b) => b.ticked)
        .map((b) => b.label),
    ).toEqual(['50,000 to 99,999', '1,000,000 and over']);

    expect((await staff.client.postForm(`/staff/newsletters/campaigns/${id}/release`, { when: 'now', confirm: 'yes' })).statusCode).toBe(303);
    await runCampaign(ctx.deps, id, { pace: false });
    expect(await recipientsOf(subject)).toEqual(expected);
  });

  it('each band alone reaches the organizations in it', async () => {
    const bands: Array<[string, number, number]> = [
      ['under-10k', 0, 9_999],
      ['10k-50k', 10_000, 49_999],
      ['50k-100k', 50_000, 99_999],
      ['100k-250k', 100_000, 249_999],
      ['250k-1m', 250_000, 999_999],
      ['over-1m', 1_000_000, Number.MAX_SAFE_INTEGER],
    ];
    for (const [key, min, max] of bands) {
      const c = { id: randomUUID(), list_id: listId, segment: { populationBands: [key] } };
      expect(await countSegment(ctx.deps.db, c, true), key).toBe(readersIn([min, max]).length);
    }
  });

  it('a key that is no band reaches nobody, never everybody', async () => {
    const c = { id: randomUUID(), list_id: listId, segment: { populationBands: ['50k-250k'] } };
    expect(await countSegment(ctx.deps.db, c, true)).toBe(0);
    expect(await countSegment(ctx.deps.db, { ...c, segment: {} }, true)).toBe(POPULATIONS.length);
  });
});

describe('segments stored with the old four bands (migration 0099)', () => {
  // a migration is written against no schema's types (Kysely<unknown>), as the migrator runs it
  const migrate0099 = () => up(ctx.deps.db as unknown as Kysely<unknown>);
  /** A campaign saved by the code before 0099, with its segment as that code stored it. */
  async function oldCampaign(subject: string, segment: NewsletterSegment, o: { sent?: boolean } = {}) {
    const id = await saveCampaign(ctx.deps, { listId, subject, body: 'Hello.', segment: {} }, { userId: null });
    if (o.sent) {
      await releaseCampaign(ctx.deps, id, null, { userId: null });
      await runCampaign(ctx.deps, id, { pace: false });
    }
    await ctx.deps.db
      .updateTable('newsletter_campaigns')
      .set({ segment: JSON.stringify(segment) })
      .where('id', '=', id)
      .execute();
    return id;
  }

  it('mean the same populations afterwards: drafts count and send the same, sent ones keep their meaning', async () => {
    const middle = await oldCampaign('Old middle', { populationBands: ['50k-250k'], states: ['NM'] });
    const ends = await oldCampaign('Old ends', { populationBands: ['250k-up', 'under-10k'] });
    const sent = await oldCampaign('Old sent', { populationBands: ['10k-50k', '250k-up'] }, { sent: true });
    const untouched = await oldCampaign('No bands', { states: ['NM'], entityTypes: ['city'] });

    await migrate0099();

    expect((await campaign(middle)).segment).toEqual({ populationBands: ['50k-100k', '100k-250k'], states: ['NM'] });
    expect((await campaign(ends)).segment).toEqual({ populationBands: ['under-10k', '250k-1m', 'over-1m'] });
    expect(await campaign(sent)).toMatchObject({ state: 'sent', segment: { populationBands: ['10k-50k', '250k-1m', 'over-1m'] } });
    expect((await campaign(untouched)).segment).toEqual({ states: ['NM'], entityTypes: ['city'] });

    // the counts are those of the old bands' populations (50,000 to 249,999; under 10,000 or 250,000 and over)
    const oldMiddle = readersIn([50_000, 249_999]);
    const oldEnds = readersIn([0, 9_999], [250_000, Number.MAX_SAFE_INTEGER]);
    expect(await countSegment(ctx.deps.db, await campaign(middle), true)).toBe(oldMiddle.length);
    expect(await countSegment(ctx.deps.db, await campaign(ends), true)).toBe(oldEnds.length);
    expect(oldMiddle.length).toBeGreaterThan(0);

    // the form shows the draft's bands ticked, and it sends to the same subscribers
    const page = await staff.client.get(`/staff/newsletters/campaigns/${middle}`);
    expect(termValue(page.body, 'Addresses it would reach now')).toBe(String(oldMiddle.length));
    expect(
      populationBoxes(page.body)
        .filter((b) => b.ticked)
        .map((b) => b.label),
    ).toEqual(['50,000 to 99,999', '100,000 to 249,999']);
    await releaseCampaign(ctx.deps, middle, null, { userId: null });
    await runCampaign(ctx.deps, middle, { pace: false });
    expect(await recipientsOf('Old middle')).toEqual(oldMiddle);

    // again: nothing changes
    const before = await ctx.deps.db.selectFrom('newsletter_campaigns').select(['id', 'segment']).orderBy('id').execute();
    await migrate0099();
    expect(await ctx.deps.db.selectFrom('newsletter_campaigns').select(['id', 'segment']).orderBy('id').execute()).toEqual(before);
  });
});
