// Dues rules at their edges (I1), a property test over any inputs, and bad inputs through the
// join page and the quote API.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerForm, seedLevels } from '../../../test/factories/index.js';
import { createTestContext, type TestContext } from '../../../test/helpers.js';
import { dom, textOf, textsOf } from '../../../test/html.js';
import { divideHalfUp, duesInputProblems, instalmentSchedule, isEligible, type LevelRule, MIN_SALARY_CENTS, quoteIndividualDues } from './dues.js';

const manager: LevelRule = {
  rule: 'salary_share',
  flatCents: null,
  rateBp: 65,
  capCents: 120_000,
  discountPercent: 20,
  discountMaxPopulation: 7_500,
  discountMaxGeneralFundCents: 780_000_000,
};
const big = { employerPopulation: 100_000, employerGeneralFundCents: 10_000_000_000 };
const flat: LevelRule = { rule: 'flat', flatCents: 15_000, rateBp: null, capCents: null, discountPercent: null, discountMaxPopulation: null, discountMaxGeneralFundCents: null };

describe('dues rules', () => {
  it('a share of salary is rounded half up at the cent', () => {
    // $100,010.00 × 0.65% = $650.065 → $650.07
    expect(quoteIndividualDues(manager, { salaryCents: 10_001_000, ...big }).amountCents).toBe(65_007);
    // $100,000.00 × 0.65% = $650.00 exactly; $100,000.07 × 0.65% = $650.000455 → $650.00
    expect(quoteIndividualDues(manager, { salaryCents: 10_000_000, ...big }).amountCents).toBe(65_000);
    expect(quoteIndividualDues(manager, { salaryCents: 10_000_007, ...big }).amountCents).toBe(65_000);
    expect(divideHalfUp(5, 10)).toBe(1);
    expect(divideHalfUp(4, 10)).toBe(0);
    expect(divideHalfUp(15, 10)).toBe(2);
  });

  it('the cap: exactly hit is not capped, exceeded pays the cap', () => {
    const onePercent: LevelRule = { ...manager, rateBp: 100, discountPercent: null, discountMaxPopulation: null, discountMaxGeneralFundCents: null };
    expect(quoteIndividualDues(onePercent, { salaryCents: 12_000_000 })).toEqual({ amountCents: 120_000, baseCents: 120_000, capped: false, discountCents: 0 });
    expect(quoteIndividualDues(onePercent, { salaryCents: 12_000_100 })).toEqual({ amountCents: 120_000, baseCents: 120_001, capped: true, discountCents: 0 });
    // The real rule: $184,615.38 × 0.65% = $1,199.999997 → $1,200.00 (at the cap); $250,000 → capped
    expect(quoteIndividualDues(manager, { salaryCents: 18_461_538, ...big }).amountCents).toBe(120_000);
    expect(quoteIndividualDues(manager, { salaryCents: 25_000_000, ...big })).toMatchObject({ amountCents: 120_000, capped: true });
  });

  it('the small-community discount: population 7,500 and general fund $7.8M qualify, one more does not', () => {
    const salary = { salaryCents: 25_000_000 };
    expect(quoteIndividualDues(manager, { ...salary, employerPopulation: 7_500, employerGeneralFundCents: 780_000_000 })).toMatchObject({
      amountCents: 96_000,
      discountCents: 24_000,
    });
    expect(quoteIndividualDues(manager, { ...salary, employerPopulation: 7_501, employerGeneralFundCents: 780_000_000 })).toMatchObject({ amountCents: 120_000, discountCents: 0 });
    expect(quoteIndividualDues(manager, { ...salary, employerPopulation: 7_500, employerGeneralFundCents: 780_000_001 })).toMatchObject({ amountCents: 120_000, discountCents: 0 });
    expect(quoteIndividualDues(manager, { ...salary, employerPopulation: 0, employerGeneralFundCents: 0 }).amountCents).toBe(96_000);
    // the discount rounds half up too: 20% of $650.07 = $130.014 → $130.01
    expect(quoteIndividualDues(manager, { salaryCents: 10_001_000, employerPopulation: 7_000, employerGeneralFundCents: 1 })).toMatchObject({
      amountCents: 52_006,
      discountCents: 13_001,
    });
  });

  it('flat and free', () => {
    expect(quoteIndividualDues(flat, {}).amountCents).toBe(15_000);
    expect(quoteIndividualDues({ ...flat, rule: 'free', flatCents: null }, {}).amountCents).toBe(0);
  });

  it('a salary level needs the salary; the discount figures are optional, but both or neither; negative amounts are refused', () => {
    expect(() => quoteIndividualDues(manager, big)).toThrow(/salary/);
    expect(quoteIndividualDues(manager, { salaryCents: 10_000_000 })).toMatchObject({ amountCents: 65_000, discountCents: 0 });
    expect(() => quoteIndividualDues(manager, { salaryCents: 100, employerPopulation: 7_000 })).toThrow(/employer_general_fund/);
    expect(() => quoteIndividualDues(manager, { salaryCents: 100, employerGeneralFundCents: 1 })).toThrow(/employer_population/);
    expect(() => quoteIndividualDues(manager, { salaryCents: -1, ...big })).toThrow(/salary/);
    // A salary of $0 or a few dollars would make the level free or a cent: $1,000 at least.
    expect(duesInputProblems(manager, { salaryCents: 0 }).salary).toContain('$1,000 or more');
    expect(duesInputProblems(manager, { salaryCents: 99_999 }).salary).toContain('$1,000 or more');
    expect(duesInputProblems(manager, { salaryCents: 100_000 })).toEqual({});
    expect(() => quoteIndividualDues(manager, { salaryCents: 100 })).toThrow(/salary/);
    // A level not priced by salary takes none, or any.
    expect(duesInputProblems({ ...manager, rule: 'flat', flatCents: 5_000 }, { salaryCents: 0 })).toEqual({});
  });

  it('property: a quote is never negative and never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_SALARY_CENTS, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100_000_000_000 }),
        (salary, rate, cap, pct, population, fund) => {
          const level: LevelRule = { ...manager, rateBp: rate, capCents: cap, discountPercent: pct };
          const q = quoteIndividualDues(level, { salaryCents: salary, employerPopulation: population, employerGeneralFundCents: fund });
          expect(q.amountCents).toBeGreaterThanOrEqual(0);
          expect(q.amountCents).toBeLessThanOrEqual(cap);
          expect(Number.isSafeInteger(q.amountCents)).toBe(true);
        },
      ),
    );
  });

  it('property: an installment schedule sums to the total, the remainder on the first, monthly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 100_000_000 }), fc.integer({ min: 2, max: 4 }), (total, count) => {
        const s = instalmentSchedule(total, count, '2027-01-31');
        expect(s.reduce((a, r) => a + r.amountCents, 0)).toBe(total);
        expect(new Set(s.slice(1).map((r) => r.amountCents)).size).toBeLessThanOrEqual(1);
        expect(s.map((r) => r.dueOn)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30'].slice(0, count));
      }),
    );
    expect(instalmentSchedule(10_001, 3, '2027-05-01').map((r) => r.amountCents)).toEqual([3_335, 3_333, 3_333]);
  });

  it('eligibility: every answer a level names must match', () => {
    expect(isEligible({ local_government: true, cao_or_assistant: true }, { local_government: true, cao_or_assistant: true, student: true })).toBe(true);
    expect(isEligible({ local_government: true, cao_or_assistant: true }, { local_government: true, cao_or_assistant: false })).toBe(false);
    expect(isEligible({}, {})).toBe(true);
  });
});

