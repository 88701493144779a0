// An organization's administrator (or membership staff) acting on a pending seat invitation:
// sending it again with a new link (the old one stops working), or withdrawing it. Each in one
// transaction, the invitation locked, with its audit row. Knows nothing of HTTP.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { seatInvitationEmail } from './emails.js';
import { INVITATION_DAYS, invitationExpiry, invitationUrl, organizationName, type SeatDeps } from './invitations.js';

interface AdminAction {
  organizationId: string;
  invitationId: string;
  actorUserId: string;
  actorName: string;
  requestId?: string;
}

const noSuchInvitation = () => new AppError('not_found', { message: 'There is no such invitation waiting to be accepted.' });

async function lockOpen(trx: Transaction<DB>, a: AdminAction) {
  const inv = await trx
    .selectFrom('seat_invitations')
    .selectAll()
    .where('id', '=', a.invitationId)
    .where('organization_id', '=', a.organizationId)
    .where('accepted_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!inv) throw noSuchInvitation();
  return inv;
}

/** Sends a pending (or expired) invitation again, with a new link; the old link stops working. */
export async function resendSeatInvitation(deps: SeatDeps, a: AdminAction): Promise<{ name: string; email: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const inv = await lockOpen(trx, a);
    const token = randomToken();
    await trx
      .updateTable('seat_invitations')
      .set({ token_hash: sha256(token), sent_at: now, expires_at: invitationExpiry(now) })
      .where('id', '=', inv.id)
      .execute();
    await deps.mail.queue(trx, {
      to: inv.email,
      template: seatInvitationEmail.name,
      data: {
        name: inv.name,
        organizationName: await organizationName(trx, inv.organization_id),
        invitedBy: a.actorName,
        role: inv.role,
        duties: inv.duties,
        title: inv.title,
        source: inv.source,
        url: invitationUrl(deps, token),
        days: INVITATION_DAYS,
      },
    });
    await writeAudit(trx, {
      at: now,
      actorUserId: a.actorUserId,
      action: 'portal.invitation_resent',
      entityType: 'organization',
      entityId: inv.organization_id,
      after: { invitationId: inv.id },
      requestId: a.requestId,
    });
    return { name: inv.name, email: inv.email };
  });
}

/** Withdraws a pending invitation: its link stops working. */
export async function cancelSeatInvitation(deps: Pick<SeatDeps, 'db' | 'clock'>, a: AdminAction): Promise<{ name: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const inv = await lockOpen(trx, a);
    await trx.updateTable('seat_invitations').set({ cancelled_at: now, cancelled_by: a.actorUserId }).where('id', '=', inv.id).execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: a.actorUserId,
      action: 'portal.invitation_cancelled',
      entityType: 'organization',
      entityId: inv.organization_id,
      before: { invitationId: inv.id, role: inv.role },
      requestId: a.requestId,
    });
    return { name: inv.name };
  });
}
