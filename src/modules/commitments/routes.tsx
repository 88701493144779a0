// Commitments' public routes: the list, one commitment with its signatories (by state, on a map),
// the signing page of a government's authorised person and its withdrawal, and the JSON API. The
// staff routes are in staff-routes.tsx.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { renderMarkdown } from '../publishing/index.js';
import { countsByState, isContactOf, publicCommitment, publicCommitments, signatoriesOf, signingSeats, standingSignature } from './queries.js';
import { commitmentsResponse, signatoriesResponse, signForm, stateFilter, withdrawOwnForm } from './schemas.js';
import { signCommitment, withdrawSignature } from './service.js';
import { noCommitment, today } from './shared.js';
import { commitmentStaffRoutes } from './staff-routes.js';
import { CommitmentPage, CommitmentsPage, SignPage } from './views.js';

const isSlug = (s: string) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s) && s.length <= 100;

export async function commitmentsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const open = { access: access.public() };
  const signedIn = { access: access.signedIn() };

  /** The launched commitment a slug names, or a 404. */
  const launched = async (slug: string) => {
    const c = isSlug(slug) ? await publicCommitment(deps.db, slug, await today(deps)) : undefined;
    if (!c) throw noCommitment();
    return c;
  };

  app.get('/commitments', { config: open }, async (req, reply) =>
    sendPage(reply, CommitmentsPage({ ctx: await pageContext(req, reply), commitments: await publicCommitments(deps.db, await today(deps)) })),
  );

  app.get<{ Params: { slug: string }; Querystring: Record<string, string | undefined> }>('/commitments/:slug', { config: open }, async (req, reply) => {
    const c = await launched(req.params.slug);
    const filter = stateFilter.safeParse({ state: req.query.state });
    const state = filter.success ? filter.data.state : undefined;
    const [signatories, byState] = await Promise.all([signatoriesOf(deps.db, c.id, state), countsByState(deps.db, c.id)]);
    const total = Object.values(byState).reduce((a, b) => a + b, 0);
    return sendPage(
      reply,
      CommitmentPage({
        ctx: await pageContext(req, reply),
        commitment: { ...c, signatories: total },
        html: renderMarkdown(c.body),
        signatories,
        byState,
        state,
        stateError: filter.success ? undefined : (filter.error.issues[0]?.message ?? 'Choose a state.'),
      }),
      filter.success ? 200 : 400,
    );
  });

  app.get<{ Params: { slug: string } }>('/commitments/:slug/sign', { config: signedIn }, async (req, reply) => {
    const c = await launched(req.params.slug);
    const seats = await signingSeats(deps.db, actorOf(req).userId, c.id);
    return sendPage(reply, SignPage({ ctx: await pageContext(req, reply), commitment: c, seats }));
  });

  app.post<{ Params: { slug: string } }>('/commitments/:slug/sign', { config: signedIn }, async (req, reply) => {
    const c = await launched(req.params.slug);
    const actor = actorOf(req);
    const form = parseForm(signForm, req.body);
    if (!form.ok) {
      const seats = await signingSeats(deps.db, actor.userId, c.id);
      return sendPage(reply, SignPage({ ctx: await pageContext(req, reply), commitment: c, seats, values: form.values, errors: form.errors }), 400);
    }
    const { organizationName } = await signCommitment(deps, actor, c.slug, form.data);
    setFlash(reply, `${organizationName} signed the ${c.title}. It is on the list of signatories.`);
    return reply.redirect(`/commitments/${c.slug}`, 303);
  });

  app.post<{ Params: { slug: string } }>('/commitments/:slug/withdraw', { config: signedIn }, async (req, reply) => {
    const c = await launched(req.params.slug);
    const form = parseForm(withdrawOwnForm, req.body);
    const actor = actorOf(req);
    if (!form.ok) {
      // a reason missing (or too long): the same page again, the message beside that government's reason
      const seats = await signingSeats(deps.db, actor.userId, c.id);
      const org = form.values.org ?? '';
      const error = form.errors.reason;
      if (!error || !seats.some((s) => s.organizationId === org && s.signature))
        throw new AppError('validation_failed', { message: Object.values(form.errors)[0] ?? 'Some fields need attention.', fields: form.errors });
      const withdrawal = { org, reason: form.values.reason ?? '', error };
      return sendPage(reply, SignPage({ ctx: await pageContext(req, reply), commitment: c, seats, withdrawal }), 400);
    }
    const sig = (await isContactOf(deps.db, actor.userId, form.data.org)) ? await standingSignature(deps.db, c.id, form.data.org) : undefined;
    // The same answer whether the organization exists, is not the person's, or has not signed: a
    // stranger learns nothing (an unlisted organization's signature is not public). Its contacts
    // who may not act for it are refused (403) by the service.
    if (!sig) throw new AppError('not_found', { message: 'There is no standing signature of that organization to withdraw.' });
    await withdrawSignature(deps, actor, { signatureId: sig.id, commitmentId: c.id, reason: form.data.reason, by: 'government' });
    setFlash(reply, 'The signature is withdrawn. It is no longer on the list of signatories.');
    return reply.redirect(`/commitments/${c.slug}`, 303);
  });

  app.get(
    '/api/v1/commitments',
    {
      config: open,
      schema: {
        tags: ['commitments'],
        summary: 'Launched public commitments, newest first, with who may sign and how many governments signed',
        response: { 200: commitmentsResponse },
      },
    },
    async () => {
      const rows = await publicCommitments(deps.db, await today(deps));
      return {
        commitments: rows.map((c) => ({
          slug: c.slug,
          title: c.title,
          launchedOn: c.launched_on,
          signers: c.signers,
          open: c.open,
          signatories: c.signatories,
          url: `${deps.config.publicUrl}/commitments/${c.slug}`,
        })),
      };
    },
  );

  app.get(
    '/api/v1/commitments/:slug/signatories',
    {
      config: open,
      schema: {
        tags: ['commitments'],
        summary:
          'The governments whose signature of a commitment stands (withdrawn ones left out; unlisted organizations counted, not named), by state and name; optionally of one state',
        params: z.object({ slug: z.string().max(200) }),
        querystring: stateFilter,
        response: { 200: signatoriesResponse },
      },
    },
    async (req) => {
      const c = await launched(req.params.slug);
      const [signatories, byState] = await Promise.all([signatoriesOf(deps.db, c.id, req.query.state), countsByState(deps.db, c.id)]);
      const count = req.query.state ? (byState[req.query.state] ?? 0) : Object.values(byState).reduce((a, b) => a + b, 0);
      return {
        commitment: { slug: c.slug, title: c.title },
        count,
        unlisted: count - signatories.length,
        signatories: signatories.map(({ organization, state, signerName, signerTitle, signedOn, networkUrl }) => ({
          organization,
          state,
          signerName,
          signerTitle,
          signedOn,
          networkUrl,
        })),
      };
    },
  );

  await app.register(commitmentStaffRoutes);
}
