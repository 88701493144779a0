// The member's pages: the credential's status (/credential), the application form or why one
// cannot apply (/credential/apply), and the public check (/credential/verify).
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay } from '../../lib/format.js';
import { formatCents } from '../../lib/money.js';
import { BackLink, ErrorSummary, Field, FilterInput, PostForm, SimpleTable, SummaryList, TextArea } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { NOT_A_MEMBER } from './apply.js';
import type { Application, Credential } from './queries.js';
import {
  APPLICATION_FEE_CENTS,
  COMPETENCIES,
  GOAL_MINUTES,
  hours,
  MIN_REFERENCES,
  POSITION_ROWS,
  REFERENCE_ROWS,
  reinstatementEndsOn,
  YEARS_WITH_DEGREE,
  YEARS_WITHOUT_DEGREE,
  yearsText,
} from './rules.js';

export const STATUS_TEXT: Record<Application['status'], string> = {
  draft: 'Draft, not submitted',
  submitted: 'Submitted, in review',
  awarded: 'Awarded',
  declined: 'Declined',
};
export const CREDENTIAL_TEXT: Record<Credential['status'], string> = { current: 'Current', lapsed: 'Lapsed', revoked: 'Revoked' };

export function CredentialPage(p: { ctx: PageContext; credential: Credential | null; application: Application | null; whyNot: string | null; thisYearMinutes: number }) {
  const c = p.credential;
  const a = p.application;
  return (
    <Layout ctx={p.ctx} title="Your credential">
      <h1>Your credential</h1>
      <p class="lead">
        The Voluntary Credentialing Program recognizes professional local government managers and promotes lifelong learning. Credentialed managers log 40 hours of professional
        development each year.
      </p>
      {c ? (
        <>
          <h2>The credential</h2>
          <SummaryList
            rows={[
              ['Status', CREDENTIAL_TEXT[c.status]],
              ['Awarded on', formatDay(c.awardedOn)],
              ['This year’s PD', c.status === 'current' ? `${hours(p.thisYearMinutes)} of ${hours(GOAL_MINUTES)} hours` : ''],
              ['Lapsed', c.lapsedYear && c.lapsedOn ? `On ${formatDay(c.lapsedOn)}: the ${c.lapsedYear} log was under 40 hours` : ''],
              [
                'Reinstatement',
                c.lapsedOn
                  ? c.reinstatementRequestedOn
                    ? `Asked for on ${formatDay(c.reinstatementRequestedOn)}`
                    : `Possible until ${formatDay(reinstatementEndsOn(c.lapsedOn))}`
                  : '',
              ],
              ['Revoked on', c.revokedOn ? formatDay(c.revokedOn) : ''],
            ]}
          />
          {c.status !== 'revoked' ? (
            <p>
              <a href="/credential/log">Open your PD log</a>
            </p>
          ) : null}
        </>
      ) : null}
      {a ? (
        <>
          <h2>Your application</h2>
          <SummaryList
            rows={[
              ['Status', STATUS_TEXT[a.status]],
              ['Review cycle', a.cycleName && a.cutoffOn ? `${a.cycleName} (cut-off ${formatDay(a.cutoffOn)})` : ''],
              ['Submitted on', a.submittedOn ? formatDay(a.submittedOn) : ''],
              ['Application fee', a.status === 'draft' ? '' : a.feePaidOn ? `Paid on ${formatDay(a.feePaidOn)}` : `${formatCents(a.feeCents)}, invoiced, not paid yet`],
            ]}
          />
          {a.status === 'draft' ? (
            <p>
              <a href="/credential/apply">Continue your application</a>
            </p>
          ) : null}
        </>
      ) : null}
      {!a || a.status === 'declined' ? (
        p.whyNot ? (
          c ? null : (
            <div class="notice" role="status">
              <h2>You cannot apply now</h2>
              <WhyNot text={p.whyNot} />
            </div>
          )
        ) : (
          <p>
            <a class="button" href="/credential/apply">
              Apply for the credential
            </a>
          </p>
        )
      ) : null}
      <BackLink href="/credential/verify">Check who holds the credential</BackLink>
    </Layout>
  );
}

/** Why one cannot apply, with the way to join when that is what is missing. */
function WhyNot(p: { text: string }) {
  return (
    <p>
      {p.text}
      {p.text === NOT_A_MEMBER ? (
        <>
          {' '}
          <a href="/join/individual">Join as a professional</a>
        </>
      ) : null}
    </p>
  );
}

