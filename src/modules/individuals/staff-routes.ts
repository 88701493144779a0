// Staff routes: levels (membership), individual members with their dues inputs (finance), and
// Members in Transition (the `transition` permission only: access.sensitive, not even admins).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { issuesToFields, optionalDollars } from './inputs.js';
import { archiveLevel, getLevel, levelForm, listLevels, saveLevel } from './levels.js';
import { invoicesOfMembership, membershipById, searchMemberships } from './queries.js';
import { setSalary } from './renewal-blocks.js';
import { IndividualPage, IndividualsPage, LevelFormPage, LevelsPage, levelValues, TransitionQueuePage, TransitionRequestPage } from './staff-views.js';
import { auditTransitionRead, decideTransition, getTransitionRequest, transitionQueue } from './transition.js';

const idOf = (params: unknown): string => {
  const id = z.object({ id: z.string().max(100) }).safeParse(params);
  if (!id.success || !isUuid(id.data.id)) throw new AppError('not_found');
  return id.data.id;
};
const actor = (req: FastifyRequest) => {
  if (!req.principal) throw new AppError('unauthenticated');
  return req.principal.userId;
};

const listQuery = z.object({
  q: z.string().trim().max(100, 'Use at most 100 characters.').optional(),
  status: z.union([z.literal(''), z.enum(['pending', 'active', 'lapsed', 'ended'])]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const salaryForm = z.object({ salary: optionalDollars });
const decisionForm = z.object({
  decision: z.enum(['approve', 'decline'], { error: 'Choose approve or decline.' }),
  steps: z.coerce.number().int().min(1, 'Choose from 1 to 6 six-month steps.').max(6, 'Choose from 1 to 6 six-month steps.').default(1),
  note: z.string().trim().max(1000, 'Use at most 1,000 characters.').default(''),
});

export async function staffRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const membership = { access: access.staff('membership') };
  const finance = { access: access.staff('finance') };
  // the record and its invoices: membership staff as for organizations; the salary form stays finance's
  const records = { access: access.staff('finance', 'membership') };
  const transition = { access: access.sensitive('transition') };

  // ---- levels (membership staff)
  app.get('/staff/levels', { config: membership }, async (req, reply) =>
    sendPage(reply, LevelsPage({ ctx: await pageContext(req, reply), levels: await listLevels(deps.db, { includeArchived: true }) })),
  );
  app.get('/staff/levels/new', { config: membership }, async (req, reply) =>
    sendPage(reply, LevelFormPage({ ctx: await pageContext(req, reply), values: { rule: 'flat', position: '0', verification: 'none' } })),
  );
  const save = async (req: FastifyRequest, reply: FastifyReply, id?: string) => {
    const parsed = levelForm.safeParse(req.body ?? {});
    let errors: FieldErrors;
    if (parsed.success) {
      try {
        const saved = await saveLevel(deps, { id, data: parsed.data, actorUserId: actor(req), requestId: req.id });
        setFlash(reply, `Level ${parsed.data.name} saved.`);
        return reply.redirect(`/staff/levels/${saved}`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        errors = err.fields;
      }
    } else errors = issuesToFields(parsed.error);
    return sendPage(reply, LevelFormPage({ ctx: await pageContext(req, reply), id, values: formValues(req.body), errors }), 400);
  };
  app.post('/staff/levels', { config: membership }, async (req, reply) => save(req, reply));
  app.get('/staff/levels/:id', { config: membership }, async (req, reply) => {
    const level = await getLevel(deps.db, idOf(req.params));
    if (!level) throw new AppError('not_found');
    return sendPage(reply, LevelFormPage({ ctx: await pageContext(req, reply), id: level.id, values: levelValues(level) }));
  });
  app.post('/staff/levels/:id', { config: membership }, async (req, reply) => {
    const level = await getLevel(deps.db, idOf(req.params));
    if (!level) throw new AppError('not_found');
    return save(req, reply, level.id);
  });
  app.post('/staff/levels/:id/archive', { config: membership }, async (req, reply) => {
    await archiveLevel(deps, { id: idOf(req.params), actorUserId: actor(req), requestId: req.id });
    setFlash(reply, 'Level archived: it is no longer offered for joining.');
    return reply.redirect('/staff/levels', 303);
  });

  // ---- individual members (membership and finance staff; only finance see dues inputs, salary included)
  app.get('/staff/individuals', { config: records }, async (req, reply) => {
    const parsed = listQuery.safeParse(req.query ?? {});
    const raw = formValues(req.query);
    const ctx = await pageContext(req, reply);
    if (!parsed.success) return sendPage(reply, IndividualsPage({ ctx, rows: [], q: raw, page: 1, hasNext: false, errors: issuesToFields(parsed.error) }), 400);
    const { rows, hasNext } = await searchMemberships(deps.db, { q: parsed.data.q, status: parsed.data.status || undefined, page: parsed.data.page, pageSize: 50 });
    return sendPage(reply, IndividualsPage({ ctx, rows, q: { q: parsed.data.q, status: parsed.data.status || undefined }, page: parsed.data.page, hasNext }));
  });
  app.get('/staff/individuals/:id', { config: records }, async (req, reply) => {
    const m = await membershipById(deps.db, idOf(req.params));
    if (!m) throw new AppError('not_found');
    return sendPage(reply, IndividualPage({ ctx: await pageContext(req, reply), m, invoices: await invoicesOfMembership(deps.db, m.id) }));
  });

  // Finance staff enter the salary a salary-based level needs: clears a renewal the run flagged
  // as impossible to price (renewal-blocks.ts), so the next run renews it.
  app.post('/staff/individuals/:id/salary', { config: finance }, async (req, reply) => {
    const m = await membershipById(deps.db, idOf(req.params));
    if (!m) throw new AppError('not_found');
    const parsed = salaryForm.safeParse(req.body ?? {});
    let errors: FieldErrors;
    if (parsed.success && parsed.data.salary !== undefined) {
      try {
        const done = await setSalary(deps, { membershipId: m.id, salaryCents: parsed.data.salary, actorUserId: actor(req), requestId: req.id });
        setFlash(reply, done.unblocked ? 'Salary saved. The next renewal run will invoice this membership.' : 'Salary saved.');
        return reply.redirect(`/staff/individuals/${m.id}`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        errors = err.fields;
      }
    } else errors = parsed.success ? { salary: 'Enter the annual salary in dollars, like 95,000.' } : issuesToFields(parsed.error);
    const salary = formValues(req.body).salary;
    return sendPage(reply, IndividualPage({ ctx: await pageContext(req, reply), m, invoices: await invoicesOfMembership(deps.db, m.id), salary, errors }), 400);
  });

  // ---- Members in Transition (sensitive)
  app.get('/staff/transition', { config: transition }, async (req, reply) => {
    const [pending, decided] = await Promise.all([transitionQueue(deps.db, 'pending'), transitionQueue(deps.db, 'decided')]);
    await auditTransitionRead(deps, { id: null, actorUserId: actor(req), requestId: req.id });
    return sendPage(reply, TransitionQueuePage({ ctx: await pageContext(req, reply), pending, decided }));
  });
  app.get('/staff/transition/:id', { config: transition }, async (req, reply) => {
    const r = await getTransitionRequest(deps.db, idOf(req.params));
    if (!r) throw new AppError('not_found');
    await auditTransitionRead(deps, { id: r.id, actorUserId: actor(req), requestId: req.id });
    return sendPage(reply, TransitionRequestPage({ ctx: await pageContext(req, reply), r }));
  });
  app.post('/staff/transition/:id', { config: transition }, async (req, reply) => {
    const id = idOf(req.params);
    const r = await getTransitionRequest(deps.db, id);
    if (!r) throw new AppError('not_found');
    const parsed = decisionForm.safeParse(req.body ?? {});
    let errors: FieldErrors | undefined;
    let message: string | undefined;
    if (parsed.success) {
      try {
        const d = parsed.data;
        const result = await decideTransition(deps, { id, approve: d.decision === 'approve', steps: d.steps, note: d.note, actorUserId: actor(req), requestId: req.id });
        setFlash(reply, d.decision === 'approve' ? `Approved: dues waived for ${result.months} months. The member has been told.` : 'Declined. The member has been told.');
        return reply.redirect(`/staff/transition/${id}`, 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.fields) errors = err.fields;
        else if (err.code.startsWith('individuals.')) message = err.message;
        else throw err;
      }
    } else errors = issuesToFields(parsed.error);
    return sendPage(reply, TransitionRequestPage({ ctx: await pageContext(req, reply), r, values: formValues(req.body), errors, message }), 400);
  });
}
