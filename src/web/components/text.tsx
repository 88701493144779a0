// Text blocks: a list of terms and values, and the link back up to a list.
import { type ComponentChildren, Fragment } from 'preact';

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

/** The way up from a detail page to its list (above the `h1`), or back at the end of a page:
 * one link in a paragraph. */
export function BackLink(p: { href: string; children: ComponentChildren }) {
  return (
    <p>
      <a href={p.href}>{p.children}</a>
    </p>
  );
}
