// The Voluntary Credentialing Program (I7), through HTTP where a person would act: an application
// lands in the cycle whose cut-off is next (the cut-off day itself included) and is decided there
// by a staff reviewer and a panel member; 40 hours (an attended event plus self-reported hours)
// keep the credential current and 30 lapse it after the grace period (the daily job, clock-driven);
// an ethics sanction through the hook shows at once in Who's Who and the public check; another
// member's evidence file is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCredentialHolder, aMember, anEvent, aRegistration, credentialApplicationForm, payCredentialFee, pdfFile } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom } from '../../../test/html.js';
import { completeEvent } from '../events/ops-actions.js';
import { checkIn } from '../events/ops-checkin.js';
import { runCredentialJobs } from './index.js';

let ctx: TestContext;
let staff: TestClient;
let staffId: string;
let staffEmail: string;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2027-03-31T15:00:00Z');
  const s = await createAccount(ctx, { roles: ['membership'], name: 'Maya Membership' });
  staffId = s.id;
  staffEmail = s.email;
  staff = ctx.client();
  await staff.signIn(s.email);
});
afterAll(() => ctx?.close());

const signedIn = async (email: string) => {
  const c = ctx.client();
  await c.signIn(email);
  return c;
};
const mailTo = (email: string, template: string) =>
  ctx.deps.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', email).where('template', '=', template).execute();
