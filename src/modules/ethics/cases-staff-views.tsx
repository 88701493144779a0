// Ethics staff's pages: the case queue, a case with its timeline, deadlines and the form of its
// next step, and the ethics committee's list. The committee members' own pages are here too.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { ErrorSummary, Field, FileField, PostForm, RadioGroup, Select, SimpleTable, SubNav, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { DEFAULT_APPEAL_DAYS, DEFAULT_RESPONSE_DAYS } from './cases.js';
import { OUTCOME_WORDS, STAGE_WORDS } from './cases-common.js';
import { CASE_FILE_ACCEPT, CASE_FILE_TEXT } from './cases-files.js';
import { CaseFilesTable, CaseSummary, type CaseView, Paragraphs, Timeline } from './cases-parts.js';
import type { CaseFileRow, QueueRow } from './cases-queries.js';

const NAV = [
  { href: '/staff/ethics', label: 'Open cases' },
  { href: '/staff/ethics?show=closed', label: 'Closed cases' },
  { href: '/staff/ethics/committee', label: 'Ethics committee' },
];

const nextDeadline = (c: QueueRow) =>
  c.stage === 'response' ? c.response_due_on : c.stage === 'fact_finding' ? c.fact_finding_due_on : c.stage === 'appeal_window' ? c.appeal_closes_on : null;

export function QueuePage(p: { ctx: PageContext; rows: QueueRow[]; show: 'open' | 'closed' }) {
  const title = p.show === 'open' ? 'Ethics cases' : 'Closed ethics cases';
  return (
    <Layout ctx={p.ctx} title={title}>
      <SubNav label="Ethics" current={p.show === 'open' ? '/staff/ethics' : '/staff/ethics?show=closed'} links={NAV} />
      <h1>{title}</h1>
      <p class="lead">Confidential: only ethics staff see this queue, and every case you open is recorded in the audit log.</p>
      <SimpleTable
        caption={p.show === 'open' ? 'Open cases, oldest first' : 'Closed cases, latest first'}
        rows={p.rows}
        rowKey={(c) => c.id}
        empty={p.show === 'open' ? 'No open cases.' : 'No closed cases.'}
        columns={[
          { label: 'Case', cell: (c) => <a href={`/staff/ethics/cases/${c.id}`}>{c.reference}</a> },
          { label: 'Member concerned', cell: (c) => c.respondent_name },
          { label: 'Stage', cell: (c) => STAGE_WORDS[c.stage] + (c.outcome ? ` — ${OUTCOME_WORDS[c.outcome]}` : '') },
          { label: 'Filed', cell: (c) => formatZonedDay(c.filed_at, p.ctx.timeZone) },
          { label: 'Next deadline', cell: (c) => formatDay(nextDeadline(c)) || '—' },
        ]}
      />
    </Layout>
  );
}

export type StaffStepForm = 'dismiss' | 'open' | 'fact-finding' | 'report' | 'decision' | 'appeal-decision' | 'assign';
export interface StaffFormState {
  kind: StaffStepForm;
  values: Record<string, string>;
  errors: FieldErrors;
  message?: string;
}

const LABELS: Record<string, string> = {
  reason: 'Reasons for dismissal',
  respondentEmail: 'Email of the member’s account',
  responseDays: 'Days for the written response',
  factFinder: 'Fact-finder',
  dueOn: 'Report due on',
  report: 'The report',
  reportFile: 'Report file',
  outcome: 'Decision',
  reasons: 'Reasons',
  suspensionUntil: 'Suspended until',
  appealDays: 'Days for an appeal',
  result: 'Appeal decision',
  member: 'Committee member',
};

