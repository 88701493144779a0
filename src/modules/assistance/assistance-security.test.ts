// Technical assistance's defences through HTTP: files refused by type, content and size, field
// errors that save nothing, multipart posts without a CSRF token, and who may see what — a
// contact of organization A never reaches organization B's requests (pages, API, files), and
// staff other than advisors and membership never reach the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrgWithContact, aPathway, archivePathway, fileThroughForm, PDF, PNG, pdfFile, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { errorOf } from '../../../test/html.js';

let ctx: TestContext;
let pathwayId: string;
let advisorId: string;
let a: Awaited<ReturnType<typeof anOrgWithContact>>;

const counts = async () => {
  const [r, m, f] = await Promise.all(
    (['assistance_requests', 'assistance_messages', 'assistance_attachments'] as const).map((t) =>
      ctx.deps.db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  );
  return [Number(r?.n), Number(m?.n), Number(f?.n)];
};
const fields = () => ({ org: a.organizationId, pathway: pathwayId, subject: 'Tree canopy study', description: 'We need help.' });

beforeAll(async () => {
  ctx = await createTestContext();
  pathwayId = await aPathway(ctx);
  advisorId = (await signedInStaff(ctx, 'advisor')).id;
  a = await anOrgWithContact(ctx, { name: 'Org A', advisorId });
});
afterAll(() => ctx?.close());

describe('rejected uploads and fields', () => {
  const refused = async (client: TestClient, files: Array<{ filename: string; type: string; content: Buffer }>, message: RegExp, status = 400) => {
    const before = await counts();
    const res = await client.postMultipart('/org/assistance', fields(), files);
    expect(res.statusCode).toBe(status);
    // The message is beside the file field, and the other values are kept.
    expect(res.body).toMatch(new RegExp(`id="f-attachments-error"><span class="visually-hidden">Error: </span>${message.source}`));
    expect(res.body).toContain('value="Tree canopy study"');
    expect(await counts()).toEqual(before);
  };

  it('a text file renamed .pdf is refused: its content is not a PDF', async () => {
    await refused(a.client, [{ filename: 'notes.pdf', type: 'application/pdf', content: Buffer.from('just some text, not a PDF at all') }], /notes.pdf is not a file we accept/);
  });

  it('a program is refused, whatever it says it is', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    await refused(a.client, [{ filename: 'setup.exe', type: 'application/x-msdownload', content: exe }], /setup.exe is not a file we accept/);
    await refused(a.client, [{ filename: 'setup.pdf', type: 'application/pdf', content: exe }], /setup.pdf is not a file we accept/);
  });

  it('a PNG declared as a PDF, or named .png but declared as PDF, is refused: type, name and content must agree', async () => {
    await refused(a.client, [{ filename: 'scan.pdf', type: 'application/pdf', content: PNG }], /scan.pdf is not a file we accept/);
    await refused(a.client, [{ filename: 'scan.png', type: 'application/pdf', content: PNG }], /scan.png is not a file we accept/);
    await refused(a.client, [{ filename: 'plan.pdf', type: 'image/png', content: PDF }], /plan.pdf is not a file we accept/);
  });

  it('a file over 10 MB gets a 413 with the message beside the field, and nothing is kept', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    await refused(a.client, [{ filename: 'huge.pdf', type: 'application/pdf', content: big }], /huge.pdf is larger than 10 MB/, 413);
  });

  it('more than five files are refused', async () => {
    await refused(
      a.client,
      Array.from({ length: 6 }, (_, i) => pdfFile(`f${i}.pdf`)),
      /Attach at most 5 files./,
    );
  });

  it('a missing subject, an unknown topic and a past date are field errors; nothing is saved', async () => {
    const before = await counts();
    // two days back in UTC is in the past in every time zone (the organization's "today" may still be yesterday in UTC)
    const yesterday = new Date(ctx.clock.now().getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const res = await a.client.postMultipart('/org/assistance', { ...fields(), subject: '', pathway: 'nope', desired_on: yesterday }, [pdfFile()]);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body, 'subject')).toEqual({ hidden: 'Error:', message: 'Enter a subject.' });
    expect(errorOf(res.body, 'pathway')).toEqual({ hidden: 'Error:', message: 'Choose a topic from the list.' });
    expect(errorOf(res.body, 'desired_on')).toEqual({ hidden: 'Error:', message: 'Choose today or a later date.' });
    expect(await counts()).toEqual(before);
    const archived = await aPathway(ctx);
    await archivePathway(ctx, archived);
    const res2 = await a.client.postMultipart('/org/assistance', { ...fields(), pathway: archived });
    expect(res2.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('a multipart post without a valid CSRF token, or with the token after a file, is refused and saves nothing', async () => {
    const before = await counts();
    const none = await a.client.postMultipart('/org/assistance', fields(), [pdfFile()], { csrf: false });
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain('This form has expired');
    const wrong = await a.client.postMultipart('/org/assistance', { _csrf: 'forged', ...fields() }, [pdfFile()], { csrf: false });
    expect(wrong.statusCode).toBe(403);
    // A token that is not the first part is not looked for: the file would be read before it.
    const token = await a.client.csrf();
    const late = await a.client.postMultipart('/org/assistance', { ...fields(), _csrf: token }, [], { csrf: false });
    expect(late.statusCode).toBe(403);
    const id = await fileThroughForm(a.client, { org: a.organizationId, pathway: pathwayId });
    const reply = await a.client.postMultipart(`/org/assistance/${id}/messages`, { body: 'forged reply' }, [], { csrf: false });
    expect(reply.statusCode).toBe(403);
    const [r, m, f] = await counts();
    expect([r, m, f]).toEqual([(before[0] ?? 0) + 1, before[1], before[2]]);
  });

  it('a malformed or cut-off multipart body is a client error, never a 500, and saves nothing', async () => {
    const before = await counts();
    const token = await a.client.csrf();
    const headers = { 'content-type': 'multipart/form-data; boundary=XYZ', accept: 'text/html' };
    const garbage = await a.client.request('POST', '/org/assistance', { headers, payload: 'this is not multipart at all' });
    expect(garbage.statusCode).toBe(403);
    const cut = `--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XYZ\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then noth`;
    const res = await a.client.request('POST', '/org/assistance', { headers, payload: cut });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(await counts()).toEqual(before);
  });
});

describe('who may see a request', () => {
  it('a contact of organization B cannot list, read, answer, move or download organization A’s requests (pages and API)', async () => {
    const id = await fileThroughForm(a.client, { org: a.organizationId, pathway: pathwayId, subject: 'Secret of A' }, [pdfFile()]);
    const att = await ctx.deps.db.selectFrom('assistance_attachments').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
    const b = await anOrgWithContact(ctx, { name: 'Org B', advisorId });
    const before = await counts();

    for (const url of [
      `/org/assistance?org=${a.organizationId}`,
      `/org/assistance/new?org=${a.organizationId}`,
      `/org/assistance/${id}`,
      `/org/assistance/${id}/attachments/${att.id}`,
    ]) {
      expect((await b.client.get(url)).statusCode, url).toBe(404);
    }
    for (const url of [`/api/v1/org/assistance?org=${a.organizationId}`, `/api/v1/org/assistance/${id}`]) {
      const res = await b.client.getJson(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Secret of A');
    }
    expect((await b.client.postMultipart(`/org/assistance/${id}/messages`, { body: 'hello' }, [pdfFile()])).statusCode).toBe(404);
    expect((await b.client.postForm(`/org/assistance/${id}/status`, { status: 'closed' })).statusCode).toBe(404);
    // Filing for A while a contact of B only: 404, nothing saved.
    expect((await b.client.postMultipart('/org/assistance', { ...fields(), org: a.organizationId })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);

    // B's own lists never show A's request; a guessed id is the same 404 as an unknown one.
    expect((await b.client.get('/org/assistance')).body).not.toContain('Secret of A');
    expect((await b.client.getJson('/api/v1/org/assistance')).json()).toEqual({ requests: [] });
    expect((await b.client.get('/org/assistance/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await b.client.get('/org/assistance/not-an-id')).statusCode).toBe(404);
    // A's own contact does see it, and the attachment id of another request is a 404 there too.
    expect((await a.client.getJson(`/api/v1/org/assistance/${id}`)).json().request.subject).toBe('Secret of A');
    const other = await fileThroughForm(a.client, { org: a.organizationId, pathway: pathwayId });
    expect((await a.client.get(`/org/assistance/${other}/attachments/${att.id}`)).statusCode).toBe(404);
  });

  it('finance and communications staff cannot reach the queue, a request or its files; advisors and membership can', async () => {
    const id = await fileThroughForm(a.client, { org: a.organizationId, pathway: pathwayId, subject: 'Staff only' }, [pdfFile()]);
    const att = await ctx.deps.db.selectFrom('assistance_attachments').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
    for (const role of ['finance', 'communications'] as const) {
      const s = await signedInStaff(ctx, role);
      for (const url of ['/staff/assistance', `/staff/assistance/${id}`, `/staff/assistance/${id}/attachments/${att.id}`]) {
        expect((await s.client.get(url)).statusCode, `${role} ${url}`).toBe(403);
      }
      expect((await s.client.postMultipart(`/staff/assistance/${id}/messages`, { body: 'x' })).statusCode).toBe(403);
      // Staff are not organization contacts: the member pages are closed to them too.
      expect((await s.client.get(`/org/assistance/${id}`)).statusCode).toBe(403);
    }
    const membership = await signedInStaff(ctx, 'membership');
    expect((await membership.client.get(`/staff/assistance/${id}`)).statusCode).toBe(200);
    expect((await a.client.get(`/staff/assistance/${id}`)).statusCode).toBe(403);
  });
});
