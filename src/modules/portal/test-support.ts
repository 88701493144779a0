// Helpers shared by the portal's HTTP tests (not used by the app).
import { latestLinkTo, pathOf, type TestClient, type TestContext } from '../../../test/helpers.js';

/** The token of an invitation link (`/invitation?token=…`), which its page's form posts. */
export const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token') ?? '';

/** Follows the newest seat invitation mailed to this address: its page, then its Accept button. */
export async function acceptInvitation(ctx: TestContext, client: TestClient, email: string) {
  const link = pathOf(await latestLinkTo(ctx, email, 'portal.seat_invitation'));
  const page = await client.get(link);
  if (page.statusCode !== 200) throw new Error(`the invitation answered ${page.statusCode}`);
  return client.postForm('/invitation/accept', { token: tokenOf(link) });
}

export async function activeMembership(ctx: TestContext, organizationId: string, term = { start: '2026-01-01', end: '2026-12-31' }) {
  const row = await ctx.deps.db
    .insertInto('memberships')
    .values({ organization_id: organizationId, status: 'active', term_start: term.start, term_end: term.end, application_id: null, activated_at: new Date('2026-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function pendingRequest(ctx: TestContext, organizationId: string | null, o: { email: string; name?: string; organizationName?: string; domainMatches?: boolean }) {
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

/** Messages in the outbox to this address (newest first), with their template. */
export function mailTo(ctx: TestContext, email: string) {
  return ctx.deps.db.selectFrom('outbox').select(['template', 'subject', 'body_text']).where('to_address', '=', email).orderBy('created_at', 'desc').execute();
}

/** Audit rows of one action, oldest first. */
export function auditOf(ctx: TestContext, action: string) {
  return ctx.deps.db.selectFrom('audit_log').select(['actor_user_id', 'entity_id', 'before', 'after']).where('action', '=', action).orderBy('id').execute();
}