function StepForms(p: { ctx: PageContext; c: CaseView; form?: StaffFormState }) {
  const base = `/staff/ethics/cases/${p.c.id}`;
  const f = (k: StaffStepForm) => (p.form?.kind === k ? p.form : undefined);
  const v = (k: StaffStepForm, name: string) => f(k)?.values[name];
  const e = (k: StaffStepForm, name: string) => f(k)?.errors[name];
  switch (p.c.stage) {
    case 'intake':
      return (
        <>
          <h2>Intake review</h2>
          <p>Open the case to ask the member concerned for a written response, or dismiss the complaint with reasons.</p>
          <PostForm action={`${base}/open`} csrf={p.ctx.csrf} label="Open the case">
            <Field
              name="respondentEmail"
              label={LABELS.respondentEmail ?? ''}
              type="email"
              required
              value={v('open', 'respondentEmail')}
              error={e('open', 'respondentEmail')}
              hint="Links the case to the member’s account: they see it on their own case page."
            />
            <Field
              name="responseDays"
              label={LABELS.responseDays ?? ''}
              type="number"
              inputMode="numeric"
              required
              value={v('open', 'responseDays') ?? String(DEFAULT_RESPONSE_DAYS)}
              error={e('open', 'responseDays')}
            />
            <button type="submit">Open the case</button>
          </PostForm>
          <PostForm action={`${base}/dismiss`} csrf={p.ctx.csrf} label="Dismiss the complaint">
            <TextArea name="reason" label={LABELS.reason ?? ''} required rows={3} maxLength={5000} value={v('dismiss', 'reason')} error={e('dismiss', 'reason')} />
            <button type="submit">Dismiss the complaint</button>
          </PostForm>
        </>
      );
    case 'response':
      return (
        <>
          <h2>Fact-finding</h2>
          <p>Once the response is in, or its deadline has passed, assign the fact-finding.</p>
          <PostForm action={`${base}/fact-finding`} csrf={p.ctx.csrf} label="Assign fact-finding">
            <Field
              name="factFinder"
              label={LABELS.factFinder ?? ''}
              required
              maxLength={200}
              value={v('fact-finding', 'factFinder')}
              error={e('fact-finding', 'factFinder')}
              hint="A named body, for instance a state association’s ethics committee."
            />
            <Field name="dueOn" label={LABELS.dueOn ?? ''} type="date" required value={v('fact-finding', 'dueOn')} error={e('fact-finding', 'dueOn')} />
            <button type="submit">Assign fact-finding</button>
          </PostForm>
        </>
      );
    case 'fact_finding':
      return (
        <>
          <h2>Fact-finding report</h2>
          <PostForm action={`${base}/report`} csrf={p.ctx.csrf} enctype="multipart/form-data" label="Record the report">
            <TextArea name="report" label={LABELS.report ?? ''} required rows={6} maxLength={20000} value={v('report', 'report')} error={e('report', 'report')} />
            <FileField name="reportFile" label={LABELS.reportFile ?? ''} optional hint={`${CASE_FILE_TEXT}.`} accept={CASE_FILE_ACCEPT} error={e('report', 'reportFile')} />
            <button type="submit">Record the report</button>
          </PostForm>
        </>
      );
    case 'decision':
      return (
        <>
          <h2>The committee’s decision</h2>
          <PostForm action={`${base}/decision`} csrf={p.ctx.csrf} label="Record the decision">
            <RadioGroup
              name="outcome"
              legend={LABELS.outcome ?? ''}
              value={v('decision', 'outcome')}
              error={e('decision', 'outcome')}
              options={Object.entries(OUTCOME_WORDS).map(([value, label]) => ({ value, label }))}
            />
            <Field
              name="suspensionUntil"
              label={LABELS.suspensionUntil ?? ''}
              type="date"
              value={v('decision', 'suspensionUntil')}
              error={e('decision', 'suspensionUntil')}
              hint="Only for a suspension: its last day, at most five years from today."
            />
            <TextArea name="reasons" label={LABELS.reasons ?? ''} required rows={4} maxLength={10000} value={v('decision', 'reasons')} error={e('decision', 'reasons')} />
            <Field
              name="appealDays"
              label={LABELS.appealDays ?? ''}
              type="number"
              inputMode="numeric"
              required
              value={v('decision', 'appealDays') ?? String(DEFAULT_APPEAL_DAYS)}
              error={e('decision', 'appealDays')}
            />
            <button type="submit">Record the decision</button>
          </PostForm>
        </>
      );
    case 'appeal':
      return (
        <>
          <h2>The appeal’s decision</h2>
          <PostForm action={`${base}/appeal-decision`} csrf={p.ctx.csrf} label="Decide the appeal">
            <RadioGroup
              name="result"
              legend={LABELS.result ?? ''}
              value={v('appeal-decision', 'result')}
              error={e('appeal-decision', 'result')}
              options={[
                { value: 'upheld', label: 'Upheld: the decision takes effect' },
                { value: 'overturned', label: 'Overturned: no sanction' },
              ]}
            />
            <TextArea
              name="reasons"
              label={LABELS.reasons ?? ''}
              required
              rows={4}
              maxLength={10000}
              value={v('appeal-decision', 'reasons')}
              error={e('appeal-decision', 'reasons')}
            />
            <button type="submit">Record the appeal’s decision</button>
          </PostForm>
        </>
      );
    case 'appeal_window':
      return <p>The member may appeal until {formatDay(p.c.appeal_closes_on)}. With no appeal, the decision takes effect the next day.</p>;
    default:
      return null;
  }
}

