// The privacy matrix of ethics cases: every ethics page, file, search surface, staff export, the
// audit log's view, the development mailbox and the log, asked by each role — visitor, member, the
// member concerned (respondent), the complainant, an unassigned committee member, an assigned one,
// ethics staff, a staff admin and membership staff. Each sees exactly what it may; any other
// sighting of the case's reference or of what it says fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ethicsCaseOf, ethicsMailTo, ethicsPerson, ethicsPostComplaint, ethicsPublishedCode, PDF } from '../../../test/factories/index.js';
import { createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

const ROLES = ['visitor', 'member', 'respondent', 'complainant', 'unassigned', 'assigned', 'ethics', 'admin', 'membership'] as const;
type Role = (typeof ROLES)[number];

const FACTS = 'FACTS-SECRET-7Q';
const RESPONSE = 'RESPONSE-SECRET-7Q';
const REASONS = 'REASONS-SECRET-7Q';
const NOTE = 'NOTE-SECRET-7Q';
const RESPONDENT = 'Rowan Privacy-Respondent';
const COMPLAINANT = 'Cora Privacy-Complainant';

let ctx: TestContext;
const logs: string[] = [];
const clients = new Map<Role, TestClient>();
let caseId = '';
let reference = '';
let statusPath = '';
let complainantEmail = '';
const fileIds: string[] = [];
let secrets: string[] = [];

const client = (r: Role): TestClient => {
  const c = clients.get(r);
  if (!c) throw new Error(r);
  return c;
};

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOG_LEVEL: 'debug' }, logStream: { write: (line: string) => logs.push(line) } });
  await ethicsPublishedCode(ctx);
  const staff = await ethicsPerson(ctx, { roles: ['ethics'], name: 'Ethel Ethics' });
  const respondent = await ethicsPerson(ctx, { roles: ['member'], name: RESPONDENT });
  const complainant = await ethicsPerson(ctx, { roles: ['member'], name: COMPLAINANT });
  const assigned = await ethicsPerson(ctx, { roles: ['member'], name: 'Ada Assigned' });
  const unassigned = await ethicsPerson(ctx, { roles: ['member'], name: 'Una Unassigned' });
  const member = await ethicsPerson(ctx, { roles: ['member'], name: 'Mel Member' });
  const admin = await ethicsPerson(ctx, { roles: ['admin'], name: 'Adam Admin' });
  const membership = await ethicsPerson(ctx, { roles: ['membership'], name: 'Mona Membership' });
  for (const [r, p] of [
    ['respondent', respondent],
    ['complainant', complainant],
    ['assigned', assigned],
    ['unassigned', unassigned],
    ['member', member],
    ['ethics', staff],
    ['admin', admin],
    ['membership', membership],
  ] as const)
    clients.set(r, p.client);
  clients.set('visitor', ctx.client());
  complainantEmail = complainant.email;

  // a signed-in complainant with a verified address files directly
  const filed = await ethicsPostComplaint(complainant.client, { respondentName: RESPONDENT, respondentPosition: 'County Administrator', facts: FACTS, tenets: [2] });
  expect(filed.statusCode).toBe(303);
  statusPath = String(filed.headers.location);
  expect((await complainant.client.get(statusPath)).statusCode).toBe(200); // (reads the flash that names the reference)
  ({ caseId, reference } = await ethicsCaseOf(ctx, complainant.email));
  secrets = [FACTS, RESPONSE, REASONS, NOTE, reference];

  const s = staff.client;
  for (const p of [assigned, unassigned]) expect((await s.postForm('/staff/ethics/committee', { email: p.email })).statusCode).toBe(303);
  expect((await s.postForm(`/staff/ethics/cases/${caseId}/assign`, { member: assigned.id })).statusCode).toBe(303);
  expect((await s.postForm(`/staff/ethics/cases/${caseId}/open`, { respondentEmail: respondent.email, responseDays: '30' })).statusCode).toBe(303);
  expect(
    (await respondent.client.postMultipart(`/me/ethics/${caseId}/response`, { text: RESPONSE }, [{ field: 'files', filename: 'r.pdf', type: 'application/pdf', content: PDF }]))
      .statusCode,
  ).toBe(303);
  const due = new Date(ctx.deps.clock.now().getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
  expect((await s.postForm(`/staff/ethics/cases/${caseId}/fact-finding`, { factFinder: 'State committee', dueOn: due })).statusCode).toBe(303);
  expect((await s.postMultipart(`/staff/ethics/cases/${caseId}/report`, { report: 'Report.' })).statusCode).toBe(303);
  expect((await assigned.client.postForm(`/ethics/committee/cases/${caseId}/notes`, { body: NOTE })).statusCode).toBe(303);
  expect((await s.postForm(`/staff/ethics/cases/${caseId}/decision`, { outcome: 'private_censure', reasons: REASONS, appealDays: '30' })).statusCode).toBe(303);
  const files = await ctx.deps.db.selectFrom('ethics_case_files').select(['id', 'kind']).where('case_id', '=', caseId).orderBy('kind').execute();
  fileIds.push(...files.map((f) => f.id));
  expect(files.map((f) => f.kind).sort()).toEqual(['complaint', 'response']);
}, 120_000);
afterAll(() => ctx?.close());

