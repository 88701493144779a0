// Where staff fix a row a renewal run could not do (the console's skipped rows and past runs'
// failures, and `href` in their JSON): an organization's membership → the organization's staff
// record, an individual membership → the individual member's staff record, an invoice → its staff
// page. Worked out from the stored ids in one lookup per kind (a page of failures, not a row at a
// time), through the owning modules: organizations' `membershipOrganizations`, the individuals
// module's record names (deps.slots.recordNames), billing's own invoices. A stored failure whose
// record is gone (a membership deleted since) has no link: shown as text.
import type { RenewalFailure } from '../../db/types.js';
import type { Deps } from '../../deps.js';
import { membershipOrganizations } from '../organizations/index.js';
import { invoiceNumbers } from './queries.js';

/** A failure with the staff page where it is fixed, or null when its record no longer exists. */
export type LinkedFailure = RenewalFailure & { href: string | null };

/** ids per lookup: a first preview over a national data set can skip a hundred thousand rows, and
 * PostgreSQL takes at most 65,535 parameters in a statement */
const CHUNK = 5_000;

async function inChunks<V>(ids: string[], lookup: (chunk: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, V>();
  for (let i = 0; i < unique.length; i += CHUNK) for (const [k, v] of await lookup(unique.slice(i, i + CHUNK))) out.set(k, v);
  return out;
}

/** The failures, each with its staff page (`href`, null when its record is gone). */
export async function linkFailures(deps: Pick<Deps, 'db' | 'slots'>, failures: readonly RenewalFailure[]): Promise<LinkedFailure[]> {
  const idsOf = (kind: RenewalFailure['kind']) => failures.filter((f) => f.kind === kind).map((f) => f.id);
  const people = deps.slots.recordNames.individual_membership;
  const [organizations, persons, invoices] = await Promise.all([
    inChunks(idsOf('organization'), (ids) => membershipOrganizations(deps.db, ids)),
    people ? inChunks(idsOf('person'), (ids) => people(deps.db, ids)) : new Map<string, { href: string | null }>(),
    inChunks(idsOf('invoice'), (ids) => invoiceNumbers(deps.db, ids)),
  ]);
  const hrefOf = (f: RenewalFailure): string | null => {
    if (f.kind === 'organization') {
      const m = organizations.get(f.id);
      return m ? `/staff/organizations/${m.organizationId}` : null;
    }
    if (f.kind === 'person') return persons.get(f.id)?.href ?? null;
    return invoices.has(f.id) ? `/staff/invoices/${f.id}` : null;
  };
  return failures.map((f) => ({ ...f, href: hrefOf(f) }));
}

/** Several lists of failures (the preview's skipped rows, each run's), linked together: one lookup
 * per kind for all of them. */
export async function linkFailureLists(deps: Pick<Deps, 'db' | 'slots'>, lists: ReadonlyArray<readonly RenewalFailure[]>): Promise<LinkedFailure[][]> {
  const linked = await linkFailures(deps, lists.flat());
  let at = 0;
  return lists.map((list) => {
    const part = linked.slice(at, at + list.length);
    at += list.length;
    return part;
  });
}
