// Accessible building blocks: form fields tied to their errors, an error summary,
// forms that carry their CSRF token, and tables with sorting and paging by query string.
import { type ComponentChildren, Fragment } from 'preact';
import type { FieldErrors } from '../lib/errors.js';
import { HONEYPOT_FIELD } from './forms.js';

/** What went wrong, at the top of a form: a heading, then either a link to each failed field or,
 * with `title`, `message` as a sentence under that heading ("This could not be done" + why). */
export function ErrorSummary(props: { errors?: FieldErrors; labels?: Record<string, string>; message?: string; title?: string }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0 && !props.message) return null;
  const heading = props.title ?? props.message ?? 'There is a problem';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{heading}</h2>
      {props.title && props.message ? <p>{props.message}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, msg]) => (
            <li key={field}>
              <a href={`#f-${field}`}>{props.labels?.[field] ? `${props.labels[field]}: ${msg}` : msg}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'tel' | 'date';
  value?: string | number | null;
  error?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  maxLength?: number;
  /** enhanced by /assets/js/place-lookup.js into a place search */
  dataPlaceLookup?: boolean;
}

/** The frame every labelled control shares: label, hint, error, then the control itself. */
function FieldFrame(p: { id: string; label: string; required?: boolean; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={p.id}>
        {p.label}
        {p.required ? null : <span class="optional"> (optional)</span>}
      </label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="error-message" id={`${p.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      ) : null}
      {p.children}
    </div>
  );
}

/** The message under one field (or a group) that failed: "Error: " for screen readers, then the text. */
export function FieldError(p: { id: string; error?: string }) {
  if (!p.error) return null;
  return (
    <p class="error-message" id={p.id}>
      <span class="visually-hidden">Error: </span>
      {p.error}
    </p>
  );
}

/** Terms and their values (an invoice's details, a person's contact): a `dl` that stacks at
 * 390 px. Rows whose value is null, undefined, false or '' are left out. */
export function SummaryList(p: { rows: ReadonlyArray<readonly [term: string, value: ComponentChildren]>; class?: string }) {
  const shown = p.rows.filter(([, v]) => v !== null && v !== undefined && v !== false && v !== '');
  return (
    <dl class={p.class ? `props ${p.class}` : 'props'}>
      {shown.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

const describedBy = (id: string, p: { hint?: string; error?: string }) => [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  return (
    <FieldFrame id={id} label={p.label} required={p.required} hint={p.hint} error={p.error}>
      <input
        id={id}
        name={p.name}
        type={(p.type ?? 'text') as 'text'}
        value={p.value ?? undefined}
        required={p.required}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p)}
        data-place-lookup={p.dataPlaceLookup ? '' : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(p: Omit<FieldProps, 'type' | 'inputMode'> & { rows?: number }) {
  const id = `f-${p.name}`;
  return (
    <FieldFrame id={id} label={p.label} required={p.required} hint={p.hint} error={p.error}>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 4}
        required={p.required}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p)}
      >
        {p.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select(p: {
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value?: string | null;
  error?: string;
  required?: boolean;
  includeBlank?: string;
  hint?: string;
}) {
  const id = `f-${p.name}`;
  return (
    <FieldFrame id={id} label={p.label} required={p.required} hint={p.hint} error={p.error}>
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p)}>
        {p.includeBlank !== undefined ? <option value="">{p.includeBlank}</option> : null}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A POST form carrying its CSRF token. Works without JavaScript. */
export function PostForm(props: { action: string; csrf: string; children: ComponentChildren; class?: string; label?: string; enctype?: 'multipart/form-data' }) {
  // The token stays the first field: a multipart post is checked on it before any file is read.
  return (
    <form method="post" action={props.action} class={props.class} aria-label={props.label} enctype={props.enctype} noValidate>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

export interface Column<T> {
  key: string;
  label: string;
  sortable?: boolean;
  cell: (row: T) => ComponentChildren;
}

/** A plain table: a caption, column headers, the first cell of each row as its row header, and
 * a sentence in place of the rows when there are none. (DataTable adds sorting and paging.)
 * `rowHeader: false` keeps every cell a `td`, for tables whose first column does not name the row. */
export function SimpleTable<T>(props: {
  caption: string;
  columns: Array<{ label: string; cell: (row: T) => ComponentChildren }>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty: string;
  rowHeader?: boolean;
}) {
  const rowHeader = props.rowHeader ?? true;
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length}>{props.empty}</td>
            </tr>
          ) : (
            props.rows.map((r) => (
              <tr key={props.rowKey(r)}>
                {props.columns.map((c, i) =>
                  i === 0 && rowHeader ? (
                    <th key={c.label} scope="row">
                      {c.cell(r)}
                    </th>
                  ) : (
                    <td key={c.label}>{c.cell(r)}</td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A table whose column headers sort and whose pager pages, by query string. `empty` is the
 * sentence when there are no rows ("Nothing to show." by default); `pagerLabel` names the pager
 * (the caption + " pages" by default). */
export function DataTable<T>(props: {
  caption: string;
  empty?: string;
  pagerLabel?: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  basePath: string;
  query: Record<string, string | undefined>;
  sort?: string;
  dir?: 'asc' | 'desc';
  page: number;
  hasNext: boolean;
  /** Keyset paging in place of page numbers: the cursor of the next page (null on the last) and
   * whether this is the first page. The pager then links "First page" and "Next page" (`cursor`). */
  keyset?: { next: string | null; first: boolean };
}) {
  const link = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...props.query, ...changes })) if (v) params.set(k, v);
    const s = params.toString();
    return s ? `${props.basePath}?${s}` : props.basePath;
  };
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = props.sort === c.key;
              const ariaSort = active ? (props.dir === 'desc' ? 'descending' : 'ascending') : undefined;
              return (
                <th key={c.key} scope="col" aria-sort={ariaSort}>
                  {c.sortable ? (
                    <a href={link({ sort: c.key, dir: active && props.dir === 'asc' ? 'desc' : 'asc', page: undefined, cursor: undefined })}>
                      {c.label}
                      <span class="visually-hidden">{active ? `, sorted ${ariaSort}` : ', sortable'}</span>
                    </a>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length}>{props.empty ?? 'Nothing to show.'}</td>
            </tr>
          ) : (
            props.rows.map((r) => (
              <tr key={props.rowKey(r)}>
                {props.columns.map((c) => (
                  <td key={c.key}>{c.cell(r)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {props.keyset ? (
        <nav class="pager" aria-label={props.pagerLabel ?? `${props.caption} pages`}>
          {props.keyset.first ? null : <a href={link({ cursor: undefined })}>First page</a>}
          {props.keyset.next ? <a href={link({ cursor: props.keyset.next })}>Next page</a> : null}
        </nav>
      ) : (
        <nav class="pager" aria-label={props.pagerLabel ?? `${props.caption} pages`}>
          {props.page > 1 ? <a href={link({ page: String(props.page - 1) })}>Previous page</a> : null}
          <span>Page {props.page}</span>
          {props.hasNext ? <a href={link({ page: String(props.page + 1) })}>Next page</a> : null}
        </nav>
      )}
    </div>
  );
}

/** The way up from a detail page to its list (above the `h1`), or back at the end of a page:
 * one link in a paragraph. */
export function BackLink(p: { href: string; children: ComponentChildren }) {
  return (
    <p>
      <a href={p.href}>{p.children}</a>
    </p>
  );
}

/** A file input with its label, hint and error above it; the server decides what it accepts. */
export function FileField(p: { name: string; label: string; hint: ComponentChildren; accept: string; optional?: boolean; multiple?: boolean; error?: string }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.optional ? <span class="optional"> (optional)</span> : null}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {p.hint}
      </p>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type="file"
        multiple={p.multiple}
        accept={p.accept}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}

/** A single checkbox with its label after it, and its error above. */
export function Checkbox(p: { name: string; label: string; checked?: boolean; error?: string; hint?: string; value?: string }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field-error checkbox' : 'field checkbox'}>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      ) : null}
      <input id={id} name={p.name} type="checkbox" value={p.value ?? 'yes'} checked={p.checked} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy} />
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

/** Radio buttons in a fieldset whose legend is the question. */
export function RadioGroup(p: { name: string; legend: string; options: Array<{ value: string; label: string }>; value?: string; error?: string }) {
  const id = `f-${p.name}`;
  return (
    <fieldset class={p.error ? 'field field-error radios' : 'field radios'} aria-describedby={p.error ? `${id}-error` : undefined}>
      <legend>{p.legend}</legend>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      ) : null}
      {p.options.map((o, i) => (
        <div class="radio" key={o.value}>
          <input id={i === 0 ? id : `${id}-${o.value}`} name={p.name} type="radio" value={o.value} checked={p.value === o.value} />
          <label for={i === 0 ? id : `${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A select for a GET filter form: "Any" first, then the options; its error beside it. */
export function FilterSelect(p: { name: string; label: string; value?: string; options: ReadonlyArray<{ value: string; label: string }>; error?: string }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
      <select id={id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        <option value="">Any</option>
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={p.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A text input for a GET filter form, its error beside it. */
export function FilterInput(p: { name: string; label: string; value?: string; error?: string; type?: 'text' | 'date' | 'search' | 'email' }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type={(p.type ?? 'text') as 'text'}
        value={p.value ?? ''}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/**
 * A field that people leave empty and form-filling robots fill in (see `honeypotFilled`): out of
 * sight and out of the tab order, and labelled so that a screen-reader user who reaches it is
 * told to leave it empty. Put it inside the form, before the submit button.
 */
export function Honeypot() {
  return (
    <div class="visually-hidden">
      <label for={`f-${HONEYPOT_FIELD}`}>Leave this field empty. It is here to catch automated spam.</label>
      <input id={`f-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} type="text" value="" tabIndex={-1} autocomplete="off" />
    </div>
  );
}
