// The Code of Ethics, published (issue 17, I5): before any version /ethics says so politely; a
// draft is invisible to the public; publishing makes it the code in force and the version before
// it readable as superseded; published versions are read-only; the editor is ethics staff's only
// (not visitors, members, staff admins or membership staff); every change is audited; hostile
// text shows as typed. One database for the file: the tests run in order, as the code's history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEthicsCodeEditor, ethicsCodeDraftStarted, ethicsCodePublished, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf, textOf, textsOf } from '../../../test/html.js';
import { codeInForce, currentTenets } from './index.js';

let ctx: TestContext;
let editor: TestClient;
let draftId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  editor = await anEthicsCodeEditor(ctx);
});
afterAll(() => ctx?.close());

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';
const auditActions = async (entityId: string) =>
  (await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('id').execute()).map((r) => r.action);

describe('before any version is published', () => {
  it('/ethics says so politely; the versions list is empty; a version number is a 404', async () => {
    const visitor = ctx.client();
    const page = await visitor.get('/ethics');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'h1')).toBe('Code of Ethics');
    expect(textOf(page.body, '.lead')).toContain('has not published its Code of Ethics here yet');
    const versions = await visitor.get('/ethics/versions');
    expect(versions.statusCode).toBe(200);
    expect(textOf(versions.body, 'main')).toContain('No version of the code has been published yet.');
    expect((await visitor.get('/ethics/versions/1')).statusCode).toBe(404);
    expect((await visitor.get('/ethics/versions/not-a-number')).statusCode).toBe(404);
  });
});

describe('the editor is ethics staff’s only', () => {
  it('visitors are sent to sign in; members, staff admins and membership staff are refused; ethics staff get in', async () => {
    const visitor = await ctx.client().get('/staff/ethics/code');
    expect(visitor.statusCode).toBe(303);
    expect(String(visitor.headers.location)).toBe('/login?next=%2Fstaff%2Fethics%2Fcode');
    const member = await createAccount(ctx, { roles: ['member'] });
    const memberClient = ctx.client();
    await memberClient.signIn(member.email);
    for (const c of [memberClient, await signedInAs(ctx, ['admin']), await signedInAs(ctx, ['membership'])]) {
      expect((await c.get('/staff/ethics/code')).statusCode).toBe(403);
      expect((await c.postForm('/staff/ethics/code/drafts', {})).statusCode).toBe(403);
    }
    expect(await ctx.deps.db.selectFrom('ethics_code_versions').select('id').execute()).toEqual([]);
    const page = await editor.get('/staff/ethics/code');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'h1')).toBe('Code of Ethics: versions');
  });
});

