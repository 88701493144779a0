// The dependencies every service takes, built once per app (or per test file), with the hooks
// and slots through which modules reach each other without importing each other. Nothing here
// is shared between two apps of one process.
import type { Transaction } from 'kysely';
import type { VNode } from 'preact';
import { ASSOCIATION_CHANNEL, type AssociationCache, associationCache, NETWORK_SUMMARY_CHANNEL, SEARCHES_CHANNEL, type SummaryCache, summaryCache } from './caches.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Association, DB, Invoice, OrgRole, RenewalFailure } from './db/types.js';
import type { Principal } from './lib/access.js';
import type { OnVisit } from './lib/batch-runner.js';
import { type Changes, createChanges } from './lib/changes.js';
import type { Clock } from './lib/clock.js';
import { createMailer, type Mailer, registerEmailDelivery } from './lib/email.js';
import { createJobs, type Jobs } from './lib/jobs.js';
import type { RecordNamer } from './lib/record-names.js';
import type { PageContext } from './web/context.js';

export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  jobs: Jobs;
  mail: Mailer;
  /** changes every process hears of (LISTEN/NOTIFY on PostgreSQL): caches forget their copy */
  changes: Changes;
  association: AssociationCache;
  summaries: SummaryCache;
  /** Search results that many visitors ask for alike (resource and job searches), kept for
   * `SEARCH_CACHE_MS`; a `searches` change in any process forgets them all. */
  searches: SummaryCache;
  /** what other modules do when something happens in one (arrays, run in order) */
  hooks: Hooks;
  /** parts of one module's pages that other modules fill */
  slots: Slots;
}

export type { AssociationCache, SummaryCache } from './caches.js';
export { ASSOCIATION_CHANNEL, associationThrough, SEARCHES_CHANNEL } from './caches.js';

type Trx = Transaction<DB>;

/** Run in the payment's transaction when an organization's membership becomes active (advising
 * assigns the advisor). */
export type MembershipActivatedHook = (trx: Trx, event: { membershipId: string; organizationId: string; at: Date }) => Promise<void>;

/** The association's rules for settling an invoice (billing's settings). */
export type SettlementSettings = Pick<Association, 'activation_rule' | 'term_model' | 'membership_year_start_month'>;

/** See `Hooks.invoiceSettled`. `invoice` is as it stands after the change (status, paid, credited). */
export type InvoiceSettledHook = (trx: Trx, deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>, invoice: Invoice, on: string, actor: string | null) => Promise<void>;

/** An ethics outcome that has taken effect: its appeal window closed with no appeal, or the appeal
 * upheld it (issue 17, I5). `until` is the last day of the bar (a suspension of up to five years,
 * a public censure's five-year bar on the credential); null for a permanent one (expulsion and
 * bar, credential revoked). Dates are the association's calendar days (YYYY-MM-DD). */
export interface EthicsSanction {
  caseId: string;
  /** the member concerned (users.id) */
  userId: string;
  outcome: 'public_censure' | 'suspension' | 'expulsion' | 'credential_revoked';
  effectiveOn: string;
  until: string | null;
}

/** Run in the ethics module's transaction when a sanction takes effect: the individuals module
 * ends the membership and bars rejoining (suspension, expulsion); credentialing revokes or bars
 * the credential. */
export type EthicsSanctionHook = (trx: Trx, deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>, sanction: EthicsSanction) => Promise<void>;

/** Run in the transaction of a payment or credit note on an invoice for an individual membership
 * (the individuals module activates, renews or reinstates it); returns the id of a membership it
 * activated, else null. */
export type IndividualInvoicePaidHook = (
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'mail' | 'config' | 'association'>,
  invoice: Invoice,
  paidOn: string,
  actor: string | null,
  settings: SettlementSettings,
) => Promise<string | null>;

/** An invoice the next renewal run will issue (its preview), for an organization's membership or
 * a person's individual membership. */
