// What the permission matrix (test/permissions.test.ts) and the hostile-id sweep
// (test/hostile-ids.test.ts) share: who may call a route, by the table in this folder, and a client
// signed in as each role.
import { createAccount, PASSWORD, type TestClient, type TestContext } from '../helpers.js';
import { COMMUNITY } from './community.js';
import { ORGANIZATIONS } from './organizations.js';
import { PEOPLE } from './people.js';
import type { Role } from './roles.js';

export const PARTS = { ORGANIZATIONS, PEOPLE, COMMUNITY };
/** Who may call each route. Keys ending in `*` match every route under that prefix. */
export const EXPECTED: Record<string, Role[]> = { ...ORGANIZATIONS, ...PEOPLE, ...COMMUNITY };

export function expectedFor(method: string, url: string): Role[] | undefined {
  const key = `${method} ${url}`;
  if (EXPECTED[key]) return EXPECTED[key];
  const prefix = Object.keys(EXPECTED).find((k) => k.endsWith('*') && key.startsWith(k.slice(0, -1)));
  return prefix ? EXPECTED[prefix] : undefined;
}

/** A client signed in as `role` (a visitor's is not signed in). */
export async function clientFor(ctx: TestContext, role: Role): Promise<TestClient> {
  const c = ctx.client();
  if (role === 'visitor') return c;
  const account =
    role === 'member'
      ? await createAccount(ctx, { roles: ['member'] })
      : role === 'orgContact'
        ? await createAccount(ctx, { org: { role: 'contact' } })
        : role === 'orgAdmin'
          ? await createAccount(ctx, { org: { role: 'admin' } })
          : role === 'transition'
            ? await createAccount(ctx, { roles: ['membership', 'transition'] })
            : await createAccount(ctx, { roles: [role] });
  await c.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return c;
}
