// Staff routes for pathways (communications role): list, add, rename or describe, archive.
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import { pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { sendPage } from '../../web/render.js';
import { archivePathway, createPathway, getPathway, listPathways, pathwayInput, updatePathway } from './service.js';
import { EditPage, PathwaysPage } from './views.js';

const editors = () => access.staff('communications');

const idOf = (params: unknown) => String((params as { id?: unknown }).id ?? '');

export async function pathwayRoutes(app: FastifyInstance) {
  const deps = app.deps;

  app.get('/staff/pathways', { config: { access: editors() } }, async (req, reply) => {
    return sendPage(reply, PathwaysPage({ ctx: await pageContext(req, reply), pathways: await listPathways(deps.db, { includeArchived: true }) }));
  });

  app.post('/staff/pathways', { config: { access: editors() } }, async (req, reply) => {
    const form = parseForm(pathwayInput, req.body);
    if (!form.ok) {
      const pathways = await listPathways(deps.db, { includeArchived: true });
      return sendPage(reply, PathwaysPage({ ctx: await pageContext(req, reply), pathways, values: form.values, errors: form.errors }), 400);
    }
    const created = await createPathway(deps, { ...form.data, actorUserId: req.principal?.userId ?? '', requestId: req.id });
    setFlash(reply, `Added “${created.name}”.`);
    return reply.redirect('/staff/pathways', 303);
  });

  app.get('/staff/pathways/:id', { config: { access: editors() } }, async (req, reply) => {
    const pathway = await getPathway(deps.db, idOf(req.params));
    return sendPage(reply, EditPage({ ctx: await pageContext(req, reply), pathway, values: { name: pathway.name, description: pathway.description } }));
  });

  app.post('/staff/pathways/:id', { config: { access: editors() } }, async (req, reply) => {
    const pathway = await getPathway(deps.db, idOf(req.params));
    const form = parseForm(pathwayInput, req.body);
    if (!form.ok) return sendPage(reply, EditPage({ ctx: await pageContext(req, reply), pathway, values: form.values, errors: form.errors }), 400);
    try {
      const saved = await updatePathway(deps, pathway.id, { ...form.data, actorUserId: req.principal?.userId ?? '', requestId: req.id });
      setFlash(reply, `Saved “${saved.name}”.`);
      return reply.redirect('/staff/pathways', 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return sendPage(reply, EditPage({ ctx: await pageContext(req, reply), pathway, values: formValues(req.body), errors }), 400);
    }
  });

  app.post('/staff/pathways/:id/archive', { config: { access: editors() } }, async (req, reply) => {
    const archived = await archivePathway(deps, idOf(req.params), { actorUserId: req.principal?.userId ?? '', requestId: req.id });
    setFlash(reply, `Archived “${archived.name}”. Organizations that chose it keep it, hidden, in case it comes back.`);
    return reply.redirect('/staff/pathways', 303);
  });
}
