// Tables: a plain one, and one whose headers sort and whose pager pages by query string.
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  key: string;
  label: string;
  sortable?: boolean;
  cell: (row: T) => ComponentChildren;
  /** A cell with nothing worth a line of its own on a phone (a zero amount among many): left out
   * of sight there, not out of the table (screen readers still read it, as at every width). */
  quiet?: (row: T) => boolean;
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
    // A table wider than a phone scrolls sideways: the scroller is focusable (and named) so that
    // keyboard users can scroll it too (axe: scrollable-region-focusable, seen at 390 px).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
    <section class="table-wrap" tabIndex={0} aria-label={props.caption}>
      <StackTable>
        <caption>{props.caption}</caption>
        <HeadRow>
          {props.columns.map((c) => (
            <ColumnHeader key={c.label}>{c.label}</ColumnHeader>
          ))}
        </HeadRow>
        <BodyRows>
          {props.rows.length === 0 ? (
            <EmptyRow columns={props.columns.length}>{props.empty}</EmptyRow>
          ) : (
            props.rows.map((r) => (
              <Row key={props.rowKey(r)}>
                {props.columns.map((c, i) =>
                  i === 0 && rowHeader ? (
                    <RowHeader key={c.label}>{c.cell(r)}</RowHeader>
                  ) : (
                    <Cell key={c.label} label={c.label}>
                      {c.cell(r)}
                    </Cell>
                  ),
                )}
              </Row>
            ))
          )}
        </BodyRows>
      </StackTable>
    </section>
  );
}

/** A table whose column headers sort and whose pager pages, by query string. `empty` is the
 * sentence when there are no rows ("Nothing to show." by default); `pagerLabel` names the pager
 * (the caption + " pages" by default). With a single page there is no pager. */
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
  /** the first cell of each row as its row header (the block's title on a phone) */
  rowHeader?: boolean;
}) {
  const link = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...props.query, ...changes })) if (v) params.set(k, v);
    const s = params.toString();
    return s ? `${props.basePath}?${s}` : props.basePath;
  };
  return (
    // A table wider than a phone scrolls sideways: the scroller is focusable (and named) so that
    // keyboard users can scroll it too (axe: scrollable-region-focusable, seen at 390 px).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
    <section class="table-wrap" tabIndex={0} aria-label={props.caption}>
      <StackTable>
        <caption>{props.caption}</caption>
        <HeadRow>
          {props.columns.map((c) => {
            const active = props.sort === c.key;
            const ariaSort = active ? (props.dir === 'desc' ? 'descending' : 'ascending') : undefined;
            return (
              <ColumnHeader key={c.key} sort={ariaSort}>
                {c.sortable ? (
                  <a href={link({ sort: c.key, dir: active && props.dir === 'asc' ? 'desc' : 'asc', page: undefined, cursor: undefined })}>
                    {c.label}
                    <span class="visually-hidden">{active ? `, sorted ${ariaSort}` : ', sortable'}</span>
                  </a>
                ) : (
                  c.label
                )}
              </ColumnHeader>
            );
          })}
        </HeadRow>
        <BodyRows>
          {props.rows.length === 0 ? (
            <EmptyRow columns={props.columns.length}>{props.empty ?? 'Nothing to show.'}</EmptyRow>
          ) : (
            props.rows.map((r) => (
              <Row key={props.rowKey(r)}>
                {props.columns.map((c, i) =>
                  i === 0 && props.rowHeader ? (
                    <RowHeader key={c.key}>{c.cell(r)}</RowHeader>
                  ) : (
                    <Cell key={c.key} label={c.label} quiet={c.quiet?.(r)}>
                      {c.cell(r)}
                    </Cell>
                  ),
                )}
              </Row>
            ))
          )}
        </BodyRows>
      </StackTable>
      {/* one page only: no pager (a lone "Page 1" says nothing; the page states the count) */}
      {props.keyset ? (
        props.keyset.first && !props.keyset.next ? null : (
          <nav class="pager" aria-label={props.pagerLabel ?? `${props.caption} pages`}>
            {props.keyset.first ? null : <a href={link({ cursor: undefined })}>First page</a>}
            {props.keyset.next ? <a href={link({ cursor: props.keyset.next })}>Next page</a> : null}
          </nav>
        )
      ) : props.page === 1 && !props.hasNext ? null : (
        <nav class="pager" aria-label={props.pagerLabel ?? `${props.caption} pages`}>
          {props.page > 1 ? <a href={link({ page: String(props.page - 1) })}>Previous page</a> : null}
          <span>Page {props.page}</span>
          {props.hasNext ? <a href={link({ page: String(props.page + 1) })}>Next page</a> : null}
        </nav>
      )}
    </section>
  );
}

