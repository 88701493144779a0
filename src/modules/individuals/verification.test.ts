// Eligibility checks (issue 11, finding 3): the proof upload on /me/membership (type by content,
// size, only while a check waits), membership staff's queue (oldest first), proof downloads
// (attachment, audited), confirming (activates exactly once, whichever of payment and confirmation
// comes second) and declining with a reason (emailed; unpaid invoice voided; payment to refund).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, confirmAddress, type Joined, joinAsManager, joinSignedIn, PDF, PNG, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, PASSWORD, type TestClient, type TestContext, todayThere, uniqueEmail } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';

let ctx: TestContext;
let levels: Record<string, string>;
let staff: TestClient;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
  staff = ctx.client();
  await staff.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
  finance = ctx.client();
  await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
});
afterAll(() => ctx?.close());

const membershipOf = (id: string) => ctx.deps.db.selectFrom('individual_memberships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const rolesOf = async (userId: string) => (await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map((r) => r.role);
const auditOf = async (id: string) => (await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((a) => a.action);
const mailsTo = async (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();
const proofsOf = (membershipId: string) =>
  ctx.deps.db.selectFrom('membership_proofs').select(['id', 'filename', 'content_type']).where('membership_id', '=', membershipId).execute();
const upload = (j: Joined, file: { filename: string; type: string; content: Buffer }) => j.client.postMultipart('/me/membership/proof', {}, [{ field: 'proof', ...file }]);
const decide = (id: string, body: Record<string, string>) => staff.postForm(`/staff/individuals/verification/${id}`, body);

const postPayment = async (invoiceId: string, amountCents: number) =>
  finance.request('POST', `/api/v1/invoices/${invoiceId}/payments`, {
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': `v-${invoiceId}`, 'x-csrf-token': await finance.csrf() },
    payload: JSON.stringify({ amountCents, method: 'check', reference: '100' }),
  });

async function pay(invoiceId: string, amountCents: number) {
  const res = await postPayment(invoiceId, amountCents);
  expect(res.statusCode).toBe(201);
  return res.json() as { membershipActivated: boolean };
}

describe('proof upload on /me/membership', () => {
  it('stores a PDF or an image checked by content; the person sees its name, never a link to it', async () => {
    const j = await joinSignedIn(ctx, levels, 'student');
    const res = await upload(j, { filename: 'enrolment.pdf', type: 'application/pdf', content: PDF });
    expect(res.statusCode).toBe(303);
    expect((await upload(j, { filename: 'Student card.PNG', type: 'image/png', content: PNG })).statusCode).toBe(303);
    const stored = await proofsOf(j.membershipId);
    expect(stored.map((p) => [p.filename, p.content_type])).toEqual([
      ['enrolment.pdf', 'application/pdf'],
      ['Student card.PNG', 'image/png'],
    ]);
    const page = await j.client.get('/me/membership');
    expect(page.body).toContain('enrolment.pdf, sent');
    expect(page.body).not.toContain('/proofs/');
    expect(await auditOf(j.membershipId)).toEqual(['individuals.joined', 'individuals.proof_uploaded', 'individuals.proof_uploaded']);
  });

  it('refuses a file whose content, extension or declared type disagree, an empty form and an oversized file, with the message beside the field; nothing is stored', async () => {
    const j = await joinSignedIn(ctx, levels, 'student');
    for (const [file, message] of [
      [{ filename: 'letter.pdf', type: 'application/pdf', content: PNG }, 'letter.pdf is not a file we accept'],
      [{ filename: 'letter.png', type: 'application/pdf', content: PNG }, 'letter.png is not a file we accept'],
      [{ filename: 'letter.html', type: 'text/html', content: Buffer.from('<script>alert(1)</script>') }, 'letter.html is not a file we accept'],
      [{ filename: 'huge.pdf', type: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]) }, 'huge.pdf is larger than 5 MB'],
    ] as const) {
      const res = await upload(j, file);
      expect(res.statusCode, file.filename).toBe(400);
      expect(res.body).toMatch(new RegExp(`id="f-proof-error"><span class="visually-hidden">Error: </span>${message}`));
      expect(res.body).toContain('aria-invalid="true"');
    }
    const none = await j.client.postMultipart('/me/membership/proof', {}, []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a file: a PDF or a photo');
    expect(await proofsOf(j.membershipId)).toEqual([]);
  });

  it('is refused when no check is waiting: a level without one, or no membership', async () => {
    const manager = await joinAsManager(ctx, levels);
    const res = await upload(manager, { filename: 'x.pdf', type: 'application/pdf', content: PDF });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Your membership is not waiting for proof of eligibility');
    const nobody = ctx.client();
    await nobody.signIn((await createAccount(ctx)).email);
    expect((await nobody.postMultipart('/me/membership/proof', {}, [{ field: 'proof', filename: 'x.pdf', type: 'application/pdf', content: PDF }])).statusCode).toBe(400);
    expect(await ctx.deps.db.selectFrom('membership_proofs').select('id').where('uploaded_by', '=', manager.userId).execute()).toEqual([]);
  });
});

describe('the staff queue and proofs', () => {
  it('lists memberships waiting for a check oldest first, with the level, the proof and the invoice', async () => {
    const first = await joinSignedIn(ctx, levels, 'student', { name: 'Queue First' });
    ctx.clock.advance(60_000);
    const second = await joinSignedIn(ctx, levels, 'academic', { name: 'Queue Second' });
    await upload(first, { filename: 'proof.pdf', type: 'application/pdf', content: PDF });
    const manager = await joinAsManager(ctx, levels);
    expect((await staff.get('/staff')).body).toContain('href="/staff/individuals/verification"');
    const res = await staff.get('/staff/individuals/verification');
    expect(res.statusCode).toBe(200);
    const a = res.body.indexOf(`/staff/individuals/verification/${first.membershipId}`);
    const b = res.body.indexOf(`/staff/individuals/verification/${second.membershipId}`);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(res.body).not.toContain(manager.membershipId);
    const after = (name: string) => {
      const row = rowsOf(res.body).find((cells) => cells.some((cell) => cell.endsWith(name))) ?? [];
      const at = row.findIndex((cell) => cell.endsWith(name));
      return row.slice(at + 1, at + 7);
    };
    expect(after('Queue First')).toEqual([expect.stringMatching(/.@./), 'Student', 'Proof upload', expect.stringMatching(/./), '1 file', 'Free']);
    expect(after('Queue Second')).toEqual([expect.stringMatching(/.@./), 'Academic', 'Staff verification', expect.stringMatching(/./), 'None yet', 'Not paid yet']);
  });

  it('an invoice credited in full reads “Credited in full” in the queue and on the check, never “Paid”', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic', { name: 'Queue Credited' });
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['total_cents', 'number']).where('id', '=', j.invoiceId).executeTakeFirstOrThrow();
    expect(invoice.total_cents).toBeGreaterThan(0);
    const credited = await finance.postForm(`/staff/invoices/${j.invoiceId}/credit-notes`, {
      credit_amount: (invoice.total_cents / 100).toFixed(2),
      credit_reason: 'Dues waived by the board',
    });
    expect(credited.statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('invoices').select(['status', 'paid_cents']).where('id', '=', j.invoiceId).executeTakeFirstOrThrow()).toEqual({
      status: 'paid',
      paid_cents: 0,
    });
    const queue = await staff.get('/staff/individuals/verification');
    const row = rowsOf(queue.body).find((cells) => cells.some((cell) => cell.endsWith('Queue Credited'))) ?? [];
    expect(row.at(-1)).toBe('Credited in full');
    expect(row).not.toContain('Paid');
    const check = await staff.get(`/staff/individuals/verification/${j.membershipId}`);
    expect(check.statusCode).toBe(200);
    const text = check.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(`${invoice.number} Credited in full`);
    expect(text).not.toContain(`${invoice.number} Paid`);
  });

  it('a visitor’s sign-up joins the queue when its address is confirmed, not before', async () => {
    const visitor = ctx.client();
    const email = uniqueEmail('professor');
    const joined = await visitor.postForm('/join/individual', {
      ...answerForm('academic'),
      step: 'join',
      level: levels.academic,
      name: 'Una Unconfirmed',
      email,
      password: PASSWORD,
      pay_by: 'invoice',
    });
    expect(joined.body).toContain('Check your email');
    expect(rowsOf((await staff.get('/staff/individuals/verification')).body).flat()).not.toContain(email);
    await confirmAddress(ctx, visitor, email);
    const row = rowsOf((await staff.get('/staff/individuals/verification')).body).find((cells) => cells.includes(email)) ?? [];
    expect(row).toContain('Academic');
    expect(row).toContain('Not paid yet');
  });

  it('serves a proof to membership staff as an attachment with its checked type, audited; another membership’s id is a 404', async () => {
    const j = await joinSignedIn(ctx, levels, 'student');
    await upload(j, { filename: 'Enrolment; 2026 é.pdf', type: 'application/pdf', content: PDF });
    const [proof] = await proofsOf(j.membershipId);
    const url = `/staff/individuals/verification/${j.membershipId}/proofs/${proof?.id}`;
    const detail = await staff.get(`/staff/individuals/verification/${j.membershipId}`);
    expect(detail.body).toContain(`href="${url}"`);
    const res = await staff.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Enrolment_ 2026 _.pdf"; filename*=UTF-8''Enrolment%3B%202026%20%C3%A9.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe('sandbox');
    expect(await auditOf(j.membershipId)).toContain('individuals.proof_viewed');
    const other = await joinSignedIn(ctx, levels, 'student');
    expect((await staff.get(`/staff/individuals/verification/${other.membershipId}/proofs/${proof?.id}`)).statusCode).toBe(404);
    // Finance staff, advisors and the person themself cannot open it.
    const advisor = ctx.client();
    await advisor.signIn((await createAccount(ctx, { roles: ['advisor'] })).email);
    for (const c of [finance, advisor, j.client]) expect((await c.get(url)).statusCode).toBe(403);
  });
});

