// The challenge's public routes: the leaderboard page and its API, the business sign-up, and a
// business's own page. Marking actions (multipart) and evidence files are in business-routes.ts;
// the government's and staff's pages in manage-routes.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { startWithEmail } from '../accounts/index.js';
import { businessRoutes } from './business-routes.js';
import { manageRoutes } from './manage-routes.js';
import { businessOf, type Challenge, catalogue, challengeBySlug, completionsOf, emailVerified, leaderboard, thresholdsOf } from './queries.js';
import { joinForm, leaderboardResponse, startForm } from './schemas.js';
import { joinChallenge } from './service.js';
import { notFound, seasonOn } from './shared.js';
import { BusinessPage, JoinPage, LeaderboardPage, NoBusinessPage } from './views.js';

const slugParams = z.object({ slug: z.string().max(100) });

export async function challengesRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const open = { access: access.public() };
  const today = () => todayIn(deps);

  async function challengeOr404(slug: string): Promise<Challenge> {
    const c = await challengeBySlug(deps.db, slug);
    if (!c) throw notFound();
    return c;
  }

  app.get('/challenges/:slug', { config: open, schema: { params: slugParams } }, async (req, reply) => {
    const c = await challengeOr404(req.params.slug);
    // whether the signed-in person has a business in it: the page links to it only then
    const business = req.principal ? Boolean(await businessOf(deps.db, c.id, req.principal.userId)) : undefined;
    return sendPage(reply, LeaderboardPage({ ctx: await pageContext(req, reply), c, rows: await leaderboard(deps.db, c), today: await today(), business }));
  });

  app.get(
    '/api/v1/challenges/:slug/leaderboard',
    {
      config: open,
      schema: {
        tags: ['challenges'],
        summary: 'A business challenge’s public leaderboard: verified points, rank (ties share a rank: 1, 2, 2, 4), points by category and badge of each business',
        params: slugParams,
        response: { 200: leaderboardResponse },
      },
    },
    async (req) => {
      const c = await challengeOr404(req.params.slug);
      const rows = await leaderboard(deps.db, c);
      return {
        challenge: { slug: c.slug, title: c.title, government: c.government, startsOn: c.starts_on, endsOn: c.ends_on, thresholds: thresholdsOf(c) },
        leaderboard: rows.map((r) => ({ rank: r.rank, business: r.name, points: r.points, badge: r.badge, categories: r.categories })),
      };
    },
  );

  /** The sign-up page as this person may see it. */
  async function sendJoin(
    req: FastifyRequest,
    reply: FastifyReply,
    c: Challenge,
    opts: { values?: Record<string, string>; errors?: FieldErrors; refused?: string; sent?: string; status?: number } = {},
  ) {
    const p = req.principal;
    const season = seasonOn(await today(), c);
    const blocked =
      season !== 'running' ? season : !p ? 'signin' : !(await emailVerified(deps.db, p.userId)) ? 'unverified' : (await businessOf(deps.db, c.id, p.userId)) ? 'joined' : undefined;
    const status = opts.status ?? (blocked && req.method === 'POST' ? (blocked === 'unverified' ? 403 : 409) : 200);
    return sendPage(reply, JoinPage({ ctx: await pageContext(req, reply), c, blocked, ...opts }), status);
  }

  app.get('/challenges/:slug/join', { config: open, schema: { params: slugParams } }, async (req, reply) => sendJoin(req, reply, await challengeOr404(req.params.slug)));

  app.post(
    '/challenges/:slug/join',
    { config: { access: access.signedIn(), rateLimit: { max: 20, timeWindow: '10 minutes' } }, schema: { params: slugParams } },
    async (req, reply) => {
      const c = await challengeOr404(req.params.slug);
      const form = parseForm(joinForm, req.body);
      if (!form.ok) return sendJoin(req, reply, c, { values: form.values, errors: form.errors, status: 400 });
      const p = req.principal;
      if (!p) throw new AppError('unauthenticated');
      try {
        await joinChallenge(deps, p.userId, c, form.data);
      } catch (err) {
        if (err instanceof AppError && err.code === 'challenges.outside_jurisdiction')
          return sendJoin(req, reply, c, { values: formValues(req.body), refused: err.message, status: 422 });
        const fields = fieldErrorsOf(err);
        if (fields) return sendJoin(req, reply, c, { values: formValues(req.body), errors: fields, status: 400 });
        if (err instanceof AppError && err.code.startsWith('challenges.')) return sendJoin(req, reply, c, { status: err.status });
        throw err;
      }
      setFlash(reply, `${form.data.name} has joined ${c.title}. Mark the actions you have done.`);
      return reply.redirect(`/challenges/${c.slug}/business`, 303);
    },
  );

  // A newcomer (no account yet) starts with their name and address: an account is made for the
  // address if it has none, and a sign-in link that confirms it brings them back to the form.
  app.post(
    '/challenges/:slug/join/start',
    { config: { access: access.public(), rateLimit: { max: 10, timeWindow: '10 minutes' } }, schema: { params: slugParams } },
    async (req, reply) => {
      const c = await challengeOr404(req.params.slug);
      if (req.principal || seasonOn(await today(), c) !== 'running') return sendJoin(req, reply, c, { status: 409 });
      const form = parseForm(startForm, req.body);
      if (!form.ok) return sendJoin(req, reply, c, { values: form.values, errors: form.errors, status: 400 });
      await startWithEmail(deps, { email: form.data.email, name: form.data.contactName, next: `/challenges/${c.slug}/join`, purpose: `continue joining ${c.title}` });
      return sendJoin(req, reply, c, { sent: form.data.email, status: 200 });
    },
  );

  app.get('/challenges/:slug/business', { config: { access: access.signedIn() }, schema: { params: slugParams } }, async (req, reply) => {
    const c = await challengeOr404(req.params.slug);
    return sendBusiness(req, reply, c);
  });

  /** A business's own page (with a failed form's messages), or a page saying it has none (404). */
  async function sendBusiness(
    req: FastifyRequest,
    reply: FastifyReply,
    c: Challenge,
    form?: { actionId: string; errors: FieldErrors; values: Record<string, string> },
    status = 200,
  ) {
    const p = req.principal;
    const business = p ? await businessOf(deps.db, c.id, p.userId) : undefined;
    if (!business) return sendPage(reply, NoBusinessPage({ ctx: await pageContext(req, reply), c }), 404);
    const [actions, marks, board] = await Promise.all([catalogue(deps.db, c.id), completionsOf(deps.db, business.id), leaderboard(deps.db, c)]);
    const rows = actions.map((a) => ({ ...a, mark: marks.find((m) => m.action_id === a.id) }));
    const season = seasonOn(await today(), c);
    return sendPage(
      reply,
      BusinessPage({ ctx: await pageContext(req, reply), c, business, actions: rows, standing: board.find((r) => r.businessId === business.id), season, form }),
      status,
    );
  }

  await app.register(businessRoutes, { sendBusiness, challengeOr404 });
  await app.register(manageRoutes, { challengeOr404 });
}
