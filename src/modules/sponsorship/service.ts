// Use cases of sponsorship: partnerships staff create, change and close packages; a company
// applies (kept aside until its email is confirmed by the link) and staff accept or decline.
// Accepting takes one place with a conditional update (`sold < quantity`), so a package is never
// oversold however many acceptances arrive at once, and issues the invoice through billing in the
// same transaction: a refusal (sold out) rolls back everything, invoice number included.
import { writeAudit } from '../../lib/audit.js';
import { randomToken, sha256 } from '../../lib/crypto.js';
import { replyToHeaders } from '../../lib/email.js';
import { AppError, alreadyDone, fieldError } from '../../lib/errors.js';
import { takeFormMailAllowance } from '../../lib/form-mail-limit.js';
import { formatCents } from '../../lib/money.js';
import { today as todayIn } from '../../lib/today.js';
import { usAddressLines } from '../../lib/us-address.js';
import { accountsByEmail } from '../accounts/index.js';
import { issueInvoice } from '../billing/index.js';
import { eventsByIds } from '../events/index.js';
import { applicationAcceptedEmail, applicationDeclinedEmail, applicationReceivedEmail, confirmApplicationEmail, newApplicationEmail } from './emails.js';
import type { Logo } from './logo.js';
import type { ApplicationInput, PackageInput } from './schemas.js';
import { type Actor, applicationNotFound, packageNotFound, type SponsorshipDeps, soldOut, TIER_LABELS, type Trx } from './shared.js';

const LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** The application's billing address as the invoice prints it, one line each ('' when the
 * application was sent before the form asked for one). */
const billToAddress = (a: { address_line1: string; address_line2: string; city: string; state: string; zip: string }) =>
  usAddressLines({ addressLine1: a.address_line1, addressLine2: a.address_line2, city: a.city, state: a.state, zip: a.zip }).join('\n');

async function checkEvent(deps: SponsorshipDeps, eventId: string | null) {
  if (eventId && !(await eventsByIds(deps.db, [eventId])).has(eventId)) throw fieldError({ eventId: 'Choose an event from the list, or “Year-round”.' });
}

const packageValues = (d: PackageInput) => ({
  name: d.name,
  tier: d.tier,
  event_id: d.eventId,
  price_cents: d.price,
  quantity: d.quantity,
  deadline: d.deadline,
  benefits: d.benefits,
});

export async function createPackage(deps: SponsorshipDeps, actor: Actor, d: PackageInput): Promise<string> {
  await checkEvent(deps, d.eventId);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sponsorship_packages')
      .values({ ...packageValues(d), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.package_created',
      entityType: 'sponsorship_package',
      entityId: row.id,
      after: packageValues(d),
      requestId: actor.requestId,
    });
    return row.id;
  });
}

/** Changes a package; its places never drop below those already taken (the update is guarded, so an
 * acceptance meanwhile cannot slip under it). */
export async function updatePackage(deps: SponsorshipDeps, actor: Actor, id: string, d: PackageInput): Promise<void> {
  await checkEvent(deps, d.eventId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('sponsorship_packages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw packageNotFound();
    if (d.quantity < before.sold) throw fieldError({ quantity: `${before.sold} places are taken already: the package needs at least ${before.sold}.` });
    await trx
      .updateTable('sponsorship_packages')
      .set({ ...packageValues(d), updated_at: now })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.package_updated',
      entityType: 'sponsorship_package',
      entityId: id,
      before: { name: before.name, tier: before.tier, event_id: before.event_id, price_cents: before.price_cents, quantity: before.quantity, deadline: before.deadline },
      after: packageValues(d),
      requestId: actor.requestId,
    });
  });
}

/** Closes a package to new applications (those waiting may still be decided). */
export async function closePackage(deps: SponsorshipDeps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('sponsorship_packages').set({ status: 'closed', updated_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('sponsorship_packages').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw packageNotFound();
      throw alreadyDone('sponsorship.package_closed', 'This package is closed already: nothing changed.');
    }
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.package_closed',
      entityType: 'sponsorship_package',
      entityId: id,
      requestId: actor.requestId,
    });
  });
}

/** A package a company may apply for on `day` (today): open, its deadline not past, a place left. */
export async function packageOpenToApply(db: SponsorshipDeps['db'] | Trx, id: string, day: string) {
  return db
    .selectFrom('sponsorship_packages')
    .select(['id', 'name', 'tier'])
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('deadline', '>=', day)
    .whereRef('sold', '<', 'quantity')
    .executeTakeFirst();
}