export const applyLabels = (): Record<string, string> => {
  const l: Record<string, string> = { degree: 'Degree', institution: 'Institution', degree_year: 'Year of the degree' };
  for (let i = 1; i <= POSITION_ROWS; i++) {
    l[`p${i}_title`] = `Title of position ${i}`;
    l[`p${i}_organization`] = `Local government of position ${i}`;
    l[`p${i}_from`] = `Start of position ${i}`;
    l[`p${i}_to`] = `End of position ${i}`;
  }
  for (let i = 1; i <= REFERENCE_ROWS; i++) {
    l[`r${i}_name`] = `Name of reference ${i}`;
    l[`r${i}_email`] = `Email of reference ${i}`;
    l[`r${i}_relationship`] = `How reference ${i} knows your work`;
  }
  for (const c of COMPETENCIES) l[`sa_${c.key}`] = c.label;
  return l;
};

/** The form's values of a saved application. */
export function applicationValues(a: Pick<Application, 'degree' | 'institution' | 'degreeYear' | 'positions' | 'referees' | 'selfAssessment'>): Record<string, string> {
  const v: Record<string, string> = { degree: a.degree, institution: a.institution, degree_year: a.degreeYear ? String(a.degreeYear) : '' };
  a.positions.forEach((p, i) => {
    v[`p${i + 1}_title`] = p.title;
    v[`p${i + 1}_organization`] = p.organization;
    v[`p${i + 1}_from`] = p.from;
    v[`p${i + 1}_to`] = p.to;
  });
  a.referees.forEach((r, i) => {
    v[`r${i + 1}_name`] = r.name;
    v[`r${i + 1}_email`] = r.email;
    v[`r${i + 1}_relationship`] = r.relationship;
  });
  for (const c of COMPETENCIES) v[`sa_${c.key}`] = a.selfAssessment[c.key] ?? '';
  return v;
}

/** A draft may be saved with anything; these fields are needed to submit it. */
const SUBMIT = 'you submit';

