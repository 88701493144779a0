// Staff pages of technical assistance: the queue with filters and aging, and one request with
// its thread, reply, status and assignment forms.
import { ASSISTANCE_STATUSES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, DataTable, ErrorSummary, FieldError, FilterInput, FilterSelect, PostForm, Select } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import type { RequestSummary, Thread } from './queries.js';
import { AGE_BUCKETS, bucketOf, nextStatuses, STAFF_STATUS_LABELS } from './states.js';
import { formatDate, HistoryView, ReplyForm, RequestFacts, ThreadView } from './thread.js';

function StatusFilter(p: { value?: string; error?: string }) {
  const options = [{ value: '', label: 'Not closed' }, ...ASSISTANCE_STATUSES.map((s) => ({ value: s, label: STAFF_STATUS_LABELS[s] })), { value: 'any', label: 'Any status' }];
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for="f-status">Status</label>
      <FieldError id="f-status-error" error={p.error} />
      <select id="f-status" name="status" aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? 'f-status-error' : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={(p.value ?? '') === o.value || (o.value === '' && p.value === 'active')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function QueuePage(p: { ctx: PageContext; raw: Record<string, string>; errors: FieldErrors; pathways: Pathway[]; rows: RequestSummary[]; page: number; hasNext: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Technical assistance">
      <h1>Technical assistance</h1>
      <p>Requests from member organizations, oldest first. Open one to reply, change its status or assign it to another advisor.</p>
      <ErrorSummary errors={p.errors} />
      <form method="get" action="/staff/assistance" class="filters" aria-label="Filter requests">
        <StatusFilter value={p.raw.status} error={p.errors.status} />
        <FilterSelect
          name="advisor"
          label="Advisor"
          value={p.raw.advisor}
          error={p.errors.advisor}
          options={[
            { value: 'me', label: 'Assigned to me' },
            { value: 'unassigned', label: 'Unassigned' },
          ]}
        />
        <FilterInput name="org" label="Organization name" type="search" value={p.raw.org} error={p.errors.org} />
        <FilterSelect name="pathway" label="Topic" value={p.raw.pathway} error={p.errors.pathway} options={p.pathways.map((x) => ({ value: x.slug, label: x.name }))} />
        <FilterSelect name="age" label="Open for" value={p.raw.age} error={p.errors.age} options={AGE_BUCKETS.map((b) => ({ value: b.key, label: b.label }))} />
        <FilterSelect name="late" label="Wanted-by day" value={p.raw.late} error={p.errors.late} options={[{ value: 'yes', label: 'Passed, not yet resolved' }]} />
        <button type="submit">Filter</button>
      </form>
      <DataTable
        caption="Assistance requests, oldest first"
        empty="No requests match these filters."
        pagerLabel="Assistance requests pages"
        basePath="/staff/assistance"
        query={p.raw}
        page={p.page}
        hasNext={p.hasNext}
        rows={p.rows}
        rowKey={(r) => r.id}
        columns={[
          { key: 'subject', label: 'Subject', cell: (r) => <a href={`/staff/assistance/${r.id}`}>{r.subject}</a> },
          { key: 'organization', label: 'Organization', cell: (r) => r.organizationName },
          { key: 'topic', label: 'Topic', cell: (r) => r.pathwayName ?? '—' },
          { key: 'status', label: 'Status', cell: (r) => STAFF_STATUS_LABELS[r.status] },
          { key: 'advisor', label: 'Advisor', cell: (r) => r.advisorName ?? 'Unassigned' },
          { key: 'filed', label: 'Filed', cell: (r) => formatDate(r.createdAt, p.ctx.timeZone) },
          { key: 'days', label: 'Days open', cell: (r) => r.daysOpen },
          { key: 'age', label: 'Age', cell: (r) => bucketOf(r.daysOpen).label },
        ]}
      />
    </Layout>
  );
}

export function StaffRequestPage(p: { ctx: PageContext; thread: Thread; advisors: Array<{ id: string; name: string }>; values?: Record<string, string>; errors?: FieldErrors }) {
  const r = p.thread.request;
  const base = `/staff/assistance/${r.id}`;
  const moves = nextStatuses(r.status, 'staff');
  return (
    <Layout ctx={p.ctx} title={r.subject}>
      <h1>{r.subject}</h1>
      <ErrorSummary errors={p.errors} labels={{ body: 'Your message', attachments: 'Attachments', status: 'Status', advisor: 'Advisor' }} />
      <RequestFacts thread={p.thread} side="staff" zone={p.ctx.timeZone} />
      <ThreadView thread={p.thread} base={base} zone={p.ctx.timeZone} />
      {r.status === 'closed' ? (
        <p>This request is closed. The organization can file a new one.</p>
      ) : (
        <>
          <h2>Reply</h2>
          <ReplyForm
            action={`${base}/messages`}
            csrf={p.ctx.csrf}
            values={p.values}
            errors={p.errors}
            hint="The organization’s contacts on this request are emailed. Replying to an open request marks it in progress."
          />
        </>
      )}
      <div class="actions">
        {moves.length > 0 ? (
          <PostForm action={`${base}/status`} csrf={p.ctx.csrf} label="Change status">
            <h2>Status</h2>
            <Select name="status" label="New status" required options={moves.map((s) => ({ value: s, label: STAFF_STATUS_LABELS[s] }))} error={p.errors?.status} />
            <button type="submit">Change status</button>
          </PostForm>
        ) : null}
        <PostForm action={`${base}/assign`} csrf={p.ctx.csrf} label="Assign">
          <h2>Advisor</h2>
          <Select
            name="advisor"
            label="Assign to"
            required
            options={[{ value: '', label: 'Nobody (unassigned)' }, ...p.advisors.map((a) => ({ value: a.id, label: a.name }))]}
            value={r.advisorUserId ?? ''}
            error={p.errors?.advisor}
          />
          <button type="submit">Assign</button>
        </PostForm>
      </div>
      <HistoryView thread={p.thread} zone={p.ctx.timeZone} side="staff" />
      <BackLink href="/staff/assistance">Back to the queue</BackLink>
    </Layout>
  );
}
