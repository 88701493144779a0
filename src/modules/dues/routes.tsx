// Pages of the dues module: the public calculator at /dues and the staff schedule pages.
// Thin: parse, call the service, render. The JSON API is in api-routes.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ENTITY_TYPES } from '../../db/types.js';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { duesApiRoutes } from './api-routes.js';
import { CalculatorPage, type CalculatorResult } from './calculator-views.js';
import { parseScheduleForm, scheduleToValues, toFormErrors } from './form.js';
import { ScheduleFormPage } from './form-views.js';
import { formatDate } from './format.js';
import { PublishConfirmPage, PublishStartPassedPage, publishedMessage } from './publish-views.js';
import { ScheduleListPage, SchedulePage } from './schedule-views.js';
import { quoteQuery, type ScheduleInput, scheduleParams } from './schemas.js';
import * as dues from './service.js';

// The page's type is chosen from a list: its message says so in words (the API's names the codes).
const calculatorQuery = quoteQuery.omit({ on: true }).extend({ entityType: z.enum(ENTITY_TYPES, { error: 'Choose the type of government from the list.' }) });
type FormText = { action: string; title: string; intro: string; submitLabel: string };

export async function duesRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const staff = access.staff('membership');

  app.get('/dues', { config: { access: access.public() } }, async (req, reply) => {
    const values = formValues(req.query);
    const ctx = await pageContext(req, reply);
    const contactEmail = (await deps.association.get()).contact_email;
    const [schedule, next] = await Promise.all([dues.scheduleInForce(deps), dues.nextPublishedSchedule(deps)]);
    const page = (extra: { errors?: Record<string, string>; result?: CalculatorResult; problem?: string }, status = 200) =>
      sendPage(reply, CalculatorPage({ ctx, values, schedule, next, contactEmail, result: extra.result ?? null, errors: extra.errors, problem: extra.problem }), status);
    if (values.entityType === undefined && values.population === undefined) return page({});
    const parsed = calculatorQuery.safeParse(values);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'population')] ??= issue.message;
      return page({ errors }, 400);
    }
    try {
      return page({ result: { quote: await dues.quoteDues(deps, parsed.data), ...parsed.data } });
    } catch (err) {
      if (err instanceof AppError && err.code === 'dues.no_schedule') return page({ problem: err.message });
      throw err;
    }
  });

  app.get('/staff/dues', { config: { access: staff } }, async (req, reply) => {
    return sendPage(reply, ScheduleListPage({ ctx: await pageContext(req, reply), schedules: await dues.listSchedules(deps, { fresh: true }) }));
  });

  const newForm: FormText = {
    action: '/staff/dues',
    title: 'New dues schedule version',
    intro:
      'The bands below are copied from the version in force today: change what needs changing and choose the day the new dues start. The new version is saved as a draft: only membership staff see it until you publish it.',
    submitLabel: 'Create this version',
  };

  app.get('/staff/dues/new', { config: { access: staff } }, async (req, reply) => {
    const all = await dues.listSchedules(deps, { fresh: true });
    const current = all.find((s) => s.status === 'in_force') ?? all[0] ?? null;
    return sendPage(reply, ScheduleFormPage({ ctx: await pageContext(req, reply), ...newForm, values: scheduleToValues(current, { withDate: false }) }));
  });

  /** Runs a create or replace from a form post; re-shows the form with its errors on failure. */
  async function submit(req: FastifyRequest, reply: FastifyReply, form: FormText, run: (schedule: ScheduleInput) => Promise<dues.ListedSchedule>) {
    const values = formValues(req.body);
    const parsed = parseScheduleForm(values);
    const show = async (status: number, extra: { errors?: Record<string, string>; message?: string }) =>
      sendPage(reply, ScheduleFormPage({ ctx: await pageContext(req, reply), ...form, values, ...extra }), status);
    if (!parsed.ok) return show(400, { errors: parsed.errors });
    try {
      const saved = await run(parsed.schedule);
      setFlash(reply, `Saved as a draft. This version starts on ${formatDate(saved.effectiveFrom)} once you publish it.`);
      return reply.redirect(`/staff/dues/${saved.id}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.fields) return show(400, { errors: toFormErrors(err.fields) });
      if (err instanceof AppError && err.status === 409) return show(409, { message: err.message });
      throw err;
    }
  }

  app.post('/staff/dues', { config: { access: staff } }, async (req, reply) => {
    return submit(req, reply, newForm, (schedule) => dues.createSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, schedule }));
  });

  app.get('/staff/dues/:id', { config: { access: staff } }, async (req, reply) => {
    const id = idOf(req);
    return sendPage(reply, SchedulePage({ ctx: await pageContext(req, reply), schedule: await dues.getSchedule(deps, id) }));
  });

  const replaceForm = (s: dues.ListedSchedule): FormText => ({
    action: `/staff/dues/${s.id}`,
    title: `Replace the version from ${formatDate(s.effectiveFrom)}`,
    intro: s.startPassed
      ? `This draft’s start day, ${formatDate(s.effectiveFrom)}, has passed: choose today or a later day under “Starts on”. What you save here takes its place as a draft, which you can then publish, and the change is recorded in the audit log.`
      : 'This version has not started yet, so you can replace it. What you save here takes its place as a draft (publish it again when it is right), and the change is recorded in the audit log.',
    submitLabel: 'Replace this version',
  });

  app.get('/staff/dues/:id/edit', { config: { access: staff } }, async (req, reply) => {
    const id = idOf(req);
    const s = await dues.getSchedule(deps, id);
    if (s.status !== 'future' && s.status !== 'draft') throw dues.inEffectError(s.effectiveFrom);
    return sendPage(reply, ScheduleFormPage({ ctx: await pageContext(req, reply), ...replaceForm(s), values: scheduleToValues(s, { withDate: true }) }));
  });

  app.post('/staff/dues/:id', { config: { access: staff } }, async (req, reply) => {
    const id = idOf(req);
    const s = await dues.getSchedule(deps, id);
    if (s.status !== 'future' && s.status !== 'draft') throw dues.inEffectError(s.effectiveFrom);
    return submit(req, reply, replaceForm(s), (schedule) => dues.replaceSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, id, schedule }));
  });

  // The confirmation step of publishing a draft (the button on its page leads here): what changes, from which day.
  app.get('/staff/dues/:id/publish', { config: { access: staff } }, async (req, reply) => {
    const id = idOf(req);
    const outlook = await dues.publishOutlook(deps, id);
    if (!outlook) return reply.redirect(`/staff/dues/${id}`, 303); // already published
    // refused as publishing would be (409), with the way to a new start day
    if (outlook.schedule.startPassed) return sendPage(reply, PublishStartPassedPage({ ctx: await pageContext(req, reply), schedule: outlook.schedule }), 409);
    const contactEmail = (await deps.association.get()).contact_email;
    return sendPage(reply, PublishConfirmPage({ ctx: await pageContext(req, reply), outlook, contactEmail }));
  });

  app.post('/staff/dues/:id/publish', { config: { access: staff } }, async (req, reply) => {
    const saved = await dues.publishSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, id: idOf(req) });
    setFlash(reply, publishedMessage(await dues.outlookOf(deps, saved)));
    return reply.redirect(`/staff/dues/${saved.id}`, 303);
  });

  // The confirmation step of deleting a draft version (the danger link on its page leads here).
  app.get('/staff/dues/:id/delete', { config: { access: staff } }, async (req, reply) => {
    const s = await dues.getSchedule(deps, idOf(req));
    if (s.status !== 'future' && s.status !== 'draft') throw new AppError('conflict', { message: 'Only a version that has not started yet can be deleted.' });
    return sendPage(
      reply,
      ConfirmPage({
        ctx: await pageContext(req, reply),
        title: `Delete the version from ${formatDate(s.effectiveFrom)}?`,
        lead: 'The version and its bands are deleted, and quotes go on using the version before it. This cannot be undone.',
        action: `/staff/dues/${s.id}/delete`,
        button: 'Delete this version',
        back: { href: `/staff/dues/${s.id}`, label: 'Back to the version' },
      }),
    );
  });

  app.post('/staff/dues/:id/delete', { config: { access: staff } }, async (req, reply) => {
    const id = idOf(req);
    const s = await dues.getSchedule(deps, id);
    await dues.deleteSchedule(deps, { actorUserId: actorOf(req).userId, requestId: req.id, id });
    setFlash(reply, `The version from ${formatDate(s.effectiveFrom)} was deleted.`);
    return reply.redirect('/staff/dues', 303);
  });

  await duesApiRoutes(app);
}

function idOf(req: FastifyRequest): string {
  const parsed = scheduleParams.safeParse(req.params);
  if (!parsed.success) throw new AppError('not_found', { message: 'There is no dues schedule with that id.' });
  return parsed.data.id;
}
