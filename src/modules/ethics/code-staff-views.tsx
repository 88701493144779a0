// Ethics staff pages of the Code of Ethics' editor: the versions and the way to start a draft; a
// draft with its details, its tenets and the forms to change them; a tenet's own form; the
// preview; a published version, read-only.
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { DangerLink, ErrorSummary, Field, PostForm, RowActions, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { CodeVersion } from './code.js';
import type { StaffCodeVersion, StaffVersionSummary } from './code-queries.js';
import { CODE_LABELS, TENET_LABELS } from './code-schemas.js';
import { CodeBody } from './code-views.js';

const BASE = '/staff/ethics/code';
const statusWords = (v: { publishedAt: Date | null; inForce: boolean }) => (!v.publishedAt ? 'Draft' : v.inForce ? 'In force' : 'Superseded');
const TEXT_HINT = 'Plain text. Leave a blank line between paragraphs; start lines with "- " for a list, "1. " for a numbered list, "## " for a heading.';

export function StaffCodeVersionsPage(p: { ctx: PageContext; versions: StaffVersionSummary[]; message?: string }) {
  const draft = p.versions.find((v) => !v.publishedAt);
  return (
    <Layout ctx={p.ctx} title="Code of Ethics: versions">
      <h1>Code of Ethics: versions</h1>
      <p class="lead">
        The public reads the version in force at <a href="/ethics">/ethics</a>. To change the code, start a draft (a copy of the version in force), change it, preview it and
        publish it. Published versions cannot be changed.
      </p>
      <ErrorSummary message={p.message} />
      <SimpleTable
        caption="Versions of the code, newest first"
        rows={p.versions}
        rowKey={(v) => v.id}
        empty="No version yet: start the first draft below."
        columns={[
          { label: 'Version', cell: (v) => <a href={`${BASE}/${v.id}`}>Version {v.version}</a> },
          { label: 'Title', cell: (v) => v.title },
          { label: 'Status', cell: (v) => statusWords(v) },
          { label: 'Tenets', cell: (v) => String(v.tenetCount) },
          { label: 'Published', cell: (v) => formatZonedDay(v.publishedAt, p.ctx.timeZone) },
        ]}
      />
      {draft ? (
        <p>
          <a href={`${BASE}/${draft.id}`}>Continue the draft (version {draft.version})</a>
        </p>
      ) : (
        <PostForm action={`${BASE}/drafts`} csrf={p.ctx.csrf} label="Start a draft">
          <button type="submit">Start a new draft</button>
        </PostForm>
      )}
    </Layout>
  );
}

export interface DraftForms {
  /** which form failed: the details, a new tenet, or publishing */
  kind: 'details' | 'tenet' | 'publish';
  values: Record<string, string>;
  errors: FieldErrors;
  message?: string;
}

/** A draft: its details, its tenets (each to change or remove), a new tenet, preview and publish. */
export function StaffDraftPage(p: { ctx: PageContext; v: StaffCodeVersion; form?: DraftForms }) {
  const { v } = p;
  const details = p.form?.kind === 'details' ? p.form.values : { title: v.title, preamble: v.preamble, rulesOfProcedure: v.rulesOfProcedure };
  const detailErrors = p.form?.kind === 'details' ? p.form.errors : {};
  const tenet = p.form?.kind === 'tenet' ? p.form.values : {};
  const tenetErrors = p.form?.kind === 'tenet' ? p.form.errors : {};
  return (
    <Layout ctx={p.ctx} title={`Code of Ethics, version ${v.version} (draft)`}>
      <p>
        <a href={BASE}>All versions</a>
      </p>
      <h1>Code of Ethics, version {v.version} (draft)</h1>
      <p class="lead">Only ethics staff see this draft. Nothing here is public until you publish it; then it becomes the version in force.</p>
      {p.form?.kind === 'publish' ? (
        <ErrorSummary errors={p.form.errors} labels={{ ...CODE_LABELS, tenets: 'Tenets' }} title="This draft cannot be published yet" message={p.form.message} />
      ) : null}
      <p>
        <a href={`${BASE}/${v.id}/preview`}>Preview the draft as the public will see it</a>
      </p>

      <h2 id="details">Title, preamble and rules of procedure</h2>
      {p.form?.kind === 'details' ? <ErrorSummary errors={detailErrors} labels={CODE_LABELS} message={p.form.message} /> : null}
      <PostForm action={`${BASE}/${v.id}`} csrf={p.ctx.csrf} label="Title, preamble and rules of procedure">
        <Field name="title" label={CODE_LABELS.title} required value={details.title} error={detailErrors.title} maxLength={200} />
        <TextArea name="preamble" label={CODE_LABELS.preamble} rows={6} maxLength={20000} value={details.preamble} error={detailErrors.preamble} hint={TEXT_HINT} />
        <TextArea
          name="rulesOfProcedure"
          label={CODE_LABELS.rulesOfProcedure}
          rows={12}
          maxLength={100000}
          value={details.rulesOfProcedure}
          error={detailErrors.rulesOfProcedure}
          hint={TEXT_HINT}
        />
        <button type="submit">Save the details</button>
      </PostForm>

      <h2 id="tenets">Tenets</h2>
      <SimpleTable
        caption={`Tenets of version ${v.version}, in order`}
        rows={v.tenets}
        rowKey={(t) => String(t.number)}
        empty="No tenets yet: add the first below."
        columns={[
          { label: 'Number', cell: (t) => String(t.number) },
          { label: 'Tenet', cell: (t) => t.title },
          { label: 'Guidelines', cell: (t) => (t.guidelines.trim() ? 'Yes' : 'None') },
          {
            label: 'Actions',
            cell: (t) => (
              <RowActions>
                <a href={`${BASE}/${v.id}/tenets/${t.number}`}>Change tenet {t.number}</a>
                <DangerLink href={`${BASE}/${v.id}/tenets/${t.number}/remove`}>Remove tenet {t.number}</DangerLink>
              </RowActions>
            ),
          },
        ]}
      />

      <h2 id="new-tenet">Add a tenet</h2>
      {p.form?.kind === 'tenet' ? <ErrorSummary errors={tenetErrors} labels={TENET_LABELS} message={p.form.message} /> : null}
      <PostForm action={`${BASE}/${v.id}/tenets`} csrf={p.ctx.csrf} label="Add a tenet">
        <TenetFields
          values={tenet}
          errors={tenetErrors}
          numberHint={`Optional: where it goes (1 is first). Left empty, it becomes tenet ${v.tenets.length + 1}; the tenets from that number on move down one.`}
        />
        <button type="submit">Add the tenet</button>
      </PostForm>

      <h2 id="publish">Publish or discard</h2>
      <p>Publishing makes this draft the code in force at /ethics; the version in force now stays readable as superseded.</p>
      <RowActions>
        <a class="button" href={`${BASE}/${v.id}/publish`}>
          Publish version {v.version}…
        </a>
        <DangerLink href={`${BASE}/${v.id}/discard`}>Discard this draft</DangerLink>
      </RowActions>
    </Layout>
  );
}

function TenetFields(p: { values: Record<string, string | undefined>; errors: FieldErrors; numberHint: string }) {
  return (
    <>
      <Field name="number" label={TENET_LABELS.number} type="number" inputMode="numeric" value={p.values.number} error={p.errors.number} hint={p.numberHint} />
      <Field name="name" label={TENET_LABELS.name} required value={p.values.name} error={p.errors.name} maxLength={300} hint="Its short name, like Integrity." />
      <TextArea name="body" label={TENET_LABELS.body} required rows={4} maxLength={5000} value={p.values.body} error={p.errors.body} hint={TEXT_HINT} />
      <TextArea
        name="guidelines"
        label={TENET_LABELS.guidelines}
        rows={6}
        maxLength={20000}
        value={p.values.guidelines}
        error={p.errors.guidelines}
        hint={`Optional: how the tenet applies in practice. ${TEXT_HINT}`}
      />
    </>
  );
}

/** One tenet of a draft, to change (or move, by its number). */
export function StaffTenetPage(p: { ctx: PageContext; v: StaffCodeVersion; number: number; values: Record<string, string>; errors?: FieldErrors; message?: string }) {
  return (
    <Layout ctx={p.ctx} title={`Change tenet ${p.number}`}>
      <p>
        <a href={`${BASE}/${p.v.id}#tenets`}>Version {p.v.version} (draft)</a>
      </p>
      <h1>Change tenet {p.number}</h1>
      <ErrorSummary errors={p.errors} labels={TENET_LABELS} message={p.message} />
      <PostForm action={`${BASE}/${p.v.id}/tenets/${p.number}`} csrf={p.ctx.csrf} label={`Tenet ${p.number}`}>
        <TenetFields values={p.values} errors={p.errors ?? {}} numberHint={`To move it, give its new number (1 to ${p.v.tenets.length}); the others close up around it.`} />
        <button type="submit">Save tenet</button>
      </PostForm>
    </Layout>
  );
}

/** The draft as the public will see it, marked as a preview. */
export function StaffPreviewPage(p: { ctx: PageContext; v: StaffCodeVersion }) {
  return (
    <Layout ctx={p.ctx} title={`Preview: ${p.v.title}, version ${p.v.version}`}>
      <p>
        <a href={`${BASE}/${p.v.id}`}>Back to the draft</a>
      </p>
      <div class="notice" role="note">
        <p>
          <strong>Preview of a draft.</strong> This is how version {p.v.version} will read at /ethics once published. It is not public yet.
        </p>
      </div>
      <h1>{p.v.title}</h1>
      <CodeBody code={p.v} />
    </Layout>
  );
}

/** A published version: read-only. */
export function StaffPublishedPage(p: { ctx: PageContext; v: StaffCodeVersion & { publishedAt: Date }; code: CodeVersion; inForce: boolean }) {
  return (
    <Layout ctx={p.ctx} title={`Code of Ethics, version ${p.v.version}`}>
      <p>
        <a href={BASE}>All versions</a>
      </p>
      <h1>
        {p.v.title}, version {p.v.version}
      </h1>
      <div class="notice" role="note">
        <p>
          <strong>{p.inForce ? 'In force.' : 'Superseded.'}</strong> Published on {formatZonedDay(p.v.publishedAt, p.ctx.timeZone)}
          {p.v.publishedByName ? ` by ${p.v.publishedByName}` : ''}. Published versions are read-only: to change the code, start a new draft from{' '}
          <a href={BASE}>the list of versions</a>.
        </p>
      </div>
      <p>
        The public page: <a href={p.inForce ? '/ethics' : `/ethics/versions/${p.v.version}`}>{p.inForce ? '/ethics' : `/ethics/versions/${p.v.version}`}</a>
      </p>
      <CodeBody code={p.code} />
    </Layout>
  );
}
