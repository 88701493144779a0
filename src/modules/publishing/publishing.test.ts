// Publishing's foundation through its public surface: Markdown rendered safe (no raw HTML, no
// script links, images only our own uploads with alt text), images uploaded by communications
// staff (resized, re-encoded, alt text required, other roles refused) and served to everyone,
// the workflow's moves and revisions recording exactly the fields that changed.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { imageIdsIn, isLive, markdownProblems, markdownText, moveRefusal, recordRevision, renderMarkdown, revisionsOf } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('Markdown', () => {
  it('escapes raw HTML and refuses script, data and protocol-relative links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](//evil.example/x) [d](https://ok.example/) [e](/resources)',
    );
    expect(html).not.toMatch(/<script|<img|<[^>]*onerror|href="javascript|href="data|href="\/\/evil/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://ok.example/" rel="nofollow noopener noreferrer">d</a>');
    expect(html).toContain('<a href="/resources">e</a>');
  });

  it('starts headings at level 2 and keeps lists, emphasis and tables', () => {
    const html = renderMarkdown('# Title\n\n## Sub\n\n- *one*\n- **two**\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<h3>Sub</h3>');
    expect(html).toContain('<em>one</em>');
    expect(html).toContain('<table>');
  });

  it('numbers an item’s headings from level 2 down without skipping a level, however the writer began', () => {
    const levels = (src: string) => [...renderMarkdown(src).matchAll(/<(h\d)>([^<]*)</g)].map((m) => `${m[1]} ${m[2]}`);
    // Most writers start at "##" (the page has its title): their first heading is the page's h2.
    expect(levels('## Goals\n\ntext\n\n### Stage one\n\n## Results')).toEqual(['h2 Goals', 'h3 Stage one', 'h2 Results']);
    expect(levels('### Only small ones\n\n#### Smaller')).toEqual(['h2 Only small ones', 'h3 Smaller']);
    // A jump down by more than one level goes down one; back up is as written.
    expect(levels('# A\n\n#### B\n\n###### C\n\n## D')).toEqual(['h2 A', 'h3 B', 'h4 C', 'h3 D']);
    expect(levels('## A\n\n# B')).toEqual(['h2 A', 'h2 B']);
  });

  it('renders only our own images with alt text, and says what is wrong with the others', () => {
    const id = '0b9b7f3e-5d7c-4c36-9a51-6f1f5d0d1a11';
    expect(renderMarkdown(`![A map of the county](/media/images/${id})`)).toContain(`<img src="/media/images/${id}" alt="A map of the county"`);
    expect(renderMarkdown('![tracker](https://evil.example/pixel.png)')).not.toContain('<img');
    expect(renderMarkdown(`![](/media/images/${id})`)).not.toContain('<img');
    expect(markdownProblems(`![](/media/images/${id})`)).toEqual([expect.stringContaining('has no alt text')]);
    expect(markdownProblems('![tracker](https://evil.example/pixel.png)')).toEqual([expect.stringContaining('is not one uploaded here')]);
    expect(markdownProblems(`Fine ![A map](/media/images/${id})`)).toEqual([]);
  });

  it('an image address shaped like ours whose id is not an id (36 dashes) is not one uploaded here, and names no image', () => {
    const fake = `/media/images/${'-'.repeat(36)}`;
    expect(markdownProblems(`![A map](${fake})`)).toEqual([expect.stringContaining('is not one uploaded here')]);
    expect(renderMarkdown(`![A map](${fake})`)).not.toContain('<img');
    expect(imageIdsIn(`![A map](${fake}) and ![B](/media/images/0b9b7f3e-5d7c-4c36-9a51-6f1f5d0d1a11)`)).toEqual(['0b9b7f3e-5d7c-4c36-9a51-6f1f5d0d1a11']);
  });

  it('gives the plain text of Markdown', () => {
    expect(markdownText('# Plans\n\nA **bold** plan & <more>.')).toBe('Plans\nA bold plan & <more>.');
  });
});