export function ApplyPage(p: {
  ctx: PageContext;
  refused?: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
  months: number;
  hasDegree: boolean;
  /** the positions were filled in from the profile's (no draft yet): the page says so */
  fromProfile?: boolean;
}) {
  const v = p.values ?? {};
  const e = p.errors ?? {};
  const labels = applyLabels();
  const needed = p.hasDegree ? YEARS_WITH_DEGREE : YEARS_WITHOUT_DEGREE;
  return (
    <Layout ctx={p.ctx} title="Apply for the credential">
      <h1>Apply for the credential</h1>
      {p.refused ? (
        <>
          <div class="notice" role="status">
            <h2>You cannot apply now</h2>
            <WhyNot text={p.refused} />
          </div>
          <BackLink href="/credential">Your credential</BackLink>
        </>
      ) : (
        <>
          <p class="lead">
            The credential asks for {YEARS_WITH_DEGREE} years in senior local-government management with a degree, or {YEARS_WITHOUT_DEGREE} years without one; {MIN_REFERENCES}{' '}
            references; and a self-assessment. The application fee of {formatCents(APPLICATION_FEE_CENTS)} is invoiced when you submit, and the credential is awarded once it is
            paid. Applications are reviewed in quarterly cycles: yours goes to the cycle whose cut-off is next. You can save a draft with any part filled in; the fields marked
            “needed when you submit” must be filled in to submit it.
          </p>
          <p class="notice" role="status">
            Your positions so far add up to <strong>{yearsText(p.months)}</strong> of senior management; {needed} years are needed{' '}
            {p.hasDegree ? 'with a degree' : 'without a degree'}. Save the draft to count them again.
          </p>
          <ErrorSummary errors={p.errors} labels={labels} />
          <PostForm action="/credential/apply" csrf={p.ctx.csrf} label="Credential application">
            <h2>Education</h2>
            <p>Leave these empty if you have no degree.</p>
            <Field name="degree" label="Degree" hint="For example: Master of Public Administration" maxLength={200} value={v.degree} error={e.degree} />
            <Field name="institution" label="Institution" neededWhen="you give a degree" maxLength={200} value={v.institution} error={e.institution} />
            <Field name="degree_year" label="Year of the degree" neededWhen="you give a degree" inputMode="numeric" maxLength={4} value={v.degree_year} error={e.degree_year} />
            <h2>Positions in senior local-government management</h2>
            <p>
              List the positions that count: chief administrative officer, city or county manager, assistant manager, department director. Months held in two positions count once.
            </p>
            {p.fromProfile ? (
              <p id="positions-from-profile">
                We filled in the positions listed on your profile. Your profile gives years only, so each runs from January of its first year to December of its last (or to now):
                correct the months, and empty any position that is not senior management, then save the draft to count them again.
              </p>
            ) : null}
            {Array.from({ length: POSITION_ROWS }, (_, k) => {
              const i = k + 1;
              // The first position is needed to submit; the others only when they are filled in.
              const needed = i === 1 ? SUBMIT : undefined;
              return (
                <fieldset key={i}>
                  <legend>Position {i}</legend>
                  <Field name={`p${i}_title`} label={labels[`p${i}_title`] ?? ''} neededWhen={needed} maxLength={200} value={v[`p${i}_title`]} error={e[`p${i}_title`]} />
                  <Field
                    name={`p${i}_organization`}
                    label={labels[`p${i}_organization`] ?? ''}
                    neededWhen={needed}
                    maxLength={200}
                    value={v[`p${i}_organization`]}
                    error={e[`p${i}_organization`]}
                  />
                  <Field
                    name={`p${i}_from`}
                    label={labels[`p${i}_from`] ?? ''}
                    neededWhen={needed}
                    hint="Month, as YYYY-MM"
                    maxLength={7}
                    value={v[`p${i}_from`]}
                    error={e[`p${i}_from`]}
                  />
                  <Field
                    name={`p${i}_to`}
                    label={labels[`p${i}_to`] ?? ''}
                    hint="Month, as YYYY-MM; empty if you hold it now"
                    maxLength={7}
                    value={v[`p${i}_to`]}
                    error={e[`p${i}_to`]}
                  />
                </fieldset>
              );
            })}
            <h2>References</h2>
            <p>At least {MIN_REFERENCES} people who know your work as a manager: an elected official, a peer, a former supervisor.</p>
            {Array.from({ length: REFERENCE_ROWS }, (_, k) => {
              const i = k + 1;
              const needed = i <= MIN_REFERENCES ? SUBMIT : undefined;
              return (
                <fieldset key={i}>
                  <legend>Reference {i}</legend>
                  <Field name={`r${i}_name`} label={labels[`r${i}_name`] ?? ''} neededWhen={needed} maxLength={200} value={v[`r${i}_name`]} error={e[`r${i}_name`]} />
                  <Field
                    name={`r${i}_email`}
                    type="email"
                    label={labels[`r${i}_email`] ?? ''}
                    neededWhen={needed}
                    maxLength={254}
                    value={v[`r${i}_email`]}
                    error={e[`r${i}_email`]}
                  />
                  <Field
                    name={`r${i}_relationship`}
                    label={labels[`r${i}_relationship`] ?? ''}
                    neededWhen={needed}
                    maxLength={200}
                    value={v[`r${i}_relationship`]}
                    error={e[`r${i}_relationship`]}
                  />
                </fieldset>
              );
            })}
            <h2>Self-assessment</h2>
            <p>For each competency area, describe your experience in a few sentences.</p>
            {COMPETENCIES.map((c) => (
              <TextArea key={c.key} name={`sa_${c.key}`} label={c.label} neededWhen={SUBMIT} rows={4} maxLength={3000} value={v[`sa_${c.key}`]} error={e[`sa_${c.key}`]} />
            ))}
            <div class="button-row">
              <button type="submit" name="action" value="save" class="button-secondary">
                Save the draft
              </button>{' '}
              <button type="submit" name="action" value="submit">
                Submit the application
              </button>
            </div>
          </PostForm>
          <BackLink href="/credential">Your credential</BackLink>
        </>
      )}
    </Layout>
  );
}

export function VerifyPage(p: { ctx: PageContext; name: string; error?: string; results: Array<{ name: string; awardYear: number }> | null }) {
  return (
    <Layout ctx={p.ctx} title="Check a credential">
      <h1>Check a credential</h1>
      <p class="lead">Find out whether a local government manager currently holds the credential. Only current holders are listed, with the year they were awarded it.</p>
      <form method="get" action="/credential/verify" aria-label="Check a credential" class="filters">
        <FilterInput name="name" label="Name" type="search" value={p.name} error={p.error} />
        <button type="submit">Check</button>
      </form>
      {p.results ? (
        <SimpleTable
          caption={`Current holders named like “${p.name}”`}
          rows={p.results}
          rowKey={(r) => `${r.name}-${r.awardYear}`}
          empty="No current holder of the credential has that name."
          columns={[
            { label: 'Name', cell: (r) => r.name },
            { label: 'Credential', cell: () => 'Current' },
            { label: 'Awarded in', cell: (r) => String(r.awardYear) },
          ]}
        />
      ) : null}
    </Layout>
  );
}
