// Individual members: a person (found by email, or an account made for them) and their membership
// at a level, with its term. A term that has not ended makes an active membership (and the member
// role), one that has ended a lapsed one. One open membership per person: a person who has one in
// Civnet already (not from this source) is a problem of the row, as is a level Civnet does not have.
import { accountsByEmail, findOrCreateImportedAccounts, grantRoleToMany } from '../../accounts/index.js';
import { accountsWithOpenMembership, insertImportedIndividualMemberships, levelsForImport, updateImportedIndividualMemberships } from '../../individuals/index.js';
import { type Checked, defineKind, EXTERNAL_ID, type ImportField, parseCents, parseDate, type RowProblem } from './fields.js';
import { emailSchema } from './organizations.js';

export const INDIVIDUAL_FIELDS: ImportField[] = [
  { ...EXTERNAL_ID, hint: 'The member’s id in the old system: re-importing a row with the same id updates the membership.', aliases: ['id', 'member_id', 'record_id'] },
  { key: 'email', label: 'Email', required: true, hint: 'The person’s own email address: they sign in with it.', aliases: ['email_address', 'e_mail'] },
  { key: 'name', label: 'Name', required: false, hint: 'The person’s full name, up to 200 characters.', aliases: ['full_name', 'member_name'] },
  {
    key: 'level',
    label: 'Level',
    required: true,
    hint: 'The name or short name (slug) of one of Civnet’s levels, like Manager.',
    aliases: ['member_level', 'membership_level', 'type'],
  },
  {
    key: 'term_start',
    label: 'Term start',
    required: true,
    hint: 'The first day of the current or last term: 2026-01-01 or 1/1/2026.',
    aliases: ['start', 'start_date', 'joined'],
  },
  { key: 'term_end', label: 'Term end', required: true, hint: 'The last day of that term.', aliases: ['end', 'end_date', 'expires', 'expiry'] },
  { key: 'dues', label: 'Dues', required: false, hint: 'What the term cost, like 125.00 (kept as the quoted dues).', aliases: ['amount', 'dues_amount'] },
];

interface IndividualRow {
  email: string;
  name: string;
  level: string;
  termStart: string;
  termEnd: string;
  quotedCents: number;
  /** filled in by resolve */
  levelId?: string;
}

export const individualsKind = defineKind<IndividualRow>({
  kind: 'individuals',
  noun: 'individual member',
  plural: 'individual members',
  fields: INDIVIDUAL_FIELDS,
  check({ get, fail }) {
    let ok = true;
    const bad = (key: string, value: string, problem: string) => {
      fail(key, value, problem);
      ok = false;
    };
    const email = get('email');
    if (!email) bad('email', '', 'The email address is missing: a member needs one to sign in.');
    else if (email.length > 254 || !emailSchema.safeParse(email).success) bad('email', email, 'The email address is not valid.');
    const name = get('name');
    if (name.length > 200) bad('name', name.slice(0, 100), 'The name is longer than 200 characters.');
    const level = get('level');
    if (!level) bad('level', '', 'The level is missing.');
    const termStart = parseDate(get('term_start'));
    if (!termStart) bad('term_start', get('term_start'), get('term_start') ? 'The term start is not a date (2026-01-01 or 1/1/2026).' : 'The term start is missing.');
    const termEnd = parseDate(get('term_end'));
    if (!termEnd) bad('term_end', get('term_end'), get('term_end') ? 'The term end is not a date (2026-12-31 or 12/31/2026).' : 'The term end is missing.');
    else if (termStart && termEnd < termStart) bad('term_end', get('term_end'), 'The term ends before it starts.');
    let quotedCents = 0;
    if (get('dues')) {
      const cents = parseCents(get('dues'));
      if (cents === null) bad('dues', get('dues'), 'The dues are not an amount of money, like 125.00.');
      else quotedCents = cents;
    }
    if (!ok || !termStart || !termEnd) return null;
    return { email, name, level, termStart, termEnd, quotedCents };
  },
  duplicate: {
    field: 'email',
    key: (m) => m.email.toLowerCase(),
    problem: (first) => `This person is also on row ${first}: one membership per person.`,
  },
  async resolve(db, ctx, rows) {
    const levels = await levelsForImport(db);
    const accounts = await accountsByEmail(
      db,
      rows.map((r) => r.value.email),
    );
    const ours = rows.length
      ? (
          await db
            .selectFrom('import_keys')
            .select('target_id')
            .where('kind', '=', 'individuals')
            .where('source', '=', ctx.source)
            .where(
              'external_id',
              'in',
              rows.map((r) => r.externalId),
            )
            .execute()
        ).map((k) => k.target_id)
      : [];
    const open = await accountsWithOpenMembership(db, [...accounts.values()], ours);
    const ok: Array<Checked<IndividualRow>> = [];
    const problems: RowProblem[] = [];
    for (const r of rows) {
      const levelId = levels.get(r.value.level.toLowerCase());
      const userId = accounts.get(r.value.email.toLowerCase());
      if (!levelId) problems.push({ row: r.row, column: 'level', value: r.value.level, problem: `“${r.value.level}” is not one of Civnet’s levels: use its name or slug.` });
      else if (userId && open.has(userId))
        problems.push({ row: r.row, column: 'email', value: r.value.email, problem: 'This person already has a membership in Civnet: one membership per person.' });
      else ok.push({ ...r, value: { ...r.value, levelId } });
    }
    return { ok, problems };
  },
  async write(trx, ctx, fresh, edited) {
    const all = [...fresh, ...edited.map((e) => e.value)];
    const userIds = await findOrCreateImportedAccounts(
      trx,
      all.map((m) => ({ email: m.email, name: m.name })),
      ctx.at,
    );
    const today = ctx.today;
    const rows = all.map((m, i) => ({
      userId: userIds[i] as string,
      levelId: m.levelId as string,
      termStart: m.termStart,
      termEnd: m.termEnd,
      status: m.termEnd >= today ? ('active' as const) : ('lapsed' as const),
      quotedCents: m.quotedCents,
    }));
    const ids = await insertImportedIndividualMemberships(trx, rows.slice(0, fresh.length), ctx.at);
    await updateImportedIndividualMemberships(
      trx,
      rows.slice(fresh.length).map((r, i) => ({ ...r, id: edited[i]?.id as string })),
      ctx.at,
    );
    await grantRoleToMany(
      trx,
      rows.filter((r) => r.status === 'active').map((r) => r.userId),
      'member',
    );
    return ids;
  },
});