describe('the workflow', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('is live when published, or scheduled and its time has come', () => {
    expect(isLive({ state: 'published', publish_at: null }, now)).toBe(true);
    expect(isLive({ state: 'scheduled', publish_at: new Date(now.getTime() - 1) }, now)).toBe(true);
    expect(isLive({ state: 'scheduled', publish_at: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(isLive({ state: 'draft', publish_at: new Date(0) }, now)).toBe(false);
    expect(isLive({ state: 'archived', publish_at: null }, now)).toBe(false);
  });
  it('schedules only for a time in the future', () => {
    expect(moveRefusal('draft', 'scheduled', null, now)).toMatch(/publish time in the future/);
    expect(moveRefusal('draft', 'scheduled', now, now)).toMatch(/publish time in the future/);
    expect(moveRefusal('draft', 'scheduled', new Date(now.getTime() + 60_000), now)).toBeNull();
    expect(moveRefusal('published', 'scheduled', new Date(now.getTime() + 60_000), now)).toMatch(/cannot become scheduled/);
  });
});

describe('revisions', () => {
  it('records who changed which fields, and nothing for a save that changes nothing', async () => {
    const itemId = crypto.randomUUID();
    const actor = { userId: null, name: 'Pat Editor' };
    await recordRevision(ctx.deps.db, { kind: 'news', itemId, actor, action: 'created', after: { title: 'A', body: 'x' } });
    await recordRevision(ctx.deps.db, { kind: 'news', itemId, actor, action: 'edited', before: { title: 'A', body: 'x' }, after: { title: 'A', body: 'x' } });
    await recordRevision(ctx.deps.db, { kind: 'news', itemId, actor, action: 'edited', before: { title: 'A', body: 'x' }, after: { title: 'B', body: 'x' } });
    const revs = await revisionsOf(ctx.deps.db, 'news', itemId);
    expect(revs.map((r) => [r.action, r.changed, r.actorName])).toEqual([
      ['edited', ['title'], 'Pat Editor'],
      ['created', ['body', 'title'], 'Pat Editor'],
    ]);
    expect(revs[0]?.snapshot).toEqual({ title: 'B', body: 'x' });
  });
});

describe('images', () => {
  const upload = async (client: Awaited<ReturnType<typeof signedInAs>>, bytes: Buffer, alt: string, type = 'image/jpeg') => {
    const boundary = 'x-boundary-1';
    const csrf = await client.csrf();
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\n${alt}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return client.request('POST', '/staff/publishing/images', {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'application/json' },
      payload: body,
    });
  };

  it('resizes and re-encodes an upload (dropping its metadata), serves it to everyone, and requires alt text', async () => {
    const comms = await signedInAs(ctx, ['communications']);
    const big = await sharp({ create: { width: 3200, height: 1600, channels: 3, background: '#336699' } })
      .withMetadata({ exif: { IFD0: { Copyright: 'secret place' } } })
      .jpeg()
      .toBuffer();
    const res = await upload(comms, big, 'A blue field');
    expect(res.statusCode).toBe(201);
    const body = res.json() as { url: string; markdown: string; width: number; height: number };
    expect([body.width, body.height]).toEqual([1600, 800]);
    expect(body.markdown).toBe(`![A blue field](${body.url})`);
    const served = await ctx.client().get(body.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(served.rawPayload).metadata();
    expect([meta.width, meta.exif]).toEqual([1600, undefined]);

    expect((await upload(comms, big, '  ')).json()).toMatchObject({ field: 'alt' });
    const notImage = await upload(comms, Buffer.from('<svg onload=alert(1)>'), 'An icon', 'image/svg+xml');
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json()).toMatchObject({ field: 'file' });
  });

  it('refuses other roles and visitors, and answers 404 for an unknown image', async () => {
    const tiny = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const finance = await signedInAs(ctx, ['finance']);
    expect((await upload(finance, tiny, 'A dot')).statusCode).toBe(403);
    expect((await ctx.client().get('/media/images/0b9b7f3e-5d7c-4c36-9a51-6f1f5d0d1a11')).statusCode).toBe(404);
    expect((await ctx.client().get('/media/images/not-an-id')).statusCode).toBe(404);
  });
});
