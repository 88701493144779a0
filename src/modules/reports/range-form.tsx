// The filter form of the reports that take a range of days and one choice (events: the kind;
// application funnel: the entity type), with its error summary.
import type { FieldErrors } from '../../lib/errors.js';
import { ErrorSummary, FilterInput, FilterSelect } from '../../web/components.js';

export function RangeForm(p: {
  action: string;
  label: string;
  raw: Record<string, string>;
  range: { from: string; to: string } | null;
  errors: FieldErrors;
  choice: { name: string; label: string; value: string | null | undefined; options: Record<string, string> };
}) {
  const c = p.choice;
  return (
    <>
      <ErrorSummary errors={p.errors} labels={{ from: 'From', to: 'To', [c.name]: c.label }} />
      <form method="get" action={p.action} class="filters" aria-label={p.label}>
        <FilterInput name="from" label="From" type="date" value={p.raw.from ?? p.range?.from} error={p.errors.from} />
        <FilterInput name="to" label="To" type="date" value={p.raw.to ?? p.range?.to} error={p.errors.to} />
        <FilterSelect
          name={c.name}
          label={c.label}
          value={p.raw[c.name] ?? c.value ?? undefined}
          error={p.errors[c.name]}
          options={Object.entries(c.options).map(([value, label]) => ({ value, label }))}
        />
        <button type="submit">Show</button>
      </form>
    </>
  );
}
