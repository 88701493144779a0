// Programs staff's routes: the calls, a new call, one call's applications (score, select or
// decline with a reason), its meetings, and publishing a delegation's selection. Every change is
// audited by the service; applicants are emailed decisions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CohortQuestionKind } from '../../db/types.js';
import { access, actorOf } from '../../lib/access.js';
import { auditExport } from '../../lib/audit.js';
import { sendCsv, toCsv } from '../../lib/csv.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { applicationCounts, type Cohort, callState, cohortById, listCohorts, meetingsOf, questionsOf, staffApplications } from './queries.js';
import { applicationParams, decisionForm, idParams, meetingForm, newCohortForm, QUESTION_SLOTS, scoreForm } from './schemas.js';
import { createCohort, decideApplication, publishSelection, scheduleMeeting, scoreApplication, today } from './service.js';
import { NewCohortPage, StaffCohortPage, StaffCohortsPage } from './staff-views.js';

const notFound = () => new AppError('not_found', { message: 'There is no such call.' });

export async function cohortStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const programs = { access: access.staff('programs') };

  const cohortOr404 = async (id: string): Promise<Cohort> => {
    const c = isUuid(id) ? await cohortById(deps.db, id) : undefined;
    if (!c) throw notFound();
    return c;
  };

  const detail = async (req: FastifyRequest, reply: FastifyReply, c: Cohort, opts: { meetingValues?: Record<string, string>; errors?: FieldErrors; status?: number } = {}) => {
    const [questions, applications, meetings] = await Promise.all([questionsOf(deps.db, c.id), staffApplications(deps.db, c.id), meetingsOf(deps.db, c.id)]);
    const ctx = await pageContext(req, reply);
    return sendPage(
      reply,
      StaffCohortPage({
        ctx,
        cohort: c,
        call: callState(c, await today(deps)),
        questions,
        applications,
        meetings,
        meetingValues: opts.meetingValues,
        errors: opts.errors,
      }),
      opts.status ?? 200,
    );
  };

  app.get('/staff/cohorts', { config: programs }, async (req, reply) => {
    const [cohorts, counts, day] = await Promise.all([listCohorts(deps.db), applicationCounts(deps.db), today(deps)]);
    return sendPage(
      reply,
      StaffCohortsPage({ ctx: await pageContext(req, reply), cohorts: cohorts.map((c) => ({ ...c, call: callState(c, day), applications: counts.get(c.id) ?? 0 })) }),
    );
  });

  app.get('/staff/cohorts/new', { config: programs }, async (req, reply) =>
    sendPage(reply, NewCohortPage({ ctx: await pageContext(req, reply), pathways: await listPathways(deps.db), values: { kind: 'cohort' } })),
  );

  app.post('/staff/cohorts', { config: programs }, async (req, reply) => {
    const rerender = async (values: Record<string, string>, errors: FieldErrors) =>
      sendPage(reply, NewCohortPage({ ctx: await pageContext(req, reply), pathways: await listPathways(deps.db), values, errors }), 400);
    const parsed = parseForm(newCohortForm, req.body);
    if (!parsed.ok) return rerender(parsed.values, parsed.errors);
    const d = parsed.data as typeof parsed.data & Record<string, string>;
    const questions: Array<{ kind: CohortQuestionKind; prompt: string }> = [];
    for (let i = 1; i <= QUESTION_SLOTS; i++) {
      const prompt = d[`question_${i}`] ?? '';
      if (prompt) questions.push({ kind: d[`question_${i}_kind`] as CohortQuestionKind, prompt });
    }
    try {
      const id = await createCohort(deps, actorOf(req), {
        kind: d.kind,
        slug: d.slug,
        title: d.title,
        description: d.description,
        eventName: d.event_name,
        opensOn: d.opens_on,
        closesOn: d.closes_on,
        capacity: d.capacity === '' ? null : Number(d.capacity),
        pathwayId: d.pathway || null,
        questions,
      });
      setFlash(reply, 'The call is open to the public on its dates.');
      return reply.redirect(`/staff/cohorts/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return rerender(formValues(req.body), fields);
      throw err;
    }
  });

  app.get('/staff/cohorts/:id', { config: programs, schema: { params: idParams } }, async (req, reply) => detail(req, reply, await cohortOr404(req.params.id)));

  // The applications with their answers, scores and reasons: staff's own data, and an audited read.
  app.get('/staff/cohorts/:id/applications.csv', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const c = await cohortOr404(req.params.id);
    const [questions, applications] = await Promise.all([questionsOf(deps.db, c.id), staffApplications(deps.db, c.id)]);
    const header = ['Name', 'Email', 'Organization', 'Seat title', 'Applied', 'Status', 'Score', 'Decided', 'Reason', ...questions.map((q) => q.prompt)];
    const rows = applications.map((a) => [
      a.name,
      a.email,
      a.organizationName,
      a.seatTitle,
      a.createdAt.toISOString(),
      a.status,
      a.score,
      a.decidedAt?.toISOString() ?? '',
      a.reason,
      ...questions.map((q) => a.answers[q.id] ?? ''),
    ]);
    await auditExport(deps.db, {
      at: deps.clock.now(),
      actorUserId: actorOf(req).userId,
      name: 'cohort_applications',
      rows: rows.length,
      filters: { cohortId: c.id },
      requestId: req.id,
    });
    return sendCsv(reply, `applications-${c.slug}.csv`, toCsv(header, rows));
  });

  /** A form's field, named plainly or (on the page of every application) after the application. */
  const field = (body: unknown, name: string, applicationId: string) => {
    const v = formValues(body);
    return { [name]: v[`${name}-${applicationId}`] ?? v[name] };
  };

  app.post('/staff/cohorts/:id/applications/:applicationId/score', { config: programs, schema: { params: applicationParams } }, async (req, reply) => {
    const c = await cohortOr404(req.params.id);
    if (!isUuid(req.params.applicationId)) throw new AppError('not_found', { message: 'There is no such application.' });
    const parsed = parseForm(scoreForm, field(req.body, 'score', req.params.applicationId));
    if (!parsed.ok) throw new AppError('validation_failed', { fields: parsed.errors, message: parsed.errors.score });
    await scoreApplication(deps, actorOf(req), c, req.params.applicationId, parsed.data.score);
    setFlash(reply, 'The score is saved.');
    return reply.redirect(`/staff/cohorts/${c.id}#app-${req.params.applicationId}`, 303);
  });

  app.post('/staff/cohorts/:id/applications/:applicationId/decision', { config: programs, schema: { params: applicationParams } }, async (req, reply) => {
    const c = await cohortOr404(req.params.id);
    const applicationId = req.params.applicationId;
    if (!isUuid(applicationId)) throw new AppError('not_found', { message: 'There is no such application.' });
    const parsed = parseForm(decisionForm, { decision: formValues(req.body).decision, ...field(req.body, 'reason', applicationId) });
    // The page holds a form per application: the message goes beside this one's reason.
    if (!parsed.ok) return detail(req, reply, c, { errors: { [`reason-${applicationId}`]: Object.values(parsed.errors).join(' ') }, status: 400 });
    await decideApplication(deps, actorOf(req), c, { applicationId, decision: parsed.data.decision, reason: parsed.data.reason });
    setFlash(reply, parsed.data.decision === 'selected' ? 'Selected: the applicant is emailed.' : 'Declined: the applicant is emailed.');
    return reply.redirect(`/staff/cohorts/${c.id}`, 303);
  });

  app.post('/staff/cohorts/:id/meetings', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const c = await cohortOr404(req.params.id);
    if (c.kind === 'delegation') throw new AppError('cohorts.not_a_cohort', { message: 'A delegation has no meetings here.' });
    const parsed = parseForm(meetingForm, req.body);
    if (!parsed.ok) return detail(req, reply, c, { meetingValues: parsed.values, errors: parsed.errors, status: 400 });
    const m = parsed.data;
    try {
      await scheduleMeeting(deps, actorOf(req), c, { title: m.title, date: m.date, start: m.start, end: m.end, timeZone: m.time_zone, place: m.place, onlineUrl: m.online_url });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return detail(req, reply, c, { meetingValues: formValues(req.body), errors: fields, status: 400 });
      throw err;
    }
    setFlash(reply, 'The meeting is scheduled: every participant is emailed an invitation.');
    return reply.redirect(`/staff/cohorts/${c.id}`, 303);
  });

  app.post('/staff/cohorts/:id/publish', { config: programs, schema: { params: idParams } }, async (req, reply) => {
    const c = await cohortOr404(req.params.id);
    await publishSelection(deps, actorOf(req), c);
    setFlash(reply, 'The selection is published on the public page.');
    return reply.redirect(`/staff/cohorts/${c.id}`, 303);
  });
}
