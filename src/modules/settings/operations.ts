// The settings that run the association day to day, beside its profile: the brand colour, the
// remittance details printed on invoices, whether invoice emails carry the W-9, the default
// advisor, the email signature and the membership terms. One form, one audited change; every
// field has its own message.
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Association, DB } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { writeAudit } from '../../lib/audit.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { markdownProblems } from '../publishing/index.js';
import { contrastRatio, formatRatio, MIN_CONTRAST, normalizeHex } from './colour.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** The ABA routing number checksum: 3, 7, 1 weights over the nine digits, a multiple of 10. */
export function validRoutingNumber(digits: string): boolean {
  if (!/^[0-9]{9}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return d.reduce((s, x, i) => s + x * (w[i] ?? 0), 0) % 10 === 0;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (max: number, what: string) =>
  z
    .string()
    .default('')
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .refine((s) => s.length <= max, `Use at most ${max} characters for the ${what}.`)
    .refine((s) => !CONTROL.test(s), `The ${what} contains characters that cannot be printed; retype it.`);
const digitsOnly = (s: string) => s.replace(/[\s-]/g, '');

export const operationsSettings = z
  .object({
    brand_colour: z
      .string()
      .default('')
      .transform((s) => s.trim())
      .superRefine((s, ctx) => {
        if (s === '') return;
        const hex = normalizeHex(s);
        if (!hex) {
          ctx.addIssue({ code: 'custom', message: 'Enter the color as a hex code like #0b5394, or leave it empty for the default colors.' });
          return;
        }
        const ratio = contrastRatio(hex, '#ffffff');
        if (ratio < MIN_CONTRAST)
          ctx.addIssue({
            code: 'custom',
            message: `This color is too light: it has a contrast of ${formatRatio(ratio)} against white, and at least 4.5:1 is needed for text to be readable (WCAG AA). Choose a darker shade.`,
          });
      })
      .transform((s) => (s === '' ? null : normalizeHex(s))),
    remit_check_payee: text(200, 'payee'),
    remit_check_address: text(500, 'mailing address'),
    remit_ach_bank: text(200, 'bank name'),
    remit_ach_routing: z
      .string()
      .default('')
      .transform(digitsOnly)
      .refine((s) => s === '' || /^[0-9]{9}$/.test(s), 'Enter the routing number as its 9 digits.')
      .refine((s) => s === '' || !/^[0-9]{9}$/.test(s) || validRoutingNumber(s), 'This is not a valid routing number: check its digits.'),
    remit_ach_account: z
      .string()
      .default('')
      .transform(digitsOnly)
      .refine((s) => s === '' || /^[0-9]{4,17}$/.test(s), 'Enter the account number as 4 to 17 digits.'),
    w9_attach_to_invoices: z
      .union([z.literal('yes'), z.literal(''), z.boolean()])
      .default('')
      .transform((v) => v === 'yes' || v === true),
    default_advisor_user_id: z
      .union([z.literal(''), z.uuid('Choose an advisor from the list.')])
      .default('')
      .transform((v) => (v === '' ? null : v)),
    email_signature: text(1000, 'signature').refine((s) => s.split('\n').length <= 12, 'Use at most 12 lines for the signature.'),
    membership_terms: text(50_000, 'membership terms').superRefine((s, ctx) => {
      for (const message of markdownProblems(s)) ctx.addIssue({ code: 'custom', message });
    }),
  })
  .strict()
  .superRefine((v, ctx) => {
    // ACH details are all three or none: a member cannot pay with part of them.
    const ach = [v.remit_ach_bank, v.remit_ach_routing, v.remit_ach_account];
    if (ach.some(Boolean)) {
      if (!v.remit_ach_bank) ctx.addIssue({ code: 'custom', path: ['remit_ach_bank'], message: 'Enter the bank’s name, or clear the routing and account numbers.' });
      if (!v.remit_ach_routing) ctx.addIssue({ code: 'custom', path: ['remit_ach_routing'], message: 'Enter the routing number, or clear the other bank details.' });
      if (!v.remit_ach_account) ctx.addIssue({ code: 'custom', path: ['remit_ach_account'], message: 'Enter the account number, or clear the other bank details.' });
    }
  });

export type OperationsSettings = z.output<typeof operationsSettings>;

const FIELDS = [
  'brand_colour',
  'remit_check_payee',
  'remit_check_address',
  'remit_ach_bank',
  'remit_ach_routing',
  'remit_ach_account',
  'w9_attach_to_invoices',
  'default_advisor_user_id',
  'email_signature',
  'membership_terms',
] as const;

/** Staff with the advisor role whose accounts are open: whom the default advisor is chosen from. */
export async function advisorChoices(db: Executor): Promise<Array<{ userId: string; name: string; email: string }>> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'advisor'))
    .select(['u.id', 'u.name', 'u.email'])
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email }));
}

