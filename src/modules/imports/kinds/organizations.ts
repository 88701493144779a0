// Organizations: the fields of their file, how a row is checked, and the writer (organizations'
// insertImportedOrganizations and updateImportedOrganizations). New ones are prospects.
import { z } from 'zod';
import { ENTITY_TYPES, type EntityType } from '../../../db/types.js';
import { STATE_CODES } from '../../../lib/us-states.js';
import { ENTITY_TYPE_LABELS, type ImportedOrganization, insertImportedOrganizations, updateImportedOrganizations } from '../../organizations/index.js';
import { defineKind, EXTERNAL_ID, type ImportField } from './fields.js';

/** The types as staff read them ('Tribal nation', not 'tribal_nation'); a file may use either. */
const TYPE_NAMES = ENTITY_TYPES.map((t) => ENTITY_TYPE_LABELS[t]).join(', ');

export const ORGANIZATION_FIELDS: ImportField[] = [
  { ...EXTERNAL_ID, hint: 'The organization’s id in the old system: re-importing a row with the same id updates it.' },
  { key: 'name', label: 'Name', required: true, hint: 'Up to 200 characters.', aliases: ['organization', 'organization_name', 'government', 'account_name'] },
  { key: 'entity_type', label: 'Entity type', required: true, hint: `One of: ${TYPE_NAMES} (capitals or not).`, aliases: ['type', 'kind', 'government_type'] },
  { key: 'state', label: 'State', required: true, hint: 'A two-letter state code, like OH.', aliases: ['st', 'state_code'] },
  { key: 'population', label: 'Population', required: false, hint: 'A whole number.', aliases: ['pop'] },
  { key: 'website', label: 'Website', required: false, hint: 'An http:// or https:// address.', aliases: ['url', 'web', 'web_site'] },
  { key: 'email', label: 'Email', required: false, hint: 'The organization’s general email address; its domain is kept.', aliases: ['email_address', 'e_mail'] },
  { key: 'billing_address', label: 'Billing address', required: false, hint: 'Up to 1,000 characters.', aliases: ['address', 'mailing_address'] },
  { key: 'po_number', label: 'PO number', required: false, hint: 'Up to 100 characters.', aliases: ['po', 'purchase_order'] },
];

const ENTITY_ALIASES: Record<string, EntityType> = Object.fromEntries([
  ...ENTITY_TYPES.map((t) => [t, t]),
  ['tribal nation', 'tribal_nation'],
  ['tribe', 'tribal_nation'],
  ['township', 'town'],
  ['village', 'town'],
  ['regional council', 'region'],
]);
const STATES = new Set<string>(STATE_CODES);
export const emailSchema = z.email();

export const organizationsKind = defineKind<ImportedOrganization>({
  made: (o, id) => ({ label: o.name, href: `/staff/organizations/${id}` }),
  kind: 'organizations',
  noun: 'organization',
  plural: 'organizations',
  fields: ORGANIZATION_FIELDS,
  check({ get, fail }) {
    const name = get('name');
    if (!name) fail('name', name, 'The name is missing.');
    else if (name.length > 200) fail('name', name, 'The name is longer than 200 characters.');
    const typeText = get('entity_type');
    const entityType = ENTITY_ALIASES[typeText.toLowerCase().replace(/_/g, ' ')] ?? ENTITY_ALIASES[typeText.toLowerCase()];
    if (!typeText) fail('entity_type', typeText, 'The entity type is missing.');
    else if (!entityType) fail('entity_type', typeText, `“${typeText}” is not an entity type: use one of ${TYPE_NAMES}.`);
    const state = get('state').toUpperCase();
    if (!state) fail('state', state, 'The state is missing.');
    else if (!STATES.has(state)) fail('state', get('state'), `“${get('state')}” is not a US state code (two letters, like OH).`);
    const popText = get('population').replace(/[,\s]/g, '');
    let population: number | null = null;
    let ok = Boolean(name && name.length <= 200 && entityType && STATES.has(state));
    if (popText) {
      if (!/^\d{1,9}$/.test(popText)) {
        fail('population', get('population'), 'The population is not a whole number.');
        ok = false;
      } else population = Number(popText);
    }
    const website = get('website');
    if (website && (website.length > 300 || !/^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(website))) {
      fail('website', website, 'The website is not an http:// or https:// address.');
      ok = false;
    }
    const mail = get('email');
    let emailDomain: string | null = null;
    if (mail) {
      if (mail.length > 254 || !emailSchema.safeParse(mail).success) {
        fail('email', mail, 'The email address is not valid.');
        ok = false;
      } else emailDomain = (mail.split('@')[1] ?? '').toLowerCase();
    }
    const billingAddress = get('billing_address');
    if (billingAddress.length > 1000) {
      fail('billing_address', billingAddress.slice(0, 100), 'The billing address is longer than 1,000 characters.');
      ok = false;
    }
    const poNumber = get('po_number');
    if (poNumber.length > 100) {
      fail('po_number', poNumber, 'The PO number is longer than 100 characters.');
      ok = false;
    }
    if (!ok || !entityType) return null;
    return { name, entityType, state, population, website, emailDomain, billingAddress, poNumber: poNumber || null };
  },
  write: async (trx, _ctx, fresh, edited) => {
    const ids = await insertImportedOrganizations(trx, fresh);
    await updateImportedOrganizations(
      trx,
      edited.map((e) => ({ ...e.value, id: e.id })),
    );
    return ids;
  },
});