/** Keeps the application aside and emails its confirmation link (at most a few to one address an
 * hour, silently: the answer is the same either way). */
export async function startApplication(deps: SponsorshipDeps, input: ApplicationInput, logo: Logo): Promise<void> {
  const now = deps.clock.now();
  const day = await todayIn(deps);
  await deps.db.transaction().execute(async (trx) => {
    const pkg = await packageOpenToApply(trx, input.packageId, day);
    if (!pkg) throw fieldError({ packageId: 'That package is no longer open (closed, past its deadline or sold out). Choose another.' });
    if (!(await takeFormMailAllowance(trx, { form: 'sponsorship-application', address: input.email, now }))) return;
    const token = randomToken(32);
    await trx
      .insertInto('sponsorship_applications')
      .values({
        package_id: pkg.id,
        company_name: input.companyName,
        contact_name: input.contactName,
        contact_email: input.email,
        website: input.website,
        address_line1: input.addressLine1,
        address_line2: input.addressLine2,
        city: input.city,
        state: input.state,
        zip: input.zip,
        logo: logo.bytes,
        logo_type: logo.type,
        logo_width: logo.width,
        logo_height: logo.height,
        token_hash: sha256(token),
        token_expires_at: new Date(now.getTime() + LINK_TTL_MS),
        created_at: now,
      })
      .execute();
    await deps.mail.queue(trx, {
      to: input.email,
      template: confirmApplicationEmail.name,
      data: { company: input.companyName, package: pkg.name, url: `${deps.config.publicUrl}/partners/sponsorship/confirm?token=${token}` },
    });
  });
}

const validToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/** The unconfirmed application a link names (not expired), or undefined. */
export async function pendingApplication(deps: SponsorshipDeps, token: string) {
  if (!validToken(token)) return undefined;
  return deps.db
    .selectFrom('sponsorship_applications as a')
    .innerJoin('sponsorship_packages as p', 'p.id', 'a.package_id')
    .select(['a.id', 'a.company_name', 'p.name as package_name'])
    .where('a.token_hash', '=', sha256(token))
    .where('a.status', '=', 'unconfirmed')
    .where('a.token_expires_at', '>', deps.clock.now())
    .executeTakeFirst();
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

/** The staff member who decided (an active account): named in the email the decision sends, and
 * its replies reach them. */
export async function decidingStaff(trx: Trx, userId: string | null | undefined): Promise<{ name: string; email: string } | null> {
  if (!userId) return null;
  return (await trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst()) ?? null;
}

/** Confirms an application by its link: its id, or null when the link is unknown, used or expired.
 * A guarded update, so a link pressed twice confirms once. The log names the applicant, whoever
 * is signed in where the link is opened: the account of the address the link went to (its owner
 * confirmed it), else the contact the form named. */
export async function confirmApplication(deps: SponsorshipDeps, token: string): Promise<string | null> {
  if (!validToken(token)) return null;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const a = await trx
      .updateTable('sponsorship_applications')
      .set({ status: 'pending', confirmed_at: now, token_hash: null, token_expires_at: null })
      .where('token_hash', '=', sha256(token))
      .where('status', '=', 'unconfirmed')
      .where('token_expires_at', '>', now)
      .returning(['id', 'package_id', 'company_name', 'contact_name', 'contact_email'])
      .executeTakeFirst();
    if (!a) return null;
    const pkg = await trx.selectFrom('sponsorship_packages').select('name').where('id', '=', a.package_id).executeTakeFirstOrThrow();
    const actorUserId = (await accountsByEmail(trx, [a.contact_email])).get(a.contact_email.toLowerCase()) ?? null;
    await writeAudit(trx, {
      at: now,
      actorUserId,
      action: 'sponsorship.application_received',
      entityType: 'sponsorship_application',
      entityId: a.id,
      // Without an account, the contact the form named, who confirmed their email, is who the log
      // names (audit's `visitor`).
      after: {
        packageId: a.package_id,
        company: a.company_name,
        ...(actorUserId ? {} : { visitor: { role: 'Applicant', name: a.contact_name, email: a.contact_email } }),
      },
    });
    for (const to of await partnershipsStaffEmails(trx))
      await deps.mail.queue(trx, {
        to,
        template: newApplicationEmail.name,
        data: { company: a.company_name, package: pkg.name, url: `${deps.config.publicUrl}/staff/sponsorship/applications/${a.id}` },
      });
    await deps.mail.queue(trx, { to: a.contact_email, template: applicationReceivedEmail.name, data: { name: a.contact_name, company: a.company_name, package: pkg.name } });
    return a.id;
  });
}

