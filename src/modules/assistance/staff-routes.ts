// Staff side of technical assistance: advisors and membership staff see every request (the
// queue, one request, its files), reply, change status and reassign. No other staff role.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, actorOf } from '../../lib/access.js';
import { AppError, type FieldErrors } from '../../lib/errors.js';
import { today as todayIn } from '../../lib/today.js';
import { readMultipartForm } from '../../lib/uploads.js';
import { isUuid } from '../../lib/validators.js';
import { pageContext, setFlash } from '../../web/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { listPathways } from '../pathways/index.js';
import { checkFiles } from './files.js';
import { getThread, listAdvisors, listQueue, organizationOfRequest } from './queries.js';
import { attachmentParams, idParams, queueQuery, reassignForm, replyForm, statusForm } from './schemas.js';
import { sendAttachment } from './send-file.js';
import { addMessage, changeStatus, reassignRequest } from './service.js';
import { QueuePage, StaffRequestPage } from './staff-views.js';
import type { AgeBucket } from './states.js';

const policy = () => access.staff('advisor', 'membership');
const notFound = () => new AppError('not_found', { message: 'There is no such request.' });

export async function staffAssistanceRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;

  const exists = async (id: string) => {
    if (!isUuid(id) || !(await organizationOfRequest(deps.db, id))) throw notFound();
  };
  const renderRequest = async (
    req: FastifyRequest,
    reply: Parameters<typeof pageContext>[1],
    id: string,
    extra: { values?: Record<string, string>; errors?: FieldErrors; status?: number } = {},
  ) => {
    const [thread, advisors] = await Promise.all([getThread(deps.db, id, deps.clock.now()), listAdvisors(deps.db)]);
    if (!thread) throw notFound();
    return sendPage(reply, StaffRequestPage({ ctx: await pageContext(req, reply), thread, advisors, values: extra.values, errors: extra.errors }), extra.status ?? 200);
  };

  // Filters are read by hand so that a bad one re-renders the queue with its message.
  app.get('/staff/assistance', { config: { access: policy() } }, async (req, reply) => {
    const raw = formValues(req.query);
    const parsed = queueQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '')));
    const errors: FieldErrors = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    const q = parsed.success ? parsed.data : {};
    const pathways = await listPathways(deps.db, { includeArchived: true });
    const page = q.page ?? 1;
    const result = parsed.success
      ? await listQueue(
          deps.db,
          {
            status: q.status ?? 'active',
            advisor: q.advisor ?? 'any',
            org: q.org || undefined,
            pathway: q.pathway || undefined,
            age: q.age as AgeBucket | undefined,
            late: q.late as 'yes' | undefined,
            page,
          },
          req.principal?.userId ?? '',
          deps.clock.now(),
          await todayIn(deps),
        )
      : { rows: [], hasNext: false };
    return sendPage(reply, QueuePage({ ctx: await pageContext(req, reply), raw, errors, pathways, rows: result.rows, page, hasNext: result.hasNext }), parsed.success ? 200 : 400);
  });

  app.get('/staff/assistance/:id', { config: { access: policy() }, schema: { params: idParams } }, async (req, reply) => {
    await exists(req.params.id);
    return renderRequest(req, reply, req.params.id);
  });

  app.post('/staff/assistance/:id/messages', { config: { access: policy() }, schema: { params: idParams } }, async (req, reply) => {
    await exists(req.params.id);
    const form = await readMultipartForm(req);
    const parsed = parseForm(replyForm, form.fields);
    const checked = await checkFiles(form.files, form.tooManyFiles);
    if (!parsed.ok || checked.error) {
      const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...(checked.error ? { attachments: checked.error } : {}) };
      return renderRequest(req, reply, req.params.id, { values: form.fields, errors, status: form.files.some((f) => f.tooLarge) ? 413 : 400 });
    }
    await addMessage(deps, actorOf(req), 'staff', { requestId: req.params.id, body: parsed.data.body, files: checked.files });
    setFlash(reply, 'Your reply is sent.');
    return reply.redirect(`/staff/assistance/${req.params.id}`, 303);
  });

  app.post('/staff/assistance/:id/status', { config: { access: policy() }, schema: { params: idParams, body: statusForm } }, async (req, reply) => {
    await exists(req.params.id);
    await changeStatus(deps, actorOf(req), 'staff', { requestId: req.params.id, to: req.body.status });
    setFlash(reply, 'Status changed; the organization is emailed.');
    return reply.redirect(`/staff/assistance/${req.params.id}`, 303);
  });

  app.post('/staff/assistance/:id/assign', { config: { access: policy() }, schema: { params: idParams } }, async (req, reply) => {
    await exists(req.params.id);
    const form = parseForm(reassignForm, req.body);
    if (!form.ok) return renderRequest(req, reply, req.params.id, { errors: form.errors, status: 400 });
    try {
      await reassignRequest(deps, actorOf(req), { requestId: req.params.id, advisorUserId: form.data.advisor || null });
    } catch (err) {
      if (err instanceof AppError && err.fields) return renderRequest(req, reply, req.params.id, { errors: err.fields, status: 400 });
      throw err;
    }
    setFlash(reply, form.data.advisor ? 'Assigned; the advisor is emailed.' : 'The request is unassigned.');
    return reply.redirect(`/staff/assistance/${req.params.id}`, 303);
  });

  app.get('/staff/assistance/:id/attachments/:attachmentId', { config: { access: policy() }, schema: { params: attachmentParams } }, async (req, reply) => {
    await exists(req.params.id);
    return sendAttachment(deps.db, reply, req.params.id, req.params.attachmentId);
  });
}
