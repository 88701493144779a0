// Sending a campaign: in batches, each one transaction that locks the campaign, picks the next
// addresses (segment.ts), inserts their `newsletter_campaign_recipients` rows and queues their
// messages in the outbox. The rows' primary key (campaign, address) and the lock make a campaign
// go out once per address: a sender killed mid-batch loses the whole batch (it rolls back), and
// whoever resumes starts after the last batch that committed. Throttled: after each batch the
// next waits batch_size / rate_per_minute minutes (newsletter_settings). A send job works about a
// minute of batches; the every-minute job starts scheduled campaigns and queues one send job per
// campaign that is sending (a singleton per campaign), which is also how a dead sender resumes.
import type { Deps } from '../../deps.js';
import { insertUnnest } from '../../lib/unnest.js';
import { isUuid } from '../../lib/validators.js';
import { type CampaignContent, campaignContent, campaignMessage } from './message.js';
import { newsletterSettings } from './queries.js';
import { pendingRecipients } from './segment.js';
import type { NewsletterDeps } from './shared.js';

export const SEND_QUEUE = 'newsletter-send';
export const DUE_QUEUE = 'newsletter-due';
/** every minute */
const DUE_CRON = '* * * * *';

const RECIPIENT_COLUMNS = [
  ['campaign_id', 'uuid'],
  ['email', 'text'],
  ['subscriber_id', 'uuid'],
  ['outbox_id', 'uuid'],
  ['queued_at', 'timestamptz'],
] as const;

export interface BatchResult {
  queued: number;
  done: boolean;
}

/** Queues the next batch of a campaign that is sending; marks it sent when no address is left. */
export async function sendNextBatch(deps: NewsletterDeps, campaignId: string, opts: { batchSize?: number } = {}): Promise<BatchResult> {
  const settings = await newsletterSettings(deps.db);
  const association = await deps.association.get();
  return deps.db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('newsletter_campaigns').selectAll().where('id', '=', campaignId).forUpdate().executeTakeFirst();
    if (c?.state !== 'sending') return { queued: 0, done: true };
    const list = await trx.selectFrom('newsletter_lists').selectAll().where('id', '=', c.list_id).executeTakeFirstOrThrow();
    const last = await trx
      .selectFrom('newsletter_campaign_recipients')
      .select((eb) => eb.fn.max('email').as('email'))
      .where('campaign_id', '=', c.id)
      .executeTakeFirst();
    const next = await pendingRecipients(trx, c, list.audience === 'members', opts.batchSize ?? settings.batch_size, last?.email ?? null);
    const now = deps.clock.now();
    if (next.length === 0) {
      await trx.updateTable('newsletter_campaigns').set({ state: 'sent', finished_at: now, updated_at: now }).where('id', '=', c.id).execute();
      return { queued: 0, done: true };
    }
    const content: CampaignContent = campaignContent(c, list, association, deps.config.publicUrl);
    const outboxIds = await deps.mail.queueMany(
      trx,
      next.map((s) => campaignMessage(content, s)),
    );
    await insertUnnest(
      trx,
      'newsletter_campaign_recipients',
      RECIPIENT_COLUMNS,
      next.map((s, i) => ({ campaign_id: c.id, email: s.email, subscriber_id: s.id, outbox_id: outboxIds[i] ?? '', queued_at: now })),
    );
    return { queued: next.length, done: false };
  });
}

/** Seconds to wait after a batch of `n` messages at the configured rate. */
export async function pauseAfter(deps: Pick<NewsletterDeps, 'db'>, n: number): Promise<number> {
  const s = await newsletterSettings(deps.db);
  return (n / s.rate_per_minute) * 60;
}

/** Sends a campaign to the end in this process (the `civnet newsletters send` command and tests),
 * pausing between batches at the configured rate unless `pace` is false. */
export async function runCampaign(deps: NewsletterDeps, campaignId: string, opts: { pace?: boolean; forMs?: number; onBatch?: (r: BatchResult) => void } = {}): Promise<number> {
  let total = 0;
  const until = opts.forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.forMs;
  for (;;) {
    const started = Date.now();
    const r = await sendNextBatch(deps, campaignId);
    opts.onBatch?.(r);
    total += r.queued;
    if (r.done || Date.now() >= until) return total;
    if (opts.pace !== false) {
      const wait = (await pauseAfter(deps, r.queued)) * 1000 - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Moves scheduled campaigns whose time has come to sending, and queues a send job for each
 * campaign that is sending (one per campaign: a sender that died is resumed here). */
export async function startDueCampaigns(deps: NewsletterDeps): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('newsletter_campaigns')
      .set({ state: 'sending', started_at: now, updated_at: now })
      .where('state', '=', 'scheduled')
      .where('send_at', '<=', now)
      .execute();
    const sending = await trx.selectFrom('newsletter_campaigns').select('id').where('state', '=', 'sending').execute();
    for (const c of sending) await deps.jobs.send(trx, SEND_QUEUE, { campaignId: c.id }, { singletonKey: `newsletter-${c.id}` });
    return sending.length;
  });
}

export function registerNewsletterJobs(deps: Deps): void {
  deps.jobs.register({ name: SEND_QUEUE, retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, deadLetter: true }, async (data) => {
    const id = typeof data.campaignId === 'string' ? data.campaignId : '';
    if (!isUuid(id)) return;
    // About a minute of batches at the configured rate; the every-minute job queues the next.
    await runCampaign(deps, id, { forMs: 50_000 });
  });
  deps.jobs.register({ name: DUE_QUEUE, retryLimit: 1, retryDelaySeconds: 30, retryBackoff: false, deadLetter: false }, async () => {
    await startDueCampaigns(deps);
  });
  // A recipient the SMTP server refuses permanently is a hard bounce: no newsletter goes there
  // again until the address confirms a subscription anew. (Transactional email is not affected.)
  deps.mail.rejected.push(async (r) => {
    await deps.db
      .insertInto('newsletter_suppressions')
      .values({ email: r.to.trim().toLowerCase(), reason: 'bounced', detail: `${r.code} ${r.error}`.slice(0, 500), created_at: deps.clock.now() })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
  });
}

export async function scheduleNewsletterJobs(deps: Pick<Deps, 'jobs'>): Promise<void> {
  await deps.jobs.schedule(DUE_QUEUE, DUE_CRON);
}
