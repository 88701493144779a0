// Communications staff's routes of resources: /staff/resources (list, new, edit with a file
// upload, preview link) and /staff/resources/topics (topic pages). Each save is one transaction
// with its revision and audit row; a bad field re-renders the form with its message (400) and
// changes nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SEARCHES_CHANNEL } from '../../deps.js';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { readMultipartForm, registerUploads } from '../../lib/uploads.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { parsePublishAt, publishAtValue, revisionsOf } from '../publishing/index.js';
import { type CheckedFile, checkFile, MAX_FILE_BYTES } from './files.js';
import { allTopics, listResourcesForStaff, type ResourceRow, resourceById, type TopicRow, topicById, topicSizes } from './queries.js';
import { resourceForm, topicForm } from './schemas.js';
import { newPreviewLink, type ResourceInput, saveResource, saveTopic, slugFrom, type TopicInput } from './service.js';
import { ResourceFormPage, StaffResourcesPage, StaffTopicsPage, TopicFormPage } from './staff-views.js';

type Values = Record<string, string>;
const idParams = z.object({ id: z.string().max(100) });
const listQuery = z.object({
  state: z.enum(['draft', 'scheduled', 'published', 'archived']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
const chosen = (values: Values, prefix: string, known: Set<string>) =>
  Object.keys(values)
    .filter((k) => k.startsWith(prefix) && values[k] === 'yes')
    .map((k) => k.slice(prefix.length))
    .filter((id) => known.has(id));

const resourceValues = (r: ResourceRow, zone: string): Values => ({
  title: r.title,
  slug: r.slug,
  summary: r.summary,
  body: r.body,
  type: r.type,
  year: String(r.year),
  link_url: r.link_url ?? '',
  state: r.state,
  publish_at: publishAtValue(r.publish_at, zone),
  audience: r.audience,
});

export async function resourceStaffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const comms = { access: access.staff('communications') };

  app.get('/staff/resources', { config: comms }, async (req, reply) => {
    const q = listQuery.parse(req.query ?? {});
    const { items, hasNext } = await listResourcesForStaff(deps.db, { state: q.state, page: q.page, size: 25 });
    return sendPage(reply, StaffResourcesPage({ ctx: await pageContext(req, reply), items, state: q.state, page: q.page, hasNext }));
  });

  async function loadResource(id: string): Promise<ResourceRow> {
    const r = await resourceById(deps.db, id);
    if (!r) throw new AppError('not_found', { message: 'There is no such resource.' });
    return r;
  }

  async function sendResourceForm(
    req: FastifyRequest,
    reply: FastifyReply,
    p: { resource?: ResourceRow; values: Values; errors?: FieldErrors; pathways?: string[]; topics?: string[] },
  ) {
    const [pathways, topics, revisions] = await Promise.all([listPathways(deps.db), allTopics(deps.db), p.resource ? revisionsOf(deps.db, 'resource', p.resource.id) : []]);
    const view = {
      resource: p.resource,
      values: p.values,
      errors: p.errors,
      pathways,
      topics,
      chosenPathways: p.pathways ?? p.resource?.pathway_ids ?? [],
      chosenTopics: p.topics ?? p.resource?.topic_ids ?? [],
      revisions,
    };
    return sendPage(reply, ResourceFormPage({ ctx: await pageContext(req, reply), view }), p.errors ? 400 : 200);
  }

  app.get('/staff/resources/new', { config: comms }, async (req, reply) =>
    sendResourceForm(req, reply, { values: { type: 'guide', year: String(deps.clock.now().getUTCFullYear()), state: 'draft', audience: 'everyone' } }),
  );

  app.get('/staff/resources/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const r = await loadResource(req.params.id);
    return sendResourceForm(req, reply, { resource: r, values: resourceValues(r, (await pageContext(req, reply)).timeZone) });
  });

  app.post('/staff/resources/:id/preview', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const r = await loadResource(req.params.id);
    const token = await newPreviewLink(deps.db, 'resource', r.id);
    setFlash(reply, `Preview link (the old one no longer works): ${deps.config.publicUrl}/resources/${r.slug}?preview=${token}`);
    return reply.redirect(`/staff/resources/${r.id}`, 303);
  });

  // The resource form carries a file: multipart, parsed in this scope only.
  await app.register(async (scope) => {
    await registerUploads(scope, { maxFileBytes: MAX_FILE_BYTES, maxFiles: 1 });
    const s = scope.withTypeProvider<ZodTypeProvider>();

    async function save(req: FastifyRequest, reply: FastifyReply, existing?: ResourceRow) {
      const form = await readMultipartForm(req);
      const values = form.fields;
      const [pathways, topics] = await Promise.all([listPathways(deps.db), allTopics(deps.db)]);
      const pathwayIds = chosen(values, 'pathway_', new Set(pathways.map((p) => p.id)));
      const topicIds = chosen(values, 'topic_', new Set(topics.map((t) => t.id)));
      const again = (errors: FieldErrors) => sendResourceForm(req, reply, { resource: existing, values, errors, pathways: pathwayIds, topics: topicIds });
      const parsed = parseForm(resourceForm, values);
      const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
      const zone = (await pageContext(req, reply)).timeZone;
      const publishAt = parsePublishAt(values.publish_at, zone);
      if (publishAt === 'invalid') errors.publish_at = 'Enter the date and time, like 2027-03-16 09:00.';
      let file: CheckedFile | null = null;
      if (form.tooManyFiles) errors.file = 'Upload one file.';
      const upload = form.files.find((f) => f.field === 'file');
      if (upload) {
        const checked = await checkFile(upload);
        if (checked.ok) file = checked.file;
        else errors.file = checked.message;
      }
      if (!parsed.ok || Object.keys(errors).length || publishAt === 'invalid') return again(errors);
      const d = parsed.data;
      const input: ResourceInput = {
        title: d.title,
        slug: d.slug || slugFrom(d.title),
        summary: d.summary,
        body: d.body,
        type: d.type,
        year: d.year,
        linkUrl: d.link_url || null,
        audience: d.audience,
        state: d.state,
        publishAt,
        pathwayIds,
        topicIds,
      };
      try {
        const { id } = await deps.db
          .transaction()
          .execute((trx) => saveResource(trx, deps, { id: existing?.id, input, file, removeFile: d.remove_file === 'yes', actor: actorOf(req) }));
        await deps.changes.notify(SEARCHES_CHANNEL); // kept searches, in every process, are forgotten
        setFlash(reply, existing ? 'Resource saved.' : 'Resource created.');
        return reply.redirect(`/staff/resources/${id}`, 303);
      } catch (err) {
        const fields = fieldErrorsOf(err);
        if (!fields) throw err;
        return again(fields);
      }
    }

    s.post('/staff/resources', { config: comms }, async (req, reply) => save(req, reply));
    s.post('/staff/resources/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => save(req, reply, await loadResource(req.params.id)));
  });

  // ---- topic pages

  app.get('/staff/resources/topics', { config: comms }, async (req, reply) => {
    const [topics, sizes] = await Promise.all([allTopics(deps.db), topicSizes(deps.db)]);
    return sendPage(reply, StaffTopicsPage({ ctx: await pageContext(req, reply), topics, sizes }));
  });

  async function loadTopic(id: string): Promise<TopicRow> {
    const t = await topicById(deps.db, id);
    if (!t) throw new AppError('not_found', { message: 'There is no such topic page.' });
    return t;
  }

  async function sendTopicForm(req: FastifyRequest, reply: FastifyReply, p: { topic?: TopicRow; values: Values; errors?: FieldErrors }) {
    const revisions = p.topic ? await revisionsOf(deps.db, 'topic', p.topic.id) : [];
    return sendPage(reply, TopicFormPage({ ctx: await pageContext(req, reply), topic: p.topic, values: p.values, errors: p.errors, revisions }), p.errors ? 400 : 200);
  }

  app.get('/staff/resources/topics/new', { config: comms }, async (req, reply) => sendTopicForm(req, reply, { values: { state: 'draft' } }));

  app.get('/staff/resources/topics/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const t = await loadTopic(req.params.id);
    const zone = (await pageContext(req, reply)).timeZone;
    return sendTopicForm(req, reply, {
      topic: t,
      values: { name: t.name, slug: t.slug, introduction: t.introduction, state: t.state, publish_at: publishAtValue(t.publish_at, zone) },
    });
  });

  async function saveTopicForm(req: FastifyRequest, reply: FastifyReply, existing?: TopicRow) {
    const values = formValues(req.body);
    const parsed = parseForm(topicForm, values);
    const zone = (await pageContext(req, reply)).timeZone;
    const publishAt = parsePublishAt(values.publish_at, zone);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (publishAt === 'invalid') errors.publish_at = 'Enter the date and time, like 2027-03-16 09:00.';
    if (!parsed.ok || publishAt === 'invalid') return sendTopicForm(req, reply, { topic: existing, values, errors });
    const d = parsed.data;
    const input: TopicInput = { name: d.name, slug: d.slug || slugFrom(d.name), introduction: d.introduction, state: d.state, publishAt };
    try {
      const { id } = await deps.db.transaction().execute((trx) => saveTopic(trx, deps, { id: existing?.id, input, actor: actorOf(req) }));
      await deps.changes.notify(SEARCHES_CHANNEL);
      setFlash(reply, existing ? 'Topic page saved.' : 'Topic page created.');
      return reply.redirect(`/staff/resources/topics/${id}`, 303);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      if (!fields) throw err;
      return sendTopicForm(req, reply, { topic: existing, values, errors: fields });
    }
  }

  app.post('/staff/resources/topics', { config: comms }, async (req, reply) => saveTopicForm(req, reply));
  app.post('/staff/resources/topics/:id', { config: comms, schema: { params: idParams } }, async (req, reply) => saveTopicForm(req, reply, await loadTopic(req.params.id)));
  app.post('/staff/resources/topics/:id/preview', { config: comms, schema: { params: idParams } }, async (req, reply) => {
    const t = await loadTopic(req.params.id);
    const token = await newPreviewLink(deps.db, 'topic', t.id);
    setFlash(reply, `Preview link (the old one no longer works): ${deps.config.publicUrl}/resources/topics/${t.slug}?preview=${token}`);
    return reply.redirect(`/staff/resources/topics/${t.id}`, 303);
  });
}
