// The PD log page (/credential/log): each year's hours from events and self-reported activities
// against the 40-hour goal, the form to add an activity with its evidence, and the reinstatement
// request of a lapsed credential.
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { BackLink, ErrorSummary, Field, FileField, PostForm, SimpleTable } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { EVIDENCE_ACCEPT, EVIDENCE_TEXT } from './files.js';
import type { LogYear } from './log.js';
import type { Credential } from './queries.js';
import { GOAL_MINUTES, hours } from './rules.js';
import { CREDENTIAL_TEXT } from './views.js';

const LABELS = { title: 'Title of the activity', provider: 'Provider', done_on: 'Day of the activity', hours: 'Hours', evidence: 'Evidence' };

export function LogPage(p: {
  ctx: PageContext;
  credential: Credential | null;
  years: LogYear[];
  earliest: string;
  reinstatement: { possible: boolean; why: string | null };
  values?: Record<string, string>;
  errors?: FieldErrors;
  refused?: string;
}) {
  const c = p.credential;
  const v = p.values ?? {};
  const e = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title="Your PD log">
      <h1>Your PD log</h1>
      {!c || c.status === 'revoked' ? (
        <div class="notice" role="status">
          <h2>No log to keep</h2>
          <p>The professional-development log is kept by holders of the credential.</p>
          <p>
            <a href="/credential">Your credential</a>
          </p>
        </div>
      ) : (
        <>
          <p class="lead">
            Your credential is <strong>{CREDENTIAL_TEXT[c.status].toLowerCase()}</strong>. It asks for {hours(GOAL_MINUTES)} hours of professional development each calendar year
            after the year of the award. Hours from Civnet events you attend are logged for you; add other activities below, with evidence.
          </p>
          {p.refused ? <ErrorSummary title="This could not be done" message={p.refused} /> : null}
          {c.status === 'lapsed' ? (
            <section aria-labelledby="reinstate">
              <h2 id="reinstate">Reinstatement</h2>
              {c.reinstatementRequestedOn ? (
                <p>You asked for reinstatement on {formatDay(c.reinstatementRequestedOn)}. Staff will email you.</p>
              ) : p.reinstatement.possible ? (
                <PostForm action="/credential/reinstatement" csrf={p.ctx.csrf} label="Ask for reinstatement">
                  <p>Your {c.lapsedYear} log now has the 40 hours: you may ask staff to reinstate the credential.</p>
                  <button type="submit">Ask for reinstatement</button>
                </PostForm>
              ) : (
                <p>{p.reinstatement.why}</p>
              )}
            </section>
          ) : null}
          {p.years.map((y) => (
            <section key={y.year} aria-labelledby={`y${y.year}`}>
              <h2 id={`y${y.year}`}>{`${y.year}: ${hours(y.total)} of ${hours(GOAL_MINUTES)} hours`}</h2>
              <p>
                {y.total >= GOAL_MINUTES ? 'Goal met. ' : `${hours(GOAL_MINUTES - y.total)} hours to go. `}
                Events: {hours(y.eventMinutes)} hours; self-reported: {hours(y.selfMinutes)} hours.
                {y.counts ? '' : ' This year does not count toward the credential (it is the year of the award, or before it).'}
              </p>
              <SimpleTable
                caption={`Activities of ${y.year}`}
                rows={[
                  ...y.events.map((x) => ({
                    key: `e-${x.eventId}`,
                    title: x.title,
                    source: 'Civnet event',
                    day: x.earnedOn,
                    minutes: x.minutes,
                    file: null as null | { id: string; name: string },
                  })),
                  ...y.activities.map((a) => ({ key: `a-${a.id}`, title: a.title, source: a.provider, day: a.doneOn, minutes: a.minutes, file: { id: a.id, name: a.filename } })),
                ]}
                rowKey={(r) => r.key}
                empty="Nothing logged yet."
                columns={[
                  { label: 'Activity', cell: (r) => r.title },
                  { label: 'Provider', cell: (r) => r.source },
                  { label: 'Day', cell: (r) => formatDay(r.day) },
                  { label: 'Hours', cell: (r) => hours(r.minutes) },
                  { label: 'Evidence', cell: (r) => (r.file ? <a href={`/credential/log/files/${r.file.id}`}>{r.file.name}</a> : 'Attendance record') },
                ]}
              />
            </section>
          ))}
          <h2 id="add">Add an activity</h2>
          <ErrorSummary errors={p.errors} labels={LABELS} />
          <PostForm action="/credential/log" csrf={p.ctx.csrf} label="Add an activity" enctype="multipart/form-data">
            <Field name="title" label={LABELS.title} required maxLength={200} value={v.title} error={e.title} />
            <Field
              name="provider"
              label={LABELS.provider}
              hint="Who offered it: a university, a state association, a conference"
              required
              maxLength={200}
              value={v.provider}
              error={e.provider}
            />
            <Field name="done_on" type="date" label={LABELS.done_on} hint={`From ${formatDay(p.earliest)} to today`} required value={v.done_on} error={e.done_on} />
            <Field name="hours" label={LABELS.hours} hint="For example 1.5" inputMode="decimal" required value={v.hours} error={e.hours} />
            <FileField name="evidence" label={LABELS.evidence} hint={`Upload ${EVIDENCE_TEXT}.`} accept={EVIDENCE_ACCEPT} error={e.evidence} />
            <button type="submit">Add the activity</button>
          </PostForm>
        </>
      )}
      <BackLink href="/credential">Your credential</BackLink>
    </Layout>
  );
}
