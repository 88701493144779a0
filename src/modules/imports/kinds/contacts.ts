// Contacts: people acting for an organization imported before from the same source, matched by
// that organization's external id. Each becomes an account (found by email, or made unverified
// and without a password) and a seat (organizations' upsertImportedContacts). The key keeps the
// person's account; an edited row updates the seat's role, title and phone.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client.js';
import type { DB } from '../../../db/types.js';
import { findOrCreateImportedAccounts } from '../../accounts/index.js';
import { upsertImportedContacts } from '../../organizations/index.js';
import { type Checked, defineKind, EXTERNAL_ID, type ImportField, type RowProblem, type WriteContext } from './fields.js';
import { emailSchema } from './organizations.js';

export const CONTACT_FIELDS: ImportField[] = [
  { ...EXTERNAL_ID, hint: 'The contact’s id in the old system: re-importing a row with the same id updates the contact.', aliases: ['id', 'contact_id', 'record_id'] },
  {
    key: 'organization_external_id',
    label: 'Organization external id',
    required: true,
    hint: 'The external id of the contact’s organization, imported before from the same source.',
    aliases: ['organization_id', 'org_id', 'account_id', 'organization'],
  },
  { key: 'email', label: 'Email', required: true, hint: 'The person’s own email address: they sign in with it.', aliases: ['email_address', 'e_mail'] },
  { key: 'name', label: 'Name', required: false, hint: 'The person’s full name, up to 200 characters.', aliases: ['full_name', 'contact_name'] },
  { key: 'role', label: 'Role', required: false, hint: 'contact (the default) or admin (approves sign-ins and manages contacts).', aliases: ['access'] },
  { key: 'title', label: 'Title', required: false, hint: 'Their job title, like City Manager; up to 200 characters.', aliases: ['job_title', 'position'] },
  { key: 'phone', label: 'Phone', required: false, hint: 'Up to 50 characters.', aliases: ['telephone', 'phone_number'] },
];

interface ContactRow {
  organizationExternalId: string;
  email: string;
  name: string;
  role: 'contact' | 'admin';
  title: string;
  phone: string;
  /** filled in by resolve: the organization the external id became (not part of the row's hash) */
  organizationId?: string;
}

/**
 * Fills in the organization each row names by its external id from the same source (one
 * query a batch); a row whose organization was not imported from it is a problem.
 */
export async function withOrganizations<T extends { organizationExternalId: string; organizationId?: string }>(
  db: Db | Transaction<DB>,
  ctx: WriteContext,
  rows: Array<Checked<T>>,
): Promise<{ ok: Array<Checked<T>>; problems: RowProblem[] }> {
  const wanted = [...new Set(rows.map((r) => r.value.organizationExternalId))];
  const found = wanted.length
    ? await db
        .selectFrom('import_keys')
        .innerJoin('organizations', 'organizations.id', 'import_keys.target_id')
        .select(['import_keys.external_id', 'import_keys.target_id'])
        .where('import_keys.kind', '=', 'organizations')
        .where('import_keys.source', '=', ctx.source)
        .where('import_keys.external_id', 'in', wanted)
        .where(sql<boolean>`organizations.merged_into_id is null`)
        .execute()
    : [];
  const orgOf = new Map(found.map((k) => [k.external_id, k.target_id]));
  const ok: Array<Checked<T>> = [];
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const organizationId = orgOf.get(r.value.organizationExternalId);
    if (organizationId) ok.push({ ...r, value: { ...r.value, organizationId } });
    else
      problems.push({
        row: r.row,
        column: 'organization_external_id',
        value: r.value.organizationExternalId,
        problem: `No organization with this external id was imported from “${ctx.source}”: import the organizations first.`,
      });
  }
  return { ok, problems };
}

export const contactsKind = defineKind<ContactRow>({
  // the id is the person's account, named by the email that found or made it (an account that
  // existed keeps its own name); one person may hold seats at several organizations
  made: (c, id) => ({ label: `${c.email} at organization ${c.organizationExternalId}`, href: `/staff/people/${id}` }),
  kind: 'contacts',
  noun: 'contact',
  plural: 'contacts',
  fields: CONTACT_FIELDS,
  check({ get, fail }) {
    let ok = true;
    const bad = (key: string, value: string, problem: string) => {
      fail(key, value, problem);
      ok = false;
    };
    const organizationExternalId = get('organization_external_id');
    if (!organizationExternalId) bad('organization_external_id', '', 'The organization’s external id is missing.');
    const email = get('email');
    if (!email) bad('email', '', 'The email address is missing: a contact needs one to sign in.');
    else if (email.length > 254 || !emailSchema.safeParse(email).success) bad('email', email, 'The email address is not valid.');
    const name = get('name');
    if (name.length > 200) bad('name', name.slice(0, 100), 'The name is longer than 200 characters.');
    const roleText = get('role').toLowerCase();
    if (roleText && roleText !== 'contact' && roleText !== 'admin') bad('role', get('role'), `“${get('role')}” is not a role: use contact or admin.`);
    const title = get('title');
    if (title.length > 200) bad('title', title.slice(0, 100), 'The title is longer than 200 characters.');
    const phone = get('phone');
    if (phone.length > 50) bad('phone', phone, 'The phone number is longer than 50 characters.');
    if (!ok) return null;
    return { organizationExternalId, email, name, role: roleText === 'admin' ? 'admin' : 'contact', title, phone };
  },
  duplicate: {
    field: 'email',
    key: (c) => `${c.organizationExternalId}\u0000${c.email.toLowerCase()}`,
    problem: (first) => `This person is already a contact of the same organization on row ${first}.`,
  },
  resolve: (db, ctx, rows) => withOrganizations(db, ctx, rows),
  async write(trx, ctx, fresh, edited) {
    const all = [...fresh, ...edited.map((e) => e.value)];
    const userIds = await findOrCreateImportedAccounts(
      trx,
      all.map((c) => ({ email: c.email, name: c.name })),
      ctx.at,
    );
    await upsertImportedContacts(
      trx,
      all.map((c, i) => ({ organizationId: c.organizationId as string, userId: userIds[i] as string, role: c.role, title: c.title, phone: c.phone })),
    );
    return userIds.slice(0, fresh.length);
  },
});
