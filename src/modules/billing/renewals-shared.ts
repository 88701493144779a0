// What the steps of the renewal run share: its deps, its options and the counts it returns.
import type { Invoice, RenewalFailure } from '../../db/types.js';
import type { Deps, RenewalIssuePlan, RenewalLapsePlan } from '../../deps.js';
import { hasStaffRole, type Principal } from '../../lib/access.js';
import type { OnVisit } from '../../lib/batch-runner.js';

export type { RenewalFailure, RenewalIssuePlan, RenewalLapsePlan };

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

/** The counts, and the rows the run could not do and why (the run goes on past them). */
export interface RenewalOutcome extends RenewalCounts {
  failures: RenewalFailure[];
}

/** The stages of a run, in order. */
export type RenewalStage = 'issue organizations' | 'issue others' | 'remind' | 'lapse organizations' | 'lapse others';

/** Who started a run: the daily job, `civnet renewals run`, or staff from the console. */
export type RenewalTrigger = 'job' | 'cli' | 'console';

export interface RunRenewalsOptions {
  /** who started it (recorded in renewal_runs); default 'job' */
  trigger?: RenewalTrigger;
  /** the staff member who pressed "Run now" */
  actorUserId?: string | null;
  /** who, in words, when there is no account: the command's operating-system user */
  actorLabel?: string;
  /** the console form's hidden key: a second run with the same key is refused (409) */
  requestKey?: string;
  /** the request's id, for the audit row of a console run */
  requestId?: string;
  /** the day to run for, 'YYYY-MM-DD'; default today in the association's time zone */
  today?: string;
  /** memberships or invoices read per page (keyset pagination), and renewal invoices issued
   * per transaction; default 500 */
  batchSize?: number;
  /** Called with every row the run's batches read (batch-runner.ts): tests count them. */
  onVisit?: OnVisit;
  /** Called as each stage of the run ends, with its milliseconds (bench/renewal-stages.ts). */
  onStage?: (stage: RenewalStage, ms: number) => void;
  /** Called for each invoice inside its batch's transaction, after the batch's invoices are
   * written and before it commits. A throw rolls the batch back (numbers too) and stops the
   * run: tests interrupt runs with it. */
  onIssued?: (invoice: Invoice) => void | Promise<void>;
}

/** where a keyset page starts: before every uuid */
export const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/** A reminder the next run will send (its preview): the invoice, and the offsets it has reached
 * that are not recorded yet (a run that missed days sends one email for all of them). */
export interface RenewalReminderPlan {
  /** null: the renewal invoice this same run issues first (due at once, with no terms days) */
  invoiceId: string | null;
  invoiceNumber: string | null;
  /** the organization's name, else whom the invoice is billed to */
  subject: string;
  dueOn: string;
  offsets: number[];
}

/** What the next run will do, row by row; built by the same candidate selection as the run. */
export interface RenewalPreview {
  today: string;
  issue: RenewalIssuePlan[];
  remind: RenewalReminderPlan[];
  lapse: RenewalLapsePlan[];
  /** rows the run will skip and record as failures, with why */
  failures: RenewalFailure[];
}

/** The preview as this person may see it: an individual member's dues follow from their private
 * dues inputs (salary, employer figures), which only finance staff see; others get no amount. */
export function previewFor(viewer: Principal | null, preview: RenewalPreview) {
  const finance = hasStaffRole(viewer, 'finance');
  return { ...preview, issue: preview.issue.map((i) => ({ ...i, amountCents: finance || i.kind === 'organization' ? i.amountCents : null })) };
}
export type ShownPreview = ReturnType<typeof previewFor>;
