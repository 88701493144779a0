// The renewals console (/staff/renewals): what a run today would do, "Run now", and the history of
// runs with what each could not do and why.
import { Fragment } from 'preact';
import type { BlockedRenewal } from '../../deps.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { timeZoneLabel } from '../../lib/us-states.js';
import { Checkbox, DataTable, ErrorSummary, PostForm, SimpleTable, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { RenewalRunRecord } from './renewals-history.js';
import type { LinkedFailure } from './renewals-links.js';
import type { RenewalReminderPlan, ShownPreview } from './renewals-shared.js';

/** rows of each preview table shown on the page (the JSON API lists them all) */
export const PREVIEW_ROWS_SHOWN = 100;

const KIND_LABELS = { organization: 'Organization', person: 'Individual member', invoice: 'Invoice' } as const;
const STAGE_LABELS = { issue: 'Issue the renewal invoice', remind: 'Send a reminder', lapse: 'Lapse the membership' } as const;

/** How long a run took, in words: "under a second", "12 seconds", "3 minutes 5 seconds". */
export function durationInWords(ms: number): string {
  if (ms < 1000) return 'under a second';
  const s = Math.round(ms / 1000);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s < 60) return unit(s, 'second');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = h > 0 ? [unit(h, 'hour'), m > 0 ? unit(m, 'minute') : ''] : [unit(m, 'minute'), rest > 0 ? unit(rest, 'second') : ''];
  return parts.filter(Boolean).join(' ');
}

/** Reminder offsets in words: "on the due date", "14 days after the due date", joined by "and". */
export function offsetsInWords(offsets: number[]): string {
  const one = (o: number) => (o === 0 ? 'on the due date' : o > 0 ? `${o} day${o === 1 ? '' : 's'} after the due date` : `${-o} day${o === -1 ? '' : 's'} before the due date`);
  return new Intl.ListFormat('en-US', { type: 'conjunction' }).format(offsets.map(one));
}

/** The one reminder a run sends for an invoice: at the latest offset it reached. When the run
 * catches up on earlier offsets never sent (no run on those days), it still sends one email,
 * which stands for them; say so, so that staff do not read three reminders into one row. */
export function reminderInWords(offsets: number[]): string {
  const sorted = [...offsets].sort((a, b) => a - b);
  const last = sorted.pop();
  if (last === undefined) return '';
  const latest = offsetsInWords([last]);
  if (sorted.length === 0) return latest;
  const word = sorted.length === 1 ? 'reminder' : 'reminders';
  return `${latest[0]?.toUpperCase()}${latest.slice(1)}: one catch-up email for the missed ${word} ${offsetsInWords(sorted)}`;
}

export function startedByInWords(r: Pick<RenewalRunRecord, 'trigger' | 'startedBy'>): string {
  if (r.trigger === 'job') return 'The daily job';
  if (r.trigger === 'cli') return r.startedBy ? `The command line (${r.startedBy})` : 'The command line';
  return r.startedBy ? `${r.startedBy}, with Run now` : 'Staff, with Run now';
}

/** The counts and the time taken: "3 issued, 2 reminded, 0 lapsed, 1 skipped, in 4 seconds". */
export function didInWords(r: RenewalRunRecord): string {
  const counts = `${r.issued.toLocaleString('en-US')} issued, ${r.reminded.toLocaleString('en-US')} reminded, ${r.lapsed.toLocaleString('en-US')} lapsed, ${r.skipped.toLocaleString('en-US')} skipped`;
  return r.finishedAt ? `${counts}, in ${durationInWords(r.finishedAt.getTime() - r.startedAt.getTime())}` : counts;
}

function outcomeInWords(r: Pick<RenewalRunRecord, 'error' | 'finishedAt'> & { failureCount: number }): string {
  if (r.error) return `Stopped part-way: ${r.error}. What it finished is kept; the next run does the rest.`;
  if (!r.finishedAt) return 'Still running, or stopped without finishing.';
  const n = r.failureCount;
  return n === 0 ? 'Finished.' : `Finished; ${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'} could not be done (listed below).`;
}

const shown = <T,>(rows: T[]) => rows.slice(0, PREVIEW_ROWS_SHOWN);
function MoreRows(p: { total: number; api?: string }) {
  return p.total > PREVIEW_ROWS_SHOWN ? (
    <p>
      The first {PREVIEW_ROWS_SHOWN} of {p.total.toLocaleString('en-US')} are shown. The renewals API (<code>{p.api ?? '/api/v1/renewals/preview'}</code>) lists them all.
    </p>
  ) : null;
}

