// Communications staff author resources and topic pages through the forms: a file checked by its
// bytes, a link, pathways and topics, the publish states (a scheduled resource goes live at its
// time, by the clock), the revision history with who changed which fields, and bad input answered
// on the form (400) with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPathway, aTopic } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';
import { tinyPdf } from './seed.js';

let ctx: TestContext;
let staff: TestClient;
let staffEmail = '';
beforeAll(async () => {
  ctx = await createTestContext();
  const a = await createAccount(ctx, { roles: ['communications'], name: 'Colin Baptiste' });
  staffEmail = a.email;
  staff = ctx.client();
  await staff.signIn(a.email);
});
afterAll(() => ctx?.close());

const PDF = { field: 'file', filename: 'drought-guide.pdf', type: 'application/pdf', content: tinyPdf('Drought guide') };
const fields = (o: Record<string, string> = {}) => ({
  title: 'Drought Response Guide',
  slug: '',
  summary: 'Water restrictions that residents follow.',
  body: '## Stages\n\nStage one asks for voluntary cuts.',
  type: 'guide',
  year: '2025',
  link_url: '',
  state: 'published',
  publish_at: '',
  audience: 'everyone',
  ...o,
});
const count = async () =>
  Number(
    (
      await ctx.deps.db
        .selectFrom('resources')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('authoring resources', () => {
  it('creates a published resource with a file, pathways and a topic; edits record who changed which fields', async () => {
    const pathway = await aPathway(ctx);
    const topic = await aTopic(ctx);
    const res = await staff.postMultipart('/staff/resources', { ...fields(), [`pathway_${pathway}`]: 'yes', [`topic_${topic.id}`]: 'yes' }, [PDF]);
    expect(res.statusCode, res.body).toBe(303);
    const id = String(res.headers.location).split('/').pop() ?? '';
    const page = await ctx.client().get('/resources/drought-response-guide');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Download drought-guide.pdf');
    expect(page.body).toContain('<h2>Stages</h2>');
    expect((await ctx.client().get('/resources/drought-response-guide/download')).statusCode).toBe(200);
    const api = (await ctx.client().getJson('/api/v1/resources/drought-response-guide')).json();
    expect(api.topics.map((t: { slug: string }) => t.slug)).toEqual([topic.slug]);
    expect(api.pathways).toHaveLength(1);

    const edit = await staff.postMultipart(`/staff/resources/${id}`, {
      ...fields({ title: 'Drought Response Guide, 2025 edition', slug: 'drought-response-guide', audience: 'members' }),
      [`topic_${topic.id}`]: 'yes',
    });
    expect(edit.statusCode, edit.body).toBe(303);
    const form = await staff.get(`/staff/resources/${id}`);
    expect(form.body).toContain('Revision history');
    expect(form.body).toContain('Colin Baptiste');
    const history = rowsOf(form.body, 'Revision history').map((cells) => cells.join(' | '));
    expect(history).toContainEqual(expect.stringContaining('Colin Baptiste | Edited | Who may read it, Pathways, Title'));
    expect(history).toContainEqual(expect.stringMatching(/Created \| [^|]*File, Link, Pathways/));
    expect(form.body).toContain('1 downloads');
    // the file stayed; the audience now hides it from visitors
    expect((await ctx.client().get('/resources/drought-response-guide/download')).statusCode).toBe(404);
    // The test clock stands still, so these rows share one `at`: the id keeps the order of writing.
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['resources.created', 'resources.updated']);
  });

  it('refuses a file whose bytes are not what its name says, a file and a link together, and a missing title — storing nothing', async () => {
    const before = await count();
    const fake = await staff.postMultipart('/staff/resources', fields({ title: 'Fake PDF' }), [{ ...PDF, content: Buffer.from('MZ this is an executable') }]);
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('is not a file we accept');
    const both = await staff.postMultipart('/staff/resources', fields({ title: 'Both', link_url: 'https://example.org/tool' }), [PDF]);
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('A resource has a file or a link, not both');
    const untitled = await staff.postMultipart('/staff/resources', fields({ title: '' }));
    expect(untitled.statusCode).toBe(400);
    expect(untitled.body).toContain('Enter a title.');
    const badYear = await staff.postMultipart('/staff/resources', fields({ year: 'last year' }));
    expect(badYear.body).toContain('Enter the year, like 2024.');
    const foreignImage = await staff.postMultipart('/staff/resources', fields({ body: '![a chart](https://evil.example/x.png)' }));
    expect(foreignImage.statusCode).toBe(400);
    expect(foreignImage.body).toContain('is not one uploaded here');
    const badLink = await staff.postMultipart('/staff/resources', fields({ link_url: 'javascript:alert(1)' }));
    expect(badLink.body).toContain('Enter a full web address starting with https://.');
    expect(await count()).toBe(before);
  });

  it('a taken web address is the field’s error, not a 500', async () => {
    await staff.postMultipart('/staff/resources', fields({ title: 'Same Address', slug: 'same-address' }));
    const again = await staff.postMultipart('/staff/resources', fields({ title: 'Same Address Again', slug: 'same-address' }));
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Another resource already has this web address');
  });

  it('schedules a resource: refused without a future time; live once its time comes', async () => {
    const noTime = await staff.postMultipart('/staff/resources', fields({ title: 'Scheduled Sandbag Guide', state: 'scheduled' }));
    expect(noTime.statusCode).toBe(400);
    expect(noTime.body).toContain('Choose a publish time in the future');
    const when = new Date(ctx.clock.now().getTime() + 2 * 86_400_000);
    const local = when.toLocaleString('sv-SE', { timeZone: 'America/Chicago' }).slice(0, 16).replace(' ', 'T');
    const ok = await staff.postMultipart('/staff/resources', fields({ title: 'Scheduled Sandbag Guide', state: 'scheduled', publish_at: local }));
    expect(ok.statusCode, ok.body).toBe(303);
    expect((await ctx.client().get('/resources/scheduled-sandbag-guide')).statusCode).toBe(404);
    ctx.clock.advance(3 * 86_400_000);
    expect((await ctx.client().get('/resources/scheduled-sandbag-guide')).statusCode).toBe(200);
    expect((await ctx.client().getJson('/api/v1/resources?q=sandbag')).json().total).toBe(1);
    await staff.signIn(staffEmail); // three days on, the session has expired
  });

  it('topic pages: created and edited by staff, with their own address and introduction', async () => {
    const res = await staff.postForm('/staff/resources/topics', { name: 'Flood resources', slug: '', introduction: 'Start **here**.', state: 'published', publish_at: '' });
    expect(res.statusCode, res.body).toBe(303);
    const page = await ctx.client().get('/resources/topics/flood-resources');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>here</strong>');
    const id = String(res.headers.location).split('/').pop() ?? '';
    const bad = await staff.postForm(`/staff/resources/topics/${id}`, { name: '', slug: 'flood-resources', introduction: '', state: 'published', publish_at: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a name.');
    const draft = await staff.postForm(`/staff/resources/topics/${id}`, {
      name: 'Flood resources',
      slug: 'flood-resources',
      introduction: 'Start here.',
      state: 'draft',
      publish_at: '',
    });
    expect(draft.statusCode).toBe(303);
    expect((await ctx.client().get('/resources/topics/flood-resources')).statusCode).toBe(404);
    expect((await staff.get('/staff/resources/topics')).body).toContain('Flood resources');
  });

  it('the staff pages are communications staff’s: a member gets a 403', async () => {
    const m = await createAccount(ctx, { roles: ['member'] });
    const c = ctx.client();
    await c.signIn(m.email);
    expect((await c.get('/staff/resources')).statusCode).toBe(403);
    expect((await staff.get('/staff/resources')).statusCode).toBe(200);
  });
});