describe('the first version', () => {
  it('a draft is invisible to the public, and only one draft exists at a time', async () => {
    draftId = await ethicsCodeDraftStarted(editor);
    expect(await auditActions(draftId)).toEqual(['ethics.code_draft_created']);
    const again = await editor.postForm('/staff/ethics/code/drafts', {});
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body, '.error-summary')).toContain('Version 1 is a draft already');
    expect(await codeInForce(ctx.deps.db)).toBeNull();
    expect(textOf((await ctx.client().get('/ethics')).body, '.lead')).toContain('has not published');
    expect((await ctx.client().get('/ethics/versions/1')).statusCode).toBe(404);
  });

  it('bad input is refused with specific messages and changes nothing', async () => {
    const base = `/staff/ethics/code/${draftId}`;
    const noTitle = await editor.postForm(base, { title: '  ', preamble: 'p', rulesOfProcedure: 'r' });
    expect(noTitle.statusCode).toBe(400);
    expect(textOf(noTitle.body, '.error-summary')).toContain('Enter the title, like Code of Ethics.');
    expect(textOf(noTitle.body, '#f-title-error')).toContain('Enter the title');
    const tenet = await editor.postForm(`${base}/tenets`, { number: 'first', name: '', body: '' });
    expect(tenet.statusCode).toBe(400);
    const summary = textOf(tenet.body, '.error-summary');
    expect(summary).toContain('Enter a whole number from 1 to 99, or leave it empty.');
    expect(summary).toContain('Enter the tenet’s short name');
    expect(summary).toContain('Enter the text of the tenet.');
    // Publishing an empty draft: refused, with what is missing.
    const publish = await editor.postForm(`${base}/publish`, {});
    expect(publish.statusCode).toBe(422);
    const problems = textOf(publish.body, '.error-summary');
    expect(problems).toContain('Write the preamble before publishing');
    expect(problems).toContain('Add at least one tenet before publishing.');
    const row = await ctx.deps.db.selectFrom('ethics_code_versions').select(['title', 'published_at']).where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Code of Ethics', published_at: null });
    expect(await auditActions(draftId)).toEqual(['ethics.code_draft_created']);
  });

  it('tenets are added, moved and removed, numbered without gaps, each change audited', async () => {
    const base = `/staff/ethics/code/${draftId}`;
    for (const title of ['Integrity', 'Public service', 'Political neutrality']) {
      expect((await editor.postForm(`${base}/tenets`, { name: title, body: `Members keep ${title.toLowerCase()}.`, guidelines: '' })).statusCode).toBe(303);
    }
    // Tenet 3 moves to the top.
    const moved = await editor.postForm(`${base}/tenets/3`, {
      number: '1',
      name: 'Political neutrality',
      body: 'Stay out of elections.',
      guidelines: '- Vote.\n- Do not campaign.',
    });
    expect(moved.statusCode).toBe(303);
    const tooFar = await editor.postForm(`${base}/tenets/1`, { number: '9', name: 'Political neutrality', body: 'x' });
    expect(tooFar.statusCode).toBe(400);
    expect(textOf(tooFar.body, '#f-number-error')).toContain('Use a number from 1 to 3');
    // Removing tenet 2 (Integrity) closes the gap.
    expect((await editor.get(`${base}/tenets/2/remove`)).statusCode).toBe(200);
    expect((await editor.postForm(`${base}/tenets/2/remove`, {})).statusCode).toBe(303);
    const tenets = await ctx.deps.db.selectFrom('ethics_tenets').select(['number', 'title']).where('version_id', '=', draftId).orderBy('number').execute();
    expect(tenets).toEqual([
      { number: 1, title: 'Political neutrality' },
      { number: 2, title: 'Public service' },
    ]);
    expect((await editor.get(`${base}/tenets/3`)).statusCode).toBe(404);
    expect(await auditActions(draftId)).toEqual([
      'ethics.code_draft_created',
      'ethics.code_tenet_added',
      'ethics.code_tenet_added',
      'ethics.code_tenet_added',
      'ethics.code_tenet_updated',
      'ethics.code_tenet_removed',
    ]);
  });

  it('hostile text is shown as typed, in the preview and once published', async () => {
    const base = `/staff/ethics/code/${draftId}`;
    expect((await editor.postForm(base, { title: 'Code of Ethics', preamble: `Preamble ${HOSTILE}`, rulesOfProcedure: '## Intake\nComplaints are reviewed.' })).statusCode).toBe(
      303,
    );
    expect((await editor.postForm(`${base}/tenets`, { number: '', name: `Title ${HOSTILE}`, body: 'Body', guidelines: HOSTILE })).statusCode).toBe(303);
    const preview = await editor.get(`${base}/preview`);
    expect(preview.statusCode).toBe(200);
    for (const page of [preview.body]) {
      expect(dom(page).querySelectorAll('main script')).toHaveLength(0);
      expect(dom(page).querySelectorAll('main img')).toHaveLength(0);
      expect(textOf(page, 'section[aria-labelledby="preamble"] p')).toBe(`Preamble ${HOSTILE}`);
    }
  });

  it('publishing (after its confirmation) makes it the code in force at /ethics, with guidelines in disclosures and the links', async () => {
    const base = `/staff/ethics/code/${draftId}`;
    const confirm = await editor.get(`${base}/publish`);
    expect(confirm.statusCode).toBe(200);
    expect(textOf(confirm.body, 'h1')).toBe('Publish version 1 of the Code of Ethics?');
    const published = await editor.postForm(`${base}/publish`, {});
    expect(published.statusCode).toBe(303);
    expect(await auditActions(draftId)).toContain('ethics.code_published');

    const page = await ctx.client().get('/ethics');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, '.lead')).toContain('Version 1, in force since');
    expect(textsOf(page.body, '.tenet h3')).toEqual(['Tenet 1. Political neutrality', 'Tenet 2. Public service', `Tenet 3. Title ${HOSTILE}`]);
    expect(textsOf(page.body, 'details summary')).toEqual(['Guidelines for tenet 1', 'Guidelines for tenet 3']);
    expect(textsOf(page.body, '#t1 details li')).toEqual(['Vote.', 'Do not campaign.']);
    expect(textOf(page.body, '#t3 details p')).toBe(HOSTILE);
    expect(dom(page.body).querySelectorAll('main script, main img')).toHaveLength(0);
    expect(textOf(page.body, 'section[aria-labelledby="rules"] h3')).toBe('Intake');
    const links = dom(page.body)
      .querySelectorAll('main nav a')
      .map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/ethics/complaints/new', '/ethics/censures']);
    expect((await currentTenets(ctx.deps.db)).map((t) => t.number)).toEqual([1, 2, 3]);
  });

  it('a published version is read-only', async () => {
    const base = `/staff/ethics/code/${draftId}`;
    const page = await editor.get(base);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, '.notice')).toContain('Published versions are read-only');
    expect(dom(page.body).querySelectorAll('main form')).toHaveLength(0);
    expect((await editor.postForm(base, { title: 'Changed', preamble: 'p', rulesOfProcedure: 'r' })).statusCode).toBe(409);
    expect((await editor.postForm(`${base}/tenets`, { name: 'New', body: 'New' })).statusCode).toBe(409);
    expect((await editor.postForm(`${base}/tenets/1/remove`, {})).statusCode).toBe(409);
    expect((await editor.postForm(`${base}/discard`, {})).statusCode).toBe(409);
    expect((await codeInForce(ctx.deps.db))?.title).toBe('Code of Ethics');
  });
});

