// Test fixtures for the finance tests (payments, numbering, receivables): signed-in finance staff,
// organizations with a pending membership, invoices issued through the core, and API calls with
// an Idempotency-Key. Used only by *.test.ts files.
import { createAccount, createOrganization, PASSWORD, type TestClient, type TestContext } from '../../../test/helpers.js';
import type { Invoice } from '../../db/types.js';
import { issueInvoice } from './service.js';

export async function signedInAs(ctx: TestContext, roles: Array<'finance' | 'membership' | 'admin' | 'advisor'>): Promise<TestClient> {
  const account = await createAccount(ctx, { roles });
  const c = ctx.client();
  await c.signIn(account.email, PASSWORD, account.totpSecret ? { secret: account.totpSecret, clock: ctx.clock } : undefined);
  return c;
}

/** An organization whose application was approved: status pending, a pending membership, and an
 * admin contact who gets the welcome email. */
export async function pendingOrganization(ctx: TestContext, opts: { name?: string } = {}) {
  const organizationId = await createOrganization(ctx, { name: opts.name });
  await ctx.deps.db.updateTable('organizations').set({ status: 'pending' }).where('id', '=', organizationId).execute();
  const membership = await ctx.deps.db
    .insertInto('memberships')
    .values({ organization_id: organizationId, status: 'pending', term_start: null, term_end: null, application_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await createAccount(ctx, { org: { role: 'admin', organizationId } });
  return { organizationId, membershipId: membership.id, contactEmail: contact.email };
}

export function issue(
  ctx: TestContext,
  opts: { organizationId: string; cents: number; membershipId?: string; issuedOn?: string; billToName?: string; description?: string },
): Promise<Invoice> {
  return ctx.deps.db.transaction().execute((trx) =>
    issueInvoice(trx, ctx.deps, {
      organizationId: opts.organizationId,
      membershipId: opts.membershipId ?? null,
      purpose: opts.membershipId ? 'membership' : 'other',
      lines: [{ description: opts.description ?? 'Annual membership dues', quantity: 1, unitCents: opts.cents }],
      billTo: { name: opts.billToName ?? 'Accounts Payable', email: 'ap@city.example.gov', address: '1 Main St' },
      issuedOn: opts.issuedOn,
    }),
  );
}

/** POST /api/v1/invoices/:id/payments as JSON from a signed-in browser session. */
export async function apiPay(c: TestClient, invoiceId: string, body: Record<string, unknown>, key: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': await c.csrf() };
  if (key !== null) headers['idempotency-key'] = key;
  return c.request('POST', `/api/v1/invoices/${invoiceId}/payments`, { headers, payload: JSON.stringify(body) });
}

/** The value of a hidden field in a page. */
export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden ${name} in the page`);
  return m[1];
}

/** A small CSV reader for checking exports cell by cell (quoted cells, doubled quotes, CRLF). */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