/** The application, locked for a decision: 404 when unknown, 409 when not waiting for one (a
 * repeat of the same decision says it is done already). */
async function lockPending(trx: Trx, id: string, decision: 'accepted' | 'declined') {
  const a = await trx.selectFrom('sponsorship_applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!a) throw applicationNotFound();
  if (a.status === 'unconfirmed')
    throw new AppError('sponsorship.unconfirmed', { status: 409, message: 'The company has not confirmed its email address yet: the application cannot be decided.' });
  if (a.status === decision) throw alreadyDone('sponsorship.decided', `This application is ${a.status} already: nothing changed.`);
  if (a.status !== 'pending') throw new AppError('sponsorship.decided', { status: 409, message: `This application is ${a.status} already, so it cannot be ${decision} now.` });
  return a;
}

/** Accepts an application: one place of its package, the invoice (billing, purpose 'sponsorship',
 * addressed to the company), the email, the audit row; or 409 when every place is taken. */
export async function acceptApplication(deps: SponsorshipDeps, actor: Actor, id: string): Promise<{ invoiceId: string; invoiceNumber: string | null }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const a = await lockPending(trx, id, 'accepted');
    // The place: a conditional update. Concurrent acceptances queue on the package row and each
    // sees the count the one before it left, so the places are never oversold.
    const pkg = await trx
      .updateTable('sponsorship_packages')
      .set((eb) => ({ sold: eb('sold', '+', 1), updated_at: now }))
      .where('id', '=', a.package_id)
      .whereRef('sold', '<', 'quantity')
      .returning(['id', 'name', 'tier', 'price_cents', 'event_id', 'sold', 'quantity'])
      .executeTakeFirst();
    if (!pkg) throw soldOut();
    const event = pkg.event_id ? (await eventsByIds(trx, [pkg.event_id])).get(pkg.event_id) : undefined;
    const invoice = await issueInvoice(trx, deps, {
      purpose: 'sponsorship',
      lines: [{ description: `${TIER_LABELS[pkg.tier]} sponsorship: ${pkg.name}${event ? ` (${event.title})` : ''}`.slice(0, 300), quantity: 1, unitCents: pkg.price_cents }],
      billTo: { name: a.company_name, email: a.contact_email, address: billToAddress(a) },
      actorUserId: actor.userId,
      requestId: actor.requestId ?? undefined,
    });
    await trx
      .updateTable('sponsorship_applications')
      .set({ status: 'accepted', decided_at: now, decided_by: actor.userId, invoice_id: invoice.id })
      .where('id', '=', a.id)
      .where('status', '=', 'pending')
      .execute();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.application_accepted',
      entityType: 'sponsorship_application',
      entityId: a.id,
      after: { packageId: pkg.id, invoiceId: invoice.id, placesTaken: pkg.sold, places: pkg.quantity },
      requestId: actor.requestId,
    });
    const decider = await decidingStaff(trx, actor.userId);
    await deps.mail.queue(trx, {
      to: a.contact_email,
      template: applicationAcceptedEmail.name,
      data: {
        name: a.contact_name,
        company: a.company_name,
        package: pkg.name,
        invoice: invoice.number ?? '',
        total: formatCents(invoice.total_cents),
        event: event?.title,
        staff: decider ? { name: decider.name } : undefined,
      },
      headers: replyToHeaders(decider),
    });
    return { invoiceId: invoice.id, invoiceNumber: invoice.number };
  });
}

/** Declines an application with the reason the company is told. */
export async function declineApplication(deps: SponsorshipDeps, actor: Actor, id: string, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await lockPending(trx, id, 'declined');
    await trx
      .updateTable('sponsorship_applications')
      .set({ status: 'declined', decided_at: now, decided_by: actor.userId, decline_reason: reason })
      .where('id', '=', a.id)
      .execute();
    const pkg = await trx.selectFrom('sponsorship_packages').select('name').where('id', '=', a.package_id).executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: now,
      actorUserId: actor.userId,
      action: 'sponsorship.application_declined',
      entityType: 'sponsorship_application',
      entityId: a.id,
      after: { reason },
      requestId: actor.requestId,
    });
    const decider = await decidingStaff(trx, actor.userId);
    await deps.mail.queue(trx, {
      to: a.contact_email,
      template: applicationDeclinedEmail.name,
      data: { name: a.contact_name, company: a.company_name, package: pkg.name, reason, staff: decider ? { name: decider.name } : undefined },
      headers: replyToHeaders(decider),
    });
  });
}