// On a phone (site.css, `table.stack`) a table's rows become blocks, one under the other, and each
// cell shows its column's name (its `data-label`) beside its value, so nothing scrolls sideways.
// CSS `display` changes drop a table's semantics in some browsers (WebKit), so each part also says
// its role: screen readers hear a table, with its headers, at every width.
// biome-ignore-start lint/a11y/noRedundantRoles: the roles keep the table's semantics when the CSS of a phone lays it out as blocks
function StackTable(p: { children: ComponentChildren }) {
  return (
    <table class="stack" role="table">
      {p.children}
    </table>
  );
}

function HeadRow(p: { children: ComponentChildren }) {
  return (
    <thead role="rowgroup">
      <tr role="row">{p.children}</tr>
    </thead>
  );
}

function ColumnHeader(p: { sort?: 'ascending' | 'descending'; children: ComponentChildren }) {
  return (
    <th scope="col" role="columnheader" aria-sort={p.sort}>
      {p.children}
    </th>
  );
}

function BodyRows(p: { children: ComponentChildren }) {
  return <tbody role="rowgroup">{p.children}</tbody>;
}

function Row(p: { children: ComponentChildren }) {
  return <tr role="row">{p.children}</tr>;
}

function RowHeader(p: { children: ComponentChildren }) {
  return (
    <th scope="row" role="rowheader">
      {p.children}
    </th>
  );
}

/** A data cell: its value in a box of its own, so that on a phone the column's name (`data-label`,
 * drawn by the CSS and hidden from screen readers, which announce the column header) sits beside it. */
function Cell(p: { label: string; quiet?: boolean; children: ComponentChildren }) {
  return (
    <td role="cell" data-label={p.label} data-quiet={p.quiet ? '' : undefined}>
      <div class="cell-value">{p.children}</div>
    </td>
  );
}

function EmptyRow(p: { columns: number; children: ComponentChildren }) {
  return (
    <tr role="row">
      <td role="cell" colSpan={p.columns}>
        {p.children}
      </td>
    </tr>
  );
}
// biome-ignore-end lint/a11y/noRedundantRoles: the roles keep the table's semantics when the CSS of a phone lays it out as blocks

/** The page numbers to show: the first, the last, and two either side of the current one; null
 * marks a gap. */
export function pageNumbers(page: number, pages: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

/** Links to the pages of a long list, by page number: Previous, a few numbers (the current one
 * marked `aria-current="page"`, not a link), Next. Nothing when there is one page. `href(n)` is
 * page n's address (keeping the filters). */
export function PageLinks(props: { label: string; page: number; pages: number; href: (page: number) => string }) {
  const { page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={props.label}>
      {page > 1 ? (
        <a href={props.href(page - 1)} rel="prev">
          Previous page
        </a>
      ) : null}
      <ul class="page-numbers">
        {pageNumbers(page, pages).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              {n === page ? (
                <a aria-current="page" href={props.href(n)}>
                  <span class="visually-hidden">Page </span>
                  {n.toLocaleString('en-US')}
                </a>
              ) : (
                <a href={props.href(n)}>
                  <span class="visually-hidden">Page </span>
                  {n.toLocaleString('en-US')}
                </a>
              )}
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <a href={props.href(page + 1)} rel="next">
          Next page
        </a>
      ) : null}
    </nav>
  );
}
