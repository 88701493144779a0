// The government's routes (its organization's administrators: starting one for another
// organization is a 404, as its page is; managing another's challenge is a 403) and staff's catalogue template (role `programs`; staff admins pass too).
// A failed form answers its page again with the messages (400); a refusal answers 409.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, actorOf, actsFor, orgScope } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { organizationNames } from '../organizations/index.js';
import { actionScope, type FailedForm, ManagePage, NEW_ACTION, OrgChallengesPage, reviewScope, TemplatePage } from './manage-views.js';
import { type Challenge, catalogue, challengesOf, decidedPage, templateActions, waitingQueue } from './queries.js';
import { actionForm, challengeForm, reviewForm } from './schemas.js';
import { addChallengeAction, addTemplateAction, createChallenge, reviewCompletion, updateChallengeAction, updateTemplateAction } from './service.js';

export async function manageRoutes(app: FastifyInstance, opts: { challengeOr404: (slug: string) => Promise<Challenge> }) {
  const deps = app.deps;
  const orgAdmin = { access: access.orgAdmin() };
  const programs = { access: access.staff('programs') };

  // --- the government's challenges ---
  const adminOrgs = (req: FastifyRequest) => [...(req.principal?.orgs ?? new Map()).entries()].filter(([, r]) => r === 'admin').map(([id]) => id as string);

  async function sendOrgPage(
    req: FastifyRequest,
    reply: FastifyReply,
    o: { values?: Record<string, string>; errors?: Record<string, string>; refused?: string; status?: number; only?: string } = {},
  ) {
    const ids = o.only ? [o.only] : adminOrgs(req);
    const names = await organizationNames(deps.db, ids);
    const orgs = ids.map((id) => ({ id, name: names.get(id) ?? 'Your organization' }));
    const { only: _, ...shown } = o;
    return sendPage(reply, OrgChallengesPage({ ctx: await pageContext(req, reply), orgs, challenges: await challengesOf(deps.db, ids), ...shown }), o.status ?? 200);
  }

  // `?org=` narrows the page to one government the person administers; a malformed id or one not
  // among theirs is a 404 (a contact there, a 403), never the page of all of theirs.
  app.get<{ Querystring: { org?: unknown } }>('/org/challenges', { config: orgAdmin }, (req, reply) => {
    const asked = req.query.org;
    if (asked === undefined) return sendOrgPage(req, reply);
    const only = orgScope(req, 'admin', {
      asked: typeof asked === 'string' ? asked.slice(0, 200) || '-' : '-',
      forbidden: 'Only an administrator of the government can run its challenges.',
    }).id;
    return sendOrgPage(req, reply, { only });
  });

  app.post('/org/challenges', { config: orgAdmin }, async (req, reply) => {
    const form = parseForm(challengeForm, req.body);
    if (!form.ok) return sendOrgPage(req, reply, { values: form.values, errors: form.errors, status: 400 });
    // as on the GET: another organization's id, or one that does not exist, is a 404 naming
    // none (never revealing it exists); a plain contact there is a 403
    const orgId = orgScope(req, 'admin', {
      asked: form.data.org.slice(0, 200) || adminOrgs(req)[0] || '-',
      forbidden: 'Only an administrator of the government can start its challenge.',
    }).id;
    try {
      await createChallenge(deps, actorOf(req), orgId, form.data);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return sendOrgPage(req, reply, { values: formValues(req.body), errors: fields, status: 400 });
      if (err instanceof AppError && err.status === 409) return sendOrgPage(req, reply, { values: formValues(req.body), refused: err.message, status: 409 });
      throw err;
    }
    setFlash(reply, 'The challenge is started, with a copy of the network’s catalog.');
    return reply.redirect(`/challenges/${form.data.slug}/manage`, 303);
  });

  /** The challenge, if the signed-in person is an administrator of its government (403 otherwise). */
  async function governed(req: FastifyRequest, slug: string): Promise<Challenge> {
    const c = await opts.challengeOr404(slug);
    if (!actsFor(req, c.organization_id, 'admin')) throw new AppError('forbidden', { message: `Only administrators of ${c.government} manage this challenge.` });
    return c;
  }

  async function sendManage(req: FastifyRequest, reply: FastifyReply, c: Challenge, o: { failed?: FailedForm; refused?: string; status?: number; page?: number } = {}) {
    const [waiting, decided, actions] = await Promise.all([waitingQueue(deps.db, c.id), decidedPage(deps.db, c.id, o.page ?? 1), catalogue(deps.db, c.id, { withRetired: true })]);
    return sendPage(reply, ManagePage({ ctx: await pageContext(req, reply), c, waiting, decided, actions, ...o }), o.status ?? 200);
  }

  // ?decided=<n>: the page of decided actions (anything else, or past the last, is the first)
  app.get<{ Params: { slug: string }; Querystring: { decided?: string } }>('/challenges/:slug/manage', { config: orgAdmin }, async (req, reply) => {
    const c = await governed(req, req.params.slug);
    const raw = typeof req.query.decided === 'string' ? req.query.decided : '';
    return sendManage(req, reply, c, { page: /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1 });
  });

  app.post<{ Params: { slug: string } }>('/challenges/:slug/manage/actions', { config: orgAdmin }, async (req, reply) => {
    const c = await governed(req, req.params.slug);
    const form = parseForm(actionForm, req.body);
    if (!form.ok) return sendManage(req, reply, c, { failed: { key: NEW_ACTION, values: form.values, errors: form.errors }, status: 400 });
    await addChallengeAction(deps, actorOf(req), c.id, form.data);
    setFlash(reply, 'The action is added.');
    return reply.redirect(`/challenges/${c.slug}/manage`, 303);
  });

  app.post<{ Params: { slug: string; actionId: string } }>('/challenges/:slug/manage/actions/:actionId', { config: orgAdmin }, async (req, reply) => {
    const c = await governed(req, req.params.slug);
    const id = req.params.actionId;
    if (!isUuid(id)) throw new AppError('not_found', { message: 'There is no such action in this challenge.' });
    const form = parseForm(actionForm, req.body);
    if (!form.ok) return sendManage(req, reply, c, { failed: { key: actionScope(id), values: form.values, errors: form.errors }, status: 400 });
    await updateChallengeAction(deps, actorOf(req), c.id, id, form.data);
    setFlash(reply, 'The action is saved.');
    return reply.redirect(`/challenges/${c.slug}/manage`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/challenges/:slug/manage/completions/:id', { config: orgAdmin }, async (req, reply) => {
    const c = await governed(req, req.params.slug);
    const id = req.params.id;
    if (!isUuid(id)) throw new AppError('not_found', { message: 'There is no such action marked done in this challenge.' });
    const form = parseForm(reviewForm, req.body);
    if (!form.ok) return sendManage(req, reply, c, { failed: { key: reviewScope(id), values: form.values, errors: form.errors }, status: 400 });
    let decided: { business: string };
    try {
      decided = await reviewCompletion(deps, actorOf(req), c, id, form.data.decision, form.data.reason);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return sendManage(req, reply, c, { refused: err.message, status: 409 });
      throw err;
    }
    setFlash(
      reply,
      form.data.decision === 'verify'
        ? `Verified: the points count on the leaderboard. We have emailed ${decided.business} to say so.`
        : `Rejected: we have emailed ${decided.business} your reason; they may send the action again.`,
    );
    return reply.redirect(`/challenges/${c.slug}/manage`, 303);
  });

  // --- staff's catalogue template ---
  const sendTemplate = async (req: FastifyRequest, reply: FastifyReply, failed?: FailedForm) =>
    sendPage(reply, TemplatePage({ ctx: await pageContext(req, reply), rows: await templateActions(deps.db), failed }), failed ? 400 : 200);

  app.get('/staff/challenges/template', { config: programs }, (req, reply) => sendTemplate(req, reply));

  app.post('/staff/challenges/template', { config: programs }, async (req, reply) => {
    const form = parseForm(actionForm, req.body);
    if (!form.ok) return sendTemplate(req, reply, { key: NEW_ACTION, values: form.values, errors: form.errors });
    await addTemplateAction(deps, actorOf(req), form.data);
    setFlash(reply, 'The action is added to the template.');
    return reply.redirect('/staff/challenges/template', 303);
  });

  app.post<{ Params: { id: string } }>('/staff/challenges/template/:id', { config: programs }, async (req, reply) => {
    const id = req.params.id;
    if (!isUuid(id)) throw new AppError('not_found', { message: 'There is no such action in the template.' });
    const form = parseForm(actionForm, req.body);
    if (!form.ok) return sendTemplate(req, reply, { key: actionScope(id), values: form.values, errors: form.errors });
    await updateTemplateAction(deps, actorOf(req), id, form.data);
    setFlash(reply, 'The template action is saved.');
    return reply.redirect('/staff/challenges/template', 303);
  });
}
