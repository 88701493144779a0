// Communications staff's use cases: lists, campaigns (saved as drafts, scheduled, or sent now),
// a test to oneself, the sending rate, and a complaint or bounce added to the suppression list by
// hand. Every change writes an audit row in its transaction.
import { writeAudit } from '../../lib/audit.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { markdownProblems } from '../publishing/index.js';
import { campaignContent, campaignMessage } from './message.js';
import { type CampaignRow, campaignById } from './queries.js';
import type { CampaignForm, ListForm } from './schemas.js';
import { countSegment } from './segment.js';
import { SEND_QUEUE } from './send.js';
import type { Actor, NewsletterDeps } from './shared.js';
import { normalizeEmail } from './shared.js';

export async function createList(deps: NewsletterDeps, form: ListForm, actor: Actor): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('newsletter_lists').select('id').where('slug', '=', form.slug).executeTakeFirst();
    if (taken) throw fieldError({ slug: 'Another list has this web address; choose another.' });
    const { id } = await trx
      .insertInto('newsletter_lists')
      .values({ slug: form.slug, name: form.name, description: form.description, audience: form.audience })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'newsletters.list_created',
      entityType: 'newsletter_list',
      entityId: id,
      after: form,
      requestId: actor.requestId,
      at: deps.clock.now(),
    });
    return id;
  });
}

/** Saves a campaign that has not started sending (a new one without `id`). */
export async function saveCampaign(deps: NewsletterDeps, form: CampaignForm, actor: Actor, id?: string): Promise<string> {
  const problems = markdownProblems(form.body);
  if (problems.length) throw fieldError({ body: problems.join(' ') });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const list = await trx.selectFrom('newsletter_lists').select('id').where('id', '=', form.listId).executeTakeFirst();
    if (!list) throw fieldError({ listId: 'Choose a list.' });
    const values = { list_id: form.listId, subject: form.subject, body: form.body, segment: JSON.stringify(form.segment), updated_at: now };
    if (!id) {
      const row = await trx
        .insertInto('newsletter_campaigns')
        .values({ ...values, state: 'draft', created_by: actor.userId, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actorUserId: actor.userId,
        action: 'newsletters.campaign_created',
        entityType: 'newsletter_campaign',
        entityId: row.id,
        after: { subject: form.subject, listId: form.listId, segment: form.segment },
        requestId: actor.requestId,
        at: now,
      });
      return row.id;
    }
    const updated = await trx.updateTable('newsletter_campaigns').set(values).where('id', '=', id).where('state', 'in', ['draft', 'scheduled']).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('newsletters.campaign_started', { message: 'This campaign has started sending; it can no longer be changed.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'newsletters.campaign_updated',
      entityType: 'newsletter_campaign',
      entityId: id,
      after: { subject: form.subject, listId: form.listId, segment: form.segment },
      requestId: actor.requestId,
      at: now,
    });
    return id;
  });
}

/** Sends the campaign as it is now to the author's own address, marked as a test; it records no
 * recipient, so the campaign still goes to that address when it is sent. */
export async function sendTestMessage(deps: NewsletterDeps, campaign: CampaignRow, to: string): Promise<void> {
  const list = await deps.db.selectFrom('newsletter_lists').selectAll().where('id', '=', campaign.list_id).executeTakeFirstOrThrow();
  const content = campaignContent(campaign, list, await deps.association.get(), deps.config.publicUrl);
  // The test's links are signed with a throwaway key: they lead nowhere.
  await deps.mail.queue(deps.db, campaignMessage(content, { id: '00000000-0000-0000-0000-000000000000', link_key: 'test', email: normalizeEmail(to) }, { test: true }));
}

/** Schedules a campaign for `at`, or starts sending it now (`at` null). Sent now, it must reach
 * someone: a campaign sent to nobody would be marked sent (and archived) for good, so it is
 * refused with a field error saying why, and stays a draft. (A scheduled one is counted when it
 * starts: the list may grow by then.) */
