// Staff pages for pathways (communications role): the list with its add form, and the edit page.
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, ErrorSummary, Field, PostForm, RowActions, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from './service.js';

const LABELS = { name: 'Name', description: 'Description' };

function PathwayFields(p: { values: Record<string, string>; errors: FieldErrors }) {
  return (
    <>
      <Field name="name" label={LABELS.name} required maxLength={100} value={p.values.name} error={p.errors.name} />
      <TextArea name="description" label={LABELS.description} rows={3} maxLength={1000} value={p.values.description} error={p.errors.description} />
    </>
  );
}

export function PathwaysPage(p: { ctx: PageContext; pathways: Pathway[]; values?: Record<string, string>; errors?: FieldErrors }) {
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
              <RowActions>
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
              </RowActions>
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

export function EditPage(p: { ctx: PageContext; pathway: Pathway; values: Record<string, string>; errors?: FieldErrors }) {
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
