// Test factories of the organization portal: sign-in requests waiting for a decision, seat
// invitations followed from the outbox, and an invitation moved past its expiry.
import { latestLinkTo, pathOf, type TestClient } from '../helpers.js';
import type { FactoryContext } from './context.js';

/** The token of an invitation link (`/invitation?token=…`), which its page's form posts. */
export const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token') ?? '';

/** Follows the newest seat invitation mailed to this address: its page, then its Accept button. */
export async function acceptInvitation(ctx: FactoryContext, client: TestClient, email: string) {
  const link = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
  const page = await client.get(link);
  if (page.statusCode !== 200) throw new Error(`the invitation answered ${page.statusCode}`);
  return client.postForm('/invitation/accept', { token: tokenOf(link) });
}

/** A pending request to sign in for an organization (or for a name that matched none). */
export async function aLoginRequest(ctx: FactoryContext, organizationId: string | null, o: { email: string; name?: string; organizationName?: string; domainMatches?: boolean }) {
  const row = await ctx.deps.db
    .insertInto('login_requests')
    .values({
      name: o.name ?? 'Pat Asker',
      email: o.email,
      title: 'Planner',
      organization_name: o.organizationName ?? 'Somewhere',
      organization_id: organizationId,
      domain_matches: o.domainMatches ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Moves the seat invitations to this address a second past their expiry. */
export async function expireSeatInvitation(ctx: FactoryContext, email: string): Promise<void> {
  await ctx.deps.db
    .updateTable('seat_invitations')
    .set({ expires_at: new Date(ctx.deps.clock.now().getTime() - 1000) })
    .where('email', '=', email)
    .execute();
}
