// What stays private in cohorts and delegations: scores and reasons (staff only), meeting links,
// notes and files (participants and programs staff only). Checked through the pages and the API,
// as a visitor, another member, the applicant, a participant and staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCohort, anElectedApplicant, answersFor, applicationOf, applyThroughForm, PDF, pdfFile } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';

let ctx: TestContext;
let staff: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const a = await createAccount(ctx, { roles: ['programs'] });
  staff = ctx.client();
  await staff.signIn(a.email);
});
afterAll(() => ctx?.close());

async function select(cohortId: string, userId: string, decision: 'selected' | 'declined', reason: string) {
  const app = await applicationOf(ctx, cohortId, userId);
  if (!app) throw new Error('no application');
  await staff.postForm(`/staff/cohorts/${cohortId}/applications/${app.id}/score`, { [`score-${app.id}`]: '4' });
  const res = await staff.postForm(`/staff/cohorts/${cohortId}/applications/${app.id}/decision`, { decision, reason });
  expect(res.statusCode).toBe(303);
}

describe('a delegation’s scores and reasons', () => {
  it('stay with staff; the delegation is public only once published, with names, titles and organizations', async () => {
    const d = await aCohort(ctx, { kind: 'delegation' });
    const delegate = await anElectedApplicant(ctx, { name: 'Delegate Dora' });
    const other = await anElectedApplicant(ctx, { name: 'Declined Dev' });
    for (const p of [delegate, other]) expect((await applyThroughForm(p.client, d, answersFor(d))).statusCode).toBe(303);
    await select(d.id, delegate.id, 'selected', 'REASON-SELECT-XYZ');
    await select(d.id, other.id, 'declined', 'REASON-DECLINE-XYZ');
    expect((await applicationOf(ctx, d.id, delegate.id))?.score).toBe(4);

    // Before publication: nobody outside staff learns who was selected.
    const visitor = ctx.client();
    const before = await visitor.get(`/delegations/${d.slug}`);
    expect(before.body).not.toContain('Delegate Dora');
    expect((await visitor.getJson(`/api/v1/delegations/${d.slug}`)).json().delegation).toBeNull();

    expect((await staff.postForm(`/staff/cohorts/${d.id}/publish`, {})).statusCode).toBe(303);
    expect((await staff.postForm(`/staff/cohorts/${d.id}/publish`, {})).statusCode).toBe(409);
    const page = await visitor.get(`/delegations/${d.slug}`);
    expect(page.body).toContain('Delegate Dora');
    expect(page.body).toContain(delegate.organization.name);
    expect(page.body).not.toContain('Declined Dev');
    const api = await visitor.getJson(`/api/v1/delegations/${d.slug}`);
    expect(api.json().delegation).toEqual([{ name: 'Delegate Dora', title: 'Mayor', organization: delegate.organization.name }]);
    const list = await visitor.getJson('/api/v1/delegations');
    for (const text of [page.body, api.body, list.body, (await other.client.get(`/delegations/${d.slug}`)).body, (await delegate.client.get(`/delegations/${d.slug}`)).body]) {
      expect(text).not.toContain('REASON-');
      expect(text).not.toMatch(/"score"|Score/);
      expect(text).not.toContain('How to fund a plan.'); // an answer
    }
    // The applicant sees the decision, not the reason.
    expect((await other.client.get(`/delegations/${d.slug}`)).body).toContain('Not selected');
    // Staff see both.
    const staffPage = await staff.get(`/staff/cohorts/${d.id}`);
    expect(staffPage.body).toContain('REASON-SELECT-XYZ');
    expect(staffPage.body).toContain('4 of 5');
    // And a member cannot reach the staff page or the export.
    expect((await delegate.client.get(`/staff/cohorts/${d.id}`)).statusCode).toBe(403);
    expect((await delegate.client.get(`/staff/cohorts/${d.id}/applications.csv`)).statusCode).toBe(403);
    // Staff's export has the answers, scores and reasons, and its download is audited.
    const csv = await staff.get(`/staff/cohorts/${d.id}/applications.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('What you hope to learn');
    expect(csv.body).toContain('REASON-SELECT-XYZ');
    expect(csv.body).toContain('How to fund a plan.');
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'export.cohort_applications').execute();
    expect(audit).toHaveLength(1);
  });
});

describe('a cohort’s space', () => {
  it('meetings, notes and files reach participants and programs staff only', async () => {
    const c = await aCohort(ctx);
    const member = await anElectedApplicant(ctx, { name: 'Participant Pat' });
    const outsider = await anElectedApplicant(ctx, { name: 'Outsider Olu' });
    const declined = await anElectedApplicant(ctx, { name: 'Declined Dee' });
    for (const p of [member, outsider, declined]) await applyThroughForm(p.client, c, answersFor(c));
    await select(c.id, member.id, 'selected', 'ok');
    await select(c.id, declined.id, 'declined', 'no');
    const meeting = await staff.postForm(`/staff/cohorts/${c.id}/meetings`, {
      title: 'Session one',
      date: '2031-05-06',
      start: '10:00',
      end: '11:00',
      time_zone: 'America/New_York',
      place: '',
      online_url: 'https://meet.example/private-link-123',
    });
    expect(meeting.statusCode).toBe(303);

    const space = `/cohorts/${c.slug}/space`;
    const note = await member.client.postForm(`${space}/notes`, { body: 'Our budget memo is <b>attached</b>' });
    expect(note.statusCode).toBe(303);
    const up = await member.client.postMultipart(`${space}/files`, {}, [{ field: 'file', ...pdfFile('memo.pdf') }]);
    expect(up.statusCode).toBe(303);
    const file = await ctx.deps.db.selectFrom('cohort_files').select('id').where('cohort_id', '=', c.id).executeTakeFirstOrThrow();

    const mine = await member.client.get(space);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('https://meet.example/private-link-123');
    // Plain text: the markup is shown as text, never as markup.
    expect(mine.body).toContain('Our budget memo is &lt;b>attached&lt;/b>');
    expect(mine.body).toContain('memo.pdf');
    const download = await member.client.get(`${space}/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(Buffer.from(download.rawPayload).equals(PDF)).toBe(true);
    expect((await staff.get(space)).statusCode).toBe(200);
    expect((await staff.get(`${space}/files/${file.id}`)).statusCode).toBe(200);

    // Another member, a declined applicant: 404, as for a cohort that does not exist.
    for (const p of [outsider, declined]) {
      expect((await p.client.get(space)).statusCode).toBe(404);
      expect((await p.client.get(`${space}/files/${file.id}`)).statusCode).toBe(404);
      expect((await p.client.postForm(`${space}/notes`, { body: 'hi' })).statusCode).toBe(404);
    }
    // A visitor is sent to sign in.
    const visitor = ctx.client();
    const v = await visitor.get(space);
    expect(v.statusCode).toBe(303);
    expect(String(v.headers.location)).toMatch(/^\/login\?next=/);
    expect((await visitor.get(`${space}/files/${file.id}`)).statusCode).toBe(303);
    // The public page and the API never carry the link, the notes or the files.
    for (const text of [
      (await visitor.get(`/cohorts/${c.slug}`)).body,
      (await outsider.client.get(`/cohorts/${c.slug}`)).body,
      (await visitor.getJson(`/api/v1/cohorts/${c.slug}`)).body,
      (await visitor.getJson('/api/v1/cohorts')).body,
    ]) {
      expect(text).not.toContain('private-link-123');
      expect(text).not.toContain('budget memo');
      expect(text).not.toContain('memo.pdf');
      expect(text).not.toContain('Participant Pat');
    }
    // The participant's own call page leads to the space; the outsider's does not.
    expect((await member.client.get(`/cohorts/${c.slug}`)).body).toContain(space);
    expect((await outsider.client.get(`/cohorts/${c.slug}`)).body).not.toContain(space);
  });

  it('a file whose content is not its type, or none at all, is refused with a message', async () => {
    const c = await aCohort(ctx);
    const member = await anElectedApplicant(ctx);
    await applyThroughForm(member.client, c, answersFor(c));
    await select(c.id, member.id, 'selected', 'ok');
    const space = `/cohorts/${c.slug}/space`;
    const fake = await member.client.postMultipart(`${space}/files`, {}, [
      { field: 'file', filename: 'run.pdf', type: 'application/pdf', content: Buffer.from('#!/bin/sh\necho hi\n') },
    ]);
    expect(fake.statusCode).toBe(400);
    expect(fake.body).toContain('is not a file we accept');
    const none = await member.client.postMultipart(`${space}/files`, {}, []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a file to share.');
    const empty = await member.client.postForm(`${space}/notes`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Write your note.');
    expect(await ctx.deps.db.selectFrom('cohort_files').select('id').where('cohort_id', '=', c.id).execute()).toEqual([]);
  });
});