export async function releaseCampaign(deps: NewsletterDeps, id: string, at: Date | null, actor: Actor): Promise<CampaignRow> {
  const now = deps.clock.now();
  if (at && at <= now) throw fieldError({ send_at: 'Choose a time in the future, or send it now.' });
  return deps.db.transaction().execute(async (trx) => {
    if (!at) {
      const c = await campaignById(trx, id);
      const list = c ? await trx.selectFrom('newsletter_lists').select('audience').where('id', '=', c.list_id).executeTakeFirst() : undefined;
      if (c && list && (await countSegment(trx, c, list.audience === 'members')) === 0) {
        const unsegmented = { ...c, segment: {} };
        const listEmpty = (await countSegment(trx, unsegmented, list.audience === 'members')) === 0;
        throw fieldError({
          confirm: listEmpty
            ? 'Nothing was sent: this list has no confirmed subscriber yet, so the campaign would reach nobody. Choose another list, or schedule it for later.'
            : 'Nothing was sent: no confirmed subscriber of this list matches the segment, so the campaign would reach nobody. Widen the segment (fewer choices) or choose another list, save the draft, then send it.',
        });
      }
    }
    const updated = await trx
      .updateTable('newsletter_campaigns')
      .set(at ? { state: 'scheduled', send_at: at, updated_at: now } : { state: 'sending', send_at: now, started_at: now, updated_at: now })
      .where('id', '=', id)
      .where('state', 'in', ['draft', 'scheduled'])
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('newsletters.campaign_started', { message: 'This campaign has already started sending.' });
    if (!at) await deps.jobs.send(trx, SEND_QUEUE, { campaignId: id }, { singletonKey: `newsletter-${id}` });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: at ? 'newsletters.campaign_scheduled' : 'newsletters.campaign_sent',
      entityType: 'newsletter_campaign',
      entityId: id,
      after: { sendAt: at ?? now },
      requestId: actor.requestId,
      at: now,
    });
    return updated;
  });
}

/** Back to a draft: a scheduled campaign that has not started. */
export async function unscheduleCampaign(deps: NewsletterDeps, id: string, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('newsletter_campaigns')
      .set({ state: 'draft', send_at: null, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'scheduled')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('newsletters.campaign_started', { message: 'Only a scheduled campaign can go back to draft.' });
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'newsletters.campaign_unscheduled',
      entityType: 'newsletter_campaign',
      entityId: id,
      requestId: actor.requestId,
      at: now,
    });
  });
}

export async function updateNewsletterSettings(deps: NewsletterDeps, s: { ratePerMinute: number; batchSize: number }, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('newsletter_settings').set({ rate_per_minute: s.ratePerMinute, batch_size: s.batchSize, updated_at: now }).where('id', '=', 1).execute();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'newsletters.settings_changed',
      entityType: 'newsletter_settings',
      entityId: '1',
      after: s,
      requestId: actor.requestId,
      at: now,
    });
  });
}

export async function loadCampaign(deps: Pick<NewsletterDeps, 'db'>, id: string): Promise<CampaignRow> {
  const c = await campaignById(deps.db, id);
  if (!c) throw new AppError('not_found', { message: 'There is no such campaign.' });
  return c;
}

/** A complaint or a bounce reported by hand (a feedback loop's report, say), audited. */
export async function recordSuppression(deps: NewsletterDeps, input: { email: string; reason: 'complained' | 'bounced'; detail: string }, actor: Actor): Promise<void> {
  const email = normalizeEmail(input.email);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('newsletter_suppressions')
      .values({ email, reason: input.reason, detail: input.detail.slice(0, 500), created_at: now })
      .onConflict((oc) => oc.column('email').doUpdateSet({ reason: input.reason, detail: input.detail.slice(0, 500) }))
      .execute();
    await writeAudit(trx, {
      actorUserId: actor.userId,
      action: 'newsletters.address_suppressed',
      entityType: 'newsletter_suppression',
      entityId: null,
      after: { reason: input.reason },
      requestId: actor.requestId,
      at: now,
    });
  });
}
