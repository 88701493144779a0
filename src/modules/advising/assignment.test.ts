// Advisor assignment through HTTP: activation through billing's payment API assigns the
// least-loaded active advisor covering the state (ties by name) and emails both sides; no
// coverage leaves the organization unassigned and listed for staff; membership staff reassign by
// hand with the history kept; the profile form validates beside its fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateThroughBilling, anAdvisor, anAssignedMember, staffClient } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { rowsOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
let finance: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  [staff, finance] = await Promise.all([staffClient(ctx, 'membership'), staffClient(ctx, 'finance')]);
});
afterAll(() => ctx?.close());

const currentAdvisorOf = async (organizationId: string) =>
  (await ctx.deps.db.selectFrom('advisor_assignments').select('advisor_user_id').where('organization_id', '=', organizationId).where('ended_at', 'is', null).executeTakeFirst())
    ?.advisor_user_id ?? null;
const templatesTo = async (email: string) => (await ctx.deps.db.selectFrom('outbox').select('template').where('to_address', '=', email).execute()).map((r) => r.template);

describe('automatic assignment on activation', () => {
  it('picks the least-loaded active advisor covering the state, ties broken by name, and emails both', async () => {
    // Wyoming: Zoe and Anna cover it, Bea (inactive) and Carl (Montana only) do not count.
    const zoe = await anAdvisor(ctx, staff, { name: 'Zoe Zimmer', states: ['WY', 'MT'] });
    const anna = await anAdvisor(ctx, staff, { name: 'Anna Abbott', states: ['WY'] });
    await anAdvisor(ctx, staff, { name: 'Aaron Inactive', states: ['WY'], active: false });
    const carl = await anAdvisor(ctx, staff, { name: 'Aardvark Carl', states: ['MT'] });

    // Equal load (none): the tie goes to Anna by name.
    const first = await activateThroughBilling(ctx, finance, { state: 'WY' });
    expect(await currentAdvisorOf(first.organizationId)).toBe(anna.id);
    expect(await templatesTo(first.contactEmail)).toEqual(expect.arrayContaining(['billing.welcome', 'advising.assigned_organization']));
    expect(await templatesTo(anna.email)).toContain('advising.assigned_advisor');
    const mail = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', first.contactEmail)
      .where('template', '=', 'advising.assigned_organization')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('Anna Abbott');
    expect(mail.body_text).toContain(anna.email);

    // Anna now has one: Zoe (none) is least loaded, although later by name.
    const second = await activateThroughBilling(ctx, finance, { state: 'WY' });
    expect(await currentAdvisorOf(second.organizationId)).toBe(zoe.id);

    // One each: the tie goes to Anna again; Carl, first by name and with no load, never covers WY.
    const third = await activateThroughBilling(ctx, finance, { state: 'WY' });
    expect(await currentAdvisorOf(third.organizationId)).toBe(anna.id);
    expect(await templatesTo(carl.email)).not.toContain('advising.assigned_advisor');

    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', first.organizationId).execute();
    expect(audit.map((a) => a.action)).toContain('advising.advisor_assigned');
  });

  it('with no advisor covering the state the organization stays unassigned, audited, and listed for staff', async () => {
    await anAdvisor(ctx, staff, { name: 'Nora North', states: ['ND'] });
    const org = await activateThroughBilling(ctx, finance, { state: 'SD', name: 'Rapid City Test' });
    expect(await currentAdvisorOf(org.organizationId)).toBeNull();
    expect(await templatesTo(org.contactEmail)).not.toContain('advising.assigned_organization');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', org.organizationId).execute();
    expect(audit.map((a) => a.action)).toContain('advising.left_unassigned');

    const page = await staff.get('/staff/advisors');
    expect(page.statusCode).toBe(200);
    const unassigned = page.body.slice(page.body.indexOf('id="unassigned"'));
    expect(unassigned).toContain('Rapid City Test');
    expect(page.body).toContain('Nora North');
  });
});

