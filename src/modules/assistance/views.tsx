// Member pages of technical assistance: the organization's requests, the new-request form,
// and one request with its thread.
import type { FieldErrors } from '../../lib/errors.js';
import { BackLink, ErrorSummary, Field, PostForm, Select, SimpleTable, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Pathway } from '../pathways/index.js';
import type { RequestSummary, Thread } from './queries.js';
import { nextStatuses, STATUS_LABELS } from './states.js';
import { FileInput, formatDate, HistoryView, ReplyForm, RequestFacts, ThreadView } from './thread.js';

export interface OrgChoice {
  id: string;
  name: string;
}

const orgParam = (orgs: OrgChoice[], org: OrgChoice | null) => (org && orgs.length > 1 ? `?org=${org.id}` : '');

/** `zone`: the time zone the days requests were filed are written in (the page's). */
export function RequestsTable(p: { requests: RequestSummary[]; caption: string; showOrg: boolean; zone: string }) {
  const org = p.showOrg ? [{ label: 'Organization', cell: (r: RequestSummary) => r.organizationName }] : [];
  return (
    <SimpleTable
      caption={p.caption}
      rowHeader={false}
      rows={p.requests}
      rowKey={(r) => r.id}
      empty="No requests yet."
      columns={[
        { label: 'Subject', cell: (r) => <a href={`/org/assistance/${r.id}`}>{r.subject}</a> },
        ...org,
        { label: 'Topic', cell: (r) => r.pathwayName ?? '—' },
        { label: 'Filed', cell: (r) => formatDate(r.createdAt, p.zone) },
        { label: 'Status', cell: (r) => STATUS_LABELS[r.status] },
        { label: 'Advisor', cell: (r) => r.advisorName ?? 'Not assigned yet' },
      ]}
    />
  );
}

export function RequestsPage(p: { ctx: PageContext; orgs: OrgChoice[]; org: OrgChoice | null; requests: RequestSummary[] }) {
  const title = p.org && p.orgs.length > 1 ? `Technical assistance: ${p.org.name}` : 'Technical assistance';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">Ask your advisor for help with a project or a question: what you need, by when, with documents if useful. Your advisor answers here and by email.</p>
      <p>
        <a class="button" href={`/org/assistance/new${orgParam(p.orgs, p.org)}`}>
          Ask for technical assistance
        </a>
      </p>
      {p.orgs.length > 1 ? (
        <nav aria-label="Organizations">
          <p>
            Show requests of:{' '}
            {p.orgs.map((o, i) => (
              <span key={o.id}>
                {i > 0 ? ', ' : ''}
                <a href={`/org/assistance?org=${o.id}`} aria-current={p.org?.id === o.id ? 'page' : undefined}>
                  {o.name}
                </a>
              </span>
            ))}
          </p>
        </nav>
      ) : null}
      {p.requests.length === 0 ? (
        <p>No requests yet.</p>
      ) : (
        <RequestsTable requests={p.requests} caption="Assistance requests, newest first" showOrg={!p.org && p.orgs.length > 1} zone={p.ctx.timeZone} />
      )}
      <BackToOrganization orgs={p.orgs} org={p.org} />
    </Layout>
  );
}

/** Back to the organization's home, named (a contact of several without one chosen: to /org, which chooses). */
function BackToOrganization(p: { orgs: OrgChoice[]; org: OrgChoice | null }) {
  const one = p.org ?? (p.orgs.length === 1 ? p.orgs[0] : undefined);
  return one ? <BackLink href={`/org?org=${one.id}`}>Back to {one.name}</BackLink> : <BackLink href="/org">Back to your organizations</BackLink>;
}