const leaks = (body: string, allowed: readonly string[]) => secrets.filter((x) => !allowed.includes(x) && body.includes(x));

/** A page of the matrix: the roles listed get `status` and see `shows` (and no other secret);
 * every other role is refused (sign in, 403 or 404) and sees none. */
async function matrix(url: string, allowed: Partial<Record<Role, { status: number; shows: string[] }>>, failures: string[]) {
  for (const role of ROLES) {
    const res = await client(role).get(url);
    const want = allowed[role];
    if (want) {
      if (res.statusCode !== want.status) failures.push(`${role} ${url} → ${res.statusCode}, expected ${want.status}`);
      for (const x of want.shows) if (!res.body.includes(x)) failures.push(`${role} ${url} does not show ${x}`);
      for (const x of leaks(res.body, want.shows)) failures.push(`${role} ${url} shows ${x}`);
    } else {
      if (![303, 403, 404].includes(res.statusCode)) failures.push(`${role} ${url} → ${res.statusCode}, expected a refusal`);
      for (const x of leaks(res.body, [])) failures.push(`${role} ${url} shows ${x}`);
    }
  }
}

describe('the privacy matrix of an ethics case', () => {
  it('each role sees exactly what it may on every ethics page and file', async () => {
    const failures: string[] = [];
    const all = [FACTS, RESPONSE, REASONS, NOTE, reference];
    await matrix('/staff/ethics', { ethics: { status: 200, shows: [reference] } }, failures);
    await matrix(`/staff/ethics/cases/${caseId}`, { ethics: { status: 200, shows: [...all, complainantEmail] } }, failures);
    await matrix(`/me/ethics/${caseId}`, { respondent: { status: 200, shows: [FACTS, RESPONSE, REASONS, reference] } }, failures);
    await matrix(`/ethics/committee/cases/${caseId}`, { assigned: { status: 200, shows: all } }, failures);
    await matrix('/ethics/committee', { assigned: { status: 200, shows: [reference] }, unassigned: { status: 200, shows: [] } }, failures);
    for (const fileId of fileIds) {
      await matrix(`/staff/ethics/cases/${caseId}/files/${fileId}`, { ethics: { status: 200, shows: [] } }, failures);
      await matrix(`/me/ethics/${caseId}/files/${fileId}`, { respondent: { status: 200, shows: [] } }, failures);
      await matrix(`/ethics/committee/cases/${caseId}/files/${fileId}`, { assigned: { status: 200, shows: [] } }, failures);
    }
    const signedIn = (shows: string[] = []) => ({ status: 200, shows });
    const everyoneSignedIn = (special: Partial<Record<Role, { status: number; shows: string[] }>>) =>
      Object.fromEntries(ROLES.filter((r) => r !== 'visitor').map((r) => [r, special[r] ?? signedIn()]));
    await matrix('/me/ethics', everyoneSignedIn({ respondent: signedIn([reference]) }), failures);
    await matrix('/ethics/complaints/mine', everyoneSignedIn({ complainant: signedIn([reference, 'under review']) }), failures);
    await matrix('/staff/ethics/committee', { ethics: { status: 200, shows: [] } }, failures);
    // the status link: the stage to whoever holds it, nothing else
    await matrix(statusPath, Object.fromEntries(ROLES.map((r) => [r, { status: 200, shows: [reference, 'under review'] }])), failures);
    // a private censure is never published
    for (const role of ROLES) {
      const body = (await client(role).get('/ethics/censures')).body;
      if (body.includes(RESPONDENT)) failures.push(`${role} sees the private censure on /ethics/censures`);
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('the complainant and the member concerned do not learn what is not theirs', async () => {
    const respondentPage = (await client('respondent').get(`/me/ethics/${caseId}`)).body;
    expect(respondentPage).not.toContain(COMPLAINANT);
    expect(respondentPage).not.toContain(complainantEmail);
    expect(respondentPage).not.toContain(NOTE);
    const mail = await ethicsMailTo(ctx, complainantEmail);
    for (const m of mail) for (const x of [FACTS, RESPONSE, REASONS, NOTE, RESPONDENT]) expect(m.body_text + m.subject).not.toContain(x);
    expect(mail.map((m) => m.template)).toEqual(['ethics.complaint_received']);
  });

  it('no search surface, export, audit view, mailbox view or log line carries the case', async () => {
    const failures: string[] = [];
    // (the member concerned is a person with an account: their name is in people's records; the case is not)
    const names = secrets;
    const look = async (role: Role, url: string, json = false) => {
      const res = json ? await client(role).getJson(url) : await client(role).get(url);
      for (const x of names) if (res.body.includes(x)) failures.push(`${role} ${url} shows ${x}`);
      return res;
    };
    const q = encodeURIComponent('Privacy-Respondent');
    for (const role of ROLES) {
      await look(role, `/directory?q=${q}`);
      await look(role, `/api/v1/directory?q=${q}`, true);
      await look(role, `/staff/people?q=${q}`);
      await look(role, '/staff/organizations?q=Privacy');
      await look(role, '/staff/audit');
      await look(role, '/staff/audit?entityType=ethics_case');
      await look(role, '/api/v1/audit', true);
      await look(role, '/api/v1/audit?entityType=ethics_case', true);
      await look(role, '/dev/mailbox');
      await look(role, `/dev/mailbox?to=${encodeURIComponent(complainantEmail)}`);
    }
    // the ethics messages themselves: not even a staff admin opens one in the mailbox
    const ethicsMail = await ctx.deps.db.selectFrom('outbox').select('id').where('template', 'like', 'ethics.%').execute();
    expect(ethicsMail.length).toBeGreaterThan(3);
    for (const m of ethicsMail) expect((await client('admin').get(`/dev/mailbox/${m.id}`)).statusCode).toBe(404);
    // every staff CSV export there is, as a staff admin and as membership staff
    const csvs = ctx.app.routeTable.filter((r) => r.method === 'GET' && r.url.endsWith('.csv') && !r.url.includes(':')).map((r) => r.url);
    expect(csvs.length).toBeGreaterThan(3);
    for (const url of csvs) for (const role of ['admin', 'membership', 'ethics'] as const) await look(role, url);
    // the audit rows are there (every read audited), but the general view never lists them
    const audited = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'ethics_case').where('entity_id', '=', caseId).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['ethics.complaint_filed', 'ethics.case_opened', 'ethics.case_viewed', 'ethics.decision_recorded']));
    const adminAudit = await client('admin').getJson(`/api/v1/audit?entityId=${caseId}`);
    expect(adminAudit.body).not.toContain('ethics.');
    // the log: requests are logged, what the case says never
    expect(logs.length).toBeGreaterThan(10);
    for (const x of [FACTS, RESPONSE, REASONS, NOTE]) if (logs.some((l) => l.includes(x))) failures.push(`the log shows ${x}`);
    expect(failures).toEqual([]);
  }, 180_000);
});
