// Staff pages for pathways (communications role): list, add, rename or describe, archive.
import type { FastifyInstance } from 'fastify';
import { access } from '../../lib/access.js';
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, ErrorSummary, Field, PostForm, SimpleTable, TextArea } from '../../web/components.js';
import { type PageContext, pageContext, setFlash } from '../../web/context.js';
import { fieldErrorsOf, formValues, parseForm } from '../../web/forms.js';
import { Layout } from '../../web/layout.js';
import { sendPage } from '../../web/render.js';
import { archivePathway, createPathway, getPathway, listPathways, type Pathway, pathwayInput, updatePathway } from './service.js';

const editors = () => access.staff('communications');
const LABELS = { name: 'Name', description: 'Description' };

function PathwayFields(p: { values: Record<string, string>; errors: FieldErrors }) {
  return (
    <>
      <Field name="name" label={LABELS.name} required maxLength={100} value={p.values.name} error={p.errors.name} />
      <TextArea name="description" label={LABELS.description} rows={3} maxLength={1000} value={p.values.description} error={p.errors.description} />
    </>
  );
}

function PathwaysPage(p: { ctx: PageContext; pathways: Pathway[]; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Pathways">
      <h1>Pathways</h1>
      <p>Pathways are the priorities organizations choose on their profile, and the filters of the public network map. Changes are recorded in the audit log.</p>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <SimpleTable
        caption="Pathways, in the order they are shown"
        rowHeader={false}
        rows={p.pathways}
        rowKey={(w) => w.id}
        empty="No pathways yet."
        columns={[
          { label: 'Name', cell: (w) => w.name },
          { label: 'Description', cell: (w) => w.description },
          { label: 'Status', cell: (w) => (w.archivedAt ? 'Archived' : 'In use') },
          {
            label: 'Actions',
            cell: (w) => (
              <>
                <a href={`/staff/pathways/${w.id}`}>
                  Edit<span class="visually-hidden"> {w.name}</span>
                </a>
                {w.archivedAt ? null : (
                  <PostForm action={`/staff/pathways/${w.id}/archive`} csrf={p.ctx.csrf} class="inline-form">
                    <button type="submit" class="link-button">
                      Archive<span class="visually-hidden"> {w.name}</span>
                    </button>
                  </PostForm>
                )}
              </>
            ),
          },
        ]}
      />
      <h2>Add a pathway</h2>
      <PostForm action="/staff/pathways" csrf={p.ctx.csrf} label="Add a pathway">
        <PathwayFields values={p.values ?? {}} errors={p.errors ?? {}} />
        <button type="submit">Add pathway</button>
      </PostForm>
    </Layout>
  );
}

function EditPage(p: { ctx: PageContext; pathway: Pathway; values: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title={`Edit ${p.pathway.name}`}>
      <BackLink href="/staff/pathways">All pathways</BackLink>
      <h1>Edit pathway “{p.pathway.name}”</h1>
      <ErrorSummary errors={p.errors} labels={LABELS} />
      <PostForm action={`/staff/pathways/${p.pathway.id}`} csrf={p.ctx.csrf}>
        <PathwayFields values={p.values} errors={p.errors ?? {}} />
        <button type="submit">Save pathway</button>
      </PostForm>
    </Layout>
  );
}

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
