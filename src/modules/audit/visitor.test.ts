// Who did it, when nobody was signed in: a visitor's application reads as its applicant ("Applicant:
// Jane Doe (visitor)") in the audit log — the page, the API and the CSV — and on the organization's
// timeline alike, not as "The system" in one place and "Civnet" in the other. A signed-in
// applicant reads as their account, and an account deleted since as "A deleted account", never as
// the system.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeApplicationForm as complete, signedIn, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, rowsOf } from '../../../test/html.js';
import { seedDuesDemo } from '../dues/seed.js';
import { LOGIN_REQUESTS_QUEUE } from '../portal/index.js';

let ctx: TestContext;
let admin: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.db.transaction().execute((trx) => seedDuesDemo(trx));
  admin = await signedInAs(ctx, ['admin']);
});
afterAll(() => ctx?.close());

describe('a visitor’s application in the audit log and on the organization’s timeline', () => {
  it('reads as its applicant, by the name the form gave for the applicant’s address, the same everywhere', async () => {
    const f = complete({ staff_name: 'Jane <b>Doe</b>' });
    f.applicant_email = f.staff_email ?? '';
    expect((await ctx.client().postForm('/apply', { ...f, action: 'submit' })).statusCode).toBe(303);
    const a = await ctx.deps.db
      .selectFrom('applications')
      .select('id')
      .where('legal_name', '=', f.legal_name ?? '')
      .executeTakeFirstOrThrow();
    const who = 'Applicant: Jane <b>Doe</b> (visitor)';

    const page = await admin.get(`/staff/audit?entityId=${a.id}&action=applications.submitted`);
    const rows = dom(page.body).querySelectorAll('main table tbody tr');
    expect(rows.length).toBe(1);
    expect(rows[0]?.querySelectorAll('td')[1]?.text.trim()).toBe(who);
    expect(page.body).not.toContain('<b>Doe</b>');

    const api = (await admin.get(`/api/v1/audit?entityId=${a.id}&action=applications.submitted`)).json().entries as Array<{ actorName: string | null; actorWords: string }>;
    expect(api).toEqual([expect.objectContaining({ actorName: null, actorWords: who })]);

    const csv = await admin.get(`/staff/audit.csv?entityId=${a.id}&action=applications.submitted`);
    const [header, row] = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
    expect(row?.[header?.indexOf('Who') ?? -1]).toBe(who);
    expect(row?.[header?.indexOf('Who (email)') ?? -1]).toBe(f.applicant_email);

    // approved: the organization's timeline says who applied, in the same words
    const membership = await signedInAs(ctx, ['membership']);
    expect((await membership.postForm(`/staff/applications/${a.id}/approve`, {})).statusCode).toBe(303);
    const { organization_id } = await ctx.deps.db.selectFrom('applications').select('organization_id').where('id', '=', a.id).executeTakeFirstOrThrow();
    const record = await membership.get(`/staff/organizations/${organization_id}`);
    const timeline = rowsOf(record.body, 'Activity, newest first').map((r) => r[1]);
    expect(timeline).toContain(`${who} submitted an application.`);
    expect(timeline.some((t) => t?.startsWith('Civnet '))).toBe(false);
  });
});

/** A signed-in person applies through the form (as someone other than the staff contact), and
 * membership staff approve it: the application's id and its organization's. */
async function applySignedIn(person: TestClient) {
  const f = complete();
  expect((await person.postForm('/apply', { ...f, action: 'submit' })).statusCode).toBe(303);
  const { id } = await ctx.deps.db
    .selectFrom('applications')
    .select('id')
    .where('legal_name', '=', f.legal_name ?? '')
    .executeTakeFirstOrThrow();
  const membership = await signedInAs(ctx, ['membership']);
  expect((await membership.postForm(`/staff/applications/${id}/approve`, {})).statusCode).toBe(303);
  const { organization_id } = await ctx.deps.db.selectFrom('applications').select('organization_id').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, timeline: async () => rowsOf((await membership.get(`/staff/organizations/${organization_id}`)).body, 'Activity, newest first').map((r) => r[1]) };
}

/** Who the submission's entry names on the page, in the API and in the CSV. */
async function submittedBy(id: string) {
  const page = await admin.get(`/staff/audit?entityId=${id}&action=applications.submitted`);
  const rows = dom(page.body).querySelectorAll('main table tbody tr');
  expect(rows.length).toBe(1);
  const api = (await admin.get(`/api/v1/audit?entityId=${id}&action=applications.submitted`)).json().entries as Array<Record<string, unknown>>;
  const csv = await admin.get(`/staff/audit.csv?entityId=${id}&action=applications.submitted`);
  const [header, row] = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
  return {
    page: rows[0]?.querySelectorAll('td')[1]?.text.trim(),
    api: api[0],
    csv: { who: row?.[header?.indexOf('Who') ?? -1], email: row?.[header?.indexOf('Who (email)') ?? -1] },
  };
}

