// Joining as an individual over HTTP (I2): the account, the pending membership and its invoice
// (user and individual membership on it; issued when a new account's address is confirmed), payment through billing's finance API activating it
// with the member role and a welcome email, the card path to the public invoice page, and the
// account rules (a visitor's new account is signed in only by the link that confirms its address;
// an email that has an account gets the same page and its owner an email; a signed-in person joins
// as themselves). Salary privacy is checked in privacy.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, confirmAddress, joinAsManager, seedLevels } from '../../../test/factories/index.js';
import { FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET, type FakeStripe, startFakeStripe } from '../../../test/fakes/stripe-server.js';
import { createAccount, createTestContext, latestLinkTo, PASSWORD, pathOf, type TestContext, todayThere, uniqueEmail } from '../../../test/helpers.js';
import { dom, errorOf, textOf } from '../../../test/html.js';

let ctx: TestContext;
let levels: Record<string, string>;
let fake: FakeStripe;

// Card payment is offered only when Stripe is configured (no-card.test.ts covers the other case).
beforeAll(async () => {
  fake = await startFakeStripe();
  ctx = await createTestContext({ env: { STRIPE_SECRET_KEY: FAKE_STRIPE_KEY, STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET, STRIPE_API_BASE: fake.url } });
  levels = await seedLevels(ctx);
});
afterAll(async () => {
  await ctx?.close();
  await fake?.close();
});

