// A relationship's agreement and a partnership's deliverables, as partnerships staff read and keep
// them on the relationship's page: what was agreed (dates written as every page writes them, when
// the renewal falls due), the agreement form, and each deliverable with its due day, whether it is
// overdue, and when it was delivered.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { ErrorSummary, Field, FileField, PostForm, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import type { RelationshipDetail } from './queries.js';
import { DELIVERABLE_LEAD_DAYS, RENEWAL_LEAD_DAYS } from './shared.js';

export const AGREEMENT_ACCEPT = '.pdf,.docx';

type Form = { values: Record<string, string>; errors: FieldErrors };

/** A calendar day `days` before another (YYYY-MM-DD). */
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** 'From May 19, 2026 to Dec 4, 2028', or what is missing. */
function agreedDates(start: string | null, end: string | null): string {
  if (start && end) return `From ${formatDay(start)} to ${formatDay(end)}`;
  if (start) return `From ${formatDay(start)}; no end date yet`;
  if (end) return `Until ${formatDay(end)}; no start date yet`;
  return 'Not entered yet';
}

export function AgreementSection(p: { ctx: PageContext; r: RelationshipDetail; form: Form; values: Record<string, string> }) {
  const { r, form } = p;
  const partnership = r.kind === 'partnership';
  const running = r.status === 'active' || r.status === 'drafted';
  return (
    <section aria-labelledby="agreement">
      <h2 id="agreement">Agreement</h2>
      <SummaryList
        rows={[
          ['Dates', agreedDates(r.agreement_start, r.agreement_end)],
          ['Renewal due', running && r.agreement_end ? `${formatDay(daysBefore(r.agreement_end, RENEWAL_LEAD_DAYS))} (${RENEWAL_LEAD_DAYS} days before the end)` : null],
          ['Scope', r.agreement_scope || null],
          ['Project or grant', partnership ? r.project || null : null],
          ['Amount', partnership && r.amount_cents !== null ? formatCents(r.amount_cents) : null],
          [
            'File',
            r.file ? (
              <>
                <a href={`/staff/partners/${r.id}/agreement`}>{r.file.filename}</a> ({Math.ceil(r.file.size_bytes / 1024)} KB, uploaded{' '}
                {formatZonedDay(r.file.uploaded_at, p.ctx.timeZone)})
              </>
            ) : (
              'No agreement file yet'
            ),
          ],
        ]}
      />
      {r.status === 'ended' ? null : (
        <>
          <h3>Change the agreement</h3>
          <ErrorSummary
            errors={form.errors}
            labels={{ start: 'Start date', end: 'End date', scope: 'Scope', project: 'Project or grant', amount: 'Amount', file: 'Agreement file' }}
          />
          <PostForm action={`/staff/partners/${r.id}/agreement`} csrf={p.ctx.csrf} label="Agreement" enctype="multipart/form-data">
            <Field name="start" type="date" label="Start date" value={p.values.start} error={form.errors.start} />
            <Field name="end" type="date" label="End date" value={p.values.end} error={form.errors.end} hint={`The renewal falls due ${RENEWAL_LEAD_DAYS} days before it.`} />
            <TextArea name="scope" label="Scope" value={p.values.scope} error={form.errors.scope} maxLength={4000} />
            {partnership ? (
              <>
                <Field name="project" label="Project or grant" value={p.values.project} error={form.errors.project} maxLength={300} />
                <Field name="amount" label="Amount (dollars)" value={p.values.amount} error={form.errors.amount} inputMode="decimal" />
              </>
            ) : null}
            <FileField
              name="file"
              label="Agreement file"
              hint="A PDF or Word document of at most 10 MB; replaces the current file."
              accept={AGREEMENT_ACCEPT}
              optional
              error={form.errors.file}
            />
            <button type="submit" class="button-secondary">
              Save the agreement
            </button>
          </PostForm>
        </>
      )}
    </section>
  );
}

export function agreementValues(r: RelationshipDetail): Record<string, string> {
  return {
    start: r.agreement_start ?? '',
    end: r.agreement_end ?? '',
    scope: r.agreement_scope,
    project: r.project,
    amount: r.amount_cents === null ? '' : (r.amount_cents / 100).toFixed(2),
  };
}

/** A deliverable's state: delivered (on its day), overdue, or the button to mark it delivered. */
function DeliverableState(p: { ctx: PageContext; r: RelationshipDetail; d: RelationshipDetail['deliverables'][number]; today: string }) {
  const { d } = p;
  if (d.done_at) return <>Delivered {formatZonedDay(d.done_at, p.ctx.timeZone)}</>;
  return (
    <>
      {d.due_on < p.today ? <p>Overdue</p> : null}
      <PostForm action={`/staff/partners/${p.r.id}/deliverables/${d.id}/done`} csrf={p.ctx.csrf} label={`Mark “${d.title}” delivered`}>
        <button type="submit" class="button-secondary">
          Mark delivered
        </button>
      </PostForm>
    </>
  );
}

export function DeliverablesSection(p: { ctx: PageContext; r: RelationshipDetail; form: Form; today: string }) {
  const { r, form } = p;
  return (
    <section aria-labelledby="deliverables">
      <h2 id="deliverables">Deliverables</h2>
      <SimpleTable
        caption="What the partnership owes, by due date"
        rows={r.deliverables}
        rowKey={(d) => d.id}
        empty="No deliverables yet."
        columns={[
          { label: 'Deliverable', cell: (d) => d.title },
          { label: 'Due', cell: (d) => formatDay(d.due_on) },
          { label: 'State', cell: (d) => <DeliverableState ctx={p.ctx} r={r} d={d} today={p.today} /> },
        ]}
      />
      {r.status === 'ended' ? null : (
        <>
          <h3>Add a deliverable</h3>
          <PostForm action={`/staff/partners/${r.id}/deliverables`} csrf={p.ctx.csrf} label="Add a deliverable">
            <ErrorSummary errors={form.errors} labels={{ title: 'Deliverable', dueOn: 'Due date' }} />
            <Field name="title" label="Deliverable" value={form.values.title} error={form.errors.title} required maxLength={300} />
            <Field
              name="dueOn"
              type="date"
              label="Due date"
              value={form.values.dueOn}
              error={form.errors.dueOn}
              required
              hint={`Partnerships staff are emailed a reminder ${DELIVERABLE_LEAD_DAYS} days before, unless it is marked delivered.`}
            />
            <button type="submit" class="button-secondary">
              Add the deliverable
            </button>
          </PostForm>
        </>
      )}
    </section>
  );
}
