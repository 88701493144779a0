// Join pages through HTTP: the public page and its JSON, edits by communications staff (audited),
// who may not edit, bad input, and text that must never become markup.
import fc from 'fast-check';
import { render } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textsOf } from '../../../test/html.js';
import { JOIN_DEMO_SECTIONS } from './demo.js';
import { PlainText, parsePlainText, seedJoinDemo } from './index.js';

let ctx: TestContext;
let editor: TestClient;
let editorId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedJoinDemo(trx));
  const account = await createAccount(ctx, { roles: ['communications'] });
  editorId = account.id;
  editor = ctx.client();
  await editor.signIn(account.email);
});
afterAll(() => ctx?.close());

const sectionRow = (key: string) => ctx.deps.db.selectFrom('join_sections').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
const auditRows = (key: string) => ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'join_section').where('entity_id', '=', key).orderBy('id').execute();

describe('GET /join', () => {
  it('shows every section, with the links to the calculator, the application and the contact email', async () => {
    const res = await ctx.client().get('/join');
    expect(res.statusCode).toBe(200);
    expect(textsOf(res.body, 'h1')).toContain('Join Test Association');
    const headings = textsOf(res.body, 'h2');
    for (const s of JOIN_DEMO_SECTIONS) expect(headings).toContain(s.title);
    expect(textsOf(res.body, 'li')).toContain('A dedicated advisor who knows how local government works and is your first point of contact.');
    const steps = dom(res.body)
      .querySelectorAll('ol')
      .map((ol) => textsOf(ol, 'li'));
    expect(steps).toContainEqual([
      'Fill in the application.',
      expect.stringMatching(/^Membership staff review it/),
      'We send you an invoice.',
      'You pay the invoice, and your membership begins.',
      expect.stringMatching(/you book a first meeting with them/),
    ]);
    expect(res.body).toContain('href="/dues"');
    expect(res.body).toContain('href="/apply"');
    expect(res.body).toContain('href="mailto:info@test.example"');
    expect(res.body.match(/<h1/g)).toHaveLength(1);
  });

  it('answers the same sections as JSON', async () => {
    const res = await ctx.client().getJson('/api/v1/join/sections');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { sections: Array<{ key: string; title: string; body: string; action: { label: string; href: string } | null }> };
    expect(body.sections.map((s) => s.key)).toEqual(['intro', 'elected_officials', 'staff', 'dues', 'steps', 'regional']);
    expect(body.sections.find((s) => s.key === 'regional')?.action).toEqual({ label: 'Email info@test.example', href: 'mailto:info@test.example' });
    expect(body.sections.find((s) => s.key === 'dues')?.action).toEqual({ label: 'Work out your dues', href: '/dues' });
    expect(body.sections.find((s) => s.key === 'staff')?.body).toBe(JOIN_DEMO_SECTIONS.find((s) => s.key === 'staff')?.body);
  });
});

