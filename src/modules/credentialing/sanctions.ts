// What other modules' events do to the credential: an ethics sanction that took effect (the
// `ethicsSanction` hook, in ethics' transaction) revokes a held credential at once and bars it —
// for good (credential revoked, expulsion) or until the sanction's last day (public censure,
// suspension); and the fee invoice of an application paid (billing's `invoiceSettled` hook).
import type { EthicsSanctionHook, InvoiceSettledHook } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { formatDay } from '../../lib/format.js';
import { revokedEmail } from './emails.js';

const REASONS: Record<string, string> = {
  credential_revoked: 'Revoked by the outcome of an ethics case.',
  public_censure: 'Barred by a public censure.',
  suspension: 'Revoked by a suspension of membership.',
  expulsion: 'Revoked by an expulsion from membership.',
};

export const applyEthicsSanction: EthicsSanctionHook = async (trx, deps, s) => {
  const permanent = s.outcome === 'credential_revoked' || s.outcome === 'expulsion' || s.until === null;
  const until = permanent ? null : s.until;
  const existing = await trx.selectFrom('credential_bars').select('until').where('user_id', '=', s.userId).forUpdate().executeTakeFirst();
  if (!existing) {
    await trx.insertInto('credential_bars').values({ user_id: s.userId, ethics_case_id: s.caseId, outcome: s.outcome, until }).execute();
  } else if (existing.until !== null && (until === null || until > String(existing.until).slice(0, 10))) {
    // the longer bar stands
    await trx.updateTable('credential_bars').set({ ethics_case_id: s.caseId, outcome: s.outcome, until }).where('user_id', '=', s.userId).execute();
  }
  const revoked = await trx
    .updateTable('credentials')
    .set({ status: 'revoked', revoked_on: s.effectiveOn, revoked_reason: REASONS[s.outcome] ?? '', ethics_case_id: s.caseId, updated_at: deps.clock.now() })
    .where('user_id', '=', s.userId)
    .where('status', 'in', ['current', 'lapsed'])
    .executeTakeFirst();
  if (Number(revoked.numUpdatedRows) === 1) {
    const u = await trx.selectFrom('users').select('email').where('id', '=', s.userId).executeTakeFirstOrThrow();
    await deps.mail.queue(trx, { to: u.email, template: revokedEmail.name, data: { until: until ? formatDay(until) : null, url: `${deps.config.publicUrl}/credential` } });
    // The case stays with ethics: the audit row says only that the credential is revoked.
    await writeAudit(trx, { at: deps.clock.now(), actorUserId: null, action: 'credential.revoked', entityType: 'user', entityId: s.userId });
  }
};

export const settleCredentialFee: InvoiceSettledHook = async (trx, _deps, invoice, on) => {
  if (invoice.purpose !== 'other' || invoice.status !== 'paid') return;
  await trx.updateTable('credential_applications').set({ fee_paid_on: on }).where('invoice_id', '=', invoice.id).where('fee_paid_on', 'is', null).execute();
};
