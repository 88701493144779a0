// Communications staff's routes of newsletters: /staff/newsletters (lists, campaigns, the rate),
// a campaign's editor (segment, preview, test, send now or schedule, report) and the suppression
// list. A form with errors comes back with them beside the fields (400) and changes nothing.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { sendAuditedCsvStream } from '../../lib/csv.js';
import type { FieldErrors } from '../../lib/errors.js';
import { AppError } from '../../lib/errors.js';
import { isoWithOffset } from '../../lib/format.js';
import { pageNumber } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseFilterQuery, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { eventsWithAttendance } from '../events/index.js';
import { levelOptions } from '../individuals/index.js';
import { listPathways } from '../pathways/index.js';
import { parsePublishAt, renderMarkdown } from '../publishing/index.js';
import { createList, loadCampaign, recordSuppression, releaseCampaign, saveCampaign, sendTestMessage, unscheduleCampaign, updateNewsletterSettings } from './campaigns.js';
import {
  allLists,
  type CampaignRow,
  campaignReport,
  eachSubscriber,
  listById,
  listCampaigns,
  listSubscribers,
  listsWithCounts,
  newsletterSettings,
  suppressionList,
} from './queries.js';
import { campaignValues, complaintForm, listForm, parseCampaign, scheduleForm, settingsForm } from './schemas.js';
import { countSegment } from './segment.js';
import type { Actor } from './shared.js';
import { CampaignPage, NewslettersStaffPage, SuppressionsPage } from './staff-views.js';
import { STATUS_WORDS, SUBSCRIBER_CSV_HEADER, SubscribersPage } from './subscribers-views.js';

const idParams = z.object({ id: z.string().max(40) });
const subscribersQuery = z.object({
  q: z.string().trim().max(100, 'Use at most 100 characters.').default(''),
  page: pageNumber(9_999),
});

