// Membership levels (I1): staff define each level's eligibility, how it is checked, and its dues
// rule; archiving hides a level from joining (current members keep it). Every change is audited.
// A free level must check eligibility (staff verification or proof upload): otherwise anyone could
// declare themselves into it and reach Who's Who (issue 11, finding 3).
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { type DuesRuleKind, type LevelRule, QUESTION_KEYS, type QuestionKey } from './dues.js';
import { optionalCount, optionalDollars, optionalRate } from './inputs.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface Level extends LevelRule {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  eligibility: Partial<Record<QuestionKey, boolean>>;
  instalmentsAllowed: boolean;
  archived: boolean;
  verification: Verification;
  proofInstructions: string;
}

/** How a level checks eligibility before a membership at it starts. */
export const VERIFICATIONS = ['none', 'staff_verification', 'proof_upload'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

type LevelRow = {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  eligibility: Record<string, boolean>;
  rule: DuesRuleKind;
  flat_cents: number | null;
  rate_bp: number | null;
  cap_cents: number | null;
  discount_percent: number | null;
  discount_max_population: number | null;
  discount_max_general_fund_cents: number | null;
  instalments_allowed: boolean;
  archived_at: Date | null;
  verification: Verification;
  proof_instructions: string;
};

const toLevel = (r: LevelRow): Level => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  position: r.position,
  eligibility: Object.fromEntries(Object.entries(r.eligibility ?? {}).filter(([k]) => (QUESTION_KEYS as string[]).includes(k))),
  rule: r.rule,
  flatCents: r.flat_cents,
  rateBp: r.rate_bp,
  capCents: r.cap_cents,
  discountPercent: r.discount_percent,
  discountMaxPopulation: r.discount_max_population,
  discountMaxGeneralFundCents: r.discount_max_general_fund_cents,
  instalmentsAllowed: r.instalments_allowed,
  archived: r.archived_at !== null,
  verification: r.verification,
  proofInstructions: r.proof_instructions,
});

export async function listLevels(db: Executor, opts: { includeArchived?: boolean } = {}): Promise<Level[]> {
  let q = db.selectFrom('member_levels').selectAll();
  if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('position').orderBy('name').execute();
  return rows.map(toLevel);
}

export async function getLevel(db: Executor, id: string): Promise<Level | null> {
  if (!isUuid(id)) return null;
  const row = await db.selectFrom('member_levels').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toLevel(row) : null;
}

const eligibilityChoice = z.enum(['any', 'yes', 'no'], { error: 'Choose any, yes or no.' }).default('any');

/** The staff form of a level. Amounts in dollars, the rate in percent. */
export const levelForm = z
  .object({
    name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
    slug: z
      .string({ error: 'Enter a short address name.' })
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, like other-staff.')
      .max(60, 'Use at most 60 characters.'),
    description: z.string().trim().max(1000, 'Use at most 1,000 characters.').default(''),
    position: optionalCount('the position', 1000),
    rule: z.enum(['flat', 'salary_share', 'free'], { error: 'Choose how dues are set.' }),
    flat: optionalDollars,
    rate: optionalRate,
    cap: optionalDollars,
    discount_percent: optionalCount('the discount percentage', 100),
    discount_max_population: optionalCount('the population limit'),
    discount_max_general_fund: optionalDollars,
    instalments_allowed: z.literal('yes', { error: 'Tick the box or leave it empty.' }).optional(),
    // No default: a form that does not say how eligibility is checked must not turn a check off.
    verification: z.enum(VERIFICATIONS, { error: 'Choose how eligibility is checked.' }),
    proof_instructions: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
  })
  .extend(Object.fromEntries(QUESTION_KEYS.map((k) => [`e_${k}`, eligibilityChoice])) as Record<`e_${QuestionKey}`, typeof eligibilityChoice>)
  .strip()
  .superRefine((v, ctx) => {
    if (v.rule === 'flat' && v.flat === undefined) ctx.addIssue({ code: 'custom', path: ['flat'], message: 'Enter the flat amount in dollars.' });
    if (v.rule === 'salary_share' && v.rate === undefined) ctx.addIssue({ code: 'custom', path: ['rate'], message: 'Enter the share of salary in percent, like 0.65.' });
    const discountParts = [v.discount_percent, v.discount_max_population, v.discount_max_general_fund].filter((x) => x !== undefined).length;
    if (discountParts > 0 && discountParts < 3) {
      const missing = v.discount_percent === undefined ? 'discount_percent' : v.discount_max_population === undefined ? 'discount_max_population' : 'discount_max_general_fund';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'A small-community discount needs its percentage, population limit and general fund limit.' });
    }
    if (v.rule === 'free' && v.verification === 'none')
      ctx.addIssue({
        code: 'custom',
        path: ['verification'],
        message: 'A free level must check eligibility (staff verification or proof upload): otherwise anyone could join it and reach Who’s Who.',
      });
    if (v.verification === 'proof_upload' && !v.proof_instructions)
      ctx.addIssue({ code: 'custom', path: ['proof_instructions'], message: 'Say what proof to upload, like "an enrollment letter or student ID for this academic year".' });
  });