export interface RenewalIssuePlan {
  kind: 'organization' | 'person';
  membershipId: string;
  /** the organization's or the person's name */
  subject: string;
  termStart: string;
  termEnd: string;
  amountCents: number;
  /** the member's staff record page (the organization's, or the individual member's) */
  href: string;
}

/** A membership the next renewal run will lapse (its preview). */
export interface RenewalLapsePlan {
  kind: 'organization' | 'person';
  membershipId: string;
  subject: string;
  termEnd: string;
  /** the member's staff record page (the organization's, or the individual member's) */
  href: string;
}

/** A membership whose renewal the run could not price, flagged once (0038) until its input is entered. */
export interface BlockedRenewal {
  kind: 'organization' | 'person';
  membershipId: string;
  subject: string;
  reason: string;
  blockedAt: Date;
  termEnd: string | null;
  /** the staff page where the missing input is entered */
  href: string;
}

/** A part of billing's daily renewal run done by another module (individual memberships), with the
 * same settings and the same counts: `issue` after the organizations' renewal invoices, `lapse`
 * after theirs. Rows it cannot do go to `failures` (the run goes on). `preview` says what `issue`
 * and `lapse` would do today, with the same selection of candidates and the same rules. */
export interface RenewalParticipant {
  issue(
    deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>,
    run: { today: string; horizon: string; batchSize: number; onVisit?: OnVisit },
    counts: { issued: number; skipped: number; failures: RenewalFailure[] },
  ): Promise<void>;
  lapse(
    deps: Pick<Deps, 'db' | 'clock' | 'mail' | 'config'>,
    run: { today: string; graceDays: number; batchSize: number; onVisit?: OnVisit },
    counts: { lapsed: number; failures: RenewalFailure[] },
  ): Promise<void>;
  /** the memberships the run flagged as impossible to price (the console's "blocked" list, the
   * first `limit`, oldest flag first) and how many there are */
  blocked(deps: Pick<Deps, 'db'>, opts: { limit: number }): Promise<{ rows: BlockedRenewal[]; total: number }>;
  preview(
    deps: Pick<Deps, 'db'>,
    run: { today: string; horizon: string; graceDays: number; batchSize: number },
  ): Promise<{ issue: RenewalIssuePlan[]; lapse: RenewalLapsePlan[]; failures: RenewalFailure[] }>;
}

/** Run in the transaction of a merge of two accounts of one person (accounts' `mergeAccounts`):
 * each module moves its rows of `fromUserId` to `intoUserId`, or throws an AppError to refuse. */
export type AccountsMergedHook = (trx: Trx, event: { fromUserId: string; intoUserId: string; at: Date }) => Promise<void>;
/** What merging a duplicate organization into another asks of a module: move its rows of `from`
 * to `to` (settling anything the move would make clash), in the merge's transaction. Returns how
 * many rows of each of its tables moved, for the audit row and the confirmation. */
export interface OrganizationMover {
  /** the module, for messages and counts */
  module: string;
  /** rows of `from` that would move, per table (the confirmation page), without changing anything */
  count(db: Db | Trx, organizationId: string): Promise<Record<string, number>>;
  move(trx: Trx, event: { from: string; to: string; at: Date; actorUserId: string | null }): Promise<Record<string, number>>;
}

/** Run in the transaction in which a person first shows that their address is theirs (a
 * confirmation, sign-in, reset or invitation link emailed to it): what waited for that goes on
 * (individuals: the first invoice of a membership joined with a new account). */
export type AddressConfirmedHook = (trx: Trx, event: { userId: string; at: Date }) => Promise<void>;

