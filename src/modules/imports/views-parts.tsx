// Parts of an import's page: its progress while it runs (import-progress.js updates it), its
// result, the dry run's report.
import type { ComponentChildren } from 'preact';
import { PostForm, SimpleTable } from '../../web/components.js';
import type { ImportResult } from './service.js';
import { counted, importedCounts, problemsInRows, rowsAre } from './words.js';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** How many of a report's problems the page lists (the CSV has them all). */
export const SHOWN_PROBLEMS = 200;

/** The import's progress: a <progress> bar and the same in words (a screen reader reads either). */
export function ImportProgress(p: { href: string; done: number; total: number | null; refreshSeconds: number }) {
  const total = p.total ?? 0;
  const percent = total > 0 ? Math.min(100, Math.floor((p.done / total) * 100)) : 0;
  const words = total > 0 ? `${p.done} of ${counted(total, 'row')} imported (${percent}%)` : `${counted(p.done, 'row')} imported`;
  return (
    <section id="import-progress-section" aria-labelledby="progress-heading" data-refresh-seconds={String(p.refreshSeconds)}>
      <h2 id="progress-heading">Importing</h2>
      <p>
        <label for="import-progress">Progress</label>{' '}
        {total > 0 ? (
          <progress id="import-progress" max={total} value={Math.min(p.done, total)} aria-valuetext={words} />
        ) : (
          <progress id="import-progress" aria-valuetext={words} />
        )}
      </p>
      <p id="import-progress-words" role="status">
        {words}.
      </p>
      <p>
        Nothing is saved until every row is in: if the import stops, nothing of the file is imported. You can leave this page and come back. <a href={p.href}>Check progress</a>{' '}
        (this page also updates itself every {p.refreshSeconds} seconds when your browser runs scripts).
      </p>
    </section>
  );
}

/** What an organizations file makes (organizations' insertImportedOrganizations: status
 * prospect, nothing else), and the two ways a prospect becomes a member: its terms imported
 * (settleImportedOrganizations), or an application approved and paid (a new organization, which
 * the review flags as a possible duplicate; staff merge the prospect into it). */
export function ProspectsNote() {
  return (
    <p>
      New organizations from a file are prospects: on record in Civnet, but not members. A prospect has no membership, no invoice and no advisor, and nobody is emailed about it. It
      becomes a member in one of two ways: import its terms (a terms file from the same source: a term that includes today makes it an active member; only past terms make it
      lapsed), or it applies to join and staff approve the application; its membership starts when that invoice is paid. Approval makes a new organization, and the review flags a
      prospect with a similar name as a possible duplicate: open the new organization’s record and merge the prospect into it.
    </p>
  );
}

/** A finished import: what it did, the first records it created (linked), and what to do with
 * the file now (nothing: importing it again would change nothing). */
export function ResultSummary(p: { result: ImportResult; noun: string; plural: string; source: string; note?: ComponentChildren }) {
  const r = p.result;
  const made = r.made ?? [];
  const createdWords = r.created === 1 ? p.noun : p.plural;
  return (
    <section aria-labelledby="result-heading">
      <h2 id="result-heading">Imported</h2>
      <p>{importedCounts(r, p.noun, p.plural)}.</p>
      {made.length ? (
        <>
          <p id="made-heading">{made.length < r.created ? `The first ${made.length} of the ${r.created} ${createdWords} created:` : `The ${createdWords} created:`}</p>
          <ul aria-labelledby="made-heading">
            {made.map((m, i) => (
              <li key={`${i}`}>
                <a href={m.href}>{m.label}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.note}
      <p>
        This file has been imported: importing it again would change nothing. When the records change in the other system, upload the new file with the same source (“{p.source}”):
        rows imported before are matched by their external id, so unchanged rows are left alone and edited ones update what they became.
      </p>
      <p>
        <a href="/staff/import">Import another file</a>
      </p>
    </section>
  );
}

export function Report(p: { upload: { id: string }; result: ImportResult; csrf: string; note?: ComponentChildren }) {
  const r = p.result;
  const shown = r.report.slice(0, SHOWN_PROBLEMS);
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Dry run</h2>
      {r.problems === 0 ? (
        <>
          <p>{capital(rowsAre(r.rows))} ready to import. Nothing has been imported yet.</p>
          {p.note}
          <PostForm action={`/staff/import/${p.upload.id}/run`} csrf={p.csrf} label="Import the file">
            <button type="submit">Import {counted(r.rows, 'row')}</button>
          </PostForm>
        </>
      ) : (
        <>
          <p>
            {problemsInRows(r)}; nothing can be imported until {r.problems === 1 ? 'it is' : 'they are'} fixed. Fix {r.problems === 1 ? 'it' : 'them'} in the file, then{' '}
            <a href="/staff/import">upload the corrected file</a> (with the same source, so its columns are matched as here).{' '}
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