describe('a signed-in applicant, and an account deleted since', () => {
  it('an application submitted while signed in names the account, as other signed-in actions do', async () => {
    const pat = await createAccount(ctx, { roles: ['member'], name: 'Pat Signedin' });
    const a = await applySignedIn(await signedIn(ctx, pat.email));
    const who = await submittedBy(a.id);
    expect(who.page).toBe('Pat Signedin');
    expect(who.api).toEqual(expect.objectContaining({ actorId: pat.id, actorName: 'Pat Signedin', actorEmail: pat.email, actorWords: 'Pat Signedin' }));
    expect(who.csv).toEqual({ who: 'Pat Signedin', email: pat.email });
    const timeline = await a.timeline();
    expect(timeline).toContain('Pat Signedin submitted an application.');
    expect(timeline.some((t) => t?.includes('(visitor)'))).toBe(false);
  });

  it('an entry made by an account deleted since reads “A deleted account”, not “The system”', async () => {
    const gone = await createAccount(ctx, { roles: ['member'], name: 'Gone Soon' });
    const a = await applySignedIn(await signedIn(ctx, gone.email));
    await ctx.deps.db.deleteFrom('sessions').where('user_id', '=', gone.id).execute();
    await ctx.deps.db.deleteFrom('users').where('id', '=', gone.id).execute();
    const who = await submittedBy(a.id);
    expect(who.page).toBe('A deleted account');
    expect(who.api).toEqual(expect.objectContaining({ actorId: gone.id, actorName: null, actorEmail: null, actorWords: 'A deleted account' }));
    expect(who.csv).toEqual({ who: 'A deleted account', email: '' });
    const timeline = await a.timeline();
    expect(timeline).toContain('A deleted account submitted an application.');
    expect(timeline.some((t) => t?.startsWith('The system submitted'))).toBe(false);
  });
});

describe('a request for an account at an organization', () => {
  const requestedBy = async (email: string) => {
    await ctx.deps.jobs.drain(LOGIN_REQUESTS_QUEUE);
    const { id } = await ctx.deps.db.selectFrom('login_requests').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const api = (await admin.get(`/api/v1/audit?entityId=${id}&action=portal.login_request_created`)).json().entries as Array<Record<string, unknown>>;
    const page = dom((await admin.get(`/staff/audit?entityId=${id}&action=portal.login_request_created`)).body).querySelectorAll('main table tbody tr');
    return { api: api[0], page: page[0]?.querySelectorAll('td')[1]?.text.trim() };
  };

  it('reads as the visitor who asked, as the form gave them, not as the system', async () => {
    const email = `sam-${Date.now().toString(36)}@harbor.gov`;
    expect((await ctx.client().postForm('/request-access', { name: 'Sam <i>Lee</i>', email, organization: 'City of Nowhere Harbor' })).statusCode).toBe(200);
    const who = await requestedBy(email);
    expect(who.api).toEqual(expect.objectContaining({ actorId: null, actorWords: 'Requester: Sam <i>Lee</i> (visitor)' }));
    expect(who.page).toBe('Requester: Sam <i>Lee</i> (visitor)');
  });

  it('reads as the account of a signed-in person who asked', async () => {
    const kim = await createAccount(ctx, { roles: ['member'], name: 'Kim Signedin' });
    expect((await (await signedIn(ctx, kim.email)).postForm('/request-access', { name: 'Kim', email: kim.email, organization: 'City of Nowhere Harbor' })).statusCode).toBe(200);
    const who = await requestedBy(kim.email);
    expect(who.api).toEqual(expect.objectContaining({ actorId: kim.id, actorWords: 'Kim Signedin' }));
  });

  it('a forged account in the form is ignored: the request is the visitor’s', async () => {
    const other = await createAccount(ctx, { roles: ['member'], name: 'Not Me' });
    const email = `forger-${Date.now().toString(36)}@harbor.gov`;
    expect((await ctx.client().postForm('/request-access', { name: 'Forger', email, organization: 'City of Nowhere Harbor', actorUserId: other.id })).statusCode).toBe(200);
    expect((await requestedBy(email)).api).toEqual(expect.objectContaining({ actorId: null, actorWords: 'Requester: Forger (visitor)' }));
  });
});
