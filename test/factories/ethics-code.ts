// Test factories of the Code of Ethics' editor (issue 17): a signed-in ethics staff member, and
// the forms of the editor as a browser posts them.
import { createAccount, type TestClient, type TestContext } from '../helpers.js';

/** A client signed in as a new member of the ethics staff. */
export async function anEthicsCodeEditor(ctx: TestContext): Promise<TestClient> {
  const account = await createAccount(ctx, { roles: ['ethics'], name: 'Elena Editor' });
  const c = ctx.client();
  await c.signIn(account.email);
  return c;
}

/** Starts a draft through the editor; its id (from the redirect). */
export async function ethicsCodeDraftStarted(editor: TestClient): Promise<string> {
  const res = await editor.postForm('/staff/ethics/code/drafts', {});
  const id = /^\/staff\/ethics\/code\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
  if (res.statusCode !== 303 || !id) throw new Error(`starting a draft answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return id;
}

/** Fills a draft through the editor (details, then the tenets at the end) and publishes it. */
export async function ethicsCodePublished(
  editor: TestClient,
  draftId: string,
  o: { title?: string; preamble?: string; rules?: string; tenets?: Array<{ title: string; body: string; guidelines?: string }> } = {},
): Promise<void> {
  const base = `/staff/ethics/code/${draftId}`;
  const saved = await editor.postForm(base, {
    title: o.title ?? 'Code of Ethics',
    preamble: o.preamble ?? 'Members keep this code.',
    rulesOfProcedure: o.rules ?? 'Complaints are heard by the committee.',
  });
  if (saved.statusCode !== 303) throw new Error(`saving the draft answered ${saved.statusCode}`);
  for (const t of o.tenets ?? []) {
    const added = await editor.postForm(`${base}/tenets`, { number: '', name: t.title, body: t.body, guidelines: t.guidelines ?? '' });
    if (added.statusCode !== 303) throw new Error(`adding a tenet answered ${added.statusCode}`);
  }
  const published = await editor.postForm(`${base}/publish`, {});
  if (published.statusCode !== 303) throw new Error(`publishing answered ${published.statusCode}: ${published.body.slice(0, 500)}`);
}
