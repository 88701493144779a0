// A US postal address in a form: street lines, city, state (from the list of states and
// territories) and ZIP code, in a fieldset with its legend; the fields and messages of
// `src/lib/us-address.ts`.
import type { FieldErrors } from '../../lib/errors.js';
import { US_ADDRESS_LABELS } from '../../lib/us-address.js';
import { STATE_CODES, stateName } from '../../lib/us-states.js';
import { Field, Select } from './fields.js';

const STATE_OPTIONS = STATE_CODES.map((s) => ({ value: s, label: stateName(s) }));

export function UsAddressFields(p: {
  legend: string;
  hint?: string;
  values: Record<string, string | undefined>;
  errors: FieldErrors;
  idScope?: string;
  /** false: one street line only (a form whose record keeps one, like a challenge business's) */
  line2?: boolean;
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <fieldset class="group">
      <legend>{p.legend}</legend>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      <Field
        name="addressLine1"
        idScope={p.idScope}
        label={US_ADDRESS_LABELS.addressLine1}
        value={v.addressLine1}
        error={e.addressLine1}
        required
        maxLength={200}
        autocomplete="address-line1"
      />
      {p.line2 === false ? null : (
        <Field
          name="addressLine2"
          idScope={p.idScope}
          label={US_ADDRESS_LABELS.addressLine2}
          value={v.addressLine2}
          error={e.addressLine2}
          maxLength={200}
          autocomplete="address-line2"
          hint="A suite, floor or attention line."
        />
      )}
      <Field name="city" idScope={p.idScope} label={US_ADDRESS_LABELS.city} value={v.city} error={e.city} required maxLength={100} autocomplete="address-level2" />
      <Select name="state" idScope={p.idScope} label={US_ADDRESS_LABELS.state} value={v.state} error={e.state} required includeBlank="Choose a state" options={STATE_OPTIONS} />
      <Field
        name="zip"
        idScope={p.idScope}
        label={US_ADDRESS_LABELS.zip}
        value={v.zip}
        error={e.zip}
        required
        maxLength={10}
        autocomplete="postal-code"
        inputMode="numeric"
        hint="5 digits, or 9 (ZIP+4)."
      />
    </fieldset>
  );
}
