// What went wrong: the summary at the top of a failed form, and the message under one field.
import { ALREADY_DONE, type FieldErrors } from '../../lib/errors.js';
import { fieldId } from './fields.js';

/** What went wrong, at the top of a form: a heading, then either a link to each failed field or,
 * with `title`, `message` as a sentence under that heading ("This could not be done" + why; a
 * repeat's "Already done").
 * `idScope` is the failed form's, when its fields have one (a form per row). */
export function ErrorSummary(props: { errors?: FieldErrors; labels?: Record<string, string>; message?: string; title?: string; idScope?: string }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0 && !props.message) return null;
  const heading = props.title ?? props.message ?? 'There is a problem';
  // A repeat (done already, nothing changed) is announced the same way but is no failure: it looks
  // calmer, and the page's title does not start with "Error: " (render.ts looks for the plain class).
  const repeat = props.title === ALREADY_DONE;
  // autofocus moves focus here as the failed page loads, without JavaScript (GOV.UK's pattern does it
  // with script); tabindex lets a div take focus. Only a page with something to fix renders this.
  return (
    // biome-ignore lint/a11y/noAutofocus: focusing the summary of a failed form is the point (issue 14)
    <div class={repeat ? 'error-summary repeat' : 'error-summary'} role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{heading}</h2>
      {props.title && props.message ? <p>{props.message}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, msg]) => (
            <li key={field}>
              <a href={`#${fieldId(field, props.idScope)}`}>{props.labels?.[field] ? `${props.labels[field]}: ${msg}` : msg}</a>
            </li>
          ))}
        </ul>
      ) : null}
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
