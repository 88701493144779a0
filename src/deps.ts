// The dependencies every service takes, built once per process (or per test file).
import type { VNode } from 'preact';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Association, Invoice } from './db/types.js';
import type { Clock } from './lib/clock.js';
import { createMailer, type Mailer, registerEmailDelivery } from './lib/email.js';
import { createJobs, type Jobs } from './lib/jobs.js';
import { registerRequestJobs } from './modules/index.js';
import type { PageContext } from './web/context.js';

export interface AssociationCache {
  get(): Promise<Association>;
  invalidate(): void;
}

/**
 * The "Pay by card" block of the public invoice page (billing), filled by the card payment code
 * when Stripe is set up. Called only for an invoice that can be paid now (issued or partly paid,
 * with a balance due). Returns the block to show under "By card" — a form carrying `ctx.csrf` as
 * `_csrf` — or null when card payment is not offered for it. While a slot is set, the page also
 * tells a payer coming back from checkout what happened.
 */
export type CardPaymentSlot = (invoice: Invoice, ctx: PageContext) => Promise<VNode | null>;

/** Parts of one module's pages that another fills, chosen per app by the composition root. */
export interface Slots {
  cardPayment: CardPaymentSlot | null;
}

export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  jobs: Jobs;
  mail: Mailer;
  association: AssociationCache;
  slots: Slots;
}

const FALLBACK_ASSOCIATION: Association = {
  id: 1,
  name: 'Civnet',
  short_name: 'Civnet',
  contact_email: 'hello@civnet.local',
  phone: '',
  address: '',
  website: '',
  founded_year: 2000,
  membership_year_start_month: 1,
  updated_at: new Date(0),
  invoice_terms_days: 30,
  activation_rule: 'full',
  term_model: 'anniversary',
  renewal_lead_days: 60,
  reminder_days: [0, 14, 30],
  grace_days: 30,
};

function associationCache(db: Db, ttlMs = 30_000, clock: Clock): AssociationCache {
  let cached: { value: Association; at: number } | null = null;
  return {
    async get() {
      const now = clock.now().getTime();
      if (cached && now - cached.at < ttlMs) return cached.value;
      const row = await db.selectFrom('association').selectAll().where('id', '=', 1).executeTakeFirst();
      cached = { value: row ?? FALLBACK_ASSOCIATION, at: now };
      return cached.value;
    },
    invalidate() {
      cached = null;
    },
  };
}

export function createDeps(config: Config, database: Database, clock: Clock, opts: { pollingIntervalSeconds?: number } = {}): Deps {
  const jobs = createJobs(database, opts);
  const association = associationCache(database.db, 30_000, { now: () => new Date() });
  const mail = createMailer({ jobs, now: () => clock.now() });
  registerEmailDelivery({ db: database.db, jobs, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, now: () => clock.now() });
  const deps: Deps = { config, database, db: database.db, clock, jobs, mail, association, slots: { cardPayment: null } };
  registerRequestJobs(deps);
  return deps;
}
