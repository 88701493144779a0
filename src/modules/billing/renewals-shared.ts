// What the steps of the renewal run share: its deps, its options and the counts it returns.
import type { Invoice } from '../../db/types.js';
import type { Deps } from '../../deps.js';

export type RenewalDeps = Pick<Deps, 'db' | 'clock' | 'mail' | 'config' | 'association' | 'jobs' | 'hooks'>;

export interface RenewalCounts {
  /** renewal invoices issued */
  issued: number;
  /** reminder emails queued (one per invoice per run, however many offsets it caught up on) */
  reminded: number;
  /** memberships lapsed */
  lapsed: number;
  /** memberships due for renewal that got no invoice: priced "contact us" (regions), no price
   * (no population, no schedule), or renewed or invoiced meanwhile (by a run at the same time) */
  skipped: number;
}

export interface RunRenewalsOptions {
  /** the day to run for, 'YYYY-MM-DD' (UTC); default today by the deps clock */
  today?: string;
  /** memberships or invoices read per page (keyset pagination), and renewal invoices issued
   * per transaction; default 100 */
  batchSize?: number;
  /** Called for each invoice inside its batch's transaction, after the batch's invoices are
   * written and before it commits. A throw rolls the batch back (numbers too) and stops the
   * run: tests interrupt runs with it. */
  onIssued?: (invoice: Invoice) => void | Promise<void>;
}

/** where a keyset page starts: before every uuid */
export const FIRST_UUID = '00000000-0000-0000-0000-000000000000';
