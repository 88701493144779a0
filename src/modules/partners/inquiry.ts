// The inquiry of an outside organization (R2): the form keeps the inquiry aside and emails a
// confirmation link (its token kept only as a SHA-256, good for 24 hours, used once); pressing the
// button on the link's page creates the relationship at "inquiry", tells partnerships staff, and
// acknowledges it to the inquirer. So no relationship exists for an address nobody confirmed.
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { takeFormMailAllowance } from '../../lib/form-mail-limit.js';
import { accountsByEmail } from '../accounts/index.js';
import { confirmInquiryEmail, inquiryReceivedEmail, newInquiryEmail } from './emails.js';
import type { InquiryInput } from './schemas.js';
import { logEvent } from './service.js';
import { KIND_LABELS, type PartnerDeps, type Trx } from './shared.js';

const LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** Keeps the inquiry and emails its confirmation link (at most a few to one address an hour,
 * silently: the answer is the same either way). */
export async function startInquiry(deps: PartnerDeps, input: InquiryInput): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await takeFormMailAllowance(trx, { form: 'partners-inquiry', address: input.email, now }))) return;
    const token = randomToken(32);
    await trx
      .insertInto('partner_inquiries_pending')
      .values({
        token_hash: sha256(token),
        organization: input.organization,
        kind: input.kind,
        purpose: input.purpose,
        contact_name: input.contactName,
        email: input.email,
        created_at: now,
        expires_at: new Date(now.getTime() + LINK_TTL_MS),
      })
      .execute();
    await deps.mail.queue(trx, {
      to: input.email,
      template: confirmInquiryEmail.name,
      data: { organization: input.organization, url: `${deps.config.publicUrl}/partners/inquire/confirm?token=${token}` },
    });
  });
}

/** Where the inquiry a link names stands: waiting for its button, sent already (the link was
 * used: pressed twice, or opened again from the email), expired unsent, or no inquiry at all. */
export type InquiryLink = { state: 'waiting' | 'sent' | 'expired'; organization: string } | { state: 'unknown' };

export async function inquiryLink(deps: PartnerDeps, token: string): Promise<InquiryLink> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'unknown' };
  const p = await deps.db.selectFrom('partner_inquiries_pending').select(['organization', 'used_at', 'expires_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!p) return { state: 'unknown' };
  if (p.used_at) return { state: 'sent', organization: p.organization };
  if (p.expires_at <= deps.clock.now()) return { state: 'expired', organization: p.organization };
  return { state: 'waiting', organization: p.organization };
}

async function partnershipsStaffEmails(trx: Trx): Promise<string[]> {
  const rows = await trx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'partnerships'))
    .select('u.email')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .limit(50)
    .execute();
  return rows.map((r) => r.email);
}

export { partnershipsStaffEmails };

/** Confirms a waiting inquiry by its link: the relationship's id, or null when the link is unknown,
 * used or expired. The claim is a guarded update, so a link pressed twice makes one relationship.
 * The log names the inquirer, whoever is signed in where the link is opened: the account of the
 * address the link went to (its owner confirmed it), else the contact the form named. */
export async function confirmInquiry(deps: PartnerDeps, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const p = await trx
      .updateTable('partner_inquiries_pending')
      .set({ used_at: now })
      .where('token_hash', '=', sha256(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'organization', 'kind', 'purpose', 'contact_name', 'email'])
      .executeTakeFirst();
    if (!p) return null;
    const r = await trx
      .insertInto('partner_relationships')
      .values({
        kind: p.kind,
        partner_name: p.organization,
        purpose: p.purpose,
        status: 'inquiry',
        status_changed_at: now,
        listed: true,
        inquirer_name: p.contact_name,
        inquirer_email: p.email,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('partner_contacts').values({ relationship_id: r.id, name: p.contact_name, email: p.email, role: 'Inquirer', created_at: now }).execute();
    await trx.updateTable('partner_inquiries_pending').set({ relationship_id: r.id }).where('id', '=', p.id).execute();
    await logEvent(trx, { relationshipId: r.id, at: now, kind: 'created', to: 'inquiry', text: `Inquiry received from ${p.contact_name} (email confirmed).`, actor: null });
    const actorUserId = (await accountsByEmail(trx, [p.email])).get(p.email.toLowerCase()) ?? null;
    await writeAudit(trx, {
      actorUserId,
      action: 'partners.inquiry_received',
      entityType: 'partner_relationship',
      entityId: r.id,
      // Without an account, the contact the form named, who confirmed their email, is who the log
      // names (audit's `visitor`).
      after: { kind: p.kind, partner_name: p.organization, ...(actorUserId ? {} : { visitor: { role: 'Inquirer', name: p.contact_name, email: p.email } }) },
      at: now,
    });
    const kind = KIND_LABELS[p.kind];
    for (const to of await partnershipsStaffEmails(trx))
      await deps.mail.queue(trx, {
        to,
        template: newInquiryEmail.name,
        data: { organization: p.organization, kind, contact: p.contact_name, url: `${deps.config.publicUrl}/staff/partners/${r.id}` },
      });
    await deps.mail.queue(trx, { to: p.email, template: inquiryReceivedEmail.name, data: { name: p.contact_name, organization: p.organization, kind } });
    return r.id;
  });
}
