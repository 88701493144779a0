// Labelled form controls, each tied to its hint and error by id and aria-describedby.
import type { ComponentChildren } from 'preact';

/** The id of the control named `name`: `f-name`, or `f-scope-name` inside a form that passes a
 * scope (a page with several forms of the same fields, one per row). The error summary links to it. */
export const fieldId = (name: string, scope?: string): string => (scope ? `f-${scope}-${name}` : `f-${name}`);

/** Names the form a control belongs to when a page holds several forms with the same fields (one
 * per row): its ids become `f-<idScope>-<name>`. Pass the same `idScope` to the form's ErrorSummary. */
interface Scoped {
  idScope?: string;
}

interface FieldProps extends Scoped {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'tel' | 'date';
  value?: string | number | null;
  error?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email';
  maxLength?: number;
  /** for a field needed only in some cases: says when, after the label, in place of "(optional)" */
  neededWhen?: string;
  /** enhanced by /assets/js/place-lookup.js into a place search */
  /** a place lookup (place-lookup.js); a string names the form's state field when it is not `state` */
  dataPlaceLookup?: boolean | string;
}

/** The frame every labelled control shares: label, hint, error, then the control itself. */
function FieldFrame(p: { id: string; label: string; required?: boolean; neededWhen?: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={p.id}>
        {p.label}
        {p.required ? null : <span class="optional"> ({p.neededWhen ? `needed when ${p.neededWhen}` : 'optional'})</span>}
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

const describedBy = (id: string, p: { hint?: string; error?: string }) => [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function Field(p: FieldProps) {
  const id = fieldId(p.name, p.idScope);
  return (
    <FieldFrame id={id} label={p.label} required={p.required} neededWhen={p.neededWhen} hint={p.hint} error={p.error}>
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
        data-place-lookup={p.dataPlaceLookup ? (typeof p.dataPlaceLookup === 'string' ? p.dataPlaceLookup : '') : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(p: Omit<FieldProps, 'type' | 'inputMode'> & { rows?: number }) {
  const id = fieldId(p.name, p.idScope);
  return (
    <FieldFrame id={id} label={p.label} required={p.required} neededWhen={p.neededWhen} hint={p.hint} error={p.error}>
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

export function Select(
  p: Scoped & {
    name: string;
    label: string;
    options: Array<{ value: string; label: string }>;
    value?: string | null;
    error?: string;
    required?: boolean;
    includeBlank?: string;
    hint?: string;
  },
) {
  const id = fieldId(p.name, p.idScope);
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

/** A file input with its label, hint and error above it; the server decides what it accepts. */
export function FileField(p: Scoped & { name: string; label: string; hint: ComponentChildren; accept: string; optional?: boolean; multiple?: boolean; error?: string }) {
  const id = fieldId(p.name, p.idScope);
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
export function Checkbox(p: Scoped & { name: string; label: string; checked?: boolean; error?: string; hint?: string; value?: string }) {
  const id = fieldId(p.name, p.idScope);
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
export function RadioGroup(p: Scoped & { name: string; legend: string; options: Array<{ value: string; label: string }>; value?: string; error?: string }) {
  const id = fieldId(p.name, p.idScope);
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
