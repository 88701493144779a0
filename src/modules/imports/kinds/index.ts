// The kinds of import: each declares its fields, row checks and writer; the service runs any of them.
import type { ImportKind } from '../../../db/types.js';
import { balancesKind } from './balances.js';
import { contactsKind } from './contacts.js';
import type { KindSpec } from './fields.js';
import { individualsKind } from './individuals.js';
import { organizationsKind } from './organizations.js';
import { termsKind } from './terms.js';

export const IMPORT_KINDS: Record<ImportKind, KindSpec<unknown>> = {
  organizations: organizationsKind,
  contacts: contactsKind,
  individuals: individualsKind,
  terms: termsKind,
  balances: balancesKind,
};

export const KIND_NAMES = Object.keys(IMPORT_KINDS) as ImportKind[];

export const isImportKind = (s: string): s is ImportKind => Object.hasOwn(IMPORT_KINDS, s);

export { type Checked, guessMapping, type ImportField, type KindSpec, type MadeLink, type Mapping, mappingProblems, type RowProblem } from './fields.js';
