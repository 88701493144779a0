// A private group exists only for its members: its name, threads, members and search hits appear to
// no one outside it — not on pages, not in the API, not in search, not in notifications or digests
// — whoever the outsider is (a member of the association, staff of another role, a former member).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aGroup, aGroupMember, aThread, PDF, signedInStaff } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { runGroupDigests } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const NAME = 'Quokka Roundtable';
const THREAD = 'Zanzibar negotiation notes';
const SECRET = 'pomegranate settlement figures';

describe('a private group', () => {
  it('is invisible to everyone outside it, everywhere', async () => {
    ctx.clock.set('2027-04-10T09:00:00Z');
    const staff = await signedInStaff(ctx, 'communications', 'Casey Comms');
    const insider = await aGroupMember(ctx, 'Ingrid Insider');
    const outsider = await aGroupMember(ctx, 'Oscar Outsider');
    const leaver = await aGroupMember(ctx, 'Leah Leaver');
    const finance = await signedInStaff(ctx, 'finance', 'Fin Staff');

    const slug = await aGroup(ctx, staff.client, NAME, 'private');
    const open = await aGroup(ctx, staff.client, 'Open Commons', 'open');
    // the moderator invites two; both accept; one leaves again
    for (const p of [insider, leaver]) expect((await staff.client.postForm(`/groups/${slug}/invite`, { email: p.email })).statusCode).toBe(303);
    for (const p of [insider, leaver]) expect((await p.c.postForm(`/groups/${slug}/join`, {})).statusCode).toBe(303);
    expect((await leaver.c.postForm(`/groups/${slug}/leave`, {})).statusCode).toBe(303);
    await leaver.c.get('/groups'); // the flash that says they left is their own
    // the outsider and the insider are in the open group too, with a daily digest
    for (const p of [outsider, insider]) {
      await p.c.postForm(`/groups/${open}/join`, {});
      await p.c.postForm(`/groups/${open}/notifications`, { notify: 'digest' });
    }
    await insider.c.postForm(`/groups/${slug}/notifications`, { notify: 'every' });

    ctx.clock.set('2027-04-10T10:00:00Z');
    const threadId = await aThread(staff.client, slug, THREAD, `The ${SECRET}, @IngridInsider @OscarOutsider.`);
    await aThread(insider.c, slug, 'Second private thread', `More ${SECRET}.`);
    await aThread(insider.c, open, 'Open thread', 'Nothing secret here.');

    // an attachment to a reply in the private group
    const attached = await insider.c.postMultipart(`/groups/${slug}/threads/${threadId}/reply`, { body: 'The figures, attached.' }, [
      { field: 'attachments', filename: 'quokka-figures.pdf', type: 'application/pdf', content: PDF },
    ]);
    expect(attached.statusCode).toBe(303);
    const attachment = /href="([^"]+\/attachments\/[0-9a-f-]{36})"/.exec((await insider.c.get(`/groups/${slug}/threads/${threadId}`)).body)?.[1] ?? '';
    expect((await insider.c.get(attachment)).statusCode).toBe(200);

    // the insider sees it all
    expect((await insider.c.get('/groups')).body).toContain(NAME);
    expect((await insider.c.get(`/groups/${slug}/threads/${threadId}`)).body).toContain(SECRET);
    expect((await insider.c.get(`/groups/search?q=pomegranate`)).body).toContain(THREAD);
    expect(JSON.stringify((await insider.c.getJson('/api/v1/groups')).json())).toContain(NAME);

    const outsiders: Array<[string, TestClient]> = [
      ['a member', outsider.c],
      ['a former member', leaver.c],
      ['finance staff', finance.client],
    ];
    for (const [who, c] of outsiders) {
      const pages = ['/groups', `/groups/search?q=pomegranate`, `/groups/search?q=zanzibar`, `/groups/${open}`];
      for (const url of pages) {
        const res = await c.get(url);
        expect(res.statusCode, `${who} ${url}`).toBe(200);
        for (const secret of [NAME, THREAD, SECRET]) expect(res.body, `${who} ${url}`).not.toContain(secret);
      }
      for (const url of [`/groups/${slug}`, `/groups/${slug}/threads/${threadId}`, `/groups/${slug}/manage`, `/groups/${slug}/threads/new`]) {
        const res = await c.get(url);
        expect(res.statusCode, `${who} ${url}`).toBe(404);
        expect(res.body).not.toContain(NAME);
      }
      expect((await c.postForm(`/groups/${slug}/join`, {})).statusCode, `${who} join`).toBe(404);
      const file = await c.get(attachment);
      expect(file.statusCode, `${who} attachment`).toBe(404);
      expect(file.body).not.toMatch(/Quokka|quokka-figures/);
      expect((await c.postForm(`/groups/${slug}/threads/${threadId}/reply`, { body: 'let me in' })).statusCode).toBe(404);
      const api = await c.getJson('/api/v1/groups');
      expect(api.statusCode).toBe(200);
      expect(JSON.stringify(api.json())).not.toContain(NAME);
    }

    // notifications: the mention of the outsider reaches no one outside; the insider heard
    const mailTo = (email: string) => ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text', 'template']).where('to_address', '=', email).execute();
    expect((await mailTo(insider.email)).map((m) => m.template)).toContain('groups.mention');
    for (const p of [outsider, leaver]) for (const m of await mailTo(p.email)) expect(`${m.subject} ${m.body_text}`).not.toMatch(/Quokka|Zanzibar|pomegranate/);

    // the digest the next day: the outsider's covers only the open group
    ctx.clock.set('2027-04-11T07:05:00Z');
    expect(await runGroupDigests(ctx.deps)).toBeGreaterThan(0);
    const digests = (await mailTo(outsider.email)).filter((m) => m.template === 'groups.digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.body_text).toContain('Open thread');
    for (const m of await mailTo(outsider.email)) expect(`${m.subject} ${m.body_text}`).not.toMatch(/Quokka|Zanzibar|pomegranate/);
  });
});
