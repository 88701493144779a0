// Public pages of cohorts and delegations: the listing, one call (how to apply, whether it is
// open; a published delegation's members), and the application form or why one cannot apply.
// No score, reason, answer, meeting or file appears on these pages.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, PostForm, RadioGroup, Select, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import type { CallState, Cohort, Member, Question } from './queries.js';
import { publicPath, questionField } from './service.js';

export const KIND_LABELS: Record<Cohort['kind'], string> = {
  cohort: 'Peer-learning cohort',
  leadership_cohort: 'Leadership cohort for elected officials',
  delegation: 'Delegation to an international event',
};

export const CALL_TEXT: Record<CallState, string> = { upcoming: 'Opens soon', open: 'Open for applications', closed: 'Closed' };
const seatText = (x: { organizationName: string; title: string }) => `${x.title ? `${x.title}, ` : ''}${x.organizationName}`;

export const STATUS_TEXT = { submitted: 'Received, waiting for a decision', selected: 'Selected', declined: 'Not selected' } as const;

const callLine = (c: Cohort, state: CallState) =>
  state === 'upcoming'
    ? `Applications open on ${formatDay(c.opensOn)}.`
    : state === 'open'
      ? `Applications close on ${formatDay(c.closesOn)}.`
      : `Applications closed on ${formatDay(c.closesOn)}.`;

export function CohortsPage(p: { ctx: PageContext; cohorts: Array<Cohort & { call: CallState }>; delegations: boolean }) {
  const title = p.delegations ? 'Delegations' : 'Cohorts';
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">
        {p.delegations
          ? 'Elected officials of member organizations in good standing can apply to represent the network at international events. Programs staff select the delegation and publish it here.'
          : 'Peer-learning cohorts bring local government people together for a series of meetings. Leadership cohorts are for elected officials of member organizations. Apply while a call is open; programs staff review every application and email you their decision.'}
      </p>
      <SimpleTable
        caption={p.delegations ? 'Delegation calls, latest first' : 'Cohorts, latest first'}
        rows={p.cohorts}
        rowKey={(c) => c.id}
        empty={p.delegations ? 'No delegation calls yet.' : 'No cohorts yet.'}
        columns={[
          { label: 'Title', cell: (c) => <a href={publicPath(c)}>{c.title}</a> },
          { label: 'Kind', cell: (c) => KIND_LABELS[c.kind] },
          { label: 'Call', cell: (c) => CALL_TEXT[c.call] },
          { label: 'Closes', cell: (c) => formatDay(c.closesOn) },
        ]}
      />
      {p.delegations ? <BackLink href="/cohorts">Cohorts</BackLink> : <BackLink href="/delegations">Delegations to international events</BackLink>}
    </Layout>
  );
}

export function CohortPage(p: {
  ctx: PageContext;
  cohort: Cohort;
  call: CallState;
  questions: Question[];
  own: { status: keyof typeof STATUS_TEXT } | null;
  delegation: Member[] | null;
  spaceOpen: boolean;
}) {
  const c = p.cohort;
  const base = publicPath(c);
  return (
    <Layout ctx={p.ctx} title={c.title}>
      <h1>{c.title}</h1>
      {c.description ? <p class="lead">{c.description}</p> : null}
      <SummaryList
        rows={[
          ['Kind', KIND_LABELS[c.kind]],
          ['Event', c.eventName],
          ['Pathway', c.pathwayName],
          ['Call', `${CALL_TEXT[p.call]}. ${callLine(c, p.call)}`],
          ['Places', c.capacity === null ? '' : String(c.capacity)],
          ['Who can apply', c.kind === 'cohort' ? 'Anyone with an account.' : 'Elected officials of member organizations in good standing.'],
        ]}
      />
      <h2>How to apply</h2>
      {p.own ? (
        <p class="notice">Your application: {STATUS_TEXT[p.own.status]}.</p>
      ) : p.call === 'open' ? (
        <>
          <p>
            Sign in, answer {p.questions.length === 1 ? 'one question' : `${p.questions.length} questions`}, and send the form. You get an email at once, and another with the
            decision after the call closes.
          </p>
          <p>
            <a class="button" href={`${base}/apply`}>
              Apply
            </a>
          </p>
        </>
      ) : (
        <p>{p.call === 'upcoming' ? `The call opens on ${formatDay(c.opensOn)}: come back then to apply.` : 'This call is closed: applications are no longer taken.'}</p>
      )}
      {p.spaceOpen ? (
        <p>
          <a href={`/cohorts/${c.slug}/space`}>Open the cohort’s space</a> (meetings, notes and files)
        </p>
      ) : null}
      {p.delegation ? (
        <SimpleTable
          caption="The selected delegation"
          rows={p.delegation}
          rowKey={(m) => `${m.name}-${m.organization}`}
          empty="No one is listed."
          columns={[
            { label: 'Name', cell: (m) => m.name },
            { label: 'Title', cell: (m) => m.title || '—' },
            { label: 'Organization', cell: (m) => m.organization ?? '—' },
          ]}
        />
      ) : null}
      <BackLink href={c.kind === 'delegation' ? '/delegations' : '/cohorts'}>{c.kind === 'delegation' ? 'All delegations' : 'All cohorts'}</BackLink>
    </Layout>
  );
}

export function ApplyPage(p: {
  ctx: PageContext;
  cohort: Cohort;
  questions: Question[];
  seats: Array<{ organizationId: string; organizationName: string; title: string }>;
  refused?: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const c = p.cohort;
  const base = publicPath(c);
  const title = `Apply: ${c.title}`;
  const labels = { seat: 'The seat you apply from', ...Object.fromEntries(p.questions.map((q) => [questionField(q), q.prompt])) };
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.refused ? (
        <>
          <div class="notice" role="status">
            <h2>You cannot apply to this call</h2>
            <p>{p.refused}</p>
          </div>
          <BackLink href={base}>Back to the call</BackLink>
        </>
      ) : (
        <>
          <p class="lead">
            Applications close on {formatDay(c.closesOn)}. Programs staff review every application and email you their decision.
            {p.seats.length === 1 && p.seats[0] ? ` You apply as ${seatText(p.seats[0])}.` : ''}
          </p>
          <ErrorSummary errors={p.errors} labels={labels} />
          <PostForm action={`${base}/apply`} csrf={p.ctx.csrf} label="Application">
            {p.seats.length > 1 ? (
              <Select
                name="seat"
                label="The seat you apply from"
                required
                options={p.seats.map((x) => ({ value: x.organizationId, label: seatText(x) }))}
                value={p.values?.seat}
                error={p.errors?.seat}
              />
            ) : null}
            {p.questions.map((q) => {
              const name = questionField(q);
              const v = p.values?.[name];
              const err = p.errors?.[name];
              if (q.kind === 'yes_no')
                return (
                  <RadioGroup
                    key={q.id}
                    name={name}
                    legend={q.required ? q.prompt : `${q.prompt} (optional)`}
                    value={v}
                    error={err}
                    options={[
                      { value: 'yes', label: 'Yes' },
                      { value: 'no', label: 'No' },
                    ]}
                  />
                );
              if (q.kind === 'long_text') return <TextArea key={q.id} name={name} label={q.prompt} required={q.required} rows={6} maxLength={5000} value={v} error={err} />;
              return <Field key={q.id} name={name} label={q.prompt} required={q.required} maxLength={300} value={v} error={err} />;
            })}
            <button type="submit">Send the application</button>
          </PostForm>
          <BackLink href={base}>Back to the call</BackLink>
        </>
      )}
    </Layout>
  );
}