function FailuresTable(p: { caption: string; rows: LinkedFailure[]; empty: string }) {
  return (
    <SimpleTable
      caption={p.caption}
      rows={p.rows}
      rowKey={(f) => `${f.stage}/${f.id}`}
      empty={p.empty}
      columns={[
        // where staff fix it; as text when its record is gone (a membership deleted since the run)
        { label: 'Member or invoice', cell: (f) => (f.href ? <a href={f.href}>{f.subject}</a> : f.subject) },
        { label: 'Kind', cell: (f) => KIND_LABELS[f.kind] },
        { label: 'Step', cell: (f) => STAGE_LABELS[f.stage] },
        { label: 'Why', cell: (f) => f.reason },
      ]}
    />
  );
}

// The invoice's own page (membership and finance staff, the console's readers, may open it).
const reminderSubject = (r: RenewalReminderPlan) =>
  r.invoiceNumber && r.invoiceId ? (
    <a href={`/staff/invoices/${r.invoiceId}`}>Invoice {r.invoiceNumber}</a>
  ) : r.invoiceNumber ? (
    `Invoice ${r.invoiceNumber}`
  ) : (
    'The renewal invoice this run issues'
  );

export function RenewalsPage(p: {
  ctx: PageContext;
  preview: ShownPreview;
  /** the first of the preview's skipped rows, with where staff fix each */
  skipped: LinkedFailure[];
  /** each run with the first PREVIEW_ROWS_SHOWN of its failures, linked, and how many it had */
  runs: Array<Omit<RenewalRunRecord, 'failures'> & { failures: LinkedFailure[]; failureCount: number }>;
  /** memberships the run flagged as impossible to price, waiting for staff */
  blocked: { rows: BlockedRenewal[]; total: number };
  nextCursor: string | null;
  cursor?: string;
  formKey: string;
  errors?: FieldErrors;
  message?: string;
}) {
  const { preview } = p;
  const total = preview.issue.reduce((sum, i) => sum + (i.amountCents ?? 0), 0);
  const unshown = preview.issue.some((i) => i.amountCents === null);
  const failed = p.runs.filter((r) => r.failureCount > 0);
  return (
    <Layout ctx={p.ctx} title="Renewals">
      <h1>Renewals</h1>
      <p>
        Renewals run every day at 06:00, {timeZoneLabel(p.ctx.timeZone)} time (the association’s time zone in settings): they issue renewal invoices ahead of each term’s end,
        remind unpaid ones, and lapse memberships unpaid after their grace period. Below is what a run today would do, a button to run it now, and what past runs did.
      </p>

      <h2 id="preview">What a run today would do</h2>
      <p>
        For today, {formatDay(preview.today)}: what “Run now” would do, and what is left for the daily run if it has not run yet today (nothing is done twice). Tomorrow’s run finds
        what comes due by then.
      </p>
      <SummaryList
        rows={[
          ['Invoices to issue', `${preview.issue.length.toLocaleString('en-US')} (${formatCents(total)} in all${unshown ? ', besides individual members’ dues' : ''})`],
          ['Reminders to send', preview.remind.length.toLocaleString('en-US')],
          ['Memberships to lapse', preview.lapse.length.toLocaleString('en-US')],
          ['Reinstatements', 'None: a run never reinstates. Paying a lapsed membership’s renewal invoice reinstates it at once, when the payment is recorded.'],
          ['Rows it will skip', preview.failures.length.toLocaleString('en-US')],
        ]}
      />
      <SimpleTable
        caption="Invoices to issue"
        rows={shown(preview.issue)}
        rowKey={(i) => i.membershipId}
        empty="No renewal invoice is due."
        columns={[
          { label: 'Member', cell: (i) => <a href={i.href}>{i.subject}</a> },
          { label: 'Kind', cell: (i) => KIND_LABELS[i.kind] },
          { label: 'New term', cell: (i) => `${formatDay(i.termStart)} to ${formatDay(i.termEnd)}` },
          { label: 'Amount', cell: (i) => (i.amountCents === null ? 'Shown to finance staff' : formatCents(i.amountCents)) },
        ]}
      />
      <MoreRows total={preview.issue.length} />
      <SimpleTable
        caption="Reminders to send"
        rows={shown(preview.remind)}
        rowKey={(r) => r.invoiceId ?? `new/${r.subject}`}
        empty="No reminder is due."
        columns={[
          { label: 'Invoice', cell: reminderSubject },
          { label: 'Billed to', cell: (r) => r.subject },
          { label: 'Due', cell: (r) => formatDay(r.dueOn) },
          { label: 'Reminder', cell: (r) => reminderInWords(r.offsets) },
        ]}
      />
      <MoreRows total={preview.remind.length} />
      <SimpleTable
        caption="Memberships to lapse"
        rows={shown(preview.lapse)}
        rowKey={(l) => l.membershipId}
        empty="No membership lapses."
        columns={[
          { label: 'Member', cell: (l) => <a href={l.href}>{l.subject}</a> },
          { label: 'Kind', cell: (l) => KIND_LABELS[l.kind] },
          { label: 'Term ended', cell: (l) => formatDay(l.termEnd) },
        ]}
      />
      <MoreRows total={preview.lapse.length} />
      <FailuresTable caption="Rows the run will skip" rows={p.skipped} empty="Nothing will be skipped." />
      <MoreRows total={preview.failures.length} />

      <h2 id="blocked">Blocked: renewals waiting for a missing detail</h2>
      <p>
        The run could not price these renewals, so it flagged them once and passes them by until the missing detail is entered: a population on the organization’s record, or the
        member’s salary on their page. Then the next run invoices them. (Dues set by arrangement are invoiced by hand.)
      </p>
      <SimpleTable
        caption="Blocked renewals"
        rows={p.blocked.rows}
        rowKey={(b) => b.membershipId}
        empty="No renewal is blocked."
        columns={[
          { label: 'Member', cell: (b) => <a href={b.href}>{b.subject}</a> },
          { label: 'Kind', cell: (b) => KIND_LABELS[b.kind] },
          { label: 'Term ends', cell: (b) => formatDay(b.termEnd) },
          { label: 'Why', cell: (b) => b.reason },
          { label: 'Flagged', cell: (b) => formatTime(b.blockedAt, p.ctx.timeZone) },
        ]}
      />
      {p.blocked.total > p.blocked.rows.length ? <p>{p.blocked.total.toLocaleString('en-US')} in all; the first of each kind are shown.</p> : null}

      <h2 id="run-now">Run now</h2>
      <p>
        Runs renewals for today, exactly as the daily job does. Invoices, reminders and lapses are never done twice: a run started while another is going, or the daily job after
        this one, does only what is left. Issued invoices are emailed and cannot be taken back (void them if needed).
      </p>
      <ErrorSummary errors={p.errors} message={p.message} title={p.message ? 'The run was not started' : undefined} labels={{ confirm: 'Confirm', key: 'Form' }} />
      <PostForm action="/staff/renewals/run" csrf={p.ctx.csrf} label="Run renewals now">
        <input type="hidden" name="key" value={p.formKey} />
        <Checkbox
          name="confirm"
          label="I have checked the preview: issue these invoices, send these reminders and lapse these memberships now."
          error={p.errors?.confirm ?? p.errors?.key}
        />
        <button type="submit">Run renewals now</button>
      </PostForm>

      <h2 id="history">Run history</h2>
      <DataTable
        caption="Runs, newest first"
        pagerLabel="Pages of the run history"
        basePath="/staff/renewals"
        query={{ cursor: p.cursor }}
        page={1}
        hasNext={false}
        keyset={{ next: p.nextCursor, first: !p.cursor }}
        rowKey={(r) => r.id}
        rows={p.runs}
        empty="No run yet."
        columns={[
          {
            key: 'run',
            label: 'Run',
            cell: (r) => (
              <>
                {formatTime(r.startedAt, p.ctx.timeZone)}
                <br />
                for {formatDay(r.runFor)}
                <br />
                {startedByInWords(r)}
              </>
            ),
          },
          { key: 'did', label: 'What it did', cell: didInWords },
          { key: 'outcome', label: 'Result', cell: outcomeInWords },
        ]}
      />
      {failed.map((r) => (
        <Fragment key={r.id}>
          <FailuresTable caption={`What the run of ${formatTime(r.startedAt, p.ctx.timeZone)} could not do`} rows={r.failures} empty="Nothing failed." />
          <MoreRows total={r.failureCount} api="/api/v1/renewals/runs" />
        </Fragment>
      ))}
    </Layout>
  );
}