describe('bad inputs on the page and the API', () => {
  let ctx: TestContext;
  let levels: Record<string, string>;
  beforeAll(async () => {
    ctx = await createTestContext();
    levels = await seedLevels(ctx);
  });
  afterAll(() => ctx?.close());

  const countMemberships = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('individual_memberships')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('missing answers, an unknown level, an ineligible level and a negative salary get field errors and create nothing', async () => {
    const c = ctx.client();
    const missing = await c.postForm('/join/individual', { step: 'quote', q_local_government: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="f-q_student-error"');
    expect(missing.body).toContain('Answer yes or no.');

    const unknown = await c.postForm('/join/individual', { ...answerForm('manager'), step: 'quote', level: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Choose one of the levels listed.');

    const ineligible = await c.postForm('/join/individual', {
      ...answerForm('student'),
      step: 'quote',
      level: levels.manager,
      salary: '90,000',
      employer_population: '1',
      employer_general_fund: '1',
    });
    expect(ineligible.statusCode).toBe(400);
    expect(ineligible.body).toContain('Your answers do not fit the Manager level');

    const negative = await c.postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'quote',
      level: levels.manager,
      salary: '-90,000',
      employer_population: '5,000',
      employer_general_fund: '1,000',
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('id="f-salary-error"');
    expect(negative.body).toContain('without a minus sign');

    const noSalary = await c.postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'join',
      level: levels.manager,
      employer_population: '5,000',
      employer_general_fund: '1,000',
      name: 'X',
      email: 'x@test.example',
      password: 'a long test passphrase',
      pay_by: 'invoice',
    });
    expect(noSalary.statusCode).toBe(400);
    expect(noSalary.body).toContain('Enter your annual salary');
    expect(await countMemberships()).toBe(0);
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'x@test.example').executeTakeFirst()).toBeUndefined();
  });

  it('the page shows the quote after a post', async () => {
    const c = ctx.client();
    const res = await c.postForm('/join/individual', {
      ...answerForm('manager'),
      step: 'quote',
      level: levels.manager,
      salary: '250,000',
      employer_population: '7,500',
      employer_general_fund: '7,800,000',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Manager: $960.00 for your first year');
    // capped at the level's $1,200, then the discount: the page does not call $960 the maximum
    const lines = textsOf(res.body, '.card li');
    expect(lines).toContain('Your share of salary is above the most anyone pays at this level, so your dues start from that maximum, $1,200.00.');
    expect(lines).toContain('Less the small-community discount of $240.00.');
    expect(res.body).not.toContain('so you pay the maximum');
    const levelsPage = await c.postForm('/join/individual', { ...answerForm('student'), step: 'levels' });
    // The level that fits is chosen already; the others are listed once, under their own heading.
    const page = dom(levelsPage.body);
    const radios = page.querySelectorAll('input[name="level"]');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual([levels.student]);
    expect(radios[0]?.hasAttribute('checked')).toBe(true);
    expect(textOf(page, '#levels-other')).toBe('Levels that do not fit your answers');
    expect(levelsPage.body).not.toContain('does not fit your answers</');
    expect(textsOf(page, 'section[aria-labelledby="levels-other"] li strong')).toContain('Manager');
    // A student's level is free: no salary and no discount are asked.
    expect(page.querySelector('input[name="salary"]')).toBeNull();
    expect(page.querySelector('input[name="employer_population"]')).toBeNull();
  });

  it('the quote API answers in cents and names bad fields', async () => {
    const c = ctx.client();
    const ok = await c.getJson('/api/v1/individual-dues/quote?level=manager&salaryCents=25000000&employerPopulation=7501&employerGeneralFundCents=780000000');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ level: 'manager', amountCents: 120_000, baseCents: 162_500, capped: true, discountCents: 0, currency: 'USD' });
    expect(ok.body).not.toContain('25000000');
    const negative = await c.getJson('/api/v1/individual-dues/quote?level=manager&salaryCents=-1&employerPopulation=1&employerGeneralFundCents=1');
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.fields).toHaveProperty('salaryCents');
    const unknown = await c.getJson('/api/v1/individual-dues/quote?level=astronaut');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.level).toContain('manager');
    const missing = await c.getJson('/api/v1/individual-dues/quote?level=manager');
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields)).toEqual(['salaryCents']);
    const student = await c.getJson('/api/v1/individual-dues/quote?level=student');
    expect(student.json().amountCents).toBe(0);
  });
});
