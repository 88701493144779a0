// Finance staff's list of individual members (/staff/individuals), paged 50 at a time: people who
// share a name and joined at one moment still appear once each across the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anIndividualMembership, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext, uniqueEmail } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { createUser } from '../accounts/index.js';

let ctx: TestContext;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const f = await createAccount(ctx, { roles: ['finance'] });
  finance = ctx.client();
  await finance.signIn(f.email, PASSWORD);
});
afterAll(() => ctx?.close());

const idsOn = (body: string) =>
  dom(body)
    .querySelectorAll('main table a')
    .map((a) => /^\/staff\/individuals\/([0-9a-f-]{36})$/.exec(a.getAttribute('href') ?? '')?.[1])
    .filter((id): id is string => !!id);

describe('the individual members list', () => {
  it('pages through people of one name who joined at one moment: each appears exactly once', async () => {
    const levels = await seedLevels(ctx);
    const levelId = levels.manager ?? Object.values(levels)[0] ?? '';
    const made = new Set<string>();
    // The test clock stands still: every membership has the same created_at, as the name ties too.
    // More than twice a page, so that PostgreSQL sorts the first page's rows with a bounded heap and
    // the later ones otherwise: ties came out in different orders, and rows repeated or went missing.
    for (let i = 0; i < 130; i++) {
      const userId = await createUser(ctx.deps, { email: uniqueEmail('tiepage'), name: 'Robin Tiepage' });
      made.add(await anIndividualMembership(ctx, userId, levelId, { created_at: ctx.clock.now() }));
    }
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = await finance.get(`/staff/individuals?q=Tiepage&page=${page}`);
      expect(res.statusCode).toBe(200);
      seen.push(...idsOn(res.body));
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen)).toEqual(made);
  });
});
