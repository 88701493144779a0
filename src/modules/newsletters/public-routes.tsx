// The public routes of newsletters: /newsletters (sign-up), the confirmation link, the preferences
// page and the one-click unsubscribe (both reached by signed links, no sign-in), and the archive.
// The one-click POST (RFC 8058) needs no session and no CSRF token — its signed link is the whole
// authority — and it changes one subscription, nothing else.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { acceptOneClickBodies } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext } from '../../web/context.js';
import { formValues, honeypotFilled } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { countsAsMember } from '../events/index.js';
import { renderMarkdown } from '../publishing/index.js';
import { ArchivePage, CheckInboxPage, ConfirmPage, IssuePage, NotValidPage, PreferencesPage, SignUpPage, UnsubscribePage } from './public-views.js';
import { allLists, archivedIssue, archivedIssues, type ListRow } from './queries.js';
import { signUpForm } from './schemas.js';
import { confirmationState, confirmSubscriptionLink, preferencesByLink, requestSubscription, savePreferences, unsubscribeByLink, unsubscribeTarget } from './subscribe.js';

const unsubParams = z.object({ subscriberId: z.string().max(40), listId: z.string().max(40) });
const unsubQuery = z.object({ t: z.string().max(200).default(''), c: z.string().max(40).default('') });

