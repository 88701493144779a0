// The demo data shows a living association (issue 14): a fresh start's receivables ageing has
// overdue invoices in every bucket, renewals are coming due, one membership is in its grace period,
// one has lapsed, and every state has an advisor.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDeps, type Deps } from '../src/deps.js';
import { fixedClock } from '../src/lib/clock.js';
import { formatDay } from '../src/lib/format.js';
import { formatCents } from '../src/lib/money.js';
import { STATE_CODES } from '../src/lib/us-states.js';
import { isContactRequired, quoteDues } from '../src/modules/dues/index.js';
import { wireModules } from '../src/modules/index.js';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { TestClient } from './helpers.js';
import { dom, rowsOf, termValue } from './html.js';

describe('the demo data', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let deps: Deps;
  const now = new Date();
  beforeAll(async () => {
    db = await createTestDatabase(inject('dbTemplate'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      PUBLIC_URL: 'http://civnet.test',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      // every test here signs in a demo account from the one address inject uses
      RATE_LIMIT_SIGNIN_PER_MINUTE: '100',
    });
    expect(await seedDemo(db.database.db, { config, now })).toBe(true);
    deps = createDeps(config, db.database, fixedClock(now), { wire: wireModules, pollingIntervalSeconds: 0.5 });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const signedIn = async (email: string) => {
    const client = new TestClient(app);
    await client.signIn(email, DEMO_PASSWORD);
    return client;
  };

  it('a fresh start has a receivables ageing with a current invoice and overdue ones in every bucket', async () => {
    const finance = await signedIn('finance@example.org');
    const res = await finance.getJson('/api/v1/receivables/aging');
    expect(res.statusCode).toBe(200);
    const { totals, organizations } = res.json();
    expect(totals.currentCents).toBeGreaterThan(0);
    expect(totals.days1to30Cents).toBeGreaterThan(0);
    expect(totals.days31to60Cents).toBeGreaterThan(0);
    expect(totals.days61to90Cents).toBeGreaterThan(0);
    expect(totals.over90Cents).toBeGreaterThan(0);
    expect(organizations.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['King County', 'Town of Brookline', 'Municipality of Anchorage', 'City of Austin', 'City of Tucson']),
    );
    // Paid invoices too, with their payments, numbered without gaps.
    const invoices = (await finance.getJson('/api/v1/invoices?status=paid')).json();
    expect(invoices.invoices.length).toBeGreaterThan(0);
  });

  it('renewals are coming due, one membership is in its grace period and one has lapsed', async () => {
    const membership = await signedIn('membership@example.org');
    const preview = (await membership.getJson('/api/v1/renewals/preview')).json();
    expect(JSON.stringify(preview)).toContain('Hennepin County');
    const grace = await deps.db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select(['o.name', 'm.status', 'm.term_end'])
      .where('o.slug', 'in', ['municipality-of-anchorage-ak', 'city-of-tucson-az'])
      .orderBy('o.name')
      .execute();
    const today = now.toISOString().slice(0, 10);
    expect(grace.map((g) => [g.name, g.status, (g.term_end ?? '') < today])).toEqual([
      ['City of Tucson', 'lapsed', true],
      ['Municipality of Anchorage', 'active', true],
    ]);
  });

  it('a member organization was added to the records before its first term, not on the day the demo was loaded', async () => {
    const membership = await signedIn('membership@example.org');
    const firstTerms = await deps.db
      .selectFrom('memberships')
      .select(['organization_id', (eb) => eb.fn.min('term_start').as('first')])
      .groupBy('organization_id')
      .execute();
    expect(firstTerms.length).toBeGreaterThan(5);
    for (const t of firstTerms) {
      const org = (await membership.getJson(`/api/v1/organizations/${t.organization_id}`)).json();
      expect(org.createdAt.slice(0, 10) < String(t.first), `${org.name}: added ${org.createdAt}, first term ${t.first}`).toBe(true);
    }
  });

  it('every person with an active individual membership holds the member role (the students of the chapters too)', async () => {
    const active = await deps.db.selectFrom('individual_memberships').select('user_id').where('status', '=', 'active').execute();
    expect(active.length).toBeGreaterThan(5);
    const members = new Set((await deps.db.selectFrom('user_roles').select('user_id').where('role', '=', 'member').execute()).map((r) => r.user_id));
    expect(active.filter((m) => !members.has(m.user_id))).toEqual([]);
  });

  it('every state has an advisor and every member organization has one', async () => {
    const membership = await signedIn('membership@example.org');
    const page = await membership.get('/staff/advisors');
    expect(page.statusCode).toBe(200);
    const covered = new Set(rowsOf(page.body, 'Advisors, by name').flatMap((row) => (row[1] ?? '').split(', ')));
    expect(STATE_CODES.filter((s) => !covered.has(s))).toEqual([]);
    expect(dom(page.body).querySelector('#unassigned')?.nextElementSibling?.textContent).toBe('Every member organization has an advisor.');
  });

  it('advisors find assistance requests from every state with members, in every status, and booked meetings', async () => {
    const advisor = await signedIn('advisor@example.org');
    const south = await signedIn('advisor.south@example.org');
    const membership = await signedIn('membership@example.org');
    const all = rowsOf((await membership.get('/staff/assistance?status=any')).body).map((r) => r.join(' '));
    for (const org of ['City of Springfield', 'King County', 'Town of Brookline', 'Municipality of Anchorage', 'City of Austin', 'Hennepin County', 'Town of Carrboro'])
      expect(all.some((r) => r.includes(org))).toBe(true);
    const statuses = await deps.db.selectFrom('assistance_requests').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['closed', 'in_progress', 'open', 'resolved', 'waiting_on_member']);
    // Each advisor's own page lists the first meetings booked with them.
    const upcoming = (await advisor.get('/staff/advising')).body;
    expect(upcoming).toContain('King County');
    expect(upcoming).toContain('Hennepin County');
    expect((await south.get('/staff/advising')).body).toContain('City of Austin');
    // Springfield's is left to book.
    const springfield = await signedIn('orgadmin@example.org');
    expect((await springfield.get('/org/meetings')).statusCode).toBe(200);
    const booked = await deps.db
      .selectFrom('meetings as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select('o.name')
      .where('m.status', '=', 'booked')
      .execute();
    expect(booked.map((b) => b.name).sort()).toEqual(['City of Austin', 'Hennepin County', 'King County']);
  });

  it('the application form and the public pages around it write apostrophes and quotes typographically (network’s, “Region”)', async () => {
    const visitor = new TestClient(app);
    const news = (await visitor.getJson('/api/v1/news?limit=100')).json() as { posts?: Array<{ slug: string }> };
    const pages = ['/', '/join', '/dues', '/apply', '/membership-terms', '/ethics', '/network', ...(news.posts ?? []).map((n) => `/news/${n.slug}`)];
    const straight: string[] = [];
    for (const path of pages) {
      const res = await visitor.get(path);
      expect(res.statusCode, path).toBe(200);
      const body = dom(res.body).querySelector('body');
      for (const el of body?.querySelectorAll('script, style') ?? []) el.remove();
      const text = (body?.text ?? '').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");
      for (const m of text.matchAll(/.{0,30}([A-Za-z]'[A-Za-z]|"[^"\n]{1,80}").{0,10}/g)) straight.push(`${path}: ${m[0]}`);
    }
    expect(straight).toEqual([]);
  });

  it('an organization’s activity shows each demo payment on the day it was paid, beside the invoice it paid, not on the day the demo was loaded', async () => {
    const membership = await signedIn('membership@example.org');
    const org = await deps.db.selectFrom('organizations').select('id').where('slug', '=', 'city-of-springfield-il').executeTakeFirstOrThrow();
    const paid = await deps.db
      .selectFrom('payments as p')
      .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
      .select(['p.received_on', 'i.number'])
      .where('i.organization_id', '=', org.id)
      .execute();
    expect(paid.length).toBeGreaterThan(0);
    const page = await membership.get(`/staff/organizations/${org.id}`);
    expect(page.statusCode).toBe(200);
    const activity = rowsOf(page.body, 'Activity, newest first');
    const { time_zone } = await deps.db.selectFrom('association').select('time_zone').executeTakeFirstOrThrow();
    const loaded = new Intl.DateTimeFormat('en-US', { timeZone: time_zone, month: 'short', day: 'numeric', year: 'numeric' }).format(now);
    for (const p of paid) {
      const row = activity.find((r) => (r[1] ?? '').includes('recorded check') && (r[1] ?? '').includes(`on invoice ${p.number}.`));
      expect(row, `the payment of ${p.number}`).toBeDefined();
      expect(row?.[0]).toContain(formatDay(p.received_on));
      expect(row?.[0]).not.toContain(loaded);
    }
    // and in order: the payment comes after the invoice it paid
    const issued = activity.findIndex((r) => (r[1] ?? '').includes(`issued invoice ${paid[0]?.number}`));
    const recorded = activity.findIndex((r) => (r[1] ?? '').includes(`on invoice ${paid[0]?.number}.`));
    expect(recorded).toBeLessThan(issued);
  });

  it('Springfield’s contact sees what it paid', async () => {
    const springfield = await deps.db.selectFrom('organizations').select(['entity_type', 'population']).where('slug', '=', 'city-of-springfield-il').executeTakeFirstOrThrow();
    const quote = await quoteDues(deps, { entityType: springfield.entity_type, population: springfield.population ?? 0 });
    if (isContactRequired(quote)) throw new Error('Springfield has dues by population');
    const contact = await signedIn('orgadmin@example.org');
    const page = await contact.get('/org/invoices');
    expect(page.statusCode).toBe(200);
    const rows = rowsOf(page.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.flat().join(' ')).toContain(formatCents(quote.amountCents));
  });

  it('an invoice names its organization once: no demo bill-to address repeats the name the invoice (and its PDF) already shows', async () => {
    const invoices = await deps.db
      .selectFrom('invoices as i')
      .innerJoin('organizations as o', 'o.id', 'i.organization_id')
      .select(['o.name', 'i.bill_to_address', 'i.public_token'])
      .where('o.slug', '=', 'city-of-springfield-il')
      .execute();
    expect(invoices.length).toBeGreaterThan(0);
    const contact = await signedIn('orgadmin@example.org');
    for (const invoice of invoices) {
      const html = (await contact.get(`/invoices/${invoice.public_token}`)).body;
      const dt = dom(html)
        .querySelectorAll('dt')
        .find((d) => d.text.trim() === 'Bill to');
      const lines = (dt?.nextElementSibling?.querySelectorAll('span') ?? []).map((s) => s.text.trim());
      expect(termValue(html, 'Organization')).toBe(invoice.name);
      expect(
        lines.filter((l) => l === invoice.name),
        lines.join(' / '),
      ).toEqual([]);
    }
  });

  it('an application waiting for review has a billing address a letter could reach, and its own people', async () => {
    const applications = await deps.db.selectFrom('applications').select(['id', 'legal_name', 'entity_type']).where('status', '=', 'submitted').execute();
    expect(applications.length).toBeGreaterThan(1);
    const staff = await signedIn('membership@example.org');
    const contacts = new Set<string>();
    for (const a of applications) {
      const html = (await staff.get(`/staff/applications/${a.id}`)).body;
      const address = termValue(html, 'Billing address');
      expect(address, a.legal_name).not.toContain(a.legal_name);
      expect(address, a.legal_name).toMatch(/, [A-Z]{2} \d{5}$/);
      contacts.add(termValue(html, 'Staff contact'));
      // a county's elected official is no mayor
      if (a.entity_type === 'county') expect(termValue(html, 'Elected official'), a.legal_name).not.toContain('Mayor');
    }
    expect(contacts.size).toBe(applications.length);
  });

  it('every renewal invoice is priced as the published dues schedule quotes its term (what /dues shows)', async () => {
    const invoices = await deps.db
      .selectFrom('invoices as i')
      .innerJoin('organizations as o', 'o.id', 'i.organization_id')
      .select(['i.number', 'i.total_cents', 'i.period_start', 'o.entity_type', 'o.population'])
      .where('i.purpose', '=', 'renewal')
      .execute();
    expect(invoices.length).toBeGreaterThan(5);
    for (const i of invoices) {
      const quote = await quoteDues(deps, { entityType: i.entity_type, population: i.population ?? 0, on: i.period_start ?? undefined });
      expect(isContactRequired(quote) ? null : quote.amountCents, `invoice ${i.number}`).toBe(i.total_cents);
    }
  });

  it('renewal invoices write their term in words on the payer’s invoice page and finance’s page', async () => {
    const invoices = await deps.db.selectFrom('invoices as i').select(['i.id', 'i.public_token', 'i.period_start', 'i.period_end']).where('i.purpose', '=', 'renewal').execute();
    const finance = await signedIn('finance@example.org');
    const visitor = new TestClient(app);
    for (const i of invoices.slice(0, 3)) {
      const words = `Membership renewal, ${formatDay(i.period_start)} to ${formatDay(i.period_end)} — `;
      for (const page of [await visitor.get(`/invoices/${i.public_token}`), await finance.get(`/staff/invoices/${i.id}`)]) {
        expect(page.statusCode).toBe(200);
        const text = dom(page.body).querySelector('main')?.textContent ?? '';
        expect(text).toContain(words);
        expect(text).not.toContain(`Membership renewal, ${i.period_start}`);
      }
    }
    expect(invoices.length).toBeGreaterThan(0);
  });
  it('transition@ is a member whose Members in Transition request is approved: /me/transition says what is waived and until when', async () => {
    const person = await signedIn('transition@example.org');
    const page = await person.get('/me/transition');
    expect(page.statusCode).toBe(200);
    const waived = dom(page.body).querySelector('#waived')?.textContent ?? '';
    expect(waived).toMatch(/^Approved: your dues are waived for 12 months, from [A-Z][a-z]{2} \d{1,2}, \d{4} to [A-Z][a-z]{2} \d{1,2}, \d{4}\./);
    expect(waived).toContain('so 24 months are left');
    expect(rowsOf(page.body, 'Your requests')[0]?.[1]).toBe('Approved');
    const membership = await person.get('/me/membership');
    expect(membership.statusCode).toBe(200);
    expect(dom(membership.body).querySelector('main')?.textContent).toContain('Active');
    // the request's story fits the level: staff, not a manager or an assistant (the Manager level's)
    expect(termValue(membership.body, 'Level')).toBe('Other local government staff');
    const request = await deps.db
      .selectFrom('transition_requests as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select('t.circumstances')
      .where('u.email', '=', 'transition@example.org')
      .executeTakeFirstOrThrow();
    expect(request.circumstances).not.toMatch(/manager|administrator/i);
  });

  it('the demo’s paid individual memberships show the invoice and payment that made them active; a free one says why there is nothing to pay', async () => {
    for (const email of ['manager@example.org', 'transition@example.org', 'member@example.org', 'academic@example.org', 'retired@example.org', 'international@example.org']) {
      const person = await signedIn(email);
      const page = await person.get('/me/membership');
      expect(page.statusCode, email).toBe(200);
      const rows = rowsOf(page.body, 'Your membership invoices');
      expect(rows, email).toHaveLength(1);
      const [number, purpose, , , total, balance, status] = rows[0] ?? [];
      expect(number, email).toMatch(/^\d{4}-\d{6}$/);
      expect([purpose, balance, status], email).toEqual(['First year', formatCents(0), 'Paid']);
      expect(termValue(page.body, 'Dues quoted when joining'), email).toBe(total);
    }
    // manager@ is King County's administrator (his Who's Who profile): his dues inputs are King
    // County's, so no small-community discount; $238,000 × 0.65% is over the cap of $1,200
    const manager = await signedIn('manager@example.org');
    const mine = (await manager.get('/me/membership')).body;
    const king = await deps.db.selectFrom('organizations').select('population').where('slug', '=', 'king-county-wa').executeTakeFirstOrThrow();
    expect(termValue(mine, 'Employer’s population')).toBe((king.population ?? 0).toLocaleString('en-US'));
    expect(rowsOf(mine, 'Your membership invoices')[0]?.[4]).toBe('$1,200.00');
    const profile = dom((await manager.get('/me')).body);
    expect(profile.querySelector('input[name="employer_name"]')?.getAttribute('value')).toBe('King County');
    // paid, through billing: one payment each, for the invoice's total
    const paid = await deps.db
      .selectFrom('invoices as i')
      .innerJoin('payments as p', 'p.invoice_id', 'i.id')
      .select(['i.number', 'i.total_cents', 'i.status', 'p.amount_cents'])
      .where('i.individual_membership_id', 'is not', null)
      .execute();
    expect(paid).toHaveLength(6);
    for (const p of paid) expect([p.status, p.amount_cents]).toEqual(['paid', p.total_cents]);
    // invoice numbers stay gapless within each year, organizations' and individuals' together
    const all = await deps.db.selectFrom('invoices').select(['year', 'seq']).where('number', 'is not', null).execute();
    for (const year of new Set(all.map((i) => i.year))) {
      const seqs = all
        .filter((i) => i.year === year)
        .map((i) => i.seq ?? 0)
        .sort((a, b) => a - b);
      expect(seqs, String(year)).toEqual(seqs.map((_, k) => k + 1));
    }
    // a student of a chapter is a member at the free Student level: the page says why nothing is billed
    const student = await deps.db
      .selectFrom('individual_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('member_levels as l', 'l.id', 'm.level_id')
      .select('u.email')
      .where('l.slug', '=', 'student')
      .where('m.status', '=', 'active')
      .executeTakeFirstOrThrow();
    const free = await signedIn(student.email);
    const text = dom((await free.get('/me/membership')).body).querySelector('main')?.textContent ?? '';
    expect(text).toContain('The Student level has no dues, so there is nothing to pay.');
    expect(text).not.toContain('No invoices yet');
  });

  it('the demo’s job postings call each employer what it is: no City Manager at a town, no county’s layers at a city', async () => {
    const page = dom((await new TestClient(app).get('/jobs')).body);
    const items = page.querySelectorAll('main ol li').map((li) => li.text.replace(/\s+/g, ' '));
    expect(items.length).toBeGreaterThan(5);
    const wrong = items.filter((t) => (t.includes('Town of') && /City Manager/.test(t)) || (t.includes('City of') && t.includes('county’s')) || t.includes('ICMA'));
    expect(wrong).toEqual([]);
  });

  it('the demo’s resources were published over past months, not all on the day the demo was loaded', async () => {
    const visitor = new TestClient(app);
    const list = dom((await visitor.get('/resources')).body);
    const links = list
      .querySelectorAll('main a')
      .map((a) => a.getAttribute('href') ?? '')
      .filter((h) => /^\/resources\/[a-z0-9-]+$/.test(h));
    expect(links.length).toBeGreaterThan(5);
    const { time_zone } = await deps.db.selectFrom('association').select('time_zone').executeTakeFirstOrThrow();
    const loaded = new Intl.DateTimeFormat('en-US', { timeZone: time_zone, month: 'long', day: 'numeric', year: 'numeric' }).format(now);
    const days = new Set<string>();
    for (const href of links) {
      const published = termValue((await visitor.get(href)).body, 'Published');
      expect(published, href).not.toBe(loaded);
      days.add(published);
    }
    expect(days.size).toBe(links.length);
  });

  it("Hennepin County has contacts: its administrator opens its meetings, and its advisor's move confirmation says its contacts are sent the new time", async () => {
    const admin = await signedIn('hennepin@example.org');
    const home = await admin.get('/org');
    expect(home.statusCode).toBe(200);
    expect(dom(home.body).querySelector('h1')?.textContent).toBe('Hennepin County');
    const contacts = rowsOf(dom(home.body).getElementById('contacts')?.innerHTML ?? '')
      .map((r) => r[0] ?? '')
      .join(' ');
    expect(contacts).toContain('Maya Lindqvist');
    expect(contacts).toContain('Omar Haddad');
    const meeting = await deps.db
      .selectFrom('meetings as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .innerJoin('users as u', 'u.id', 'm.advisor_user_id')
      .select(['m.id', 'u.email'])
      .where('o.slug', '=', 'hennepin-county-mn')
      .where('m.status', '=', 'booked')
      .executeTakeFirstOrThrow();
    expect((await admin.get('/org/meetings')).body).toContain(`/org/meetings/${meeting.id}/cancel`);
    const advisor = await signedIn(meeting.email);
    const move = await advisor.get(`/staff/advising/meetings/${meeting.id}/move`);
    const slot = dom(move.body).querySelector('input[name="slot"]')?.getAttribute('value') ?? '';
    const confirm = await advisor.postForm(`/staff/advising/meetings/${meeting.id}/move`, { slot });
    expect(confirm.statusCode).toBe(200);
    expect(dom(confirm.body).querySelector('main')?.textContent).toContain('The organization’s 2 contacts and you receive an updated calendar invitation by email');
  });

  it('City of Fairbanks has contacts: its administrator opens its page, and its advisor is told whom to write to about its first meeting', async () => {
    const admin = await signedIn('fairbanks@example.org');
    const home = await admin.get('/org');
    expect(home.statusCode).toBe(200);
    expect(dom(home.body).querySelector('h1')?.textContent).toBe('City of Fairbanks');
    const contacts = rowsOf(dom(home.body).getElementById('contacts')?.innerHTML ?? '').map((r) => r[0] ?? '');
    expect(contacts.join(' ')).toContain('Nora Atkins');
    expect(contacts.join(' ')).toContain('Ben Ryder');
    const advising = (await (await signedIn('advisor@example.org')).get('/staff/advising')).body;
    const waiting = advising.slice(advising.indexOf('waiting for a first meeting'), advising.indexOf('Your upcoming meetings'));
    expect(waiting).toContain('City of Fairbanks');
    expect(waiting).toContain('href="mailto:fairbanks@example.org"');
  });

  it('the demo’s words are US English: no programme, favour, neighbourhood, centres or enrolment in any table', async () => {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
      deps.db,
    );
    const british = /\b(programmes?|favour\w*|neighbour\w*|centres|enrolment|organisations?|colours?|licence)\b/;
    const found: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await sql<{ t: string }>`select t::text as t from ${sql.table(name)} t`.execute(deps.db);
      for (const r of rows.rows) {
        const m = r.t.match(british);
        if (m) found.push(`${name}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