export type LevelFormData = z.output<typeof levelForm>;

function rowOf(v: LevelFormData) {
  const eligibility: Record<string, boolean> = {};
  for (const k of QUESTION_KEYS) {
    const choice = v[`e_${k}`];
    if (choice !== 'any') eligibility[k] = choice === 'yes';
  }
  const paid = v.rule !== 'free';
  return {
    name: v.name,
    slug: v.slug,
    description: v.description,
    position: v.position ?? 0,
    eligibility: JSON.stringify(eligibility),
    rule: v.rule,
    flat_cents: v.rule === 'flat' ? (v.flat ?? 0) : null,
    rate_bp: v.rule === 'salary_share' ? (v.rate ?? 0) : null,
    cap_cents: v.rule === 'salary_share' ? (v.cap ?? null) : null,
    discount_percent: paid ? (v.discount_percent ?? null) : null,
    discount_max_population: paid ? (v.discount_max_population ?? null) : null,
    discount_max_general_fund_cents: paid ? (v.discount_max_general_fund ?? null) : null,
    instalments_allowed: paid && v.instalments_allowed === 'yes',
    verification: v.verification,
    proof_instructions: v.verification === 'proof_upload' ? v.proof_instructions : '',
  };
}

/** Creates a level (no id) or changes one; the slug is unique. */
export async function saveLevel(deps: Pick<Deps, 'db' | 'clock'>, input: { id?: string; data: LevelFormData; actorUserId: string; requestId?: string }): Promise<string> {
  const values = rowOf(input.data);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      let before: Level | null = null;
      let id = input.id;
      if (id) {
        before = await getLevel(trx, id);
        if (!before) throw new AppError('not_found', { message: 'There is no such level.' });
        await trx.updateTable('member_levels').set(values).where('id', '=', id).execute();
      } else {
        id = (await trx.insertInto('member_levels').values(values).returning('id').executeTakeFirstOrThrow()).id;
      }
      await writeAudit(trx, {
        at: deps.clock.now(),
        actorUserId: input.actorUserId,
        action: before ? 'individuals.level_updated' : 'individuals.level_created',
        entityType: 'member_level',
        entityId: id,
        before,
        after: { ...values, eligibility: JSON.parse(values.eligibility) },
        requestId: input.requestId,
      });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('validation_failed', { fields: { slug: 'Another level already uses this address name.' } });
    throw err;
  }
}

export async function archiveLevel(deps: Pick<Deps, 'db' | 'clock'>, input: { id: string; actorUserId: string; requestId?: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('member_levels')
      .set({ archived_at: deps.clock.now() })
      .where('id', '=', input.id)
      .where('archived_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!done) throw new AppError('not_found', { message: 'There is no such level, or it is archived already.' });
    await writeAudit(trx, {
      at: deps.clock.now(),
      actorUserId: input.actorUserId,
      action: 'individuals.level_archived',
      entityType: 'member_level',
      entityId: input.id,
      before: { archived: false },
      after: { archived: true },
      requestId: input.requestId,
    });
  });
}
