// The public pages of the job center: the search (keyword, state, salary minimum, type, posted
// within; saving the search for a daily email alert) and a posting's page with its JSON-LD.
import { render } from 'preact-render-to-string';
import { EMPLOYMENT_TYPES } from '../../db/types.js';
import type { FieldErrors } from '../../lib/errors.js';
import { formatDay, formatZonedDay } from '../../lib/format.js';
import { US_STATES } from '../../lib/us-states.js';
import { ErrorSummary, FilterInput, FilterSelect, PageLinks, PostForm, SummaryList } from '../../web/components.js';
import type { PageContext } from '../../web/context.js';
import { Layout } from '../../web/layout.js';
import { RenderedMarkdown, renderMarkdown } from '../publishing/index.js';
import { criteriaQuery, describeCriteria, WITHIN_DAYS } from './criteria.js';
import { placeOf, summaryOf } from './format.js';
import { type ListedJob, PAGE_SIZE, type PostingDetail, type SearchCriteria } from './queries.js';
import { canReopen, STATUS_LABELS, salaryText, TYPE_LABELS } from './shared.js';

const STATE_OPTIONS = US_STATES.map(([value, label]) => ({ value, label }));
const TYPE_OPTIONS = EMPLOYMENT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }));
const WITHIN_OPTIONS = WITHIN_DAYS.map((d) => ({ value: String(d), label: d === 1 ? 'The last day' : `The last ${d} days` }));

/** The search's results as list items: the same for every visitor of one search and time zone, so
 * the page keeps them with the search (a summary of each description and its date cost most of the
 * page's rendering, bench/jobs.ts). */
export function renderResultItems(jobs: ListedJob[], timeZone: string): string {
  return jobs
    .map((j) =>
      render(
        <li key={j.id}>
          <h3>
            <a href={`/jobs/${j.id}`}>{j.title}</a>
          </h3>
          <p>
            {j.employer_name} · {placeOf(j)} · {TYPE_LABELS[j.employment_type]} · {salaryText(j.salary_min, j.salary_max)}
          </p>
          <p>{summaryOf(j.excerpt)}</p>
          <p class="hint">Posted {j.published_at ? formatZonedDay(j.published_at, timeZone) : ''}</p>
        </li>,
      ),
    )
    .join('');
}

