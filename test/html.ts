// Reading a page the way a person or a form would, with node-html-parser: the text of an element,
// the rows of a table, the terms and values of a description list, the value of a hidden field,
// the choices of a form. Assert on these rather than on raw markup, so that a test fails when the
// page says something else, not when its markup is written another way.
import { type HTMLElement, parse } from 'node-html-parser';

/** The parsed page (or fragment). */
export const dom = (html: string): HTMLElement => parse(html);

const root = (page: string | HTMLElement) => (typeof page === 'string' ? parse(page) : page);
const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of the first element matching `selector`, with white space collapsed; throws if none. */
export function textOf(page: string | HTMLElement, selector: string): string {
  const el = root(page).querySelector(selector);
  if (!el) throw new Error(`no ${selector} in the page`);
  return clean(el.text);
}

/** The texts of every element matching `selector`, in order. */
export const textsOf = (page: string | HTMLElement, selector: string): string[] =>
  root(page)
    .querySelectorAll(selector)
    .map((el) => clean(el.text));

/** The element with this id (a section, a form…); throws if none. */
export function byId(page: string | HTMLElement, id: string): HTMLElement {
  const el = root(page).getElementById(id);
  if (!el) throw new Error(`no #${id} in the page`);
  return el;
}

/** The table whose caption is `caption` (or the first table in the page or part of it); throws if
 * there is none. */
export function tableOf(page: string | HTMLElement, caption?: string): HTMLElement {
  const tables = root(page).querySelectorAll('table');
  const table = caption === undefined ? tables[0] : tables.find((t) => clean(t.querySelector('caption')?.text ?? '') === caption);
  if (!table) throw new Error(caption === undefined ? 'no table in the page' : `no table captioned “${caption}” in the page`);
  return table;
}

/** The data rows (those with `td` cells; header rows left out) of the table captioned `caption`,
 * or of every table in the page or part of it, as arrays of cell texts; a row's header cell
 * (`th scope="row"`) is included. */
export function rowsOf(page: string | HTMLElement, caption?: string): string[][] {
  const tables = caption === undefined ? root(page).querySelectorAll('table') : [tableOf(page, caption)];
  return tables.flatMap((table) =>
    table
      .querySelectorAll('tr')
      .filter((tr) => tr.querySelector('td'))
      .map((tr) => tr.querySelectorAll('th, td').map((cell) => clean(cell.text))),
  );
}

/** The column headings of a table. */
export const headingsOf = (page: string | HTMLElement, caption?: string): string[] => textsOf(tableOf(page, caption), 'thead th');

/** The term → value pairs of every description list (`dl`) in the page or part of it, in order
 * (a term with several values appears once for each). */
export function termsOf(page: string | HTMLElement): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const dl of root(page).querySelectorAll('dl')) {
    let term: string | null = null;
    for (const el of dl.querySelectorAll('dt, dd')) {
      if (el.tagName === 'DT') term = clean(el.text);
      else if (term !== null) out.push([term, clean(el.text)]);
    }
  }
  return out;
}

/** The value shown for a term of a description list; throws if the term is not there. */
export function termValue(page: string | HTMLElement, term: string): string {
  const found = termsOf(page).find(([t]) => t === term);
  if (!found) throw new Error(`no term “${term}” in the page`);
  return found[1];
}

/** The value of a hidden field in a page. */
export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden ${name} in the page`);
  return m[1];
}

/** The `value`s of the slot choices on a page, in order. */
export const slotValues = (html: string) => [...html.matchAll(/name="slot" value="([^"]+)"/g), ...html.matchAll(/<option value="(\d{4}-\d\d-\d\dT[^"]+)"/g)].map((m) => m[1] ?? '');

/** The error beside a form field (`#f-<field>-error`): the part only screen readers hear
 * (“Error:”) and the message. */
export function errorOf(page: string | HTMLElement, field: string): { hidden: string; message: string } {
  const el = byId(page, `f-${field}-error`);
  const hidden = el.querySelectorAll('.visually-hidden').map((h) => clean(h.text));
  const all = clean(el.text);
  const prefix = hidden.join(' ');
  return { hidden: prefix, message: prefix && all.startsWith(prefix) ? all.slice(prefix.length).trim() : all };
}

/** The choices of the select named `name`: each option's value, its text and whether it is selected. */
export function optionsOf(page: string | HTMLElement, name: string): Array<{ value: string; label: string; selected: boolean }> {
  const select = root(page).querySelector(`select[name="${name}"]`);
  if (!select) throw new Error(`no select ${name} in the page`);
  return select.querySelectorAll('option').map((o) => ({ value: o.getAttribute('value') ?? clean(o.text), label: clean(o.text), selected: o.hasAttribute('selected') }));
}

/** What a browser would send from the form matching `selector` as the page shows it (fields as
 * filled, boxes ticked, options selected, a select with none selected sending its first), without
 * the CSRF token, which the test client adds. */
export function formValuesOf(page: string | HTMLElement, selector = 'main form'): Record<string, string> {
  const form = root(page).querySelector(selector);
  if (!form) throw new Error(`no ${selector} in the page`);
  const values: Record<string, string> = {};
  for (const input of form.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    const type = input.getAttribute('type') ?? 'text';
    if (!name || name === '_csrf' || ((type === 'checkbox' || type === 'radio') && !input.hasAttribute('checked'))) continue;
    values[name] = input.getAttribute('value') ?? (type === 'checkbox' ? 'on' : '');
  }
  for (const area of form.querySelectorAll('textarea')) values[String(area.getAttribute('name'))] = area.text.replace(/^\n/, '');
  for (const select of form.querySelectorAll('select')) {
    const options = select.querySelectorAll('option');
    const chosen = options.find((o) => o.hasAttribute('selected')) ?? options[0];
    values[String(select.getAttribute('name'))] = chosen?.getAttribute('value') ?? clean(chosen?.text ?? '');
  }
  return values;
}

/** The page's Schema.org JSON-LD (its one `application/ld+json` script), parsed. */
export const jsonLdOf = (html: string): Record<string, unknown> => {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no JSON-LD');
  return JSON.parse(m[1]) as Record<string, unknown>;
};

/** Every link of the page's error summary, with whether its target (`#id`) is in the page. */
export function summaryTargets(page: string | HTMLElement): Array<{ href: string; exists: boolean }> {
  const doc = root(page);
  return doc.querySelectorAll('.error-summary a').map((a) => {
    const href = a.getAttribute('href') ?? '';
    return { href, exists: href.startsWith('#') && doc.getElementById(href.slice(1)) !== null };
  });
}
