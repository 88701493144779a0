// Staff's import pages: the upload form with the files uploaded before, and one file's page: the
// column mapping, the dry run's report (the first problems on the page, all in the CSV) and the
// import.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { ErrorSummary, Field, FileField, PostForm, Select, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Mapping, RowProblem } from './organization-rows.js';
import { ORGANIZATION_FIELDS } from './organization-rows.js';
import type { ImportResult } from './service.js';

/** How many of a report's problems the page lists (the CSV has them all). */
export const SHOWN_PROBLEMS = 200;

export interface UploadRow {
  id: string;
  source: string;
  filename: string;
  created_at: Date;
  rows: number | null;
  problems: number | null;
  imported_at: Date | null;
}

export function UploadPage(p: { ctx: PageContext; uploads: UploadRow[]; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <Layout ctx={p.ctx} title="Import organizations">
      <h1>Import organizations</h1>
      <p>
        Bring organizations from another system or a spreadsheet: upload a CSV file (UTF-8, a header row, one organization a row), match its columns to ours, check every row with a
        dry run, then import. Importing the same file again changes nothing; a row edited since updates its organization. Larger files import from the command line:{' '}
        <code>civnet import organizations FILE --dry-run</code>.
      </p>
      <ErrorSummary errors={p.errors} />
      <PostForm action="/staff/import" csrf={p.ctx.csrf} enctype="multipart/form-data" label="Upload a file">
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
  headers: string[];
  mapping: Mapping;
  report: RowProblem[];
  result: ImportResult | null;
}

export function FilePage(p: { ctx: PageContext; upload: UploadDetail; mappingErrors?: FieldErrors; fileError?: string; checked?: ImportResult | null }) {
  const u = p.upload;
  const options = u.headers.map((h) => ({ value: h, label: h }));
  const checked = p.checked ?? null;
  return (
    <Layout ctx={p.ctx} title={`Import ${u.filename}`}>
      <h1>Import {u.filename}</h1>
      <p>
        <a href="/staff/import">All imports</a>
      </p>
      <ErrorSummary errors={p.mappingErrors} message={p.fileError} title={p.fileError ? 'The file cannot be read' : undefined} />
      <SummaryList
        rows={[
          ['Source', u.source],
          ['Uploaded', formatTime(u.created_at, p.ctx.timeZone)],
          ['Columns', u.headers.join(', ')],
          ['Rows checked', u.rows === null ? 'Not yet' : String(u.rows)],
          ['Imported', u.imported_at ? formatTime(u.imported_at, p.ctx.timeZone) : 'Not yet'],
        ]}
      />
      {u.result ? <ResultSummary result={u.result} /> : null}
      <h2>Match the columns</h2>
      <PostForm action={`/staff/import/${u.id}/check`} csrf={p.ctx.csrf} label="Match the columns">
        {ORGANIZATION_FIELDS.map((f) => (
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
      {checked ? <Report upload={u} result={checked} csrf={p.ctx.csrf} /> : null}
    </Layout>
  );
}

function ResultSummary(p: { result: ImportResult }) {
  const r = p.result;
  return (
    <section aria-labelledby="result-heading">
      <h2 id="result-heading">Imported</h2>
      <p>
        {r.rows} row(s): {r.created} organization(s) created, {r.updated} updated, {r.unchanged} unchanged.
      </p>
    </section>
  );
}

function Report(p: { upload: UploadDetail; result: ImportResult; csrf: string }) {
  const r = p.result;
  const shown = r.report.slice(0, SHOWN_PROBLEMS);
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Dry run</h2>
      {r.problems === 0 ? (
        <>
          <p>All {r.rows} row(s) are ready to import. Nothing has been imported yet.</p>
          <PostForm action={`/staff/import/${p.upload.id}/run`} csrf={p.csrf} label="Import the file">
            <button type="submit">Import {r.rows} row(s)</button>
          </PostForm>
        </>
      ) : (
        <>
          <p>
            {r.problems} problem(s) in {r.rows} row(s); nothing can be imported until they are fixed. Fix them in the file and upload it again.{' '}
            <a href={`/staff/import/${p.upload.id}/report.csv`}>Download the report (CSV)</a>
            {r.truncated ? ` (the first ${r.report.length} problems)` : ''}.
          </p>
          <SimpleTable
            caption={shown.length < r.problems ? `The first ${shown.length} problems` : 'Problems'}
            rows={shown}
            rowKey={(x) => `${x.row}-${x.column}`}
            empty="No problems."
            columns={[
              { label: 'Row', cell: (x) => String(x.row) },
              { label: 'Column', cell: (x) => x.column },
              { label: 'Value', cell: (x) => x.value },
              { label: 'Problem', cell: (x) => x.problem },
            ]}
          />
        </>
      )}
    </section>
  );
}