describe('editing sections', () => {
  it('communications staff change a section: the page shows it and the audit log has before and after', async () => {
    const before = await sectionRow('dues');
    const list = await editor.get('/staff/join');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/staff/join/dues"');
    const form = await editor.get('/staff/join/dues');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(before.title);

    const res = await editor.postForm('/staff/join/dues', { title: 'What it costs', body: 'Dues follow population.\n\n- Small towns pay least\n- Large cities pay most' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staff/join');

    const page = await ctx.client().get('/join');
    expect(textsOf(page.body, 'h2')).toContain('What it costs');
    expect(page.body).toContain('<p>Dues follow population.</p><ul><li>Small towns pay least</li><li>Large cities pay most</li></ul>');
    expect(page.body).not.toContain(before.title);

    const audits = await auditRows('dues');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'join.section_updated', actor_user_id: editorId });
    expect(audits[0]?.before).toEqual({ title: before.title, body: before.body });
    expect(audits[0]?.after).toEqual({ title: 'What it costs', body: 'Dues follow population.\n\n- Small towns pay least\n- Large cities pay most' });
    const row = await sectionRow('dues');
    expect(row.updated_by).toBe(editorId);

    // Saving the same text again changes nothing and writes no audit row.
    await editor.postForm('/staff/join/dues', { title: 'What it costs', body: 'Dues follow population.\n\n- Small towns pay least\n- Large cities pay most' });
    expect(await auditRows('dues')).toHaveLength(1);
  });

  it('an empty title is refused with a message beside the field, and nothing changes', async () => {
    const before = await sectionRow('intro');
    const auditsBefore = (await auditRows('intro')).length;
    const res = await editor.postForm('/staff/join/intro', { title: '   ', body: 'New text' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('id="f-title-error"');
    expect(res.body).toContain('Enter a title.');
    expect(res.body).toContain('New text'); // what was typed is kept
    expect(await sectionRow('intro')).toEqual(before);
    expect(await auditRows('intro')).toHaveLength(auditsBefore);
  });

  it('a text over the limit is refused', async () => {
    const res = await editor.postForm('/staff/join/intro', { title: 'Intro', body: 'x'.repeat(10_001) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Use at most 10,000 characters.');
  });

  it('HTML typed into a section is shown as text, never run', async () => {
    const res = await editor.postForm('/staff/join/staff', { title: 'Staff <em>benefits</em>', body: '<script>alert(1)</script>\n- <img src=x onerror=alert(2)>' });
    expect(res.statusCode).toBe(303);
    const page = await ctx.client().get('/join');
    expect(page.body).toContain('Staff &lt;em>benefits&lt;/em>');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page.body).toContain('<li>&lt;img src=x onerror=alert(2)></li>');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img');
    expect(page.body).not.toContain('<em>');
  });

  it('an unknown section is not found', async () => {
    expect((await editor.get('/staff/join/nope')).statusCode).toBe(404);
    expect((await editor.postForm('/staff/join/nope', { title: 'x', body: '' })).statusCode).toBe(404);
  });

  it('membership staff and visitors may not edit', async () => {
    const membership = await createAccount(ctx, { roles: ['membership'] });
    const c = ctx.client();
    await c.signIn(membership.email);
    expect((await c.get('/staff/join')).statusCode).toBe(403);
    expect((await c.get('/staff/join/intro')).statusCode).toBe(403);
    const before = await sectionRow('intro');
    expect((await c.postForm('/staff/join/intro', { title: 'Taken over', body: '' })).statusCode).toBe(403);
    expect(await sectionRow('intro')).toEqual(before);
    const visitor = ctx.client();
    const res = await visitor.get('/staff/join');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fstaff%2Fjoin');
  });

  it('a staff admin may edit too', async () => {
    const admin = await createAccount(ctx, { roles: ['admin'] });
    const c = ctx.client();
    await c.signIn(admin.email, undefined, { secret: admin.totpSecret ?? '', clock: ctx.clock });
    const res = await c.postForm('/staff/join/regional', { title: 'Regions and councils of governments', body: 'Write to us.' });
    expect(res.statusCode).toBe(303);
    const api = await ctx.client().getJson('/api/v1/join/sections');
    expect((api.json() as { sections: Array<{ key: string; title: string }> }).sections.find((s) => s.key === 'regional')?.title).toBe('Regions and councils of governments');
  });
});

describe('plain text', () => {
  it('makes paragraphs, bulleted and numbered lists', () => {
    expect(parsePlainText('One\ntwo\n\n- a\n- b\n1. x\n2) y\nAfter')).toEqual([
      { kind: 'paragraph', lines: ['One', 'two'] },
      { kind: 'bullets', items: ['a', 'b'] },
      { kind: 'numbered', items: ['x', 'y'] },
      { kind: 'paragraph', lines: ['After'] },
    ]);
    expect(parsePlainText('\r\n\r\n  \n')).toEqual([]);
  });

  it('never turns any text into markup, and loses no word', () => {
    const OUR_TAGS = /<\/?(p|ul|ol|li|br)>|<br\/>/g;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '-', ' ', '\n', '1', '.', 'a', 'b', 'é'), maxLength: 200 }), (text) => {
        const html = render(PlainText({ text }));
        expect(html.replace(OUR_TAGS, '')).not.toContain('<');
        const words = text.match(/[a-bé]+/g) ?? [];
        for (const w of words) expect(html).toContain(w);
      }),
    );
  });
});