describe('joining at /join/individual', () => {
  it('creates the account, a pending membership and its invoice with the user and the membership on it', async () => {
    const j = await joinAsManager(ctx, levels, { salary: '142,500' });
    expect(j.location).toBe('/me/membership');
    const m = await ctx.deps.db.selectFrom('individual_memberships').selectAll().where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ status: 'pending', level_id: levels.manager, salary_cents: 14_250_000, quoted_cents: 92_625, term_start: null });
    const invoice = await ctx.deps.db.selectFrom('invoices').selectAll().where('id', '=', j.invoiceId).executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({
      user_id: j.userId,
      individual_membership_id: j.membershipId,
      purpose: 'membership',
      total_cents: 92_625,
      status: 'issued',
      bill_to_email: j.email,
    });
    const mail = await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', j.email).execute();
    expect(mail.map((r) => r.template).sort()).toEqual(['billing.invoice_issued', 'individuals.join_confirm'].sort());
    // Confirming the address signed the new member in: they see the pending membership.
    const page = await j.client.get('/me/membership');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pending: starts when the first invoice is paid');
    expect(page.body).toContain(`/invoices/`);
    const roles = await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', j.userId).execute();
    expect(roles).toEqual([]);
    // Browsing away, home and /account lead back to it (they said "no individual membership yet").
    for (const url of ['/account', '/']) {
      const there = await j.client.get(url);
      expect(there.body, url).toContain('href="/me/membership"');
      expect(textOf(there.body, 'main'), url).toContain('My membership (not active yet)');
      expect(textOf(there.body, 'main'), url).toContain('Individual member (Manager): starts once its invoice is paid');
      expect(there.body, url).not.toContain('no individual membership yet');
    }
    // A members' page says the membership is not active yet and links to it, not to joining again.
    const groups = await j.client.get('/groups');
    expect(groups.statusCode).toBe(403);
    expect(textOf(groups.body, 'main')).toContain('Your membership is not active yet: these pages open once it is.');
    expect(groups.body).toContain('<a href="/me/membership">My membership (not active yet)</a>');
    expect(groups.body).not.toContain('Become an individual member');
  });

  it('while the first invoice is unpaid, the menu leads back to My membership and the footer offers no Groups, which would refuse her', async () => {
    const j = await joinAsManager(ctx, levels);
    const links = async (client: ReturnType<TestContext['client']>, nav: string) =>
      dom((await client.get('/events')).body)
        .querySelectorAll(`nav[aria-label="${nav}"] a`)
        .map((a) => [a.text.trim(), a.getAttribute('href')]);
    const menu = await links(j.client, 'Main');
    expect(menu).toContainEqual(['My membership', '/me/membership']);
    expect(menu.map(([, href]) => href)).not.toContain('/directory');
    const footer = (await links(j.client, 'Programs and more')).map(([, href]) => href);
    expect(footer).toContain('/news');
    expect(footer).not.toContain('/groups');
    // A visitor is offered Groups (it leads to sign in), and so is a member, whose menu has My membership once.
    expect((await links(ctx.client(), 'Programs and more')).map(([, href]) => href)).toContain('/groups');
    const member = ctx.client();
    await member.signIn((await createAccount(ctx, { roles: ['member'] })).email);
    expect((await links(member, 'Programs and more')).map(([, href]) => href)).toContain('/groups');
    expect((await links(member, 'Main')).filter(([, href]) => href === '/me/membership')).toEqual([['My membership', '/me/membership']]);
  });

  it('finance records the payment through the API: the membership becomes active, with the member role and a welcome email', async () => {
    const j = await joinAsManager(ctx, levels);
    const financeAccount = await createAccount(ctx, { roles: ['finance'] });
    const finance = ctx.client();
    await finance.signIn(financeAccount.email);
    const res = await finance.request('POST', `/api/v1/invoices/${j.invoiceId}/payments`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': `t-${j.invoiceId}`, 'x-csrf-token': await finance.csrf() },
      payload: JSON.stringify({ amountCents: 92_625, method: 'check', reference: '5521' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().membershipActivated).toBe(true);
    const m = await ctx.deps.db.selectFrom('individual_memberships').selectAll().where('id', '=', j.membershipId).executeTakeFirstOrThrow();
    expect(m.status).toBe('active');
    expect(m.term_start).toBe(todayThere(ctx));
    const roles = await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', j.userId).execute();
    expect(roles.map((r) => r.role)).toEqual(['member']);
    const welcome = await ctx.deps.db
      .selectFrom('outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', j.email)
      .where('template', '=', 'individuals.welcome')
      .executeTakeFirstOrThrow();
    expect(welcome.subject).toBe('Welcome: your membership is active');
    // The member role reaches the session at the next request.
    const page = await j.client.get('/me/membership');
    expect(page.body).toContain('Active');
    const account = textOf((await j.client.get('/account')).body, 'main');
    expect(account).toContain('My membership');
    expect(account).toContain('Individual member');
    expect(account).not.toContain('not active yet');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', j.membershipId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['individuals.joined', 'individuals.membership_activated']);
  });

  it('pay by card goes to the invoice’s public page', async () => {
    const j = await joinAsManager(ctx, levels, { payBy: 'card' });
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['public_token', 'number']).where('id', '=', j.invoiceId).executeTakeFirstOrThrow();
    // The confirmation link goes on to the first invoice, issued as the address was confirmed.
    expect(j.location).toBe('/me/membership/invoice');
    const on = await j.client.get(j.location);
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe(`/invoices/${invoice.public_token}`);
    const page = await j.client.get(`/invoices/${invoice.public_token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Invoice ${invoice.number}`);
    expect(page.body).toContain('Individual membership, Manager level');
    // Once paid (by check here), the same path has nothing to pay and shows My membership.
    const finance = ctx.client();
    await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
    const paid = await finance.request('POST', `/api/v1/invoices/${j.invoiceId}/payments`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': `card-${j.invoiceId}`, 'x-csrf-token': await finance.csrf() },
      payload: JSON.stringify({ amountCents: 92_625, method: 'check', reference: '7001' }),
    });
    expect(paid.statusCode).toBe(201);
    expect((await j.client.get('/me/membership/invoice')).headers.location).toBe('/me/membership');
    // Nobody signed in is sent to sign in first.
    expect((await ctx.client().get('/me/membership/invoice')).headers.location).toMatch(/^\/login\?next=%2Fme%2Fmembership%2Finvoice/);
  });

  it('an unconfirmed sign-up is billed nothing; confirming the address issues the first invoice at the quoted amount and emails it there', async () => {
    const invoiceCount = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom('invoices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await invoiceCount();
    const j = await joinAsManager(ctx, levels, { salary: '142,500', confirm: false });
    // No invoice, so no number taken, nothing in receivables, and no invoice to an address nobody has shown to be theirs.
    expect(j.invoiceId).toBe('');
    expect(await invoiceCount()).toBe(before);
    const templates = async () => (await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', j.email).execute()).map((r) => r.template).sort();
    expect(await templates()).toEqual(['individuals.join_confirm']);
    const confirm = await ctx.deps.db.selectFrom('outbox').select('body_text').where('to_address', '=', j.email).executeTakeFirstOrThrow();
    expect(confirm.body_text).toContain('first year: $926.25');
    expect(confirm.body_text).toContain('which we also email to you once the address is confirmed');
    const finance = ctx.client();
    await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
    expect((await finance.get('/staff/receivables')).body).not.toContain(j.email);

    // Confirmed: the invoice is issued to that address, at the amount quoted at joining, and emailed.
    expect(await confirmAddress(ctx, j.client, j.email)).toBe('/me/membership');
    const invoice = await ctx.deps.db
      .selectFrom('invoices')
      .select(['total_cents', 'status', 'bill_to_email', 'purpose', 'user_id'])
      .where('individual_membership_id', '=', j.membershipId)
      .executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ total_cents: 92_625, status: 'issued', bill_to_email: j.email, purpose: 'membership', user_id: j.userId });
    expect(await invoiceCount()).toBe(before + 1);
    expect(await templates()).toEqual(['billing.invoice_issued', 'individuals.join_confirm']);
    expect((await finance.get('/staff/receivables')).body).toContain(j.email);
    // My membership says first what there is to do, and links to it.
    const { number, public_token } = await ctx.deps.db
      .selectFrom('invoices')
      .select(['number', 'public_token'])
      .where('individual_membership_id', '=', j.membershipId)
      .executeTakeFirstOrThrow();
    const mine = await j.client.get('/me/membership');
    expect(textOf(mine.body, 'main')).toMatch(
      new RegExp(`Your first invoice, ${number}, asks for \\$926\\.25 by [A-Z][a-z]{2} \\d{1,2}, \\d{4}\\. Open invoice ${number} to pay it\\.`),
    );
    expect(mine.body).toContain(`<a href="/invoices/${public_token}">Open invoice ${number} to pay it</a>`);
    // A second confirmation of the address (another link) issues nothing more.
    await ctx.client().postForm('/account/verify/new', { email: j.email });
    expect(await invoiceCount()).toBe(before + 1);
  });

  it('a free level that asks for proof waits for membership staff: nothing to pay, still pending, no member role; the email asks for the proof', async () => {
    const c = ctx.client();
    const email = uniqueEmail('student');
    const res = await c.postForm('/join/individual', {
      ...answerForm('student'),
      step: 'join',
      level: levels.student,
      name: 'Sam Student',
      email,
      password: PASSWORD,
      pay_by: 'invoice',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your level is free');
    const m = await ctx.deps.db
      .selectFrom('individual_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.status', 'm.quoted_cents', 'm.verification', 'u.id'])
      .where('u.email', '=', email)
      .executeTakeFirstOrThrow();
    expect(m).toMatchObject({ status: 'pending', quoted_cents: 0, verification: 'awaiting' });
    expect(await ctx.deps.db.selectFrom('user_roles').select('role').where('user_id', '=', m.id).execute()).toEqual([]);
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', email)
      .where('template', '=', 'individuals.join_confirm')
      .executeTakeFirstOrThrow();
    // A visitor first confirms the address; the same email says what the check needs.
    expect(mail.body_text).toContain('upload your proof on your membership page (An enrollment letter or student ID card');
    expect(mail.body_text).toContain('Confirm my email address: http://civnet.test/account/verify?token=');
    // Nothing to pay: no invoice email for a zero invoice.
    expect(await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', email).where('template', '=', 'billing.invoice_issued').execute()).toEqual([]);
  });

  it('with card payment on, a free level offers no way of paying and joins without one', async () => {
    const c = ctx.client();
    const quote = await c.postForm('/join/individual', { ...answerForm('student'), step: 'quote', level: levels.student });
    expect(quote.statusCode).toBe(200);
    expect(dom(quote.body).querySelectorAll('input[name="pay_by"]')).toHaveLength(0);
    const email = uniqueEmail('student');
    const res = await c.postForm('/join/individual', { ...answerForm('student'), step: 'join', level: levels.student, name: 'Sam Student', email, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your level is free');
  });

  it('a visitor who joins is not signed in until the address is confirmed; the link signs them in with the password they chose', async () => {
    const c = ctx.client();
    const email = uniqueEmail('unconfirmed');
    const res = await c.postForm('/join/individual', {
      ...answerForm('staff'),
      step: 'join',
      level: levels['local-government-staff'],
      name: 'Casey Unconfirmed',
      email,
      password: PASSWORD,
      pay_by: 'card',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your email');
    expect(res.body).toContain('your invoice, to pay by card');
    expect((await c.get('/me/membership')).statusCode).toBe(303);
    const user = await ctx.deps.db.selectFrom('users').select(['id', 'email_verified_at']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();

    // The right password does not sign in: it says to confirm first and sends a fresh link, at
    // most once in five minutes (counting the one sent at joining).
    ctx.clock.advance(5 * 60_000 + 1000);
    const before = await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', email).where('template', '=', 'accounts.verify_email').execute();
    const signIn = await c.postForm('/login', { email, password: PASSWORD, next: '/me/membership' });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.body).toContain('Confirm your email address first');
    expect(signIn.headers['set-cookie']?.toString() ?? '').not.toContain('civnet_sid=');
    await c.postForm('/login', { email, password: PASSWORD });
    const after = await ctx.deps.db.selectFrom('outbox').select('id').where('to_address', '=', email).where('template', '=', 'accounts.verify_email').execute();
    expect(after.length - before.length).toBe(1);
    // A wrong password gets the usual answer.
    const wrong = await ctx.client().postForm('/login', { email, password: 'not the right passphrase' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('The email or password is not right');

    // The link from the sign-in goes where the sign-in was going.
    expect(await confirmAddress(ctx, c, email, 'accounts.verify_email')).toBe('/me/membership');
    const mine = await c.get('/me/membership');
    expect(mine.statusCode).toBe(200);
    // A flat level's dues use no private input: the page asks for none and shows the amount.
    expect(textOf(mine.body, 'main')).toContain('Your dues');
    expect(textOf(mine.body, 'main')).not.toMatch(/Annual salary|Employer’s population|Your dues inputs/);
    expect(textOf(mine.body, 'main')).toContain('Dues quoted when joining');
    // The join link is dead now that the address is confirmed; the chosen password works.
    const joinLink = pathOf(await latestLinkTo(ctx, email, 'individuals.join_confirm'));
    expect((await c.get(joinLink)).statusCode).toBe(400);
    await ctx.client().signIn(email);
  });

  it('the confirmation link of a card payment goes on to the invoice; a used link is refused', async () => {
    const c = ctx.client();
    const email = uniqueEmail('card');
    await c.postForm('/join/individual', {
      ...answerForm('staff'),
      step: 'join',
      level: levels['local-government-staff'],
      name: 'Card Payer',
      email,
      password: PASSWORD,
      pay_by: 'card',
    });
    const link = pathOf(await latestLinkTo(ctx, email, 'individuals.join_confirm'));
    const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
    const location = await confirmAddress(ctx, c, email);
    const invoice = await ctx.deps.db
      .selectFrom('invoices as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .select('i.public_token')
      .where('u.email', '=', email)
      .executeTakeFirstOrThrow();
    expect(location).toBe('/me/membership/invoice');
    expect((await c.get(location)).headers.location).toBe(`/invoices/${invoice.public_token}`);
    const again = await ctx.client().postForm('/account/verify', { token });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link is not valid any more');
  });

  it('a link used a day later is refused, and a new one can be asked for with the same answer for any address', async () => {
    const c = ctx.client();
    const email = uniqueEmail('late');
    await c.postForm('/join/individual', {
      ...answerForm('staff'),
      step: 'join',
      level: levels['local-government-staff'],
      name: 'Late Reader',
      email,
      password: PASSWORD,
      pay_by: 'invoice',
    });
    const link = pathOf(await latestLinkTo(ctx, email, 'individuals.join_confirm'));
    ctx.clock.advance(24 * 3_600_000 + 1000);
    expect((await c.get(link)).statusCode).toBe(400);
    const asked = await c.postForm('/account/verify/new', { email });
    const stranger = await c.postForm('/account/verify/new', { email: uniqueEmail('nobody') });
    expect(asked.statusCode).toBe(200);
    expect(stranger.statusCode).toBe(200);
    const text = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(text(asked.body)).toBe(text(stranger.body));
    // Asked for by address alone, the link confirms and signs in, without the password chosen at joining.
    expect(await confirmAddress(ctx, ctx.client(), email, 'accounts.verify_email')).toBe('/');
    expect((await ctx.client().postForm('/login', { email, password: PASSWORD })).statusCode).toBe(401);
    // Confirmed by that link too, the address gets the membership's first invoice.
    const issued = await ctx.deps.db
      .selectFrom('invoices as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .select(['i.status', 'i.bill_to_email'])
      .where('u.email', '=', email)
      .execute();
    expect(issued).toEqual([{ status: 'issued', bill_to_email: email }]);
  });

  it('an email that already has an account gets the same page; nothing is created and its owner is told', async () => {
    const existing = await createAccount(ctx);
    const before = await ctx.deps.db.selectFrom('individual_memberships').select('id').execute();
    const c = ctx.client();
    const res = await c.postForm('/join/individual', {
      ...answerForm('staff'),
      step: 'join',
      level: levels['local-government-staff'],
      name: 'Someone',
      email: existing.email,
      password: PASSWORD,
      pay_by: 'invoice',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your email');
    expect(await ctx.deps.db.selectFrom('individual_memberships').select('id').execute()).toHaveLength(before.length);
    const mail = await ctx.deps.db.selectFrom('outbox').select(['template', 'subject']).where('to_address', '=', existing.email).execute();
    expect(mail).toEqual([{ template: 'individuals.join_attempt', subject: 'Someone tried to join Test Association with your email address' }]);
  });

  it('a level priced by salary refuses a salary of $0 or under $1,000, beside the field: nothing is created and nothing is free', async () => {
    const before = await ctx.deps.db.selectFrom('individual_memberships').select('id').execute();
    for (const salary of ['0', '1', '999.99']) {
      const email = uniqueEmail('nosalary');
      const res = await ctx.client().postForm('/join/individual', {
        ...answerForm('manager'),
        step: 'join',
        level: levels.manager,
        salary,
        name: 'Unpaid Manager',
        email,
        password: PASSWORD,
        pay_by: 'invoice',
      });
      expect(res.statusCode, salary).toBe(400);
      expect(errorOf(res.body, 'salary').message, salary).toContain('$1,000 or more');
      expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
    }
    expect(await ctx.deps.db.selectFrom('individual_memberships').select('id').execute()).toHaveLength(before.length);
    // The quote API says so too.
    const quote = await ctx.client().getJson('/api/v1/individual-dues/quote?level=manager&salaryCents=0');
    expect(quote.statusCode).toBe(400);
    expect(JSON.stringify(quote.json())).toContain('$1,000 or more');
  });

  it('a signed-in person joins as themselves; a second join is refused', async () => {
    const account = await createAccount(ctx);
    const c = ctx.client();
    await c.signIn(account.email);
    const form = { ...answerForm('staff'), step: 'join', level: levels['local-government-staff'], pay_by: 'invoice' };
    const quote = await c.postForm('/join/individual', { ...form, step: 'quote' });
    expect(quote.body).toContain('you will join as this account');
    const res = await c.postForm('/join/individual', form);
    expect(res.statusCode).toBe(303);
    const invoice = await ctx.deps.db.selectFrom('invoices').select(['user_id', 'total_cents']).where('user_id', '=', account.id).executeTakeFirstOrThrow();
    expect(invoice.total_cents).toBe(15_000);
    const again = await c.postForm('/join/individual', form);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('You have a membership waiting for payment already');
  });
});