describe('a second version', () => {
  it('starts as a copy of the version in force; once published, the first is readable as superseded', async () => {
    const second = await ethicsCodeDraftStarted(editor);
    const copied = await ctx.deps.db.selectFrom('ethics_tenets').select(['number', 'title']).where('version_id', '=', second).orderBy('number').execute();
    expect(copied.map((t) => t.title)).toEqual(['Political neutrality', 'Public service', `Title ${HOSTILE}`]);
    // still version 1 in force while version 2 is a draft
    expect((await codeInForce(ctx.deps.db))?.version).toBe(1);
    await ethicsCodePublished(editor, second, { title: 'Code of Ethics (2027)', tenets: [{ title: 'Professional development', body: 'Keep learning.' }] });

    const page = await ctx.client().get('/ethics');
    expect(textOf(page.body, 'h1')).toBe('Code of Ethics (2027)');
    expect(textOf(page.body, '.lead')).toContain('Version 2, in force since');
    expect(textsOf(page.body, '.tenet h3')).toHaveLength(4);
    const versions = await ctx.client().get('/ethics/versions');
    expect(rowsOf(versions.body).map((r) => [r[0], r[3]])).toEqual([
      ['Version 2', 'In force'],
      ['Version 1', 'Superseded'],
    ]);
    const old = await ctx.client().get('/ethics/versions/1');
    expect(old.statusCode).toBe(200);
    expect(textOf(old.body, '.notice')).toContain('Superseded.');
    expect(textOf(old.body, '.notice')).toContain('The code in force is version 2');
    expect(textsOf(old.body, '.tenet h3')).toHaveLength(3);
    const current = await ctx.client().get('/ethics/versions/2');
    expect(current.statusCode).toBe(302);
    expect(current.headers.location).toBe('/ethics');
    expect((await currentTenets(ctx.deps.db)).map((t) => t.title)).toContain('Professional development');
  });

  it('a draft can be discarded (after its confirmation), leaving the code in force as it was', async () => {
    const third = await ethicsCodeDraftStarted(editor);
    expect((await editor.get(`/staff/ethics/code/${third}/discard`)).statusCode).toBe(200);
    expect((await editor.postForm(`/staff/ethics/code/${third}/discard`, {})).statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('ethics_code_versions').select('id').where('id', '=', third).execute()).toEqual([]);
    expect((await codeInForce(ctx.deps.db))?.version).toBe(2);
    expect(await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', third).orderBy('id').execute()).toEqual([
      { action: 'ethics.code_draft_created' },
      { action: 'ethics.code_draft_discarded' },
    ]);
  });
});
