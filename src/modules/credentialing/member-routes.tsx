// The member's routes: /credential (status), /credential/apply (the form: save the draft or
// submit it), and the public check /credential/verify (rate limited;
// current holders only). Eligibility is checked again server side whatever the page showed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { readApplicationForm, saveApplication, whyNotApply } from './apply.js';
import { credentialOf, latestApplicationOf, profilePositionsOf, verifyByName } from './queries.js';
import { positionFromProfile } from './rules.js';
import { today, yearMinutes } from './shared.js';
import { ApplyPage, applicationValues, CredentialPage, VerifyPage } from './views.js';

const verifyQuery = z.object({ name: z.string().optional() });

export async function credentialMemberRoutes(app: FastifyInstance) {
  const deps = app.deps;
  const signedIn = { access: access.signedIn() };

  app.get('/credential', { config: signedIn }, async (req, reply) => {
    const userId = req.principal?.userId ?? '';
    const day = await today(deps);
    const [credential, application, whyNot, minutes] = await Promise.all([
      credentialOf(deps.db, userId),
      latestApplicationOf(deps.db, userId),
      whyNotApply(deps.db, userId, day),
      yearMinutes(deps.db, [userId], Number(day.slice(0, 4))),
    ]);
    return sendPage(
      reply,
      CredentialPage({ ctx: await pageContext(req, reply), credential: credential ?? null, application: application ?? null, whyNot, thisYearMinutes: minutes.get(userId) ?? 0 }),
    );
  });

  const applyPage = async (req: FastifyRequest, reply: FastifyReply, opts: { values?: Record<string, string>; errors?: FieldErrors; refused?: string; status?: number }) => {
    const userId = req.principal?.userId ?? '';
    const day = await today(deps);
    const [why, own] = await Promise.all([whyNotApply(deps.db, userId, day), latestApplicationOf(deps.db, userId)]);
    const refused =
      opts.refused ?? why ?? (own?.status === 'submitted' ? 'Your application is submitted and in review: it can no longer be changed. We email you the decision.' : undefined);
    // No draft yet: the form starts from the positions the profile lists, counted (the applicant
    // changes them; a saved draft is theirs from then on).
    const profile = !opts.values && own?.status !== 'draft' ? (await profilePositionsOf(deps.db, userId)).map(positionFromProfile) : [];
    const fromProfile = profile.length > 0;
    const values =
      opts.values ??
      (own?.status === 'draft'
        ? applicationValues(own)
        : fromProfile
          ? applicationValues({ degree: '', institution: '', degreeYear: null, positions: profile, referees: [], selfAssessment: {} })
          : {});
    const read = readApplicationForm(values, day.slice(0, 7), false);
    return sendPage(
      reply,
      ApplyPage({ ctx: await pageContext(req, reply), refused, values, errors: opts.errors, months: read.months, hasDegree: !!read.form.degree, fromProfile }),
      opts.status ?? 200,
    );
  };

  app.get('/credential/apply', { config: signedIn }, (req, reply) => applyPage(req, reply, {}));

  app.post('/credential/apply', { config: { access: access.signedIn(), rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req, reply) => {
    const values = formValues(req.body);
    const submit = values.action === 'submit';
    try {
      await saveApplication(deps, actorOf(req), values, submit);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (fields) return applyPage(req, reply, { values, errors: fields, status: 400 });
      if (err instanceof AppError && err.code !== 'not_found') return applyPage(req, reply, { values, refused: err.message, status: err.status });
      throw err;
    }
    if (!submit) {
      setFlash(reply, 'Your draft is saved.');
      return reply.redirect('/credential/apply', 303);
    }
    setFlash(reply, 'Your application is submitted. The fee invoice is in your email.');
    return reply.redirect('/credential', 303);
  });

  // Public, and rate limited: the check answers one name at a time, current holders only.
  app.get(
    '/credential/verify',
    { config: { access: access.public(), rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { querystring: verifyQuery } },
    async (req, reply) => {
      const name = ((req.query as z.infer<typeof verifyQuery>).name ?? '').trim();
      const ctx = await pageContext(req, reply);
      if (!name) return sendPage(reply, VerifyPage({ ctx, name, results: null }));
      if (name.length < 3 || name.length > 100)
        return sendPage(reply, VerifyPage({ ctx, name: name.slice(0, 100), error: 'Enter at least 3 letters of the name (at most 100).', results: null }), 400);
      return sendPage(reply, VerifyPage({ ctx, name, results: await verifyByName(deps.db, name) }));
    },
  );
}
