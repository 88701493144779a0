// Forms: a POST form carrying its CSRF token, the GET filter controls, and the spam honeypot.
import type { ComponentChildren } from 'preact';
import { HONEYPOT_FIELD } from '../forms.js';

/** A POST form carrying its CSRF token; works without JavaScript. `label` names it; `labelledBy` names it by the id of its
 * own heading instead (a form that has one). */
export function PostForm(props: {
  action: string;
  csrf: string;
  children: ComponentChildren;
  class?: string;
  label?: string;
  labelledBy?: string;
  enctype?: 'multipart/form-data';
}) {
  // The token stays the first field: a multipart post is checked on it before any file is read.
  return (
    <form method="post" action={props.action} class={props.class} aria-label={props.label} aria-labelledby={props.labelledBy} enctype={props.enctype} noValidate>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
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

/** The page number of a paged list, in its filter form only when the one asked for was not a page
 * number: the error summary then links to a real field, which says why beside what was typed. */
export function FilterPageInput(p: { value?: string; error?: string }) {
  return p.error ? <FilterInput name="page" label="Page" value={p.value} error={p.error} /> : null;
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
