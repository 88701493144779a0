// Staff's import pages: the upload form with the files uploaded before, and one file's page: the
// column mapping for its kind, the dry run's report (the first problems on the page, all in the
// CSV), and the import: its button, its progress while it runs in the background (a <progress>
// with the same in words, kept fresh by import-progress.js, or by reloading without it), its result.
// Once imported, the page is the result alone: no mapping, no dry run, no button to run it again.
import type { ImportKind } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { ErrorSummary, Field, FileField, PostForm, Select, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { IMPORT_KINDS, KIND_NAMES, type Mapping, type RowProblem } from './kinds/index.js';
import { STALE_IMPORT_MS } from './queries.js';
import type { ImportResult } from './service.js';
import { ImportProgress, ProspectsNote, Report, ResultSummary } from './views-parts.js';

/** How often the page of a running import updates its progress, in seconds. */
export const REFRESH_SECONDS = 3;

export interface UploadRow {
  id: string;
  kind: string;
  source: string;
  filename: string;
  created_at: Date;
  rows: number | null;
  problems: number | null;
  imported_at: Date | null;
}

const kindLabel = (kind: string) => {
  const plural = IMPORT_KINDS[kind as ImportKind]?.plural ?? kind;
  return plural.charAt(0).toUpperCase() + plural.slice(1);
};

export function UploadPage(p: { ctx: PageContext; uploads: UploadRow[]; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Import">
      <h1>Import from another system</h1>
      <p>
        Bring organizations, their contacts and individual members from another system or a spreadsheet: upload a CSV file (UTF-8, a header row, one record a row), match its
        columns to ours, check every row with a dry run, then import. Import organizations before their contacts: a contact names its organization by the external id it had in the
        same source. Importing the same file again changes nothing; a row edited since updates what it became. Larger files import from the command line:{' '}
        <code>civnet import organizations FILE --dry-run</code>.
      </p>
      <ProspectsNote />
      <ErrorSummary errors={p.errors} />
      <PostForm action="/staff/import" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Upload a file">
        <Select
          name="kind"
          label="The file holds"
          required
          options={KIND_NAMES.map((k) => ({ value: k, label: kindLabel(k) }))}
          value={p.values?.kind ?? 'organizations'}
          error={p.errors?.kind}
        />
        <Field
          name="source"
          label="Source"
          required
          maxLength={100}
          value={p.values?.source ?? ''}
          hint="The system the file comes from, like “Old CRM”: its column mapping is remembered for the next file from it."
          error={p.errors?.source}
        />
        <FileField name="file" label="CSV file" accept=".csv,text/csv" hint="A .csv file saved as UTF-8, up to 50 MB." error={p.errors?.file} />
        <button type="submit">Upload and match columns</button>
      </PostForm>
      <SimpleTable
        caption="Files uploaded"
        rows={p.uploads}
        rowKey={(u) => u.id}
        empty="No file has been uploaded yet."
        columns={[
          { label: 'File', cell: (u) => <a href={`/staff/import/${u.id}`}>{u.filename}</a> },
          { label: 'Holds', cell: (u) => kindLabel(u.kind) },
          { label: 'Source', cell: (u) => u.source },
          { label: 'Uploaded', cell: (u) => formatTime(u.created_at, p.ctx.timeZone) },
          { label: 'Rows', cell: (u) => (u.rows === null ? 'Not checked' : String(u.rows)) },
          { label: 'Problems', cell: (u) => (u.problems === null ? '—' : String(u.problems)) },
          { label: 'Imported', cell: (u) => (u.imported_at ? formatTime(u.imported_at, p.ctx.timeZone) : 'No') },
        ]}
      />
    </Layout>
  );
}

export interface UploadDetail extends UploadRow {
  kind: ImportKind;
  headers: string[];
  mapping: Mapping;
  report: RowProblem[];
  result: ImportResult | null;
  started_at: Date | null;
  rows_done: number | null;
  failure: string | null;
}

/** Started, not ended, not stale: the background import is running. */
export const isRunning = (u: UploadDetail, now: Date) =>
  u.started_at !== null && u.imported_at === null && u.failure === null && now.getTime() - u.started_at.getTime() < STALE_IMPORT_MS;

export function FilePage(p: { ctx: PageContext; upload: UploadDetail; now: Date; mappingErrors?: FieldErrors; fileError?: string; checked?: ImportResult | null }) {
  const u = p.upload;
  const spec = IMPORT_KINDS[u.kind];
  const options = u.headers.map((h) => ({ value: h, label: h }));
  const running = isRunning(u, p.now);
  const done = u.imported_at !== null;
  const checked = running ? null : (p.checked ?? null);
  const prospects = u.kind === 'organizations' ? <ProspectsNote /> : null;
  return (
    <Layout ctx={p.ctx} title={`Import ${u.filename}`} scripts={running ? ['import-progress.js'] : undefined}>
      <h1>Import {u.filename}</h1>
      <p>
        <a href="/staff/import">All imports</a>
      </p>
      <ErrorSummary errors={p.mappingErrors} message={p.fileError} title={p.fileError ? 'The file cannot be imported' : undefined} />
      <SummaryList
        rows={[
          ['Holds', kindLabel(u.kind)],
          ['Source', u.source],
          ['Uploaded', formatTime(u.created_at, p.ctx.timeZone)],
          ['Columns', u.headers.join(', ')],
          ['Rows checked', u.rows === null ? 'Not yet' : String(u.rows)],
          ['Imported', u.imported_at ? formatTime(u.imported_at, p.ctx.timeZone) : running ? 'Importing now' : 'Not yet'],
        ]}
      />
      {running ? <ImportProgress href={`/staff/import/${u.id}`} done={u.rows_done ?? 0} total={u.rows} refreshSeconds={REFRESH_SECONDS} /> : null}
      {u.failure && !running ? (
        <section aria-labelledby="failure-heading">
          <h2 id="failure-heading">The import did not finish</h2>
          <p>{u.failure}</p>
        </section>
      ) : null}
      {done && u.result ? <ResultSummary result={u.result} noun={spec.noun} plural={spec.plural} source={u.source} note={prospects} /> : null}
      {running || done ? null : (
        <>
          <h2>Match the columns</h2>
          <PostForm action={`/staff/import/${u.id}/check`} csrf={p.ctx.csrf} label="Match the columns">
            {spec.fields.map((f) => (
              <Select
                key={f.key}
                name={f.key}
                label={f.label}
                required={f.required}
                hint={f.hint}
                options={options}
                value={u.mapping[f.key] ?? ''}
                includeBlank={f.required ? 'Choose a column' : 'Not in the file'}
                error={p.mappingErrors?.[f.key]}
              />
            ))}
            <button type="submit">Check every row (dry run)</button>
          </PostForm>
        </>
      )}
      {checked && !done ? <Report upload={u} result={checked} csrf={p.ctx.csrf} note={prospects} /> : null}
    </Layout>
  );
}
