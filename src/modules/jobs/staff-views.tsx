// Communications staff's pages: the moderation queue (waiting for review first, then waiting for
// payment and changes asked), one posting with its decision forms, and the posting fee.
import type { FieldErrors } from '../../lib/errors.js';
import { formatTime } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { DataTable, ErrorSummary, Field, PostForm, SimpleTable, SubNav, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { RenderedMarkdown, type Revision, RevisionHistory, renderMarkdown } from '../publishing/index.js';
import { placeOf } from './format.js';
import type { PostingDetail, QueueRow, WithdrawnRow } from './queries.js';
import { STATUS_LABELS, salaryText, TYPE_LABELS } from './shared.js';

/** Postings their employers withdrew, the latest first, a page at a time: when, by whom, and what
 * became of the fee. */
function WithdrawnTable(p: { page: WithdrawnPage; paging: WithdrawnPaging; timeZone: string }) {
  return (
    <DataTable
      caption="Withdrawn by the employer"
      pagerLabel="Pages of withdrawn postings"
      basePath="/staff/jobs"
      query={{ status: 'withdrawn', limit: p.paging.limit ? String(p.paging.limit) : undefined, cursor: p.paging.cursor }}
      page={1}
      hasNext={false}
      keyset={{ next: p.page.nextCursor, first: !p.paging.cursor }}
      rows={p.page.rows}
      rowKey={(r) => r.id}
      empty="No posting has been withdrawn."
      columns={[
        { key: 'job', label: 'Job', cell: (r) => <a href={`/staff/jobs/${r.id}`}>{r.title}</a> },
        { key: 'employer', label: 'Employer', cell: (r) => r.employer_name },
        { key: 'withdrawn', label: 'Withdrawn', cell: (r) => (r.withdrawn_at ? formatTime(r.withdrawn_at, p.timeZone) : '—') },
        { key: 'by', label: 'Withdrawn by', cell: (r) => `${r.posted_by} (${r.posted_by_email}), who posted it` },
        {
          key: 'fee',
          label: 'Fee',
          cell: (r) =>
            r.fee_cents === 0
              ? 'Free (member)'
              : `${formatCents(r.fee_cents)}${r.invoice_status === 'void' ? `: invoice${r.invoice_number ? ` ${r.invoice_number}` : ''} voided` : ''}`,
        },
      ]}
    />
  );
}

type WithdrawnPage = { rows: WithdrawnRow[]; nextCursor: string | null };
type WithdrawnPaging = { cursor?: string; limit?: number };

export function StaffQueuePage(p: {
  ctx: PageContext;
  /** which list: the queue (waiting for review or for the employer) or the withdrawn postings */
  list: 'queue' | 'withdrawn';
  rows: QueueRow[];
  /** a page of the withdrawn postings, and where it starts */
  withdrawn: WithdrawnPage;
  paging: WithdrawnPaging;
  /** ?status= named no list */
  listError?: string;
  feeCents: number;
  errors?: FieldErrors;
  fee?: string;
}) {
  const waiting = p.rows.filter((r) => r.status === 'in_review');
  const others = p.rows.filter((r) => r.status !== 'in_review');
  const cols = [
    { label: 'Job', cell: (r: QueueRow) => <a href={`/staff/jobs/${r.id}`}>{r.title}</a> },
    { label: 'Employer', cell: (r: QueueRow) => r.employer_name },
    { label: 'Posted by', cell: (r: QueueRow) => r.posted_by },
    { label: 'Fee', cell: (r: QueueRow) => (r.fee_cents === 0 ? 'Free (member)' : `${formatCents(r.fee_cents)}${r.paid_at ? ', paid' : ', unpaid'}`) },
    { label: 'Submitted', cell: (r: QueueRow) => (r.submitted_at ? formatTime(r.submitted_at, p.ctx.timeZone) : '—') },
  ];
  // each list its own heading: the withdrawn postings wait for no one
  const heading = p.list === 'withdrawn' ? 'Withdrawn job postings' : 'Job postings to review';
  return (
    <Layout ctx={p.ctx} title={heading}>
      <h1>{heading}</h1>
      <SubNav
        label="Lists of postings"
        current={p.list === 'withdrawn' ? '/staff/jobs?status=withdrawn' : '/staff/jobs'}
        links={[
          { href: '/staff/jobs', label: 'Waiting' },
          { href: '/staff/jobs?status=withdrawn', label: 'Withdrawn' },
        ]}
      />
      <ErrorSummary message={p.listError} />
      {p.list === 'withdrawn' && p.listError ? (
        // a refused page link lists nothing: an empty table under the error would say nothing was withdrawn
        <p>
          <a href="/staff/jobs?status=withdrawn">Go to the first page of withdrawn postings</a>
        </p>
      ) : p.list === 'withdrawn' ? (
        <WithdrawnTable page={p.withdrawn} paging={p.paging} timeZone={p.ctx.timeZone} />
      ) : (
        <>
          <SimpleTable caption="Waiting for review" rows={waiting} rowKey={(r) => r.id} empty="No posting waits for review." columns={cols} />
          <SimpleTable
            caption="Waiting for the employer"
            rows={others}
            rowKey={(r) => r.id}
            empty="None."
            columns={[...cols, { label: 'Status', cell: (r: QueueRow) => STATUS_LABELS[r.status] }]}
          />
        </>
      )}
      <h2>Posting fee</h2>
      <ErrorSummary errors={p.errors} labels={{ fee: 'Posting fee' }} />
      <PostForm action="/staff/jobs/settings" csrf={p.ctx.csrf} label="Posting fee">
        <Field
          name="fee"
          label="Posting fee (dollars)"
          value={p.fee ?? (p.feeCents / 100).toFixed(2)}
          error={p.errors?.fee}
          required
          inputMode="decimal"
          hint="Paid by employers who are not contacts of a member organization; members post for free."
        />
        <button type="submit" class="button-secondary">
          Save the fee
        </button>
      </PostForm>
    </Layout>
  );
}

export function StaffPostingPage(p: {
  ctx: PageContext;
  job: PostingDetail;
  /** in the job center now, or closed by its employer (its page public): staff may take it down */
  live: boolean;
  postedBy: { name: string; email: string };
  revisions: Revision[];
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const j = p.job;
  const e = p.errors ?? {};
  const takenDown = j.status === 'rejected' && !!j.published_at;
  const heading = `${j.status === 'in_review' ? 'Review' : 'Posting'}: ${j.title}`;
  return (
    <Layout ctx={p.ctx} title={heading}>
      <p>
        <a href="/staff/jobs">All postings to review</a>
      </p>
      <h1>{heading}</h1>
      <SummaryList
        rows={[
          [
            'Status',
            takenDown
              ? 'Taken down'
              : (j.closed_at ?? j.withdrawn_at)
                ? `${STATUS_LABELS[j.status]} on ${formatTime(j.closed_at ?? j.withdrawn_at ?? new Date(0), p.ctx.timeZone)}`
                : STATUS_LABELS[j.status],
          ],
          ['Employer', j.employer_name],
          ['Posting for', j.organization_name ?? '—'],
          ['Posted by', `${p.postedBy.name} (${p.postedBy.email})`],
          ['Location', placeOf(j)],
          ['Type', TYPE_LABELS[j.employment_type]],
          ['Salary', salaryText(j.salary_min, j.salary_max)],
          ['How to apply', j.apply_url ?? j.apply_email ?? ''],
          ['Closing date', j.closes_on ?? 'None'],
          ['Fee', j.fee_cents === 0 ? 'Free (member)' : `${formatCents(j.fee_cents)} (invoice ${j.invoice_status ?? '—'})`],
        ]}
      />
      <h2>Description</h2>
      <RenderedMarkdown html={renderMarkdown(j.description)} />
      {j.status === 'in_review' ? (
        <section aria-labelledby="decide">
          <h2 id="decide">Decision</h2>
          <ErrorSummary errors={p.errors} labels={{ message: 'Changes to ask for', reason: 'Reason for rejecting' }} />
          <PostForm action={`/staff/jobs/${j.id}/approve`} csrf={p.ctx.csrf} label="Approve">
            <button type="submit">Approve and publish</button>
          </PostForm>
          <PostForm action={`/staff/jobs/${j.id}/changes`} csrf={p.ctx.csrf} label="Ask for changes">
            <TextArea
              name="message"
              label="Changes to ask for"
              value={p.values?.message}
              error={e.message}
              required
              maxLength={2000}
              hint="Emailed to the employer, who edits and resubmits."
            />
            <button type="submit" class="button-secondary">
              Ask for changes
            </button>
          </PostForm>
          <PostForm action={`/staff/jobs/${j.id}/reject`} csrf={p.ctx.csrf} label="Reject">
            <TextArea name="reason" label="Reason for rejecting" value={p.values?.reason} error={e.reason} required maxLength={2000} hint="Emailed to the employer." />
            <button type="submit" class="button-secondary">
              Reject
            </button>
          </PostForm>
        </section>
      ) : null}
      {p.live ? (
        <section aria-labelledby="take-down">
          <h2 id="take-down">Take it down</h2>
          <p>
            {j.status === 'closed' ? (
              <>
                Its employer closed the posting, but <a href={`/jobs/${j.id}`}>its page</a> stays public, and they may reopen it.
              </>
            ) : (
              <>
                The posting is in the job center now (<a href={`/jobs/${j.id}`}>its public page</a>).
              </>
            )}{' '}
            If it should not be (published by mistake, a scam, a job that does not exist), take it down: it leaves the search, its page and the alerts at once and cannot be
            published again.
          </p>
          <ErrorSummary errors={p.errors} labels={{ reason: 'Reason for taking it down' }} />
          <PostForm action={`/staff/jobs/${j.id}/take-down`} csrf={p.ctx.csrf} label="Take it down">
            <TextArea name="reason" label="Reason for taking it down" value={p.values?.reason} error={e.reason} required maxLength={2000} hint="Emailed to the employer." />
            <button type="submit" class="button-secondary">
              Take it down
            </button>
          </PostForm>
        </section>
      ) : j.status === 'rejected' && j.review_message ? (
        <p>
          {takenDown ? 'Taken down' : 'Rejected'}. The reason given: {j.review_message}
        </p>
      ) : null}
      <RevisionHistory revisions={p.revisions} timeZone={p.ctx.timeZone} />
    </Layout>
  );
}