describe('deciding', () => {
  it('confirming a free level activates it at once, with the member role, the welcome email and one activation', async () => {
    const j = await joinSignedIn(ctx, levels, 'student');
    const res = await decide(j.membershipId, { decision: 'confirm' });
    expect(res.statusCode).toBe(303);
    expect((await staff.get('/staff/individuals/verification')).body).toContain('membership is active now');
    expect(await membershipOf(j.membershipId)).toMatchObject({ status: 'active', verification: 'confirmed', term_start: todayThere(ctx) });
    expect(await rolesOf(j.userId)).toEqual(['member']);
    expect(await mailsTo(j.email, 'individuals.welcome')).toHaveLength(1);
    expect(await auditOf(j.membershipId)).toEqual(['individuals.joined', 'individuals.eligibility_confirmed', 'individuals.membership_activated']);
    // A second decision (a double submit) changes nothing.
    const again = await decide(j.membershipId, { decision: 'decline', reason: 'Changed my mind' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This membership was decided already');
    expect((await membershipOf(j.membershipId)).status).toBe('active');
  });

  it('confirmed before payment: the person is told to pay; the payment then activates it once', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic');
    await decide(j.membershipId, { decision: 'confirm' });
    expect(await membershipOf(j.membershipId)).toMatchObject({ status: 'pending', verification: 'confirmed' });
    expect(await rolesOf(j.userId)).toEqual([]);
    expect((await mailsTo(j.email, 'individuals.eligibility_confirmed'))[0]?.body_text).toContain('starts as soon as your first invoice is paid');
    expect((await pay(j.invoiceId, 12_500)).membershipActivated).toBe(true);
    expect(await rolesOf(j.userId)).toEqual(['member']);
    expect((await auditOf(j.membershipId)).filter((a) => a === 'individuals.membership_activated')).toHaveLength(1);
  });

  it('paid before confirmation: the payment does not activate it; confirming does, once', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic');
    expect((await pay(j.invoiceId, 12_500)).membershipActivated).toBe(false);
    expect(await membershipOf(j.membershipId)).toMatchObject({ status: 'pending', verification: 'awaiting' });
    expect(await rolesOf(j.userId)).toEqual([]);
    await decide(j.membershipId, { decision: 'confirm' });
    expect((await membershipOf(j.membershipId)).status).toBe('active');
    expect(await rolesOf(j.userId)).toEqual(['member']);
    expect(await mailsTo(j.email, 'individuals.welcome')).toHaveLength(1);
    expect((await auditOf(j.membershipId)).filter((a) => a === 'individuals.membership_activated')).toHaveLength(1);
  });

  it('a payment and a confirmation at the same moment activate it exactly once (on PostgreSQL, a real race)', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic');
    await Promise.all([finance.csrf(), staff.csrf()]);
    const [paid, confirmed] = await Promise.all([postPayment(j.invoiceId, 12_500), decide(j.membershipId, { decision: 'confirm' })]);
    expect(paid.statusCode).toBe(201);
    expect(confirmed.statusCode).toBe(303);
    expect((await membershipOf(j.membershipId)).status).toBe('active');
    expect((await auditOf(j.membershipId)).filter((a) => a === 'individuals.membership_activated')).toHaveLength(1);
    expect(await mailsTo(j.email, 'individuals.welcome')).toHaveLength(1);
  });

  it('a payment and a decline at the same moment never make a member', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic');
    await Promise.all([finance.csrf(), staff.csrf()]);
    const [paid, declined] = await Promise.all([postPayment(j.invoiceId, 12_500), decide(j.membershipId, { decision: 'decline', reason: 'Not eligible.' })]);
    expect([201, 409]).toContain(paid.statusCode); // 409: the invoice was voided first
    expect(declined.statusCode).toBe(303);
    expect(await membershipOf(j.membershipId)).toMatchObject({ status: 'ended', verification: 'declined' });
    expect(await rolesOf(j.userId)).toEqual([]);
  });

  it('declining needs a reason; it ends the membership, voids the unpaid invoice and emails the reason', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic');
    const bare = await decide(j.membershipId, { decision: 'decline', reason: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('id="f-reason-error"');
    expect((await membershipOf(j.membershipId)).status).toBe('pending');
    const res = await decide(j.membershipId, { decision: 'decline', reason: 'We could not find you on the faculty list of the university you named.' });
    expect(res.statusCode).toBe(303);
    expect(await membershipOf(j.membershipId)).toMatchObject({ status: 'ended', verification: 'declined', verification_note: expect.stringContaining('faculty list') });
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['status']).where('id', '=', j.invoiceId).executeTakeFirstOrThrow();
    expect(invoice.status).toBe('void');
    const [mail] = await mailsTo(j.email, 'individuals.eligibility_declined');
    expect(mail?.body_text).toContain('The reason they gave: We could not find you on the faculty list');
    expect(mail?.body_text).toContain('Nothing is owed');
    expect(await auditOf(j.membershipId)).toEqual(['individuals.joined', 'individuals.eligibility_declined']);
    expect(await rolesOf(j.userId)).toEqual([]);
    const page = await j.client.get('/me/membership');
    expect(page.body).toContain('Eligibility not confirmed');
    expect(page.body).toContain('faculty list');
  });

  it('declining after payment tells staff and the person that finance refunds it by hand', async () => {
    const j = await joinSignedIn(ctx, levels, 'academic');
    await pay(j.invoiceId, 12_500);
    await decide(j.membershipId, { decision: 'decline', reason: 'Not an academic post.' });
    expect((await staff.get('/staff/individuals/verification')).body).toContain('They paid $125.00: ask finance to refund it');
    expect((await mailsTo(j.email, 'individuals.eligibility_declined'))[0]?.body_text).toContain('You paid $125.00: our finance staff will refund it');
    expect((await ctx.deps.db.selectFrom('invoices').select('status').where('id', '=', j.invoiceId).executeTakeFirstOrThrow()).status).toBe('paid');
    expect(await rolesOf(j.userId)).toEqual([]);
  });
});