export function StaffCasePage(p: {
  ctx: PageContext;
  c: CaseView & {
    complainant_name: string;
    complainant_email: string;
    dismissed_reason: string | null;
    respondent_account_name: string | null;
    respondent_account_email: string | null;
  };
  files: CaseFileRow[];
  timeline: Array<{ id: string; at: Date; summary: string; actor: string | null }>;
  committee: Array<{ userId: string; name: string }>;
  assigned: Array<{ id: string; name: string }>;
  notes: Array<{ id: string; body: string; created_at: Date; name: string }>;
  form?: StaffFormState;
  status?: number;
}) {
  const c = p.c;
  const base = `/staff/ethics/cases/${c.id}`;
  const unassigned = p.committee.filter((m) => !p.assigned.some((a) => a.id === m.userId));
  return (
    <Layout ctx={p.ctx} title={`Ethics case ${c.reference}`}>
      <SubNav label="Ethics" current="/staff/ethics" links={NAV} />
      <h1>Ethics case {c.reference}</h1>
      <ErrorSummary errors={p.form?.errors} labels={LABELS} message={p.form?.message} />
      <h2>Complainant</h2>
      <p>
        {c.complainant_name} ({c.complainant_email})
      </p>
      {c.respondent_account_email ? (
        <p>
          Linked account of the member concerned: {c.respondent_account_name} ({c.respondent_account_email})
        </p>
      ) : null}
      <CaseSummary c={c} zone={p.ctx.timeZone} />
      {c.dismissed_reason ? (
        <>
          <h2>Reasons for dismissal</h2>
          <Paragraphs text={c.dismissed_reason} />
        </>
      ) : null}
      <StepForms ctx={p.ctx} c={c} form={p.form} />
      <CaseFilesTable files={p.files} base={base} zone={p.ctx.timeZone} />
      <h2>Committee members assigned</h2>
      {p.assigned.length ? (
        <ul>
          {p.assigned.map((m) => (
            <li key={m.id}>{m.name}</li>
          ))}
        </ul>
      ) : (
        <p>No committee member is assigned to this case.</p>
      )}
      {unassigned.length ? (
        <PostForm action={`${base}/assign`} csrf={p.ctx.csrf} label="Assign a committee member">
          <Select
            name="member"
            label={LABELS.member ?? ''}
            required
            includeBlank="Choose a member"
            value={p.form?.kind === 'assign' ? p.form.values.member : undefined}
            error={p.form?.kind === 'assign' ? p.form.errors.member : undefined}
            options={unassigned.map((m) => ({ value: m.userId, label: m.name }))}
          />
          <button type="submit">Assign to this case</button>
        </PostForm>
      ) : null}
      <h2>Committee notes</h2>
      <CommitteeNotes notes={p.notes} zone={p.ctx.timeZone} />
      <Timeline events={p.timeline} zone={p.ctx.timeZone} />
    </Layout>
  );
}

function CommitteeNotes(p: { notes: Array<{ id: string; body: string; created_at: Date; name: string }>; zone: string }) {
  return p.notes.length ? (
    <ul>
      {p.notes.map((n) => (
        <li key={n.id}>
          <strong>
            {n.name}, {formatZonedDay(n.created_at, p.zone)}:
          </strong>{' '}
          <span class="prewrap">{n.body}</span>
        </li>
      ))}
    </ul>
  ) : (
    <p>No notes yet.</p>
  );
}

