// Test factories of people: accounts (through the accounts module), signed-in clients, and the
// states a test puts an account in on purpose (disabled, two-factor switched off).
import { createAccount, PASSWORD, type TestClient, type TestContext } from '../helpers.js';
import type { FactoryContext } from './context.js';

export { createAccount as anAccount } from '../helpers.js';

export type StaffRole = 'finance' | 'membership' | 'admin' | 'advisor' | 'communications';

/** A client signed in as this address (password sign-in). */
export async function signedIn(ctx: Pick<TestContext, 'client'>, email: string): Promise<TestClient> {
  const c = ctx.client();
  await c.signIn(email, PASSWORD);
  return c;
}

/** A client signed in as a new account with these global roles (passing two-factor for an admin). */
export async function signedInAs(ctx: TestContext, roles: StaffRole[]): Promise<TestClient> {
  const account = await createAccount(ctx, { roles });
  const c = ctx.client();
  await c.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return c;
}

/** A client signed in as new staff of one role. */
export async function staffClient(ctx: TestContext, role: 'membership' | 'finance' | 'advisor'): Promise<TestClient> {
  const a = await createAccount(ctx, { roles: [role] });
  return signedIn(ctx, a.email);
}

/** New staff of one role, named, with their signed-in client. */
export async function signedInStaff(ctx: TestContext, role: 'advisor' | 'membership' | 'finance' | 'communications', name = `Staff ${role}`) {
  const account = await createAccount(ctx, { roles: [role], name });
  const client = ctx.client();
  await client.signIn(account.email);
  return { ...account, client };
}

/** Disables the account now (as staff would). */
export async function disableAccount(ctx: FactoryContext, userId: string): Promise<void> {
  await ctx.deps.db.updateTable('users').set({ disabled_at: ctx.deps.clock.now() }).where('id', '=', userId).execute();
}

/** Takes two-factor sign-in off an account, as if it had never been set up (an admin made before
 * the rule). */
export async function withoutTwoFactor(ctx: FactoryContext, userId: string): Promise<void> {
  await ctx.deps.db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null }).where('id', '=', userId).execute();
}