export async function newslettersStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const comms = { access: access.staff('communications') };
  const actor = (req: FastifyRequest): Actor => ({ userId: req.principal?.userId ?? null, requestId: req.id });

  async function sendOverview(req: FastifyRequest, reply: FastifyReply, values: Record<string, string> = {}, errors?: FieldErrors) {
    const [lists, campaigns, settings] = await Promise.all([listsWithCounts(deps.db), listCampaigns(deps.db), newsletterSettings(deps.db)]);
    return sendPage(reply, NewslettersStaffPage({ ctx: await pageContext(req, reply), lists, campaigns, settings, values, errors }), errors ? 400 : 200);
  }

  async function sendCampaign(req: FastifyRequest, reply: FastifyReply, p: { campaign?: CampaignRow; values: Record<string, string>; errors?: FieldErrors }) {
    const [lists, levels, pathways, events] = await Promise.all([allLists(deps.db), levelOptions(deps.db), listPathways(deps.db), eventsWithAttendance(deps.db)]);
    const c = p.campaign;
    const list = c ? lists.find((l) => l.id === c.list_id) : undefined;
    const editable = c && (c.state === 'draft' || c.state === 'scheduled');
    const [reach, report] = await Promise.all([
      c && editable && list ? countSegment(deps.db, c, list.audience === 'members') : Promise.resolve(undefined),
      c && !editable ? campaignReport(deps.db, c.id) : Promise.resolve(undefined),
    ]);
    return sendPage(
      reply,
      CampaignPage({
        ctx: await pageContext(req, reply),
        campaign: c,
        lists,
        levels,
        pathways,
        events,
        values: p.values,
        errors: p.errors,
        preview: c ? renderMarkdown(c.body) : undefined,
        reach,
        report,
      }),
      p.errors ? 400 : 200,
    );
  }

  const known = async () => ({
    levelIds: (await levelOptions(deps.db)).map((l) => l.id),
    pathwayIds: (await listPathways(deps.db)).map((w) => w.id),
    eventIds: (await eventsWithAttendance(deps.db)).map((e) => e.id),
  });

  async function save(req: FastifyRequest, reply: FastifyReply, campaign?: CampaignRow) {
    const values = formValues(req.body);
    const parsed = parseCampaign(values, await known());
    if (!parsed.ok) return sendCampaign(req, reply, { campaign, values, errors: parsed.errors });
    try {
      const id = await saveCampaign(deps, parsed.data, actor(req), campaign?.id);
      setFlash(reply, 'Campaign saved.');
      return reply.redirect(`/staff/newsletters/campaigns/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendCampaign(req, reply, { campaign, values, errors: fields });
    }
  }

  app.get('/staff/newsletters', { config: comms }, async (req, reply) => sendOverview(req, reply));

  app.post('/staff/newsletters/lists', { config: comms }, async (req, reply) => {
    const parsed = parseForm(listForm, req.body);
    if (!parsed.ok) return sendOverview(req, reply, parsed.values, parsed.errors);
    try {
      await createList(deps, parsed.data, actor(req));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendOverview(req, reply, formValues(req.body), fields);
    }
    setFlash(reply, `The list ${parsed.data.name} is added.`);
    return reply.redirect('/staff/newsletters', 303);
  });

  app.post('/staff/newsletters/settings', { config: comms }, async (req, reply) => {
    const parsed = parseForm(settingsForm, req.body);
    if (!parsed.ok) return sendOverview(req, reply, parsed.values, parsed.errors);
    await updateNewsletterSettings(deps, parsed.data, actor(req));
    setFlash(reply, 'Sending rate saved.');
    return reply.redirect('/staff/newsletters', 303);
  });

  app.get('/staff/newsletters/campaigns/new', { config: comms }, async (req, reply) => sendCampaign(req, reply, { values: {} }));
  app.post('/staff/newsletters/campaigns', { config: comms }, async (req, reply) => save(req, reply));

  app.get('/staff/newsletters/campaigns/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const c = await loadCampaign(deps, req.params.id);
    return sendCampaign(req, reply, { campaign: c, values: campaignValues(c) });
  });
  app.post('/staff/newsletters/campaigns/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => save(req, reply, await loadCampaign(deps, req.params.id)));

  app.post('/staff/newsletters/campaigns/:id/test', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const c = await loadCampaign(deps, req.params.id);
    await sendTestMessage(deps, c, req.principal?.email ?? '');
    setFlash(reply, `A test is on its way to ${req.principal?.email ?? 'you'}.`);
    return reply.redirect(`/staff/newsletters/campaigns/${c.id}`, 303);
  });

  app.post('/staff/newsletters/campaigns/:id/release', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const c = await loadCampaign(deps, req.params.id);
    const values = { ...campaignValues(c), ...formValues(req.body) };
    const parsed = parseForm(scheduleForm, req.body);
    if (!parsed.ok) return sendCampaign(req, reply, { campaign: c, values, errors: parsed.errors });
    let at: Date | null = null;
    if (parsed.data.when === 'later') {
      const zone = (await deps.association.get()).time_zone;
      const given = parsePublishAt(parsed.data.send_at, zone);
      if (given === null || given === 'invalid') return sendCampaign(req, reply, { campaign: c, values, errors: { send_at: 'Enter the day and time to send it.' } });
      at = given;
    }
    try {
      await releaseCampaign(deps, c.id, at, actor(req));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendCampaign(req, reply, { campaign: c, values, errors: fields });
    }
    setFlash(reply, at ? 'Scheduled: it starts sending at the time you chose.' : 'Sending: messages go out in batches at the configured rate.');
    return reply.redirect(`/staff/newsletters/campaigns/${c.id}`, 303);
  });

  app.post('/staff/newsletters/campaigns/:id/unschedule', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const c = await loadCampaign(deps, req.params.id);
    await unscheduleCampaign(deps, c.id, actor(req));
    setFlash(reply, 'Back to draft: it will not be sent until you send or schedule it again.');
    return reply.redirect(`/staff/newsletters/campaigns/${c.id}`, 303);
  });

  // A list's subscribers: searched and paged by query string; a bad field is explained beside
  // itself (400) and the other still applies (a bad page number keeps the search, on page 1).
  app.get('/staff/newsletters/lists/:id/subscribers', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const list = await listById(deps.db, req.params.id);
    if (!list) throw new AppError('not_found', { message: 'There is no such newsletter list.' });
    const { data, errors, values } = parseFilterQuery(subscribersQuery, req.query);
    const { q, page } = data;
    const result = await listSubscribers(deps.db, list.id, q, page);
    const ctx = await pageContext(req, reply);
    const failed = Object.keys(errors).length > 0;
    return sendPage(reply, SubscribersPage({ ctx, list, result, q, typed: values, page, now: deps.clock.now(), errors: failed ? errors : undefined }), failed ? 400 : 200);
  });

  // The same rows as CSV, all of them (the page's search applies; no paging), streamed in keyset
  // batches and audited with the rows sent. A refused search is explained on the page instead.
  app.get('/staff/newsletters/lists/:id/subscribers.csv', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const list = await listById(deps.db, req.params.id);
    if (!list) throw new AppError('not_found', { message: 'There is no such newsletter list.' });
    const parsed = parseForm(subscribersQuery, req.query);
    if (!parsed.ok) {
      const result = await listSubscribers(deps.db, list.id, '', 1);
      const ctx = await pageContext(req, reply);
      return sendPage(reply, SubscribersPage({ ctx, list, result, q: '', typed: parsed.values, page: 1, now: deps.clock.now(), errors: parsed.errors }), 400);
    }
    const { q } = parsed.data;
    const zone = (await deps.association.get()).time_zone;
    const at = (d: Date | null) => (d ? isoWithOffset(d, zone) : '');
    return sendAuditedCsvStream(
      reply,
      deps.db,
      {
        now: () => deps.clock.now(),
        actorUserId: req.principal?.userId ?? null,
        requestId: req.id,
        name: 'newsletter_subscribers',
        filters: { listId: list.id, q },
        filename: `subscribers-${list.slug}-${deps.clock.now().toISOString().slice(0, 10)}.csv`,
      },
      SUBSCRIBER_CSV_HEADER,
      eachSubscriber(deps.db, list.id, q),
      (s) => [
        s.email,
        s.name,
        STATUS_WORDS[s.status],
        at(s.requestedAt),
        at(s.confirmedAt),
        s.status === 'pending' ? at(s.confirmExpiresAt) : '',
        at(s.unsubscribedAt),
        s.unsubscribedFrom,
      ],
    );
  });

  app.get('/staff/newsletters/suppressions', { config: comms }, async (req, reply) =>
    sendPage(reply, SuppressionsPage({ ctx: await pageContext(req, reply), rows: await suppressionList(deps.db), values: {} })),
  );
  app.post('/staff/newsletters/suppressions', { config: comms }, async (req, reply) => {
    const parsed = parseForm(complaintForm, req.body);
    if (!parsed.ok)
      return sendPage(reply, SuppressionsPage({ ctx: await pageContext(req, reply), rows: await suppressionList(deps.db), values: parsed.values, errors: parsed.errors }), 400);
    await recordSuppression(deps, parsed.data, actor(req));
    setFlash(reply, `${parsed.data.email} gets no newsletter from now on.`);
    return reply.redirect('/staff/newsletters/suppressions', 303);
  });
}