export function JobsPage(p: {
  ctx: PageContext;
  criteria: SearchCriteria;
  values: Record<string, string>;
  errors: FieldErrors;
  jobs: ListedJob[];
  /** renderResultItems of these jobs in the context's time zone, when kept */
  itemsHtml?: string;
  total: number;
  page: number;
}) {
  const pages = Math.max(1, Math.ceil(p.total / PAGE_SIZE));
  const query = criteriaQuery(p.criteria);
  const v = p.values;
  const failed = Object.keys(p.errors).length > 0;
  return (
    <Layout ctx={p.ctx} title="Job center">
      <h1>Job center</h1>
      <p class="lead">Jobs in local government, posted by employers and checked by our staff. Members in transition: start here.</p>
      <p>
        <a href="/jobs/new">Post a job</a>
        {p.ctx.principal ? (
          <>
            {' · '}
            <a href="/jobs/mine">Your postings and saved searches</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={p.errors} labels={{ q: 'Keywords', state: 'State', salaryMin: 'Salary at least', type: 'Type', within: 'Posted within', page: 'Page' }} />
      <form method="get" action="/jobs" aria-label="Search jobs" class="filters">
        <FilterInput name="q" label="Keywords" type="search" value={v.q} error={p.errors.q} />
        <FilterSelect name="state" label="State" value={v.state} options={STATE_OPTIONS} error={p.errors.state} />
        <FilterInput name="salaryMin" label="Salary at least (dollars a year)" value={v.salaryMin} error={p.errors.salaryMin} />
        <FilterSelect name="type" label="Type" value={v.type} options={TYPE_OPTIONS} error={p.errors.type} />
        <FilterSelect name="within" label="Posted within" value={v.within} options={WITHIN_OPTIONS} error={p.errors.within} />
        <button type="submit">Search</button>
      </form>
      <h2 id="results">{p.total === 1 ? '1 job' : `${p.total.toLocaleString('en-US')} jobs`}</h2>
      {failed ? (
        <p>Fix the search above to see the jobs.</p>
      ) : p.jobs.length === 0 ? (
        <p>No open job matches this search. Save it below to be emailed when one is posted.</p>
      ) : (
        // the items as rendered once for this search and kept with it (resultItemsHtml), else here
        <ol class="results" aria-labelledby="results" dangerouslySetInnerHTML={{ __html: p.itemsHtml ?? renderResultItems(p.jobs, p.ctx.timeZone) }} />
      )}
      <PageLinks label="Pages of jobs" page={p.page} pages={pages} href={(n) => `/jobs?${query}${query ? '&' : ''}page=${n}`} />
      {failed ? null : (
        <section aria-labelledby="save-heading">
          <h2 id="save-heading">Get these jobs by email</h2>
          {p.ctx.principal ? (
            <PostForm action="/jobs/saved-searches" csrf={p.ctx.csrf} label="Save this search">
              {p.criteria.q ? <input type="hidden" name="q" value={p.criteria.q} /> : null}
              {p.criteria.state ? <input type="hidden" name="state" value={p.criteria.state} /> : null}
              {p.criteria.salaryMin ? <input type="hidden" name="salaryMin" value={String(p.criteria.salaryMin)} /> : null}
              {p.criteria.type ? <input type="hidden" name="type" value={p.criteria.type} /> : null}
              <p>Save “{describeCriteria(p.criteria)}” and we email you once a day when new jobs match it. Every email has a link to stop them.</p>
              <button type="submit" class="button-secondary">
                Save this search
              </button>
            </PostForm>
          ) : (
            <p>
              <a href={`/login?next=${encodeURIComponent(`/jobs?${query}`)}`}>Sign in</a> to save this search and get new matches by email once a day.
            </p>
          )}
        </section>
      )}
    </Layout>
  );
}

export function PostingPage(p: {
  ctx: PageContext;
  job: PostingDetail;
  live: boolean;
  jsonLd: string | null;
  owner: boolean;
  staff: boolean;
  now: Date;
  /** an action the employer took from this page changed nothing: why */
  refusal?: string;
}) {
  const j = p.job;
  const closedOn = j.status === 'closed' && j.closed_at ? formatZonedDay(j.closed_at, p.ctx.timeZone) : null;
  const listedUntil = j.expires_at ? formatZonedDay(new Date(j.expires_at.getTime() - 1), p.ctx.timeZone) : '';
  const why =
    j.status === 'published' ? 'this posting has expired' : j.status === 'rejected' && j.published_at ? 'our staff took this posting down' : STATUS_LABELS[j.status].toLowerCase();
  return (
    <Layout ctx={p.ctx} title={j.title}>
      <p>
        <a href="/jobs">All jobs</a>
      </p>
      <h1>{j.title}</h1>
      <ErrorSummary title="Nothing changed" message={p.refusal} />
      {closedOn ? (
        <p class="notice" role="note">
          This posting was closed by the employer on {closedOn}: the job no longer takes applications. {p.owner ? null : <a href="/jobs">Search the open jobs</a>}
        </p>
      ) : p.live ? null : (
        <p class="notice" role="note">
          Not in the job center: {why}.{j.status === 'rejected' && j.review_message ? ` The reason: ${j.review_message}` : ''} Only you and our staff see this page.
        </p>
      )}
      <SummaryList
        rows={[
          ['Employer', j.employer_name],
          ['Location', placeOf(j)],
          ['Type', TYPE_LABELS[j.employment_type]],
          ['Salary', `${salaryText(j.salary_min, j.salary_max)} a year`],
          ['Posted', j.published_at ? formatZonedDay(j.published_at, p.ctx.timeZone) : 'Not yet'],
          [
            'Applications close',
            closedOn
              ? `Closed on ${closedOn}`
              : j.closes_on
                ? formatDay(j.closes_on)
                : j.expires_at
                  ? `Open until filled (listed until ${formatZonedDay(new Date(j.expires_at.getTime() - 1), p.ctx.timeZone)})`
                  : 'Open until filled',
          ],
        ]}
      />
      <h2>About the job</h2>
      <RenderedMarkdown html={renderMarkdown(j.description)} />
      <h2>How to apply</h2>
      {closedOn ? (
        <p>Applications are closed.</p>
      ) : p.live ? (
        <p>
          <a class="button" href={`/jobs/${j.id}/apply`}>
            Apply {j.apply_email ? `by email (${j.apply_email})` : 'on the employer’s site'}
          </a>
        </p>
      ) : (
        <p>{j.apply_url ?? j.apply_email}</p>
      )}
      {p.owner ? (
        <p>
          Views: {j.views.toLocaleString('en-US')} · Apply clicks: {j.apply_clicks.toLocaleString('en-US')}
          {j.status === 'rejected' || j.status === 'closed' || j.status === 'withdrawn' ? null : (
            <>
              {' '}
              · <a href={`/jobs/${j.id}/edit`}>Edit the posting</a>
            </>
          )}
        </p>
      ) : null}
      {p.owner && p.live ? (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">Filled the job?</h2>
          <p>Close the posting: it leaves the job center at once and takes no more applications. You can reopen it until {listedUntil}.</p>
          <PostForm action={`/jobs/${j.id}/close`} csrf={p.ctx.csrf} label="Close this posting">
            <input type="hidden" name="back" value="posting" />
            <button type="submit" class="button-secondary">
              Close this posting
            </button>
          </PostForm>
        </section>
      ) : null}
      {p.owner && closedOn ? (
        canReopen(j, p.now) ? (
          <PostForm action={`/jobs/${j.id}/reopen`} csrf={p.ctx.csrf} label="Reopen this posting">
            <input type="hidden" name="back" value="posting" />
            <p>Closed it by mistake, or still hiring? Reopen it: it shows in the job center again until {listedUntil}.</p>
            <button type="submit" class="button-secondary">
              Reopen this posting
            </button>
          </PostForm>
        ) : (
          <p>
            Its listing period has ended, so it cannot be reopened. <a href="/jobs/new">Post the job again</a> to hire for it.
          </p>
        )
      ) : null}
      {p.staff ? (
        <p>
          <a href={`/staff/jobs/${j.id}`}>Moderate this posting</a> (staff)
        </p>
      ) : null}
      {p.jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: p.jsonLd }} /> : null}
    </Layout>
  );
}