export function NewRequestPage(p: { ctx: PageContext; orgs: OrgChoice[]; pathways: Pathway[]; values: Record<string, string>; errors?: FieldErrors }) {
  const labels = { org: 'Organization', pathway: 'Topic', subject: 'Subject', description: 'What you need', desired_on: 'Wanted by', attachments: 'Attachments' };
  return (
    <Layout ctx={p.ctx} title="Ask for technical assistance">
      <h1>Ask for technical assistance</h1>
      <p class="lead">Your request goes to your organization’s advisor, who is emailed at once. You can follow it and answer questions on its page.</p>
      <ErrorSummary errors={p.errors} labels={labels} />
      <PostForm action="/org/assistance" csrf={p.ctx.csrf} enctype="multipart/form-data" label="New assistance request">
        {p.orgs.length > 1 ? (
          <Select name="org" label="Organization" required options={p.orgs.map((o) => ({ value: o.id, label: o.name }))} value={p.values.org} error={p.errors?.org} />
        ) : (
          <input type="hidden" name="org" value={p.orgs[0]?.id ?? ''} />
        )}
        <Select
          name="pathway"
          label="Topic"
          required
          includeBlank="Choose a topic"
          options={p.pathways.map((x) => ({ value: x.id, label: x.name }))}
          value={p.values.pathway}
          error={p.errors?.pathway}
        />
        <Field
          name="subject"
          label="Subject"
          required
          maxLength={200}
          value={p.values.subject}
          error={p.errors?.subject}
          hint="A few words, for example “Heat action plan review”."
        />
        <TextArea
          name="description"
          label="What you need"
          required
          rows={8}
          maxLength={10_000}
          value={p.values.description}
          error={p.errors?.description}
          hint="The question or project, what you have done so far, and who is involved."
        />
        <Field
          name="desired_on"
          label="Wanted by"
          type="date"
          value={p.values.desired_on}
          error={p.errors?.desired_on}
          hint="A date you would like an answer by, if there is one."
        />
        <FileInput error={p.errors?.attachments} />
        <button type="submit">Send the request</button>
      </PostForm>
      <BackLink href={p.values.org ? `/org/assistance?org=${encodeURIComponent(p.values.org)}` : '/org/assistance'}>All requests</BackLink>
    </Layout>
  );
}

export function MemberRequestPage(p: { ctx: PageContext; thread: Thread; values?: Record<string, string>; errors?: FieldErrors }) {
  const r = p.thread.request;
  const moves = nextStatuses(r.status, 'member');
  const base = `/org/assistance/${r.id}`;
  return (
    <Layout ctx={p.ctx} title={r.subject}>
      <h1>{r.subject}</h1>
      <ErrorSummary errors={p.errors} labels={{ body: 'Your message', attachments: 'Attachments', status: 'Status' }} />
      <RequestFacts thread={p.thread} side="member" zone={p.ctx.timeZone} />
      {r.status === 'waiting_on_member' ? <p class="notice">Your advisor is waiting for an answer from you: reply below.</p> : null}
      {r.status === 'resolved' ? <p class="notice">Your advisor marked this request resolved. If it is, close it; if not, reopen it and say what is missing.</p> : null}
      {moves.length > 0 ? (
        <div class="button-row">
          {moves.map((to) => (
            <PostForm key={to} action={`${base}/status`} csrf={p.ctx.csrf} class="inline-form" label={to === 'closed' ? 'Close the request' : 'Reopen the request'}>
              <input type="hidden" name="status" value={to} />
              <button type="submit">{to === 'closed' ? 'Close the request' : 'Reopen the request'}</button>
            </PostForm>
          ))}
        </div>
      ) : null}
      <ThreadView thread={p.thread} base={base} zone={p.ctx.timeZone} />
      {r.status === 'closed' ? (
        <p>
          This request is closed. <a href={`/org/assistance/new?org=${r.organizationId}`}>Ask for technical assistance</a> again if you need more help.
        </p>
      ) : (
        <>
          <h2>Reply</h2>
          <ReplyForm action={`${base}/messages`} csrf={p.ctx.csrf} values={p.values} errors={p.errors} hint="Your advisor is emailed when you reply." />
        </>
      )}
      <HistoryView thread={p.thread} zone={p.ctx.timeZone} side="member" />
      <BackLink href={`/org/assistance?org=${r.organizationId}`}>All requests</BackLink>
    </Layout>
  );
}