const applicationOf = (userId: string) => ctx.deps.db.selectFrom('credential_applications').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
const credentialOf = (userId: string) => ctx.deps.db.selectFrom('credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();

describe('application and quarterly review', () => {
  it('applies the cut-off: submitted on the cut-off day → that cycle, the next day → the next; staff and panel award it', async () => {
    const panelist = await createAccount(ctx, { roles: ['member'], name: 'Pat Panel' });
    // Two cycles: cut-off today (31 March) and 30 June.
    const q1 = await staff.postForm('/staff/credential/cycles', { name: '2027 Q1', cutoff_on: '2027-03-31', panel: panelist.email });
    expect(q1.statusCode).toBe(303);
    expect((await staff.postForm('/staff/credential/cycles', { name: '2027 Q2', cutoff_on: '2027-06-30', panel: panelist.email })).statusCode).toBe(303);
    const dup = await staff.postForm('/staff/credential/cycles', { name: 'Again', cutoff_on: '2027-06-30', panel: '' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('A cycle already has this cut-off day.');

    const ana = await aMember(ctx, { name: 'Ana Onthedot' });
    const ben = await aMember(ctx, { name: 'Ben Nextday' });
    const anaC = await signedIn(ana.email);
    // Not eligible: 3 years without a degree. Refused with the computed years; nothing stored.
    const short = await anaC.postForm(
      '/credential/apply',
      credentialApplicationForm({ action: 'submit', degree: '', institution: '', degree_year: '', p1_from: '2015-01', p2_title: '', p2_organization: '', p2_from: '' }),
    );
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('add up to 3 years of senior management');
    expect(short.body).toContain('10 years without a degree');
    // One reference is not enough.
    const oneRef = await anaC.postForm('/credential/apply', credentialApplicationForm({ action: 'submit', r2_name: '', r2_email: '', r2_relationship: '' }));
    expect(oneRef.statusCode).toBe(400);
    expect(oneRef.body).toContain('Name at least 2 references.');
    expect(await ctx.deps.db.selectFrom('credential_applications').select('id').where('user_id', '=', ana.id).execute()).toEqual([]);
    // A draft first, then submitted on the cut-off day.
    expect((await anaC.postForm('/credential/apply', credentialApplicationForm({ action: 'save', sa_ethics: '' }))).statusCode).toBe(303);
    expect((await applicationOf(ana.id)).status).toBe('draft');
    expect((await anaC.get('/credential/apply')).body).toContain('Participatory budgeting.');
    expect((await anaC.postForm('/credential/apply', credentialApplicationForm({ action: 'submit' }))).statusCode).toBe(303);

    ctx.clock.set('2027-04-01T15:00:00Z');
    const benC = await signedIn(ben.email);
    expect((await benC.postForm('/credential/apply', credentialApplicationForm({ action: 'submit' }))).statusCode).toBe(303);
    // (sessions end after a while idle: everyone signs in again once the clock moved)
    const anaC2 = await signedIn(ana.email);
    staff = await signedIn(staffEmail);

    const cycles = await ctx.deps.db.selectFrom('credential_cycles').select(['id', 'name']).execute();
    const idOf = (name: string) => cycles.find((c) => c.name === name)?.id;
    const anaApp = await applicationOf(ana.id);
    const benApp = await applicationOf(ben.id);
    expect(anaApp.cycle_id).toBe(idOf('2027 Q1'));
    expect(benApp.cycle_id).toBe(idOf('2027 Q2'));
    expect(anaApp.months_senior).toBe(12 * 17 + 3); // 2010-01 to 2027-03, the overlap counted once
    expect(await mailTo(ana.email, 'credential.application_submitted')).toHaveLength(1);
    // The fee is invoiced (purpose other, integer cents) and still owed.
    const invoice = await ctx.deps.db
      .selectFrom('invoices')
      .select(['purpose', 'total_cents', 'user_id'])
      .where('id', '=', anaApp.invoice_id ?? '')
      .executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ purpose: 'other', user_id: ana.id });
    expect(Number(invoice.total_cents)).toBe(25_000);
    expect((await anaC2.get('/credential')).body).toContain('invoiced, not paid yet');

    // Staff award before the fee is paid: refused, nothing recorded.
    const early = await staff.postForm(`/staff/credential/applications/${anaApp.id}/decision`, { decision: 'award', reasons: 'Meets the requirements.' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('The application fee is not paid yet');
    await payCredentialFee(ctx, anaApp.id);
    expect((await applicationOf(ana.id)).fee_paid_on).not.toBeNull();

    // Someone not on the panel gets a 404; the panelist sees the cycle's applications.
    const outsider = await signedIn((await createAccount(ctx, { roles: ['member'] })).email);
    expect((await outsider.get(`/credential/panel/applications/${anaApp.id}`)).statusCode).toBe(404);
    expect((await outsider.postForm(`/credential/panel/applications/${anaApp.id}/decision`, { decision: 'award', reasons: 'x' })).statusCode).toBe(404);
    const panel = await signedIn(panelist.email);
    expect((await panel.get('/credential/panel')).body).toContain('2027 Q1');
    // reasons are required
    const noReason = await panel.postForm(`/credential/panel/applications/${anaApp.id}/decision`, { decision: 'award', reasons: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give the reasons for your decision.');

    expect((await staff.postForm(`/staff/credential/applications/${anaApp.id}/decision`, { decision: 'award', reasons: 'Meets the requirements.' })).statusCode).toBe(303);
    expect(await credentialOf(ana.id)).toBeUndefined(); // one decision is not enough
    expect((await panel.postForm(`/credential/panel/applications/${anaApp.id}/decision`, { decision: 'award', reasons: 'Strong references.' })).statusCode).toBe(303);
    expect(await credentialOf(ana.id)).toMatchObject({ status: 'current', awarded_on: '2027-04-01' });
    expect((await applicationOf(ana.id)).status).toBe('awarded');
    expect(await mailTo(ana.email, 'credential.awarded')).toHaveLength(1);
    // a second decision is refused
    expect((await panel.postForm(`/credential/panel/applications/${anaApp.id}/decision`, { decision: 'decline', reasons: 'Changed my mind.' })).statusCode).toBe(409);

    // Ben: the panel declines; the email carries its reasons.
    await payCredentialFee(ctx, benApp.id);
    expect((await staff.postForm(`/staff/credential/applications/${benApp.id}/decision`, { decision: 'award', reasons: 'Fine by me.' })).statusCode).toBe(303);
    expect(
      (await panel.postForm(`/credential/panel/applications/${benApp.id}/decision`, { decision: 'decline', reasons: 'The references do not speak to management.' })).statusCode,
    ).toBe(303);
    expect((await applicationOf(ben.id)).status).toBe('declined');
    expect(await credentialOf(ben.id)).toBeUndefined();
    const [declined] = await mailTo(ben.email, 'credential.declined');
    expect(declined?.body_text).toContain('The references do not speak to management.');

    // The staff pages list the cycles and their applications.
    expect((await staff.get('/staff/credential')).body).toContain('2027 Q2');
    expect((await staff.get(`/staff/credential/cycles/${idOf('2027 Q1')}`)).body).toContain('Ana Onthedot');
    // Someone who is not an individual member is told why they cannot apply.
    const notMember = await signedIn((await createAccount(ctx, {})).email);
    expect((await notMember.get('/credential/apply')).body).toContain('The credential is for individual members');
    expect(staffId).toBeTruthy();
  });
});

describe('the yearly PD log', () => {
  /** An event on `day` (noon UTC) with one session of `hours` PD hours that the member attended; completed. */
  async function attendedEvent(userId: string, hours: number) {
    const e = await anEvent(ctx, { startsInHours: -hours - 1, hours, timeZone: 'UTC', sessions: [{ title: 'Course', startsInHours: 0, hours, pdMinutes: hours * 60 }] });
    const reg = await aRegistration(ctx, { eventId: e.id, ticketTypeId: e.ticketTypeIds[0] ?? '', userId });
    await ctx.deps.db.transaction().execute(async (trx) => {
      await checkIn(trx, ctx.deps, { registrationId: reg.id, sessionId: e.sessionIds[0] ?? '' }, { userId: staffId });
      await completeEvent(trx, ctx.deps, e.id, { userId: staffId });
    });
  }
  const logHours = (c: TestClient, hours: string, day: string, file = pdfFile('certificate.pdf')) =>
    c.postMultipart('/credential/log', { title: 'Leadership institute', provider: 'State League', done_on: day, hours }, [{ field: 'evidence', ...file }]);

  it('40 hours (an event’s 10 plus 30 self-reported) keep it current; 30 lapse it after the grace period; the reminder goes once', async () => {
    ctx.clock.set('2027-05-01T15:00:00Z');
    const keeper = await aCredentialHolder(ctx, { name: 'Kim Keeper' });
    const lapser = await aCredentialHolder(ctx, { name: 'Lou Lapser' });

    // 2028, the first year that counts.
    ctx.clock.set('2028-06-15T15:00:00Z');
    const kc = await signedIn(keeper.email);
    let lc = await signedIn(lapser.email);
    await attendedEvent(keeper.id, 10);
    await attendedEvent(lapser.id, 10);
    // A file that is not what it says is refused; nothing stored.
    const fake = await logHours(kc, '30', '2028-06-01', { filename: 'certificate.pdf', type: 'application/pdf', content: Buffer.from('not a pdf at all') });
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('is not a file we accept');
    const future = await logHours(kc, '30', '2028-07-01');
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('cannot be in the future');
    expect((await logHours(kc, '30', '2028-06-01')).statusCode).toBe(303);
    expect((await logHours(lc, '20', '2028-06-01')).statusCode).toBe(303);
    const page = await kc.get('/credential/log');
    expect(page.body).toContain('2028: 40 of 40 hours');
    expect(page.body).toContain('Events: 10 hours; self-reported: 30 hours.');
    expect((await lc.get('/credential/log')).body).toContain('2028: 30 of 40 hours');

    // 1 November: the reminder goes to the one under 40 hours, once.
    ctx.clock.set('2028-11-01T15:00:00Z');
    // (other tests' holders share the database: counts are checked per person)
    expect((await runCredentialJobs(ctx.deps)).reminded).toBeGreaterThanOrEqual(1);
    expect((await runCredentialJobs(ctx.deps)).reminded).toBe(0);
    expect(await mailTo(lapser.email, 'credential.log_reminder')).toHaveLength(1);
    expect(await mailTo(keeper.email, 'credential.log_reminder')).toHaveLength(0);

    // The last day of the grace period: nothing lapses yet.
    ctx.clock.set('2029-03-31T15:00:00Z');
    await runCredentialJobs(ctx.deps);
    expect((await credentialOf(lapser.id))?.status).toBe('current');
    // The day after: 30 hours lapse it; 40 keep it.
    ctx.clock.set('2029-04-01T15:00:00Z');
    expect((await runCredentialJobs(ctx.deps)).lapsed).toBeGreaterThanOrEqual(1);
    expect(await credentialOf(lapser.id)).toMatchObject({ status: 'lapsed', lapsed_year: 2028, lapsed_on: '2029-04-01' });
    expect((await credentialOf(keeper.id))?.status).toBe('current');
    expect(await mailTo(lapser.email, 'credential.lapsed')).toHaveLength(1);
    expect((await runCredentialJobs(ctx.deps)).lapsed).toBe(0);
    // Lapsed holders are not listed by the public check.
    expect((await ctx.client().get('/credential/verify?name=Lou%20Lapser')).body).toContain('No current holder of the credential has that name.');

    // Reinstatement: refused until the missing 2028 hours are logged; then staff approve.
    lc = await signedIn(lapser.email);
    const staffNow = await signedIn(staffEmail);
    const early = await lc.postForm('/credential/reinstatement', {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('log the missing 10 hours of 2028 first');
    expect((await logHours(lc, '10', '2028-12-01')).statusCode).toBe(303);
    expect((await lc.postForm('/credential/reinstatement', {})).statusCode).toBe(303);
    expect((await staffNow.get('/staff/credential')).body).toContain('Reinstate Lou Lapser');
    expect((await staffNow.postForm(`/staff/credential/reinstatements/${lapser.id}`, {})).statusCode).toBe(303);
    expect((await credentialOf(lapser.id))?.status).toBe('current');
  });

  it('another member’s evidence file is a 404; the owner downloads it', async () => {
    ctx.clock.set('2027-05-01T15:00:00Z');
    const owner = await aCredentialHolder(ctx);
    const other = await aCredentialHolder(ctx);
    const oc = await signedIn(owner.email);
    expect((await logHours(oc, '2', '2027-04-20')).statusCode).toBe(303);
    const file = await ctx.deps.db.selectFrom('credential_activities').select('id').where('user_id', '=', owner.id).executeTakeFirstOrThrow();
    const mine = await oc.get(`/credential/log/files/${file.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toContain('application/pdf');
    const theirs = await signedIn(other.email);
    expect((await theirs.get(`/credential/log/files/${file.id}`)).statusCode).toBe(404);
    expect((await theirs.get('/credential/log')).body).not.toContain('Leadership institute');
    expect((await ctx.client().get(`/credential/log/files/${file.id}`)).statusCode).toBe(303); // to the sign-in page
  });
});

describe('ethics sanctions', () => {
  it('a revocation through the hook shows at once in Who’s Who and the public check, and bars applying', async () => {
    ctx.clock.set('2027-05-01T15:00:00Z');
    const holder = await aCredentialHolder(ctx, { name: 'Rory Revoked' });
    const viewer = await signedIn((await aMember(ctx)).email);
    const before = await viewer.get('/directory?q=Rory%20Revoked');
    expect(before.body).toContain('Rory Revoked');
    expect(before.body).toContain('Credentialed manager');
    expect((await viewer.get(`/people/${holder.id}`)).body).toContain('Credentialed manager');
    const check = await ctx.client().get('/credential/verify?name=rory%20rev');
    expect(check.body).toContain('Rory Revoked');
    expect(check.body).toContain('2027');

    await ctx.deps.db.transaction().execute(async (trx) => {
      for (const hook of ctx.deps.hooks.ethicsSanction)
        await hook(trx, ctx.deps, { caseId: crypto.randomUUID(), userId: holder.id, outcome: 'credential_revoked', effectiveOn: '2027-05-01', until: null });
    });
    const after = await viewer.get('/directory?q=Rory%20Revoked');
    expect(after.body).toContain('Rory Revoked');
    expect(after.body).not.toContain('Credentialed manager');
    expect((await viewer.get(`/people/${holder.id}`)).body).not.toContain('Credentialed manager');
    expect((await ctx.client().get('/credential/verify?name=rory%20rev')).body).not.toContain('Rory Revoked');
    expect(await credentialOf(holder.id)).toMatchObject({ status: 'revoked', revoked_on: '2027-05-01' });
    expect(await mailTo(holder.email, 'credential.revoked')).toHaveLength(1);
    const hc = await signedIn(holder.email);
    expect((await hc.get('/credential/apply')).body).toContain('you may not apply for the credential.');
  });

  it('a public censure bars applying until its last day', async () => {
    ctx.clock.set('2027-05-01T15:00:00Z');
    const m = await aMember(ctx);
    await ctx.deps.db.transaction().execute(async (trx) => {
      for (const hook of ctx.deps.hooks.ethicsSanction)
        await hook(trx, ctx.deps, { caseId: crypto.randomUUID(), userId: m.id, outcome: 'public_censure', effectiveOn: '2027-05-01', until: '2032-04-30' });
    });
    const c = await signedIn(m.email);
    expect((await c.get('/credential/apply')).body).toContain('until Apr 30, 2032');
    const refused = await c.postForm('/credential/apply', credentialApplicationForm({ action: 'submit' }));
    expect(refused.statusCode).toBe(422);
    expect(await ctx.deps.db.selectFrom('credential_applications').select('id').where('user_id', '=', m.id).execute()).toEqual([]);
  });
});

describe('the application form', () => {
  const labelOf = (html: string, name: string) => dom(html).querySelector(`label[for="f-${name}"]`)?.text.replace(/\s+/g, ' ').trim();

  it('marks the fields a submission needs as such, not as optional, and a draft still saves without them', async () => {
    const member = await signedIn((await aMember(ctx)).email);
    const page = (await member.get('/credential/apply')).body;
    const needed = ['p1_title', 'p1_organization', 'p1_from', 'r1_name', 'r1_email', 'r1_relationship', 'r2_name', 'r2_email', 'r2_relationship', 'sa_leadership', 'sa_ethics'];
    for (const name of needed) expect(labelOf(page, name)).toMatch(/\(needed when you submit\)$/);
    for (const name of ['degree', 'p1_to', 'p2_title', 'r3_name']) expect(labelOf(page, name)).toMatch(/\(optional\)$/);
    expect(labelOf(page, 'institution')).toBe('Institution (needed when you give a degree)');
    // what the labels say is what a submission asks for
    const refused = await member.postForm('/credential/apply', { action: 'submit' });
    expect(refused.statusCode).toBe(400);
    for (const name of ['p1_title', 'r1_name', 'sa_leadership', 'sa_ethics']) expect(dom(refused.body).querySelector(`#f-${name}-error`)).not.toBeNull();
    expect((await member.postForm('/credential/apply', { action: 'save' })).statusCode).toBe(303);
  });

  it('tells someone who is not an individual member where to join', async () => {
    const person = await signedIn((await createAccount(ctx, { name: 'Not Yet Member' })).email);
    for (const path of ['/credential', '/credential/apply']) {
      const notice = dom((await person.get(path)).body).querySelector('main .notice p');
      expect(notice?.text).toContain('The credential is for individual members of the association.');
      expect(notice?.querySelectorAll('a').map((a) => [a.text.trim(), a.getAttribute('href')])).toEqual([['Join as a professional', '/join/individual']]);
    }
  });
});

describe('the footer', () => {
  const footerLinks = async (client: TestClient) =>
    dom((await client.get('/events')).body)
      .querySelectorAll('nav[aria-label="Programs and more"] a')
      .map((a): [string, string] => [a.text.trim(), a.getAttribute('href') ?? ''])
      .filter(([, href]) => href.startsWith('/credential'));

  it('names the public check of a credential the same for visitors and signed-in people, and a signed-in person’s own page as its heading does', async () => {
    expect(await footerLinks(ctx.client())).toEqual([['Check a credential', '/credential/verify']]);
    const member = await signedIn((await aMember(ctx)).email);
    const links = await footerLinks(member);
    expect(links).toEqual([
      ['Check a credential', '/credential/verify'],
      ['Your credential', '/credential'],
    ]);
    for (const [name, href] of links)
      expect(
        dom((await member.get(href)).body)
          .querySelector('h1')
          ?.text.trim(),
      ).toBe(name);
  });

  it('does not offer staff who are not members a credential of their own; a staff member who is a member keeps it', async () => {
    expect(await footerLinks(staff)).toEqual([['Check a credential', '/credential/verify']]);
    const both = await createAccount(ctx, { roles: ['membership', 'member'], name: 'Mo Memberstaff' });
    expect(await footerLinks(await signedIn(both.email))).toEqual([
      ['Check a credential', '/credential/verify'],
      ['Your credential', '/credential'],
    ]);
  });
});
