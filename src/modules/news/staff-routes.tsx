// Communications staff's routes of news: /staff/news (every post by state), a new post, one
// post's editor (its save moves it through the workflow) and its preview link. A form with errors
// comes back with them beside the fields (400) and changes nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseFilterQuery, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { isLive, publishAtValue, revisionsOf } from '../publishing/index.js';
import { listPostsForStaff, type NewsPost, postById } from './queries.js';
import { postForm, staffListQuery } from './schemas.js';
import { type Actor, effectiveState, makePreviewLink, savePost } from './service.js';
import { PostEditorPage, StaffNewsPage } from './staff-views.js';

const idParams = z.object({ id: z.string().max(100) });
const STAFF_PAGE_SIZE = 25;
type Values = Record<string, string>;

/** The chosen pathways: one checkbox per pathway, named pathway_<id>. */
const chosenPathways = (values: Values, known: Set<string>) =>
  Object.keys(values)
    .filter((k) => k.startsWith('pathway_') && values[k] === 'yes')
    .map((k) => k.slice('pathway_'.length))
    .filter((id) => known.has(id));

export async function newsStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const comms = { access: access.staff('communications') };
  const actor = (req: FastifyRequest): Actor => ({ userId: req.principal?.userId ?? null, requestId: req.id });

  async function loadPost(id: string): Promise<NewsPost> {
    const post = await postById(deps.db, id);
    if (!post) throw new AppError('not_found', { message: 'There is no such post.' });
    return post;
  }

  const postValues = (post: NewsPost, zone: string): Values => ({
    title: post.title,
    slug: post.slug,
    summary: post.summary,
    body: post.body,
    author_name: post.author_name,
    featured: post.featured?.slug ?? '',
    state: effectiveState(post, deps.clock.now()),
    publish_at: publishAtValue(post.publish_at, zone),
    audience: post.audience,
  });

  async function sendEditor(req: FastifyRequest, reply: FastifyReply, p: { post?: NewsPost; values: Values; chosen: string[]; errors?: FieldErrors }) {
    const ctx = await pageContext(req, reply);
    const now = deps.clock.now();
    const [pathways, revisions] = await Promise.all([listPathways(deps.db), p.post ? revisionsOf(deps.db, 'news', p.post.id) : Promise.resolve([])]);
    return sendPage(
      reply,
      PostEditorPage({
        ctx,
        post: p.post,
        shownState: p.post ? effectiveState(p.post, now) : 'draft',
        values: p.values,
        pathways,
        chosen: p.chosen,
        errors: p.errors,
        revisions,
        live: p.post ? isLive(p.post, now) : false,
      }),
      p.errors ? 400 : 200,
    );
  }

  app.get('/staff/news', { config: comms }, async (req, reply) => {
    // a bad page number or state is said beside its field (400), the other filter kept
    const { data, errors, values } = parseFilterQuery(staffListQuery, req.query);
    const { state, page } = data;
    const { posts, total } = await listPostsForStaff(deps.db, { state, page, limit: STAFF_PAGE_SIZE });
    const now = deps.clock.now();
    const failed = Object.keys(errors).length > 0;
    return sendPage(
      reply,
      StaffNewsPage({
        ctx: await pageContext(req, reply),
        posts: posts.map((r) => ({ ...r, shownState: effectiveState(r, now) })),
        state,
        page,
        pages: Math.ceil(total / STAFF_PAGE_SIZE),
        typed: values,
        errors: failed ? errors : undefined,
      }),
      failed ? 400 : 200,
    );
  });

  app.get('/staff/news/new', { config: comms }, async (req, reply) =>
    sendEditor(req, reply, { values: { state: 'draft', audience: 'everyone', author_name: req.principal?.name ?? '' }, chosen: [] }),
  );

  /** Saves the form (a new post without `post`); answers the editor with its errors, or redirects. */
  async function save(req: FastifyRequest, reply: FastifyReply, post?: NewsPost) {
    const values = formValues(req.body);
    const known = new Set((await listPathways(deps.db)).map((w) => w.id));
    const chosen = chosenPathways(values, known);
    const parsed = parseForm(postForm, req.body);
    if (!parsed.ok) return sendEditor(req, reply, { post, values, chosen, errors: parsed.errors });
    try {
      const timeZone = (await deps.association.get()).time_zone;
      const saved = await savePost(deps, { form: parsed.data, pathwayIds: chosen, zone: timeZone }, actor(req), post?.id);
      const now = deps.clock.now();
      const words =
        parsed.data.state === 'published'
          ? `Published: readers see it at /news/${saved.slug}.`
          : parsed.data.state === 'scheduled'
            ? 'Scheduled: it is published at the time you chose.'
            : parsed.data.state === 'archived'
              ? 'Archived: readers no longer see it.'
              : 'Saved as a draft.';
      setFlash(reply, post && effectiveState(post, now) === parsed.data.state && parsed.data.state !== 'draft' ? 'Story saved.' : words);
      return reply.redirect(`/staff/news/${saved.id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendEditor(req, reply, { post, values, chosen, errors: fields });
    }
  }

  app.post('/staff/news', { config: comms }, async (req, reply) => save(req, reply));

  app.get('/staff/news/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const post = await loadPost(req.params.id);
    const timeZone = (await deps.association.get()).time_zone;
    return sendEditor(req, reply, { post, values: postValues(post, timeZone), chosen: post.pathways.map((w) => w.id) });
  });

  app.post('/staff/news/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => save(req, reply, await loadPost(req.params.id)));

  app.post('/staff/news/:id/preview', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const post = await loadPost(req.params.id);
    const token = await makePreviewLink(deps, post.id, actor(req));
    setFlash(reply, `Preview link (anyone with it sees the story until you make a new one): ${deps.config.publicUrl}/news/${post.slug}?preview=${token}`);
    return reply.redirect(`/staff/news/${post.id}`, 303);
  });
}
