// Past memberships (terms) of organizations imported before from the same source, matched by the
// organization's external id: a term that has ended becomes an ended membership, the current one
// an active membership; the organization's status follows (organizations'
// settleImportedOrganizations). Dues are not a field: an organization's dues follow from its
// population, and what it paid in the old system comes in as opening balances (not built yet).
import { formatDay } from '../../../lib/format.js';
import { insertImportedMemberships, settleImportedOrganizations, updateImportedMemberships } from '../../organizations/index.js';
import { withOrganizations } from './contacts.js';
import { type Checked, defineKind, EXTERNAL_ID, type ImportField, parseDate, type RowProblem } from './fields.js';

export const TERM_FIELDS: ImportField[] = [
  { ...EXTERNAL_ID, hint: 'The term’s id in the old system: re-importing a row with the same id updates the membership.', aliases: ['id', 'term_id', 'membership_id'] },
  {
    key: 'organization_external_id',
    label: 'Organization external id',
    required: true,
    hint: 'The external id of the organization, imported before from the same source.',
    aliases: ['organization_id', 'org_id', 'account_id', 'organization'],
  },
  { key: 'term_start', label: 'Term start', required: true, hint: 'The first day of the term: 2025-01-01 or 1/1/2025.', aliases: ['start', 'start_date'] },
  { key: 'term_end', label: 'Term end', required: true, hint: 'The last day of the term, after its first.', aliases: ['end', 'end_date', 'expires'] },
];

interface TermRow {
  organizationExternalId: string;
  termStart: string;
  termEnd: string;
  status: 'active' | 'ended';
  /** filled in by resolve */
  organizationId?: string;
}

export const termsKind = defineKind<TermRow>({
  // the page of a term is its organization's record
  made: (t) => ({
    label: `Organization ${t.organizationExternalId}: ${formatDay(t.termStart)} to ${formatDay(t.termEnd)}`,
    href: `/staff/organizations/${t.organizationId as string}`,
  }),
  kind: 'terms',
  noun: 'term',
  plural: 'terms',
  fields: TERM_FIELDS,
  check({ get, fail, today }) {
    let ok = true;
    const bad = (key: string, value: string, problem: string) => {
      fail(key, value, problem);
      ok = false;
    };
    const organizationExternalId = get('organization_external_id');
    if (!organizationExternalId) bad('organization_external_id', '', 'The organization’s external id is missing.');
    const termStart = parseDate(get('term_start'));
    if (!termStart) bad('term_start', get('term_start'), get('term_start') ? 'The term start is not a date (2025-01-01 or 1/1/2025).' : 'The term start is missing.');
    const termEnd = parseDate(get('term_end'));
    if (!termEnd) bad('term_end', get('term_end'), get('term_end') ? 'The term end is not a date (2025-12-31 or 12/31/2025).' : 'The term end is missing.');
    else if (termStart && termEnd <= termStart) bad('term_end', get('term_end'), 'The term ends on or before its first day.');
    if (!ok || !termStart || !termEnd) return null;
    return { organizationExternalId, termStart, termEnd, status: termStart <= today && today <= termEnd ? 'active' : 'ended' };
  },
  duplicate: {
    field: 'term_start',
    // one term a start day, and one current term, per organization
    key: (t) => `${t.organizationExternalId}\u0000${t.status === 'active' ? 'current' : t.termStart}`,
    problem: (first) => `The organization already has this term (or a current one) on row ${first}.`,
  },
  async resolve(db, ctx, rows) {
    const r = await withOrganizations(db, ctx, rows);
    const current = r.ok.filter((t) => t.value.status === 'active');
    if (current.length === 0) return r;
    const ours = (
      await db
        .selectFrom('import_keys')
        .select('target_id')
        .where('kind', '=', 'terms')
        .where('source', '=', ctx.source)
        .where(
          'external_id',
          'in',
          current.map((t) => t.externalId),
        )
        .execute()
    ).map((k) => k.target_id);
    let q = db
      .selectFrom('memberships')
      .select('organization_id')
      .where('status', 'in', ['pending', 'active'])
      .where(
        'organization_id',
        'in',
        current.map((t) => t.value.organizationId as string),
      );
    if (ours.length) q = q.where('id', 'not in', ours);
    const open = new Set((await q.execute()).map((m) => m.organization_id));
    const ok: Array<Checked<TermRow>> = [];
    const problems: RowProblem[] = [...r.problems];
    for (const t of r.ok) {
      if (t.value.status === 'active' && open.has(t.value.organizationId as string))
        problems.push({
          row: t.row,
          column: 'term_end',
          value: t.value.termEnd,
          problem: 'The organization has a current or pending membership in Civnet already: one at a time.',
        });
      else ok.push(t);
    }
    return { ok, problems };
  },
  async write(trx, ctx, fresh, edited) {
    const row = (t: TermRow) => ({ organizationId: t.organizationId as string, termStart: t.termStart, termEnd: t.termEnd, status: t.status });
    // edited first: a current term that ended frees its organization for a new current one
    await updateImportedMemberships(
      trx,
      edited.map((e) => ({ ...row(e.value), id: e.id })),
    );
    const ids = await insertImportedMemberships(trx, fresh.map(row), ctx.at);
    await settleImportedOrganizations(
      trx,
      [...fresh, ...edited.map((e) => e.value)].map((t) => t.organizationId as string),
    );
    return ids;
  },
});
