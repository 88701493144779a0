// Factories of member groups (issue 19, C3): a group made by community staff over HTTP, and members
// who join it, each a signed-in client. Accounts are two months old, so their first post is not
// held for review, unless a test asks for a new account.
import type { GroupKind } from '../../src/db/types.js';
import { createAccount, type TestClient, type TestContext } from '../helpers.js';
import { signedIn } from './people.js';

export interface GroupPerson {
  id: string;
  email: string;
  name: string;
  c: TestClient;
}

/** A member (role `member`) signed in; an account of two months ago unless `newAccount`. */
export async function aGroupMember(ctx: TestContext, name: string, opts: { newAccount?: boolean } = {}): Promise<GroupPerson> {
  const a = await createAccount(ctx, { roles: ['member'], name });
  const created = new Date(ctx.clock.now().getTime() - (opts.newAccount ? 0 : 60 * 86_400_000));
  await ctx.deps.db.updateTable('users').set({ created_at: created }).where('id', '=', a.id).execute();
  return { id: a.id, email: a.email, name, c: await signedIn(ctx, a.email) };
}

/** An active group created by a communications staff member (its moderator); its slug. */
export async function aGroup(_ctx: TestContext, staff: TestClient, name: string, kind: GroupKind = 'open'): Promise<string> {
  const res = await staff.postForm('/groups/new', { name, description: `About ${name}.`, kind });
  if (res.statusCode !== 303) throw new Error(`group not created: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return String(res.headers.location).replace('/groups/', '');
}

/** Starts a thread over HTTP; the thread's id. */
export async function aThread(c: TestClient, slug: string, title: string, body: string): Promise<string> {
  const res = await c.postForm(`/groups/${slug}/threads/new`, { title, body });
  if (res.statusCode !== 303) throw new Error(`thread not started: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return /threads\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1] ?? '';
}
