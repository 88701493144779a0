// Pages of the review: staff's cycles (with the form to open one and the reinstatement requests),
// a cycle's applications and panel, and one application with the reviewer's decision form —
// shown to staff (as the staff reviewer) and to the cycle's panel members (as the panel member).
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, ErrorSummary, Field, PostForm, RadioGroup, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { Application, Cycle } from './queries.js';
import type { Reviewer } from './review.js';
import { COMPETENCIES, eligibility, yearsText } from './rules.js';
import { STATUS_TEXT } from './views.js';

const DECISION_TEXT = { award: 'Award', decline: 'Decline' } as const;
const decisionText = (d: 'award' | 'decline' | null, who: string | null, reasons: string) => (d ? `${DECISION_TEXT[d]} (${who ?? 'unknown'}): ${reasons}` : 'Not recorded yet');

export function StaffHomePage(p: {
  ctx: PageContext;
  cycles: Cycle[];
  requests: Array<{ userId: string; name: string; lapsedYear: number; requestedOn: string }>;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const v = p.values ?? {};
  return (
    <Layout ctx={p.ctx} title="Credentialing">
      <h1>Credentialing</h1>
      <p class="lead">
        Applications are reviewed in cycles: each submitted application goes to the cycle whose cut-off is next (when none is ahead, the quarter’s own cycle opens by itself). A
        staff reviewer and a member of the cycle’s panel each record a decision.
      </p>
      <SimpleTable
        caption="Review cycles, latest cut-off first"
        rows={p.cycles}
        rowKey={(c) => c.id}
        empty="No cycles yet."
        columns={[
          { label: 'Cycle', cell: (c) => <a href={`/staff/credential/cycles/${c.id}`}>{c.name}</a> },
          { label: 'Cut-off', cell: (c) => formatDay(c.cutoffOn) },
          { label: 'Applications', cell: (c) => String(c.applications) },
          { label: 'In review', cell: (c) => String(c.undecided) },
          { label: 'Panel', cell: (c) => c.panel.map((m) => m.name).join(', ') || 'None yet' },
        ]}
      />
      <h2>Open a cycle</h2>
      <ErrorSummary errors={p.errors} labels={{ name: 'Name', cutoff_on: 'Cut-off day', panel: 'Panel' }} />
      <PostForm action="/staff/credential/cycles" csrf={p.ctx.csrf} label="Open a cycle">
        <Field name="name" label="Name" hint="For example 2027 Q1" required maxLength={100} value={v.name} error={p.errors?.name} />
        <Field name="cutoff_on" type="date" label="Cut-off day" required value={v.cutoff_on} error={p.errors?.cutoff_on} />
        <TextArea name="panel" label="Panel" hint="The email addresses of the panel’s members, one per line" rows={3} value={v.panel} error={p.errors?.panel} />
        <button type="submit">Open the cycle</button>
      </PostForm>
      <h2>Reinstatement requests</h2>
      <SimpleTable
        caption="Lapsed credentials whose holders ask for reinstatement"
        rows={p.requests}
        rowKey={(r) => r.userId}
        empty="No requests."
        columns={[
          { label: 'Member', cell: (r) => r.name },
          { label: 'Lapsed year', cell: (r) => String(r.lapsedYear) },
          { label: 'Asked on', cell: (r) => formatDay(r.requestedOn) },
          {
            label: 'Action',
            cell: (r) => (
              <PostForm action={`/staff/credential/reinstatements/${r.userId}`} csrf={p.ctx.csrf} label={`Reinstate ${r.name}`}>
                <button type="submit">Reinstate {r.name}</button>
              </PostForm>
            ),
          },
        ]}
      />
    </Layout>
  );
}

export function CyclePage(p: {
  ctx: PageContext;
  cycle: Cycle;
  applications: Application[];
  base: string;
  panelOnly: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const c = p.cycle;
  return (
    <Layout ctx={p.ctx} title={`Cycle ${c.name}`}>
      <h1>Cycle {c.name}</h1>
      <SummaryList
        rows={[
          ['Cut-off', formatDay(c.cutoffOn)],
          ['Panel', c.panel.map((m) => m.name).join(', ') || 'None yet'],
        ]}
      />
      {p.panelOnly ? (
        <p>
          {c.panelWaiting > 0
            ? 'Open each application whose panel member column says “Pending”, read it and record the panel’s decision with your reasons.'
            : 'Every application of this cycle has the panel’s decision: there is nothing to do.'}
        </p>
      ) : null}
      <SimpleTable
        caption="Applications in this cycle"
        rows={p.applications}
        rowKey={(a) => a.id}
        empty="No applications in this cycle."
        columns={[
          { label: 'Applicant', cell: (a) => <a href={`${p.base}/applications/${a.id}`}>{a.applicant}</a> },
          { label: 'Submitted', cell: (a) => formatDay(a.submittedOn) },
          { label: 'Senior management', cell: (a) => yearsText(a.monthsSenior) },
          { label: 'Fee', cell: (a) => (a.feePaidOn ? 'Paid' : 'Not paid') },
          { label: 'Staff reviewer', cell: (a) => (a.staffDecision ? DECISION_TEXT[a.staffDecision] : 'Pending') },
          { label: 'Panel member', cell: (a) => (a.panelDecision ? DECISION_TEXT[a.panelDecision] : 'Pending') },
          { label: 'Status', cell: (a) => STATUS_TEXT[a.status] },
        ]}
      />
      {p.panelOnly ? null : (
        <>
          <h2>The panel</h2>
          <ErrorSummary errors={p.errors} labels={{ panel: 'Panel' }} />
          <PostForm action={`/staff/credential/cycles/${c.id}/panel`} csrf={p.ctx.csrf} label="The panel">
            <TextArea
              name="panel"
              label="Panel"
              hint="The email addresses of the panel’s members, one per line"
              rows={3}
              value={p.values?.panel ?? c.panel.map((m) => m.email).join('\n')}
              error={p.errors?.panel}
            />
            <button type="submit">Save the panel</button>
          </PostForm>
        </>
      )}
      <BackLink href={p.panelOnly ? '/credential/panel' : '/staff/credential'}>{p.panelOnly ? 'Your review panels' : 'Credentialing'}</BackLink>
    </Layout>
  );
}

export function ApplicationPage(p: {
  ctx: PageContext;
  application: Application;
  as: Reviewer;
  action: string;
  back: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
  refused?: string;
}) {
  const a = p.application;
  const mine = p.as === 'staff' ? a.staffDecision : a.panelDecision;
  const e = eligibility(a.monthsSenior, !!a.degree);
  return (
    <Layout ctx={p.ctx} title={`Application of ${a.applicant}`}>
      <h1>Application of {a.applicant}</h1>
      <SummaryList
        rows={[
          ['Status', STATUS_TEXT[a.status]],
          ['Cycle', a.cycleName && a.cutoffOn ? `${a.cycleName} (cut-off ${formatDay(a.cutoffOn)})` : ''],
          ['Submitted on', formatDay(a.submittedOn)],
          ['Senior management', `${yearsText(a.monthsSenior)} (${e.neededYears} years needed ${a.degree ? 'with a degree' : 'without a degree'})`],
          ['Education', a.degree ? `${a.degree}, ${a.institution}, ${a.degreeYear ?? ''}` : 'No degree'],
          ['Application fee', a.feePaidOn ? `Paid on ${formatDay(a.feePaidOn)}` : `${formatCents(a.feeCents)}, not paid yet`],
          ['Staff reviewer', decisionText(a.staffDecision, a.staffReviewer, a.staffReasons)],
          ['Panel member', decisionText(a.panelDecision, a.panelReviewer, a.panelReasons)],
        ]}
      />
      <SimpleTable
        caption="Positions"
        rows={a.positions}
        rowKey={(x) => `${x.title}-${x.from}`}
        empty="None."
        columns={[
          { label: 'Title', cell: (x) => x.title },
          { label: 'Local government', cell: (x) => x.organization },
          { label: 'From', cell: (x) => x.from },
          { label: 'To', cell: (x) => x.to || 'Now' },
        ]}
      />
      <SimpleTable
        caption="References"
        rows={a.referees}
        rowKey={(r) => r.email}
        empty="None."
        columns={[
          { label: 'Name', cell: (r) => r.name },
          { label: 'Email', cell: (r) => r.email },
          { label: 'Relationship', cell: (r) => r.relationship },
        ]}
      />
      <h2>Self-assessment</h2>
      <SummaryList rows={COMPETENCIES.map((c) => [c.label, a.selfAssessment[c.key] ?? ''] as const)} />
      {a.status === 'submitted' && !mine ? (
        <>
          <h2>Your decision as the {p.as === 'staff' ? 'staff reviewer' : 'panel member'}</h2>
          {p.refused ? <ErrorSummary title="This could not be done" message={p.refused} /> : null}
          <ErrorSummary errors={p.errors} labels={{ decision: 'Decision', reasons: 'Reasons' }} />
          <PostForm action={p.action} csrf={p.ctx.csrf} label="Decision">
            <RadioGroup
              name="decision"
              legend="Decision"
              value={p.values?.decision}
              error={p.errors?.decision}
              options={[
                { value: 'award', label: 'Award the credential' },
                { value: 'decline', label: 'Decline' },
              ]}
            />
            <TextArea name="reasons" label="Reasons" required rows={4} maxLength={2000} value={p.values?.reasons} error={p.errors?.reasons} />
            <button type="submit">Record the decision</button>
          </PostForm>
        </>
      ) : null}
      <BackLink href={p.back}>Back to the cycle</BackLink>
    </Layout>
  );
}

export function PanelHomePage(p: { ctx: PageContext; cycles: Cycle[] }) {
  const waiting = p.cycles.reduce((n, c) => n + c.panelWaiting, 0);
  const first = p.cycles.filter((c) => c.panelWaiting > 0).at(-1);
  return (
    <Layout ctx={p.ctx} title="Your review panels">
      <h1>Your review panels</h1>
      {p.cycles.length === 0 ? (
        <p class="lead">You are on no review panel. Membership staff name the panel of each quarterly cycle; they will tell you when you are on one.</p>
      ) : (
        <>
          <p class="lead">
            Each application is decided by a membership staff reviewer and by one member of its cycle’s panel. Open a cycle, read each application waiting for the panel, and record
            your decision: award or decline, with your reasons. The credential is awarded when both award; the applicant is emailed the outcome.
          </p>
          {waiting > 0 && first ? (
            <p>
              <strong>{waiting === 1 ? '1 application waits' : `${waiting} applications wait`} for the panel’s decision.</strong>{' '}
              <a href={`/credential/panel/cycles/${first.id}`}>Start with cycle {first.name}</a>
            </p>
          ) : (
            <p>No application waits for the panel’s decision now: there is nothing to do. Applications join a cycle until its cut-off day.</p>
          )}
        </>
      )}
      <SimpleTable
        caption="Cycles whose panel you are on"
        rows={p.cycles}
        rowKey={(c) => c.id}
        empty="You are on no review panel."
        columns={[
          { label: 'Cycle', cell: (c) => <a href={`/credential/panel/cycles/${c.id}`}>{c.name}</a> },
          { label: 'Cut-off', cell: (c) => formatDay(c.cutoffOn) },
          { label: 'Waiting for the panel', cell: (c) => String(c.panelWaiting) },
          { label: 'In review', cell: (c) => String(c.undecided) },
        ]}
      />
    </Layout>
  );
}
