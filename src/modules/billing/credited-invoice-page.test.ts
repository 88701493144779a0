// An event invoice credited in full reads so on its own page and its PDF: "Credited in full: nothing
// to pay", never "paid in full" when nothing was paid; one paid and then credited (a cancelled seat)
// says what is to be refunded.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvent, aPayment } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textOf } from '../../../test/html.js';
import { registerForEvent } from '../events/registration.js';
import { cancelRegistration } from '../events/registration-cancel.js';

let ctx: TestContext;
let finance: TestClient;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2032-05-04T15:00:00Z');
  const staff = await createAccount(ctx, { roles: ['finance'] });
  finance = ctx.client();
  await finance.signIn(staff.email);
  dir = await mkdtemp(join(tmpdir(), 'civnet-credited-'));
});
afterAll(async () => {
  await ctx?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The invoice's PDF, as the payer downloads it from its page, in words (pdftotext). */
async function pdfWords(pageUrl: string): Promise<string> {
  const res = await ctx.client().get(`${pageUrl}/pdf`);
  expect(res.statusCode).toBe(200);
  const file = join(dir, `${pageUrl.split('/').pop()}.pdf`);
  await writeFile(file, res.rawPayload);
  const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
  return stdout.replace(/\s+/g, ' ');
}

/** A person's seat at a $150 event, and its invoice. */
async function aSeat() {
  const event = await anEvent(ctx, { title: 'Grant Writing Workshop' });
  const person = await createAccount(ctx, {});
  const r = await registerForEvent(ctx.deps, { eventId: event.id, userId: person.id, ticketTypeId: event.ticketTypeIds[0] ?? '' });
  const invoiceId = r.invoice?.id ?? '';
  const { public_token } = await ctx.deps.db.selectFrom('invoices').select('public_token').where('id', '=', invoiceId).executeTakeFirstOrThrow();
  return { person, invoiceId, registrationId: r.registrations[0]?.registrationId ?? '', pageUrl: `/invoices/${public_token}` };
}

describe('an event invoice credited in full, on its own page', () => {
  it('credited with nothing paid: says credited in full and nothing to pay, not paid in full', async () => {
    const seat = await aSeat();
    const credited = await finance.postForm(`/staff/invoices/${seat.invoiceId}/credit-notes`, { credit_amount: '150.00', credit_reason: 'Speaker fee waived' });
    expect(credited.statusCode).toBe(303);
    const page = textOf((await ctx.client().get(seat.pageUrl)).body, 'main');
    expect(page).toContain('Status: Credited in full: nothing to pay');
    expect(page).toContain('Nothing: this invoice was credited in full, so nothing is owed on it.');
    expect(page).not.toMatch(/paid in full/i);
    expect(page).not.toContain('to be refunded');
    expect(page).toContain('No payments were received, and none is needed.');
    const pdf = await pdfWords(seat.pageUrl);
    expect(pdf).toContain('Status Credited in full');
    expect(pdf).toContain('Credited in full Nothing is owed on this invoice: it was credited in full.');
    expect(pdf).not.toMatch(/paid in full/i);
  });

  it('paid, then its seat cancelled: credited in full, and what was paid is to be refunded', async () => {
    const seat = await aSeat();
    await aPayment(ctx, { invoiceId: seat.invoiceId, amountCents: 15_000 });
    await cancelRegistration(ctx.deps, { registrationId: seat.registrationId, userId: seat.person.id });
    const page = textOf((await ctx.client().get(seat.pageUrl)).body, 'main');
    expect(page).toContain('Status: Credited in full: nothing to pay');
    expect(page).toContain('Nothing: this invoice was credited in full, so nothing is owed on it. The $150.00 paid on it is to be refunded to you');
    expect(page).not.toMatch(/paid in full/i);
    const pdf = await pdfWords(seat.pageUrl);
    expect(pdf).toContain('Nothing is owed on this invoice: it was credited in full. The $150.00 paid on it is to be refunded to you.');
    expect(pdf).not.toMatch(/paid in full/i);
  });

  it('an invoice paid in full still says so', async () => {
    const seat = await aSeat();
    await aPayment(ctx, { invoiceId: seat.invoiceId, amountCents: 15_000 });
    const page = textOf((await ctx.client().get(seat.pageUrl)).body, 'main');
    expect(page).toContain('Status: Paid');
    expect(page).toContain('Nothing: this invoice is paid in full.');
    expect(await pdfWords(seat.pageUrl)).toContain('Paid in full Thank you.');
  });
});