export interface Hooks {
  membershipActivated: MembershipActivatedHook[];
  addressConfirmed: AddressConfirmedHook[];
  accountsMerged: AccountsMergedHook[];
  individualInvoicePaid: IndividualInvoicePaidHook[];
  /** run in the transaction of every payment or credit note that changes what an invoice owes
   * for something other than a membership (purpose 'event', 'sponsorship', 'other'): the module
   * the invoice is for (events: its order) settles it; each hook ignores invoices not its own */
  invoiceSettled: InvoiceSettledHook[];
  renewals: RenewalParticipant[];
  /** the modules whose rows follow an organization merged into another (records' merge runs them) */
  organizationMerged: OrganizationMover[];
  /** run by ethics when a sanction takes effect (see EthicsSanctionHook) */
  ethicsSanction: EthicsSanctionHook[];
}

/** What a section of the organization home (/org) is given to render. */
export interface OrgSectionContext {
  deps: Deps;
  /** the organization whose home this is; the viewer is one of its contacts (checked before) */
  organizationId: string;
  organizationName: string;
  viewer: Principal;
  /** the viewer's role in this organization */
  role: OrgRole;
  page: PageContext;
}

/** A section of the organization home, contributed by a module (portal, advising, assistance). */
export interface OrgSection {
  /** unique; also the element id of the section (`#advisor`) */
  id: string;
  /** position on the page: smaller first (get started 5, status 10, invoices 20, advisor 30, assistance 40, business challenges 45, contacts 50, profile 60, login requests 70) */
  order: number;
  title: string;
  /** the section's body; null leaves the section out */
  render(ctx: OrgSectionContext): Promise<VNode | null>;
}

/** The "Pay by card" block of the public invoice page (see billing/public-views.tsx): called only for an
 * invoice that can be paid now; null when card payment is not offered. */
export type CardPaymentSlot = (invoice: Invoice, ctx: PageContext) => Promise<VNode | null>;

/** A part of the public invoice page under its items that another module adds for the invoices
 * it owns a part of (individuals: an individual member's installment schedule); null: nothing. */
export type InvoicePart = (deps: Pick<Deps, 'db'>, invoice: Invoice) => Promise<VNode | null>;

/** What the person's own profile page (/me) gives the part it shows above the form. */
export interface PersonStartContext {
  deps: Deps;
  viewer: Principal;
  page: PageContext;
  /** what the person's profile has: the details people look for (title, employer, about), a photo */
  profile: { details: boolean; photo: boolean };
}

/** A part shown at the top of /me (onboarding's "Get started"); null: nothing. */
export type PersonStartSlot = (ctx: PersonStartContext) => Promise<VNode | null>;

/** A part of a listed member organization's public network page that another module adds (news:
 * the stories featuring it); null: nothing. Everyone sees the page: a part shows only public data. */
export type NetworkMemberPart = (deps: Pick<Deps, 'db' | 'clock' | 'association'>, member: { id: string; slug: string; name: string }, ctx: PageContext) => Promise<VNode | null>;

export interface Slots {
  /** the sections of the organization home, in any order (the page sorts them by `order`) */
  orgSections: OrgSection[];
  /** parts shown at the top of the person's own profile page (/me), in order */
  personStart: PersonStartSlot[];
  /** parts of the public invoice page, in order */
  invoiceParts: InvoicePart[];
  /** filled when card payment (Stripe) is configured; null otherwise */
  cardPayment: CardPaymentSlot | null;
  /** parts of a listed member's network page (/network/<slug>), in order (news: its stories) */
  networkMemberParts: NetworkMemberPart[];
  /** a signed-in person's places that another module knows of, listed on home and /account
   * beside their organizations (individuals: a membership waiting for its payment or check) */
  personPlaces: PersonPlaceSlot[];
  /** the network's affiliates (partners: chapters and branches), drawn on its map and counted in
   * its stats; left out (no affiliates) when no module fills it */
  networkAffiliates?: NetworkAffiliates;
  /** parts of a public event page (/events/<slug>) under its details, in order (sponsorship: the
   * conference's sponsors by tier); left out when no module fills it */
  eventPageParts?: EventPagePart[];
  /** the sign-in page's word on why a visitor is there, from the (already site-relative) page
   * they will come back to (events: "Sign in to register for Spring Managers' Forum"); the first
   * that knows the page answers, else the page says they will come back to it */
  signInReasons?: SignInReason[];
  /** a kind of record's names and staff pages by id, by the kind's name in the audit log
   * (`event`, `sponsorship_package`…), registered by the module that owns it */
  recordNames: Record<string, RecordNamer>;
}

