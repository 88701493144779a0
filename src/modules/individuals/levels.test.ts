// Membership levels managed by membership staff at /staff/levels (I1): list, add and edit with
// field errors beside the fields (nothing changes), archive (hidden from joining), all audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, seedLevels } from '../../../test/factories/index.js';
import { createAccount, createTestContext, type TestClient, type TestContext } from '../../../test/helpers.js';
import { textsOf } from '../../../test/html.js';

let ctx: TestContext;
let staff: TestClient;
let levels: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  levels = await seedLevels(ctx);
  const a = await createAccount(ctx, { roles: ['membership'] });
  staff = ctx.client();
  await staff.signIn(a.email);
});
afterAll(() => ctx?.close());

const form = (over: Record<string, string> = {}) => ({
  name: 'Fellow',
  slug: 'fellow',
  description: 'Fellows of the association.',
  position: '70',
  rule: 'salary_share',
  rate: '0.5',
  cap: '800',
  e_local_government: 'yes',
  verification: 'none',
  ...over,
});

describe('/staff/levels', () => {
  it('lists the levels with their dues in words', async () => {
    const res = await staff.get('/staff/levels');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      '0.65% of your annual salary, at most $1,200.00 a year; 20% off when your employer has 7,500 people or fewer and a general fund of $7,800,000.00 or less',
    );
    expect(res.body).toContain('$150.00 a year');
  });

  it('adds a level; bad fields re-render with their messages and change nothing', async () => {
    const bad = await staff.postForm('/staff/levels', form({ slug: 'Not A Slug', rate: '', discount_percent: '10' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-slug-error"');
    expect(bad.body).toContain('id="f-rate-error"');
    expect(bad.body).toContain('needs its percentage, population limit and general fund limit');
    expect(await ctx.deps.db.selectFrom('member_levels').select('id').where('name', '=', 'Fellow').executeTakeFirst()).toBeUndefined();
    const taken = await staff.postForm('/staff/levels', form({ slug: 'manager' }));
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Another level already uses this address name.');

    const ok = await staff.postForm('/staff/levels', form());
    expect(ok.statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom('member_levels').selectAll().where('slug', '=', 'fellow').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rule: 'salary_share', rate_bp: 50, cap_cents: 80_000, flat_cents: null, eligibility: { local_government: true }, instalments_allowed: false });
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', row.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['individuals.level_created']);
  });

  it('edits a level: the form shows its values, a change is saved', async () => {
    const page = await staff.get(`/staff/levels/${levels.academic}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="125.00"');
    const res = await staff.postForm(`/staff/levels/${levels.academic}`, {
      name: 'Academic',
      slug: 'academic',
      rule: 'flat',
      flat: '140',
      e_academic: 'yes',
      verification: 'staff_verification',
    });
    expect(res.statusCode).toBe(303);
    const row = await ctx.deps.db
      .selectFrom('member_levels')
      .select(['flat_cents'])
      .where('id', '=', levels.academic ?? '')
      .executeTakeFirstOrThrow();
    expect(row.flat_cents).toBe(14_000);
    const unknown = await staff.get('/staff/levels/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('archiving hides a level from joining', async () => {
    const res = await staff.postForm(`/staff/levels/${levels.retired}/archive`, {});
    expect(res.statusCode).toBe(303);
    const join = await ctx.client().postForm('/join/individual', { ...answerForm('staff'), step: 'levels' });
    expect(join.body).not.toContain('<strong>Retired</strong>');
    expect(join.body).toContain('Levels that do not fit your answers');
    expect(join.body).toContain('<strong>Manager</strong>');
    const list = await staff.get('/staff/levels');
    expect(list.body).toContain('Archived');
  });
});

describe('eligibility checks of a level', () => {
  it('lists how each level checks eligibility; the demo Student level asks for proof', async () => {
    const res = await staff.get('/staff/levels');
    expect(textsOf(res.body, 'th[scope="col"]')).toContain('Eligibility check');
    const student = await ctx.deps.db.selectFrom('member_levels').select(['verification', 'proof_instructions']).where('slug', '=', 'student').executeTakeFirstOrThrow();
    expect(student.verification).toBe('proof_upload');
    expect(student.proof_instructions).toContain('enrollment letter');
    const page = await staff.get(`/staff/levels/${levels.student}`);
    expect(page.body).toMatch(/value="proof_upload" checked/);
  });

  it('saves a proof upload check with its instructions, audited', async () => {
    const ok = await staff.postForm(
      '/staff/levels',
      form({ name: 'Fellow student', slug: 'fellow-student', verification: 'proof_upload', proof_instructions: 'A letter from your school.' }),
    );
    expect(ok.statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom('member_levels').select(['id', 'verification', 'proof_instructions']).where('slug', '=', 'fellow-student').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ verification: 'proof_upload', proof_instructions: 'A letter from your school.' });
    const audit = await ctx.deps.db.selectFrom('audit_log').select('after').where('entity_id', '=', row.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ verification: 'proof_upload' });
  });

  it('refuses a free level without a check, proof upload without instructions, and a form that does not say; nothing changes', async () => {
    const free = await staff.postForm('/staff/levels', form({ slug: 'free-for-all', rule: 'free', verification: 'none' }));
    expect(free.statusCode).toBe(400);
    expect(free.body).toContain('A free level must check eligibility');
    expect(free.body).toContain('id="f-verification-error"');
    const noText = await staff.postForm('/staff/levels', form({ slug: 'no-text', verification: 'proof_upload', proof_instructions: ' ' }));
    expect(noText.statusCode).toBe(400);
    expect(noText.body).toContain('id="f-proof_instructions-error"');
    const missing = await staff.postForm(`/staff/levels/${levels.student}`, { name: 'Student', slug: 'student', rule: 'free', e_student: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose how eligibility is checked.');
    const rows = await ctx.deps.db.selectFrom('member_levels').select('slug').where('slug', 'in', ['free-for-all', 'no-text']).execute();
    expect(rows).toEqual([]);
    const student = await ctx.deps.db.selectFrom('member_levels').select('verification').where('slug', '=', 'student').executeTakeFirstOrThrow();
    expect(student.verification).toBe('proof_upload');
  });
});
