// The fields of an organizations file, how a row's values are checked, and what a valid row
// becomes. Pure functions: the dry run and the import run the same checks.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../../db/types.js';
import { STATE_CODES } from '../../lib/us-states.js';
import type { ImportedOrganization } from '../organizations/index.js';

export interface ImportField {
  key: string;
  label: string;
  required: boolean;
  hint: string;
  /** other header names this field is recognised by */
  aliases: string[];
}

export const ORGANIZATION_FIELDS: ImportField[] = [
  {
    key: 'external_id',
    label: 'External id',
    required: true,
    hint: 'The organization’s id in the old system: re-importing a row with the same id updates it.',
    aliases: ['id', 'externalid', 'record_id', 'account_id'],
  },
  { key: 'name', label: 'Name', required: true, hint: 'Up to 200 characters.', aliases: ['organization', 'organization_name', 'government', 'account_name'] },
  { key: 'entity_type', label: 'Entity type', required: true, hint: `One of: ${ENTITY_TYPES.join(', ')}.`, aliases: ['type', 'kind', 'government_type'] },
  { key: 'state', label: 'State', required: true, hint: 'A two-letter state code, like OH.', aliases: ['st', 'state_code'] },
  { key: 'population', label: 'Population', required: false, hint: 'A whole number.', aliases: ['pop'] },
  { key: 'website', label: 'Website', required: false, hint: 'An http:// or https:// address.', aliases: ['url', 'web', 'web_site'] },
  { key: 'email', label: 'Email', required: false, hint: 'The organization’s general email address; its domain is kept.', aliases: ['email_address', 'e_mail'] },
  { key: 'billing_address', label: 'Billing address', required: false, hint: 'Up to 1,000 characters.', aliases: ['address', 'mailing_address'] },
  { key: 'po_number', label: 'PO number', required: false, hint: 'Up to 100 characters.', aliases: ['po', 'purchase_order'] },
];

export type Mapping = Record<string, string>;

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** A mapping guessed from the headers: a field goes to the header with its key, label or an alias. */
export function guessMapping(headers: string[]): Mapping {
  const out: Mapping = {};
  for (const f of ORGANIZATION_FIELDS) {
    const names = new Set([f.key, norm(f.label), ...f.aliases]);
    const found = headers.find((h) => names.has(norm(h)));
    if (found !== undefined) out[f.key] = found;
  }
  return out;
}

/** Problems with a mapping against the file's headers (by field key); none when it is usable. */
export function mappingProblems(mapping: Mapping, headers: string[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const used = new Map<string, string>();
  for (const f of ORGANIZATION_FIELDS) {
    const header = mapping[f.key] ?? '';
    if (!header) {
      if (f.required) problems[f.key] = `Choose the column that holds the ${f.label.toLowerCase()}: it is required.`;
      continue;
    }
    if (!headers.includes(header)) problems[f.key] = `The file has no column “${header}”.`;
    else if (used.has(header)) problems[f.key] = `The column “${header}” is already chosen for ${used.get(header)}.`;
    else used.set(header, f.label);
  }
  return problems;
}

export interface RowProblem {
  row: number;
  column: string;
  value: string;
  problem: string;
}

const ENTITY_ALIASES: Record<string, EntityType> = Object.fromEntries([
  ...ENTITY_TYPES.map((t) => [t, t]),
  ['tribal nation', 'tribal_nation'],
  ['tribe', 'tribal_nation'],
  ['township', 'town'],
  ['village', 'town'],
  ['regional council', 'region'],
]);
const STATES = new Set<string>(STATE_CODES);
const email = z.email();

export interface ValidRow {
  externalId: string;
  organization: ImportedOrganization;
  hash: string;
}

/**
 * Checks one row; gives the organization it becomes, or its problems (one per column at most).
 * `columns` is the index in the record of each mapped field.
 */
export function checkRow(
  row: number,
  values: string[],
  columns: Record<string, number>,
  headerOf: Record<string, string>,
): { ok: true; value: ValidRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const get = (key: string) => {
    const i = columns[key];
    return i === undefined ? '' : (values[i] ?? '').trim();
  };
  const fail = (key: string, value: string, problem: string) => problems.push({ row, column: headerOf[key] ?? key, value, problem });

  const externalId = get('external_id');
  if (!externalId) fail('external_id', externalId, 'The external id is missing.');
  else if (externalId.length > 100) fail('external_id', externalId, 'The external id is longer than 100 characters.');
  const name = get('name');
  if (!name) fail('name', name, 'The name is missing.');
  else if (name.length > 200) fail('name', name, 'The name is longer than 200 characters.');
  const typeText = get('entity_type');
  const entityType = ENTITY_ALIASES[typeText.toLowerCase().replace(/_/g, ' ')] ?? ENTITY_ALIASES[typeText.toLowerCase()];
  if (!typeText) fail('entity_type', typeText, 'The entity type is missing.');
  else if (!entityType) fail('entity_type', typeText, `“${typeText}” is not an entity type: use one of ${ENTITY_TYPES.join(', ')}.`);
  const state = get('state').toUpperCase();
  if (!state) fail('state', state, 'The state is missing.');
  else if (!STATES.has(state)) fail('state', get('state'), `“${get('state')}” is not a US state code (two letters, like OH).`);
  const popText = get('population').replace(/[,\s]/g, '');
  let population: number | null = null;
  if (popText) {
    if (!/^\d{1,9}$/.test(popText)) fail('population', get('population'), 'The population is not a whole number.');
    else population = Number(popText);
  }
  const website = get('website');
  if (website && (website.length > 300 || !/^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(website))) fail('website', website, 'The website is not an http:// or https:// address.');
  const mail = get('email');
  let emailDomain: string | null = null;
  if (mail) {
    if (mail.length > 254 || !email.safeParse(mail).success) fail('email', mail, 'The email address is not valid.');
    else emailDomain = (mail.split('@')[1] ?? '').toLowerCase();
  }
  const billingAddress = get('billing_address');
  if (billingAddress.length > 1000) fail('billing_address', billingAddress.slice(0, 100), 'The billing address is longer than 1,000 characters.');
  const poNumber = get('po_number');
  if (poNumber.length > 100) fail('po_number', poNumber, 'The PO number is longer than 100 characters.');

  if (problems.length || !entityType) return { ok: false, problems };
  const organization: ImportedOrganization = { name, entityType, state, population, website, emailDomain, billingAddress, poNumber: poNumber || null };
  const hash = createHash('sha1').update(JSON.stringify(organization)).digest('hex');
  return { ok: true, value: { externalId, organization, hash } };
}
