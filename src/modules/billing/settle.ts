// Settlement: what a paid invoice does to the membership it is for (activate, extend, reinstate,
// or the individuals module's hook), after a payment or a credit note settles it.
import type { Invoice } from '../../db/types.js';
import { activateMembership, renewMembership } from '../organizations/index.js';
import { publishEvent } from '../webhooks/index.js';
import { termFor } from './dates.js';
import { welcomeEmail } from './emails.js';
import { billingSettings, type SettleDeps, type Trx } from './service.js';

/** Activates a pending membership, extends an active one, or reinstates a lapsed one, when the
 * invoice for it is paid (in full, or at the first payment when the association says so). */
export async function settleMembership(trx: Trx, deps: SettleDeps, invoice: Invoice, receivedOn: string, actor: string | null): Promise<string | null> {
  if (invoice.purpose !== 'membership' && invoice.purpose !== 'renewal') {
    // Not a membership's: the module it is for (events) settles it through its hook.
    for (const hook of deps.hooks.invoiceSettled) await hook(trx, deps, invoice, receivedOn, actor);
    return null;
  }
  // A payment received before its invoice was issued (an early check, confirmed by finance staff)
  // starts no term before the invoice: the term starts with the invoice's period, or else on its issue day.
  const early = !!invoice.issued_on && receivedOn < invoice.issued_on;
  const paidOn = early ? (invoice.period_start ?? invoice.issued_on ?? receivedOn) : receivedOn;
  if (invoice.individual_membership_id) {
    // An individual's membership is the individuals module's: its hook settles it.
    const settings = await billingSettings(trx);
    let activated: string | null = null;
    for (const hook of deps.hooks.individualInvoicePaid) activated = (await hook(trx, deps, invoice, paidOn, actor, settings)) ?? activated;
    if (activated) await publishEvent(trx, deps, 'individual.joined', { individualMembershipId: activated, userId: invoice.user_id, invoiceId: invoice.id });
    return activated;
  }
  if (!invoice.membership_id) return null;
  const settings = await billingSettings(trx);
  if (invoice.status !== 'paid' && settings.activation_rule !== 'first_payment') return null;
  const m = await trx.selectFrom('memberships').selectAll().where('id', '=', invoice.membership_id).forUpdate().executeTakeFirstOrThrow();
  const now = deps.clock.now();
  if (m.status === 'pending' && invoice.purpose === 'membership') {
    const term = termFor(paidOn, settings.term_model, settings.membership_year_start_month);
    await activateMembership(trx, { membershipId: m.id, organizationId: m.organization_id, term, at: now, actor });
    const org = await trx.selectFrom('organizations').select(['name']).where('id', '=', m.organization_id).executeTakeFirstOrThrow();
    const admins = await trx
      .selectFrom('organization_contacts')
      .innerJoin('users', 'users.id', 'organization_contacts.user_id')
      .select('users.email')
      .where('organization_id', '=', m.organization_id)
      .execute();
    for (const a of admins) {
      await deps.mail.queue(trx, {
        to: a.email,
        template: welcomeEmail.name,
        data: { organization: org.name, start: term.start, end: term.end, url: `${deps.config.publicUrl}/org` },
      });
    }
    for (const hook of deps.hooks.membershipActivated) await hook(trx, { membershipId: m.id, organizationId: m.organization_id, at: now });
    await publishEvent(trx, deps, 'membership.activated', { membershipId: m.id, organizationId: m.organization_id, termStart: term.start, termEnd: term.end });
    return m.id;
  }
  if (invoice.purpose === 'renewal' && invoice.period_end && (m.status === 'active' || m.status === 'lapsed')) {
    const extendTo = m.term_end && m.term_end > invoice.period_end ? m.term_end : invoice.period_end;
    await renewMembership(trx, { membershipId: m.id, organizationId: m.organization_id, from: { status: m.status, termEnd: m.term_end }, termEnd: extendTo, at: now, actor });
  }
  return null;
}
