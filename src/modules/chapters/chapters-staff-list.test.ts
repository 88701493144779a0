// What membership staff read of a request: a founding officer's term is set at the approval, so a
// requested chapter shows none yet (nor a declined one); the staff list shows, for each list, the
// day that matters to it (requested, approved, dormant since, declined).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aChapterMember, signedIn } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestContext } from '../../../test/helpers.js';
import { headingsOf, rowsOf } from '../../../test/html.js';
import { answerOfficerInvitation, requestChapter } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

async function aRequest(name: string) {
  const faculty = await aChapterMember(ctx, { kind: 'academic' });
  const president = await aChapterMember(ctx, { name: `${name} President` });
  const id = await requestChapter(
    ctx.deps,
    { userId: faculty.id },
    {
      name,
      university: `${name} University`,
      city: 'Lawrence',
      state: 'KS',
      advisorName: 'Prof. Faculty',
      advisorEmail: 'advisor@university.example.edu',
      advisorDepartment: 'Public Administration',
      purpose: 'Tests.',
      officers: [{ role: 'president', name: president.name, email: president.email }],
    },
  );
  const invitation = await ctx.deps.db.selectFrom('chapter_officers').select('id').where('chapter_id', '=', id).executeTakeFirstOrThrow();
  return { id, president, invitation: invitation.id };
}

describe('a chapter request as staff read it', () => {
  it('shows no founding term before the approval, the term from the approval day after it, and none once declined', async () => {
    ctx.clock.set('2026-01-10T15:00:00Z');
    const staffAccount = await createAccount(ctx, { roles: ['membership'] });
    let staff = await signedIn(ctx, staffAccount.email);
    const approving = await aRequest('Term Approved Chapter');
    const declining = await aRequest('Term Declined Chapter');
    await answerOfficerInvitation(ctx.deps, { userId: approving.president.id }, { officerId: approving.invitation, accept: true });

    const before = rowsOf((await staff.get(`/staff/chapters/${approving.id}`)).body, 'Officers and invitations');
    expect(before).toEqual([['President', `Term Approved Chapter President (${approving.president.email})`, 'Term starts when the chapter is approved', 'Accepted']]);

    // the list: a request shows the day it was asked (a session lasts less than the weeks between)
    ctx.clock.set('2026-02-02T15:00:00Z');
    staff = await signedIn(ctx, staffAccount.email);
    const list = (await staff.get('/staff/chapters')).body;
    expect(headingsOf(list, 'Requests to review')).toContain('Requested');
    expect(rowsOf(list, 'Requests to review').find((r) => r[0] === 'Term Approved Chapter')?.[3]).toBe('Jan 10, 2026');

    expect((await staff.postForm(`/staff/chapters/${approving.id}/approve`, {})).statusCode).toBe(303);
    expect((await staff.postForm(`/staff/chapters/${declining.id}/decline`, { reason: 'No advisor yet.' })).statusCode).toBe(303);
    const after = rowsOf((await staff.get(`/staff/chapters/${approving.id}`)).body, 'Officers and invitations');
    expect(after[0]?.[2]).toBe('Feb 2, 2026 to Jun 30, 2026');
    const declined = rowsOf((await staff.get(`/staff/chapters/${declining.id}`)).body, 'Officers and invitations');
    expect(declined[0]?.slice(2)).toEqual(['None: the request was declined', 'Withdrawn']);

    // the active list shows the approval day, the declined list the decision's
    ctx.clock.set('2026-03-01T15:00:00Z');
    staff = await signedIn(ctx, staffAccount.email);
    const later = (await staff.get('/staff/chapters')).body;
    expect(headingsOf(later, 'Active chapters')).toContain('Approved');
    expect(headingsOf(later, 'Active chapters')).not.toContain('Requested');
    expect(rowsOf(later, 'Active chapters').find((r) => r[0] === 'Term Approved Chapter')?.[3]).toBe('Feb 2, 2026');
    expect(headingsOf(later, 'Declined requests')).toContain('Declined');
    expect(rowsOf(later, 'Declined requests').find((r) => r[0] === 'Term Declined Chapter')?.[3]).toBe('Feb 2, 2026');
  });
});