export function StaffCommitteePage(p: {
  ctx: PageContext;
  members: Array<{ userId: string; name: string; email: string; addedAt: Date }>;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  return (
    <Layout ctx={p.ctx} title="Ethics committee">
      <SubNav label="Ethics" current="/staff/ethics/committee" links={NAV} />
      <h1>Ethics committee</h1>
      <p class="lead">Members of the committee see only the cases you assign them to.</p>
      <ErrorSummary errors={p.errors} labels={{ email: 'Email of the account' }} />
      <SimpleTable
        caption="Members of the ethics committee"
        rows={p.members}
        rowKey={(m) => m.userId}
        empty="The committee has no members yet."
        columns={[
          { label: 'Name', cell: (m) => m.name },
          { label: 'Email', cell: (m) => m.email },
          { label: 'Added', cell: (m) => formatZonedDay(m.addedAt, p.ctx.timeZone) },
          {
            label: 'Remove',
            cell: (m) => (
              <PostForm action={`/staff/ethics/committee/${m.userId}/remove`} csrf={p.ctx.csrf} label={`Remove ${m.name}`}>
                <button type="submit">Remove {m.name}</button>
              </PostForm>
            ),
          },
        ]}
      />
      <h2>Add a member</h2>
      <PostForm action="/staff/ethics/committee" csrf={p.ctx.csrf} label="Add a committee member">
        <Field
          name="email"
          label="Email of the account"
          type="email"
          required
          value={p.values?.email}
          error={p.errors?.email}
          hint="The person must have a verified account. We email them."
        />
        <button type="submit">Add to the committee</button>
      </PostForm>
    </Layout>
  );
}

export function CommitteeHomePage(p: {
  ctx: PageContext;
  cases: Array<{ id: string; reference: string; stage: keyof typeof STAGE_WORDS; respondent_name: string; filed_at: Date }>;
}) {
  return (
    <Layout ctx={p.ctx} title="Ethics committee: your cases">
      <h1>Ethics committee: your cases</h1>
      <p class="lead">The cases ethics staff assigned you to. They are confidential.</p>
      <SimpleTable
        caption="Cases assigned to you"
        rows={p.cases}
        rowKey={(c) => c.id}
        empty="No case is assigned to you."
        columns={[
          { label: 'Case', cell: (c) => <a href={`/ethics/committee/cases/${c.id}`}>{c.reference}</a> },
          { label: 'Member concerned', cell: (c) => c.respondent_name },
          { label: 'Stage', cell: (c) => STAGE_WORDS[c.stage] },
          { label: 'Filed', cell: (c) => formatZonedDay(c.filed_at, p.ctx.timeZone) },
        ]}
      />
    </Layout>
  );
}

export function CommitteeCasePage(p: {
  ctx: PageContext;
  c: CaseView;
  files: CaseFileRow[];
  timeline: Array<{ id: string; at: Date; summary: string; actor: string | null }>;
  notes: Array<{ id: string; body: string; created_at: Date; name: string }>;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const base = `/ethics/committee/cases/${p.c.id}`;
  return (
    <Layout ctx={p.ctx} title={`Ethics case ${p.c.reference}`}>
      <h1>Ethics case {p.c.reference}</h1>
      <ErrorSummary errors={p.errors} labels={{ body: 'Your note' }} />
      <CaseSummary c={p.c} zone={p.ctx.timeZone} />
      <CaseFilesTable files={p.files} base={base} zone={p.ctx.timeZone} />
      <h2>Committee decision notes</h2>
      <CommitteeNotes notes={p.notes} zone={p.ctx.timeZone} />
      <PostForm action={`${base}/notes`} csrf={p.ctx.csrf} label="Record a note">
        <TextArea
          name="body"
          label="Your note"
          required
          rows={4}
          maxLength={10000}
          value={p.values?.body}
          error={p.errors?.body}
          hint="Seen by ethics staff and the members assigned to this case."
        />
        <button type="submit">Record the note</button>
      </PostForm>
      <Timeline events={p.timeline} zone={p.ctx.timeZone} />
    </Layout>
  );
}
