// Finding 8 of issue 11 ("Safe to deploy"): the lesser findings. Each block reproduces one
// problem through HTTP (or the seed command's function) and sees it refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedPath } from '../../src/app.js';
import { seedDuesDemo } from '../../src/modules/dues/index.js';
import { bandsFrom } from '../../src/modules/dues/seed.js';
import { LOGIN_REQUESTS_QUEUE } from '../../src/modules/portal/index.js';
import { seedScale } from '../../src/seed/scale/index.js';
import { aMember, anInvoice, aPendingOrganization } from '../factories/index.js';
import { createAccount, createOrganization, createTestContext, type TestClient, type TestContext } from '../helpers.js';
import { textOf } from '../html.js';

describe('8. The lesser findings', () => {
  describe('a dues schedule version that has not been published is not quotable by visitors', () => {
    let ctx: TestContext;
    let staff: TestClient;
    let visitor: TestClient;
    let today: string;
    let year: number;
    const rules = (dollars: number) => {
      const bands = { mode: 'bands', bands: bandsFrom([[null, dollars]]) };
      return { city: bands, county: bands, town: bands, tribal_nation: bands, region: { mode: 'contact' } };
    };
    beforeAll(async () => {
      ctx = await createTestContext();
      await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
      today = ctx.clock.now().toISOString().slice(0, 10);
      year = ctx.clock.now().getUTCFullYear();
      staff = ctx.client();
      await staff.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
      visitor = ctx.client();
    });
    afterAll(() => ctx?.close());

    it('GET /api/v1/dues/quote?on=… answers from the published version, never from a draft, until staff publish it', async () => {
      const day = `${year + 3}-01-01`;
      const created = await staff.sendJson('POST', '/api/v1/dues/schedules', { effectiveFrom: day, note: 'Board proposal, not adopted', rules: rules(99_999) });
      expect(created.statusCode).toBe(201);
      const quote = async (on: string) => (await visitor.getJson(`/api/v1/dues/quote?entityType=city&population=75000&on=${on}`)).json();
      expect(await quote(day)).toMatchObject({ amountCents: 120_000, scheduleEffectiveFrom: '2020-01-01' });
      expect(JSON.stringify((await visitor.getJson('/api/v1/dues/schedules')).json())).not.toContain(day);
      expect((await visitor.getJson(`/api/v1/dues/schedules/${created.json().id}`)).statusCode).toBe(404);

      expect((await staff.sendJson('POST', `/api/v1/dues/schedules/${created.json().id}/publish`, {})).statusCode).toBe(200);
      expect(await quote(day)).toMatchObject({ amountCents: 9_999_900, scheduleEffectiveFrom: day });
    });

    it('a draft that starts today is not used by the calculator page, the quote or an application', async () => {
      const created = await staff.sendJson('POST', '/api/v1/dues/schedules', { effectiveFrom: today, note: 'Draft for today', rules: rules(77_777) });
      expect(created.statusCode).toBe(201);
      const page = await visitor.get('/dues?entityType=city&population=75000');
      expect(page.body).toContain('$1,200');
      expect(page.body).not.toContain('77,777');
      expect((await visitor.getJson('/api/v1/dues/quote?entityType=city&population=75000')).json()).toMatchObject({ amountCents: 120_000 });
      const applied = await visitor.sendJson(
        'POST',
        '/api/v1/applications',
        {
          applicant_email: 'clerk@draft-city.example.gov',
          entity_type: 'city',
          legal_name: 'City of Draftville',
          state: 'CO',
          population: 75_000,
          population_source: '2020 Census',
          population_year: 2020,
          staff_name: 'Casey Clerk',
          staff_email: 'clerk@draft-city.example.gov',
          staff_title: 'Clerk',
          elected_name: 'Mayor Moe',
          elected_email: 'mayor@draft-city.example.gov',
          elected_title: 'Mayor',
          billing_name: 'Finance',
          billing_email: 'finance@draft-city.example.gov',
          billing_address: '1 Main St',
          agree_terms: true,
        },
        { csrf: false },
      );
      expect(applied.statusCode, applied.body).toBe(201);
      expect(applied.json()).toMatchObject({ quotedAmountCents: 120_000, scheduleEffectiveFrom: '2020-01-01' });
    });
  });

  describe('/people/<id> shows each field only to the audience its owner chose, and /me says who sees what', () => {
    let ctx: TestContext;
    const BIO = 'Grew up in Pueblo; twenty years in city budgets. BIO-MARKER-7731';
    const viewers = new Map<string, TestClient>();
    const signedIn = async (email: string) => {
      const c = ctx.client();
      await c.signIn(email);
      return c;
    };
    /** The owner saves the profile form as a person would, choosing who may open the page. */
    const saveProfile = async (owner: TestClient, profileVisibility: string, email: string, listed = true) => {
      const res = await owner.postForm('/me', {
        title: 'Budget Director',
        employer_name: 'City of Testville',
        employer_state: 'CO',
        bio: BIO,
        work_email: email,
        work_email_visibility: 'everyone',
        phone: '(303) 555-0199',
        phone_visibility: 'members',
        mailing_address: '1 Civic Plaza',
        mailing_address_visibility: 'staff',
        ...(listed ? { listed: 'yes' } : {}),
        profile_visibility: profileVisibility,
      });
      expect(res.statusCode).toBe(303);
    };
    beforeAll(async () => {
      ctx = await createTestContext();
      viewers.set('visitor', ctx.client());
      viewers.set('orgContact', await signedIn((await createAccount(ctx, { org: { role: 'contact' } })).email));
      viewers.set('member', await signedIn((await aMember(ctx)).email));
      viewers.set('staff', await signedIn((await createAccount(ctx, { roles: ['membership'] })).email));
      viewers.set('advisor', await signedIn((await createAccount(ctx, { roles: ['advisor'] })).email));
      viewers.set('finance', await signedIn((await createAccount(ctx, { roles: ['finance'] })).email));
    }, 60_000);
    afterAll(() => ctx?.close());

    it('a profile shown to members and staff is a 404 to visitors and organization contacts, and its owner is told so', async () => {
      const person = await aMember(ctx, { name: `Members Only ${Date.now().toString(36)}` });
      const owner = await signedIn(person.email);
      const workEmail = `mo-${Date.now().toString(36)}@testville.example.gov`;
      await saveProfile(owner, 'members', workEmail);
      for (const who of ['visitor', 'orgContact']) {
        const res = await viewers.get(who)?.get(`/people/${person.id}`);
        expect(res?.statusCode, who).toBe(404);
        expect(res?.body, who).not.toContain(BIO);
        expect((await viewers.get(who)?.get(`/people/${person.id}/photo`))?.statusCode, who).toBe(404);
      }
      const member = (await viewers.get('member')?.get(`/people/${person.id}`))?.body ?? '';
      expect(member).toContain(BIO);
      expect(member).toContain(workEmail);
      expect(member).toContain('(303) 555-0199');
      expect(member).not.toContain('1 Civic Plaza');
      const staff = (await viewers.get('staff')?.get(`/people/${person.id}`))?.body ?? '';
      expect(staff).toContain('1 Civic Plaza');
      // an advisor opens the page as staff do, and sees what members see: not "membership staff only"
      const advisor = (await viewers.get('advisor')?.get(`/people/${person.id}`))?.body ?? '';
      expect(advisor).toContain(workEmail);
      expect(advisor).not.toContain('1 Civic Plaza');
      const own = (await owner.get(`/people/${person.id}`)).body;
      expect(own).toContain('Only members and association staff may open this page');
      const form = (await owner.get('/me')).body;
      expect(form).not.toContain('What other members see about you in Who’s Who');
      expect(form).toContain('Who may open your profile page');
    });

    it("a profile its owner took out of Who's Who is a 404 to an advisor or finance as to a member; membership staff open it and are told nobody else can", async () => {
      const person = await aMember(ctx, { name: `Unlisted Profile ${Date.now().toString(36)}` });
      const owner = await signedIn(person.email);
      const workEmail = `ul-${Date.now().toString(36)}@testville.example.gov`;
      await saveProfile(owner, 'members', workEmail, false);
      for (const who of ['member', 'advisor', 'finance']) {
        const res = await viewers.get(who)?.get(`/people/${person.id}`);
        expect(res?.statusCode, who).toBe(404);
        expect(res?.body, who).not.toContain(BIO);
        expect(res?.body, who).not.toContain(workEmail);
        const api = await viewers.get(who)?.getJson(`/api/v1/directory?q=${encodeURIComponent(person.name)}`);
        expect(api?.statusCode, who).toBe(200);
        expect(api?.body, who).not.toContain(person.id);
      }
      const staff = (await viewers.get('staff')?.get(`/people/${person.id}`))?.body ?? '';
      expect(staff).toContain(BIO);
      expect(staff).toContain('1 Civic Plaza');
      expect(textOf(staff, 'main')).toContain('Members and other staff cannot open this page: this member chose not to be listed in Who’s Who.');
      expect(textOf((await owner.get('/me')).body, 'main')).toContain(
        'You are not listed in Who’s Who: only you and the association’s membership staff can open your profile page.',
      );
    });

    it('a profile shown to everyone shows visitors only the fields shown to everyone', async () => {
      const person = await aMember(ctx, { name: `Open Profile ${Date.now().toString(36)}` });
      const owner = await signedIn(person.email);
      const workEmail = `op-${Date.now().toString(36)}@testville.example.gov`;
      await saveProfile(owner, 'everyone', workEmail);
      for (const who of ['visitor', 'orgContact']) {
        const body = (await viewers.get(who)?.get(`/people/${person.id}`))?.body ?? '';
        expect(body, who).toContain(BIO);
        expect(body, who).toContain(workEmail);
        expect(body, who).not.toContain('(303) 555-0199');
        expect(body, who).not.toContain('1 Civic Plaza');
      }
      expect((await owner.get(`/people/${person.id}`)).body).toContain('including visitors who are not signed in, may open this page');
    });
  });

  describe('invoice tokens stay out of the logs, finance staff can replace them, and the flash cookie is Secure in production', () => {
    let ctx: TestContext;
    const lines: string[] = [];
    beforeAll(async () => {
      ctx = await createTestContext({ env: { LOG_LEVEL: 'info' }, logStream: { write: (line: string) => lines.push(line) } });
    });
    afterAll(() => ctx?.close());

    it('the request log never carries an invoice token, whatever public invoice path is asked', async () => {
      const { organizationId } = await aPendingOrganization(ctx);
      const invoice = await anInvoice(ctx, { organizationId, cents: 120_000 });
      const visitor = ctx.client();
      lines.length = 0;
      expect((await visitor.get(`/invoices/${invoice.public_token}`)).statusCode).toBe(200);
      expect((await visitor.get(`/invoices/${invoice.public_token}/pdf`)).statusCode).toBe(200);
      await visitor.postForm(`/invoices/${invoice.public_token}/checkout`, {});
      await visitor.sendJson('POST', `/api/v1/invoices/${invoice.public_token}/checkout`, {}, { csrf: false });
      await visitor.get(`/invoices/${invoice.public_token}/no-such-page`);
      const log = lines.join('');
      expect(log).toContain('/invoices/[redacted]');
      expect(log).not.toContain(invoice.public_token);
    });

    it("the logged path keeps finance's invoice ids and drops every token and query string", () => {
      const id = '0b8f2c1e-3d4a-4f5b-8c6d-7e8f9a0b1c2d';
      expect(loggedPath(`/api/v1/invoices/${id}/payments`)).toBe(`/api/v1/invoices/${id}/payments`);
      expect(loggedPath('/api/v1/invoices/AbC_dEf-123/checkout')).toBe('/api/v1/invoices/[redacted]/checkout');
      expect(loggedPath('/invoices/AbC_dEf-123/pdf?x=1')).toBe('/invoices/[redacted]/pdf');
      expect(loggedPath('/login/magic/verify?token=secret')).toBe('/login/magic/verify');
      expect(loggedPath(`/staff/invoices/${id}`)).toBe(`/staff/invoices/${id}`);
    });

    it("finance staff replace an invoice's public link: the old one stops working at once, the new one works, and the change is audited", async () => {
      const { organizationId } = await aPendingOrganization(ctx);
      const invoice = await anInvoice(ctx, { organizationId, cents: 50_000 });
      const old = invoice.public_token;
      const visitor = ctx.client();
      expect((await visitor.get(`/invoices/${old}`)).statusCode).toBe(200);

      const membership = ctx.client();
      await membership.signIn((await createAccount(ctx, { roles: ['membership'] })).email);
      expect((await membership.postForm(`/staff/invoices/${invoice.id}/public-link`, {})).statusCode).toBe(403);

      const finance = ctx.client();
      await finance.signIn((await createAccount(ctx, { roles: ['finance'] })).email);
      const res = await finance.postForm(`/staff/invoices/${invoice.id}/public-link`, {});
      expect(res.statusCode).toBe(303);
      const page = await finance.get(String(res.headers.location));
      expect(page.body).toContain('has a new public link');
      const fresh = /href="\/invoices\/([\w-]+)"/.exec(page.body)?.[1];
      expect(fresh).toBeTruthy();
      expect(fresh).not.toBe(old);
      expect((await visitor.get(`/invoices/${old}`)).statusCode).toBe(404);
      expect((await visitor.get(`/invoices/${old}/pdf`)).statusCode).toBe(404);
      expect((await visitor.get(`/invoices/${fresh}`)).statusCode).toBe(200);
      const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'billing.invoice_link_replaced').where('entity_id', '=', invoice.id).execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(old);
    });

    it('the flash cookie is Secure in production', async () => {
      const prod = await createTestContext({ env: { NODE_ENV: 'production', PUBLIC_URL: 'https://civnet.test' } });
      try {
        const person = prod.client();
        await person.signIn((await createAccount(prod)).email);
        const res = await person.postForm('/me', { listed: 'yes' });
        expect(res.statusCode).toBe(303);
        const flash = (res.cookies as Array<{ name: string; secure?: boolean; httpOnly?: boolean }>).find((c) => c.name === 'flash');
        expect(flash).toMatchObject({ secure: true, httpOnly: true });
      } finally {
        await prod.close();
      }
    });
  });

  describe('civnet seed --scale draws its secrets from crypto and refuses a database with real data', () => {
    const count = async (ctx: TestContext, table: 'organizations' | 'users' | 'invoices') =>
      Number(
        (
          await ctx.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('refuses, loading nothing, when the database has a real account or a real organization', async () => {
      for (const add of [
        (ctx: TestContext) => createAccount(ctx, { email: `treasurer-${Date.now().toString(36)}@springfield.gov` }),
        (ctx: TestContext) => createOrganization(ctx, { name: 'City of Realtown' }),
      ]) {
        const ctx = await createTestContext();
        try {
          await add(ctx);
          const before = [await count(ctx, 'organizations'), await count(ctx, 'users'), await count(ctx, 'invoices')];
          await expect(seedScale(ctx.deps.database, { organizations: 5, seed: 1, today: '2026-03-15' })).rejects.toThrow(/runs only on an empty database or one with demo data/);
          expect([await count(ctx, 'organizations'), await count(ctx, 'users'), await count(ctx, 'invoices')]).toEqual(before);
        } finally {
          await ctx.close();
        }
      }
    }, 120_000);

    it('gives the same seed the same organizations but unpredictable invoice tokens', async () => {
      const runs: Array<Array<{ number: string | null; public_token: string }>> = [];
      for (let i = 0; i < 2; i++) {
        const ctx = await createTestContext();
        try {
          await seedScale(ctx.deps.database, { organizations: 5, seed: 1, today: '2026-03-15' });
          runs.push(await ctx.deps.db.selectFrom('invoices').select(['number', 'public_token']).orderBy('number').execute());
        } finally {
          await ctx.close();
        }
      }
      const [a = [], b = []] = runs;
      expect(a.length).toBeGreaterThan(0);
      expect(a.map((r) => r.number)).toEqual(b.map((r) => r.number));
      expect(a.filter((r, i) => r.public_token === b[i]?.public_token)).toEqual([]);
    }, 120_000);
  });

  describe('the anonymous forms that send mail are limited per recipient address, and have a honeypot', () => {
    let ctx: TestContext;
    let ip = 0;
    /** A request from a client of its own (another address, no cookies), as a script on many machines sends them. */
    const fromAnotherClient = (method: 'GET' | 'POST', url: string, payload?: object) =>
      ctx.app.inject({
        method,
        url,
        remoteAddress: `203.0.113.${++ip}`,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) },
        payload: payload ? JSON.stringify(payload) : undefined,
      });
    const mailsTo = async (address: string) => (await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', address).execute()).length;
    const applicationsOf = async (address: string) => (await ctx.deps.db.selectFrom('applications').select('id').where('applicant_email', '=', address).execute()).length;
    const application = (email: string, extra: Record<string, unknown> = {}) => ({
      applicant_email: email,
      entity_type: 'city',
      legal_name: `City of Limitville ${++ip}`,
      state: 'CO',
      population: 12_000,
      population_source: '2020 Census',
      population_year: 2020,
      staff_name: 'Casey Clerk',
      staff_email: email,
      staff_title: 'Clerk',
      elected_name: 'Mayor Moe',
      elected_email: 'mayor@limitville.example.gov',
      elected_title: 'Mayor',
      billing_name: 'Finance',
      billing_email: 'finance@limitville.example.gov',
      billing_address: '1 Main St',
      agree_terms: true,
      ...extra,
    });
    beforeAll(async () => {
      ctx = await createTestContext();
      await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
    });
    afterAll(() => ctx?.close());

    it('POST /api/v1/applications from many clients mails one address at most 5 times an hour; the 6th is refused with 429 and saves nothing', async () => {
      const victim = `victim-${Date.now().toString(36)}@inbox.example.com`;
      for (let i = 0; i < 5; i++) expect((await fromAnotherClient('POST', '/api/v1/applications', application(victim))).statusCode).toBe(201);
      const sixth = await fromAnotherClient('POST', '/api/v1/applications', application(victim));
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.fields).toHaveProperty('applicant_email');
      expect(await mailsTo(victim)).toBe(5);
      expect(await applicationsOf(victim)).toBe(5);
      ctx.clock.advance(60 * 60 * 1000 + 1000);
      expect((await fromAnotherClient('POST', '/api/v1/applications', application(victim))).statusCode).toBe(201);
      expect(await mailsTo(victim)).toBe(6);
    });

    it('/apply "save draft" (the draft-by-email link) counts against the same allowance, with the message beside the email field', async () => {
      const victim = `draft-${Date.now().toString(36)}@inbox.example.com`;
      const save = async () => {
        const c = ctx.client();
        return c.postForm('/apply', { action: 'save', applicant_email: victim, legal_name: 'City of Draftburg' });
      };
      for (let i = 0; i < 5; i++) expect((await save()).statusCode).toBe(303);
      const sixth = await save();
      expect(sixth.statusCode).toBe(429);
      expect(sixth.body).toContain('id="f-applicant_email-error"');
      expect(sixth.body).toContain('already sent several emails to this address in the last hour');
      expect(await mailsTo(victim)).toBe(5);
      expect(await applicationsOf(victim)).toBe(5);
    });

    it("/request-access from many clients notifies an organization's admin at most 5 times an hour; every request is still kept for review", async () => {
      const admin = await createAccount(ctx, { org: { role: 'admin' } });
      const org = await ctx.deps.db
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', admin.organizationId ?? '')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 7; i++) {
        const c = ctx.client();
        const res = await c.postForm('/request-access', {
          name: `Requester ${i}`,
          email: `requester-${i}-${Date.now().toString(36)}@elsewhere.example.com`,
          organization: org.name,
        });
        expect(res.statusCode).toBe(200);
      }
      await ctx.deps.jobs.drain(LOGIN_REQUESTS_QUEUE);
      expect(await mailsTo(admin.email)).toBe(5);
      const kept = await ctx.deps.db
        .selectFrom('login_requests')
        .select('id')
        .where('organization_id', '=', admin.organizationId ?? '')
        .execute();
      expect(kept).toHaveLength(7);
    });

    it('the forms carry a honeypot: hidden, out of the tab order, labelled "leave this field empty", autocomplete off', async () => {
      for (const path of ['/apply', '/request-access']) {
        const body = (await ctx.client().get(path)).body;
        expect(body).toMatch(
          /<div class="visually-hidden"><label for="f-referral_code">Leave this field empty\.[^<]*<\/label><input id="f-referral_code" name="referral_code" type="text" value(="")? tabindex="-1" autocomplete="off"\/?><\/div>/,
        );
      }
    });

    it('a filled honeypot looks accepted and saves and sends nothing: /apply, POST /api/v1/applications, /request-access', async () => {
      const bot = `bot-${Date.now().toString(36)}@inbox.example.com`;
      const before = await ctx.deps.db.selectFrom('outbox').select('id').execute();
      const draft = await ctx.client().postForm('/apply', { action: 'save', applicant_email: bot, legal_name: 'City of Botville', referral_code: 'http://spam.example' });
      expect(draft.statusCode).toBe(303);
      const submit = await ctx
        .client()
        .postForm('/apply', { ...Object.fromEntries(Object.entries(application(bot)).map(([k, v]) => [k, v === true ? 'yes' : String(v)])), action: 'submit', referral_code: 'x' });
      expect(submit.statusCode).toBe(303);
      const api = await fromAnotherClient('POST', '/api/v1/applications', application(bot, { referral_code: 'x' }));
      expect(api.statusCode).toBe(201);
      expect(api.json()).toMatchObject({ status: 'submitted' });
      const access = await ctx.client().postForm('/request-access', { name: 'Bot', email: bot, organization: 'Anywhere', referral_code: 'x' });
      expect(access.statusCode).toBe(200);
      expect(access.body).toContain('we have your request');
      await ctx.deps.jobs.drain(LOGIN_REQUESTS_QUEUE);
      expect(await applicationsOf(bot)).toBe(0);
      expect(await ctx.deps.db.selectFrom('login_requests').select('id').where('email', '=', bot).execute()).toEqual([]);
      expect(await ctx.deps.db.selectFrom('outbox').select('id').execute()).toHaveLength(before.length);
    });
  });
});