/** A place of a person (a link, and what the person is there in words), or null: none. */
export type PersonPlaceSlot = (deps: Pick<Deps, 'db'>, person: { userId: string; roles: ReadonlySet<string> }) => Promise<PersonPlace | null>;

/** `menu`: the place's short name in the header's menu, when it belongs there (individuals: "My
 * membership" while it is not active yet, as the menu names it once it is). */
export type PersonPlace = { label: string; href: string; roles: string[]; menu?: string };

/** A part of an event's public page that another module adds (sponsorship: its sponsors); null:
 * nothing. Everyone may see the page: a part shows only public data. */
export type EventPagePart = (deps: Pick<Deps, 'db' | 'clock'>, event: { id: string; slug: string; title: string }, ctx: PageContext) => Promise<VNode | null>;

/** Why a visitor is asked to sign in on the way to `next` (a site-relative path), in words; null:
 * not a page this module knows. Only public data: the words show to anyone. */
export type SignInReason = (deps: Pick<Deps, 'db'>, next: string) => Promise<string | null>;

/** A public affiliate of the association placed on the network map (partners' chapters and branches). */
export interface NetworkAffiliate {
  name: string;
  state: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** What the network asks of the module that keeps its affiliates: the public ones (every one
 * counted; those with coordinates drawn). */
export interface NetworkAffiliates {
  list(db: Db): Promise<NetworkAffiliate[]>;
}

/**
 * The dependencies of one app. `wire` is the composition root's `wireModules`
 * (src/modules/index.ts): it registers the modules' request jobs and fills the hooks, slots, email
 * templates and attachment renderers, before anything runs. (It is passed in because every module imports this
 * file for the `Deps` type, so this file imports no module.)
 */
export function createDeps(config: Config, database: Database, clock: Clock, opts: { wire: (deps: Deps) => void; pollingIntervalSeconds?: number }): Deps {
  const changes = createChanges(database);
  const association = associationCache(database.db, 30_000, { now: () => new Date() }, changes);
  // daily schedules run at their hour in the association's time zone
  const jobs = createJobs(database, { pollingIntervalSeconds: opts.pollingIntervalSeconds, timeZone: () => association.timeZone() });
  const mail = createMailer({ jobs, now: () => clock.now() });
  registerEmailDelivery({ db: database.db, jobs, mail, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, now: () => clock.now() });
  const hooks: Hooks = {
    membershipActivated: [],
    addressConfirmed: [],
    accountsMerged: [],
    individualInvoicePaid: [],
    invoiceSettled: [],
    renewals: [],
    organizationMerged: [],
    ethicsSanction: [],
  };
  const slots: Slots = { orgSections: [], personStart: [], invoiceParts: [], cardPayment: null, networkMemberParts: [], personPlaces: [], recordNames: {} };
  const summaries = summaryCache(config.SUMMARY_CACHE_MS, () => Date.now());
  // the network's triggers send pg_notify('civnet_network_summary') at commit: every process drops its copies
  changes.on(NETWORK_SUMMARY_CHANNEL, () => summaries.invalidate());
  // the kept pages (home, /network for visitors) carry the association's name and contacts
  changes.on(ASSOCIATION_CHANNEL, () => summaries.invalidate());
  // a separate store, so that many different searches do not push the network's pages out
  const searches = summaryCache(config.SEARCH_CACHE_MS, () => Date.now());
  changes.on(SEARCHES_CHANNEL, () => searches.invalidate());
  const deps: Deps = { config, database, db: database.db, clock, jobs, mail, changes, association, summaries, searches, hooks, slots };
  opts.wire(deps);
  return deps;
}
