// The employer's pages: the posting form (new, or edit and resubmit), their postings with views
// and apply-clicks, renewal and payment links, their saved searches; and the unsubscribe page.
import { EMPLOYMENT_TYPES, WORKPLACES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatZonedDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { US_STATES } from '../../lib/us-states.js';
import { DangerLink, ErrorSummary, Field, FieldError, PostForm, RadioGroup, Select, SimpleTable } from '../../web/components.js';
import { ConfirmPage } from '../../web/confirm-page.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { MarkdownField } from '../publishing/index.js';
import type { MyPosting, PostingDetail } from './queries.js';
import { canReopen, isLivePosting, STATUS_LABELS, TYPE_LABELS, WORKPLACE_LABELS } from './shared.js';
import { type FeeOutcome, WITHDRAWABLE } from './withdraw.js';

export const FIELD_LABELS: Record<string, string> = {
  title: 'Job title',
  employer: 'Employer',
  organizationId: 'Posting for',
  workplace: 'Where the work is done',
  city: 'City',
  state: 'State',
  salaryMin: 'Minimum salary',
  salaryMax: 'Maximum salary',
  employmentType: 'Type of job',
  description: 'Description',
  apply: 'How to apply',
  closesOn: 'Closing date',
};

export function PostingFormPage(p: {
  ctx: PageContext;
  action: string;
  editing: boolean;
  values: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
  orgs: Array<{ id: string; name: string; status: string }>;
  feeCents: number;
  reviewMessage?: string | null;
}) {
  const v = p.values;
  const e = p.errors ?? {};
  const free = p.orgs.some((o) => o.status === 'active');
  return (
    <Layout ctx={p.ctx} title={p.editing ? 'Edit your job posting' : 'Post a job'}>
      <h1>{p.editing ? 'Edit your job posting' : 'Post a job'}</h1>
      {p.reviewMessage ? (
        <p class="notice" role="note">
          Our staff asked for changes: {p.reviewMessage}
        </p>
      ) : null}
      <p class="lead">
        {p.editing
          ? 'Saving sends a published posting back to our staff for review; it shows again once they approve it.'
          : free
            ? 'Your organization is a member: posting is free. Our staff review each posting before it is published.'
            : `The posting fee is ${formatCents(p.feeCents)} (free for contacts of member organizations). You get an invoice; once it is paid, our staff review the posting and publish it when they approve it.`}
      </p>
      <ErrorSummary errors={p.errors} message={p.message} labels={FIELD_LABELS} />
      <PostForm action={p.action} csrf={p.ctx.csrf} label={p.editing ? 'Edit the job posting' : 'Post a job'}>
        <Field name="title" label={FIELD_LABELS.title ?? ''} value={v.title} error={e.title} required maxLength={150} />
        <Field name="employer" label={FIELD_LABELS.employer ?? ''} value={v.employer} error={e.employer} required maxLength={200} hint="The government or organization hiring." />
        {p.orgs.length > 0 ? (
          <Select
            name="organizationId"
            label={FIELD_LABELS.organizationId ?? ''}
            value={v.organizationId}
            error={e.organizationId}
            includeBlank="No organization of mine"
            options={p.orgs.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : null}
        <RadioGroup
          name="workplace"
          legend={FIELD_LABELS.workplace ?? ''}
          value={v.workplace || 'on_site'}
          options={WORKPLACES.map((w) => ({ value: w, label: WORKPLACE_LABELS[w] }))}
          error={e.workplace}
        />
        <Field name="city" label={FIELD_LABELS.city ?? ''} value={v.city} error={e.city} maxLength={100} hint="Leave empty for a remote job that is not tied to a place." />
        <Select
          name="state"
          label={FIELD_LABELS.state ?? ''}
          value={v.state}
          error={e.state}
          includeBlank="Choose a state"
          options={US_STATES.map(([value, label]) => ({ value, label }))}
        />
        <Field
          name="salaryMin"
          label="Minimum salary (dollars a year)"
          value={v.salaryMin}
          error={e.salaryMin}
          required
          inputMode="numeric"
          hint="Whole dollars, for example 85000."
        />
        <Field
          name="salaryMax"
          label="Maximum salary (dollars a year)"
          value={v.salaryMax}
          error={e.salaryMax}
          required
          inputMode="numeric"
          hint="The same as the minimum for a fixed salary."
        />
        <Select
          name="employmentType"
          label={FIELD_LABELS.employmentType ?? ''}
          value={v.employmentType}
          error={e.employmentType}
          required
          includeBlank="Choose a type"
          options={EMPLOYMENT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
        />
        <MarkdownField name="description" label={FIELD_LABELS.description ?? ''} value={v.description} error={e.description} />
        <Field
          name="apply"
          label={FIELD_LABELS.apply ?? ''}
          value={v.apply}
          error={e.apply}
          required
          maxLength={500}
          hint="The https:// address of the application page, or an email address."
        />
        <Field
          name="closesOn"
          label={FIELD_LABELS.closesOn ?? ''}
          type="date"
          value={v.closesOn}
          error={e.closesOn}
          hint="The posting is taken down after this day, or 60 days after it is published if sooner."
        />
        <button type="submit">{p.editing ? 'Save and submit for review' : 'Post the job'}</button>
      </PostForm>
    </Layout>
  );
}

/** Why an action on one posting of the list was refused, shown beside it. */
export interface RowNotice {
  id: string;
  message: string;
}

export function MyJobsPage(p: { ctx: PageContext; postings: MyPosting[]; searches: Array<{ id: string; label: string; query: string }>; now: Date; notice?: RowNotice }) {
  const state = (r: MyPosting) =>
    r.status === 'published'
      ? isLivePosting(r, p.now)
        ? 'Published'
        : 'Expired'
      : r.status === 'rejected' && r.published_at
        ? 'Taken down by our staff'
        : r.status === 'closed' && r.closed_at
          ? `Closed by you on ${formatZonedDay(r.closed_at, p.ctx.timeZone)}`
          : r.status === 'withdrawn' && r.withdrawn_at
            ? `Withdrawn by you on ${formatZonedDay(r.withdrawn_at, p.ctx.timeZone)}`
            : STATUS_LABELS[r.status];
  const noticed = p.notice ? p.postings.find((r) => r.id === p.notice?.id) : undefined;
  const noticeKey = `posting-${p.notice?.id ?? ''}`;
  return (
    <Layout ctx={p.ctx} title="Your postings and saved searches">
      <h1>Your postings and saved searches</h1>
      <p>
        <a href="/jobs/new">Post a job</a> · <a href="/jobs">Search jobs</a>
      </p>
      {p.notice && noticed ? <ErrorSummary title="Nothing was changed" errors={{ [noticeKey]: p.notice.message }} labels={{ [noticeKey]: noticed.title }} /> : null}
      <SimpleTable
        caption="Your job postings"
        rows={p.postings}
        rowKey={(r) => r.id}
        empty="You have not posted a job."
        columns={[
          { label: 'Job', cell: (r) => <a href={`/jobs/${r.id}`}>{r.title}</a> },
          {
            label: 'Status',
            cell: (r) => (
              <>
                {r.review_message && r.status !== 'published' && r.status !== 'withdrawn' ? `${state(r)}: ${r.review_message}` : state(r)}
                {p.notice?.id === r.id ? <FieldError id={`f-posting-${r.id}`} error={p.notice.message} /> : null}
              </>
            ),
          },
          { label: 'Listed until', cell: (r) => (r.status === 'published' && r.expires_at ? formatZonedDay(new Date(r.expires_at.getTime() - 1), p.ctx.timeZone) : '—') },
          { label: 'Views', cell: (r) => r.views.toLocaleString('en-US') },
          { label: 'Apply clicks', cell: (r) => r.apply_clicks.toLocaleString('en-US') },
          {
            label: 'Actions',
            cell: (r) => (
              <div class="row-actions">
                {r.status === 'awaiting_payment' && r.invoice_token ? <a href={`/invoices/${r.invoice_token}`}>Pay the fee</a> : null}
                {r.status !== 'rejected' && r.status !== 'closed' && r.status !== 'withdrawn' ? (
                  <a href={`/jobs/${r.id}/edit`}>
                    Edit<span class="visually-hidden"> {r.title}</span>
                  </a>
                ) : null}
                {r.status === 'published' ? (
                  <PostForm action={`/jobs/${r.id}/renew`} csrf={p.ctx.csrf} class="inline-form" label={`Renew ${r.title}`}>
                    <button type="submit" class="link-button">
                      Renew for 60 days<span class="visually-hidden"> ({r.title})</span>
                    </button>
                  </PostForm>
                ) : null}
                {r.status === 'published' && isLivePosting(r, p.now) ? (
                  <PostForm action={`/jobs/${r.id}/close`} csrf={p.ctx.csrf} class="inline-form" label={`Close ${r.title}`}>
                    <button type="submit" class="link-button">
                      Close (job filled)<span class="visually-hidden"> {r.title}</span>
                    </button>
                  </PostForm>
                ) : null}
                {WITHDRAWABLE.includes(r.status) ? (
                  <DangerLink href={`/jobs/${r.id}/withdraw`}>
                    Withdraw<span class="visually-hidden"> {r.title}</span>
                  </DangerLink>
                ) : null}
                {canReopen(r, p.now) ? (
                  <PostForm action={`/jobs/${r.id}/reopen`} csrf={p.ctx.csrf} class="inline-form" label={`Reopen ${r.title}`}>
                    <button type="submit" class="link-button">
                      Reopen<span class="visually-hidden"> {r.title}</span>
                    </button>
                  </PostForm>
                ) : null}
              </div>
            ),
          },
        ]}
      />
      <SimpleTable
        caption="Your saved searches"
        rows={p.searches}
        rowKey={(r) => r.id}
        empty="No saved searches. Search the jobs, then save the search to get new matches by email once a day."
        columns={[
          { label: 'Search', cell: (r) => <a href={`/jobs?${r.query}`}>{r.label}</a> },
          {
            label: 'Actions',
            cell: (r) => (
              <PostForm action={`/jobs/saved-searches/${r.id}/delete`} csrf={p.ctx.csrf} class="inline-form" label={`Delete ${r.label}`}>
                <button type="submit" class="link-button">
                  Delete<span class="visually-hidden"> {r.label}</span>
                </button>
              </PostForm>
            ),
          },
        ]}
      />
    </Layout>
  );
}

export function UnsubscribePage(p: { ctx: PageContext; id: string; token: string; label: string | null; done: boolean }) {
  return (
    <Layout ctx={p.ctx} title="Job alerts">
      <h1>Job alerts</h1>
      {p.label === null ? (
        <p>This link is not valid. Sign in and delete the saved search from your postings and saved searches page instead.</p>
      ) : p.done ? (
        <p>You will get no more emails for “{p.label}”.</p>
      ) : (
        <PostForm action="/jobs/alerts/unsubscribe" csrf={p.ctx.csrf} label="Unsubscribe">
          <input type="hidden" name="id" value={p.id} />
          <input type="hidden" name="token" value={p.token} />
          <p>Stop the daily emails for “{p.label}”?</p>
          <button type="submit">Unsubscribe</button>
        </PostForm>
      )}
    </Layout>
  );
}

/** The confirmation of a withdrawal (what happens to the fee), or why it cannot be done here. */
export function WithdrawPage(p: { ctx: PageContext; job: PostingDetail; fee: FeeOutcome; refusal: string | null }) {
  const title = `Withdraw “${p.job.title}”?`;
  const back = { href: '/jobs/mine', label: 'Your postings and saved searches' };
  if (p.refusal) {
    return (
      <Layout ctx={p.ctx} title={`Withdraw “${p.job.title}”`}>
        <p>
          <a href={back.href}>{back.label}</a>
        </p>
        <h1>Withdraw “{p.job.title}”</h1>
        <ErrorSummary title="This posting cannot be withdrawn here" message={p.refusal} />
      </Layout>
    );
  }
  const fee =
    p.fee.kind === 'void'
      ? `Its unpaid invoice${p.fee.number ? ` ${p.fee.number}` : ''} for ${formatCents(p.fee.totalCents)} is cancelled: you owe nothing for it.`
      : 'You owe nothing for it.';
  return (
    <ConfirmPage
      ctx={p.ctx}
      title={title}
      lead={`It will not be published, and our staff stop reviewing it. ${fee}`}
      details={<p>This cannot be undone: to offer the job later, post it again.</p>}
      action={`/jobs/${p.job.id}/withdraw`}
      button="Withdraw the posting"
      back={back}
    />
  );
}
