// The staff form that creates or replaces a schedule version: start day, note, and per entity
// type how dues are set and its bands, one per line.
import { ENTITY_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { ENTITY_TYPE_NOUNS } from '../organizations/index.js';
import { capital } from './band-tables.js';
import { BAND_EXAMPLE, TOP_BAND_EXAMPLE } from './form.js';

const FORM_LABELS = { effective_from: 'Starts on', note: 'Note' };

export function ScheduleFormPage(p: {
  ctx: PageContext;
  action: string;
  title: string;
  intro: string;
  submitLabel: string;
  values: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      {/* no labels: each message is a sentence of its own ("Cities, band 2: …"), as beside its field */}
      <ErrorSummary errors={p.errors} message={p.message} />
      <PostForm action={p.action} csrf={p.ctx.csrf} label={p.title}>
        <Field
          name="effective_from"
          label={FORM_LABELS.effective_from}
          type="date"
          required
          value={v.effective_from}
          error={e.effective_from}
          hint="The day these dues start to apply: today or later, written like 2027-01-01."
        />
        <TextArea name="note" label={FORM_LABELS.note} value={v.note} error={e.note} rows={2} maxLength={500} hint="For staff, for example when the board approved it." />
        <p id="bands-format">
          Write bands one per line, smallest population first. “{BAND_EXAMPLE}” means populations of 50,001 to 100,000 pay $1,200 a year. The first band starts at 1, each band
          starts one above the previous one, and the last has no upper limit: “{TOP_BAND_EXAMPLE}”.
        </p>
        {ENTITY_TYPES.map((t) => (
          <fieldset key={t}>
            <legend>{capital(ENTITY_TYPE_NOUNS[t].many)}</legend>
            <Select
              name={`mode_${t}`}
              label="How dues are set"
              required
              value={v[`mode_${t}`]}
              error={e[`mode_${t}`]}
              options={[
                { value: 'bands', label: 'By population band' },
                { value: 'contact', label: 'Contact us (no self-serve price)' },
              ]}
            />
            <TextArea
              name={`bands_${t}`}
              label={`Population bands for ${ENTITY_TYPE_NOUNS[t].many}`}
              neededWhen="dues are set by population band"
              value={v[`bands_${t}`]}
              error={e[`bands_${t}`]}
              rows={11}
              hint="One band per line, as described above. Leave it empty when dues are set by “Contact us”: the bands are not used then."
            />
          </fieldset>
        ))}
        <button type="submit">{p.submitLabel}</button>
      </PostForm>
      <BackLink href="/staff/dues">Back to dues schedules</BackLink>
    </Layout>
  );
}