export async function newslettersPublicRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const pub = { access: access.public() };

  /** The lists a visitor may choose: public ones, and members-only ones for a member. */
  async function choosable(req: FastifyRequest): Promise<ListRow[]> {
    const lists = await allLists(deps.db);
    const member = req.principal ? await countsAsMember(deps.db, req.principal.userId) : false;
    return lists.filter((l) => l.audience === 'public' || member);
  }

  app.get('/newsletters', { config: pub }, async (req, reply) => {
    const lists = await choosable(req);
    const values: Record<string, string> = { email: req.principal?.email ?? '' };
    if (lists.length === 1 && lists[0]) values[`list_${lists[0].id}`] = 'yes';
    return sendPage(reply, SignUpPage({ ctx: await pageContext(req, reply), lists, values }));
  });

  app.post('/newsletters', { config: { ...pub, rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (req, reply) => {
    const values = formValues(req.body);
    const lists = await choosable(req);
    const chosen = lists.filter((l) => values[`list_${l.id}`] === 'yes');
    const parsed = signUpForm.safeParse(values);
    const errors: FieldErrors = {};
    if (!parsed.success) errors.email = parsed.error.issues[0]?.message ?? 'Enter an email address.';
    if (chosen.length === 0) errors.lists = 'Choose at least one newsletter.';
    if (!parsed.success || chosen.length === 0) return sendPage(reply, SignUpPage({ ctx: await pageContext(req, reply), lists, values, errors }), 400);
    if (!honeypotFilled(req.body)) await requestSubscription(deps, { email: parsed.data.email, lists: chosen });
    return sendPage(reply, CheckInboxPage({ ctx: await pageContext(req, reply), email: parsed.data.email }));
  });

  app.get('/newsletters/confirm', { config: pub, schema: { querystring: z.object({ token: z.string().max(200).default('') }) } }, async (req, reply) => {
    const state = await confirmationState(deps, req.query.token);
    return sendPage(reply, ConfirmPage({ ctx: await pageContext(req, reply), state, token: req.query.token }), state === 'pending' ? 200 : state === 'expired' ? 410 : 404);
  });

  app.post('/newsletters/confirm', { config: pub }, async (req, reply) => {
    const token = formValues(req.body).token ?? '';
    const r = await confirmSubscriptionLink(deps, token);
    const ctx = await pageContext(req, reply);
    if (r.status !== 'confirmed') return sendPage(reply, ConfirmPage({ ctx, state: r.status }), r.status === 'expired' ? 410 : 404);
    return sendPage(reply, ConfirmPage({ ctx, state: 'confirmed', lists: r.lists, preferencesPath: r.preferencesPath }));
  });

  const prefsParams = z.object({ subscriberId: z.string().max(40) });
  app.get(
    '/newsletters/preferences/:subscriberId',
    { config: pub, schema: { params: prefsParams, querystring: z.object({ t: z.string().max(200).default('') }) } },
    async (req, reply) => {
      const prefs = await preferencesByLink(deps, req.params.subscriberId, req.query.t);
      const ctx = await pageContext(req, reply);
      if (!prefs) return sendPage(reply, NotValidPage({ ctx, title: 'This link is not valid' }), 404);
      return sendPage(reply, PreferencesPage({ ctx, prefs, token: req.query.t }));
    },
  );

  app.post('/newsletters/preferences/:subscriberId', { config: pub, schema: { params: prefsParams } }, async (req, reply) => {
    const values = formValues(req.body);
    const token = values.t ?? '';
    const prefs = await preferencesByLink(deps, req.params.subscriberId, token);
    if (!prefs) return sendPage(reply, NotValidPage({ ctx: await pageContext(req, reply), title: 'This link is not valid' }), 404);
    const chosen = new Set(prefs.lists.filter((l) => values[`list_${l.id}`] === 'yes').map((l) => l.id));
    await savePreferences(deps, prefs, chosen, { stopAll: values.action === 'stop' });
    const after = await preferencesByLink(deps, prefs.subscriberId, token);
    return sendPage(reply, PreferencesPage({ ctx: await pageContext(req, reply), prefs: after ?? prefs, token, saved: true }));
  });

  app.get('/newsletters/unsubscribe/:subscriberId/:listId', { config: pub, schema: { params: unsubParams, querystring: unsubQuery } }, async (req, reply) => {
    const link = { ...req.params, token: req.query.t, campaignId: req.query.c };
    const target = await unsubscribeTarget(deps, link);
    const ctx = await pageContext(req, reply);
    if (!target) return sendPage(reply, NotValidPage({ ctx, title: 'This unsubscribe link is not valid' }), 404);
    return sendPage(
      reply,
      UnsubscribePage({ ctx, listName: target.listName, done: target.status === 'unsubscribed', formAction: req.url, preferencesPath: target.preferencesPath }),
    );
  });

  // RFC 8058: a mail client posts `List-Unsubscribe=One-Click` to the header's URL, with no
  // cookie and no token of ours; the body is not needed (the signed link is the authority).
  await app.register(async (scope) => {
    acceptOneClickBodies(scope);
    const one = scope.withTypeProvider<ZodTypeProvider>();
    one.post(
      '/newsletters/unsubscribe/:subscriberId/:listId',
      { config: { ...pub, csrf: false }, schema: { params: unsubParams, querystring: unsubQuery } },
      async (req, reply) => {
        const link = { ...req.params, token: req.query.t, campaignId: req.query.c };
        try {
          const target = await unsubscribeByLink(deps, link);
          return sendPage(
            reply,
            UnsubscribePage({ ctx: await pageContext(req, reply), listName: target.listName, done: true, formAction: req.url, preferencesPath: target.preferencesPath }),
          );
        } catch (err) {
          if (err instanceof AppError && err.code === 'not_found')
            return sendPage(reply, NotValidPage({ ctx: await pageContext(req, reply), title: 'This unsubscribe link is not valid' }), 404);
          throw err;
        }
      },
    );
  });

  app.get('/newsletters/archive', { config: pub }, async (req, reply) => {
    const issues = await archivedIssues(deps.db);
    return sendPage(reply, ArchivePage({ ctx: await pageContext(req, reply), issues }));
  });

  app.get('/newsletters/archive/:id', { config: pub, schema: { params: z.object({ id: z.string().max(40) }) } }, async (req, reply) => {
    const id = req.params.id;
    const issue = isUuid(id) ? await archivedIssue(deps.db, id) : undefined;
    if (!issue) throw new AppError('not_found', { message: 'There is no such issue.' });
    return sendPage(reply, IssuePage({ ctx: await pageContext(req, reply), issue, html: renderMarkdown(issue.body) }));
  });
}