describe('manual assignment by membership staff', () => {
  it('reassigning ends the current row, keeps the history on the staff page, and emails the contacts and the new advisor', async () => {
    const first = await anAdvisor(ctx, staff, { name: 'Olga Orr', states: ['NM'] });
    const second = await anAdvisor(ctx, staff, { name: 'Pete Park', states: ['NM'] });
    const { organizationId, contacts } = await anAssignedMember(ctx, staff, first.id, { state: 'NM' });
    expect(await currentAdvisorOf(organizationId)).toBe(first.id);

    const res = await staff.postForm('/staff/advisors/assignments', { organizationId, advisor: second.id, reason: 'Olga on leave' });
    expect(res.statusCode).toBe(303);
    expect(await currentAdvisorOf(organizationId)).toBe(second.id);
    const rows = await ctx.deps.db.selectFrom('advisor_assignments').selectAll().where('organization_id', '=', organizationId).orderBy('assigned_at').execute();
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.ended_at === null).map((r) => r.advisor_user_id)).toEqual([second.id]);
    expect(rows.find((r) => r.advisor_user_id === first.id)?.ended_at).not.toBeNull();

    const page = await staff.get(`/staff/advisors/assignments/${organizationId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Olga Orr');
    expect(page.body).toContain('Pete Park');
    expect(page.body).toContain('Olga on leave');
    expect(page.body).toContain('Current');

    const contactEmail = contacts[0]?.email ?? '';
    const toContact = await ctx.deps.db
      .selectFrom('outbox')
      .select('body_text')
      .where('to_address', '=', contactEmail)
      .where('template', '=', 'advising.assigned_organization')
      .execute();
    expect(toContact.map((m) => m.body_text.includes('Pete Park'))).toContain(true);
    expect(await templatesTo(second.email)).toContain('advising.assigned_advisor');

    // The same advisor again is refused beside the field, and nothing changes.
    const again = await staff.postForm('/staff/advisors/assignments', { organizationId, advisor: second.id, reason: '' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already assigned');
    expect(await ctx.deps.db.selectFrom('advisor_assignments').select('id').where('organization_id', '=', organizationId).execute()).toHaveLength(2);
  });

  it('the advisors list shows region, time zone and current load', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Quinn Quill', states: ['DE', 'MD'], zone: 'America/New_York' });
    await anAssignedMember(ctx, staff, a.id, { state: 'DE' });
    await anAssignedMember(ctx, staff, a.id, { state: 'MD' });
    const page = await staff.get('/staff/advisors');
    const row = rowsOf(page.body).find((cells) => cells[0] === 'Quinn Quill') ?? [];
    expect(row).toContain('DE, MD');
    expect(row).toContain('Eastern (New York)');
    expect(row).toContain('2');
  });

  it('the profile form says what is wrong beside each field and saves nothing', async () => {
    const account = await createAccount(ctx, { roles: ['advisor'], name: 'Ray Rivers' });
    const res = await staff.postForm(`/staff/advisors/${account.id}`, { states: 'IL, XX', timeZone: 'Mars/Olympus', phone: '', meetingMinutes: '5' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Use two-letter state codes');
    expect(res.body).toContain('Choose a time zone from the list.');
    expect(res.body).toContain('At least 15 minutes.');
    expect(res.body).toMatch(/aria-describedby="[^"]*f-states-error/);
    expect(await ctx.deps.db.selectFrom('advisor_profiles').select('user_id').where('user_id', '=', account.id).executeTakeFirst()).toBeUndefined();
    // Someone without the advisor role has no profile page.
    const other = await createAccount(ctx, { roles: ['finance'] });
    expect((await staff.get(`/staff/advisors/${other.id}`)).statusCode).toBe(404);
  });
});

describe('availability', () => {
  it('an advisor adds windows and days away; overlaps and bad times are refused beside the field', async () => {
    const a = await anAdvisor(ctx, staff, { name: 'Sue Stone', states: ['KS'], windows: [[1, '09:00', '12:00']] });
    const overlap = await a.client.postForm('/staff/advising/availability', { weekday: '1', start: '11:00', end: '13:00' });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.body).toContain('This overlaps your window from 09:00 to 12:00 on Monday.');
    const backwards = await a.client.postForm('/staff/advising/availability', { weekday: '2', start: '15:00', end: '14:00' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The end time must be after the start time.');
    const bad = await a.client.postForm('/staff/advising/availability', { weekday: '9', start: '9am', end: '12:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose a day of the week.');
    expect(bad.body).toContain('Enter the start time as hours and minutes');
    expect((await a.client.postForm('/staff/advising/availability', { weekday: '1', start: '13:00', end: '16:00' })).statusCode).toBe(303);

    const halfDay = await a.client.postForm('/staff/advising/exceptions', { date: '2026-12-24', from: '12:00', until: '', note: '' });
    expect(halfDay.statusCode).toBe(400);
    expect(halfDay.body).toContain('Give an end time too');
    expect((await a.client.postForm('/staff/advising/exceptions', { date: '2026-12-24', from: '', until: '', note: 'Holiday' })).statusCode).toBe(303);

    const page = await a.client.get('/staff/advising/availability');
    expect(page.body).toContain('09:00 to 12:00');
    expect(page.body).toContain('13:00 to 16:00');
    expect(page.body).toContain('2026-12-24');
    expect(page.body).toContain('Holiday');

    // Another advisor cannot remove these: 404, and the rows stay.
    const other = await anAdvisor(ctx, staff, { name: 'Tom Tate', states: ['KS'] });
    const windowId = (await ctx.deps.db.selectFrom('advisor_availability').select('id').where('advisor_user_id', '=', a.id).executeTakeFirstOrThrow()).id;
    const exceptionId = (await ctx.deps.db.selectFrom('advisor_exceptions').select('id').where('advisor_user_id', '=', a.id).executeTakeFirstOrThrow()).id;
    expect((await other.client.postForm(`/staff/advising/availability/${windowId}/delete`, {})).statusCode).toBe(404);
    expect((await other.client.postForm(`/staff/advising/exceptions/${exceptionId}/delete`, {})).statusCode).toBe(404);
    expect((await a.client.postForm(`/staff/advising/availability/${windowId}/delete`, {})).statusCode).toBe(303);
    expect(await ctx.deps.db.selectFrom('advisor_availability').select('id').where('advisor_user_id', '=', a.id).execute()).toHaveLength(1);
  });
});