/** Saves the operational settings (staff admins), audited with what changed. The account
 * number is audited as its last four digits only. */
export async function updateOperations(
  deps: Pick<Deps, 'db' | 'clock' | 'association'>,
  input: { actorUserId: string; settings: OperationsSettings; requestId?: string },
): Promise<Association> {
  const now = deps.clock.now();
  const s = input.settings;
  const updated = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('association').selectAll().where('id', '=', 1).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('conflict', { status: 409, message: 'Save the association’s profile first, then these settings.' });
    if (s.default_advisor_user_id) {
      const ok = (await advisorChoices(trx)).some((a) => a.userId === s.default_advisor_user_id);
      if (!ok) throw fieldError({ default_advisor_user_id: 'Choose an advisor from the list: this person is not an advisor, or their account is closed.' });
    }
    const after = await trx
      .updateTable('association')
      .set({ ...s, updated_at: now })
      .where('id', '=', 1)
      .returningAll()
      .executeTakeFirstOrThrow();
    const masked = (r: Association) => ({ ...r, remit_ach_account: r.remit_ach_account ? `…${r.remit_ach_account.slice(-4)}` : '' });
    const changed = FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
    const pick = (r: Association) => Object.fromEntries(changed.map((f) => [f, masked(r)[f]]));
    await writeAudit(trx, {
      at: now,
      actorUserId: input.actorUserId,
      action: 'settings.operations_updated',
      entityType: 'association',
      entityId: '1',
      before: pick(before),
      after: pick(after),
      requestId: input.requestId,
    });
    return after;
  });
  deps.association.invalidate();
  return updated;
}

export interface Remittance {
  /** whom checks are made payable to (the association's name unless set) */
  checkPayee: string;
  /** where checks are mailed, one line each (the association's address unless set) */
  checkAddress: string[];
  /** ACH details; null when the association gave none */
  ach: { bank: string; routing: string; account: string } | null;
  /** where a payer asks for what the invoice does not print (bank or wire details): the
   * association's contact email and phone, either possibly empty */
  askAt: { email: string; phone: string };
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** How to pay the association, as invoices print it (pages and PDFs of an invoice only: never on
 * a public page or in the public profile API). */
export async function remittanceDetails(db: Executor): Promise<Remittance> {
  const a = await db
    .selectFrom('association')
    .select(['name', 'address', 'contact_email', 'phone', 'remit_check_payee', 'remit_check_address', 'remit_ach_bank', 'remit_ach_routing', 'remit_ach_account'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!a) return { checkPayee: 'Civnet', checkAddress: [], ach: null, askAt: { email: '', phone: '' } };
  return {
    checkPayee: a.remit_check_payee || a.name,
    checkAddress: lines(a.remit_check_address || a.address),
    ach: a.remit_ach_bank && a.remit_ach_routing && a.remit_ach_account ? { bank: a.remit_ach_bank, routing: a.remit_ach_routing, account: a.remit_ach_account } : null,
    askAt: { email: a.contact_email, phone: a.phone },
  };
}

/** Whether the association has a W-9 to offer with invoices. */
export async function hasW9(db: Executor): Promise<boolean> {
  const a = await db.selectFrom('association').select('w9_file_id').where('id', '=', 1).executeTakeFirst();
  return !!a?.w9_file_id;
}

/** The advisor an organization gets when no advisor covers its state; null when none is chosen.
 * Read in the caller's transaction (advising's assignment runs in the payment's). */
export async function defaultAdvisorUserId(db: Executor): Promise<string | null> {
  const a = await db.selectFrom('association').select('default_advisor_user_id').where('id', '=', 1).executeTakeFirst();
  return a?.default_advisor_user_id ?? null;
}
