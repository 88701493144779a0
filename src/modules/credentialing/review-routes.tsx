// The review's routes. Membership staff (`access.staff('membership')`, and admins) run
// /staff/credential: cycles, their panels, applications, the staff reviewer's decision and
// reinstatements. A cycle's panel members (any account named on its panel) see only their
// cycles' applications under /credential/panel; anyone else gets a 404 there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { approveReinstatement } from './log.js';
import { type Application, applicationById, applicationsInCycle, cycleById, isPanelMember, listCycles, reinstatementRequests } from './queries.js';
import { createCycle, type Reviewer, recordDecision, setPanel } from './review.js';
import { ApplicationPage, CyclePage, PanelHomePage, StaffHomePage } from './staff-views.js';

type IdParams = { Params: { id: string } };
const noApplication = () => new AppError('not_found', { message: 'There is no such application.' });
const noCycle = () => new AppError('not_found', { message: 'There is no such cycle.' });

export async function credentialReviewRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const staff = { access: access.staff('membership') };
  const signedIn = { access: access.signedIn() };

  const staffHome = async (req: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {}) => {
    const [cycles, requests] = await Promise.all([listCycles(deps.db), reinstatementRequests(deps.db)]);
    return sendPage(reply, StaffHomePage({ ctx: await pageContext(req, reply), cycles, requests, values: opts.values, errors: opts.errors }), opts.status ?? 200);
  };
  app.get('/staff/credential', { config: staff }, (req, reply) => staffHome(req, reply));

  app.post('/staff/credential/cycles', { config: staff }, async (req, reply) => {
    const values = formValues(req.body);
    try {
      const id = await createCycle(deps, actorOf(req), { name: values.name ?? '', cutoffOn: values.cutoff_on ?? '', panel: values.panel ?? '' });
      setFlash(reply, `Cycle ${values.name?.trim()} is open.`);
      return reply.redirect(`/staff/credential/cycles/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return staffHome(req, reply, { values, errors: fields, status: 400 });
      throw err;
    }
  });

  const cyclePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    panelOnly: boolean,
    opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {},
  ) => {
    const cycle = isUuid(id) ? await cycleById(deps.db, id) : undefined;
    if (!cycle || (panelOnly && !(await isPanelMember(deps.db, cycle.id, req.principal?.userId ?? '')))) throw noCycle();
    const applications = await applicationsInCycle(deps.db, cycle.id);
    return sendPage(
      reply,
      CyclePage({ ctx: await pageContext(req, reply), cycle, applications, base: panelOnly ? '/credential/panel' : '/staff/credential', panelOnly, ...opts }),
      opts.status ?? 200,
    );
  };
  app.get<IdParams>('/staff/credential/cycles/:id', { config: staff }, (req, reply) => cyclePage(req, reply, req.params.id, false));

  app.post<IdParams>('/staff/credential/cycles/:id/panel', { config: staff }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw noCycle();
    const values = formValues(req.body);
    try {
      await setPanel(deps, actorOf(req), req.params.id, values.panel ?? '');
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return cyclePage(req, reply, req.params.id, false, { values, errors: fields, status: 400 });
      throw err;
    }
    setFlash(reply, 'The panel is saved.');
    return reply.redirect(`/staff/credential/cycles/${req.params.id}`, 303);
  });

  /** The application, for staff, or for a member of its cycle's panel; else a 404. */
  const applicationFor = async (req: FastifyRequest, id: string, as: Reviewer): Promise<Application> => {
    const a = isUuid(id) ? await applicationById(deps.db, id) : undefined;
    if (!a || a.status === 'draft' || !a.cycleId) throw noApplication();
    if (as === 'panel' && !(await isPanelMember(deps.db, a.cycleId, req.principal?.userId ?? ''))) throw noApplication();
    return a;
  };
  const base = (as: Reviewer) => (as === 'staff' ? '/staff/credential' : '/credential/panel');
  const applicationPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    as: Reviewer,
    opts: { values?: Record<string, string>; errors?: FieldErrors; refused?: string; status?: number } = {},
  ) => {
    const a = await applicationFor(req, id, as);
    return sendPage(
      reply,
      ApplicationPage({
        ctx: await pageContext(req, reply),
        application: a,
        as,
        action: `${base(as)}/applications/${a.id}/decision`,
        back: `${base(as)}/cycles/${a.cycleId}`,
        ...opts,
      }),
      opts.status ?? 200,
    );
  };
  const decide = (as: Reviewer) => async (req: FastifyRequest<IdParams>, reply: FastifyReply) => {
    const a = await applicationFor(req, req.params.id, as);
    const values = formValues(req.body);
    try {
      const r = await recordDecision(deps, actorOf(req), a.id, as, { decision: values.decision ?? '', reasons: values.reasons ?? '' });
      setFlash(reply, r.outcome === 'pending' ? 'Your decision is recorded.' : r.outcome === 'awarded' ? 'Both agree: the credential is awarded.' : 'The application is declined.');
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return applicationPage(req, reply, a.id, as, { values, errors: fields, status: 400 });
      if (err instanceof AppError && err.code !== 'not_found') return applicationPage(req, reply, a.id, as, { values, refused: err.message, status: err.status });
      throw err;
    }
    return reply.redirect(`${base(as)}/applications/${a.id}`, 303);
  };

  app.get<IdParams>('/staff/credential/applications/:id', { config: staff }, (req, reply) => applicationPage(req, reply, req.params.id, 'staff'));
  app.post<IdParams>('/staff/credential/applications/:id/decision', { config: staff }, decide('staff'));

  app.post<IdParams>('/staff/credential/reinstatements/:id', { config: staff }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw new AppError('not_found', { message: 'There is no such request.' });
    await approveReinstatement(deps, actorOf(req), req.params.id);
    setFlash(reply, 'The credential is reinstated.');
    return reply.redirect('/staff/credential', 303);
  });

  // ---- the panel: signed in, and on the cycle's panel (404 otherwise)
  app.get('/credential/panel', { config: signedIn }, async (req, reply) => {
    const cycles = await listCycles(deps.db, { panelUserId: req.principal?.userId ?? '' });
    return sendPage(reply, PanelHomePage({ ctx: await pageContext(req, reply), cycles }));
  });
  app.get<IdParams>('/credential/panel/cycles/:id', { config: signedIn }, (req, reply) => cyclePage(req, reply, req.params.id, true));
  app.get<IdParams>('/credential/panel/applications/:id', { config: signedIn }, (req, reply) => applicationPage(req, reply, req.params.id, 'panel'));
  app.post<IdParams>('/credential/panel/applications/:id/decision', { config: signedIn }, decide('panel'));
}
