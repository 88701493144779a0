// Test fixtures of advising (used only by *.test.ts): advisors set up through the staff pages,
// member organizations activated through billing or assigned by hand, and the invitations read
// back from the outbox the way delivery renders them.
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { expect } from 'vitest';
import { createAccount, createOrganization, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import { apiPay, issue, pendingOrganization } from '../billing/finance-fixtures.js';

export async function signedIn(ctx: TestContext, email: string): Promise<TestClient> {
  const c = ctx.client();
  await c.signIn(email, PASSWORD);
  return c;
}

export async function staffClient(ctx: TestContext, role: 'membership' | 'finance' | 'advisor'): Promise<TestClient> {
  const a = await createAccount(ctx, { roles: [role] });
  return signedIn(ctx, a.email);
}

export interface TestAdvisor {
  id: string;
  email: string;
  name: string;
  client: TestClient;
}

/** An advisor whose profile membership staff save through the form, with weekly windows the
 * advisor adds on their availability page. */
export async function makeAdvisor(
  ctx: TestContext,
  staff: TestClient,
  opts: { name: string; states: string[]; zone?: string; minutes?: number; windows?: Array<[number, string, string]>; active?: boolean },
): Promise<TestAdvisor> {
  const account = await createAccount(ctx, { roles: ['advisor'], name: opts.name });
  const saved = await staff.postForm(`/staff/advisors/${account.id}`, {
    states: opts.states.join(', '),
    timeZone: opts.zone ?? 'America/Chicago',
    phone: '(555) 010-0000',
    meetingMinutes: String(opts.minutes ?? 60),
    active: opts.active === false ? undefined : 'yes',
  });
  expect(saved.statusCode).toBe(303);
  const client = await signedIn(ctx, account.email);
  for (const [weekday, start, end] of opts.windows ?? []) {
    const res = await client.postForm('/staff/advising/availability', { weekday: String(weekday), start, end });
    expect(res.statusCode).toBe(303);
  }
  return { id: account.id, email: account.email, name: opts.name, client };
}

/** A pending member in `state` whose first invoice finance pays through the API: activation. */
export async function activateThroughBilling(ctx: TestContext, finance: TestClient, opts: { state: string; name?: string }) {
  const org = await pendingOrganization(ctx, { name: opts.name });
  await ctx.deps.db.updateTable('organizations').set({ state: opts.state }).where('id', '=', org.organizationId).execute();
  const invoice = await issue(ctx, { organizationId: org.organizationId, membershipId: org.membershipId, cents: 50_000 });
  const paid = await apiPay(finance, invoice.id, { amountCents: 50_000, method: 'check', reference: 'chk' }, randomUUID());
  expect(paid.statusCode).toBe(201);
  return org;
}

/** An active member organization with a contact, assigned to the advisor by membership staff. */
export async function memberOf(ctx: TestContext, staff: TestClient, advisorId: string, opts: { state?: string; zone?: string; contacts?: number } = {}) {
  const organizationId = await createOrganization(ctx, { state: opts.state ?? 'IL' });
  await ctx.deps.db
    .updateTable('organizations')
    .set({ time_zone: opts.zone ?? 'America/Chicago' })
    .where('id', '=', organizationId)
    .execute();
  await ctx.deps.db
    .insertInto('memberships')
    .values({ organization_id: organizationId, status: 'active', term_start: '2026-01-01', term_end: '2026-12-31', application_id: null })
    .execute();
  const contacts: Array<{ email: string; client: TestClient }> = [];
  for (let i = 0; i < (opts.contacts ?? 1); i++) {
    const a = await createAccount(ctx, { org: { role: i === 0 ? 'admin' : 'contact', organizationId }, name: `Contact ${i + 1}` });
    contacts.push({ email: a.email, client: await signedIn(ctx, a.email) });
  }
  const res = await staff.postForm('/staff/advisors/assignments', { organizationId, advisor: advisorId, reason: '' });
  expect(res.statusCode).toBe(303);
  return { organizationId, contacts };
}

/** The `value`s of the slot choices on a page, in order. */
export const slotValues = (html: string) => [...html.matchAll(/name="slot" value="([^"]+)"/g), ...html.matchAll(/<option value="(\d{4}-[^"]+)"/g)].map((m) => m[1] ?? '');

export interface ParsedInvitation {
  method: string;
  uid: string;
  sequence: number;
  start: string;
  end: string;
  organizer: string;
  attendees: string[];
  status: string;
  contentType: string;
}

/** The .ics attached to each message of this template to this address, rendered as delivery
 * would and parsed with ical.js, oldest first. */
export async function invitationsTo(ctx: TestContext, email: string, template?: string): Promise<ParsedInvitation[]> {
  let q = ctx.deps.db.selectFrom('outbox').select(['attachments', 'template']).where('to_address', '=', email).where('template', 'like', 'advising.meeting_%');
  if (template) q = q.where('template', '=', template);
  const rows = await q.orderBy('created_at').execute();
  const out: ParsedInvitation[] = [];
  for (const row of rows) {
    const [file] = await ctx.deps.mail.renderAttachments(row.attachments);
    if (!file) throw new Error('no attachment');
    const cal = new ICAL.Component(ICAL.parse(file.content.toString('utf8')));
    const event = cal.getFirstSubcomponent('vevent');
    if (!event) throw new Error('no VEVENT');
    const ev = new ICAL.Event(event);
    out.push({
      method: String(cal.getFirstPropertyValue('method')),
      uid: ev.uid,
      sequence: ev.sequence,
      start: ev.startDate.toJSDate().toISOString(),
      end: ev.endDate.toJSDate().toISOString(),
      organizer: String(event.getFirstPropertyValue('organizer')).toLowerCase(),
      attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
      status: String(event.getFirstPropertyValue('status')),
      contentType: file.contentType,
    });
  }
  return out;
}
