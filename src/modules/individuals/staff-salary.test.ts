// Finance staff's page of an individual membership asks for a salary only where dues follow it (a
// salary-share level such as Manager): at a flat level it says there is none to enter, and a salary
// sent anyway is refused with that reason and not stored (private data kept for nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anIndividualMembership, seedLevels, signedInAs } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { dom, textOf } from '../../../test/html.js';

let ctx: TestContext;
let finance: TestClient;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
  finance = await signedInAs(ctx, ['finance']);
});
afterAll(() => ctx?.close());

const salaryOf = async (id: string) => (await ctx.deps.db.selectFrom('individual_memberships').select('salary_cents').where('id', '=', id).executeTakeFirstOrThrow()).salary_cents;

describe('the salary on an individual membership', () => {
  it('is not asked at a flat level, and one sent anyway is refused and not stored', async () => {
    const person = await createAccount(ctx, { name: 'Flora Flat' });
    const id = await anIndividualMembership(ctx, person.id, levels['local-government-staff'] ?? '');
    const page = await finance.get(`/staff/individuals/${id}`);
    expect(page.statusCode).toBe(200);
    expect(dom(page.body).querySelector('input[name=salary]')).toBeNull();
    expect(textOf(page.body, 'main')).toContain('do not follow salary: there is no salary to enter.');

    const forged = await finance.postForm(`/staff/individuals/${id}/salary`, { salary: '95,000' });
    expect(forged.statusCode).toBe(400);
    expect(textOf(forged.body, '.error-summary')).toContain('do not follow salary: there is no salary to enter.');
    expect(await salaryOf(id)).toBeNull();
  });

  it('is asked and stored at a salary-share level', async () => {
    const person = await createAccount(ctx, { name: 'Manny Manager' });
    const id = await anIndividualMembership(ctx, person.id, levels.manager ?? '');
    const page = await finance.get(`/staff/individuals/${id}`);
    expect(dom(page.body).querySelector('input[name=salary]')).not.toBeNull();
    const saved = await finance.postForm(`/staff/individuals/${id}/salary`, { salary: '95,000' });
    expect(saved.statusCode).toBe(303);
    expect(await salaryOf(id)).toBe(9_500_000);
  });
});
